"""The scenario: everything a negotiation needs before its first move — the treaty's
terms, the delegations and their private positions, the rules and the injects."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from simulator.scenario.actors import Actor
from simulator.scenario.common import Id, Record, SeedDocument, Source, Whole, listed
from simulator.scenario.injects import Effect, Inject, PriorityChange, TrustChange
from simulator.scenario.rules import DecisionRule, Rules
from simulator.scenario.terms import Term, in_sentence
from simulator.scenario.variation import Variation, variant_seed, varied_actor

FORMAT_VERSION = 1
"""The version of the scenario file format this code reads."""

MODERATOR = "moderator"
"""The id the chair acts under when the scenario has no mediator to chair."""


class DiscussionQuestion(Record):
    """A question for the debrief, e.g. a delegation's "smartest question"."""

    text: Annotated[str, Field(min_length=1)]
    """The question."""
    actor: Id | None = None
    """The delegation that asked it, if any."""
    source: Source | None = None
    """Where in the seed documents the question comes from."""


class ChairPrompt(Record):
    """Something the chair asks the table during play, e.g. the mediator's question to one
    delegation; kept apart from the debrief's ``discussion_questions``."""

    text: Annotated[str, Field(min_length=1)]
    """What the chair asks."""
    round: Annotated[Whole, Field(ge=1, le=1000)] | None = None
    """The negotiation round whose start the computer chair asks it at; default: the
    prompts are asked in order, one every other round from round 2."""
    source: Source | None = None
    """Where in the seed documents the words come from."""


class Vocabulary(Record):
    """The words every screen, transcript and report uses for this negotiation, so that a
    workshop adopts an outcome document and a sale closes a deal, not a treaty."""

    agreement: Annotated[str, Field(min_length=1, max_length=40)] = "treaty"
    """What is being agreed, in lower case: 'treaty', 'recommendation', 'outcome
    document', 'deal'."""
    party: Annotated[str, Field(min_length=1, max_length=40)] = "delegation"
    """What one of those at the table is called, in lower case: 'delegation',
    'stakeholder', 'party'."""
    parties: Annotated[str, Field(min_length=1, max_length=40)] = "delegations"
    """The plural of ``party``."""

    def draft(self) -> str:
        """The text under negotiation: 'draft treaty'."""
        return f"draft {self.agreement}"

    def adopted(self) -> str:
        """The verdict when the agreement is adopted: 'Treaty adopted'."""
        return f"{capitalized(self.agreement)} adopted"


def capitalized(text: str) -> str:
    """``text`` with its first letter in upper case ('outcome document' -> 'Outcome
    document')."""
    return text[:1].upper() + text[1:]


class Scenario(Record):
    """A negotiation scenario as read from a scenario file."""

    format: Annotated[Whole, Field(ge=1, le=1)] = 1
    """Version of the scenario file format."""
    id: Id
    """Identifier, e.g. ``quantum-classroom``; saved sessions refer to it."""
    title: Annotated[str, Field(min_length=1)]
    """Title shown on the start screen."""
    summary: Annotated[str, Field(min_length=1)]
    """A paragraph on what is being negotiated and by whom."""
    learning_objectives: tuple[str, ...] = ()
    """What participants should take away, for the teacher or facilitator."""
    sources: tuple[SeedDocument, ...] = ()
    """The documents the scenario is drawn from."""
    discussion_questions: tuple[DiscussionQuestion, ...] = ()
    """Questions for the debrief (the chair never puts them to the table during play)."""
    chair_prompts: tuple[ChairPrompt, ...] = ()
    """What the chair asks the table during play, in the seed's own chair lines."""
    terms: Annotated[tuple[Term, ...], Field(min_length=1)]
    """The clauses of the draft agreement (what ``vocabulary`` calls the agreement)."""
    actors: Annotated[tuple[Actor, ...], Field(min_length=2)]
    """Those at the table (what ``vocabulary`` calls the parties), and the mediator if
    there is one."""
    vocabulary: Vocabulary = Vocabulary()
    """What the agreement and the parties are called."""
    variation: Variation = Variation()
    """How much each table's confidential numbers may differ from the file's (nothing
    by default); each session draws its own variant from its seed."""
    rules: Rules = Rules()
    """The protocol: speaking order, phases, round limit, decision rules."""
    injects: tuple[Inject, ...] = ()
    """Events that may be thrown into the negotiation."""

    def term(self, term_id: str) -> Term | None:
        """The term with this id, if there is one."""
        return next((term for term in self.terms if term.id == term_id), None)

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, if there is one."""
        return next((actor for actor in self.actors if actor.id == actor_id), None)

    def document_title(self, seed: str) -> str:
        """The title of the source document kept as ``seed`` (its file name when the
        scenario does not list it)."""
        return next((doc.title for doc in self.sources if doc.seed == seed), seed)

    def cite(self, source: Source) -> str:
        """Where a quoted passage comes from, as a reader would cite it: the document's
        title, and for a summary or an article whose words they are."""
        title = self.document_title(source.seed)
        if source.kind == "summary":
            return f"the summary in {title}"
        if source.kind == "argument":
            return f"the argument of {title}"
        if source.kind == "critique":
            return f"its critics, in {title}"
        return title

    def inject_by_id(self, inject_id: str) -> Inject | None:
        """The inject with this id, if there is one."""
        return next((inject for inject in self.injects if inject.id == inject_id), None)

    def voters(self) -> list[Actor]:
        """The delegations at the table, who take turns: everyone but mediators (observers
        included; see ``electorate`` for those who vote)."""
        return [actor for actor in self.actors if actor.kind != "mediator"]

    def electorate(self) -> list[Actor]:
        """The delegations that vote and sign: those at the table that are not observers."""
        return [actor for actor in self.voters() if actor.role == "party"]

    def speaking_order(self) -> tuple[str, ...]:
        """Who holds the floor in turn, with the scenario's default applied."""
        if self.rules.speaking_order is not None:
            return self.rules.speaking_order
        return tuple(actor.id for actor in self.voters())

    def moderator(self) -> str:
        """The id the chair acts under: ``rules.moderator``, else the scenario's only
        mediator, else ``moderator``."""
        if self.rules.moderator is not None:
            return self.rules.moderator
        mediators = [actor.id for actor in self.actors if actor.kind == "mediator"]
        return mediators[0] if len(mediators) == 1 else MODERATOR

    def effect_in_words(self, effect: Effect) -> str:
        """What an inject's effect changes, in words (for the chair and the debrief; it
        names private changes, so never for the room)."""
        actor = self.actor(effect.actor)
        who = actor.name if actor is not None else effect.actor
        if isinstance(effect, TrustChange):
            toward = self.actor(effect.toward)
            verb = "rises" if effect.change >= 0 else "falls"
            return f"{who}'s trust in {toward.name if toward else effect.toward} {verb}"
        term = self.term(effect.term)
        topic = in_sentence(term.name) if term is not None else effect.term
        if isinstance(effect, PriorityChange):
            return f"{who} cares {effect.factor:g} times as much about {topic}"
        shown = term.label(effect.to) if term is not None else str(effect.to)
        return f"{who} now publicly backs {shown} on {topic}"

    def variant(self, seed: int) -> Scenario:
        """The table this session plays: the scenario with its confidential numbers
        drawn within ``variation`` from ``seed`` (the scenario itself when nothing
        varies)."""
        if self.variation.none():
            return self
        rng = variant_seed(seed)
        actors = tuple(varied_actor(actor, self.variation, rng) for actor in self.actors)
        return self.model_copy(update={"actors": actors})

    def final_vote_rule(self) -> DecisionRule:
        """The rule for adopting the agreement, with the default applied."""
        return self.rules.final_vote or self.rules.decision

    def rules_in_words(self) -> list[str]:
        """The decision rules as sentences an author or a teacher reads: how motions pass,
        what the round limit does, and how the agreement is adopted."""
        electorate = self.electorate()
        names = {actor.id: actor.name for actor in electorate}
        weights = {actor.id: actor.voting_weight for actor in electorate}
        words = self.vocabulary
        lines = []
        observers = [actor.name for actor in self.voters() if actor.role == "observer"]
        if observers:
            lines.append(
                f"Observers (they take part but neither vote nor sign): {listed(observers)}."
            )
        if "negotiation" in self.rules.phases:
            motions = self.rules.decision.describe(names, weights, words.party)
            lines.append(f"Motions are {motions}.")
            lines.append(
                f"After {self.rules.round_limit} round{'s' if self.rules.round_limit != 1 else ''}"
                ", a motion still on the floor is put to the vote, then the negotiation closes."
            )
        if "final_vote" in self.rules.phases:
            final = self.final_vote_rule().describe(names, weights, words.party)
            lines.append(f"The {words.agreement} is {final}; those voting yes sign it.")
        else:
            lines.append(
                f"There is no final vote: the {words.agreement} is adopted when every term has "
                "been agreed by a motion."
            )
        return lines
