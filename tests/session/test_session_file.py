"""The session file: recognised, versioned, durable settings, and never modified when it is not ours."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tabletop.errors import SessionFileError
from tabletop.session import APPLICATION_ID, JOURNAL_FORMAT_VERSION, Session, SessionJournal
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ended_session(session: Session) -> Path:
    session.deliver_next()
    session.note("recorded")
    session.close()
    assert isinstance(session.path, Path)
    return session.path


def test_a_session_file_is_marked_as_ours_and_carries_the_format_version(session: Session) -> None:
    path = ended_session(session)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert db.execute("PRAGMA user_version").fetchone()[0] == JOURNAL_FORMAT_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    metadata = dict(db.execute("SELECT key, value FROM metadata"))
    assert metadata["format_version"] == str(JOURNAL_FORMAT_VERSION)
    assert metadata["session_id"] == path.name.removesuffix(".ttx.sqlite")
    roles = [row[0] for row in db.execute("SELECT role FROM documents ORDER BY rowid")]
    assert roles == ["scenario", "rules"]
    db.close()


def test_a_session_opened_for_recording_writes_with_full_synchronous_durability(session: Session) -> None:
    path = session.path
    session.close()
    with SessionJournal.open(path) as journal:
        assert journal.pragma("synchronous") == 2  # FULL
        assert journal.pragma("journal_mode") == "wal"


def test_each_operation_is_on_disk_when_it_returns(session: Session) -> None:
    session.deliver_next()
    # A second, independent reader sees the event without the writer closing anything.
    db = sqlite3.connect(f"file:{session.path}?mode=ro", uri=True)
    assert db.execute("SELECT max(seq) FROM events").fetchone()[0] == 2
    db.close()


def _assert_refused_untouched(path: Path, message: str) -> None:
    before = sha256_of(path)
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(SessionFileError, match=message):
        Session.open(path)
    with pytest.raises(SessionFileError, match=message):
        Session.open(path, readonly=True)
    assert sha256_of(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings


def test_a_text_file_is_not_a_session_and_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.ttx.sqlite"
    path.write_text("minutes of the planning conference\n" * 50, encoding="utf-8")
    _assert_refused_untouched(path, "not a tabletop session file")


def test_another_sqlite_database_is_not_a_session_and_is_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE events (seq INTEGER)")
    db.commit()
    db.close()
    _assert_refused_untouched(path, "not a tabletop session file")


def test_a_session_from_a_newer_version_is_refused_and_left_untouched(session: Session) -> None:
    path = ended_session(session)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={JOURNAL_FORMAT_VERSION + 1}")
    db.close()
    _assert_refused_untouched(path, "newer version of tabletop")


def test_a_truncated_session_is_reported_damaged_and_left_untouched(session: Session) -> None:
    path = ended_session(session)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])
    with pytest.raises(SessionFileError):
        Session.open(path, readonly=True)
    _assert_refused_untouched(path, "damaged|not a tabletop")


def test_an_event_edited_into_nonsense_is_reported_with_its_seq(session: Session) -> None:
    path = ended_session(session)
    db = sqlite3.connect(path)
    db.execute('UPDATE events SET payload = \'{"type": "note_recorded"}\' WHERE seq = 3')
    db.commit()
    db.close()
    _assert_refused_untouched(path, "event 3")


def test_an_event_that_breaks_the_rules_is_reported_as_damage(session: Session) -> None:
    path = ended_session(session)
    db = sqlite3.connect(path)
    # Rewrite the first delivery to an inject `next` could not have delivered.
    db.execute('UPDATE events SET payload = replace(payload, \'"inject":"quiet"\', \'"inject":"quake"\') WHERE seq = 2')
    db.commit()
    db.close()
    _assert_refused_untouched(path, "event 2")


def test_a_tampered_stored_document_is_reported_as_damage(session: Session) -> None:
    path = ended_session(session)
    db = sqlite3.connect(path)
    db.execute("UPDATE documents SET text = text || '# edited' WHERE role = 'scenario'")
    db.commit()
    db.close()
    _assert_refused_untouched(path, "SHA-256")


def test_opening_read_only_never_changes_the_file(session: Session) -> None:
    path = ended_session(session)
    before = sha256_of(path)
    with Session.open(path, readonly=True) as opened:
        assert opened.state.last_seq == 3
    assert sha256_of(path) == before


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SessionFileError, match="no such session file"):
        Session.open(tmp_path / "absent.ttx.sqlite")


def test_a_failed_start_leaves_no_file(
    drill: LoadedScenario, corpus: Corpus, session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from tabletop.session import SessionStarted

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sys.modules[SessionStarted.__module__], "SessionStarted", broken)
    with pytest.raises(RuntimeError):
        Session.start(drill, corpus, session_dir=session_dir)
    assert list(session_dir.iterdir()) == []
