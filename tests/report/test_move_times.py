"""Every table of the report gives a move the scenario time the room determined it at: the phases
entered and left, the moves between phases and the key determinations agree, and what the cells
were asked and answered while the room deliberated counts as what it recorded meanwhile."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.report import build_report, render_report
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import (
    AnswerPrompt,
    Declined,
    DetermineMove,
    Fire,
    Jump,
    OpenPrompt,
    Session,
    SessionRecord,
)

from .conftest import TickingClock

SOUTHWEST = Path(__file__).parents[2] / "scenarios" / "southwest_islands.yaml"


@pytest.fixture(scope="module")
def changed_its_mind(tmp_path_factory: pytest.TempPathFactory) -> SessionRecord:
    """`forces_mass` (D-10 08:00) heard with its move waiting; the cells polled; the room says no
    at D-10 20:00, then makes the move by hand at D-10 21:00; `attack_anticipated` (D-3 18:00)
    heard, its move determined at D-3 22:30."""
    corpus = load_rules()
    loaded = load_scenario(SOUTHWEST, corpus)
    folder = tmp_path_factory.mktemp("mind")
    with Session.start(loaded, corpus, session_dir=folder, clock=TickingClock()) as session:
        session.execute(Jump(expected_seq=session.snapshot().seq, inject="forces_mass", move_pending=True))
        poll = OpenPrompt(
            expected_seq=session.snapshot().seq,
            kind="poll",
            text="An important influence on Japan's peace and security?",
            options=("yes", "not yet"),
        )
        session.execute(poll)
        (opened,) = session.snapshot().state.prompts
        for cell, choice in (("japan", 1), ("us", 0)):
            session.execute(
                AnswerPrompt(expected_seq=session.snapshot().seq, prompt=opened.prompt, for_cell=cell, choice=choice)
            )
        declined = session.execute(
            DetermineMove(
                expected_seq=session.snapshot().seq,
                answers={"important_influence": False},
                remarks={"important_influence": "wait for the NSC"},
                scenario_time="D-10 20:00",
            )
        )
        assert isinstance(declined, Declined)
        shown = session.snapshot()
        move = next(m for m in shown.legal_moves if m.trigger == "threats_emerge")
        session.execute(
            Fire(
                expected_seq=shown.seq,
                trigger="threats_emerge",
                answers={gate.id: True for gate in move.gates},
                scenario_time="D-10 21:00",
            )
        )
        session.execute(Jump(expected_seq=session.snapshot().seq, inject="attack_anticipated", move_pending=True))
        pending = session.snapshot().pending
        assert pending is not None
        session.execute(
            DetermineMove(
                expected_seq=session.snapshot().seq,
                answers={gate.id: True for gate in pending.move.gates},
                scenario_time="D-3 22:30",
            )
        )
        assert isinstance(session.path, Path)
        return SessionRecord.load(session.path)


def test_each_phase_is_entered_at_the_time_the_room_determined_its_move(changed_its_mind: SessionRecord) -> None:
    summary = build_report(changed_its_mind).summary
    entered = {
        p.phase: p.entered_scenario_time
        for p in summary.periods
        if p.phase in {"emerging_threats", "anticipated_attack"}
    }
    assert entered == {"emerging_threats": "D-10 21:00", "anticipated_attack": "D-3 22:30"}
    moves = {(c.trigger, c.scenario_time) for c in summary.phase_changes if c.trigger is not None}
    assert moves == {("threats_emerge", "D-10 21:00"), ("attack_anticipated", "D-3 22:30")}


def test_the_key_determinations_and_the_moves_between_phases_agree(changed_its_mind: SessionRecord) -> None:
    report = build_report(changed_its_mind)
    key = [(m.trigger, m.fired, m.scenario_time) for m in report.executive_summary.moves]
    assert key == [
        ("threats_emerge", False, "D-10 20:00"),
        ("threats_emerge", True, "D-10 21:00"),
        ("attack_anticipated", True, "D-3 22:30"),
    ]
    made = {(m.trigger, m.scenario_time) for m in report.executive_summary.moves if m.fired}
    assert made == {(c.trigger, c.scenario_time) for c in report.summary.phase_changes if c.trigger is not None}


def test_a_poll_of_the_cells_counts_as_what_the_room_recorded_meanwhile(changed_its_mind: SessionRecord) -> None:
    (no,) = (d for d in build_report(changed_its_mind).summary.determinations if not d.answer)
    assert no.meanwhile is not None
    assert (no.meanwhile.questions, no.meanwhile.answers) == (1, 2)
    assert no.meanwhile.summary == "1 question to the cells, 2 cell answers"
    document = render_report(changed_its_mind, "md")
    assert "meanwhile: 1 question to the cells, 2 cell answers" in document
