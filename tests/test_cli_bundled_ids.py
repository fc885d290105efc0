"""A bundled sample's id stands for its file wherever a command takes a scenario, and
`tabletop validate DIR` checks every scenario in a folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "scenarios"


def test_validate_takes_a_bundled_id(run_cli: RunCli) -> None:
    status, out, err = run_cli("validate", "--format", "json", "southwest_islands")
    assert status == 0, err
    [result] = json.loads(out)
    assert Path(result["path"]).resolve() == (SAMPLES / "southwest_islands.yaml").resolve()
    assert result["valid"]


def test_dry_run_takes_a_bundled_id(run_cli: RunCli, tmp_path: Path) -> None:
    status, out, err = run_cli("dry-run", "peacekeeping_hadr", "--session-dir", str(tmp_path))
    assert status == 0, err
    status, out, _ = run_cli("status", out.strip(), "--format", "json")
    assert json.loads(out)["scenario"]["name"] == "peacekeeping_hadr.yaml"


def test_handbook_and_msel_take_a_bundled_id(run_cli: RunCli, tmp_path: Path) -> None:
    status, out, _ = run_cli("handbook", "regional_crisis_neo", "--for", "participants")
    assert status == 0 and "Situation Manual" in out
    status, _, err = run_cli("msel", "export", "regional_crisis_neo", "-o", str(tmp_path / "neo.xlsx"))
    assert status == 0, err
    assert (tmp_path / "neo.xlsx").stat().st_size > 0


def test_a_file_in_the_current_folder_wins_over_a_sample_of_the_same_name(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("southwest_islands").write_text(
        "title: Mine\ninjects:\n  - {id: a, title: A, narrative: N}\n", encoding="utf-8"
    )
    status, out, _ = run_cli("validate", "--format", "json", "southwest_islands")
    assert status == 0
    assert json.loads(out)[0]["path"] == "southwest_islands"


@pytest.mark.parametrize("command", [["validate"], ["dry-run"], ["handbook", "--for", "facilitator"]])
def test_a_misspelt_id_is_a_usage_error_naming_the_sample(run_cli: RunCli, command: list[str], tmp_path: Path) -> None:
    status, _, err = run_cli(
        *command, "southwest_island", *(["--session-dir", str(tmp_path)] if command == ["dry-run"] else [])
    )
    assert status == 2
    assert "nor a bundled sample of that id; did you mean 'southwest_islands'?" in err
    assert len(err.strip().splitlines()) <= 2  # the error, and validate's summary


def test_validate_dir_checks_every_scenario_at_the_top_of_the_folder(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "exercises"
    shutil.copytree(SAMPLES, folder)
    (folder / "broken.yml").write_text(
        "title: Broken\ninjects:\n  - {id: a, title: A, narrative: N, phase: atack}\n", encoding="utf-8"
    )
    (folder / ".hidden.yaml").write_text("not: a scenario\n", encoding="utf-8")
    status, out, _err = run_cli("validate", "--format", "json", str(folder))
    assert status == 1
    checked = {Path(result["path"]).name: result["valid"] for result in json.loads(out)}
    samples = {path.name for path in SAMPLES.glob("*.yaml")}
    # The included files under southwest_islands/ are checked with the scenario that includes them.
    assert checked == {**{name: True for name in samples}, "broken.yml": False}


def test_validate_of_a_folder_without_scenarios_is_a_usage_error_and_the_others_are_checked(
    run_cli: RunCli, tmp_path: Path
) -> None:
    status, out, _err = run_cli("validate", str(tmp_path), "southwest_islands", "--format", "json")
    assert status == 2
    first, second = json.loads(out)
    assert first["usage_error"] == f"{tmp_path}: a folder with no scenario (*.yaml) at its top level"
    assert second["valid"]
