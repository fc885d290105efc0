"""Scenarios: the YAML format authors write, its loader and validator, and the bundled samples.

The session engine, the console and the command line use this package's
public API; the format itself is defined by the models in `models.py`.
"""

from tabletop.scenario.batch import FileResult, ValidationReport, validate_paths
from tabletop.scenario.bundled import BundledScenario, bundled_scenarios, bundled_scenarios_dir
from tabletop.scenario.loader import LoadedScenario, load_scenario, load_scenario_text
from tabletop.scenario.models import (
    Cell,
    ExerciseInfo,
    ExpectedAction,
    Inject,
    Module,
    Objective,
    Option,
    Question,
    Scenario,
    ScenarioPart,
)
from tabletop.scenario.schema import scenario_schema, scenario_schema_text
from tabletop.scenario.time import ScenarioTime, parse_time

__all__ = [
    "BundledScenario",
    "Cell",
    "ExerciseInfo",
    "ExpectedAction",
    "FileResult",
    "Inject",
    "LoadedScenario",
    "Module",
    "Objective",
    "Option",
    "Question",
    "Scenario",
    "ScenarioPart",
    "ScenarioTime",
    "ValidationReport",
    "bundled_scenarios",
    "bundled_scenarios_dir",
    "load_scenario",
    "load_scenario_text",
    "parse_time",
    "scenario_schema",
    "scenario_schema_text",
    "validate_paths",
]
