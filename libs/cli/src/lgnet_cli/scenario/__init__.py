"""Synthetic demo data lived through the real HTTP APIs, with the ground truth it leaves."""

from lgnet_cli.scenario.client import MintedTokens, OneToken, Tokens
from lgnet_cli.scenario.people import Journey, Person, generate_people
from lgnet_cli.scenario.run import ScenarioOptions, ScenarioRun, rome_today, run_scenario
from lgnet_cli.scenario.truth import KPIS, Figures, GroundTruth

__all__ = [
    "KPIS",
    "Figures",
    "GroundTruth",
    "Journey",
    "MintedTokens",
    "OneToken",
    "Person",
    "ScenarioOptions",
    "ScenarioRun",
    "Tokens",
    "generate_people",
    "rome_today",
    "run_scenario",
]
