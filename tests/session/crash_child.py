"""Child process of the crash-safety test: performs random operations on a session until killed.

Usage: crash_child.py RULES SCENARIO SESSION_DIR SESSION_FILE|- SEED

Prints `path FILE` once the session file exists, then `ack SEQ DIGEST` after every
acknowledged operation (flushed), where DIGEST is the SHA-256 of the state's repr;
`ended` when the session has ended.
"""

from __future__ import annotations

import hashlib
import random
import sys
from collections.abc import Iterable

from tabletop.errors import TabletopError
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.rules import Gate
from tabletop.session import Event, Rating, Session, SessionState

INJECTS = ["quiet", "tension", "evacuation", "quake", "missiles", "recovery", "nowhere"]
CLAUSES = ["III", "III.A", "IV.A.1", "IV.B", "IV.B.1", "IV.C.1", "VI"]
TRIGGERS = ["threats_emerge", "attack_occurs", "de_escalate", "disaster_strikes", "recover"]
RATINGS: tuple[Rating, ...] = ("P", "S", "M", "U")


def digest(state: SessionState) -> str:
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()


def confirm(gates: Iterable[Gate]) -> dict[str, bool]:
    return {gate.id: True for gate in gates}


def step(session: Session, rng: random.Random) -> Event:
    kind = rng.choices(
        [
            "next",
            "jump",
            "option",
            "back",
            "fire",
            "cite",
            "withdraw",
            "note",
            "decide",
            "rate",
            "adhoc",
            "pause",
            "resume",
            "end",
        ],
        weights=[8, 3, 3, 2, 3, 6, 2, 8, 4, 4, 1, 1, 1, 0.2],
    )[0]
    if kind == "next":
        return session.deliver_next(confirm(session.pending_gates()))
    if kind == "jump":
        target = rng.choice(INJECTS)
        return session.jump(target, confirm(session.pending_gates(target)))
    if kind == "option":
        return session.take_option(rng.randrange(2))
    if kind == "back":
        return session.go_back()
    if kind == "fire":
        trigger = rng.choice(TRIGGERS)
        gates = next((m.gates for m in session.legal_moves() if m.trigger == trigger), ())
        return session.fire(trigger, confirm(gates))
    if kind == "cite":
        return session.cite(rng.choice(CLAUSES), f"reason {rng.randrange(100)}")
    if kind == "withdraw":
        return session.withdraw(rng.choice(CLAUSES))
    if kind == "note":
        return session.note(f"note {rng.randrange(10**6)}")
    if kind == "decide":
        return session.decide(rng.choice(["Japan cell", "U.S. cell"]), f"decision {rng.randrange(100)}")
    if kind == "rate":
        return session.rate("quiet", rng.choice(["a1", "a2"]), rng.choice(RATINGS), "observed")
    if kind == "adhoc":
        return session.insert_adhoc(f"Improvised {rng.randrange(100)}")
    if kind == "pause":
        return session.pause_clock()
    if kind == "resume":
        return session.resume_clock()
    return session.end()


def main() -> None:
    rules, scenario, session_dir, session_file, seed = sys.argv[1:6]
    rng = random.Random(int(seed))
    corpus = load_rules(rules)
    if session_file == "-":
        session = Session.start(load_scenario(scenario, corpus), corpus, session_dir=session_dir)
    else:
        session = Session.open(session_file)
    print(f"path {session.path}", flush=True)
    while not session.state.ended:
        try:
            event = step(session, rng)
        except TabletopError:
            continue
        print(f"ack {event.seq} {digest(session.state)}", flush=True)
    print("ended", flush=True)


if __name__ == "__main__":
    main()
