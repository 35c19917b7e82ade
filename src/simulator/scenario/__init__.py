"""Scenario models: the treaty's terms, the delegations, the rules and the injects.

Importing this package pulls in no YAML and no file I/O; file loading lives in
``simulator.scenario_files``, which is imported on its own.
"""

from simulator.scenario.actors import Actor, Persona, Position, Quote, RedLine
from simulator.scenario.common import SeedDocument, Source, SourceKind, TermValue
from simulator.scenario.injects import Inject
from simulator.scenario.model import DiscussionQuestion, Scenario
from simulator.scenario.rules import DecisionRule, Rules
from simulator.scenario.terms import LabelledPoint, Option, OptionsTerm, ScaleTerm, Term

__all__ = [
    "Actor",
    "DecisionRule",
    "DiscussionQuestion",
    "Inject",
    "LabelledPoint",
    "Option",
    "OptionsTerm",
    "Persona",
    "Position",
    "Quote",
    "RedLine",
    "Rules",
    "ScaleTerm",
    "Scenario",
    "SeedDocument",
    "Source",
    "SourceKind",
    "Term",
    "TermValue",
]
