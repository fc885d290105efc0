"""A dialog opened again after its record was refused (a link down, the session moved on) comes
back as it was filled in, and Enter sends it again: what was asked, never something else."""

from __future__ import annotations

import asyncio

from typing import Literal, TypeVar

from textual.app import App

from tabletop.rules import load_rules
from tabletop.tui.screens.dialogs import ClauseAction, ClauseDialog, Dialog, GateAnswers, GatesDialog
from tests.tui.conftest import NewSession

_R = TypeVar("_R")

REFUSED = "the link to the session's database is down; nothing was recorded"


def enter_on(dialog: Dialog[_R]) -> list[_R | None]:
    """What `dialog` gives when Enter is pressed as soon as it is shown."""
    given: list[_R | None] = []

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(dialog, given.append)

    async def run() -> None:
        app = Host()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()

    asyncio.run(run())
    return given


def test_a_move_opened_again_records_the_rooms_answers_as_given_with_enter(new_session: NewSession) -> None:
    session = new_session()
    move = next(m for m in session.snapshot().legal_moves if len(m.gates) >= 2)
    answers = GateAnswers({gate.id: True for gate in move.gates}, {move.gates[0].id: "agreed"}, "D 05:30")
    assert enter_on(GatesDialog(move).again(answers, REFUSED)) == [answers]


def test_a_withdrawal_opened_again_withdraws_with_enter_and_never_cites() -> None:
    corpus = load_rules()
    clause = corpus.clause("IV.A.1")
    asks: tuple[Literal["withdraw", "discussed", "cite"], ...] = ("withdraw", "discussed", "cite")
    for asked in asks:
        dialog = ClauseDialog(clause, [], ["peacetime"], cited=True, writable=True)
        action = ClauseAction(asked, "raised on the wrong inject")
        assert enter_on(dialog.again(action, REFUSED)) == [action], asked
