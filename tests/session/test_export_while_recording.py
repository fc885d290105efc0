"""An export taken while another program records into the session, on both engines: it reads the
session as one view (`Journal.snapshot`), so whatever the writer commits meanwhile, every export
imports cleanly, its header's count and digest are those of its own lines, and its lines are the
first lines of the journal as it ends."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import JOURNAL_DIGEST_KEY, Session, SessionJournal, import_jsonl
from tests.session.journal_support import (
    Running,
    Target,
    jsonl_of,
    new_target,
    note,
    note_text,
    start_writer,
)

if TYPE_CHECKING:
    from tabletop.session import PostgresJournal

WRITING_SECONDS = 3.0
IMPORTED = 8
"""How many of the exports (each of another length) are imported again."""


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Target:
    url = request.getfixturevalue("database_url") if request.param == "postgres" else None
    return new_target(request.param, drill, corpus, tmp_path / "sessions", url)


def _follower(target: Target) -> SessionJournal | PostgresJournal:
    """A reader that sees what writers commit (a session file's follower; a database reads as committed)."""
    if target.engine == "sqlite":
        return SessionJournal.open(target.location, readonly=True, live=True)
    return target.open_reader()


def _lines(jsonl: str) -> tuple[dict[str, object], list[str]]:
    header, *events = jsonl.removesuffix("\n").split("\n")
    return json.loads(header), events


@pytest.mark.parametrize("reader", ["follower", "writer"])
def test_every_read_inside_a_snapshot_sees_the_journal_as_it_stood(target: Target, reader: str) -> None:
    journal = _follower(target) if reader == "follower" else target.open_writer()
    other = target.open_writer()
    try:
        with journal.snapshot():
            metadata, events, head = journal.metadata(), journal.events(), journal.head()
            other.append(note(head + 1, "recorded meanwhile"), expected_seq=head)
            other.append(note(head + 2, "and again"), expected_seq=head + 1)
            assert not journal.changed()
            assert (journal.metadata(), journal.events(), journal.head()) == (metadata, events, head)
            assert journal.events(since=head) == []
            journal.verify_digest()  # the stored digest and the events read: one state
        # Past the snapshot, the reader sees what was recorded meanwhile.
        assert journal.head() == head + 2
        assert [note_text(event) for event in journal.events(since=head)] == ["recorded meanwhile", "and again"]
        assert journal.metadata()[JOURNAL_DIGEST_KEY] != metadata[JOURNAL_DIGEST_KEY]
        journal.verify_digest()
    finally:
        other.close()
        journal.close()


def test_exports_taken_while_a_writer_records_each_import_whole_as_a_prefix_of_the_journal(
    target: Target, tmp_path: Path
) -> None:
    child = start_writer(target, "writer", WRITING_SECONDS)
    # Its lines read as it prints them: a pipe left full would stop the writer, and the loop with it.
    running = Running(child)
    exports: list[str] = []
    try:
        while child.poll() is None:
            exports.append(jsonl_of(target))
            time.sleep(0.02)
    finally:
        lines = running.kill()  # a writer already ended is only waited for
    final_header, final_events = _lines(jsonl_of(target))
    counts = [len(_lines(jsonl)[1]) for jsonl in exports]
    assert any("ack" in line for line in lines), "the writer recorded nothing: nothing was tested"
    assert len(set(counts)) > 2, f"the exports did not meet the writer: {counts}"
    assert final_header["event_count"] == len(final_events)
    imported_counts: set[int] = set()
    for number, jsonl in enumerate(exports):
        header, events = _lines(jsonl)
        assert header["event_count"] == len(events)
        assert events == final_events[: len(events)], f"export {number} is not a prefix of the journal"
        if len(events) in imported_counts or len(imported_counts) >= IMPORTED:
            continue  # the same lines as one imported already (or enough of them imported)
        imported_counts.add(len(events))
        source = tmp_path / f"export-{number}.jsonl"
        source.write_text(jsonl, encoding="utf-8")
        imported = import_jsonl(source, tmp_path / f"imported-{number}")  # checks the count and the digest
        with Session.open(imported, readonly=True) as copy:
            assert copy.metadata()[JOURNAL_DIGEST_KEY] == header["journal_sha256"]
            assert len(copy.events()) == len(events)
