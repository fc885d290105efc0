"""Child process of the journal race and fault tests: one writer appending notes until its time is up.

Usage: journal_writer.py ENGINE TARGET SESSION NAME SECONDS [MODE]

ENGINE is `sqlite` (TARGET a session file, opened shared; SESSION is `-`) or
`postgres` (TARGET a database URL, SESSION the session's id). The writer
catches up by seq, decides a note on the state it has seen and appends it with
that seq as its expected seq, again and again. It prints, flushed, one line
per attempt: `sent TEXT` before it appends, then `ack SEQ TEXT` when the append
returned or `refused TEXT` when the journal had moved on. Each note's text is
unique (NAME-N), so the parent can tell every attempt apart.

MODE `stretched` (postgres only) appends through the server's `append_event`
in a transaction it keeps open for a moment before committing, holding the
session's lock: a `kill -9` then lands in the middle of an append.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime

from tabletop.errors import SessionMovedOn
from tabletop.session import Event, PostgresJournal, SessionDatabase, SessionJournal
from tabletop.session import event_types

NoteRecorded = event_types()["note_recorded"]


def say(line: str) -> None:
    print(line, flush=True)


def main() -> int:
    engine, target, session_id, name, seconds = sys.argv[1:6]
    mode = sys.argv[6] if len(sys.argv) > 6 else "normal"
    deadline = time.monotonic() + float(seconds)
    rng = random.Random(name)
    journal: SessionJournal | PostgresJournal
    if engine == "sqlite":
        journal = SessionJournal.open(target, exclusive=False)
    else:
        journal = SessionDatabase(target).open(session_id)
    known = len(journal.events())
    count = 0
    while time.monotonic() < deadline:
        known += len(journal.events(since=known))
        text = f"{name}-{count}"
        count += 1
        event = Event(seq=known + 1, at=datetime.now(UTC), payload=NoteRecorded(text=text))
        say(f"sent {text}")
        if mode == "stretched":
            outcome, seq = stretched_append(target, session_id, known, event, rng)
            if outcome == "moved_on":
                say(f"refused {text}")
                continue
            say(f"ack {seq} {text}")
            continue
        try:
            recorded = journal.append(event, expected_seq=known)
        except SessionMovedOn:
            say(f"refused {text}")
            continue
        say(f"ack {recorded.seq} {text}")
    journal.close()
    return 0


def stretched_append(url: str, session_id: str, known: int, event: Event, rng: random.Random) -> tuple[str, int]:
    import psycopg

    from tabletop.session import new_event_id

    with psycopg.connect(url) as connection:  # one transaction, committed when the block ends
        row = connection.execute(
            "SELECT outcome, event_seq FROM tabletop.append_event(%s, %s, %s, %s, %s)",
            (session_id, known, new_event_id(), event.type, event.payload.model_dump_json()),
        ).fetchone()
        time.sleep(rng.uniform(0.0, 0.2))
    assert row is not None
    return str(row[0]), int(row[1])


if __name__ == "__main__":
    sys.exit(main())
