"""The JSON Schema of the scenario format, generated from the models and the rules.

Printed by `tabletop schema`; a copy is kept in `scenarios/scenario.schema.json`
(a test keeps it equal) so that editors complete and check scenarios through
the `# yaml-language-server: $schema=...` comment at the top of each file.

The models give the shape and every field's description; the rules corpus
gives the closed vocabularies an editor should complete: phase slugs,
triggers, gate ids, determination ids, clause ids and topic tags. They are read from the rules
file, never written here, so a schema printed with `--rules FILE` completes
that file's names.
"""

from __future__ import annotations

import json
from typing import Any

from tabletop.scenario._models import Scenario, ScenarioPart
from tabletop.strictmodel import documented_schema

__all__ = ["SCHEMA_DIALECT", "scenario_schema", "scenario_schema_text"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema(corpus: Any = None) -> dict[str, Any]:
    """The scenario format's JSON Schema (draft 2020-12), with every field's description and
    the rules' phase slugs, triggers, gate ids, determination ids, clause ids and tags as enumerations.

    `corpus` is a `tabletop.rules.Corpus` (the bundled rules when None).
    """
    if corpus is None:
        from tabletop.rules import load_rules

        corpus = load_rules()
    schema = documented_schema(Scenario)
    defs = schema["$defs"]
    # An included file's shape, for tools that check parts on their own (the Inject etc. it
    # refers to are the same definitions).
    part = documented_schema(ScenarioPart)
    defs.update({name: value for name, value in part.pop("$defs", {}).items() if name not in defs})
    defs["ScenarioPart"] = part
    phases = list(corpus.phase_slugs)
    triggers = list(dict.fromkeys(t.trigger for t in corpus.transitions))
    gates = list(dict.fromkeys(gate.id for t in corpus.transitions for gate in t.gates))
    clauses = [clause.id for clause in corpus]
    tags = list(corpus.tags)

    inject = defs["Inject"]["properties"]
    _optional_text_enum(inject["phase"], phases)
    _optional_text_enum(inject["trigger"], triggers)
    _optional_text_enum(defs["ExerciseInfo"]["properties"]["start_phase"], phases)
    inject["gates"]["propertyNames"] = {"enum": gates}
    inject["determinations"]["propertyNames"] = {"enum": [d.id for d in corpus.determinations]}
    inject["cite"]["items"] = {"type": "string", "enum": clauses}
    inject["tags"]["items"] = {"type": "string", "enum": tags}
    return {"$schema": SCHEMA_DIALECT, **schema}


def _optional_text_enum(field: dict[str, Any], values: list[str]) -> None:
    """Restrict an optional text field (`anyOf: [string, null]`) to `values`."""
    field["anyOf"] = [{"type": "string", "enum": values}, {"type": "null"}]


def scenario_schema_text(corpus: Any = None) -> str:
    """The schema as the stable, pretty-printed text `tabletop schema` prints."""
    return json.dumps(scenario_schema(corpus), ensure_ascii=False, indent=2) + "\n"
