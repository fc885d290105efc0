"""The session journal in PostgreSQL reads and appends as a session file does, and the database itself
keeps it whole: append-only, each event chained to the one before it by the same digest."""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from datetime import UTC, datetime

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psycopg.rows import TupleRow

from tests.session.journal_support import new_target, note, note_text, Target
from tabletop.errors import DatabaseError, SessionFileError, SessionMovedOn, UsageError
from tabletop.session import (
    JOURNAL_DIGEST_KEY,
    Document,
    Event,
    Session,
    SessionDatabase,
    SessionJournal,
    write_jsonl,
)
from tabletop.session import event_types
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from pathlib import Path

NoteRecorded = event_types()["note_recorded"]


def chained_digest(previous: str, row: tuple[object, ...]) -> str:
    """The journal digest as docs/sessions.md defines it, written here independently of both engines."""
    record = json.dumps([previous, *row], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(record.encode("utf-8")).hexdigest()


@pytest.fixture
def target(database_url: str, drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Target:
    return new_target("postgres", drill, corpus, tmp_path / "sessions", database_url)


@pytest.fixture
def database(database_url: str) -> SessionDatabase:
    return SessionDatabase(database_url)


def _owner(database_url: str) -> psycopg.Connection[TupleRow]:
    return psycopg.connect(database_url, autocommit=True)


class TestReadingBack:
    def test_a_session_reads_back_as_its_file_does(self, target: Target, tmp_path: Path) -> None:
        original = SessionJournal.open(next((tmp_path / "sessions").glob("*.ttx.sqlite")), readonly=True)
        journal = target.open_reader()
        try:
            assert journal.documents() == original.documents()
            assert journal.events() == original.events()
            ours, theirs = journal.metadata(), original.metadata()
            assert ours[JOURNAL_DIGEST_KEY] == theirs[JOURNAL_DIGEST_KEY]  # one chain on both engines
            imported = ("imported_from", "imported_at", "import_checked")
            assert {k: v for k, v in ours.items() if k not in imported} == theirs
            assert ours["import_checked"] == "digest"
            journal.verify_digest()
        finally:
            journal.close()
            original.close()

    def test_events_since_a_seq_are_the_ones_after_it(self, target: Target) -> None:
        with target.open_writer() as journal:
            for seq in (2, 3, 4):
                journal.append(note(seq, f"note {seq}"))
            assert [event.seq for event in journal.events(since=2)] == [3, 4]
            assert journal.events(since=4) == []
            assert journal.head() == 4

    def test_the_sessions_of_a_database_are_listed_oldest_first(self, database: SessionDatabase) -> None:
        documents = [Document.of("a.yaml", "scenario", "x"), Document.of("r.yaml", "rules", "y")]
        for session_id in ("c-first", "a-second", "b-third"):
            with database.building({"session_id": session_id}, documents) as journal:
                journal.append(note(1, session_id))
        assert database.session_ids() == ["c-first", "a-second", "b-third"]
        assert database.has_session("a-second") and not database.has_session("a-secnd")

    def test_opening_an_unknown_session_suggests_the_nearest_id(self, target: Target) -> None:
        database = SessionDatabase(target.location)
        with pytest.raises(UsageError, match=rf"no session '{target.session_id[:-1]}' in this database; did you mean"):
            database.open(target.session_id[:-1])

    def test_a_database_without_the_schema_says_who_creates_it(self, empty_database_url: str) -> None:
        with pytest.raises(DatabaseError, match=r"holds no tabletop sessions yet; its owner creates the schema with"):
            SessionDatabase(empty_database_url).open("anything")

    def test_a_session_written_by_a_newer_tabletop_is_refused(self, database: SessionDatabase) -> None:
        documents = [Document.of("a.yaml", "scenario", "x"), Document.of("r.yaml", "rules", "y")]
        with database.building({"session_id": "from-the-future", "format_version": "99"}, documents):
            pass
        with pytest.raises(SessionFileError, match=r"written by a newer version of tabletop \(session format 99"):
            database.open("from-the-future")


class TestAppending:
    def test_the_servers_clock_stamps_each_event_and_the_chain_is_the_files(self, target: Target) -> None:
        long_ago = datetime(2001, 1, 1, tzinfo=UTC)
        with target.open_writer() as journal:
            before = datetime.now(UTC)
            recorded = journal.append(Event(seq=2, at=long_ago, payload=NoteRecorded(text="stamped")))
            assert recorded.seq == 2 and recorded.at >= before.replace(microsecond=0)
            assert journal.events(since=1) == [recorded]
            previous = journal.metadata()[JOURNAL_DIGEST_KEY]
            recorded = journal.append(note(3, "the next"))
            row = (
                3,
                recorded.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "note_recorded",
                recorded.payload.model_dump_json(),
            )
            assert journal.metadata()[JOURNAL_DIGEST_KEY] == chained_digest(previous, row)
            journal.verify_digest()

    def test_times_never_go_back_even_when_the_servers_clock_is_behind(self, database: SessionDatabase) -> None:
        documents = [Document.of("a.yaml", "scenario", "x"), Document.of("r.yaml", "rules", "y")]
        future = datetime(2099, 1, 1, 12, tzinfo=UTC)
        with database.building({"session_id": "ahead"}, documents) as journal:
            journal.append(Event(seq=1, at=future, payload=NoteRecorded(text="recorded by a clock ahead")))
        with database.open("ahead") as journal:
            assert journal.append(note(2, "now")).at == future

    def test_a_stale_expected_seq_is_refused_with_nothing_recorded(self, target: Target) -> None:
        with target.open_writer() as journal:
            journal.append(note(2, "first"))
            with pytest.raises(SessionMovedOn, match="the session moved on: event 2 was recorded meanwhile"):
                journal.append(note(2, "late"), expected_seq=1)
            journal.append(note(3, "second"))
            with pytest.raises(SessionMovedOn, match="events 2 to 3 were recorded meanwhile"):
                journal.append(note(2, "later"), expected_seq=1)
            assert [note_text(event) for event in journal.events(since=1)] == ["first", "second"]

    def test_a_retried_append_returns_the_event_recorded_the_first_time(self, target: Target) -> None:
        event_id = uuid.uuid4()
        with target.open_writer() as journal:
            first = journal.append(note(2, "sent twice"), event_id=event_id)
            again = journal.append(note(2, "sent twice"), event_id=event_id)
            assert again == first
            journal.append(note(3, "after"))
            # Even once the journal has moved on, the retry finds its event rather than a refusal.
            assert journal.append(note(2, "sent twice"), event_id=event_id) == first
            with pytest.raises(DatabaseError, match=f"the event id {event_id} was used for another event"):
                journal.append(note(4, "another event"), event_id=event_id)
            assert [event.seq for event in journal.events()] == [1, 2, 3]

    def test_a_journal_opened_readonly_records_nothing(self, target: Target) -> None:
        with target.open_reader() as journal, pytest.raises(SessionFileError, match="opened read-only"):
            journal.append(note(2, "no"))
        with (
            psycopg.connect(target.location, options="-c default_transaction_read_only=on") as connection,
            pytest.raises(psycopg.errors.ReadOnlySqlTransaction),
        ):
            connection.execute(
                "SELECT * FROM tabletop.append_event(%s, 1, %s, 'x', '{}')", (target.session_id, uuid.uuid4())
            )

    def test_a_session_built_with_an_error_leaves_nothing(self, database: SessionDatabase) -> None:
        documents = [Document.of("a.yaml", "scenario", "x"), Document.of("r.yaml", "rules", "y")]
        with pytest.raises(RuntimeError), database.building({"session_id": "half"}, documents) as journal:
            journal.append(note(1, "written"))
            raise RuntimeError("the import failed")
        assert database.session_ids() == []

    def test_a_session_id_is_taken_once(self, database: SessionDatabase) -> None:
        documents = [Document.of("a.yaml", "scenario", "x"), Document.of("r.yaml", "rules", "y")]
        with database.building({"session_id": "once"}, documents) as journal:
            journal.append(note(1, "first"))
        with (
            pytest.raises(SessionFileError, match="exists already in the database; nothing was written"),
            database.building({"session_id": "once"}, documents),
        ):
            pass
        assert database.session_ids() == ["once"]

    def test_a_session_records_through_the_database_and_reopens_the_same(self, target: Target) -> None:
        with Session.from_journal(target.open_writer()) as session:
            event = session.note("recorded in the database")
            assert session.state.notes[-1].text == "recorded in the database"
            assert session.events()[-1] == event
            state = session.state
        with target.replay() as again:
            assert again.state == state


class TestTheDatabaseKeepsTheJournalWhole:
    @pytest.mark.parametrize("table", ["sessions", "metadata", "documents", "events"])
    def test_nothing_recorded_can_be_changed_or_removed(self, target: Target, table: str) -> None:
        with _owner(target.location) as owner:
            for statement in (
                f"UPDATE tabletop.{table} SET session_id = session_id",
                f"DELETE FROM tabletop.{table}",
                f"TRUNCATE tabletop.{table} CASCADE",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="the session journal is append-only"):
                    owner.execute(statement)
        with target.open_reader() as journal:
            assert len(journal.events()) == 1 and journal.documents()

    def test_an_event_that_does_not_follow_the_chain_is_refused(self, target: Target) -> None:
        with target.open_writer() as journal:
            journal.append(note(2, "real"))
            head = journal.metadata()[JOURNAL_DIGEST_KEY]
            at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            payload = NoteRecorded(text="forged").model_dump_json()
            honest = chained_digest(head, (3, at, "note_recorded", payload))
        forged = [
            (3, at, payload, "0" * 64, "does not carry the journal digest of the chain"),
            (4, at, payload, chained_digest(head, (4, at, "note_recorded", payload)), "event 3 is not recorded"),
            (3, "2001-01-01T00:00:00.000000Z", payload, honest, "is earlier than the event before it"),
        ]
        with _owner(target.location) as owner:
            for seq, when, text, digest, refusal in forged:
                with pytest.raises(psycopg.errors.CheckViolation, match=refusal):
                    owner.execute(
                        "INSERT INTO tabletop.events (session_id, seq, event_id, at, type, payload, digest) "
                        "VALUES (%s, %s, %s, %s, 'note_recorded', %s, %s)",
                        (target.session_id, seq, uuid.uuid4(), when, text, digest),
                    )
            # The chain is a consistency check, not a signature: a link computed as the chain says is taken.
            owner.execute(
                "INSERT INTO tabletop.events (session_id, seq, event_id, at, type, payload, digest) "
                "VALUES (%s, 3, %s, %s, 'note_recorded', %s, %s)",
                (target.session_id, uuid.uuid4(), at, payload, honest),
            )
        with target.open_reader() as journal:
            journal.verify_digest()

    def test_an_event_edited_behind_the_triggers_back_is_found(self, target: Target) -> None:
        with target.open_writer() as journal:
            for seq in (2, 3, 4):
                journal.append(note(seq, f"note {seq}"))
        with _owner(target.location) as owner:
            owner.execute("ALTER TABLE tabletop.events DISABLE TRIGGER USER")
            owner.execute(
                "UPDATE tabletop.events SET payload = replace(payload, 'note 3', 'note 9') "
                "WHERE session_id = %s AND seq = 3",
                (target.session_id,),
            )
            owner.execute("ALTER TABLE tabletop.events ENABLE TRIGGER USER")
        with (
            target.open_reader() as journal,
            pytest.raises(SessionFileError, match=r"the session journal is damaged \(event 3 does not match"),
        ):
            journal.verify_digest()
        with pytest.raises(SessionFileError, match="damaged"):
            target.replay()


_TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=40)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(previous=_TEXT, seq=st.integers(1, 2**62), at=_TEXT, kind=_TEXT, payload=_TEXT)
def test_the_server_computes_the_chain_exactly_as_the_session_file_does(
    database_url: str, previous: str, seq: int, at: str, kind: str, payload: str
) -> None:
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT tabletop.chain_digest(%s, %s, %s, %s, %s)", (previous, seq, at, kind, payload)
        ).fetchone()
    assert row is not None and row[0] == chained_digest(previous, (seq, at, kind, payload))


class TestFollowing:
    def test_a_follower_is_woken_by_the_writers_commit(self, target: Target) -> None:
        writer, follower = target.open_writer(), target.open_database(readonly=True)
        found: list[Event] = []
        try:
            waiting = threading.Thread(target=lambda: found.extend(follower.wait_for_events(1, 60)))
            waiting.start()
            writer.append(note(2, "for the follower"))
            waiting.join(timeout=90)
            assert [note_text(event) for event in found] == ["for the follower"]
        finally:
            writer.close()
            follower.close()

    def test_a_follower_gets_nothing_when_nothing_is_recorded(self, target: Target) -> None:
        with target.open_database(readonly=True) as follower:
            assert follower.wait_for_events(1, 0.2) == []
            assert [event.seq for event in follower.wait_for_events(0, 0.2)] == [1]

    def test_an_export_from_the_database_is_the_sessions_journal(self, target: Target, tmp_path: Path) -> None:
        import io

        out = io.StringIO()
        write_jsonl(target.session_id, out, database=SessionDatabase(target.location))
        original = io.StringIO()
        write_jsonl(next((tmp_path / "sessions").glob("*.ttx.sqlite")), original)
        assert out.getvalue() == original.getvalue()
