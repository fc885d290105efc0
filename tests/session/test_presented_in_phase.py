"""The clauses the scenario presents with an inject stand in the phases the console shows them in.

The console flags the current inject's clauses against the phases in force (its ranked
suggestions); the record flags each presented clause when the inject is delivered, and again
when a move is made while the inject is in front of the room: the room's determination of the
inject's own move, or a move the facilitator makes by hand. Both say the same, then and after the
session is read back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.session import Declined, DetermineMove, Jump, Session, SessionRecord, SessionSnapshot


def _console(snapshot: SessionSnapshot) -> dict[str, bool]:
    """What the console's citation panel flags out of phase among the scenario's clauses."""
    return {s.id: s.out_of_phase for s in snapshot.suggestions if "scenario" in s.sources}


def _record(snapshot: SessionSnapshot) -> dict[str, bool]:
    """What the record flags out of phase among the clauses presented with the current inject."""
    return {c.clause: c.out_of_phase for c in snapshot.citations if c.source == "scenario"}


def _by_hand(session: Session, trigger: str) -> None:
    """The facilitator makes `trigger` by hand (`t` in the console), the room answering yes."""
    move = next(m for m in session.snapshot().legal_moves if m.trigger == trigger)
    session.fire(trigger, {gate.id: True for gate in move.gates})


def test_a_move_made_by_hand_after_the_room_said_no_puts_the_inject_s_clauses_in_phase(session: Session) -> None:
    session.execute(Jump(expected_seq=session.snapshot().seq, inject="missiles", move_pending=True))
    declined = session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={"attack_determined": False}))
    assert isinstance(declined, Declined)
    assert _record(session.snapshot()) == {"IV.C.1": True}  # presented in peacetime, where it does not apply

    _by_hand(session, "attack_occurs")

    shown = session.snapshot()
    assert shown.phases == ("attack",)
    assert _record(shown) == _console(shown) == {"IV.C.1": False}
    (presented,) = (c for c in session.state.citations if c.inject == "missiles")
    assert presented.phases == ("attack",)
    assert isinstance(session.path, Path)
    read_back = SessionRecord.load(session.path).state()
    assert [(c.clause, c.out_of_phase, c.phases) for c in read_back.citations if c.inject == "missiles"] == [
        ("IV.C.1", False, ("attack",))
    ]


@pytest.mark.parametrize(("inject", "trigger"), [("tension", "threats_emerge"), ("missiles", "attack_occurs")])
def test_the_record_and_the_console_agree_after_every_move_made_by_hand(
    session: Session, inject: str, trigger: str
) -> None:
    session.jump(inject, without_move=True)
    assert _record(session.snapshot()) == _console(session.snapshot())
    _by_hand(session, trigger)
    assert _record(session.snapshot()) == _console(session.snapshot())
    assert not any(_record(session.snapshot()).values())
    _by_hand(session, "de_escalate")  # out of the phase again, still at the inject: as the console shows
    assert _record(session.snapshot()) == _console(session.snapshot())
    assert all(_record(session.snapshot()).values())


def test_a_move_by_hand_leaves_the_clauses_of_injects_no_longer_in_front_alone(session: Session) -> None:
    session.jump("missiles", without_move=True)
    session.jump("quiet")  # the missiles' clause stays as it was presented
    _by_hand(session, "attack_occurs")
    assert [(c.clause, c.out_of_phase) for c in session.state.citations if c.inject == "missiles"] == [("IV.C.1", True)]
