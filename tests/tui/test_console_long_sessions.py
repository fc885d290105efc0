"""The console on long sessions: what a key changes is shown, the inject in front of the room
stays in view however far play has gone, and an inject with hundreds of notes shows the latest
of them and says how many more the report holds."""

from __future__ import annotations

import asyncio
from itertools import pairwise
from collections.abc import Awaitable, Callable
from typing import Any

from pathlib import Path

from textual.pilot import Pilot

from benchmarks.scenarios import generate_scenario
from tabletop.tui import make_app
from tabletop.tui.widgets.citations import CitationPanel
from tabletop.tui.widgets.inject_list import InjectList
from tabletop.tui.widgets.inject_view import RECORDED_HERE_SHOWN, InjectDetail

Settle = Callable[[Pilot[None]], Awaitable[None]]


def test_the_inject_in_front_of_the_room_stays_in_view_as_n_delivers_one_after_another(
    new_session: Callable[..., Any], settle: Settle, clock: Callable[[], Any], corpus: Any, tmp_path: Path
) -> None:
    scenario = tmp_path / "long.yaml"  # forty injects that stay in their phases: n, and nothing else
    scenario.write_text(generate_scenario(corpus, 40, moves=False), encoding="utf-8")
    session = new_session(scenario)
    app = make_app(session, clock=clock, live=False)
    asyncio.run(_deliver_and_look(app, session, settle))


async def _deliver_and_look(app: Any, session: Any, settle: Settle) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listed = app.screen.query_one(InjectList)
        for _ in range(40):
            await pilot.press("n")
            await settle(pilot)
            current = session.state.current
            assert current is not None
            rows = [listed.render_line(y).text for y in range(listed.scrollable_content_region.height)]
            assert sum(row.startswith("▶") for row in rows) == 1, rows
            heading = str(app.screen.query_one(InjectDetail).shown("inject-heading"))
            assert session.inject(current).title in heading


def test_an_inject_with_many_notes_shows_the_latest_and_counts_the_rest(
    new_session: Callable[..., Any], settle: Settle, clock: Callable[[], Any]
) -> None:
    session = new_session()
    session.deliver_next()
    extra = 7
    for number in range(RECORDED_HERE_SHOWN + extra):
        session.note(f"observation {number}")
    app = make_app(session, clock=clock, live=False)

    async def look() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            return str(app.screen.query_one(InjectDetail).shown("record"))

    record = asyncio.run(look())
    shown = [n for n in range(RECORDED_HERE_SHOWN + extra) if f"observation {n}\n" in record + "\n"]
    assert shown == list(range(extra, RECORDED_HERE_SHOWN + extra))
    assert f"and {extra} earlier here" in record


def test_every_citation_reason_on_screen_is_whole_when_the_list_has_a_scrollbar(
    new_session: Callable[..., Any], settle: Settle, clock: Callable[[], Any]
) -> None:
    """A reason that wraps keeps its last words: the rows are wrapped to the width left beside the
    scrollbar, never to the width without it."""
    session = new_session()
    app = make_app(session, clock=clock, live=False)

    async def look() -> tuple[list[str], list[tuple[str, str]]]:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            panel = app.screen.query_one(CitationPanel)
            assert panel.show_vertical_scrollbar  # more suggestions than rows: the case that cut words
            rows = [
                panel.render_line(y).text.rstrip(" ▁▂▃▄▅▆▇█") for y in range(panel.scrollable_content_region.height)
            ]
            snapshot = app.snapshot
            assert snapshot is not None
            return rows, [(s.id, s.reason) for s in snapshot.suggestions]

    rows, suggestions = asyncio.run(look())
    reasons = dict(suggestions)
    # Each option is the row that starts with its mark and clause id, and the rows it wraps onto.
    starts = [y for y, row in enumerate(rows) if row[2:].split(" ", 1)[0] in reasons]
    whole = list(pairwise(starts))  # the last option on screen may run below the fold
    assert len(whole) >= 3
    for first, after in whole:
        clause = rows[first][2:].split(" ", 1)[0]
        option = " ".join(" ".join(rows[first:after]).split())
        assert option.endswith(" ".join(reasons[clause].split())), (clause, rows[first:after])


def test_a_citation_that_wraps_goes_on_under_its_clause_id_not_under_its_mark(
    new_session: Callable[..., Any], settle: Settle, clock: Callable[[], Any]
) -> None:
    """A hanging indent: the lines a row wraps onto start where its clause id starts, so that the
    marks (cited, discussed, presented) stand alone in their column and each row reads as one."""
    session = new_session()
    app = make_app(session, clock=clock, live=False)

    async def look() -> tuple[list[str], list[str]]:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            panel = app.screen.query_one(CitationPanel)
            height = panel.scrollable_content_region.height
            lines = [panel.render_line(y).text.rstrip(" ▁▂▃▄▅▆▇█") for y in range(height)]
            return lines, [panel.row_text(n) for n in range(panel.option_count)]

    lines, rows = asyncio.run(look())
    clauses = {row[2:].split(" ", 1)[0] for row in rows}
    starts = [y for y, text in enumerate(lines) if text[2:].split(" ", 1)[0] in clauses]
    wrapped = [y for y in range(starts[0], len(lines)) if y not in starts and lines[y]]
    assert wrapped, lines  # at 80 columns some reason wraps: the case this is about
    for y in wrapped:
        assert lines[y].startswith("  ") and lines[y][2] != " ", lines
    # Every row's words are all there, in order, across its lines.
    for first, after in pairwise([*starts, len(lines)]):
        shown = " ".join(" ".join(lines[first:after]).split())
        row = next(r for r in rows if r[2:].split(" ", 1)[0] == lines[first][2:].split(" ", 1)[0])
        assert " ".join(row.split()).startswith(shown) or shown.startswith(" ".join(row.split())), (shown, row)
