"""The session's turn to record, on a session file and on PostgreSQL: a writer that cannot have it
in its time is refused in words, nothing recorded, and records once the turn is let go; a writer
killed while holding it holds nobody up."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import Committed, Journal, Note, Outcome, Refused, Seat, Session, SessionDatabase, SessionJournal
from tests.session.journal_support import REPO, Target, new_target

EVALUATOR = Seat(role="evaluator", name="Aiko Tanaka")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Target:
    url = request.getfixturevalue("database_url") if request.param == "postgres" else None
    return new_target(request.param, drill, corpus, tmp_path / "sessions", url)


def open_journal(target: Target, turn_seconds: float) -> Journal:
    if target.engine == "sqlite":
        return SessionJournal.open(target.location, exclusive=False, turn_seconds=turn_seconds)
    return SessionDatabase(target.location).open(target.session_id, turn_seconds=turn_seconds)


def recorded(target: Target) -> int:
    with target.replay() as session:
        return len(session.events())


def test_a_turn_kept_by_another_writer_refuses_in_words_after_its_time_and_records_nothing(target: Target) -> None:
    holder = open_journal(target, 10.0)  # another writer, in its turn for as long as the test says
    seat = Session.from_journal(open_journal(target, 0.5), seat=EVALUATOR)
    try:
        seq = seat.snapshot(suggest=False).seq
        with holder.turn():
            started = time.monotonic()
            outcome = seat.execute(Note(expected_seq=seq, text="while the turn is kept"), suggest=False)
            waited = time.monotonic() - started
            assert recorded(target) == seq  # readers never wait for the turn
        assert isinstance(outcome, Refused) and outcome.kind == "not_recorded", outcome
        assert "another program has kept the session's turn to record for 0.5 s" in outcome.reason
        assert outcome.reason.endswith("(stuck, or cut off while recording); nothing was recorded")
        assert waited >= 0.5
        assert recorded(target) == seq
        # Once the other writer lets go, the same note records.
        again = seat.execute(Note(expected_seq=seq, text="once it was let go"), suggest=False)
        assert isinstance(again, Committed) and again.event.seq == seq + 1
    finally:
        seat.close()
        holder.close()


# Takes the session's turn, says so, and keeps it until it is killed.
HOLDER = textwrap.dedent("""
    import sys, time
    from tabletop.session import SessionDatabase, SessionJournal
    engine, location, session_id = sys.argv[1:4]
    if engine == "sqlite":
        journal = SessionJournal.open(location, exclusive=False)
    else:
        journal = SessionDatabase(location).open(session_id)
    with journal.turn():
        print("holding", flush=True)
        time.sleep(120)
""")


def test_a_writer_killed_in_its_turn_holds_up_the_next_one_no_longer(target: Target) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, *target.child_args()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    seat = Session.from_journal(open_journal(target, 10.0), seat=EVALUATOR)
    outcomes: list[Outcome] = []
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "holding\n", holder.stderr.read() if holder.stderr else ""
        seq = seat.snapshot(suggest=False).seq
        waiting = threading.Thread(
            target=lambda: outcomes.append(seat.execute(Note(expected_seq=seq, text="after the kill"), suggest=False))
        )
        waiting.start()
        time.sleep(0.3)
        assert not outcomes, "recorded while another writer held the turn"
        holder.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        waiting.join(timeout=30)
        # Well within the 10 s a writer waits for a turn: the turn went with the killed writer.
        assert time.monotonic() - killed < 5.0
    finally:
        holder.kill()
        holder.communicate(timeout=30)
        seat.close()
    assert len(outcomes) == 1 and isinstance(outcomes[0], Committed), outcomes
    assert outcomes[0].event.seq == seq + 1
    assert recorded(target) == seq + 1
