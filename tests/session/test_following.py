"""A follower of a session file catches up with what another program records by reading what
changed, and still refuses an old event edited behind its back, whether the journal digest was
recomputed or not; a writer refuses what a reader refuses; and each event read from its row is
the one the event model validates from it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tabletop.errors import SessionFileError
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import Event, Session, SessionJournal, event_adapter
from tests.session.conftest import TickingClock
from tests.session.journal_support import rechain, run_sql

LONG_NOTE = "The liaison cell reads the whole order aloud. " * 120
"""A note longer than a page of the file: SQLite keeps the rest of it on overflow pages."""


def _text(n: int) -> str:
    return f"note {n}: the cell asks for the latest picture of the vessels around the island"


@pytest.fixture
def recording(drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Iterator[Session]:
    """A session being recorded: an inject delivered, a long note, and enough notes that the
    journal spans many pages of the file."""
    session = Session.start(drill, corpus, session_dir=tmp_path / "sessions", clock=TickingClock())
    session.deliver_next()
    session.note(LONG_NOTE)  # event 3
    for n in range(300):
        session.note(_text(n))
    yield session
    session.close()


def edited_early_event(path: Path) -> None:
    run_sql(path, ("UPDATE events SET payload = replace(payload, 'note 4:', 'note X:') WHERE seq = 8", ()))


def edited_early_event_rechained(path: Path) -> None:
    edited_early_event(path)
    rechain(path)


def edited_long_note(path: Path) -> None:
    run_sql(path, ("UPDATE events SET payload = replace(payload, 'aloud. The', 'aloud! The') WHERE seq = 3", ()))


def edited_last_event(path: Path) -> None:
    run_sql(path, ("UPDATE events SET payload = replace(payload, 'note 299', 'note 999') WHERE seq = 303", ()))


def deleted_middle_event_rechained(path: Path) -> None:
    run_sql(path, ("DELETE FROM events WHERE seq = 150", ()))
    rechain(path)


def deleted_last_event(path: Path) -> None:
    run_sql(path, ("DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)", ()))


def renumbered_after_a_deletion(path: Path) -> None:
    run_sql(path, ("DELETE FROM events WHERE seq = 40", ()), ("UPDATE events SET seq = seq - 1 WHERE seq > 40", ()))
    rechain(path)


TAMPERINGS = [
    edited_early_event,
    edited_early_event_rechained,
    edited_long_note,
    edited_last_event,
    deleted_middle_event_rechained,
    deleted_last_event,
    renumbered_after_a_deletion,
]


def test_a_follower_sees_each_new_event_and_holds_what_a_fresh_reader_holds(recording: Session) -> None:
    follower = Session.follow(recording.path)
    try:
        for round_ in range(3):
            recorded = [recording.note(f"round {round_} note {n}") for n in range(5)]
            assert [event.seq for event in follower.refresh()] == [event.seq for event in recorded]
            assert follower.refresh() == ()
        recording.note(LONG_NOTE + "once more")
        (new,) = follower.refresh()
        assert new.payload.type == "note_recorded" and new.payload.text.endswith("once more")
        with Session.open(recording.path, readonly=True) as fresh:
            assert follower.state == fresh.state
    finally:
        follower.close()


@pytest.mark.parametrize("tamper", TAMPERINGS)
def test_a_follower_refuses_a_journal_changed_behind_its_back(
    recording: Session, tamper: Callable[[Path], None]
) -> None:
    path = Path(recording.path)
    follower = Session.follow(path)
    try:
        recording.note("seen by the follower")
        assert len(follower.refresh()) == 1  # the follower has caught up once since it opened
        tamper(path)
        with pytest.raises(SessionFileError, match="damaged") as refused:
            follower.refresh()
        assert "\n" not in str(refused.value)
    finally:
        follower.close()


def test_a_follower_refuses_an_old_event_edited_while_it_catches_up_with_new_ones(recording: Session) -> None:
    path = Path(recording.path)
    follower = Session.follow(path)
    try:
        recording.note("first new note")
        follower.refresh()
        edited_early_event_rechained(path)
        with pytest.raises(SessionFileError, match="damaged"):
            recording.note("refused: the writer holds the events from before the edit")
        with Session.open(path, exclusive=False) as newcomer:  # opened after the edit: knows no better
            newcomer.note("recorded after the edit")
        with pytest.raises(SessionFileError, match="damaged"):
            follower.refresh()
    finally:
        follower.close()


def test_a_writer_opened_on_a_tampered_journal_refuses_it(recording: Session) -> None:
    path = Path(recording.path)
    recording.close()
    edited_early_event(path)
    with pytest.raises(SessionFileError, match="journal digest"):
        Session.open(path)


def _rows(path: Path) -> list[tuple[int, str, str, str]]:
    db = sqlite3.connect(path)
    rows = db.execute("SELECT seq, at, type, payload FROM events ORDER BY seq").fetchall()
    db.close()
    return rows


def _validated_whole(seq: int, at: str, payload: str) -> Event:
    return event_adapter().validate_json(f'{{"seq":{seq},"at":{json.dumps(at)},"payload":{payload}}}')


def test_the_events_read_are_those_the_event_model_validates_from_each_row(recording: Session) -> None:
    path = Path(recording.path)
    recording.close()
    whole = [_validated_whole(seq, at, payload) for seq, at, _, payload in _rows(path)]
    with SessionJournal.open(path, readonly=True) as journal:
        read = journal.events()
    assert read == whole
    assert [event.model_fields_set for event in read] == [event.model_fields_set for event in whole]
    assert [event.at.tzinfo for event in read] == [event.at.tzinfo for event in whole]


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("2030-04-01T18:00:05+09:00", None),  # another offset: read as the same instant in UTC
        ("2030-04-01 09:00:05Z", None),
        ("1969-12-31T23:59:59.000000Z", "before 1970"),
        ("2030-13-01T09:00:05.000000Z", "event 3: at:"),
        ("2030-04-01T09:00:05.000000", "event 3: at:"),
    ],
)
def test_a_time_in_another_form_is_read_as_the_event_model_reads_it(
    recording: Session, at: str, message: str | None
) -> None:
    path = Path(recording.path)
    recording.close()
    run_sql(path, ("UPDATE events SET at = ? WHERE seq = 3", (at,)))
    seq, stored, _, payload = _rows(path)[2]
    assert stored == at
    with SessionJournal.open(path, readonly=True) as journal:
        if message is None:
            event = journal.events()[2]
            assert event == _validated_whole(seq, at, payload) and event.at.utcoffset() is not None
        else:
            with pytest.raises(SessionFileError, match=message):
                journal.events()


def test_a_payload_the_model_refuses_is_named_by_its_field(recording: Session) -> None:
    path = Path(recording.path)
    recording.close()
    run_sql(
        path,
        ('UPDATE events SET payload = replace(payload, \'"text":"note 0\', \'"text":5, "x":"\') WHERE seq = 4', ()),
    )
    with (
        SessionJournal.open(path, readonly=True) as journal,
        pytest.raises(SessionFileError, match=r"event 4: payload\.note_recorded\.text: "),
    ):
        journal.events()
