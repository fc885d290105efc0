"""`tabletop status`, `export`, `import` and `dry-run` as a user runs them: output and exit statuses."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tabletop.cli import cli
from tabletop.cli._common import run_guarded

FIXTURES = Path(__file__).parent / "fixtures"
RULES = str(FIXTURES / "rules.yaml")
DRILL = str(FIXTURES / "drill.yaml")


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("TABLETOP_SESSION_DIR", raising=False)
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> tuple[int, str, str]:
        status = run_guarded(cli, ["--rules", RULES, *args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return invoke


@pytest.fixture
def dry_session(run) -> Path:
    status, out, err = run("dry-run", DRILL)
    assert status == 0, err
    return Path(out.strip())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dry_run_writes_under_sessions_by_default_and_prints_the_path(dry_session):
    assert dry_session.parent == Path("sessions")
    assert dry_session.name.startswith("ttx-drill-") and dry_session.name.endswith(".ttx.sqlite")


def test_the_session_folder_comes_from_the_option_or_the_environment(run, monkeypatch, tmp_path):
    status, out, _ = run("dry-run", DRILL, "--session-dir", "elsewhere")
    assert status == 0 and Path(out.strip()).parent == Path("elsewhere")
    monkeypatch.setenv("TABLETOP_SESSION_DIR", str(tmp_path / "from-env"))
    status, out, _ = run("dry-run", DRILL)
    assert status == 0 and Path(out.strip()).parent == tmp_path / "from-env"


def test_dry_run_of_an_invalid_scenario_prints_located_errors_and_exits_1(run, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\ninjects: []\n", encoding="utf-8")
    status, out, err = run("dry-run", str(broken))
    assert status == 1
    assert out == ""
    assert "broken.yaml:" in err and ": error:" in err
    assert "Traceback" not in err
    assert not Path("sessions").exists()


def test_dry_run_of_a_missing_file_is_a_usage_error(run):
    status, _, err = run("dry-run", "absent.yaml")
    assert status == 2 and "no such scenario file" in err


def test_status_prints_the_state_without_touching_the_file(run, dry_session):
    before = digest(dry_session)
    status, out, _ = run("status", str(dry_session))
    assert status == 0
    assert "Session engine drill" in out
    assert "current     recovery (6 of 6): Recovery" in out
    assert "phases      attack" in out
    assert "citations   4" in out
    assert digest(dry_session) == before


def test_status_json_is_a_stable_summary(run, dry_session):
    status, out, _ = run("status", str(dry_session), "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert data["ended"] is True and data["dry_run"] is True
    assert data["current_inject"] == "recovery"
    assert data["phases"] == ["attack"]
    assert data["path"] == ["quiet", "tension", "quake", "missiles", "recovery"]
    assert data["file"].endswith(".ttx.sqlite")
    assert len(data["scenario"]["sha256"]) == 64 and len(data["rules_sha256"]) == 64
    assert data["counts"]["citations"] == 4
    assert {"notes", "decisions", "ratings"} <= set(data["counts"])


def test_status_finds_a_session_by_its_id(run, dry_session):
    status, out, _ = run("status", dry_session.name.removesuffix(".ttx.sqlite"), "--format", "json")
    assert status == 0 and json.loads(out)["session_id"] == dry_session.name.removesuffix(".ttx.sqlite")


def test_status_of_something_that_is_not_a_session_exits_1_and_leaves_it_alone(run, tmp_path):
    other = tmp_path / "minutes.txt"
    other.write_text("not a session\n" * 100, encoding="utf-8")
    before = digest(other)
    status, _, err = run("status", str(other))
    assert status == 1 and "not a tabletop session file" in err
    assert digest(other) == before


def test_status_of_an_unknown_session_is_a_usage_error(run):
    status, _, err = run("status", "no-such-session")
    assert status == 2 and "no such session" in err


def test_export_then_import_round_trips(run, dry_session, tmp_path):
    status, _, _ = run("export", str(dry_session), "--format", "jsonl", "-o", "journal.jsonl")
    assert status == 0
    status, out, _ = run("import", "journal.jsonl", "--session-dir", "imported")
    assert status == 0
    imported = Path(out.strip())
    _, original, _ = run("status", str(dry_session), "--format", "json")
    _, copy, _ = run("status", str(imported), "--format", "json")
    original_data, copy_data = json.loads(original), json.loads(copy)
    original_data.pop("file"), copy_data.pop("file")
    assert copy_data == original_data


def test_export_without_output_writes_json_lines_to_stdout(run, dry_session):
    status, out, _ = run("export", str(dry_session))
    lines = out.splitlines()
    assert status == 0
    assert json.loads(lines[0])["format"] == "tabletop-journal"
    assert all(json.loads(line)["seq"] == n for n, line in enumerate(lines[1:], start=1))


def test_import_of_a_bad_line_names_it_and_exits_1(run, dry_session):
    run("export", str(dry_session), "-o", "journal.jsonl")
    lines = Path("journal.jsonl").read_text(encoding="utf-8").splitlines()
    lines[2] = "{not json"
    Path("journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, _, err = run("import", "journal.jsonl", "--session-dir", "imported")
    assert status == 1 and "journal.jsonl:3:" in err
    assert not Path("imported").exists() or not list(Path("imported").iterdir())


def test_every_command_documents_itself(run):
    for command in ("status", "export", "import", "dry-run"):
        status, out, _ = run(command, "--help")
        assert status == 0 and "Usage:" in out and len(out.splitlines()) > 5


def test_a_session_folder_that_cannot_be_created_is_a_clear_error(run, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    status, _, err = run("dry-run", DRILL, "--session-dir", str(blocker / "sessions"))
    assert status == 1 and "cannot create a session file here" in err
    assert "Traceback" not in err


def test_exporting_into_a_missing_folder_is_a_usage_error(run, dry_session):
    status, _, err = run("export", str(dry_session), "-o", "no/such/folder/journal.jsonl")
    assert status == 2 and "cannot write the export" in err
