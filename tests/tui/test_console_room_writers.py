"""Several writers in one room, seen from a console: what the others record (a cell's answer, a
note) never refuses what is being typed here, and a record that is refused loses nothing typed:
its dialog opens again as it was filled in, saying why."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, Static

from tabletop.session import AnswerPrompt, OpenPrompt, Seat, Session
from tests.tui.test_console_seminar import choose_in_radio
from tabletop.tui import make_app
from tabletop.tui.screens.dialogs import FormDialog
from tests.tui.conftest import NewSession, Settle

NOTE_TAKER = Seat(role="notes", name="Sam Lee")


def toasts(heard: list[Message]) -> list[str]:
    return [m.notification.message for m in heard if isinstance(m, Notify)]


def a_cell_answers(facilitator: Session) -> None:
    """The facilitator opens a question and the Japan cell answers it (events a console has not seen)."""
    opened = facilitator.execute(
        OpenPrompt(expected_seq=facilitator.state.last_seq, kind="question", text="Who leads?")
    )
    prompt = opened.snapshot.state.prompts[-1].prompt
    answered = facilitator.execute(
        AnswerPrompt(expected_seq=facilitator.state.last_seq, prompt=prompt, for_cell="japan", text="The JCG")
    )
    assert type(answered).__name__ == "Committed", answered


def test_a_note_is_recorded_although_a_cell_answered_while_it_was_typed(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    facilitator = new_session()
    facilitator.deliver_next()
    note_taker = Session.open(facilitator.path, seat=NOTE_TAKER)
    heard: list[Message] = []
    app = make_app(note_taker, clock=clock, live=False)  # the console has not seen the answer

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"JCG holds the line")
            a_cell_answers(facilitator)
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen.query_one("#note", Input).value == ""

    asyncio.run(run())
    note_taker.close()
    assert not any("moved on" in said for said in toasts(heard))
    facilitator.refresh()
    [note] = facilitator.state.notes
    assert (note.text, note.by, note.inject) == ("JCG holds the line", NOTE_TAKER, "fleet_sighted")


def test_a_decision_typed_while_play_moved_is_refused_and_its_dialog_opens_again_as_typed(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    facilitator = new_session()
    facilitator.deliver_next()
    note_taker = Session.open(facilitator.path, seat=NOTE_TAKER)
    heard: list[Message] = []
    app = make_app(note_taker, clock=clock, live=False)

    async def run() -> None:
        async with app.run_test(size=(120, 40), message_hook=heard.append) as pilot:
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await pilot.press(*"Prime Minister", "tab", *"Convene the NSC")
            a_cell_answers(facilitator)  # annotations alone: they refuse nothing
            facilitator.deliver_next()  # play moves on while the decision is being typed
            await pilot.press("enter")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, FormDialog), "the dialog is gone, and what was typed with it"
            assert dialog.values() == {"who": "Prime Minister", "what": "Convene the NSC"}
            problem = str(dialog.query_one(".dialog-problem", Static).render())
            assert "the session moved on: an inject was delivered after this was begun" in problem
            facilitator.refresh()
            assert facilitator.state.decisions == ()
            await pilot.press("enter")  # it still applies: sent again, on what is on screen now
            await settle(pilot)
            assert not isinstance(app.screen, FormDialog)

    asyncio.run(run())
    note_taker.close()
    facilitator.refresh()
    [decision] = facilitator.state.decisions
    assert (decision.decided_by, decision.decision, decision.inject) == (
        "Prime Minister",
        "Convene the NSC",
        "fleet_shelters",
    )


def test_an_improvement_item_with_a_mistyped_date_comes_back_with_everything_typed(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    facilitator = new_session()
    facilitator.deliver_next()
    app = make_app(facilitator, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, FormDialog)
            typed = {"issue": "Liaison arrived late", "corrective_action": "Name a standing liaison officer"}
            for n, spec in enumerate(dialog.fields):
                if spec.name in typed:
                    dialog.query_one(f"#field-{n}", Input).value = typed[spec.name]
                if spec.name == "start_date":
                    dialog.query_one(f"#field-{n}", Input).value = "2031-02-30"
            dialog.submit()
            await settle(pilot)
            again = app.screen
            assert isinstance(again, FormDialog) and again is not dialog
            values = again.values()
            assert {name: values[name] for name in typed} == typed and values["start_date"] == "2031-02-30"
            assert str(again.query_one(".dialog-problem", Static).render()).startswith("Not recorded: ")
            for n, spec in enumerate(again.fields):
                if spec.name == "start_date":
                    again.query_one(f"#field-{n}", Input).value = "2031-02-28"
            again.submit()
            await settle(pilot)
            assert not isinstance(app.screen, FormDialog)

    asyncio.run(run())
    [item] = facilitator.state.improvement_plan
    assert (item.issue, str(item.start_date)) == ("Liaison arrived late", "2031-02-28")


def test_a_rating_refused_because_play_moved_is_sent_again_with_enter_as_it_was_chosen(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    """The evaluator's rating dialog begins with a choice (which action), which takes Enter for
    itself: opened again after a refusal, Enter sends it, as the console's help says."""
    facilitator = new_session()
    facilitator.deliver_next()
    evaluator = Session.open(facilitator.path, seat=Seat(role="evaluator", name="Kai Mori"))
    app = make_app(evaluator, clock=clock, live=False)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await choose_in_radio(pilot, 1)  # the inject's second expected action
            await pilot.press("tab")
            await choose_in_radio(pilot, 1)  # S
            await pilot.press("tab", *"Briefed the prefecture late")
            facilitator.deliver_next()  # play moves on while the rating is being written
            app.screen.query_one("#submit").focus()
            await pilot.press("enter")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, FormDialog), "the dialog is gone, and what was chosen with it"
            assert "the session moved on" in str(dialog.query_one(".dialog-problem", Static).render())
            await pilot.press("enter")  # sent again, as it was filled in
            await settle(pilot)
            assert not isinstance(app.screen, FormDialog)

    asyncio.run(run())
    evaluator.close()
    facilitator.refresh()
    [rating] = facilitator.state.ratings
    assert (rating.inject, rating.action, rating.rating, rating.observation) == (
        "fleet_sighted",
        1,
        "S",
        "Briefed the prefecture late",
    )
