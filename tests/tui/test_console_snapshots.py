"""What the facilitator sees, pinned: each screen at 80x24 and 120x40 (pytest-textual-snapshot).

Clocks and session ids are frozen (conftest.py), so a change in a picture is a change in
the console. After a deliberate change, review the pictures and update them with
`pytest tests/tui --snapshot-update`.
"""

from __future__ import annotations

import pytest

from tabletop.tui import make_app
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle, SnapCompare, moves_with_gates
from tabletop.rules import Corpus
from tabletop.session import MoveView
from tabletop.tui.screens.dialogs import GatesDialog
from pathlib import Path
from tabletop.session import Session
from datetime import datetime
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from typing import Any

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def wait_for_workers(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text field's cursor drawn steadily, as when it has just been focused: Textual blinks a
    focused field's cursor on a wall-clock timer, so which phase a picture caught would depend on
    how fast the machine drew it. The console itself still blinks."""
    for widget in (Input, TextArea):
        make = widget.__init__

        def steady(self: Input | TextArea, *args: Any, make: Callable[..., None] = make, **kwargs: Any) -> None:
            make(self, *args, **kwargs)
            self.cursor_blink = False

        monkeypatch.setattr(widget, "__init__", steady)


MoveDialogMatches = Callable[[Callable[[list[MoveView]], MoveView], tuple[int, int]], bool]
"""`move_dialog_matches(choose, size)`: whether the move dialog of the move `choose` picks among
every move with gates of the bundled rules, opened over a new session, matches its picture."""


@pytest.fixture
def move_dialog_matches(
    snap_compare: SnapCompare,
    new_session: NewSession,
    corpus: Corpus,
    tmp_path: Path,
    clock: Callable[[], datetime],
    settle: Settle,
) -> MoveDialogMatches:
    def matches(choose: Callable[[list[MoveView]], MoveView], size: tuple[int, int]) -> bool:
        move = choose(moves_with_gates(corpus, tmp_path / "walk"))

        async def open_its_dialog(pilot: Pilot[None]) -> None:
            await settle(pilot)
            await pilot.app.push_screen(GatesDialog(move))
            await settle(pilot)

        return snap_compare(make_app(new_session(), clock=clock), terminal_size=size, run_before=open_its_dialog)

    return matches


@pytest.fixture
def at_landing(new_session: NewSession) -> Session:
    """The Southwestern Islands seminar at the landing: the next inject moves the phase."""
    session = new_session()
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)
    return session


class TestStartScreen:
    @pytest.mark.parametrize("size", SIZES)
    def test_lists_bundled_scenarios_and_sessions_to_resume(
        self,
        snap_compare: SnapCompare,
        new_session: NewSession,
        tmp_path: Path,
        clock: Callable[[], datetime],
        size: tuple[int, int],
    ) -> None:
        earlier = new_session(folder=tmp_path / "sessions")
        earlier.deliver_next()
        earlier.close()
        app = make_app(session_dir=tmp_path / "sessions", clock=clock)
        assert snap_compare(app, terminal_size=size, run_before=wait_for_workers)


class TestMainScreen:
    @pytest.mark.parametrize("size", SIZES)
    def test_shows_the_inject_in_front_of_the_room(
        self, snap_compare: SnapCompare, new_session: NewSession, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        session = new_session()
        session.deliver_next()
        session.deliver_next()
        session.note("Coast Guard asks for guidance")
        assert snap_compare(make_app(session, clock=clock), terminal_size=size)


class TestMoveDialog:
    @pytest.mark.parametrize("size", SIZES)
    def test_next_into_a_gated_phase_shows_the_inject_with_its_move_waiting(
        self, snap_compare: SnapCompare, at_landing: Session, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        assert snap_compare(
            make_app(at_landing, clock=clock), terminal_size=size, press=["n"], run_before=wait_for_workers
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_g_puts_each_gate_of_the_move_waiting(
        self, snap_compare: SnapCompare, at_landing: Session, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        assert snap_compare(
            make_app(at_landing, clock=clock), terminal_size=size, press=["n", "g"], run_before=wait_for_workers
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_gates_first_asks_each_gate_before_delivering(
        self, snap_compare: SnapCompare, at_landing: Session, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        assert snap_compare(
            make_app(at_landing, clock=clock), terminal_size=size, press=["G"], run_before=wait_for_workers
        )

    @pytest.mark.parametrize("size", SIZES)
    def test_the_longest_basis_of_the_rules_leaves_each_question_with_its_answers(
        self, move_dialog_matches: MoveDialogMatches, size: tuple[int, int]
    ) -> None:
        def longest_basis(move: MoveView) -> int:
            return max(len(move.basis), *(len(gate.reference) for gate in move.gates))

        assert move_dialog_matches(lambda moves: max(moves, key=longest_basis), size)

    @pytest.mark.parametrize(
        ("trigger", "dest", "size"),
        [
            pytest.param("de_escalate", "peacetime", (120, 40), id="one-gate-120x40"),
            pytest.param("attack_occurs", "attack", (80, 24), id="three-gates-80x24"),
        ],
    )
    def test_is_as_tall_as_its_move_up_to_nine_tenths_of_the_screen(
        self, move_dialog_matches: MoveDialogMatches, trigger: str, dest: str, size: tuple[int, int]
    ) -> None:
        assert move_dialog_matches(lambda moves: next(m for m in moves if (m.trigger, m.dest) == (trigger, dest)), size)


class TestOrdersDialog:
    @pytest.mark.parametrize("size", SIZES)
    def test_lists_who_decides_on_which_side_and_what_is_still_to_record_first(
        self, snap_compare: SnapCompare, at_landing: Session, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        assert snap_compare(
            make_app(at_landing, clock=clock), terminal_size=size, press=["o"], run_before=wait_for_workers
        )


class TestRating:
    @pytest.mark.parametrize("size", SIZES)
    def test_r_rates_an_expected_action_of_the_current_inject(
        self, snap_compare: SnapCompare, at_landing: Session, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        assert snap_compare(
            make_app(at_landing, clock=clock), terminal_size=size, press=["r"], run_before=wait_for_workers
        )


class TestProjector:
    @pytest.mark.parametrize("size", SIZES)
    def test_shows_title_narrative_and_questions_alone(
        self, snap_compare: SnapCompare, at_landing: Session, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        assert snap_compare(make_app(at_landing, clock=clock), terminal_size=size, press=["v"])


class TestHotWash:
    @pytest.mark.parametrize("size", SIZES)
    def test_lists_findings_by_objective_and_the_plan(
        self, snap_compare: SnapCompare, at_landing: Session, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        at_landing.hot_wash(
            "strength", "The hand-off to the Self-Defense Forces was clear", objective="grey_zone_handoff"
        )
        at_landing.hot_wash("improvement", "Public messaging lagged")
        at_landing.add_improvement_item(
            issue="Public messaging lagged",
            corrective_action="Pre-approved messages",
            capability_element="Planning",
            responsible_organisation="Cabinet Public Relations Office",
            point_of_contact="Press secretary",
            start_date="2030-05-01",
            completion_date="2030-07-31",
        )
        assert snap_compare(make_app(at_landing, clock=clock), terminal_size=size, press=["w"])

    @pytest.mark.parametrize("size", SIZES)
    def test_a_plan_item_takes_its_capability_element_from_hseeps_five(
        self, snap_compare: SnapCompare, at_landing: Session, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        # The issue and the action typed, then Enter on the capability element: its list opens.
        keys = ["w", "p", *"Public messaging lagged", "tab", *"Pre-approved messages", "tab", "enter"]
        assert snap_compare(make_app(at_landing, clock=clock), terminal_size=size, press=keys)


class TestHelp:
    @pytest.mark.parametrize("size", SIZES)
    def test_lists_every_key_grouped(
        self, snap_compare: SnapCompare, at_landing: Session, clock: Callable[[], datetime], size: tuple[int, int]
    ) -> None:
        assert snap_compare(make_app(at_landing, clock=clock), terminal_size=size, press=["question_mark"])
