"""One journal on both engines: a session file's export imported into PostgreSQL exports the same JSON
Lines, and back into a session file again; the chain verifies on both, and the state is the same."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tabletop.errors import JournalImportError
from tests.session.journal_support import HOSTILE_NOTE
from tabletop.session import JOURNAL_DIGEST_KEY, Session, SessionDatabase, import_jsonl, write_jsonl
from tests.conftest import RunCli


def _jsonl(session: str | Path, database: SessionDatabase | None = None) -> str:
    out = io.StringIO()
    write_jsonl(session, out, database=database)
    return out.getvalue()


def test_a_session_file_goes_into_postgres_and_back_as_the_same_journal(
    played: Session, database_url: str, tmp_path: Path
) -> None:
    database = SessionDatabase(database_url)
    exported = tmp_path / "from-file.jsonl"
    exported.write_text(_jsonl(played.path), encoding="utf-8")

    label = import_jsonl(exported, database=database)
    assert label == f"{database.shown} session {played.id}"
    from_database = _jsonl(played.id, database)
    assert from_database == exported.read_text(encoding="utf-8")
    with database.open(played.id, readonly=True) as journal, Session.open(played.path, readonly=True) as original:
        journal.verify_digest()
        assert journal.metadata()[JOURNAL_DIGEST_KEY] == original.metadata()[JOURNAL_DIGEST_KEY]
        with Session.from_journal(database.open(played.id, readonly=True)) as in_database:
            assert in_database.state == original.state

    back = tmp_path / "from-database.jsonl"
    back.write_text(from_database, encoding="utf-8")
    file_again = import_jsonl(back, tmp_path / "archive")
    with Session.open(file_again, readonly=True) as copy, Session.open(played.path, readonly=True) as original:
        assert copy.state == original.state  # opening checked its chain
        assert copy.metadata()[JOURNAL_DIGEST_KEY] == original.metadata()[JOURNAL_DIGEST_KEY]
    assert _jsonl(file_again) == exported.read_text(encoding="utf-8")


def test_a_session_recorded_in_postgres_becomes_a_session_file_that_verifies(
    session: Session, database_url: str, tmp_path: Path
) -> None:
    session.close()
    database = SessionDatabase(database_url)
    started = tmp_path / "started.jsonl"
    started.write_text(_jsonl(session.path), encoding="utf-8")
    import_jsonl(started, database=database)
    with Session.from_journal(database.open(session.id)) as live:  # stamped by the server's clock
        live.deliver_next()
        live.note(HOSTILE_NOTE)
        live.cite("III.A", "coordination")
        live.end("recorded in the database")
        state = live.state
    exported = tmp_path / "live.jsonl"
    exported.write_text(_jsonl(session.id, database), encoding="utf-8")
    archived = import_jsonl(exported, tmp_path / "archive")
    with Session.open(archived, readonly=True) as copy:
        assert copy.state == state
    assert _jsonl(archived) == exported.read_text(encoding="utf-8")


def test_the_command_line_imports_into_and_exports_from_a_database(
    run: RunCli, dry_session: Path, database_url: str, tmp_path: Path
) -> None:
    status, journal_text, err = run("export", str(dry_session))
    assert status == 0, err
    journal = tmp_path / "journal.jsonl"
    journal.write_text(journal_text, encoding="utf-8")
    session_id = dry_session.name.removesuffix(".ttx.sqlite")

    status, out, err = run("import", str(journal), "--db", database_url)
    assert status == 0, err
    assert out == f"{SessionDatabase(database_url).shown} session {session_id}\n"
    status, out, err = run("export", session_id, "--db", database_url)
    assert (status, out) == (0, journal_text), err
    status, _, err = run("export", session_id, "--db", database_url, "-o", str(tmp_path / "again.jsonl"))
    assert status == 0 and (tmp_path / "again.jsonl").read_text(encoding="utf-8") == journal_text

    status, out, err = run("import", str(journal), "--db", database_url)
    assert status == 1 and out == ""
    assert f"a session with the id {session_id!r} exists already" in err
    assert "nothing was imported (to keep both, import into another database)" in err


def test_a_bad_journal_writes_nothing_into_the_database(played: Session, database_url: str, tmp_path: Path) -> None:
    database = SessionDatabase(database_url)
    lines = _jsonl(played.path).splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([*lines[:-1], lines[-1].replace('"seq":', '"seq":9')]) + "\n", encoding="utf-8")
    with pytest.raises(JournalImportError, match=rf":{len(lines)}:"):
        import_jsonl(broken, database=database)
    assert database.session_ids() == []


def test_a_file_named_on_the_command_line_wins_over_the_environments_database(
    run: RunCli, dry_session: Path, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    status, journal_text, err = run("export", str(dry_session))
    assert status == 0, err
    journal = tmp_path / "journal.jsonl"
    journal.write_text(journal_text, encoding="utf-8")
    monkeypatch.setenv("TABLETOP_DATABASE_URL", database_url)
    # A session file, or an explicit session folder: files, whatever the environment says.
    status, out, err = run("export", str(dry_session))
    assert (status, out) == (0, journal_text), err
    status, out, err = run("import", str(journal), "--session-dir", str(tmp_path / "archive"))
    assert status == 0 and out.strip().endswith(".ttx.sqlite"), err
    assert SessionDatabase(database_url).session_ids() == []
    # Otherwise the environment's database is the place.
    status, out, err = run("import", str(journal))
    assert status == 0 and out.startswith(SessionDatabase(database_url).shown), err
    session_id = dry_session.name.removesuffix(".ttx.sqlite")
    assert run("export", session_id) == (0, journal_text, "")
