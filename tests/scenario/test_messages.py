"""An author's mistake is reported once, where it is, with what would fix it: no second
message that only follows from the first."""

from __future__ import annotations

from typing import Any

from tests.conftest import base, problems


def two_party() -> dict[str, Any]:
    """The small scenario with two delegations and no mediator, as a job offer is."""
    data = base()
    data["actors"] = data["actors"][:2]
    del data["rules"]["moderator"]
    return data


def test_a_broken_delegation_does_not_also_make_the_table_too_small() -> None:
    """With two delegations, a wrong reservation or an unknown field on one is the only
    problem reported: not also 'actors: at least 2 items'."""
    data = two_party()
    assert problems(data) == []
    data["actors"][0]["reservation"] = 1.5
    found = problems(data)
    assert [p.path for p in found] == [("actors", 0, "reservation")]
    data = two_party()
    data["actors"][1]["colour"] = "red"
    found = problems(data)
    assert [p.path for p in found] == [("actors", 1, "colour")]
    assert "unknown field 'colour'" in found[0].message


def test_a_table_really_too_small_is_still_reported() -> None:
    """One delegation alone is still 'at least 2'."""
    data = two_party()
    data["actors"] = data["actors"][:1]
    found = problems(data)
    assert [p.path for p in found] == [("actors",)]
    assert "at least 2" in found[0].message


def test_a_number_as_an_options_terms_status_quo_lists_the_option_ids() -> None:
    """status_quo: 90000 on an options term names the option ids it may be."""
    data = base()
    data["terms"][0]["status_quo"] = 90000
    found = problems(data)
    assert [p.path for p in found] == [("terms", 0, "status_quo")]
    assert found[0].message.endswith("use one of the option ids: none, mutual, agency")


def test_an_inject_effect_on_the_mediator_is_refused() -> None:
    """An effect aimed at the mediator would do nothing: the file is refused, naming it."""
    data = base()
    data["injects"][0]["effects"] = [
        {"kind": "trust", "actor": "chen", "toward": "usa", "change": 0.2}
    ]
    found = problems(data)
    assert [(p.path, p.code) for p in found] == [
        (("injects", 0, "effects", 0, "actor"), "effect-on-mediator")
    ]


def test_an_inject_effect_on_a_term_the_delegation_ignores_is_refused() -> None:
    """A priority or stance effect on a term the delegation has no position on would do
    nothing: refused, with the term named."""
    data = base()
    del data["actors"][0]["positions"]["deadline"]
    found = problems(data)
    assert [(p.path, p.code) for p in found] == [
        (("injects", 0, "effects", 0, "term"), "effect-without-position")
    ]
    assert "'usa' has no position on 'deadline'" in found[0].message
