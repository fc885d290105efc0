"""Scenarios: the YAML format authors write, its loader and validator, and the bundled samples.

The session engine, the console and the command line use this package's
public API; the format itself is defined by the models in `_models.py`. Reading and checking
a scenario is imported with the package; writing, updating, describing and listing scenarios
when first named (`_LAZY`).
"""

import typing as _typing

from tabletop.lazyexports import lazy_exports as _lazy_exports
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
from tabletop.scenario._time import ScenarioTime, parse_time, suggest_time
from tabletop.scenario._validate import MAX_LISTED_PER_KIND, MAX_SUGGESTED_PER_KIND

if _typing.TYPE_CHECKING:
    from tabletop.scenario._batch import FileResult, ValidationReport, validate_paths
    from tabletop.scenario._bundled import BundledScenario, bundled_scenarios, bundled_scenarios_dir
    from tabletop.scenario._dump import INJECT_KEY_ORDER, SCENARIO_KEY_ORDER, ordered, scenario_data, scenario_yaml
    from tabletop.scenario._schema import scenario_schema, scenario_schema_text
    from tabletop.scenario._skeleton import skeleton_text
    from tabletop.scenario._standard import STANDARD_ASSUMPTIONS, STANDARD_GROUND_RULES
    from tabletop.scenario._update import UpdateRefused, updated_scenario_text

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


_LAZY = {
    "BundledScenario": "tabletop.scenario._bundled",
    "FileResult": "tabletop.scenario._batch",
    "INJECT_KEY_ORDER": "tabletop.scenario._dump",
    "SCENARIO_KEY_ORDER": "tabletop.scenario._dump",
    "STANDARD_ASSUMPTIONS": "tabletop.scenario._standard",
    "STANDARD_GROUND_RULES": "tabletop.scenario._standard",
    "UpdateRefused": "tabletop.scenario._update",
    "ValidationReport": "tabletop.scenario._batch",
    "bundled_scenarios": "tabletop.scenario._bundled",
    "bundled_scenarios_dir": "tabletop.scenario._bundled",
    "ordered": "tabletop.scenario._dump",
    "scenario_data": "tabletop.scenario._dump",
    "scenario_schema": "tabletop.scenario._schema",
    "scenario_schema_text": "tabletop.scenario._schema",
    "scenario_yaml": "tabletop.scenario._dump",
    "skeleton_text": "tabletop.scenario._skeleton",
    "updated_scenario_text": "tabletop.scenario._update",
    "validate_paths": "tabletop.scenario._batch",
}
"""Names imported when first used: writing, updating, describing and listing scenarios, and
checking several files at once, are each a few commands' work, not every reader's."""

__getattr__ = _lazy_exports(__name__, _LAZY, globals())
