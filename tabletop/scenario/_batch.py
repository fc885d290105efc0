"""Validating several scenario files at once, for `tabletop validate` and scripts.

Each file is checked independently and every problem of every file is
collected; nothing is raised for an invalid or missing file, so one bad file
never hides the problems of the next.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tabletop.errors import Diagnostic, MissingFileError, ScenarioError
from tabletop.scenario._loader import LoadedScenario, load_scenario

__all__ = ["FileResult", "ValidationReport", "validate_paths"]


@dataclass
class FileResult:
    """The outcome for one file."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Errors and warnings, in file order."""
    usage_error: str | None = None
    """Why the file could not be read at all (missing, a directory, unreadable)."""
    loaded: LoadedScenario | None = None
    """The loaded scenario when it is valid."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


@dataclass
class ValidationReport:
    """The outcome for every file, and the exit status it implies."""

    files: list[FileResult]
    strict: bool = False

    @property
    def exit_status(self) -> int:
        """2 if any file could not be read, else 1 if any has an error (or, strict, a warning), else 0."""
        if any(result.usage_error for result in self.files):
            return 2
        if any(result.errors or (self.strict and result.warnings) for result in self.files):
            return 1
        return 0


def validate_paths(
    paths: Iterable[str | os.PathLike[str]], corpus: Any = None, *, strict: bool = False
) -> ValidationReport:
    """Load and check each scenario file; never raises for a bad or missing file."""
    if corpus is None:
        from tabletop.rules import load_rules

        corpus = load_rules()
    results = []
    for path in paths:
        shown = os.fspath(path)
        result = FileResult(shown)
        try:
            result.loaded = load_scenario(shown, corpus)
            result.diagnostics = list(result.loaded.warnings)
        except MissingFileError as exc:
            result.usage_error = str(exc)
        except ScenarioError as exc:
            result.diagnostics = list(exc.diagnostics)
        results.append(result)
    return ValidationReport(results, strict=strict)
