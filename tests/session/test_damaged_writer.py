"""A session that records never records on a journal it found damaged: once a refresh, a catch-up
in its turn or a record found damage, every later command is refused with the damage and what to
do, nothing recorded, until the journal is opened again. And it checks the events it already
holds, not only new ones: an old event edited by another program, the journal digest recomputed,
is damage for the writer as for a follower. On a session file and on PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from tabletop.errors import SessionFileError
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import Committed, Note, Refused, Session
from tests.session.conftest import TickingClock
from tests.session.journal_support import Target, new_target, rechain, run_sql

# -- a session file --------------------------------------------------------------------------------


@pytest.fixture
def writer(drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Iterator[Session]:
    """A session recording into its file, as the console or the participants' page holds one."""
    session = Session.start(drill, corpus, session_dir=tmp_path / "sessions", clock=TickingClock())
    session.deliver_next()
    for n in range(20):
        session.note(f"note {n}: the cell asks for the latest picture")
    yield session
    session.close()


def _rows(path: Path) -> list[tuple[int, str]]:
    db = sqlite3.connect(path)
    try:
        return list(db.execute("SELECT seq, payload FROM events ORDER BY seq"))
    finally:
        db.close()


def _edited_old_event(path: Path) -> None:
    run_sql(path, ("UPDATE events SET payload = replace(payload, 'note 4:', 'note X:') WHERE seq = 7", ()))


def _edited_old_event_rechained(path: Path) -> None:
    _edited_old_event(path)
    rechain(path)


def _assert_refuses_every_command(session: Session, rows: Callable[[], object]) -> None:
    """Every way of recording is refused with the damage and what to do; nothing is written."""
    before = rows()
    for _ in range(2):
        with pytest.raises(SessionFileError, match="damaged") as raised:
            session.refresh()
        assert "nothing more is recorded in this session" in str(raised.value)
        with pytest.raises(SessionFileError, match="damaged") as raised:
            session.note("recorded after the damage was found")
        assert "tabletop salvage" in str(raised.value)
        outcome = session.execute(Note(text="through the command path", expected_seq=session.state.last_seq))
        assert isinstance(outcome, Refused), outcome
        assert "damaged" in outcome.reason and "nothing more is recorded" in outcome.reason
        assert "\n" not in outcome.reason
    assert rows() == before


DAMAGES = [_edited_old_event, _edited_old_event_rechained]


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_writer_whose_refresh_found_damage_records_nothing_more(
    writer: Session, damage: Callable[[Path], None]
) -> None:
    path = Path(writer.path)
    damage(path)
    with pytest.raises(SessionFileError, match="damaged"):
        writer.refresh()
    assert writer.damage is not None and writer.intact_events == 22
    _assert_refuses_every_command(writer, lambda: _rows(path))


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_writer_finds_damage_in_its_turn_and_records_nothing(writer: Session, damage: Callable[[Path], None]) -> None:
    path = Path(writer.path)
    damage(path)
    before = _rows(path)
    outcome = writer.execute(Note(text="the first command after the edit", expected_seq=writer.state.last_seq))
    assert isinstance(outcome, Refused) and "damaged" in outcome.reason, outcome
    assert "events 1 to 22 were checked intact" in outcome.reason
    assert _rows(path) == before
    _assert_refuses_every_command(writer, lambda: _rows(path))


def test_a_writer_finds_an_old_event_edited_while_another_seat_records(writer: Session) -> None:
    path = Path(writer.path)
    other = Session.open(path, exclusive=False)
    try:
        other.note("another seat's note")
        _edited_old_event_rechained(path)
        other.close()
        outcome = writer.execute(Note(text="after the edit", expected_seq=writer.state.last_seq))
        assert isinstance(outcome, Refused) and "damaged" in outcome.reason, outcome
    finally:
        other.close()
    assert all("after the edit" not in payload for _, payload in _rows(path))


def test_a_writer_still_records_beside_another_seat_on_an_intact_file(writer: Session) -> None:
    other = Session.open(writer.path, exclusive=False)
    try:
        other.note("another seat's note")
        outcome = writer.execute(Note(text="ours", expected_seq=writer.state.last_seq))
        assert isinstance(outcome, Committed), outcome
        assert writer.refresh() == ()
        assert writer.damage is None
    finally:
        other.close()
    with Session.open(writer.path, readonly=True) as fresh:
        assert fresh.state.last_seq == 24


def test_the_damage_found_is_refused_again_when_the_file_is_reopened(writer: Session) -> None:
    path = Path(writer.path)
    _edited_old_event(path)
    with pytest.raises(SessionFileError):
        writer.refresh()
    writer.close()
    with pytest.raises(SessionFileError, match="damaged"):
        Session.open(path)


# -- PostgreSQL ------------------------------------------------------------------------------------


@pytest.fixture
def target(database_url: str, drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Target:
    return new_target("postgres", drill, corpus, tmp_path / "sessions", database_url)


@pytest.fixture
def pg_writer(target: Target) -> Iterator[Session]:
    session = Session.from_journal(target.open_database())
    session.deliver_next()
    for n in range(5):
        session.note(f"note {n}: the cell asks for the latest picture")
    yield session
    session.close()


def _pg_rows(target: Target) -> list[tuple[int, str]]:
    with psycopg.connect(target.location, autocommit=True) as owner:
        return [
            (int(seq), str(payload))
            for seq, payload in owner.execute(
                "SELECT seq, payload FROM tabletop.events WHERE session_id = %s ORDER BY seq", (target.session_id,)
            )
        ]


def _unreadable_row_appended(target: Target) -> None:
    """Another writer's program appends a well-chained row that is not an event of this version."""
    with psycopg.connect(target.location, autocommit=True) as other:
        other.execute(
            "SELECT * FROM tabletop.append_event(%s, "
            "(SELECT max(seq) FROM tabletop.events WHERE session_id = %s), %s, 'note_recorded', %s)",
            (target.session_id, target.session_id, uuid.uuid4(), json.dumps({"type": "note_recorded", "bogus": 1})),
        )


def _old_event_edited_and_rechained(target: Target) -> None:
    """The database's owner edits an old event behind the triggers' back and recomputes every digest."""
    with psycopg.connect(target.location, autocommit=True) as owner:
        owner.execute("ALTER TABLE tabletop.events DISABLE TRIGGER USER")
        try:
            owner.execute(
                "UPDATE tabletop.events SET payload = replace(payload, 'note 1:', 'note X:') "
                "WHERE session_id = %s AND seq = 4",
                (target.session_id,),
            )
            digest = ""
            rows = owner.execute(
                "SELECT seq, at, type, payload FROM tabletop.events WHERE session_id = %s ORDER BY seq",
                (target.session_id,),
            ).fetchall()
            for seq, at, kind, payload in rows:
                row = owner.execute(
                    "SELECT tabletop.chain_digest(%s, %s, %s, %s, %s)", (digest, seq, at, kind, payload)
                )
                fetched = row.fetchone()
                assert fetched is not None
                digest = str(fetched[0])
                owner.execute(
                    "UPDATE tabletop.events SET digest = %s WHERE session_id = %s AND seq = %s",
                    (digest, target.session_id, seq),
                )
        finally:
            owner.execute("ALTER TABLE tabletop.events ENABLE TRIGGER USER")


PG_DAMAGES = [_unreadable_row_appended, _old_event_edited_and_rechained]


@pytest.mark.parametrize("damage", PG_DAMAGES)
def test_a_database_writer_that_found_damage_records_nothing_more(
    target: Target, pg_writer: Session, damage: Callable[[Target], None]
) -> None:
    damage(target)
    before = _pg_rows(target)
    outcome = pg_writer.execute(Note(text="the first command after it", expected_seq=pg_writer.state.last_seq))
    assert isinstance(outcome, Refused) and "damaged" in outcome.reason, outcome
    assert "events 1 to 7 were checked intact" in outcome.reason
    _assert_refuses_every_command(pg_writer, lambda: _pg_rows(target))
    assert _pg_rows(target) == before


@pytest.mark.parametrize("damage", PG_DAMAGES)
def test_a_database_writer_whose_refresh_found_damage_records_nothing_more(
    target: Target, pg_writer: Session, damage: Callable[[Target], None]
) -> None:
    damage(target)
    with pytest.raises(SessionFileError, match="damaged"):
        pg_writer.refresh()
    _assert_refuses_every_command(pg_writer, lambda: _pg_rows(target))
