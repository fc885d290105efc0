"""`tabletop status`, `export`, `import` and `dry-run` as a user runs them: output and exit statuses."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import RunCli
import pytest
from typing import Any


FIXTURES = Path(__file__).parent / "fixtures"
RULES = str(FIXTURES / "rules.yaml")
DRILL = str(FIXTURES / "drill.yaml")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_dry_run_writes_under_sessions_by_default_and_prints_the_path(dry_session: Path) -> None:
    assert dry_session.parent == Path("sessions")
    assert dry_session.name.startswith("ttx-drill-") and dry_session.name.endswith(".ttx.sqlite")


def test_the_session_folder_comes_from_the_option_or_the_environment(
    run: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    status, out, _ = run("dry-run", DRILL, "--session-dir", "elsewhere")
    assert status == 0 and Path(out.strip()).parent == Path("elsewhere")
    monkeypatch.setenv("TABLETOP_SESSION_DIR", str(tmp_path / "from-env"))
    status, out, _ = run("dry-run", DRILL)
    assert status == 0 and Path(out.strip()).parent == tmp_path / "from-env"


def test_dry_run_of_an_invalid_scenario_prints_located_errors_and_exits_1(run: RunCli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\ninjects: []\n", encoding="utf-8")
    status, out, err = run("dry-run", str(broken))
    assert (status, out) == (1, "")
    # The validator's own located line, exactly as `tabletop validate` prints it.
    _, validated, _ = run("validate", str(broken))
    assert validated.startswith(f"{broken}:2:1: error: ")
    assert err == validated
    assert not Path("sessions").exists()


def test_dry_run_of_a_missing_file_is_a_usage_error(run: RunCli) -> None:
    status, _, err = run("dry-run", "absent.yaml")
    assert status == 2 and "no such scenario file" in err


def test_status_prints_the_state_without_touching_the_file(run: RunCli, dry_session: Path) -> None:
    before = digest(dry_session)
    status, out, _ = run("status", str(dry_session))
    assert status == 0
    assert "Session engine drill" in out
    assert "current     recovery: Recovery" in out
    # Five injects on the default path, six with the contingency: the position says which is which.
    assert "position    step 5 on the path taken; 5 of 5 on the default path; 6 injects in the scenario" in out
    assert "phases      attack" in out
    assert "citations   4" in out
    # The dry-run answered the gates of tension (1) and missiles (2) itself: none is the room's.
    assert "determined  3 gate answer(s): 3 yes, 0 no; 3 assumed, not the room's" in out
    assert digest(dry_session) == before


def test_status_json_is_a_stable_summary(run: RunCli, dry_session: Path) -> None:
    status, out, _ = run("status", str(dry_session), "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert data["ended"] is True and data["dry_run"] is True
    assert data["current_inject"] == "recovery"
    assert data["position"] == {
        "step": 5,
        "default_path_position": 5,
        "adhoc": False,
        "default_path_length": 5,
        "inject_count": 6,
    }
    assert data["phases"] == ["attack"]
    assert data["path"] == ["quiet", "tension", "quake", "missiles", "recovery"]
    assert data["file"].endswith(".ttx.sqlite")
    # The hashes identify the exact texts the session was played from.
    assert data["scenario"]["sha256"] == hashlib.sha256(Path(DRILL).read_bytes()).hexdigest()
    assert data["rules_sha256"] == hashlib.sha256(Path(RULES).read_bytes()).hexdigest()
    assert data["counts"]["citations"] == 4
    assert (data["counts"]["determinations"], data["counts"]["declined_determinations"]) == (3, 0)
    # A dry run records the path and the citations, and nothing the room would add.
    assert (data["counts"]["notes"], data["counts"]["decisions"], data["counts"]["ratings"]) == (0, 0, 0)


def test_status_finds_a_session_by_its_id(run: RunCli, dry_session: Path) -> None:
    status, out, _ = run("status", dry_session.name.removesuffix(".ttx.sqlite"), "--format", "json")
    assert status == 0 and json.loads(out)["session_id"] == dry_session.name.removesuffix(".ttx.sqlite")


def test_status_of_something_that_is_not_a_session_exits_1_and_leaves_it_alone(run: RunCli, tmp_path: Path) -> None:
    other = tmp_path / "minutes.txt"
    other.write_text("not a session\n" * 100, encoding="utf-8")
    before = digest(other)
    status, _, err = run("status", str(other))
    assert status == 1 and "not a tabletop session file" in err
    assert digest(other) == before


def test_status_of_an_unknown_session_is_a_usage_error(run: RunCli) -> None:
    status, _, err = run("status", "no-such-session")
    assert status == 2 and "no such session" in err


def test_export_then_import_round_trips(run: RunCli, dry_session: Path, tmp_path: Path) -> None:
    status, _, _ = run("export", str(dry_session), "--format", "jsonl", "-o", "journal.jsonl")
    assert status == 0
    status, out, _ = run("import", "journal.jsonl", "--session-dir", "imported")
    assert status == 0
    imported = Path(out.strip())
    _, original, _ = run("status", str(dry_session), "--format", "json")
    _, copy, _ = run("status", str(imported), "--format", "json")
    original_data, copy_data = json.loads(original), json.loads(copy)
    original_data.pop("file"), copy_data.pop("file")
    # The copy says it was imported, and from which file; the rest reads exactly as the original.
    assert original_data.pop("imported") is None
    assert copy_data.pop("imported")["from"] == "journal.jsonl"
    assert copy_data == original_data


def test_export_without_output_writes_json_lines_to_stdout(run: RunCli, dry_session: Path) -> None:
    status, out, _ = run("export", str(dry_session))
    lines = out.splitlines()
    assert status == 0
    assert json.loads(lines[0])["format"] == "tabletop-journal"
    assert all(json.loads(line)["seq"] == n for n, line in enumerate(lines[1:], start=1))


def test_import_of_a_bad_line_names_it_and_exits_1(run: RunCli, dry_session: Path) -> None:
    run("export", str(dry_session), "-o", "journal.jsonl")
    lines = Path("journal.jsonl").read_text(encoding="utf-8").splitlines()
    lines[2] = "{not json"
    Path("journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, _, err = run("import", "journal.jsonl", "--session-dir", "imported")
    assert status == 1 and "journal.jsonl:3:" in err
    assert not Path("imported").exists() or not list(Path("imported").iterdir())


def test_every_command_documents_itself(run: RunCli) -> None:
    for command in ("status", "export", "import", "dry-run"):
        status, out, _ = run(command, "--help")
        assert status == 0 and "Usage:" in out and len(out.splitlines()) > 5


def test_a_session_folder_that_cannot_be_created_is_a_clear_error(run: RunCli, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    status, _, err = run("dry-run", DRILL, "--session-dir", str(blocker / "sessions"))
    assert status == 1 and "cannot create a session file here" in err
    assert "Traceback" not in err


def test_a_session_folder_under_a_file_says_how_to_choose_another(run: RunCli, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    status, out, err = run("dry-run", DRILL, "--session-dir", str(blocker / "sessions"))
    assert status == 1 and out == ""
    assert err.startswith(f"tabletop: error: {blocker / 'sessions'}: cannot create a session file here")
    assert err.rstrip().endswith("choose a folder you can write to with --session-dir DIR (or TABLETOP_SESSION_DIR)")


def _make_read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Refuse writes under `folder` the way a read-only mount does (tests may run as root)."""
    import errno
    import os
    import sqlite3

    real_access = os.access

    def mkdir(path: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    def connect(path: object, *args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    def access(path: str | os.PathLike[str], mode: int, *args: Any, **kwargs: Any) -> bool:
        inside = Path(os.path.abspath(path)).is_relative_to(folder)
        return real_access(path, mode, *args, **kwargs) and not (inside and mode & os.W_OK)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(os, "access", access)


def test_a_dry_run_in_a_read_only_folder_names_the_session_folder_and_suggests_another(
    run: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_read_only(monkeypatch, tmp_path)
    status, out, err = run("dry-run", DRILL)
    assert status == 1 and out == ""
    assert err == (
        "tabletop: error: sessions: cannot create a session file here (Read-only file system); "
        "choose a folder you can write to with --session-dir DIR (or TABLETOP_SESSION_DIR)\n"
    )
    assert not Path("sessions").exists()


def test_an_import_into_a_read_only_folder_suggests_another(
    run: RunCli, dry_session: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = tmp_path / "record.jsonl"
    assert run("export", str(dry_session), "-o", str(journal))[0] == 0
    target = tmp_path / "archive"
    target.mkdir()
    _make_read_only(monkeypatch, target)
    status, out, err = run("import", str(journal), "--session-dir", str(target))
    assert status == 1 and out == ""
    assert f"{target}: cannot create a session file here" in err
    assert err.rstrip().endswith("--session-dir DIR (or TABLETOP_SESSION_DIR)")


def test_a_session_folder_that_refuses_for_another_reason_gets_no_folder_advice(
    run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    status, _, err = run("dry-run", DRILL)
    assert status == 1 and "(disk I/O error)" in err and "--session-dir" not in err


def test_importing_a_session_that_is_already_in_the_folder_says_nothing_was_imported(
    run: RunCli, dry_session: Path, tmp_path: Path
) -> None:
    journal = tmp_path / "record.jsonl"
    assert run("export", str(dry_session), "-o", str(journal))[0] == 0
    status, out, err = run("import", str(journal))
    assert status == 1 and out == ""
    assert "exists already" in err and "nothing was imported" in err and "another session folder" in err
    status, out, err = run("import", str(journal), "--session-dir", str(tmp_path / "elsewhere"))
    assert status == 0, err
    assert Path(out.strip()).parent == tmp_path / "elsewhere"


def test_exporting_into_a_missing_folder_is_a_usage_error(run: RunCli, dry_session: Path) -> None:
    status, _, err = run("export", str(dry_session), "-o", "no/such/folder/journal.jsonl")
    assert status == 2 and "no such folder no/such/folder" in err


def test_status_groups_citations_by_inject_so_long_ids_stay_readable(run: RunCli, tmp_path: Path) -> None:
    long_id = "a-very-long-inject-id-that-a-scenario-author-found-descriptive"
    text = Path(DRILL).read_text(encoding="utf-8").replace("id: quiet", f"id: {long_id}")
    scenario = tmp_path / "long.yaml"
    scenario.write_text(text, encoding="utf-8")
    status, out, err = run("dry-run", str(scenario))
    assert status == 0, err
    _, out, _ = run("status", out.strip())
    lines = out.splitlines()
    at = lines.index(f"{'':12}{long_id}")
    assert lines[at + 1] == f"{'':14}III.A   Alliance Coordination Mechanism, scenario"
    assert lines[at + 2] == f"{'':12}tension"
    # Every clause id starts in the same column, whatever the inject ids' lengths.
    clause_lines = [line for line in lines[at:] if line.startswith(" " * 14) and line.strip()]
    assert {line.index(line.strip()) for line in clause_lines} == {14}


def test_status_never_prints_terminal_control_sequences_from_a_scenario_or_a_facilitator(
    run: RunCli, tmp_path: Path
) -> None:
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    text = Path(DRILL).read_text(encoding="utf-8")
    text = text.replace("title: Quiet start", 'title: "Quiet \\e[2J\\e]0;owned\\a start"')
    text = text.replace("title: Session engine drill", 'title: "Drill \\e[31mred\\e[0m"')
    scenario = tmp_path / "hostile.yaml"
    scenario.write_text(text, encoding="utf-8")
    corpus = load_rules(RULES)
    with Session.start(load_scenario(scenario, corpus), corpus, session_dir=tmp_path / "s") as session:
        session.deliver_next()
        session.cite("III.A", "see\x1b[1A\rover\nwritten")
        session.end("bye\x9b2J")
        path = session.path
    status, out, _ = run("status", str(path))
    assert status == 0
    assert not any(ch in out for ch in "\x1b\x9b\x07\r")
    assert "current     quiet: Quiet  start" in out
    assert "Drill red (hostile.yaml)" in out
    assert "III.A  Alliance Coordination Mechanism, facilitator. Reason: see over written" in out
    assert "summary     bye" in out


def test_status_of_a_folder_says_it_is_a_folder_and_what_it_holds(run: RunCli, dry_session: Path) -> None:
    status, _, err = run("status", "sessions")
    assert status == 2
    assert "sessions: is a folder, not a session" in err
    assert dry_session.name.removesuffix(".ttx.sqlite") in err


def test_status_of_a_mistyped_id_says_where_it_looked_and_suggests_the_nearest(run: RunCli, dry_session: Path) -> None:
    session_id = dry_session.name.removesuffix(".ttx.sqlite")
    status, _, err = run("status", session_id[:-1] + "x")
    assert status == 2
    assert "nor a session with this id in sessions" in err and f"did you mean {session_id!r}" in err


def test_status_of_a_session_from_a_newer_version_exits_1_and_leaves_it_alone(run: RunCli, dry_session: Path) -> None:
    import sqlite3

    db = sqlite3.connect(dry_session)
    db.execute("PRAGMA user_version=99")
    db.close()
    before = digest(dry_session)
    status, out, err = run("status", str(dry_session))
    assert status == 1 and out == ""
    assert "newer version of tabletop" in err and "upgrade" in err
    assert "Traceback" not in err
    assert digest(dry_session) == before


def test_a_session_folder_that_cannot_be_written_is_a_clear_error_and_leaves_nothing(
    run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    def refuse(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", refuse)
    status, out, err = run("dry-run", DRILL)
    assert status == 1 and out == ""
    assert "sessions: cannot create a session file here (unable to open database file)" in err
    assert not list(Path("sessions").iterdir())


def test_a_failure_while_writing_the_session_file_leaves_no_half_written_file(
    run: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from tabletop.session import SessionJournal

    store = sys.modules[SessionJournal.__module__]  # the module that publishes the session file

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "publish_new", disk_full)
    status, out, err = run("dry-run", DRILL)
    assert status == 1 and out == ""
    assert "could not write the session file (No space left on device)" in err
    assert list(Path("sessions").iterdir()) == []


@given(st.text())
def test_terminal_safe_text_holds_no_control_character_and_keeps_plain_text(text: str) -> None:
    from tabletop.safetext import terminal_safe

    safe = terminal_safe(text)
    assert not [ch for ch in safe if (ord(ch) < 32 and ch not in "\t\n") or 0x7F <= ord(ch) <= 0x9F]
    one_line = terminal_safe(text, one_line=True)
    assert "\n" not in one_line
    bidi = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
    if all(ch.isprintable() and ch not in bidi for ch in text):
        assert safe == text  # ordinary text, Japanese included, is printed as it is


def test_status_reads_a_session_a_console_is_recording_and_leaves_it_to_that_console(
    run: RunCli, tmp_path: Path
) -> None:
    # Programme staff check on a live exercise from another terminal: status must only read.
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    corpus = load_rules(RULES)
    live = Session.start(load_scenario(DRILL, corpus), corpus, session_dir=tmp_path / "live")
    try:
        live.deliver_next()
        live.note("ACM convened")
        assert isinstance(live.path, Path)
        before = digest(live.path)
        status, out, err = run("status", str(live.path), "--format", "json")
        assert (status, err) == (0, "")
        data = json.loads(out)
        assert (data["current_inject"], data["ended"], data["counts"]["notes"]) == ("quiet", False, 1)
        assert digest(live.path) == before
        # The console carries on recording, undisturbed by the reader.
        live.deliver_next({"important_influence": True})
    finally:
        live.close()
    status, out, _ = run("status", str(live.path), "--format", "json")
    assert status == 0 and json.loads(out)["current_inject"] == "tension"


def test_a_dry_run_of_a_bundled_sample_named_by_its_id_plays_its_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The bundled sample is played against the bundled rules (the fixture rules are another corpus).
    from tabletop.cli import cli, run_guarded

    status = run_guarded(cli, ["dry-run", "southwest_islands", "--session-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0
    assert Path(out.strip()).parent == tmp_path and Path(out.strip()).name.startswith("ttx-swi-01-")


def test_a_dry_run_of_a_missing_file_says_where_the_samples_are_listed(run: RunCli) -> None:
    status, _, err = run("dry-run", "exercises/mine.yaml")
    assert status == 2
    assert err.rstrip().endswith("; `tabletop scenarios` lists the bundled samples and their paths")
