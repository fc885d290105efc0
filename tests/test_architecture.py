"""The shape of the code: a domain core with no UI in it, and a curated public API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tabletop

ROOT = Path(__file__).resolve().parents[1]
CORE_PACKAGES = ["tabletop", "tabletop.rules", "tabletop.phases", "tabletop.scenario", "tabletop.session"]


def test_core_imports_without_textual() -> None:
    code = (
        "import sys, importlib\n"
        f"for name in {CORE_PACKAGES!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'tabletop.tui')))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"the core pulled in UI modules: {result.stdout}"


def test_import_linter_contract_keeps_the_core_free_of_the_ui() -> None:
    # import-linter is a development dependency: a missing tool must fail, not skip the contract.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), "install the development dependencies: pip install -e '.[test]'"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_public_api_is_sorted_and_complete() -> None:
    assert tabletop.__all__ == sorted(tabletop.__all__)
    for name in tabletop.__all__:
        assert hasattr(tabletop, name), name
    exported = {name for name in dir(tabletop) if not name.startswith("_")}
    modules = {name for name in exported if type(getattr(tabletop, name)).__name__ == "module"}
    assert exported - modules == set(tabletop.__all__)


def test_public_api_names_the_objects_of_their_home_modules() -> None:
    import tabletop.errors
    import tabletop.phases
    import tabletop.scenario
    import tabletop.session

    assert tabletop.PhaseMachine is tabletop.phases.PhaseMachine
    assert tabletop.Session is tabletop.session.Session
    assert tabletop.load_scenario is tabletop.scenario.load_scenario
    assert tabletop.rank_citations is tabletop.session.rank_citations
    # Every error of the tree is reachable from the top, so a console can catch any of them.
    assert set(tabletop.errors.__all__) <= set(tabletop.__all__)
    with pytest.raises(AttributeError, match="no attribute 'Sesion'"):
        tabletop.Sesion  # noqa: B018


def test_importing_the_package_leaves_the_engine_unloaded_until_named() -> None:
    code = (
        "import sys, tabletop\n"
        "heavy = ('tabletop.session', 'tabletop.scenario', 'tabletop.phases', 'transitions')\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(heavy))))\n"
        "tabletop.Session\n"
        "print('tabletop.session._engine' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded, named = result.stdout.splitlines()
    assert loaded == "", f"importing tabletop loaded {loaded}"
    assert named == "True"


def test_the_core_and_the_command_line_load_no_database_driver_until_a_database_is_named() -> None:
    # psycopg is optional (`tabletop[postgres]`): a default install never imports it.
    code = (
        "import sys, importlib\n"
        f"for name in {[*CORE_PACKAGES, 'tabletop.cli']!r}: importlib.import_module(name)\n"
        "print('psycopg' in sys.modules)\n"
        "import tabletop.session\n"
        "tabletop.session.SessionDatabase\n"
        "print('psycopg' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]


def test_without_the_driver_a_database_is_refused_with_how_to_install_it(tmp_path: Path) -> None:
    # A `psycopg` that cannot be imported, as in a default install.
    (tmp_path / "psycopg.py").write_text("raise ImportError('no psycopg', name='psycopg')\n", encoding="utf-8")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from tabletop.cli import main\n"
        "main(['db', 'status', '--db', 'postgresql://writer@db.example/tabletop'])\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == (
        "tabletop: error: sessions in a PostgreSQL database need the psycopg driver: pip install 'tabletop[postgres]'\n"
    )
