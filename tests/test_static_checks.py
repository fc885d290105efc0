"""The static checks the code is held to: strict types and ruff's format and lint over every Python
file of the repository (the package, its tests, the benchmarks and the scripts)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


CHECKED = ["tabletop", "tests", "benchmarks", "scripts"]


def test_the_type_check_covers_every_folder_of_python_files() -> None:
    import tomllib

    configured = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert configured["files"] == CHECKED and configured["strict"] is True
    folders = {
        folder.name
        for folder in ROOT.iterdir()
        if folder.is_dir() and not folder.name.startswith(".") and next(folder.rglob("*.py"), None)
    }
    assert folders <= set(CHECKED), f"Python files the type check leaves out: {sorted(folders - set(CHECKED))}"


@pytest.mark.slow
def test_the_package_its_tests_benchmarks_and_scripts_type_check_strictly(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    # mypy is a test dependency: a missing tool must fail, not skip the check.
    mypy = Path(sys.executable).with_name("mypy")
    assert mypy.exists(), "install the test dependencies: pip install -e '.[test]'"
    # mypy's incremental cache, kept in pytest's cache folder from one run to the next: a module
    # is checked again when it or what it imports has changed (a first run checks everything).
    kept = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    cache = kept.mkdir("mypy") if kept is not None else tmp_path / "mypy-cache"
    result = subprocess.run([str(mypy), "--cache-dir", str(cache)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


LINTED = CHECKED


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    # ruff is a test dependency: a missing tool must fail, not skip the check.
    ruff = Path(sys.executable).with_name("ruff")
    assert ruff.exists(), "install the test dependencies: pip install -e '.[test]'"
    return subprocess.run([str(ruff), *args, *LINTED], cwd=ROOT, capture_output=True, text=True)


def test_the_code_is_formatted_as_ruff_formats_it() -> None:
    result = _ruff("format", "--check", "--no-cache")
    assert result.returncode == 0, "run `ruff format`:\n" + result.stdout + result.stderr


def test_the_code_passes_the_linter() -> None:
    result = _ruff("check", "--no-cache", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _private_uses(path: Path) -> list[str]:
    """Where a module uses another module's private name: an import of one, a private module of
    another package, or `obj._name` on something other than `self`/`cls` that this module does
    not itself define."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    package = module.split(".")[:2]
    defined = {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    defined |= {
        node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
    }
    defined |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tabletop"):
            parts = node.module.split(".")
            if any(_private(part) for part in parts) and parts[:2] != package:
                found.append(f"{module}:{node.lineno}: imports from {node.module}")
            found += [
                f"{module}:{node.lineno}: imports {alias.name} from {node.module}"
                for alias in node.names
                if _private(alias.name)
            ]
        elif isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in defined:
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in {"self", "cls"}):
                found.append(f"{module}:{node.lineno}: uses .{node.attr}")
    return found


# Jinja's output (scripts/compile_templates.py), not written by hand: its code uses Jinja's own names.
GENERATED = ROOT / "tabletop" / "report" / "compiled"


def test_no_module_uses_a_private_name_of_another() -> None:
    modules = sorted(path for path in (ROOT / "tabletop").rglob("*.py") if GENERATED not in path.parents)
    found = [use for path in modules for use in _private_uses(path)]
    assert found == []


@pytest.mark.parametrize(
    "package",
    ["tabletop.session", "tabletop.phases", "tabletop.rules", "tabletop.scenario", "tabletop.report", "tabletop.msel"],
)
def test_the_public_api_of_the_core_packages_is_sorted_and_complete(package: str) -> None:
    import importlib

    imported = importlib.import_module(package)
    assert imported.__all__ == sorted(imported.__all__)
    for name in imported.__all__:
        assert hasattr(imported, name), name


def test_the_tests_use_the_public_names_of_the_code() -> None:
    modules = sorted((ROOT / "tests").rglob("*.py"))
    found = [use for path in modules for use in _private_uses(path)]
    assert found == []
