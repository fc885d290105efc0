"""The author's commands: validate, schema, new, scenarios."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tabletop.cli import cli
from tabletop.cli import run_guarded
from tabletop.scenario import load_scenario, scenario_schema_text, skeleton_text

from .conftest import HERE, MINIMAL
from tests.output_support import written
from tabletop.rules import Corpus

ROOT = HERE.parents[1]
FIXTURE_RULES = str(HERE / "rules_fixture.yaml")


def run(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def tabletop(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = run_guarded(cli, args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    valid = tmp_path / "valid.yaml"
    valid.write_text(MINIMAL)
    warned = tmp_path / "warned.yaml"
    warned.write_text(MINIMAL + "    cite: [IV.C.2]\n")
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text(MINIMAL + "    narative: typo\n  - {id: first, title: Again, narrative: x}\n")
    return {"valid": str(valid), "warned": str(warned), "invalid": str(invalid), "dir": str(tmp_path)}


class TestValidate:
    def test_all_valid_exits_0(self, files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        status, out, err = tabletop(["--rules", FIXTURE_RULES, "validate", files["valid"]], capsys)
        assert (status, out) == (0, "")
        assert "1 file checked: 1 valid, 0 invalid (0 errors, 0 warnings)" in err

    def test_warnings_are_printed_and_exit_0_unless_strict(
        self, files: dict[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, out, _ = tabletop(["--rules", FIXTURE_RULES, "validate", files["warned"]], capsys)
        assert status == 0
        assert out.startswith(f"{files['warned']}:6:12: warning: inject 'first': clause IV.C.2 does not apply")
        status, _, _ = tabletop(["--rules", FIXTURE_RULES, "validate", "--strict", files["warned"]], capsys)
        assert status == 1

    def test_any_invalid_file_exits_1_and_every_problem_is_printed(
        self, files: dict[str, str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, out, err = tabletop(["--rules", FIXTURE_RULES, "validate", files["valid"], files["invalid"]], capsys)
        assert status == 1
        assert out.splitlines() == [
            f"{files['invalid']}:6:5: error: inject 'first': unknown key 'narative'; did you mean 'narrative'?",
            f"{files['invalid']}:7:6: error: duplicate inject id 'first' (first used at line 3)",
        ]
        assert "Traceback" not in out + err
        assert "2 files checked: 1 valid, 1 invalid" in err

    def test_duplicate_ids_and_unknown_keys_are_reported_together(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "two.yaml"
        path.write_text(MINIMAL + "  - {id: first, title: Again, narrative: x, tgas: [maritime]}\n")
        status, out, _ = tabletop(["--rules", FIXTURE_RULES, "validate", "-q", str(path)], capsys)
        assert status == 1
        assert out.splitlines() == [
            f"{path}:6:6: error: duplicate inject id 'first' (first used at line 3)",
            f"{path}:6:45: error: inject 'first': unknown key 'tgas'; did you mean 'tags'?",
        ]

    @pytest.mark.parametrize("kind", ["missing", "dir"])
    def test_a_missing_file_or_a_folder_without_scenarios_is_a_usage_error_exit_2(
        self, files: dict[str, str], kind: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # A folder is checked scenario by scenario (tests/test_cli_bundled_ids.py); one without any is not read.
        (Path(files["dir"]) / "empty").mkdir()
        target = files["dir"] + "/absent.yaml" if kind == "missing" else files["dir"] + "/empty"
        status, out, err = tabletop(["--rules", FIXTURE_RULES, "validate", files["invalid"], target], capsys)
        assert status == 2
        assert f"tabletop: error: {target}: " in err
        assert files["invalid"] in out  # the other file's problems are still reported
        assert "2 files checked: 0 valid, 1 invalid, 1 not read" in err

    def test_a_broken_inject_still_has_its_references_phases_and_times_checked(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "bad.yaml"
        path.write_text(
            textwrap.dedent("""\
            title: Bad one
            injects:
              - id: a
                title: A
                narative: typo
                phase: atack
                cite: [IV.C.9]
              - id: a
                title: B
                narrative: x
                phase: third_country_attack
                time: D-3 06:00
              - id: c
                title: C
                narrative: y
                phase: anticipated_attack
                time: D-4 06:00
            """),
            encoding="utf-8",
        )
        status, out, err = tabletop(["--rules", FIXTURE_RULES, "validate", str(path)], capsys)
        assert status == 1
        assert [line.split(": error: ", 1)[1] for line in out.splitlines()] == [
            "inject 'a': unknown key 'narative'; did you mean 'narrative'?",
            "inject 'a': unknown phase 'atack'; did you mean 'attack'?",
            "inject 'a': unknown clause 'IV.C.9'; did you mean 'IV.C.2' or 'IV.C.1' or 'IV.C'?",
            "duplicate inject id 'a' (first used at line 3)",
            "inject 'c': the phase machine cannot move from third_country_attack into 'anticipated_attack' "
            "in one step; legal from third_country_attack: de_escalate (-> peacetime), disaster_strikes (-> disaster)",
            "inject 'c': scenario time goes backwards: D-4 06:00 is earlier than D-3 06:00, the time of "
            "inject 'a' delivered before it",
        ]
        assert "1 file checked: 0 valid, 1 invalid (6 errors, 0 warnings)" in err

    def test_after_an_unknown_phase_a_phase_that_cannot_hold_from_the_start_is_not_a_crash(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # The walk resumes at a known phase; third_country_attack cannot hold beside the
        # peacetime it would resume from, so the check waits for the next inject instead of
        # failing on a combination the author never wrote.
        path = tmp_path / "unknown_then_iv_d.yaml"
        path.write_text(
            textwrap.dedent("""\
            title: Unknown phase, then a third country
            injects:
              - id: a
                title: A
                narrative: x
                phase: no_such_phase
              - id: b
                title: B
                narrative: y
                phase: third_country_attack
              - id: c
                title: C
                narrative: z
                phase: anticipated_attack
              - id: d
                title: D
                narrative: w
                phase: attack
            """),
            encoding="utf-8",
        )
        status, out, err = tabletop(["validate", str(path)], capsys)
        assert status == 1, err
        assert [line.split(": error: ", 1)[1] for line in out.splitlines()] == [
            "inject 'a': unknown phase 'no_such_phase'; the phases are: peacetime, emerging_threats, "
            "anticipated_attack, attack, third_country_attack, disaster"
        ]
        assert out.startswith(f"{path}:6:")
        assert "1 file checked: 0 valid, 1 invalid (1 error, 0 warnings)" in err

    def test_no_file_at_all_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, _, err = tabletop(["validate"], capsys)
        assert status == 2
        assert "Missing argument" in err

    def test_json_output_lists_each_diagnostic(self, files: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = tabletop(
            ["--rules", FIXTURE_RULES, "validate", "--format", "json", files["valid"], files["warned"]], capsys
        )
        data = json.loads(out)
        assert status == 0
        assert [entry["valid"] for entry in data] == [True, True]
        assert data[1]["diagnostics"][0]["severity"] == "warning"
        assert data[1]["diagnostics"][0]["line"] == 6


class TestSchema:
    def test_schema_prints_the_models_schema_with_descriptions(self, capsys: pytest.CaptureFixture[str]) -> None:
        status, out, _ = tabletop(["schema"], capsys)
        schema = json.loads(out)
        assert status == 0
        assert schema["required"] == ["title"]
        inject = schema["$defs"]["Inject"]
        assert inject["additionalProperties"] is False
        assert all("description" in field for field in inject["properties"].values())

    def test_the_bundled_schema_file_equals_the_generated_schema(self) -> None:
        assert (ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8") == scenario_schema_text()


class TestNew:
    def test_new_writes_a_skeleton_that_validates_against_the_bundled_rules(
        self, tmp_path: Path, real_corpus: Corpus, capsys: pytest.CaptureFixture[str]
    ) -> None:
        target = tmp_path / "mine.yaml"
        status, _, err = tabletop(["new", str(target)], capsys)
        assert status == 0
        assert target.read_text(encoding="utf-8") == written(skeleton_text(), "new", ("#", ""))
        loaded = load_scenario(target, real_corpus)
        assert loaded.warnings == []
        assert len(loaded.scenario.injects) >= 3
        assert f"tabletop validate {target}" in err

    def test_new_refuses_to_overwrite_an_existing_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        target = tmp_path / "mine.yaml"
        target.write_text("precious")
        status, _, err = tabletop(["new", str(target)], capsys)
        assert status == 2
        assert "exists and is not an earlier skeleton" in err
        assert target.read_text() == "precious"
        assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]

    def test_new_into_a_missing_folder_is_a_usage_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        status, _, err = tabletop(["new", str(tmp_path / "nope" / "x.yaml")], capsys)
        assert status == 2
        assert "no such folder" in err

    def test_new_in_a_read_only_folder_says_so_without_a_traceback(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import errno

        from tabletop import atomicfile

        def read_only(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EROFS, "Read-only file system")

        # Permissions cannot be relied on (tests may run as root): refuse the way the OS does.
        monkeypatch.setattr(atomicfile, "create_new", read_only)
        target = tmp_path / "mine.yaml"
        status, out, err = tabletop(["new", str(target)], capsys)
        assert status == 2 and out == ""
        assert err == (
            f"tabletop: error: {target}: cannot write here (Read-only file system); "
            "choose another path (nothing was written)\n"
        )
        assert not target.exists()


class TestScenarios:
    def test_lists_the_bundled_samples_as_json(self, capsys: pytest.CaptureFixture[str], real_corpus: Corpus) -> None:
        status, out, _ = tabletop(["scenarios", "--format", "json"], capsys)
        data = json.loads(out)
        assert status == 0
        samples = sorted((ROOT / "scenarios").glob("*.yaml"))
        assert [entry["id"] for entry in data] == [path.stem for path in samples]
        for entry, path in zip(data, samples, strict=True):
            # Each entry says what loading the file says.
            loaded = load_scenario(path, real_corpus)
            assert set(entry) == {"id", "title", "path", "injects", "phases", "valid"}
            assert Path(entry["path"]).resolve() == path.resolve()
            assert (entry["title"], entry["injects"], entry["valid"]) == (
                loaded.scenario.title,
                len(loaded.scenario.injects),
                True,
            )
            # The phases play can reach, in the rules file's order.
            assert entry["phases"] == [s for s in real_corpus.phase_slugs if s in loaded.checks.phases_reached]

    def test_lists_the_bundled_samples_as_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        _, listed, _ = tabletop(["scenarios", "--format", "json"], capsys)
        status, out, _ = tabletop(["scenarios"], capsys)
        assert status == 0
        lines = [line.strip() for line in out.splitlines()]
        for entry in json.loads(listed):
            at = next(n for n, line in enumerate(lines) if line.split()[:1] == [entry["id"]])
            assert lines[at].endswith(entry["title"])
            assert lines[at + 1] == f"{entry['injects']} injects; phases: {', '.join(entry['phases'])}"
            assert lines[at + 2] == entry["path"]


def test_validate_runs_as_a_program_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "b.yaml"
    broken.write_bytes(b"title: x\ninjects: [\xff]\n")
    result = subprocess.run(
        [sys.executable, "-m", "tabletop", "validate", str(broken)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == f"{broken}:2:11: error: invalid UTF-8 (byte 0xff); save the file as UTF-8\n"
    assert "Traceback" not in result.stderr
