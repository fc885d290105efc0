"""Hostile session files and journals: nothing outside the session is written, reads change
nothing, and every refusal is one line with the documented exit status."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tabletop.session import text_sha256, Session
from tests.conftest import RunCli

FIXTURES = Path(__file__).parent / "fixtures"
RULES = str(FIXTURES / "rules.yaml")
DRILL = str(FIXTURES / "drill.yaml")


def digests(session: Path) -> dict[str, str | None]:
    """SHA-256 of the session file and of its `-wal` and `-shm` (None when absent)."""
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{session}{suffix}")
        found[suffix or "main"] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    return found


def tamper(session: Path | str, sql: str, *params: object) -> None:
    db = sqlite3.connect(session)
    db.execute(sql, params)
    db.commit()
    db.close()


def one_line_error(err: str) -> str:
    assert err.startswith("tabletop: error: ") and err.endswith("\n") and err.count("\n") == 1, err
    return err


# -- the critical one: stored names never become paths ----------------------------------------


@pytest.mark.parametrize("absolute", [True, False], ids=["absolute", "dot-dot"])
def test_status_never_writes_where_a_stored_rules_name_points(
    run: RunCli, dry_session: Path, tmp_path: Path, absolute: bool
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    before = victim.read_bytes()
    name = str(victim) if absolute else "../" * 30 + str(victim).lstrip("/")
    tamper(dry_session, "UPDATE documents SET name = ? WHERE role = 'rules'", name)
    sums = digests(dry_session)
    status, out, err = run("status", str(dry_session))
    assert victim.read_bytes() == before
    assert status == 1 and out == ""
    assert "the session file is damaged (the name of the stored rules text" in one_line_error(err)
    assert digests(dry_session) == sums


def test_a_rules_text_not_bundled_is_rebuilt_in_memory(
    run: RunCli, dry_session: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import tempfile

    from collections import OrderedDict

    from tabletop.session import rebuild_sources

    # Nothing rebuilt before: the stored rules are loaded from their text in this very command.
    sources = sys.modules[rebuild_sources.__module__]
    monkeypatch.setattr(sources, "_RULES", {})
    monkeypatch.setattr(sources, "_SOURCES", OrderedDict())

    def no_temporary_folders(*args: object, **kwargs: object) -> None:
        raise AssertionError("a session's texts are never written to disk to be read back")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_temporary_folders)
    status, out, err = run("status", str(dry_session), "--format", "json")
    assert status == 0, err
    assert json.loads(out)["rules_sha256"] == text_sha256(Path(RULES).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "is empty"),
        ("rules/", "no `..`, `.` or empty parts"),
        (".", "no `..`, `.` or empty parts"),
        ("rules/guidelines.yaml", "must be a file name alone"),
        ("a\0b.yaml", "contains a NUL character"),
        ("r" * 5000, "is 5,000 characters long"),
        ("..", "no `..`"),
        ("C:rules.yaml", "must be a relative path"),
    ],
    ids=["empty", "folder", "dot", "in-a-folder", "nul", "long", "dot-dot", "drive"],
)
def test_a_bad_stored_rules_name_is_one_line_of_damage(run: RunCli, dry_session: Path, name: str, problem: str) -> None:
    tamper(dry_session, "UPDATE documents SET name = ? WHERE role = 'rules'", name)
    sums = digests(dry_session)
    for command in ("status", "export"):
        status, out, err = run(command, str(dry_session))
        assert status == 1 and out == ""
        assert problem in one_line_error(err)
        assert "the session file is damaged" in err
    assert digests(dry_session) == sums


def test_a_stored_include_name_that_climbs_out_is_damage(run: RunCli, dry_session: Path) -> None:
    text = "injects: []\n"
    db = sqlite3.connect(dry_session)
    db.execute(
        "INSERT INTO documents(name, role, sha256, text) VALUES (?, 'include', ?, ?)",
        ("../../outside.yaml", text_sha256(text), text),
    )
    db.commit()
    db.close()
    status, _, err = run("status", str(dry_session))
    assert status == 1
    assert "the stored include text '../../outside.yaml' must be a plain path" in one_line_error(err)


def journal_lines(run: RunCli, session: Path) -> list[dict[str, Any]]:
    status, out, err = run("export", str(session))
    assert status == 0, err
    return [json.loads(line) for line in out.splitlines()]


def write_journal(path: Path, lines: Sequence[str | dict[str, Any]]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines), encoding="utf-8"
    )
    return path


def test_import_never_writes_where_a_header_document_name_points(
    run: RunCli, dry_session: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.yaml"
    victim.write_text("precious\n", encoding="utf-8")
    lines = journal_lines(run, dry_session)
    for document in lines[0]["documents"]:
        if document["role"] == "rules":
            document["name"] = str(victim)
    journal = write_journal(tmp_path / "hostile.jsonl", lines)
    status, out, err = run("import", str(journal), "--session-dir", "imported")
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert status == 1 and out == ""
    assert "must be a relative path inside the scenario's folder" in one_line_error(err)
    assert not Path("imported").exists() or not list(Path("imported").iterdir())


@pytest.mark.parametrize(
    ("session_id", "problem"),
    [("s" * 300, "at most 200 characters"), ("../escaped", "should match pattern"), ("a/b", "should match pattern")],
    ids=["long", "dot-dot", "slash"],
)
def test_an_import_session_id_that_is_no_file_name_is_refused(
    run: RunCli, dry_session: Path, tmp_path: Path, session_id: str, problem: str
) -> None:
    lines = journal_lines(run, dry_session)
    lines[0]["session_id"] = session_id
    lines[1]["payload"]["session_id"] = session_id
    journal = write_journal(tmp_path / "hostile.jsonl", lines)
    status, out, err = run("import", str(journal), "--session-dir", "imported/deeper")
    assert status == 1 and out == ""
    assert problem in one_line_error(err)
    assert not (tmp_path / "imported" / "escaped.ttx.sqlite").exists()


def test_an_import_header_nested_200000_deep_is_refused_in_one_line(run: RunCli, tmp_path: Path) -> None:
    journal = tmp_path / "deep.jsonl"
    journal.write_text('{"format": "tabletop-journal", "x": ' + "[" * 200_000 + "]" * 200_000 + "}\n", encoding="utf-8")
    status, out, err = run("import", str(journal))
    assert status == 1 and out == ""
    assert "nested too deeply" in one_line_error(err)


def test_an_import_header_with_a_5000_digit_number_is_refused_in_one_line(run: RunCli, tmp_path: Path) -> None:
    journal = tmp_path / "digits.jsonl"
    journal.write_text('{"format": "tabletop-journal", "version": ' + "9" * 5000 + "}\n", encoding="utf-8")
    status, out, err = run("import", str(journal))
    assert status == 1 and out == ""
    assert "not a tabletop journal header" in one_line_error(err)


@pytest.mark.parametrize(
    "key", ["format", "format_version", "session_id", "imported_from", "imported_at", "import_checked"]
)
def test_an_import_header_cannot_set_the_session_files_own_metadata(
    run: RunCli, dry_session: Path, tmp_path: Path, key: str
) -> None:
    lines = journal_lines(run, dry_session)
    lines[0]["metadata"][key] = "forged"
    journal = write_journal(tmp_path / "forged.jsonl", lines)
    status, _, err = run("import", str(journal), "--session-dir", "imported")
    assert status == 1
    assert f"the key {key!r} is set by tabletop itself" in one_line_error(err)


@pytest.mark.parametrize("seq", ['"2"', "2.0"], ids=["text", "float"])
def test_an_event_seq_must_be_a_json_integer(run: RunCli, dry_session: Path, tmp_path: Path, seq: str) -> None:
    lines = [json.dumps(line) for line in journal_lines(run, dry_session)]
    lines[2] = lines[2].replace('"seq": 2', f'"seq": {seq}', 1)
    assert f'"seq": {seq}' in lines[2]
    journal = write_journal(tmp_path / "seq.jsonl", lines)
    status, _, err = run("import", str(journal), "--session-dir", "imported")
    assert status == 1
    assert f"{journal}:3: not a valid event (seq: Input should be a valid integer" in one_line_error(err)


def test_an_import_whose_times_go_backwards_is_refused(run: RunCli, dry_session: Path, tmp_path: Path) -> None:
    lines = journal_lines(run, dry_session)
    lines[3]["at"] = "2001-01-01T00:00:00Z"
    journal = write_journal(tmp_path / "backwards.jsonl", lines)
    status, _, err = run("import", str(journal), "--session-dir", "imported")
    assert status == 1
    assert "before event 2" in one_line_error(err) and "never go backwards" in err


def test_status_refuses_a_stored_journal_whose_times_go_backwards(run: RunCli, dry_session: Path) -> None:
    tamper(dry_session, "UPDATE events SET at = '2001-01-01T00:00:00.000000Z' WHERE seq = 3")
    status, _, err = run("status", str(dry_session))
    assert status == 1
    assert "event 3" in one_line_error(err) and "never go backwards" in err


# -- damaged files: status and export agree, in one line ----------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM documents",
        "DELETE FROM documents WHERE role = 'scenario'",
        "INSERT INTO events(seq, at, type, payload) SELECT max(seq) + 1, max(at), 'note_recorded', "
        '\'{"type":"note_recorded","text":"after the end","inject":null}\' FROM events',
        'UPDATE events SET type = \'went_back\', payload = \'{"type":"went_back","inject":"x"}\' WHERE seq = 2',
    ],
    ids=["no-documents", "no-scenario", "event-after-close", "illegal-sequence"],
)
def test_export_refuses_what_status_calls_damaged(run: RunCli, dry_session: Path, damage: str) -> None:
    tamper(dry_session, damage)
    status_code, _, status_err = run("status", str(dry_session))
    export_code, export_out, export_err = run("export", str(dry_session))
    assert status_code == export_code == 1
    assert export_out == ""
    assert one_line_error(export_err) == one_line_error(status_err)


def test_a_bit_flipped_scenario_text_is_one_line_without_stored_text(run: RunCli, dry_session: Path) -> None:
    db = sqlite3.connect(dry_session)
    (text,) = db.execute("SELECT text FROM documents WHERE role = 'scenario'").fetchone()
    broken = text.replace("injects:", "injects:\n  - {{{", 1) + "\n\x1b[31m: : :\n"
    db.execute("UPDATE documents SET text = ?, sha256 = ? WHERE role = 'scenario'", (broken, text_sha256(broken)))
    db.commit()
    db.close()
    status, _, err = run("status", str(dry_session))
    assert status == 1
    assert "the scenario stored in the session cannot be read back" in one_line_error(err)
    assert "\x1b" not in err


# -- reads change nothing -----------------------------------------------------------------------


def crashed_copy(session: Path, folder: Path, *, keep_shm: bool) -> Path:
    """A copy of `session` as a killed writer leaves it: a `-wal` holding committed events."""
    db = sqlite3.connect(session, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA wal_autocheckpoint=0")
    db.execute("UPDATE metadata SET value = value || ' (copied)' WHERE key = 'tabletop_version'")
    folder.mkdir()
    copy = folder / session.name
    for suffix in ("", "-wal", "-shm") if keep_shm else ("", "-wal"):
        Path(f"{copy}{suffix}").write_bytes(Path(f"{session}{suffix}").read_bytes())
    db.close()
    assert Path(f"{copy}-wal").stat().st_size > 0
    return copy


@pytest.mark.parametrize("keep_shm", [True, False], ids=["wal-and-shm", "wal-without-shm"])
def test_reading_a_crashed_session_modifies_no_file_and_creates_none(
    run: RunCli, dry_session: Path, tmp_path: Path, keep_shm: bool
) -> None:
    copy = crashed_copy(dry_session, tmp_path / "crashed", keep_shm=keep_shm)
    listing = sorted(p.name for p in copy.parent.iterdir())
    sums = digests(copy)
    for args in (("status", str(copy)), ("status", str(copy), "--format", "json"), ("export", str(copy))):
        status, _, err = run(*args)
        assert status == 0, err
        assert digests(copy) == sums
        assert sorted(p.name for p in copy.parent.iterdir()) == listing


def test_a_read_only_folder_with_a_wal_and_no_shm_reads_as_intact(
    run: RunCli, dry_session: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = crashed_copy(dry_session, tmp_path / "read-only", keep_shm=False)
    sums = digests(copy)
    real_connect = sqlite3.connect

    def connect(database: str | os.PathLike[str], *args: Any, **kwargs: Any) -> sqlite3.Connection:
        # Like a read-only folder for any user, administrators included: nothing may open the
        # session through SQLite, which would need to create the -shm beside it.
        if str(copy.parent) in str(database):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        connection: sqlite3.Connection = real_connect(database, *args, **kwargs)
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect)
    copy.parent.chmod(0o555)
    try:
        status, out, err = run("status", str(copy), "--format", "json")
    finally:
        copy.parent.chmod(0o755)
    assert status == 0, err
    assert json.loads(out)["ended"] is True
    assert digests(copy) == sums


def test_recording_into_a_read_only_session_is_refused_before_anything_is_created(dry_session: Path) -> None:
    from tabletop.errors import SessionFileError
    from tabletop.session import Session

    dry_session.chmod(0o444)
    listing = sorted(p.name for p in dry_session.parent.iterdir())
    sums = digests(dry_session)
    with pytest.raises(SessionFileError, match="the session file is read-only"):
        Session.open(dry_session)
    assert sorted(p.name for p in dry_session.parent.iterdir()) == listing
    assert digests(dry_session) == sums


def test_a_fifo_given_as_a_session_names_its_real_reason(run: RunCli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.ttx.sqlite"
    os.mkfifo(fifo)
    for command in ("status", "export"):
        status, _, err = run(command, str(fifo))
        assert status == 2
        assert "is a named pipe (FIFO), not a regular file" in one_line_error(err)


def test_a_fifo_given_to_dry_run_names_its_real_reason(run: RunCli, tmp_path: Path) -> None:
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    status, out, err = run("dry-run", str(fifo))
    assert status == 2 and out == ""
    assert (
        err == f"tabletop: error: {fifo}: is a named pipe (FIFO), not a regular file; a scenario must be a YAML file\n"
    )
    assert not Path("sessions").exists()


def test_a_fifo_given_to_import_names_its_real_reason(run: RunCli, tmp_path: Path) -> None:
    fifo = tmp_path / "journal.jsonl"
    os.mkfifo(fifo)
    status, _, err = run("import", str(fifo))
    assert status == 2
    assert err == f"tabletop: error: {fifo}: is a named pipe (FIFO), not a regular file\n"


# -- export -o -------------------------------------------------------------------------------


def test_export_onto_the_session_it_reads_is_refused_even_with_force(run: RunCli, dry_session: Path) -> None:
    sums = digests(dry_session)
    for extra in ((), ("--force",)):
        status, out, err = run("export", str(dry_session), "-o", str(dry_session), *extra)
        assert status == 2 and out == ""
        assert "is the session being exported" in one_line_error(err)
        assert digests(dry_session) == sums


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_export_onto_the_sessions_companion_files_is_refused_even_before_they_exist(
    run: RunCli, dry_session: Path, suffix: str
) -> None:
    companion = Path(f"{dry_session}{suffix}")
    assert not companion.exists()
    for extra in ((), ("--force",)):
        status, _, err = run("export", str(dry_session), "-o", str(companion), *extra)
        assert status == 2
        assert f"is the {suffix[1:]} file of the session being exported" in one_line_error(err)
        assert not companion.exists()


def test_export_onto_another_session_or_a_foreign_file_needs_force(
    run: RunCli, dry_session: Path, tmp_path: Path
) -> None:
    status, out, _ = run("dry-run", DRILL)
    other = Path(out.strip())
    other_sums = digests(other)
    status, _, err = run("export", str(dry_session), "-o", str(other))
    assert status == 2 and "is a database (possibly a session file" in one_line_error(err)
    assert digests(other) == other_sums
    notes = tmp_path / "notes.txt"
    notes.write_text("mine\n", encoding="utf-8")
    status, _, err = run("export", str(dry_session), "-o", str(notes))
    assert status == 2 and "add --force to replace it" in one_line_error(err)
    assert notes.read_text(encoding="utf-8") == "mine\n"
    status, _, err = run("export", str(dry_session), "-o", str(notes), "--force")
    assert status == 0, err
    assert notes.read_text(encoding="utf-8").startswith('{"format":"tabletop-journal"')


def test_export_replaces_its_own_earlier_output_without_force(run: RunCli, dry_session: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    assert run("export", str(dry_session), "-o", str(target))[0] == 0
    first = target.read_text(encoding="utf-8")
    target.write_text(first + '{"seq": 999}\n', encoding="utf-8")
    assert run("export", str(dry_session), "-o", str(target))[0] == 0
    assert target.read_text(encoding="utf-8") == first


def test_export_on_a_full_disk_exits_1(
    run: RunCli, dry_session: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the atomic writer's
    target = tmp_path / "out.jsonl"
    status, _, err = run("export", str(dry_session), "-o", str(target))
    assert status == 1
    assert "could not write the export (No space left on device)" in one_line_error(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sessions"]


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_new_files_get_the_users_umask(run: RunCli, dry_session: Path, tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        assert run("export", str(dry_session), "-o", str(tmp_path / "out.jsonl"))[0] == 0
        assert run("new", str(tmp_path / "new.yaml"))[0] == 0
    finally:
        os.umask(previous)
    for name in ("out.jsonl", "new.yaml"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask


def test_export_of_a_file_with_the_application_id_and_no_documents_is_one_line(run: RunCli, tmp_path: Path) -> None:
    from tabletop.session import APPLICATION_ID, JOURNAL_FORMAT_VERSION, JOURNAL_SCHEMA

    forged = tmp_path / "forged.ttx.sqlite"
    db = sqlite3.connect(forged)
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
    db.execute(f"PRAGMA user_version={JOURNAL_FORMAT_VERSION}")
    db.executescript(JOURNAL_SCHEMA)
    db.close()
    for command in ("export", "status"):
        status, _, err = run(command, str(forged))
        assert status == 1
        assert "it stores 0 and 0" in one_line_error(err)


# -- the journal digest ---------------------------------------------------------------------------


def test_deleting_the_last_event_of_a_closed_session_is_damage(run: RunCli, dry_session: Path) -> None:
    tamper(dry_session, "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)")
    for command in ("status", "export"):
        status, out, err = run(command, str(dry_session))
        assert status == 1 and out == ""
        assert "its events do not match the journal digest" in one_line_error(err)


@pytest.mark.parametrize(
    "edit",
    [
        "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)",
        "UPDATE events SET payload = replace(payload, 'agreed', 'refused') WHERE type = 'note_recorded'",
    ],
    ids=["last-event-of-an-open-session-deleted", "consistent-edit"],
)
def test_an_edit_that_keeps_the_journal_consistent_is_still_damage(session: Session, edit: str) -> None:
    from tabletop.errors import SessionFileError
    from tabletop.session import Session

    session.note("the room agreed")
    session.note("the room agreed again")
    path = session.path
    session.close()
    tamper(path, edit)
    with pytest.raises(SessionFileError, match="do not match the journal digest"):
        Session.open(path, readonly=True)


def test_every_acknowledged_event_moves_the_digest_and_reopening_keeps_recording(session: Session) -> None:
    from tabletop.session import JOURNAL_DIGEST_KEY, Session

    def digest(path: Path | str) -> str:
        db = sqlite3.connect(path)
        (value,) = db.execute("SELECT value FROM metadata WHERE key = ?", (JOURNAL_DIGEST_KEY,)).fetchone()
        db.close()
        return str(value)

    path = session.path
    first = digest(path)
    session.note("one")
    second = digest(path)
    session.close()
    with Session.open(path) as again:
        again.note("two")
    assert len({first, second, digest(path)}) == 3
    with Session.open(path, readonly=True) as reread:
        assert [n.text for n in reread.state.notes] == ["one", "two"]


def test_a_session_written_before_digests_still_opens(dry_session: Path, run: RunCli) -> None:
    from tabletop.session import JOURNAL_DIGEST_KEY

    tamper(dry_session, "DELETE FROM metadata WHERE key = ?", JOURNAL_DIGEST_KEY)
    status, out, err = run("status", str(dry_session), "--format", "json")
    assert status == 0, err
    assert json.loads(out)["ended"] is True
