"""Every screen of the console with hostile text in every field of a scenario that still loads,
and in a session's prompts, answers and notes: no control character (an escape sequence such as
OSC 52, which sets the clipboard, a C1 control, a bidirectional override) reaches the terminal."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tabletop.errors import TabletopError
from tabletop.participants import issue_seats
from tabletop.rules import Corpus
from tabletop.scenario import load_scenario
from tabletop.session import AnswerPrompt, Committed, DeliverNext, OpenPrompt, Seat, Session
from tabletop.tui import ConsoleApp, make_app
from tests.tui.conftest import SCENARIOS, Settle

HOSTILE = "\x1b]52;c;cHduZWQ=\x07\x1b[41m\x9b2J\u202eevil\x1b]8;;http://evil/\x07link\x1b]8;;\x07\x07"
"""OSC 52 (the clipboard), SGR, an 8-bit CSI clearing the screen, a right-to-left override, an
OSC 8 link and a bell."""
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def poisoned(tree: Any, key: str) -> Any:
    """`tree` with HOSTILE appended to every string under a mapping key named `key`."""
    if isinstance(tree, dict):
        return {k: (poison_all(v) if k == key else poisoned(v, key)) for k, v in tree.items()}
    if isinstance(tree, list):
        return [poisoned(v, key) for v in tree]
    return tree


def poison_all(tree: Any) -> Any:
    if isinstance(tree, str):
        return tree + HOSTILE
    if isinstance(tree, dict):
        return {k: poison_all(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [poison_all(v) for v in tree]
    return tree


def keys_of(tree: Any) -> Iterator[str]:
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield str(key)
            yield from keys_of(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from keys_of(value)


@pytest.fixture(scope="module")
def hostile_scenario(tmp_path_factory: pytest.TempPathFactory, corpus: Corpus) -> Path:
    """The peacekeeping sample with HOSTILE in every field whose poisoning the loader accepts
    (ids and references to them are refused by the loader, so they stay clean)."""
    tree = yaml.safe_load((SCENARIOS / "peacekeeping_hadr.yaml").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("hostile") / "hostile.yaml"
    poisoned_keys = []
    for key in sorted(set(keys_of(tree))):
        trial = poisoned(tree, key)
        path.write_text(yaml.safe_dump(trial, allow_unicode=True), encoding="utf-8")
        try:
            load_scenario(path, corpus)
        except TabletopError:
            continue
        tree = trial
        poisoned_keys.append(key)
    path.write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
    assert {"title", "narrative", "name", "text", "action", "facilitator_notes"} <= set(poisoned_keys)
    return path


def leaked(app: ConsoleApp) -> list[str]:
    """The control characters in what the console draws on its current screen (its screenshot
    holds every character a terminal would be sent)."""
    return sorted(set(CONTROLS.findall(app.export_screenshot())))


@pytest.fixture
def hostile_session(
    hostile_scenario: Path, corpus: Corpus, tmp_path: Path, clock: Callable[[], datetime]
) -> Iterator[Session]:
    """A session of the hostile scenario at its first inject: seats of two cells, a question and a
    poll put to them with hostile text, answers from the page and on paper, and a note."""
    session = Session.start(load_scenario(hostile_scenario, corpus), corpus, session_dir=tmp_path, clock=clock)
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    cells = [cell.id for cell in session.view.scenario.cells][:2]
    seats = issue_seats(session, {cell: 1 for cell in cells}, valid_for=timedelta(hours=4))
    for command in (
        OpenPrompt(expected_seq=0, kind="question", text="Question " + HOSTILE),
        OpenPrompt(expected_seq=0, kind="poll", text="Poll " + HOSTILE, options=("Yes " + HOSTILE, "No")),
    ):
        outcome = session.execute(command.__class__(**{**_fields(command), "expected_seq": session.state.last_seq}))
        assert isinstance(outcome, Committed), outcome
    for seat in seats:
        outcome = session.execute(
            AnswerPrompt(expected_seq=session.state.last_seq, prompt="p1", text="Answer " + HOSTILE),
            seat=Seat(role="participant", cell=seat.cell, name=seat.seat),
        )
        assert isinstance(outcome, Committed), outcome
    outcome = session.execute(
        AnswerPrompt(expected_seq=session.state.last_seq, prompt="p2", for_cell=cells[0], choice=0, text=HOSTILE)
    )
    assert isinstance(outcome, Committed), outcome
    session.note("Note " + HOSTILE)
    yield session
    session.close()


def _fields(command: OpenPrompt) -> dict[str, Any]:
    return {name: getattr(command, name) for name in ("kind", "text", "cells", "options", "action", "prompt")}


MAIN_KEYS = ("question_mark", "v", "w", "k", "g", "t", "j", "c", "d", "r", "a", "slash", "e")
"""Every key of the main screen that opens a screen or a dialog."""
CELLS_KEYS = ("1", "2", "3", "4", "c", "r", "y", "x")
"""Every key of the cells screen that opens a dialog."""


def test_no_control_character_from_a_scenario_or_a_session_reaches_the_terminal_on_any_screen(
    hostile_session: Session, clock: Callable[[], datetime], settle: Settle
) -> None:
    app = make_app(hostile_session, clock=clock)
    seen: dict[str, list[str]] = {}
    screens: set[str] = set()

    async def back_to(pilot: Any, depth: int) -> None:
        for _ in range(5):
            if len(app.screen_stack) <= depth:
                return
            await pilot.press("escape")
            await settle(pilot)

    async def drive() -> None:
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            seen["main"] = leaked(app)
            for key in MAIN_KEYS:
                await pilot.press(key)
                await settle(pilot)
                seen[key] = leaked(app)
                screens.add(type(app.screen).__name__)
                if key == "k":
                    for inner in CELLS_KEYS:
                        await pilot.press(inner)
                        await settle(pilot)
                        seen[f"k {inner}"] = leaked(app)
                        screens.add(type(app.screen).__name__)
                        if inner == "y":  # the paper answer: pick the prompt, then its form
                            await pilot.press("enter")
                            await settle(pilot)
                            seen["k y enter"] = leaked(app)
                        await back_to(pilot, 2)
                await back_to(pilot, 1)

    asyncio.run(drive())
    assert {where: found for where, found in seen.items() if found} == {}
    assert len(seen) == 1 + len(MAIN_KEYS) + len(CELLS_KEYS) + 1
    assert {"CellsScreen", "FormDialog", "PickDialog", "ProjectorScreen", "HotWashScreen"} <= screens, screens
