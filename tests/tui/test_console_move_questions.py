"""The move dialog never asks a question out of sight: whenever a gate's Yes/No takes the keys,
the question they answer is in view with them, at 80x24 as at 120x40, whatever the length of the
bases the room weighs above it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import RadioSet

from tabletop.rules import Corpus, load_rules
from tabletop.session import MoveView
from tabletop.tui import ConsoleApp, make_app
from tabletop.tui.screens.dialogs import GatesDialog
from tests.tui.conftest import NewSession, Settle, moves_with_gates, with_a_move_waiting

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
SEVERAL_GATES = [
    pytest.param((t.trigger, t.dest), id=f"{t.trigger}-{t.dest}") for t in load_rules().transitions if len(t.gates) > 1
]

Moves = dict[tuple[str, str | None], MoveView]


@pytest.fixture(scope="module")
def moves(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Moves:
    """Every move with gates, by trigger and the phase it enters."""
    return {(move.trigger, move.dest): move for move in moves_with_gates(corpus, tmp_path_factory.mktemp("walk"))}


def in_view(dialog: GatesDialog, widget: Widget) -> bool:
    """Whether every row of `widget` is inside the visible rows of the gates' region, that region
    inside the dialog and clear of its buttons."""
    visible = dialog.query_one("#gates").scrollable_content_region
    buttons = dialog.query_one(".dialog-buttons")
    return (
        dialog.region.contains_region(visible)
        and not visible.overlaps(buttons.region)
        and visible.contains_region(widget.region)
    )


def question_and_answers_in_view(dialog: GatesDialog, n: int) -> bool:
    return in_view(dialog, dialog.query_one(f"#question-{n}")) and in_view(dialog, dialog.query_one(f"#gate-{n}"))


def test_every_move_with_gates_of_the_bundled_rules_is_put_to_the_test(corpus: Corpus, moves: Moves) -> None:
    assert set(moves) == {(t.trigger, t.dest) for t in corpus.transitions if t.gates}
    assert {key for key, move in moves.items() if len(move.gates) > 1} == {p.values[0] for p in SEVERAL_GATES}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", SEVERAL_GATES)
def test_each_question_is_in_view_whenever_its_yes_or_no_takes_the_keys(
    key: tuple[str, str | None],
    size: tuple[int, int],
    moves: Moves,
    new_session: NewSession,
    clock: Callable[[], datetime],
    settle: Settle,
) -> None:
    move = moves[key]
    app = make_app(new_session(), clock=clock)
    out_of_sight: list[tuple[int, str]] = []

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await app.push_screen(GatesDialog(move))
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, GatesDialog)
            last = len(move.gates) - 1

            async def each_answer_highlighted(n: int, how: str) -> None:
                focused = dialog.focused
                assert isinstance(focused, RadioSet) and focused.id == f"gate-{n}", (n, how)
                for press, answer in (("right", "No"), ("left", "Yes")):
                    await pilot.press(press)  # the answer Enter would give
                    await pilot.pause()
                    if not question_and_answers_in_view(dialog, n):
                        out_of_sight.append((n, f"{how}, {answer} highlighted"))

            # Forwards, as the room answers: each gate yes, then Tab past its remark to the next.
            for n in range(len(move.gates)):
                await each_answer_highlighted(n, "on opening" if n == 0 else "after Tab")
                await pilot.press("enter")  # yes: the gates after it stay in the dialog
                if n < last:
                    await pilot.press("tab", "tab")
                    await pilot.pause()
            # Backwards, to change an answer: Shift+Tab past the remark above.
            for n in reversed(range(last)):
                await pilot.press("shift+tab", "shift+tab")
                await pilot.pause()
                await each_answer_highlighted(n, "after Shift+Tab")

    asyncio.run(run())
    assert out_of_sight == []


@pytest.mark.parametrize("size", SIZES)
def test_g_opens_the_move_with_its_first_question_and_answers_in_view(
    size: tuple[int, int], new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = with_a_move_waiting(new_session(), gates=3)
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("g")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, GatesDialog)
            assert dialog.query_one("#move").scroll_y == 0  # the move's basis from its first word
            focused = dialog.focused
            assert isinstance(focused, RadioSet) and focused.id == "gate-0"
            assert question_and_answers_in_view(dialog, 0)

    asyncio.run(run())


async def open_the_move(app: ConsoleApp, pilot: Pilot[None], settle: Settle, move: MoveView) -> GatesDialog:
    await settle(pilot)
    await app.push_screen(GatesDialog(move))
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, GatesDialog)
    return dialog


def blank_rows_above_the_buttons(dialog: GatesDialog) -> int:
    """The rows between the last the gates' region shows (its last field, the scenario time, or
    its own bottom row when it scrolls) and the buttons."""
    gates = dialog.query_one("#gates")
    last = dialog.query_one("#scenario-time").region
    shown = gates.region.bottom if gates.max_scroll_y else last.bottom
    return dialog.query_one(".dialog-buttons").region.y - shown


@pytest.mark.parametrize(
    ("key", "size", "scrolls"),
    [
        pytest.param(("de_escalate", "peacetime"), (120, 40), False, id="one-gate-120x40"),
        pytest.param(("attack_occurs", "attack"), (80, 24), True, id="three-gates-80x24"),
    ],
)
def test_the_dialog_is_as_tall_as_its_move_up_to_nine_tenths_of_the_screen(
    key: tuple[str, str],
    size: tuple[int, int],
    scrolls: bool,
    moves: Moves,
    new_session: NewSession,
    clock: Callable[[], datetime],
    settle: Settle,
) -> None:
    """A short move (one gate) makes a short dialog; the attack's three gates at 80x24 take all
    the dialog may, and scroll below the move with the first question in view."""
    move = moves[key]
    app = make_app(new_session(), clock=clock)
    nine_tenths = size[1] * 9 // 10

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            dialog = await open_the_move(app, pilot, settle, move)
            height = dialog.query_one(".gates-dialog").region.height
            assert blank_rows_above_the_buttons(dialog) == 0
            assert (dialog.query_one("#gates").max_scroll_y > 0) is scrolls
            assert height == nine_tenths if scrolls else height < nine_tenths
            assert question_and_answers_in_view(dialog, 0)

    asyncio.run(run())


def test_a_larger_terminal_gives_the_gates_the_rows_it_adds_and_keeps_the_question_in_view(
    moves: Moves, new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    move = moves[("attack_occurs", "attack")]
    app = make_app(new_session(), clock=clock)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            dialog = await open_the_move(app, pilot, settle, move)
            before = dialog.query_one("#gates").region.height
            await pilot.resize_terminal(120, 40)
            await settle(pilot)
            assert dialog.query_one(".gates-dialog").region.height == 36  # 90% of 40 rows
            assert dialog.query_one("#gates").region.height > before
            assert blank_rows_above_the_buttons(dialog) == 0
            assert question_and_answers_in_view(dialog, 0)
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            assert dialog.query_one(".gates-dialog").region.height == 21
            assert question_and_answers_in_view(dialog, 0)

    asyncio.run(run())
