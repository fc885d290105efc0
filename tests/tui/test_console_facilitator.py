"""Who runs the session: `tabletop run --facilitator NAME` and the start screen's field, kept
for the after-action report's cover."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, OptionList

from tabletop.session import SessionRecord
from tabletop.tui import ConsoleApp, make_app
from tabletop.tui.screens.main import MainScreen
from collections.abc import Callable
from pathlib import Path
from tests.conftest import RunCli
from tests.tui.conftest import Settle
from datetime import datetime
import pytest


def test_run_names_the_facilitator_in_the_session_file(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[ConsoleApp] = []
    monkeypatch.setattr(ConsoleApp, "run", lambda self, **_: shown.append(self))
    folder = tmp_path / "sessions"
    status, out, err = run_cli(
        "run", "southwest_islands", "--facilitator", "  J. Tanaka ", "--session-dir", str(folder)
    )
    assert (status, err) == (0, "") and len(shown) == 1
    [path] = folder.glob("*.ttx.sqlite")
    assert SessionRecord.load(path).metadata["facilitator"] == "J. Tanaka"
    assert str(path) in out


def test_the_start_screen_asks_for_the_facilitator_and_starts_with_it(
    tmp_path: Path, settle: Settle, clock: Callable[[], datetime]
) -> None:
    folder = tmp_path / "sessions"
    app = make_app(session_dir=folder, clock=clock, facilitator="From the command line")

    async def start() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            field = app.screen.query_one("#facilitator", Input)
            prefilled = field.value
            await pilot.press("f")
            assert app.focused is field
            field.value = ""
            field.insert_text_at_cursor("Col. A. Sato")
            scenarios = app.screen.query_one("#scenarios", OptionList)
            scenarios.focus()
            scenarios.highlighted = next(
                n
                for n in range(scenarios.option_count)
                if (scenarios.get_option_at_index(n).id or "").endswith("southwest_islands.yaml")
            )
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            return prefilled

    assert asyncio.run(start()) == "From the command line"
    [path] = folder.glob("*.ttx.sqlite")
    assert SessionRecord.load(path).metadata["facilitator"] == "Col. A. Sato"
