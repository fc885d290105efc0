"""A plain wheel install finds the rules file and the sample scenarios, away from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import hatchling.builders.wheel as builder_module  # a development dependency: never skip the wheel check

    out = tmp_path_factory.mktemp("dist")
    builder = builder_module.WheelBuilder(str(ROOT))
    (built,) = list(builder.build(directory=str(out), versions=["standard"]))
    return Path(built)


def test_wheel_carries_the_rules_file_its_source_and_the_samples(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tabletop/_data/rules/guidelines_phases.yaml" in names
    assert "tabletop/_data/rules/sources/guidelines_2015_en.txt" in names
    samples = {n for n in names if n.startswith("tabletop/_data/scenarios/") and n.endswith(".yaml")}
    checkout_samples = {p.name for p in (ROOT / "scenarios").glob("*.yaml")}
    assert {Path(n).name for n in samples} >= checkout_samples


def test_wheel_is_marked_typed_and_carries_no_test_helper(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tabletop/py.typed" in names  # type checkers read the package's annotations
    assert not any("fidelity" in name for name in names)  # the corpus tests' helper stays with the tests


def test_installed_wheel_runs_away_from_the_checkout(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("TABLETOP_RULES", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tabletop, sys; from tabletop.rules import default_rules_path; "
            "p = default_rules_path(); print(p); tabletop.load_rules()",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stdout, "the rules file was not found inside the installed package"


def test_wheel_carries_the_document_templates_and_renders_from_them(wheel: Path, tmp_path: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {Path(n).name for n in names if n.startswith("tabletop/report/templates/")}
    assert shipped == {p.name for p in (ROOT / "tabletop" / "report" / "templates").glob("*.j2")}
    # ... and compiled, so that drawing a document compiles none of them (tests/report/test_compiled_templates.py)
    compiled = ROOT / "tabletop" / "report" / "compiled"
    assert {
        n.removeprefix("tabletop/report/compiled/") for n in names if n.startswith("tabletop/report/compiled/")
    } == {str(p.relative_to(compiled)) for p in compiled.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("TABLETOP_RULES", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tabletop.report as r, tabletop; from tabletop.scenario import load_scenario, bundled_scenarios_dir; "
            "c = tabletop.load_rules(); s = load_scenario(bundled_scenarios_dir() / 'southwest_islands.yaml', c); "
            "print(r.__file__); print(len(r.render_handbook(s, c, 'facilitator', 'html')))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stdout.splitlines()[0]


def test_wheel_carries_the_database_schema_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {Path(n).name for n in names if n.startswith("tabletop/session/migrations/")}
    assert shipped == {p.name for p in (ROOT / "tabletop" / "session" / "migrations").glob("*.sql")}
    assert shipped


def test_the_wheel_s_version_is_the_one_tabletop_reports(wheel: Path, tmp_path: Path) -> None:
    import tabletop

    zipped = zipfile.ZipFile(wheel)
    [metadata] = [name for name in zipped.namelist() if name.endswith(".dist-info/METADATA")]
    assert f"\nVersion: {tabletop.__version__}\n" in zipped.read(metadata).decode("utf-8")
    assert f"-{tabletop.__version__}-" in wheel.name
    site = tmp_path / "site"
    zipped.extractall(site)
    result = subprocess.run(
        [sys.executable, "-m", "tabletop", "--version"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"tabletop {tabletop.__version__}\n"
