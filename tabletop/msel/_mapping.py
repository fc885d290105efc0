"""The `--map` file: how to read a workbook whose MSEL has another layout.

Called by `tabletop msel import --map mapping.yaml`. The file is YAML, read
with the project's safe loader and checked by a strict model, so that a
misspelt key or an unknown field is reported at its line and column:

    sheet: Events                # the sheet with one row per inject
    header_row: 3                # the row of the column headers
    title: Exercise Blue Horizon # when the workbook has no Exercise sheet
    columns:                     # header as written -> the field it holds
      Event No.: number
      Event Title: title
      Description: narrative
"""

from __future__ import annotations

import os
from pathlib import Path

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from tabletop import modelerrors, yamlsource
from tabletop.errors import Diagnostic, MissingFileError, ScenarioError, close_matches, did_you_mean
from tabletop.msel._import import ColumnMap
from tabletop.msel._layout import MSEL_COLUMNS

__all__ = ["MAPPABLE_FIELDS", "load_column_map"]

MAPPABLE_FIELDS = tuple(column.field for column in MSEL_COLUMNS if column.field)
"""The fields a column may hold: `number` (play order) and the inject's keys."""


class _MapFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sheet: str | None = None
    """The sheet with one row per inject."""
    header_row: int = Field(default=1, ge=1, le=1000)
    """The row holding the column headers."""
    title: str | None = None
    """The scenario's title, for a workbook without an Exercise sheet."""
    columns: dict[str, str] = {}
    """Header as written in the workbook, to the field it holds."""


def load_column_map(path: str | os.PathLike[str]) -> ColumnMap:
    """Read a `--map` file; `ScenarioError` (located problems) when it is invalid."""
    shown = str(path)
    try:
        text = yamlsource.decode(yamlsource.read_bytes(Path(path), shown), shown)
        raw = yamlsource.load(text, shown)
    except FileNotFoundError:
        raise MissingFileError(f"{shown}: no such mapping file") from None
    except IsADirectoryError:
        raise MissingFileError(f"{shown}: is a directory, not a mapping file") from None
    except OSError as exc:
        raise MissingFileError(f"{shown}: cannot read ({exc.strerror or exc})") from None
    except yamlsource.YamlLoadError as exc:
        raise ScenarioError(exc.diagnostics) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ScenarioError(Diagnostic(shown, 1, 1, "a mapping file is a mapping of keys (`columns:`, `sheet:`)"))
    try:
        model = _MapFile.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise ScenarioError(modelerrors.validation_diagnostics(exc, text, shown, _MapFile)) from None
    problems = []
    locator = yamlsource.Locator(text)
    for header, field in model.columns.items():
        if field not in MAPPABLE_FIELDS:
            hint = (
                did_you_mean(close_matches(field, MAPPABLE_FIELDS, n=1))
                or f"; the fields are: {', '.join(MAPPABLE_FIELDS)}"
            )
            problems.append(
                Diagnostic(shown, *locator(("columns", header)), f"columns: {header!r}: unknown field {field!r}{hint}")
            )
    if problems:
        raise ScenarioError(problems)
    return ColumnMap(sheet=model.sheet, header_row=model.header_row, columns=dict(model.columns), title=model.title)
