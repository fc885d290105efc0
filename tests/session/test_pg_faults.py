"""The PostgreSQL journal when the link drops: the server restarted between appends, down for longer
than a writer waits, a follower's connection cut. Nothing acknowledged is lost, a retried append is
recorded once, every follower catches up, and the person at the screen is told what happens."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from benchmarks.postgres_server import PostgresServer
from tests.session.journal_support import Tally, assert_whole, new_target, note, Target
from tabletop.errors import DatabaseUnavailable
from tabletop.session import Event, LinkStatus, SessionDatabase
from tabletop.rules import Corpus
from collections.abc import Iterator
from tabletop.scenario import LoadedScenario
from pathlib import Path


@pytest.fixture(scope="module")
def own_server(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """A server of this module's own, which its tests stop and start (the worker's server is shared)."""
    server = PostgresServer().start()
    yield server
    server.remove()


@pytest.fixture
def target(own_server: PostgresServer, drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Target:
    url = own_server.create_database(f"f_{uuid.uuid4().hex[:10]}")
    SessionDatabase(url).init_schema("test")
    return new_target("postgres", drill, corpus, tmp_path / "sessions", url)


def test_a_writer_rides_out_a_server_restart_and_loses_nothing(own_server: PostgresServer, target: Target) -> None:
    statuses: list[LinkStatus] = []
    journal = SessionDatabase(target.location).open(target.session_id, retry_for=60, on_status=statuses.append)
    tally = Tally()
    try:
        for number in range(3):
            recorded = journal.append(note(2 + number, f"before {number}"))
            tally.acked[f"before {number}"] = recorded.seq
        own_server.stop()
        back = threading.Timer(1.5, own_server.start_again)
        back.start()
        try:
            for number in range(3):  # the first waits for the server, the others follow at once
                recorded = journal.append(note(5 + number, f"after {number}"))
                tally.acked[f"after {number}"] = recorded.seq
        finally:
            back.join()
    finally:
        journal.close()
    tally.sent = set(tally.acked)
    assert [tally.acked[f"after {n}"] for n in range(3)] == [5, 6, 7]
    down = [status for status in statuses if not status.up]
    assert down and statuses[-1].up
    shown = SessionDatabase(target.location).shown
    assert down[0].detail.startswith(f"{shown} does not answer (")
    assert "trying again (attempt 1)" in down[0].detail
    assert any("no server is answering there" in status.detail for status in down)
    assert [status.attempt for status in down] == list(range(1, len(down) + 1))
    assert_whole(target, tally, before=1)


def test_a_server_down_for_longer_than_a_writer_waits_is_reported_and_a_retry_records_once(
    own_server: PostgresServer, target: Target
) -> None:
    journal = SessionDatabase(target.location).open(target.session_id, retry_for=1.0)
    event_id = uuid.uuid4()
    try:
        journal.append(note(2, "before"))
        own_server.stop()
        try:
            with pytest.raises(DatabaseUnavailable) as down:
                journal.append(note(3, "while down"), event_id=event_id)
        finally:
            own_server.start_again()
        message = str(down.value)
        assert message.startswith(f"cannot reach the session database {journal.database.shown} to record event 3")
        assert "recording the same event again once the link is back records it at most once" in message
        assert down.value.event_id == event_id and down.value.maybe_recorded
        # The writer tries again, with the same event id: recorded once.
        assert journal.append(note(3, "while down"), event_id=event_id).seq == 3
        assert journal.append(note(3, "while down"), event_id=event_id).seq == 3
        assert [event.seq for event in journal.events()] == [1, 2, 3]
    finally:
        journal.close()


def test_a_follower_whose_connection_is_cut_catches_up(
    postgres_server: PostgresServer, database_url: str, drill: LoadedScenario, corpus: Corpus, tmp_path: Path
) -> None:
    target = new_target("postgres", drill, corpus, tmp_path / "sessions", database_url)
    writer = target.open_writer()
    follower = target.open_database(readonly=True)
    try:
        assert [event.seq for event in follower.wait_for_events(0, 5)] == [1]
        _cut_every_connection(postgres_server, target)
        # Cut while idle: the writer records three events; the follower, woken by nothing it
        # could hear, still catches up by seq.
        for seq in (2, 3, 4):
            writer.append(note(seq, f"while cut {seq}"))
        assert [event.seq for event in follower.wait_for_events(1, 30)] == [2, 3, 4]

        # Cut while it waits: it comes back, and the next event still reaches it.
        found: list[Event] = []
        waiting = threading.Thread(target=lambda: found.extend(follower.wait_for_events(4, 60)))
        waiting.start()
        time.sleep(0.5)
        _cut_every_connection(postgres_server, target)
        writer.append(note(5, "after the cut"))
        waiting.join(timeout=90)
        assert [event.seq for event in found] == [5]
    finally:
        writer.close()
        follower.close()


def _cut_every_connection(server: PostgresServer, target: Target) -> None:
    """What a dropped network link does to the server's side: every tabletop connection ended."""
    database = target.location.split("/")[-1].split("?")[0]
    with server.admin() as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = 'tabletop'",
            (database,),
        )
