"""`tabletop follow` for an observer whose copy of the session sits in a folder nobody can write
(a read-only share, a mounted medium): it opens read-only and shows the room's view."""

from __future__ import annotations

import asyncio
import html
import re
import shutil

from tests.mount_support import read_only, tmpfs

from tabletop.tui import make_app, open_for_console, ConsoleApp
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle
from pathlib import Path
from datetime import datetime


def shown_text(app: ConsoleApp) -> str:
    svg = app.export_screenshot()
    text = " ".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def test_follow_opens_a_session_in_a_read_only_folder_and_shows_it(
    new_session: NewSession, tmp_path: Path, clock: Callable[[], datetime], settle: Settle
) -> None:
    recorded = new_session()
    recorded.deliver_next()
    title = recorded.inject().title
    recorded.close()
    assert isinstance(recorded.path, Path)
    with tmpfs(tmp_path / "share") as share:
        copy = share / recorded.path.name
        shutil.copy(recorded.path, copy)
        read_only(share)
        follower, banner = open_for_console(copy, "follow")
        assert follower.readonly and banner is None
        app = make_app(follower, mode="follow", clock=clock)

        async def look() -> str:
            async with app.run_test(size=(120, 40)) as pilot:
                await settle(pilot)
                return shown_text(app)

        shown = asyncio.run(look())
        follower.close()
        assert " ".join(title.split()[:3]) in shown
        assert sorted(p.name for p in share.iterdir()) == [copy.name]
