"""The facilitator's seat of a session in PostgreSQL: one program's at a time, on every host.

A second facilitator is refused, told who holds the seat, from which host and since when; the
other seats record beside the facilitator as before. Across a network split the seat never
records on both sides: a facilitator cut off while another program took the seat is refused
when its link is back, and records no more; one cut off while nobody took it takes its seat
back, even from its own earlier connection that the server has not yet noticed is gone.
"""

from __future__ import annotations

import re
import socket
import time
import urllib.parse
from typing import Any

import psycopg
import pytest
from tests.link_support import CuttableLink, cuttable_link

from benchmarks.postgres_server import PostgresServer
from tests.conftest import RunCli
from tabletop.errors import SeatTaken
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import (
    Committed,
    LinkStatus,
    Note,
    Refused,
    Seat,
    Session,
    SessionDatabase,
)

EVALUATOR = Seat(role="evaluator", name="Aiko Tanaka")


def _started(url: str, drill: LoadedScenario, corpus: Corpus, name: str = "Kenji Sato") -> Session:
    return Session.start(drill, corpus, facilitator=name, database=SessionDatabase(url))


def _database_name(url: str) -> str:
    return urllib.parse.urlsplit(url).path.lstrip("/")


def _through(link: CuttableLink, server: PostgresServer, url: str) -> str:
    """The database at `url`, reached over TCP through `link`."""
    return f"postgresql://postgres:{server.password}@127.0.0.1:{link.port}/{_database_name(url)}?sslmode=disable"


def _seat_holder(server: PostgresServer, url: str) -> int | None:
    """The server process holding a facilitator's seat in the database at `url`, as the server sees it."""
    with server.admin() as admin:
        row = admin.execute(
            "SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
            "WHERE l.locktype = 'advisory' AND l.classid = 1414809171 AND l.granted AND d.datname = %s",
            (_database_name(url),),
        ).fetchone()
    return int(row[0]) if row is not None else None


def _server_notices_the_split(server: PostgresServer, pid: int) -> None:
    """The server finds the cut-off connection dead (its keepalives, or its administrator): the
    connection's process ends, and with it the seat's lock."""
    with server.admin() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        for _ in range(100):
            alive = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
            if alive is not None and alive[0] == 0:
                return
            time.sleep(0.05)


def _note(session: Session, text: str) -> Committed | Any:
    return session.execute(Note(expected_seq=session.snapshot().seq, text=text))


def test_a_second_facilitator_is_refused_naming_who_holds_the_seat_from_where_since_when(
    database_url: str, drill: LoadedScenario, corpus: Corpus
) -> None:
    first = _started(database_url, drill, corpus)
    database = SessionDatabase(database_url)
    try:
        with pytest.raises(SeatTaken) as taken:
            database.open(first.id, facilitator=True)
        message = str(taken.value)
        assert f"the facilitator's seat is held by Kenji Sato on host {socket.gethostname()} since " in message
        assert re.search(r"since \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \(server process \d+\)", message)
        assert "tabletop join" in message and "\n" not in message
        # Every other seat records beside the facilitator, and a follower reads.
        evaluator = Session.from_journal(database.open(first.id), seat=EVALUATOR)
        with evaluator:
            assert isinstance(_note(evaluator, "from the evaluator"), Committed)
        first.refresh()
        assert isinstance(_note(first, "from the facilitator"), Committed)
    finally:
        first.close()
    # Once the facilitator's program lets go, the seat is free.
    second = Session.from_journal(database.open(first.id, facilitator=True))
    with second:
        assert isinstance(_note(second, "the seat changed hands"), Committed)
        assert [n.text for n in second.state.notes] == [
            "from the evaluator",
            "from the facilitator",
            "the seat changed hands",
        ]


def test_a_facilitator_who_quits_frees_the_seat_before_the_server_notices_the_connection_gone(
    database_url: str, drill: LoadedScenario, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The quitting program's connections stay open on the server, as on a busy server that has
    # not yet ended their processes when the facilitator opens the session again.
    lingering: list[psycopg.Connection[Any]] = []
    monkeypatch.setattr(psycopg.Connection, "close", lambda connection: lingering.append(connection))
    first = _started(database_url, drill, corpus)
    first.close()
    monkeypatch.undo()
    try:
        assert lingering
        again = Session.from_journal(SessionDatabase(database_url).open(first.id, facilitator=True))
        with again:
            assert isinstance(_note(again, "back in the seat at once"), Committed)
    finally:
        for connection in lingering:
            connection.close()


def test_resume_of_a_session_whose_facilitator_is_elsewhere_is_refused_in_one_line(
    database_url: str, drill: LoadedScenario, corpus: Corpus, run: RunCli
) -> None:
    first = _started(database_url, drill, corpus)
    try:
        status, out, err = run("resume", first.id, "--db", database_url)
    finally:
        first.close()
    assert status == 1 and out == ""
    assert err.startswith("tabletop: error: ") and err.count("\n") == 1
    assert "the facilitator's seat is held by Kenji Sato on host" in err and "Traceback" not in err


def test_across_a_split_the_seat_records_on_one_side_only(
    postgres_server: PostgresServer, database_url: str, drill: LoadedScenario, corpus: Corpus
) -> None:
    heard: list[LinkStatus] = []
    first = _started(database_url, drill, corpus)
    session_id = first.id
    first.close()
    database = SessionDatabase(database_url)
    with cuttable_link(postgres_server.port) as link:
        ichigaya = Session.from_journal(
            SessionDatabase(_through(link, postgres_server, database_url)).open(
                session_id, facilitator=True, retry_for=5.0, on_status=heard.append
            )
        )
        yokota: Session | None = None
        try:
            assert isinstance(_note(ichigaya, "before the split"), Committed)
            shown = ichigaya.snapshot().seq
            holder = _seat_holder(postgres_server, database_url)
            link.cut()
            # The server has not noticed: the seat is still Ichigaya's, and Yokota is refused it.
            with pytest.raises(SeatTaken, match="the facilitator's seat is held by Kenji Sato"):
                database.open(session_id, facilitator=True)
            assert holder is not None
            _server_notices_the_split(postgres_server, holder)
            yokota = Session.from_journal(database.open(session_id, facilitator=True))
            assert isinstance(_note(yokota, "Yokota moves play"), Committed)
            # Ichigaya's link comes back: it cannot take the seat again, and records nothing.
            link.heal()
            late = ichigaya.execute(Note(expected_seq=shown, text="typed in Ichigaya during the split"))
            assert isinstance(late, Refused) and late.kind == "read_only"
            assert "the facilitator's seat has moved to Kenji Sato on host" in late.reason
            assert "records no more" in late.reason
            assert ichigaya.readonly
            again = ichigaya.execute(Note(expected_seq=ichigaya.snapshot().seq, text="and again"))
            assert isinstance(again, Refused) and again.kind == "read_only"
            # The console heard it as the link's news, and still follows the session.
            assert any(status.seat_moved and "has moved to" in status.detail for status in heard)
            ichigaya.refresh()
            assert [n.text for n in ichigaya.state.notes] == ["before the split", "Yokota moves play"]
        finally:
            ichigaya.close()
            if yokota is not None:
                yokota.close()
    with Session.from_journal(database.open(session_id, readonly=True)) as record:
        assert [n.text for n in record.state.notes] == ["before the split", "Yokota moves play"]
        assert [event.seq for event in record.events()] == [1, 2, 3]


def test_a_facilitator_takes_its_seat_back_from_its_own_connection_the_server_still_holds(
    postgres_server: PostgresServer, database_url: str, drill: LoadedScenario, corpus: Corpus
) -> None:
    first = _started(database_url, drill, corpus)
    session_id = first.id
    first.close()
    with cuttable_link(postgres_server.port) as link:
        session = Session.from_journal(
            SessionDatabase(_through(link, postgres_server, database_url)).open(
                session_id, facilitator=True, retry_for=5.0
            )
        )
        try:
            ghost = _seat_holder(postgres_server, database_url)
            # The link drops and comes back before the server noticed: the server still holds the
            # console's old connection, and the seat with it.
            link.cut()
            link.heal()
            assert _seat_holder(postgres_server, database_url) == ghost
            assert isinstance(_note(session, "after the link came back"), Committed)
            assert not session.readonly
            back = _seat_holder(postgres_server, database_url)
            assert back is not None and back != ghost
            with postgres_server.admin() as admin:
                alive = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (ghost,)).fetchone()
            assert alive is not None and alive[0] == 0
            # The seat is this program's again: another facilitator is still refused.
            with pytest.raises(SeatTaken):
                SessionDatabase(database_url).open(session_id, facilitator=True)
        finally:
            session.close()
