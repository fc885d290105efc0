"""The console at the moments a room decides: every answer of a dialog readable whole, `r` rating
what is in front of the room, pickers that ask before they act, the projector's time and revealed
answers as a far screen shows them, the keys in the bar, and a second console's wording."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Digits, RadioButton, RadioSet, Static

from tabletop.report import build_report, draw_report
from tabletop.session import ClosePrompt, DeliverNext, InsertAdHoc, OpenPrompt, Rate, RevealPrompt, Session
from tabletop.tui import ConsoleApp, make_app
from tabletop.tui.screens.dialogs import ChoiceDialog, FormDialog, GatesDialog, PickDialog
from tabletop.tui.screens.main import MainScreen
from tabletop.tui.screens.projector import ProjectorScreen
from tests.tui.conftest import NewSession, Settle, told_by

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((128, 40), id="128x40"),
    pytest.param((160, 50), id="160x50"),
]


def shown(app: ConsoleApp) -> str:
    """The characters on the screen, whitespace folded (a label wrapped over rows reads on)."""
    svg = app.export_screenshot()
    cells = "".join(html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    return re.sub(r"\s+", " ", cells.replace("\xa0", " "))


def rows(app: ConsoleApp) -> list[str]:
    """The screen's rows as drawn."""
    svg = app.export_screenshot()
    by_row: dict[str, list[str]] = {}
    for y, text in re.findall(r'<text[^>]*y="([\d.]+)"[^>]*>([^<]*)</text>', svg):
        by_row.setdefault(y, []).append(html.unescape(text).replace("\xa0", " "))
    return ["".join(parts) for _, parts in sorted(by_row.items(), key=lambda item: float(item[0]))]


def choices_drawn(app: ConsoleApp) -> str:
    """What the dialog's choices show: each one's lines as drawn in its region (none beyond its
    width or height), whitespace folded."""
    drawn: list[str] = []
    for button in app.screen.query(RadioButton):
        lines = str(button.render()).split("\n")
        region = button.content_region
        assert len(lines) <= region.height and all(len(text) <= region.width for text in lines), lines
        drawn += lines
    return " ".join(" ".join(drawn).split())


def at_landing(new_session: NewSession) -> Session:
    """The Southwestern Islands at the landing, whose next inject moves the phase; two injects
    with expected actions delivered (the first and the landing)."""
    session = new_session()
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)
    return session


async def said_no_before_delivery(pilot: Pilot[None], settle: Settle) -> None:
    """`G`, the room's "no" to the move's one gate, recorded: the console asks what follows."""
    app = pilot.app
    await pilot.press("G")
    await settle(pilot)
    assert isinstance(app.screen, GatesDialog)
    app.screen.query_one("#gate-0", RadioSet).focus()
    await pilot.press("down", "enter")
    await pilot.click("#submit")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_the_room_said_no_shows_each_of_what_may_follow_whole(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, size: tuple[int, int]
) -> None:
    app = make_app(at_landing(new_session), clock=clock)

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await said_no_before_delivery(pilot, settle)
            dialog = app.screen
            assert isinstance(dialog, ChoiceDialog)
            app.clear_notifications()
            await pilot.pause()
            text = shown(app)
            for label in ("Deliver without the move", "Ask again", "Another branch", "Stay here"):
                assert label in text, (label, text)
            screen = app.screen.region
            for button in dialog.query(Button):
                # Whole: the label fits in its button, and the button on the screen.
                assert button.content_region.width >= len(str(button.label))
                assert screen.contains_region(button.region), str(button.label)

    asyncio.run(run())


def test_r_rates_the_current_inject_and_capital_r_an_earlier_one(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = at_landing(new_session)
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(128, 40)) as pilot:
            await settle(pilot)
            await pilot.press("r")  # two injects with expected actions delivered: no "which inject?"
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            assert "Armed personnel land on Island A" in shown(app)
            app.screen.query_one("#field-1", RadioSet).focus()
            await pilot.press("enter")  # P, for a1 of the landing
            await pilot.click("#submit")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)

            await pilot.press("R")  # an earlier inject, picked
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            assert "Rate an expected action of which inject?" in shown(app)
            await pilot.press("enter")  # the one highlighted: the earlier inject, not the current
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            assert "A fishing fleet and its escorts" in shown(app)

    asyncio.run(run())
    [rated] = session.state.ratings
    assert (rated.inject, rated.action, rated.rating) == (session.state.current, 0, "P")


def test_the_rating_dialog_shows_the_rating_an_action_has_and_that_a_new_one_replaces_it(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = at_landing(new_session)
    landing = session.state.current
    assert landing is not None
    session.execute(
        Rate(expected_seq=session.state.last_seq, inject=landing, action="a1", rating="S", observation="police late")
    )
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            text = " ".join(str(app.screen.query_one(".dialog-intro", Static).render()).split())
            assert "a1 S: performed with some challenges: police late" in text
            assert "a new rating of an action replaces its rating" in text
            assert "the journal keeps both" in text
            assert "Rated already" in shown(app)  # in view as the dialog opens, above the choices
            first = next(b for b in app.screen.query(RadioButton) if b.name == "a1")
            first.value = True  # a1 again, though a2 is offered first (unrated)
            app.screen.query_one("#field-1", RadioSet).focus()
            await pilot.press("enter")  # P
            app.screen.query_one("#field-2").focus()
            await pilot.press(*"the prefecture coped")
            await pilot.click("#submit")
            await settle(pilot)

    asyncio.run(run())
    journal = [e.payload.model_dump() for e in session.events() if e.type == "action_rated"]
    assert [(p["rating"], p["observation"]) for p in journal] == [("S", "police late"), ("P", "the prefecture coped")]
    [latest] = session.state.ratings
    assert (latest.rating, latest.observation) == ("P", "the prefecture coped")
    report = draw_report(build_report(session.record()), "md")
    assert "the prefecture coped" in report and "police late" not in report


def test_rate_with_no_expected_actions_in_front_of_the_room_offers_the_earlier_injects(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.deliver_next()  # an inject with expected actions, then one improvised, without
    session.execute(InsertAdHoc(expected_seq=session.state.last_seq, title="A rumour", narrative="", tags=()))
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            assert "has no expected actions: rate one of an earlier inject" in shown(app)

    asyncio.run(run())


def test_the_close_and_reveal_pickers_ask_which_and_the_notification_says_what_was_done(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind="question", text="Who leads?"))
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            told = told_by(app, monkeypatch)
            await settle(pilot)
            await pilot.press("k", "c")
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            assert "Close which question?" in shown(app) and "Closed" not in shown(app)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            assert "Reveal which question to the room?" in shown(app)
            await pilot.press("enter")
            await settle(pilot)
            assert told[-2:] == ["Closed: p1", "Revealed to the room: p1"]

    asyncio.run(run())


def test_every_cell_id_and_every_expected_action_shows_whole_in_the_cells_dialogs_at_80x24(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = at_landing(new_session)
    app = make_app(session, clock=clock)
    cells = [cell.id for cell in session.view.scenario.cells]
    assert len(cells) >= 5

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("k", "1")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            text = shown(app)
            assert all(f"{cell} (" in text for cell in cells), text
            await pilot.press("escape", "3")  # a self-rating: the landing's expected actions
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            text = choices_drawn(app)
            assert "and judge whether the general police force can restore order." in text
            assert "…" not in text

    asyncio.run(run())


def test_the_rating_dialog_shows_each_expected_action_whole_at_80x24(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    app = make_app(at_landing(new_session), clock=clock)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            text = choices_drawn(app)
            assert "(with the National Police Agency's special units) and the Coast Guard" in text
            assert "…" not in text

    asyncio.run(run())


def test_a_question_revealed_with_no_answers_says_so_on_the_projector(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind="question", text="Who leads?"))
    session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt="p1"))
    session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt="p1"))
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, ProjectorScreen)
            results = str(app.screen.query_one("#projector-results", Static).render())
            assert "What the cells answered: Who leads?" in results
            assert "No cell answered." in results

    asyncio.run(run())


def test_the_projector_draws_the_day_of_the_scenario_time_as_a_letter(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))  # D-30 09:00
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("v")
            await settle(pilot)
            assert isinstance(app.screen, ProjectorScreen)
            assert app.screen.query_one("#projector-clock", Digits).value == "-30 09:00"
            drawn = rows(app)
            top = next(n for n, row in enumerate(drawn) if "█▀▄" in row)
            column = drawn[top].index("█▀▄")
            # A D: a straight back and a round front, three rows tall, the digits beside it.
            assert [drawn[top + n][column : column + 3] for n in range(3)] == ["█▀▄", "█ █", "█▄▀"]

    asyncio.run(run())


@pytest.mark.parametrize("width", [80, 128])
def test_k_is_in_the_main_key_bar_when_the_scenario_has_cells(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, width: int
) -> None:
    app = make_app(at_landing(new_session), clock=clock)

    async def run() -> str:
        async with app.run_test(size=(width, 40)) as pilot:
            await settle(pilot)
            return rows(app)[-1]

    assert "k Cells" in asyncio.run(run())


def test_k_is_not_offered_when_the_scenario_has_no_cells(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, tmp_path: Path
) -> None:
    scenario = tmp_path / "no_cells.yaml"
    scenario.write_text("title: No cells\ninjects:\n  - id: first\n    title: First\n    narrative: Text.\n")
    session = new_session(scenario)
    assert not session.view.scenario.cells
    app = make_app(session, clock=clock)

    async def run() -> str:
        async with app.run_test(size=(200, 40)) as pilot:
            await settle(pilot)
            return rows(app)[-1]

    bar = asyncio.run(run())
    assert "? Help" in bar and "k Cells" not in bar


@pytest.mark.parametrize("width", [80, 128])
def test_the_cells_screen_keeps_its_way_back_in_the_key_bar(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, width: int
) -> None:
    app = make_app(at_landing(new_session), clock=clock)

    async def run() -> str:
        async with app.run_test(size=(width, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            return rows(app)[-1]

    assert "k Back" in asyncio.run(run())
