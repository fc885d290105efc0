"""Helpers for the MSEL tests: export a scenario, edit the workbook as a planner would, import it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from tabletop.msel import import_workbook, render_workbook
from tabletop.errors import Diagnostic
from tabletop.scenario import (
    LoadedScenario,
    Scenario,
    bundled_scenarios_dir,
    load_scenario,
    load_scenario_text,
    scenario_data,
    scenario_yaml,
)
from tabletop.rules import Corpus
from openpyxl.worksheet.worksheet import Worksheet

SAMPLES = sorted(bundled_scenarios_dir().glob("*.yaml"))


def load_sample(path: Path, corpus: Corpus) -> LoadedScenario:
    return load_scenario(path, corpus)


def without_include(scenario: Scenario) -> Scenario:
    """A merged scenario as an import gives it back: one file, its includes' injects merged in."""
    return scenario.model_copy(update={"include": []})


def edit(data: bytes, change: Callable[[openpyxl.Workbook], None]) -> bytes:
    """Open the workbook with openpyxl, let `change` edit it as a planner would, save it."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def headers(sheet: Worksheet) -> dict[str, int]:
    """Header text to 1-based column index."""
    return {cell.value: cell.column for cell in sheet[1] if cell.value is not None}


def row_of(sheet: Worksheet, inject_id: str) -> int:
    column = headers(sheet)["ID"]
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, column).value == inject_id:
            return row
    raise KeyError(inject_id)


def letter(sheet: Worksheet, header: str) -> str:
    column: str = openpyxl.utils.get_column_letter(headers(sheet)[header])
    return column


def validate_text(data: dict[str, Any], corpus: Corpus) -> list[Diagnostic]:
    """What `tabletop validate` says about scenario data written as YAML (its diagnostics)."""
    from tabletop.errors import ScenarioError

    try:
        return load_scenario_text(scenario_yaml(data), "edited.yaml", corpus, files={}).warnings
    except ScenarioError as exc:
        return exc.diagnostics


__all__ = [
    "SAMPLES",
    "edit",
    "headers",
    "import_workbook",
    "letter",
    "load_sample",
    "render_workbook",
    "row_of",
    "scenario_data",
    "validate_text",
    "without_include",
]
