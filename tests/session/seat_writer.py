"""Child process of the seats' race tests: one seat recording through the command path until its
time is up.

Usage: seat_writer.py ENGINE TARGET SESSION ROLE NAME SECONDS [--slow S] [--stop PATH] [--commands N]

ENGINE is `sqlite` (TARGET a session file; SESSION is `-`) or `postgres` (TARGET a database URL,
SESSION the session's id). The seat opens the session as ROLE (a recorder sits for cell NAME) and,
again and again, decides on the snapshot it has: the facilitator delivers the next inject every
third time and otherwise notes, an evaluator notes, a recorder records its cell's decision. With
`--slow S`, the seat is slow to decide: its session's clock, read as each command's event is
made between the decision and the append, takes S seconds. It stops after SECONDS, or once the
file `--stop` names exists, or after N commands. Once open it prints `ready` and waits for a line on its standard
input, so that the seats start writing together. It prints, flushed, one line per
command: `sent TEXT` before it executes it, then `ack SEQ TEXT` when it was committed (after
`settled TEXT` when others recorded between its snapshot and its record) or `refused TEXT` when
the room's play had moved on since its snapshot (its snapshot then has caught up). Any other
outcome ends it with an error: no command is refused for racing the others.
A delivery's TEXT is `deliver:NAME-N`; every text is unique.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tabletop.session import Committed, Decide, DeliverNext, Note, Refused, Seat, Session, SessionDatabase
from tabletop.session import Journal, SessionJournal


def say(line: str) -> None:
    print(line, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    for positional in ("engine", "target", "session_id", "role", "name"):
        parser.add_argument(positional)
    parser.add_argument("seconds", type=float)
    parser.add_argument("--slow", type=float, default=0.0)
    parser.add_argument("--stop", type=Path)
    parser.add_argument("--commands", type=int)
    args = parser.parse_args()
    engine, target, session_id, role, name = args.engine, args.target, args.session_id, args.role, args.name
    slow, stop, commands = args.slow, args.stop, args.commands

    def clock() -> datetime:
        time.sleep(slow)
        return datetime.now(UTC)

    seat = Seat(role=role, name=name, cell=name if role == "recorder" else None)
    facilitating = role == "facilitator"
    journal: Journal
    if engine == "sqlite":
        journal = SessionJournal.open(target, exclusive=False, facilitator=facilitating)
    else:
        journal = SessionDatabase(target).open(session_id)
    session = Session.from_journal(journal, seat=seat, clock=clock if slow else None)
    snapshot = session.snapshot()
    say("ready")
    sys.stdin.readline()
    deadline = time.monotonic() + args.seconds
    count = 0
    while time.monotonic() < deadline and not (stop is not None and stop.exists()) and count != commands:
        session.refresh()
        snapshot = session.snapshot()
        text = f"{name}-{count}"
        step = snapshot.next
        command: DeliverNext | Decide | Note
        if role == "facilitator" and count % 3 == 0 and step.inject is not None and step.refused is None:
            # Without the move its phase may ask for: no gate to answer, play moves on all the same.
            command = DeliverNext(expected_seq=snapshot.seq, without_move=step.move is not None)
            text = f"deliver:{text}"
        elif role == "recorder":
            command = Decide(expected_seq=snapshot.seq, decided_by=name, decision=text)
        else:
            command = Note(expected_seq=snapshot.seq, text=text)
        count += 1
        say(f"sent {text}")
        outcome = session.execute(command)
        if isinstance(outcome, Committed):
            if outcome.event.seq > snapshot.seq + 1:
                # Others recorded between this seat's decision and its record: the session settled it.
                say(f"settled {text}")
            say(f"ack {outcome.event.seq} {text}")
        elif isinstance(outcome, Refused) and outcome.kind == "moved_on":
            assert outcome.snapshot.seq > snapshot.seq  # caught up, to decide again
            assert "the session moved on: " in outcome.reason and "after this was begun" in outcome.reason
            say(f"refused {text}")
        else:
            raise SystemExit(f"{text}: {type(outcome).__name__}: {getattr(outcome, 'reason', '')}")
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
