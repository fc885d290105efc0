"""Several writers on one journal, on both engines: threads and processes appending at once with the
seq each decided on, and writers killed with SIGKILL in the middle of an append.

Whatever the interleaving: no gap, no fork, a chain that verifies, every acknowledged event at
the seq it was acknowledged with, no refused event, and the session replays whole. Threads of
one program share a session file's journal and its lock; on
PostgreSQL each writer has its own connection.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time

import pytest

from tests.session.journal_support import (
    note_text,
    Running,
    Tally,
    assert_whole,
    finish,
    new_target,
    note,
    start_writer,
    write_until,
    Target,
)
from tabletop.errors import RefusedError, SessionMovedOn
from tabletop.session import SessionJournal
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from pathlib import Path

WRITERS = 5
KILLS = 10

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Target:
    url = request.getfixturevalue("database_url") if request.param == "postgres" else None
    return new_target(request.param, drill, corpus, tmp_path / "sessions", url)


def test_five_writer_threads_leave_one_unbroken_journal(target: Target) -> None:
    tally = Tally()
    shared = target.open_writer() if target.engine == "sqlite" else None
    journals = [shared or target.open_writer() for _ in range(WRITERS)]
    threads = [
        threading.Thread(target=write_until, args=(journal, f"writer{n}", 30, tally))
        for n, journal in enumerate(journals)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        for journal in set(journals):
            journal.close()
    assert len(tally.acked) + len(tally.refused) == WRITERS * 30
    events = assert_whole(target, tally, before=1)
    assert len(events) == 1 + len(tally.acked)


@pytest.mark.slow
def test_five_writer_processes_leave_one_unbroken_journal(target: Target) -> None:
    children = [start_writer(target, f"writer{n}", 3.0) for n in range(WRITERS)]
    tally = Tally()
    for child in children:
        tally.read_lines(finish(child))
    assert tally.acked, "no writer got an event recorded"
    assert tally.refused, "the writers never met: nothing was tested"
    assert_whole(target, tally, before=1)


def test_a_stale_writer_is_refused_and_records_nothing(target: Target) -> None:
    first, second = target.open_writer(), None
    try:
        second = first if target.engine == "sqlite" else target.open_writer()
        decided_on = len(second.events())
        first.append(note(decided_on + 1, "the facilitator moves play"), expected_seq=decided_on)
        with pytest.raises(SessionMovedOn, match="the session moved on: event 2 was recorded meanwhile") as refusal:
            second.append(note(decided_on + 1, "decided on the old state"), expected_seq=decided_on)
        assert refusal.value.head == 2
        assert "nothing was recorded" in str(refusal.value)
        # Caught up, the same writer may try again.
        caught_up = decided_on + len(second.events(since=decided_on))
        assert second.append(note(caught_up + 1, "decided again"), expected_seq=caught_up).seq == 3
    finally:
        first.close()
        if second is not None and second is not first:
            second.close()
    tally = Tally(sent={"the facilitator moves play", "decided again", "decided on the old state"})
    tally.acked = {"the facilitator moves play": 2, "decided again": 3}
    tally.refused = {"decided on the old state"}
    assert_whole(target, tally, before=1)


@pytest.mark.slow
def test_writers_killed_in_the_middle_of_an_append_lose_nothing_acknowledged(target: Target) -> None:
    rng = random.Random(5)
    # On PostgreSQL two writers keep their append's transaction open a moment before
    # committing (holding the session's lock), so that many kills land inside one.
    modes = ["stretched", "stretched", "normal", "normal", "normal"] if target.engine == "postgres" else ["normal"] * 5
    tally = Tally()
    running = [(Running(start_writer(target, f"w{n}", 30.0, mode)), mode) for n, mode in enumerate(modes)]
    started = WRITERS
    kills = 0
    deadline = time.monotonic() + 90.0
    while kills < KILLS and time.monotonic() < deadline:
        writing = [entry for entry in running if entry[0].writing.is_set()]
        if not writing:
            time.sleep(0.05)
            continue
        time.sleep(rng.uniform(0.0, 0.3))  # at a random moment of its loop of appends
        victim = rng.choice(writing)
        running.remove(victim)
        tally.read_lines(victim[0].kill())
        kills += 1
        running.append((Running(start_writer(target, f"w{started}", 30.0, victim[1])), victim[1]))
        started += 1
    for writer, _ in running:
        tally.read_lines(writer.kill())
    assert kills == KILLS and tally.acked
    before = 1
    assert_whole(target, tally, before)
    # Nothing is left holding the session: a new writer records at once.
    journal = target.open_writer()
    try:
        head = len(journal.events())
        assert journal.append(note(head + 1, "after the kills"), expected_seq=head).seq == head + 1
    finally:
        journal.close()


def test_writers_of_one_program_share_its_lock_and_closing_one_keeps_it(
    drill: LoadedScenario, corpus: Corpus, tmp_path: Path
) -> None:
    target = new_target("sqlite", drill, corpus, tmp_path / "sessions")
    shared = SessionJournal.open(target.location, exclusive=False)
    try:
        # A second writer in the same program shares the first one's lock (no second descriptor
        # whose closing would drop the locks SQLite holds through the first); an exclusive one
        # is still refused.
        with pytest.raises(RefusedError, match="being recorded by another program"):
            SessionJournal.open(target.location)
        SessionJournal.open(target.location, exclusive=False).close()
        other_program = subprocess.run(
            [
                sys.executable,
                "-c",
                f"from tabletop.session import SessionJournal; SessionJournal.open({str(target.location)!r})",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert other_program.returncode != 0 and "being recorded by another program" in other_program.stderr
        shared.append(note(2, "still recording"))
    finally:
        shared.close()
    with SessionJournal.open(target.location) as alone:
        assert note_text(alone.events(since=1)[0]) == "still recording"
