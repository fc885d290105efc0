"""A whole seminar driven through the console as a facilitator drives it: keys, dialogs, the
start screen. The journal must hold exactly what was done, and `resume` must show it again."""

from __future__ import annotations

import asyncio
import html
import re

from textual.widgets import Input, OptionList, RadioSet, Select, TextArea

from tabletop.session import SessionRecord
from tabletop.tui import make_app, open_for_console, ConsoleApp
from tabletop.tui.screens.dialogs import ClauseDialog, CiteDialog, FormDialog, GatesDialog, PickDialog
from tabletop.tui.screens.hotwash import HotWashScreen
from tabletop.tui.screens.main import MainScreen
from tabletop.tui.widgets import InjectDetail
from collections.abc import Callable
from pathlib import Path
from tests.tui.conftest import Settle, option_text
from textual.widget import Widget
from datetime import datetime
from textual.pilot import Pilot


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type into the focused field (inserted at once: a key press per letter is slow to simulate)."""
    field = pilot.app.focused
    assert isinstance(field, (Input, TextArea)), f"typing {text!r} into {field!r}"
    if isinstance(field, Input):
        field.insert_text_at_cursor(text)
    else:
        field.insert(text)
    await pilot.pause()


async def choose_in_radio(pilot: Pilot[None], index: int) -> None:
    """The focused radio set: move to the `index`-th button and press it."""
    await pilot.press(*(["down"] * index), "enter")


async def focus(pilot: Pilot[None], selector: str | type[Widget], kind: type[Widget] | None = None) -> None:
    """Focus a field of the screen, as a click or tab would."""
    pilot.app.screen.query_one(selector).focus()
    await pilot.pause()


def screen_text(app: ConsoleApp) -> str:
    """The characters on the screen, row by row, without notifications and scrollbar thumbs
    (where a list's thumb sits depends on how it was scrolled there, not on what it shows)."""
    app.clear_notifications()
    svg = app.export_screenshot()
    cells = [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    return "\n".join(cells).translate({ord(c): None for c in "▁▂▃▄▅▆▇█"})


def test_a_whole_seminar_is_recorded_exactly_and_resumes_on_the_same_screen(
    tmp_path: Path, settle: Settle, clock: Callable[[], datetime]
) -> None:
    folder = tmp_path / "sessions"
    app = make_app(session_dir=folder, clock=clock)

    async def seminar() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            # The start screen: pick the bundled Southwestern Islands scenario.
            scenarios = app.screen.query_one("#scenarios", OptionList)
            index = next(
                n
                for n in range(scenarios.option_count)
                if (scenarios.get_option_at_index(n).id or "").endswith("southwest_islands.yaml")
            )
            scenarios.highlighted = index
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)

            await pilot.press("n")
            await settle(pilot)
            await pilot.press("right")  # the arrow works as n does
            await settle(pilot)
            await pilot.press("n")  # a decision point: its options, default marked
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            assert "(default)" in option_text(app.screen.query_one("#items", OptionList), 0)
            await pilot.press("enter")
            await settle(pilot)
            assert app.snapshot is not None and app.snapshot.current is not None
            assert app.snapshot.current.id == "landing"

            await pilot.press("o")  # a grey-zone order: the room says no
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            listed = option_text(app.screen.query_one("#items", OptionList), 0)
            assert "Diet" in listed and "the scenario states: yes" in listed
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await focus(pilot, "#field-0", RadioSet)
            await choose_in_radio(pilot, 1)
            await focus(pilot, "#field-1", Input)
            await type_text(pilot, "coast guard copes")
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            orders = app.screen.query_one(InjectDetail).shown("orders")
            assert orders is not None and "not given" in str(orders)

            await pilot.press("n")  # a gated move: the room hears the inject first
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert app.snapshot.current.id == "forces_mass" and app.snapshot.phases == ("peacetime",)
            await pilot.press("g")  # then determines the move: yes
            await settle(pilot)
            assert isinstance(app.screen, GatesDialog)
            for n, _ in enumerate(app.screen.move.gates):
                await focus(pilot, f"#gate-{n}", RadioSet)
                await choose_in_radio(pilot, 0)
            await focus(pilot, "#remark-0", Input)
            await type_text(pilot, "agreed in the room")
            await pilot.press("enter")
            await settle(pilot)
            assert app.snapshot.current.id == "forces_mass" and app.snapshot.phases == ("emerging_threats",)

            await pilot.press("r")  # a rating of the current inject: a1, S, with an observation
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await focus(pilot, "#field-1", RadioSet)
            await choose_in_radio(pilot, 1)
            await focus(pilot, "#field-2", Input)
            await type_text(pilot, "slow to convene")
            await pilot.press("enter")
            await settle(pilot)

            await pilot.press("n")
            await settle(pilot)
            await pilot.press("n")  # the next move: the inject first, then the room says no
            await settle(pilot)
            assert app.snapshot.current.id == "attack_anticipated" and app.snapshot.pending is not None
            await pilot.press("g")
            await settle(pilot)
            assert isinstance(app.screen, GatesDialog)
            await focus(pilot, "#gate-0", RadioSet)
            await choose_in_radio(pilot, 1)
            await pilot.click("#submit")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)  # the inject is already in front of the room
            assert app.snapshot.current.id == "attack_anticipated" and app.snapshot.declined is not None
            assert app.snapshot.pending is None and app.snapshot.phases == ("emerging_threats",)

            await pilot.press("c")  # a citation found by its id
            await settle(pilot)
            assert isinstance(app.screen, CiteDialog)
            await pilot.press("I", "V", "full_stop", "A", "full_stop", "1")  # typed: the list filters as it goes
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ClauseDialog)
            await type_text(pilot, "ISR sharing")
            await pilot.press("enter")
            await settle(pilot)

            await pilot.press("slash")  # a note
            await type_text(pilot, "Cabinet asks for a legal brief")
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen.query_one("#note", Input).value == ""
            await pilot.press("escape")

            await pilot.press("d")  # a decision, with who decided
            await settle(pilot)
            await type_text(pilot, "Prime Minister")
            await pilot.press("tab")
            await type_text(pilot, "Raise readiness")
            await pilot.press("enter")
            await settle(pilot)

            await pilot.press("a")  # an ad-hoc inject
            await settle(pilot)
            await type_text(pilot, "Ferry adrift")
            await pilot.press("tab")
            await type_text(pilot, "A ferry loses power")
            await pilot.press("tab")
            await type_text(pilot, "maritime")
            await pilot.press("enter")
            await settle(pilot)
            assert app.snapshot.current.adhoc

            await pilot.press("b")  # back
            await settle(pilot)
            assert app.snapshot.current.id == "attack_anticipated"
            await pilot.press("space")  # pause the clock
            await settle(pilot)
            assert app.snapshot.clock.paused

            await pilot.press("w")  # hot wash: a strength, an improvement item
            await settle(pilot)
            assert isinstance(app.screen, HotWashScreen)
            await pilot.press("s")
            await settle(pilot)
            await type_text(pilot, "Clear hand-off")
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            for value in (
                "Slow legal advice",
                "Pre-draft orders",
                "Planning",
                "Cabinet Secretariat",
                "J. Tanaka",
                "2030-05-01",
                "2030-09-30",
            ):
                if isinstance(app.focused, Select):  # the capability element: its list, a letter, Enter
                    await pilot.press("enter")
                    await pilot.pause()
                    await pilot.press(value[0].lower(), "enter")
                    await pilot.pause()
                    assert app.focused.value == value
                else:
                    await type_text(pilot, value)
                await pilot.press("tab")
            await pilot.press("enter")  # the focus is on the button now
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)

            await pilot.press("e")  # end, with a remark and a confirmation
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await focus(pilot, TextArea)
            await type_text(pilot, "Good session")
            await pilot.click("#submit")
            await settle(pilot)
            assert app.snapshot.ended
            return screen_text(app)

    shown = asyncio.run(seminar())
    [path] = folder.glob("*.ttx.sqlite")
    events = [e.payload for e in SessionRecord.load(path).events]
    assert [(e.type, getattr(e, "via", None)) for e in events] == [
        ("session_started", None),
        ("inject_delivered", "next"),
        ("inject_delivered", "next"),
        ("inject_delivered", "option"),
        ("determination_recorded", None),
        ("inject_delivered", "next"),
        ("phase_trigger_fired", None),
        ("action_rated", None),
        ("inject_delivered", "next"),
        ("inject_delivered", "next"),
        ("move_declined", None),
        ("clause_cited", None),
        ("note_recorded", None),
        ("decision_recorded", None),
        ("adhoc_inject_inserted", None),
        ("went_back", None),
        ("clock_paused", None),
        ("hotwash_recorded", None),
        ("improvement_item_added", None),
        ("session_closed", None),
    ]
    order = events[4]
    assert order.type == "determination_recorded"
    assert (order.determination, order.answer, order.remark, order.source, order.inject) == (
        "maritime_security_operation",
        False,
        "coast guard copes",
        "facilitator",
        "landing",
    )
    delivered, moved = events[5], events[6]
    assert delivered.type == "inject_delivered" and moved.type == "phase_trigger_fired"
    assert moved.transition is not None
    assert delivered.inject == "forces_mass" and delivered.move_pending == "threats_emerge"
    assert (moved.inject, moved.transition.after) == ("forces_mass", ("emerging_threats",))
    assert moved.transition.answers[0].remark == "agreed in the room"
    # One "no", at the first gate: nothing invented for the gates never put.
    assert events[10].type == "move_declined"
    assert [a.answer for a in events[10].answers] == [False]
    assert events[7].type == "action_rated" and events[11].type == "clause_cited"
    assert events[12].type == "note_recorded" and events[13].type == "decision_recorded"
    assert events[14].type == "adhoc_inject_inserted" and events[17].type == "hotwash_recorded"
    assert events[18].type == "improvement_item_added" and events[19].type == "session_closed"
    assert (events[7].action, events[7].rating, events[7].observation) == (0, "S", "slow to convene")
    assert (events[11].clause, events[11].reason, events[11].source) == ("IV.A.1", "ISR sharing", "facilitator")
    assert events[12].text == "Cabinet asks for a legal brief"
    assert (events[13].decided_by, events[13].decision) == ("Prime Minister", "Raise readiness")
    assert (events[14].title, events[14].narrative, events[14].tags) == (
        "Ferry adrift",
        "A ferry loses power",
        ("maritime",),
    )
    assert (events[17].kind, events[17].text) == ("strength", "Clear hand-off")
    assert events[18].point_of_contact == "J. Tanaka" and str(events[18].completion_date) == "2030-09-30"
    assert events[19].summary == "Good session"

    session, banner = open_for_console(path)
    assert banner is None
    again = make_app(session, clock=clock)

    async def resumed() -> str:
        async with again.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            return screen_text(again)

    assert asyncio.run(resumed()) == shown


def test_the_start_screen_lists_a_dry_run_as_a_dry_run_not_as_ended(
    tmp_path: Path, settle: Settle, clock: Callable[[], datetime]
) -> None:
    from tabletop.rules import load_rules
    from tabletop.scenario import bundled_scenarios_dir
    from tabletop.session import dry_run

    folder = tmp_path / "sessions"
    dry_run(bundled_scenarios_dir() / "southwest_islands.yaml", load_rules(), session_dir=folder)
    app = make_app(session_dir=folder, clock=clock)

    async def listed() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await app.workers.wait_for_complete()
            await settle(pilot)
            sessions = app.screen.query_one("#sessions", OptionList)
            return option_text(sessions, 0)

    row = asyncio.run(listed())
    assert "[dry-run]" in row and "[ended]" not in row
