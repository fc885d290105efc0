"""A move the facilitator makes by hand reads in the report as the console showed it: the inject's
clauses presented in the phase it entered, and the scenario time the room made it at."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.report import build_report, render_report
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import Declined, DetermineMove, Fire, Jump, Session, SessionRecord

from .conftest import TickingClock

SOUTHWEST = Path(__file__).parents[2] / "scenarios" / "southwest_islands.yaml"


@pytest.fixture(scope="module")
def made_by_hand(tmp_path_factory: pytest.TempPathFactory) -> SessionRecord:
    """`attack_anticipated` heard first, its move declined by the room; then the facilitator makes
    `threats_emerge` and `attack_anticipated` by hand (`t`), the room answering yes, at D-2 11:00."""
    corpus = load_rules()
    loaded = load_scenario(SOUTHWEST, corpus)
    folder = tmp_path_factory.mktemp("by-hand")
    with Session.start(loaded, corpus, session_dir=folder, clock=TickingClock()) as session:
        session.execute(Jump(expected_seq=session.snapshot().seq, inject="attack_anticipated", move_pending=True))
        declined = session.execute(
            DetermineMove(expected_seq=session.snapshot().seq, answers={"armed_attack_anticipated": False})
        )
        assert isinstance(declined, Declined)
        for trigger, when in (("threats_emerge", None), ("attack_anticipated", "D-2 11:00")):
            shown = session.snapshot()
            move = next(m for m in shown.legal_moves if m.trigger == trigger)
            session.execute(
                Fire(
                    expected_seq=shown.seq,
                    trigger=trigger,
                    answers={gate.id: True for gate in move.gates},
                    scenario_time=when,
                )
            )
        assert isinstance(session.path, Path)
        return SessionRecord.load(session.path)


def test_the_clauses_presented_count_in_the_phase_the_move_by_hand_entered(made_by_hand: SessionRecord) -> None:
    report = build_report(made_by_hand)
    (anticipated,) = (p for p in report.coverage.phases if p.phase == "anticipated_attack")
    presented = {t.clause for t in anticipated.clauses if t.taken_up == "presented"}
    assert {"IV.C", "IV.C.1"} <= presented
    assert anticipated.exercised >= len(presented)
    assert all(not c.out_of_phase for i in report.injects if i.id == "attack_anticipated" for c in i.citations)


def test_a_move_by_hand_shows_the_scenario_time_it_was_made_at(made_by_hand: SessionRecord) -> None:
    moves = build_report(made_by_hand).executive_summary.moves
    assert [(m.trigger, m.inject, m.fired, m.scenario_time) for m in moves] == [
        ("attack_anticipated", "attack_anticipated", False, "D-3 18:00"),
        ("threats_emerge", None, True, "D-3 18:00"),
        ("attack_anticipated", None, True, "D-2 11:00"),
    ]
    document = render_report(made_by_hand, "md")
    assert "| D-2 11:00 | An armed attack against Japan is anticipated |" in document
