"""Start-up: a command imports only what it needs (measured by `python -m benchmarks`; checked here by
what is imported, never by time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEAVY = (
    "pydantic",
    "yaml",
    "tabletop.rules",
    "tabletop.scenario",
    "tabletop.session",
    "tabletop.report",
    "tabletop.msel",
    "transitions",
    "jinja2",
    "openpyxl",
    "sqlite3",
)


def modules_loaded_by(*args: str) -> list[str]:
    code = (
        "import sys\n"
        "from tabletop.cli import run_guarded, cli\n"
        f"status = run_guarded(cli, {list(args)!r})\n"
        f"print(status, ','.join(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    status, loaded = result.stderr.splitlines()[-1].split(" ", 1)
    assert status == "0"
    return [name for name in loaded.strip().split(",") if name]


def test_help_imports_neither_the_models_nor_the_parsers() -> None:
    assert modules_loaded_by("--help") == []
    assert modules_loaded_by("validate", "--help") == []


def test_validate_leaves_sessions_reports_and_workbooks_unloaded() -> None:
    loaded = modules_loaded_by("validate", "-q", str(ROOT / "scenarios" / "southwest_islands.yaml"))
    assert "tabletop.scenario" in loaded and "pydantic" in loaded
    assert not [
        name
        for name in loaded
        if name.startswith(("tabletop.session", "tabletop.report", "tabletop.msel", "jinja2", "openpyxl", "sqlite3"))
    ]
