"""One test per scenario validation rule; each test's docstring states the rule.

Each test breaks the small valid scenario in ``conftest.BASE`` in exactly one way and
checks that the loader reports that problem, at the right place, and nothing else.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

import yaml

from simulator.datafiles.located import LocatedProblem
from simulator.docpaths import format_path
from simulator.scenario_files import load_scenario_text
from tests.conftest import base, problems


def only_problem(data: Any) -> LocatedProblem:
    """The single problem reported for ``data``."""
    found = problems(data)
    assert len(found) == 1, "\n".join(str(p) for p in found)
    return found[0]


def assert_only(data: Any, code: str, path: str, *words: str) -> LocatedProblem:
    problem = only_problem(data)
    assert problem.code == code, str(problem)
    assert format_path(problem.path) == path, str(problem)
    for word in words:
        assert word in problem.message, str(problem)
    assert problem.file == "case.yaml"
    assert problem.mark.line >= 1
    return problem


def test_base_scenario_is_valid() -> None:
    """The fixture every other test breaks is itself valid."""
    assert problems(base()) == []


# --- shape of records -------------------------------------------------------------


def test_required_field_missing() -> None:
    """Every required field must be present (here: a term's name)."""
    data = base()
    del data["terms"][0]["name"]
    assert_only(data, "missing", "terms[0].name", "missing required field 'name'")


def test_unknown_field_suggests_the_right_one() -> None:
    """An unknown field is an error, and a near miss names the intended field."""
    data = base()
    data["actors"][0]["positions"]["deadline"]["prority"] = 2
    problem = assert_only(data, "extra_forbidden", "actors[0].positions.deadline.prority")
    assert "did you mean 'priority'" in problem.message


def test_identifier_pattern() -> None:
    """Identifiers are lower-case letters, digits, '_' or '-', starting with a letter."""
    data = base()
    data["actors"][1]["id"] = "People's Republic"
    data["actors"][0]["trust"] = {}
    assert_only(data, "string_pattern_mismatch", "actors[1].id", "not a valid identifier")


def test_term_kind_must_be_known() -> None:
    """A term's kind is 'options' or 'scale'."""
    data = base()
    data["terms"][0]["kind"] = "choice"
    assert_only(data, "union_tag_invalid", "terms[0]", "unknown kind 'choice'")


def test_options_term_needs_two_options() -> None:
    """An options term offers at least two options."""
    data = base()
    data["terms"][0]["options"] = [{"id": "none", "label": "No verification"}]
    data["actors"][0]["positions"].pop("verification")
    data["actors"][1]["positions"].pop("verification")
    assert_only(data, "too_short", "terms[0].options")


def test_priority_must_be_positive() -> None:
    """A position's priority weight is a positive number."""
    data = base()
    data["actors"][0]["positions"]["deadline"]["priority"] = 0
    assert_only(data, "greater_than", "actors[0].positions.deadline.priority", "out of range")


def test_voting_weight_not_negative() -> None:
    """A voting weight is zero (does not vote) or positive."""
    data = base()
    data["actors"][0]["voting_weight"] = -1
    assert_only(data, "greater_than_equal", "actors[0].voting_weight")


def test_reservation_is_a_share() -> None:
    """A reservation level (walk-away satisfaction) lies between 0 and 1."""
    data = base()
    data["actors"][1]["reservation"] = 1.5
    assert_only(data, "less_than_equal", "actors[1].reservation")


def test_trust_is_a_share() -> None:
    """Trust toward another actor lies between 0 and 1."""
    data = base()
    data["actors"][0]["trust"]["china"] = 2
    assert_only(data, "less_than_equal", "actors[0].trust.china")


def test_boolean_is_not_text() -> None:
    """An unquoted yes/no is a boolean in YAML, and is refused where text is expected."""
    data = base()
    data["terms"][0]["status_quo"] = True
    problem = assert_only(data, "string_type", "terms[0].status_quo")
    assert "quote it" in problem.message


def test_a_wrong_status_quo_beside_options_that_are_no_list_is_located() -> None:
    """A wrong status quo on a term whose options are not a list (here a boolean) is
    reported where it stands, with the options' own problem, and no option ids."""
    data = base()
    data["terms"][0]["options"] = True
    data["terms"][0]["status_quo"] = None
    found = {(p.code, format_path(p.path)) for p in problems(data)}
    assert ("string_type", "terms[0].status_quo") in found
    assert ("tuple_type", "terms[0].options") in found


def test_a_term_value_of_the_wrong_type_is_one_problem() -> None:
    """A term value may be text or a number; anything else is reported once, naming
    both, not once for each kind of value it is not."""
    data = base()
    data["actors"][0]["positions"]["deadline"]["ideal"] = True
    problem = assert_only(data, "string_type", "actors[0].positions.deadline.ideal")
    assert "expected text or a number, got true" in problem.message
    data["actors"][0]["positions"]["deadline"]["ideal"] = [2030]
    problem = assert_only(data, "string_type", "actors[0].positions.deadline.ideal")
    assert "expected text or a number, got a list" in problem.message


def test_red_line_has_exactly_one_bound() -> None:
    """A red line names exactly one of 'value', 'below' or 'above'."""
    data = base()
    data["actors"][0]["positions"]["verification"]["red_lines"][0]["above"] = "agency"
    assert_only(
        data, "value_error", "actors[0].positions.verification.red_lines[0]", "exactly one of"
    )


def test_condition_kind_must_be_known() -> None:
    """A conditional inject's condition names a known kind of condition."""
    data = base()
    data["injects"][0]["trigger"] = {"kind": "conditional", "when": {"kind": "moon_phase"}}
    assert_only(data, "union_tag_invalid", "injects[0].trigger.when", "moon_phase")


# --- cross-references ----------------------------------------------------------------


def test_duplicate_term_id() -> None:
    """Two terms may not share an id."""
    data = base()
    data["terms"][1]["id"] = "verification"
    data["actors"][0]["positions"].pop("deadline")
    data["actors"][1]["positions"].pop("deadline")
    data["injects"] = []
    assert_only(data, "duplicate-id", "terms[1].id", "duplicate term id 'verification'")


def test_duplicate_actor_id() -> None:
    """Two actors may not share an id."""
    data = base()
    data["actors"][2]["id"] = "usa"
    data["rules"]["moderator"] = None
    assert_only(data, "duplicate-id", "actors[2].id", "duplicate actor id 'usa'")


def test_duplicate_option_id() -> None:
    """Two options of one term may not share an id."""
    data = base()
    data["terms"][0]["options"].append({"id": "mutual", "label": "Again"})
    assert_only(data, "duplicate-id", "terms[0].options[3].id")


def test_duplicate_inject_id() -> None:
    """Two injects may not share an id."""
    data = base()
    data["injects"].append(copy.deepcopy(data["injects"][0]))
    assert_only(data, "duplicate-id", "injects[1].id")


def test_status_quo_is_an_option() -> None:
    """The status quo of an options term is one of its options."""
    data = base()
    data["terms"][0]["status_quo"] = "full"
    assert_only(data, "value-outside-term", "terms[0].status_quo", "not a value")


def test_status_quo_within_scale() -> None:
    """The status quo of a scale term lies within its bounds."""
    data = base()
    data["terms"][1]["status_quo"] = 2050
    assert_only(data, "value-outside-term", "terms[1].status_quo", "outside the scale")


def test_value_on_scale_steps() -> None:
    """A value of a scale term sits on its steps."""
    data = base()
    data["actors"][1]["positions"]["deadline"]["ideal"] = 2035.5
    assert_only(
        data, "value-outside-term", "actors[1].positions.deadline.ideal", "not on the steps"
    )


def test_scale_not_empty() -> None:
    """A scale's max is greater than its min."""
    data = base()
    data["terms"][1]["min"] = 2041
    assert_only(data, "empty-scale", "terms[1].max")


def test_step_divides_scale() -> None:
    """The step fits a whole number of times between min and max."""
    data = base()
    data["terms"][1]["step"] = 5
    assert_only(data, "uneven-step", "terms[1].step")


def test_labelled_point_on_scale() -> None:
    """A labelled point lies on the scale."""
    data = base()
    data["terms"][1]["points"][0]["value"] = 2100
    assert_only(data, "value-outside-term", "terms[1].points[0].value")


def test_position_on_unknown_term() -> None:
    """A position refers to a term of the scenario."""
    data = base()
    positions = data["actors"][0]["positions"]
    positions["verificaton"] = positions.pop("verification")
    problem = assert_only(
        data, "unknown-term", "actors[0].positions.verificaton", "did you mean 'verification'"
    )
    assert problem.mark.column > 1


def test_ideal_is_a_value_of_the_term() -> None:
    """A position's ideal is a value of its term."""
    data = base()
    data["actors"][0]["positions"]["verification"]["ideal"] = "inspections"
    data["actors"][0]["positions"]["verification"]["acceptable"] = None
    assert_only(data, "value-outside-term", "actors[0].positions.verification.ideal")


def test_number_for_options_term() -> None:
    """An options term takes option ids, not numbers."""
    data = base()
    data["actors"][1]["positions"]["verification"]["ideal"] = 2
    assert_only(data, "value-outside-term", "actors[1].positions.verification.ideal")


def test_opening_is_a_value_of_the_term() -> None:
    """A position's opening stance is a value of its term."""
    data = base()
    data["actors"][1]["positions"]["deadline"]["opening"] = 1999
    assert_only(data, "value-outside-term", "actors[1].positions.deadline.opening")


def test_acceptable_range_contains_ideal() -> None:
    """A position's acceptable range contains its ideal."""
    data = base()
    data["actors"][1]["positions"]["deadline"]["acceptable"] = [2036, 2040]
    assert_only(
        data,
        "ideal-outside-range",
        "actors[1].positions.deadline.acceptable",
        "does not contain the ideal",
    )


def test_acceptable_range_in_order() -> None:
    """A position's acceptable range is written [from, to] in the term's order."""
    data = base()
    data["actors"][1]["positions"]["deadline"]["acceptable"] = [2040, 2030]
    assert_only(data, "range-backwards", "actors[1].positions.deadline.acceptable")


def test_acceptable_range_has_two_ends() -> None:
    """A position's acceptable range has exactly two ends."""
    data = base()
    data["actors"][1]["positions"]["deadline"]["acceptable"] = [2030]
    found = problems(data)
    assert found
    assert all(
        format_path(p.path).startswith("actors[1].positions.deadline.acceptable") for p in found
    )


def test_red_line_value_in_term() -> None:
    """A red line's bound is a value of its term."""
    data = base()
    data["actors"][0]["positions"]["verification"]["red_lines"][0]["below"] = "treaty"
    assert_only(data, "value-outside-term", "actors[0].positions.verification.red_lines[0].below")


def test_ideal_not_behind_own_red_line() -> None:
    """An actor's ideal is not behind one of its own red lines."""
    data = base()
    data["actors"][0]["positions"]["verification"]["red_lines"][0] = {
        "above": "mutual",
        "reason": "no inspections",
    }
    assert_only(data, "ideal-behind-red-line", "actors[0].positions.verification.red_lines[0]")


def test_trust_toward_unknown_actor() -> None:
    """Trust is listed only toward actors of the scenario."""
    data = base()
    data["actors"][0]["trust"] = {"chna": 0.3}
    assert_only(data, "unknown-actor", "actors[0].trust.chna", "did you mean 'china'")


def test_trust_toward_self() -> None:
    """An actor lists no trust toward itself."""
    data = base()
    data["actors"][0]["trust"] = {"usa": 0.9}
    assert_only(data, "self-trust", "actors[0].trust.usa")


def test_speaking_order_names_actors() -> None:
    """The speaking order lists actors of the scenario."""
    data = base()
    data["rules"]["speaking_order"] = ["usa", "china", "russia"]
    assert_only(data, "unknown-actor", "rules.speaking_order[2]")


def test_speaking_order_lists_every_delegation() -> None:
    """A speaking order, when given, lists every state and stakeholder."""
    data = base()
    data["rules"]["speaking_order"] = ["usa"]
    assert_only(data, "missing-speaker", "rules.speaking_order", "'china' is missing")


def test_moderator_id_reserved() -> None:
    """The id 'moderator' is reserved for the chair; a delegation may not use it."""
    data = base()
    data["actors"][1]["id"] = "moderator"
    data["actors"][0]["trust"] = {}
    assert_only(data, "reserved-id", "actors[1].id")


def test_numbers_are_finite() -> None:
    """Numbers are finite: not-a-number and infinity are refused, even written as text."""
    for text in ("nan", "inf", ".inf", "-.inf"):
        data = base()
        data["terms"][1]["max"] = text
        found = problems(data)
        assert found, text
        assert format_path(found[0].path) == "terms[1].max"


def test_numbers_are_written_as_numbers() -> None:
    """A number written as quoted text, or a flag written as text, is refused."""
    data = base()
    data["terms"][1]["min"] = "2028"
    data["rules"]["decision"]["weighted"] = "yes"
    paths = {format_path(p.path) for p in problems(data)}
    assert paths == {"terms[1].min", "rules.decision.weighted"}


def test_step_fits_in_scale() -> None:
    """A scale has at least two values: its step is no larger than its span."""
    data = base()
    data["terms"][1]["step"] = 100
    assert_only(data, "uneven-step", "terms[1].step", "larger than the scale")


def test_speaking_order_once_each() -> None:
    """Each delegation appears once in the speaking order."""
    data = base()
    data["rules"]["speaking_order"] = ["usa", "china", "usa"]
    assert_only(data, "duplicate-speaker", "rules.speaking_order[2]")


def test_mediator_not_in_speaking_order() -> None:
    """The mediator acts outside the speaking order."""
    data = base()
    data["rules"]["speaking_order"] = ["usa", "china", "chen"]
    assert_only(data, "mediator-as-party", "rules.speaking_order[2]")


def test_moderator_exists() -> None:
    """The moderator is an actor of the scenario."""
    data = base()
    data["rules"]["moderator"] = "chan"
    assert_only(data, "unknown-actor", "rules.moderator", "did you mean 'chen'")


def test_moderator_is_a_mediator() -> None:
    """The moderator is an actor of kind 'mediator'."""
    data = base()
    data["rules"]["moderator"] = "usa"
    assert_only(data, "moderator-not-mediator", "rules.moderator")


def test_required_party_exists() -> None:
    """A required party is an actor of the scenario."""
    data = base()
    data["rules"]["decision"]["required_parties"] = ["usa", "russia"]
    assert_only(data, "unknown-actor", "rules.decision.required_parties[1]")


def test_required_party_votes() -> None:
    """A required party is a delegation that votes, not the mediator."""
    data = base()
    data["rules"]["decision"]["required_parties"] = ["chen"]
    assert_only(data, "mediator-as-party", "rules.decision.required_parties[0]")


def test_qualified_majority_needs_threshold() -> None:
    """A qualified majority states its threshold."""
    data = base()
    del data["rules"]["decision"]["threshold"]
    assert_only(data, "missing-threshold", "rules.decision.threshold")


def test_threshold_only_for_qualified_majority() -> None:
    """A threshold is given only for a qualified majority."""
    data = base()
    data["rules"]["decision"]["method"] = "simple_majority"
    assert_only(data, "stray-threshold", "rules.decision.threshold")


def test_threshold_is_a_share() -> None:
    """A threshold lies above 0 and at most 1, written as a number or a fraction."""
    for wrong in (1.5, 0, "3/2", "two thirds", True):
        data = base()
        data["rules"]["decision"]["threshold"] = wrong
        assert_only(data, "threshold", "rules.decision.threshold")


def test_threshold_fraction_is_exact() -> None:
    """A threshold written as a fraction is kept exactly and printed as written."""
    data = base()
    data["rules"]["decision"]["threshold"] = "2 / 3"
    rule = load_scenario_text(yaml.safe_dump(data), "case.yaml").rules.decision
    assert rule.needed() == Fraction(2, 3)
    assert rule.threshold_text() == "2/3"


def test_observer_cannot_be_required() -> None:
    """A required party must vote, so an observer cannot be one."""
    data = base()
    data["actors"][1]["role"] = "observer"
    data["rules"]["decision"]["required_parties"] = ["china"]
    assert_only(data, "observer-required", "rules.decision.required_parties[0]")


def test_base_only_for_majorities() -> None:
    """'base' (votes cast or all members) means something only for a majority."""
    data = base()
    data["rules"]["decision"] = {"method": "consensus", "base": "members"}
    assert_only(data, "stray-base", "rules.decision.base")


def test_phases_in_order() -> None:
    """Phases run openings, negotiation, final vote, in that order."""
    data = base()
    data["rules"]["phases"] = ["negotiation", "openings", "final_vote"]
    assert_only(data, "phases-out-of-order", "rules.phases")


def test_phases_once_each() -> None:
    """Each phase appears once."""
    data = base()
    data["rules"]["phases"] = ["openings", "negotiation", "negotiation", "final_vote"]
    assert_only(data, "duplicate-phase", "rules.phases[2]")


def test_negotiation_phase_required() -> None:
    """There is a negotiation phase."""
    data = base()
    data["rules"]["phases"] = ["openings", "final_vote"]
    assert_only(data, "no-negotiation", "rules.phases")


def test_someone_votes() -> None:
    """At least one actor is a state or stakeholder that votes."""
    data = base()
    for actor in data["actors"]:
        actor["kind"] = "mediator"
    data["rules"] = {}
    data["injects"] = []  # its effect on usa, now a mediator, is refused on its own
    found = [p.code for p in problems(data)]
    assert found == ["no-voters"]


def test_scheduled_inject_within_round_limit() -> None:
    """A scheduled inject fires in a round that the session reaches."""
    data = base()
    data["injects"][0]["trigger"]["round"] = 9
    assert_only(data, "round-after-limit", "injects[0].trigger.round")


def test_inject_effect_names_known_actor() -> None:
    """An inject's effect names an actor of the scenario."""
    data = base()
    data["injects"][0]["effects"][0]["actor"] = "iran"
    assert_only(data, "unknown-actor", "injects[0].effects[0].actor")


def test_inject_effect_names_known_term() -> None:
    """An inject's effect names a term of the scenario."""
    data = base()
    data["injects"][0]["effects"][0]["term"] = "deadlines"
    assert_only(data, "unknown-term", "injects[0].effects[0].term", "did you mean 'deadline'")


def test_stance_effect_value_in_term() -> None:
    """A stance effect moves a stance to a value of the term."""
    data = base()
    data["injects"][0]["effects"] = [
        {"kind": "stance", "actor": "china", "term": "verification", "to": "total"}
    ]
    assert_only(data, "value-outside-term", "injects[0].effects[0].to")


def test_condition_names_known_term() -> None:
    """A condition refers to a term of the scenario, however deeply nested."""
    data = base()
    data["injects"][0]["trigger"] = {
        "kind": "conditional",
        "when": {
            "kind": "all",
            "conditions": [
                {"kind": "round_reached", "round": 2},
                {"kind": "not", "condition": {"kind": "term_agreed", "term": "verify"}},
            ],
        },
    }
    assert_only(data, "unknown-term", "injects[0].trigger.when.conditions[1].condition.term")


def test_condition_value_in_term() -> None:
    """A condition compares against a value of the term."""
    data = base()
    data["injects"][0]["trigger"] = {
        "kind": "conditional",
        "when": {"kind": "draft_value", "term": "deadline", "op": "le", "value": 3000},
    }
    assert_only(data, "value-outside-term", "injects[0].trigger.when.value")


def test_condition_names_known_inject() -> None:
    """A condition on another inject names an inject of the scenario."""
    data = base()
    data["injects"][0]["trigger"] = {
        "kind": "conditional",
        "when": {"kind": "inject_fired", "inject": "breech"},
    }
    assert_only(data, "unknown-inject", "injects[0].trigger.when.inject")


def test_discussion_question_actor_exists() -> None:
    """A discussion question is attributed only to an actor of the scenario."""
    data = base()
    data["discussion_questions"] = [{"text": "Why?", "actor": "mexico"}]
    assert_only(data, "unknown-actor", "discussion_questions[0].actor")


def test_all_problems_reported_at_once() -> None:
    """Every problem in a file is reported, not just the first."""
    data = base()
    data["actors"][0]["trust"] = {"chna": 0.3}
    data["rules"]["moderator"] = "chan"
    data["terms"][1]["status_quo"] = 2050
    assert {p.code for p in problems(data)} == {"unknown-actor", "value-outside-term"}
    assert len(problems(data)) == 3


def test_all_shape_problems_reported_at_once() -> None:
    """Every shape problem in a file is reported, not just the first."""
    data = base()
    del data["title"]
    data["actors"][0]["reservation"] = -1
    data["terms"][0]["colour"] = "red"
    assert len(problems(data)) == 3


def test_score_sheet_covers_every_option() -> None:
    """A score sheet on an options term gives every option its points."""
    data = base()
    data["actors"][0]["positions"]["verification"]["scores"] = [
        {"value": "agency", "points": 3},
        {"value": "mutual", "points": 1},
    ]
    assert_only(data, "score-missing", "actors[0].positions.verification.scores", "'none'")


def test_score_sheet_scores_each_value_once() -> None:
    """A value appears once on a score sheet."""
    data = base()
    data["actors"][1]["positions"]["deadline"]["scores"] = [
        {"value": 2035, "points": 3},
        {"value": 2035, "points": 1},
    ]
    assert_only(data, "score-twice", "actors[1].positions.deadline.scores[1].value")


def test_score_sheet_gives_the_ideal_the_most_points() -> None:
    """The ideal is a value with the most points (on a scale, between scored values too)."""
    data = base()
    data["actors"][1]["positions"]["deadline"]["scores"] = [
        {"value": 2030, "points": 10},
        {"value": 2040, "points": 0},
    ]
    assert_only(data, "ideal-not-best", "actors[1].positions.deadline.ideal", "2035 scores 5")


def test_scored_value_must_be_a_value_of_the_term() -> None:
    """Every scored value is a value of its term."""
    data = base()
    data["actors"][1]["positions"]["deadline"]["scores"] = [{"value": 2050, "points": 1}]
    assert_only(data, "value-outside-term", "actors[1].positions.deadline.scores[0].value")


def test_a_term_has_at_most_a_thousand_values() -> None:
    """A term may have at most 1,000 values, as options or as the points of a scale."""
    data = base()
    data["terms"][0]["options"] = [{"id": f"o{i}", "label": f"O {i}"} for i in range(1001)]
    data["terms"][0]["status_quo"] = "o0"
    assert_only(data, "too-many-options", "terms[0].options", "1,001 options")
    data = base()
    data["terms"][1].update({"min": 0, "max": 1000, "step": 1, "status_quo": 0, "points": []})
    for actor in data["actors"]:
        actor.get("positions", {}).pop("deadline", None)
    assert_only(data, "scale-too-fine", "terms[1].step", "1,001 values")


def test_a_scenario_seats_at_most_two_hundred_actors() -> None:
    """A scenario may seat at most 200 delegations and observers."""
    data = base()
    extra = copy.deepcopy(data["actors"][0])
    extra.pop("positions", None)
    seated = sum(1 for a in data["actors"] if a.get("kind") != "mediator")
    for i in range(201 - seated):
        actor = copy.deepcopy(extra)
        actor["id"] = f"extra{i}"
        actor["name"] = f"Extra {i}"
        data["actors"].append(actor)
    assert_only(data, "too-many-actors", "actors", "201 delegations", "at most 200")
