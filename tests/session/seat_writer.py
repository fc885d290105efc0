"""Child process of the seats' race tests: one seat recording through the command path until its
time is up.

Usage: seat_writer.py ENGINE TARGET SESSION ROLE NAME SECONDS

ENGINE is `sqlite` (TARGET a session file; SESSION is `-`) or `postgres` (TARGET a database URL,
SESSION the session's id). The seat opens the session as ROLE (a recorder sits for cell NAME) and,
again and again, decides on the snapshot it has: the facilitator delivers the next inject every
third time and otherwise notes, an evaluator notes, a recorder records its cell's decision. It
prints, flushed, one line per command: `sent TEXT` before it executes it, then `ack SEQ TEXT` when
it was committed (after `settled TEXT` when others recorded between its decision and its record,
and the session settled the race itself) or `refused TEXT` when the session had moved on (its
snapshot then has caught up) or other seats kept winning the race until it gave up (nothing
recorded).
A delivery's TEXT is `deliver:NAME-N`; every text is unique.
"""

from __future__ import annotations

import sys
import time

from tabletop.session import Committed, Decide, DeliverNext, Note, Refused, Seat, Session, SessionDatabase


def say(line: str) -> None:
    print(line, flush=True)


def main() -> int:
    engine, target, session_id, role, name, seconds = sys.argv[1:7]
    seat = Seat(role=role, name=name, cell=name if role == "recorder" else None)
    if engine == "sqlite":
        session = Session.open(target, seat=seat)
    else:
        session = Session.from_journal(SessionDatabase(target).open(session_id), seat=seat)
    deadline = time.monotonic() + float(seconds)
    snapshot = session.snapshot()
    count = 0
    while time.monotonic() < deadline:
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
            say(f"refused {text}")
        elif isinstance(outcome, Refused) and outcome.kind == "not_recorded" and "kept recording" in outcome.reason:
            # Lost every race it was allowed: told that nothing was recorded, to send it again.
            say(f"refused {text}")
        else:
            raise SystemExit(f"{text}: {type(outcome).__name__}: {getattr(outcome, 'reason', '')}")
    session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
