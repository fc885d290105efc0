"""Scenarios: the YAML format authors write, its loader and validator, and the bundled samples.

The session engine, the console and the command line use this package's
public API; the format itself is defined by the models in `_models.py`.
"""

from tabletop.scenario._batch import FileResult, ValidationReport, validate_paths
from tabletop.scenario._bundled import BundledScenario, bundled_scenarios, bundled_scenarios_dir
from tabletop.scenario._dump import INJECT_KEY_ORDER, SCENARIO_KEY_ORDER, ordered, scenario_data, scenario_yaml
from tabletop.scenario._loader import LoadedScenario, document_name_problem, load_scenario, load_scenario_text
from tabletop.scenario._models import (
    AgendaItem,
    Cell,
    Contact,
    ExerciseInfo,
    ExpectedAction,
    Inject,
    Module,
    Objective,
    Option,
    Question,
    Scenario,
    ScenarioPart,
    TIME_PATTERN,
)
from tabletop.scenario._schema import scenario_schema, scenario_schema_text
from tabletop.scenario._skeleton import skeleton_text
from tabletop.scenario._standard import STANDARD_ASSUMPTIONS, STANDARD_GROUND_RULES
from tabletop.scenario._time import ScenarioTime, parse_time, suggest_time
from tabletop.scenario._update import UpdateRefused, updated_scenario_text
from tabletop.scenario._validate import MAX_LISTED_PER_KIND, MAX_SUGGESTED_PER_KIND

__all__ = [
    "AgendaItem",
    "BundledScenario",
    "Cell",
    "Contact",
    "ExerciseInfo",
    "ExpectedAction",
    "FileResult",
    "INJECT_KEY_ORDER",
    "Inject",
    "LoadedScenario",
    "MAX_LISTED_PER_KIND",
    "MAX_SUGGESTED_PER_KIND",
    "Module",
    "Objective",
    "Option",
    "Question",
    "SCENARIO_KEY_ORDER",
    "STANDARD_ASSUMPTIONS",
    "STANDARD_GROUND_RULES",
    "Scenario",
    "ScenarioPart",
    "ScenarioTime",
    "TIME_PATTERN",
    "UpdateRefused",
    "ValidationReport",
    "bundled_scenarios",
    "bundled_scenarios_dir",
    "document_name_problem",
    "load_scenario",
    "load_scenario_text",
    "ordered",
    "parse_time",
    "scenario_data",
    "scenario_schema",
    "scenario_schema_text",
    "scenario_yaml",
    "skeleton_text",
    "suggest_time",
    "updated_scenario_text",
    "validate_paths",
]
