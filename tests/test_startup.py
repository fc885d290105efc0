"""Start-up: a command imports only what it needs (measured by `python -m benchmarks`; checked here by
what is imported, never by time)."""

from __future__ import annotations

import os
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


def _entry_point_scans(env: dict[str, str]) -> list[str]:
    """The entry-point groups looked up while `tabletop validate` of a sample runs as the console
    script does (`tabletop.cli.main`)."""
    code = (
        "import sys, importlib.metadata as metadata\n"
        "asked = []\n"
        "original = metadata.entry_points\n"
        "def entry_points(**selection):\n"
        "    asked.append(selection.get('group', ''))\n"
        "    return original(**selection)\n"
        "metadata.entry_points = entry_points\n"
        "from tabletop.cli import main\n"
        "try:\n"
        f"    main(['validate', '-q', {str(ROOT / 'scenarios' / 'southwest_islands.yaml')!r}])\n"
        "except SystemExit as end:\n"
        "    print(end.code, ','.join(asked), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    status, _, asked = result.stderr.splitlines()[-1].partition(" ")
    assert status == "0", result.stderr
    return [group for group in asked.split(",") if group]


def test_a_command_does_not_scan_the_installed_packages_for_pydantic_plugins() -> None:
    env = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    assert "pydantic" not in _entry_point_scans(env)


def test_pydantic_plugins_are_looked_for_when_the_user_asks_for_them() -> None:
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": ""}
    assert "pydantic" in _entry_point_scans(env)


def _dry_run_session(folder: Path) -> Path:
    """A session file of the Southwestern Islands sample's default path."""
    code = "import sys\nfrom tabletop.cli import main\nmain(sys.argv[1:])\n"
    argv = [sys.executable, "-c", code, "dry-run", "southwest_islands", "--session-dir", str(folder)]
    result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
    return Path(result.stdout.strip().splitlines()[-1])


def test_reading_a_session_builds_neither_commands_nor_snapshots(tmp_path: Path) -> None:
    session = _dry_run_session(tmp_path)
    for command in (["status", str(session)], ["report", "--format", "md", str(session)], ["export", str(session)]):
        loaded = modules_loaded_by(*command)
        assert "tabletop.session._fold" in loaded, command
        assert "tabletop.session._commands" not in loaded, command
        assert "tabletop.session._snapshot" not in loaded, command


def test_a_new_sessions_first_snapshot_ranks_no_clauses(tmp_path: Path) -> None:
    """The console's first frame of `tabletop run`: no inject is delivered, so nothing is ranked,
    and the clause ranking (its term bank and function table) is not even imported for it."""
    code = (
        "import sys\n"
        "from tabletop.session import start_session\n"
        f"session = start_session({str(ROOT / 'scenarios' / 'southwest_islands.yaml')!r}, session_dir={str(tmp_path)!r})\n"
        "snapshot = session.snapshot()\n"
        "print(len(snapshot.suggestions), snapshot.suggestions_ranked, file=sys.stderr)\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('tabletop.'))), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    counted, loaded = result.stderr.splitlines()[-2:]
    assert counted == "0 True"
    modules = loaded.split(",")
    assert "tabletop.session._snapshot" in modules
    assert not [name for name in modules if name.startswith(("tabletop.session._citations", "tabletop.rules._terms"))]


_FIRST_FRAME = """
import asyncio, sys
from tabletop.session import start_session
from tabletop.tui.app import make_app

session = start_session(sys.argv[1], session_dir=sys.argv[2])
app = make_app(session)


async def drive() -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        print("first frame", "tabletop.session._commands" in sys.modules, file=sys.stderr)
        await pilot.press("n")
        for _ in range(100):  # the command runs on a worker: up to 10 s on a busy machine
            await pilot.pause(0.1)
            if session.state.current is not None:
                break
        print("after n", "tabletop.session._commands" in sys.modules, session.state.current, file=sys.stderr)


asyncio.run(drive())
"""


def test_the_consoles_first_frame_waits_for_no_command_class(tmp_path: Path) -> None:
    """`tabletop run`: the commands' classes are loaded by the first key that gives one, and that
    key delivers the inject as ever."""
    sample = str(ROOT / "scenarios" / "southwest_islands.yaml")
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME, sample, str(tmp_path)], cwd=ROOT, capture_output=True, text=True
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith(("first frame", "after n"))]
    assert lines[0] == "first frame False", result.stderr
    assert lines[1].startswith("after n True ") and not lines[1].endswith(" None"), result.stderr
