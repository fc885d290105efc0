"""The JSON Schema of the scenario format, generated from the models.

Printed by `tabletop schema`; a copy is kept in `scenarios/scenario.schema.json`
(a test keeps it equal) so that editors complete and check scenarios through
the `# yaml-language-server: $schema=...` comment at the top of each file.
"""

from __future__ import annotations

import json
from typing import Any

from tabletop.scenario.models import Scenario

__all__ = ["SCHEMA_DIALECT", "scenario_schema", "scenario_schema_text"]

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def scenario_schema() -> dict[str, Any]:
    """The scenario format's JSON Schema (draft 2020-12), with every field's description."""
    schema = Scenario.model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}


def scenario_schema_text() -> str:
    """The schema as the stable, pretty-printed text `tabletop schema` prints."""
    return json.dumps(scenario_schema(), ensure_ascii=False, indent=2) + "\n"
