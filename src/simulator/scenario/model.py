"""The scenario: everything a negotiation needs before its first move — the treaty's
terms, the delegations and their private positions, the rules and the injects."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from simulator.scenario.actors import Actor
from simulator.scenario.common import Id, Record, SeedDocument, Source, Whole
from simulator.scenario.injects import Inject
from simulator.scenario.rules import DecisionRule, Rules
from simulator.scenario.terms import Term

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
    """Questions for the debrief."""
    terms: Annotated[tuple[Term, ...], Field(min_length=1)]
    """The clauses of the draft treaty."""
    actors: Annotated[tuple[Actor, ...], Field(min_length=2)]
    """The delegations, and the mediator if there is one."""
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

    def inject_by_id(self, inject_id: str) -> Inject | None:
        """The inject with this id, if there is one."""
        return next((inject for inject in self.injects if inject.id == inject_id), None)

    def voters(self) -> list[Actor]:
        """The actors who vote: everyone but mediators."""
        return [actor for actor in self.actors if actor.kind != "mediator"]

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

    def final_vote_rule(self) -> DecisionRule:
        """The rule for adopting the treaty, with the default applied."""
        return self.rules.final_vote or self.rules.decision
