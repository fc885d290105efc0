"""Faults under a seminar with consoles open, against real engines: a seat's writer process killed
in the middle of an append (session file and PostgreSQL), the PostgreSQL server restarted under
the facilitator's console, a follower's connection ended by the server. Nothing acknowledged is
lost, the chain stays valid, the other seats carry on and every screen catches up; a screen of a
session in a database is woken by the server rather than asking it several times a second."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.notifications import Notify
from textual.pilot import Pilot

from benchmarks.postgres_server import PostgresServer
from tabletop.rules import Corpus
from tabletop.scenario import load_scenario
from tabletop.session import Note, Seat, Session, SessionDatabase, SessionSnapshot
from tabletop.tui import ConsoleApp, LinkWatch, make_app
from tabletop.tui.app import LINK_DOWN_REFUSAL

ROOT = Path(__file__).resolve().parents[2]
SOUTHWEST = ROOT / "scenarios" / "southwest_islands.yaml"
SEAT_WRITER = ROOT / "tests" / "session" / "seat_writer.py"
EVALUATOR = Seat(role="evaluator", name="Aiko Tanaka")

Settle = Callable[[Pilot[None]], Awaitable[None]]


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 10.0) -> None:
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, "not seen in time"
        await pilot.pause(0.05)


def notifications(heard: list[object]) -> list[str]:
    return [str(m.notification.message) for m in heard if isinstance(m, Notify)]


def shown(app: ConsoleApp) -> SessionSnapshot:
    """What the console's screen shows now."""
    assert app.snapshot is not None
    return app.snapshot


def _database_name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def _in_database(url: str, corpus: Corpus) -> str:
    started = Session.start(
        load_scenario(SOUTHWEST, corpus), corpus, facilitator="Kenji Sato", database=SessionDatabase(url)
    )
    started.close()
    return started.id


@pytest.fixture(scope="module")
def own_server(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    """A server of this module's own, which its tests stop and start (the worker's is shared)."""
    server = PostgresServer().start()
    yield server
    server.remove()


# -- a seat's writer killed in the middle of an append ----------------------------------------


def _killed_writer(engine: str, target: str, session_id: str) -> tuple[dict[str, int], str | None]:
    """Start an evaluator's writer process, kill -9 it just after it sent a note (while its append
    is in flight) once it has had five acknowledged; (its acknowledged notes by text, the note
    it was sending when killed)."""
    child = subprocess.Popen(
        [sys.executable, str(SEAT_WRITER), engine, target, session_id, "evaluator", "Aiko", "60"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests" / "session")])},
    )
    assert child.stdout is not None
    acked: dict[str, int] = {}
    in_flight: str | None = None
    killed = False
    # Lines go on arriving after the kill: what the process wrote before it died is read too.
    for line in child.stdout:
        word, _, rest = line.strip().partition(" ")
        if word == "ack":
            seq, _, text = rest.partition(" ")
            acked[text] = int(seq)
            in_flight = None
        elif word == "sent":
            in_flight = rest
            if len(acked) >= 5 and not killed:
                child.send_signal(signal.SIGKILL)
                killed = True
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    return acked, in_flight


def _the_console_carries_on_after_a_writer_is_killed(
    facilitator: Session, open_reader: Callable[[], Session], engine: str, target: str, session_id: str, settle: Settle
) -> None:
    app = make_app(facilitator)
    outcome: dict[str, Any] = {}

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            acked, in_flight = await asyncio.to_thread(_killed_writer, engine, target, session_id)
            outcome.update(acked=acked, in_flight=in_flight)
            # The facilitator's screen catches up with every note the killed seat had recorded...
            last = max(acked.values())
            await wait_for(pilot, lambda: shown(app).seq >= last)
            # ...and the facilitator records on, from what the screen shows.
            app.execute(Note(expected_seq=shown(app).seq, text="the room carries on"))
            await settle(pilot)
            await wait_for(pilot, lambda: "the room carries on" in [n.text for n in shown(app).notes])

    asyncio.run(run())
    facilitator.close()
    acked, in_flight = outcome["acked"], outcome["in_flight"]
    with open_reader() as record:
        notes = {n.text: n for n in record.state.notes}
        events = record.events()
    assert [event.seq for event in events] == list(range(1, len(events) + 1))
    by_seq = {event.seq: getattr(event.payload, "text", None) for event in events}
    for text, seq in acked.items():
        assert by_seq[seq] == text and notes[text].by == Seat(role="evaluator", name="Aiko")
    # The note in flight when the process died was recorded whole or not at all; nothing else was.
    others = set(notes) - set(acked) - {"the room carries on"}
    assert others <= ({in_flight} if in_flight else set())
    assert notes["the room carries on"].by is not None and notes["the room carries on"].by.role == "facilitator"


def test_a_seat_killed_mid_append_loses_nothing_acknowledged_and_the_console_carries_on_on_a_session_file(
    new_session: Callable[..., Session], settle: Settle
) -> None:
    started = new_session()
    path = str(started.path)
    started.close()
    facilitator = Session.open(path)
    _the_console_carries_on_after_a_writer_is_killed(
        facilitator, lambda: Session.open(path, readonly=True), "sqlite", path, "-", settle
    )


def test_a_seat_killed_mid_append_loses_nothing_acknowledged_and_the_console_carries_on_on_postgresql(
    database_url: str, corpus: Corpus, settle: Settle
) -> None:
    session_id = _in_database(database_url, corpus)
    database = SessionDatabase(database_url)
    facilitator = Session.from_journal(database.open(session_id, facilitator=True))
    _the_console_carries_on_after_a_writer_is_killed(
        facilitator,
        lambda: Session.from_journal(database.open(session_id, readonly=True)),
        "postgres",
        database_url,
        session_id,
        settle,
    )


# -- a screen of a session in a database is woken by the server ---------------------------------


def test_a_seat_in_a_database_is_woken_by_the_server_not_by_asking_it(
    postgres_server: PostgresServer, database_url: str, corpus: Corpus, settle: Settle
) -> None:
    session_id = _in_database(database_url, corpus)
    database = SessionDatabase(database_url)
    facilitator = Session.from_journal(database.open(session_id, facilitator=True))
    evaluator = Session.from_journal(database.open(session_id), seat=EVALUATOR)
    app = make_app(evaluator, link=LinkWatch())

    def quiet_for() -> float:
        """Seconds since any connection of tabletop's to this database last did anything."""
        with postgres_server.admin() as admin:
            row = admin.execute(
                "SELECT extract(epoch FROM clock_timestamp() - max(state_change)) FROM pg_stat_activity "
                "WHERE datname = %s AND application_name = 'tabletop'",
                (_database_name(database_url),),
            ).fetchone()
        assert row is not None and row[0] is not None
        return float(row[0])

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.pause(2.0)
            # Nothing recorded: the screen waits for the server and asks it nothing (a screen
            # asking four times a second would have asked within the last quarter second).
            assert quiet_for() > 1.0
            facilitator.note("seen by the evaluator at once")
            await wait_for(pilot, lambda: [n.text for n in shown(app).notes] == ["seen by the evaluator at once"], 3)

    try:
        asyncio.run(run())
    finally:
        evaluator.close()
        facilitator.close()


# -- the server restarted under the facilitator's console ---------------------------------------


def test_a_server_restart_under_the_facilitators_console(
    own_server: PostgresServer, corpus: Corpus, settle: Settle
) -> None:
    url = own_server.create_database(f"r_{uuid.uuid4().hex[:10]}")
    SessionDatabase(url).init_schema("test")
    session_id = _in_database(url, corpus)
    database = SessionDatabase(url)
    watch = LinkWatch()
    facilitator = Session.from_journal(
        database.open(session_id, facilitator=True, retry_for=2.0, on_status=watch.update)
    )
    heard: list[object] = []
    app = make_app(facilitator, link=watch)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            app.execute(Note(expected_seq=shown(app).seq, text="before the restart"))
            await settle(pilot)
            before = shown(app)
            await asyncio.to_thread(own_server.stop)
            # It says so at once, and keeps the last state on screen.
            await wait_for(pilot, lambda: "link to the session database is down" in (app.banner or ""))
            banner = app.banner or ""
            assert banner.count(" is down") == 1 and "trying again (attempt " in banner, banner  # said once
            assert shown(app).seq == before.seq
            app.execute(Note(expected_seq=before.seq, text="typed while the server is down"))
            await settle(pilot)
            assert LINK_DOWN_REFUSAL in notifications(heard)
            await asyncio.to_thread(own_server.start_again)
            # Another seat records as soon as the server is back; the console reconnects with
            # backoff, catches up and records again.
            with Session.from_journal(database.open(session_id), seat=EVALUATOR) as evaluator:
                evaluator.note("recorded while the console reconnected")
            await wait_for(pilot, lambda: not watch.down and "down" not in (app.banner or ""), 30)
            await wait_for(
                pilot, lambda: "recorded while the console reconnected" in [n.text for n in shown(app).notes], 30
            )
            app.execute(Note(expected_seq=shown(app).seq, text="after the restart"))
            await settle(pilot)
            await wait_for(pilot, lambda: "after the restart" in [n.text for n in shown(app).notes])

    try:
        asyncio.run(run())
        # The console took its seat back on its new connection: a second facilitator is refused.
        from tabletop.errors import SeatTaken

        with pytest.raises(SeatTaken):
            database.open(session_id, facilitator=True)
    finally:
        facilitator.close()
    assert any("The link to the session database is back" in said for said in notifications(heard))
    with Session.from_journal(database.open(session_id, readonly=True)) as record:
        assert [n.text for n in record.state.notes] == [
            "before the restart",
            "recorded while the console reconnected",
            "after the restart",
        ]


# -- a follower's connection ended by the server -------------------------------------------------


def test_a_follower_whose_connections_the_server_ends_catches_up(
    postgres_server: PostgresServer, database_url: str, corpus: Corpus, settle: Settle
) -> None:
    session_id = _in_database(database_url, corpus)
    database = SessionDatabase(database_url)
    facilitator = Session.from_journal(database.open(session_id, facilitator=True))
    watch = LinkWatch()
    follower = Session.from_journal(database.open(session_id, readonly=True, retry_for=2.0, on_status=watch.update))
    app = make_app(follower, mode="follow", link=watch)

    def cut() -> None:
        """Every connection of the follower's ended by the server (the facilitator's, which holds
        the seat, is left alone)."""
        with postgres_server.admin() as admin:
            admin.execute(
                "SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a "
                "WHERE a.datname = %s AND a.application_name = 'tabletop' AND a.pid <> pg_backend_pid() "
                "AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory')",
                (_database_name(database_url),),
            )

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            facilitator.deliver_next()
            await wait_for(pilot, lambda: shown(app).current is not None)
            await asyncio.to_thread(cut)
            facilitator.deliver_next()
            await wait_for(pilot, lambda: shown(app).seq == facilitator.snapshot().seq, 30)
            assert shown(app).current is not None and shown(app).current.id == facilitator.snapshot().current.id  # type: ignore[union-attr]

    try:
        asyncio.run(run())
    finally:
        follower.close()
        facilitator.close()


def test_the_waiting_follower_lets_its_journal_close_promptly(database_url: str, corpus: Corpus) -> None:
    session_id = _in_database(database_url, corpus)
    journal = SessionDatabase(database_url).open(session_id, readonly=True)
    woke: list[bool] = []
    waiter = threading.Thread(target=lambda: woke.append(journal.wait_for_change(journal.head(), 60)))
    waiter.start()
    time.sleep(0.3)
    started = time.monotonic()
    journal.close()
    waiter.join(timeout=5)
    assert not waiter.is_alive() and woke == [False]
    assert time.monotonic() - started < 2
