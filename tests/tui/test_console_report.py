"""The after-action report from the console: `p` or the palette writes it, Markdown and HTML,
beside the session file, and says where; a failure is a notification and replaces nothing."""

from __future__ import annotations

import asyncio

from tests.output_support import written

from tabletop.report import render_report
from tabletop.session import SessionRecord
from tabletop.tui import make_app, report_paths, ConsoleApp
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle, told_by
import pytest
from pathlib import Path
from datetime import datetime


def press_p(app: ConsoleApp, settle: Settle) -> None:
    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)

    asyncio.run(run())


def test_p_writes_the_report_beside_the_session_and_names_the_files(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = new_session()
    session.deliver_next()
    session.determine("maritime_security_operation", False, "not yet")
    app = make_app(session, clock=clock)
    told = told_by(app, monkeypatch)

    press_p(app, settle)
    assert isinstance(session.path, Path)
    paths = report_paths(session.path)
    assert [p.parent for p in paths.values()] == [session.path.parent] * 2
    record = SessionRecord.load(session.path)
    for fmt, path in paths.items():
        assert path.read_text(encoding="utf-8") == written(render_report(record, fmt), "report")
    assert told == [f"After-action report written: {paths['md']} and {paths['html']}"]


def test_the_palette_writes_the_report(new_session: NewSession, clock: Callable[[], datetime], settle: Settle) -> None:
    session = new_session()
    app = make_app(session, clock=clock)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"after-action")
            await asyncio.sleep(0.3)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)

    asyncio.run(run())
    assert all(path.is_file() for path in report_paths(session.path).values())


def test_a_report_that_cannot_be_written_is_a_notification_and_nothing_else(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = new_session()
    assert isinstance(session.path, Path)
    paths = report_paths(session.path)
    paths["md"].mkdir()  # in the way: the Markdown cannot be written
    app = make_app(session, clock=clock)
    told = told_by(app, monkeypatch)

    press_p(app, settle)
    assert len(told) == 1 and told[0].startswith("No report written: ")
    assert paths["md"].is_dir() and not paths["html"].exists()
    assert sorted(p.name for p in session.path.parent.iterdir() if p.name.startswith(".")) == []
