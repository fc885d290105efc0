"""The inject in front of the room as the detail draws it: an author's narrative reads as its
Markdown would, the detail scrolls and comes back to the heading for the next inject, and the
facilitator's notes keep their mark in the margin."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import given, settings, strategies as st
from rich.console import Console
from rich.markdown import Markdown
from textual.content import Content
from textual.style import Style
from textual.visual import RenderOptions

from benchmarks.scenarios import generate_scenario
from tabletop.rules import Corpus
from tabletop.tui import make_app
from tabletop.tui.widgets import InjectDetail
from tabletop.tui.text import line, wrapped_height
from tabletop.tui.widgets.inject_view import narrative
from tests.tui.conftest import NewSession, Settle

WORDS = st.sampled_from(
    ["Country", "X", "says", "its", "fishermen", "are", '"exercising', 'lawful"', "rights.", "15", "nautical",
     "miles", "—", "D-14", "06:00,", "Island", "A's", "Coast", "Guard", "(JCG)", "50%", "co-operatives", "漁船", "ok;"]
)  # fmt: skip
PROSE_LINE = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)
PROSE = st.lists(st.one_of(PROSE_LINE, st.just("")), min_size=1, max_size=8).map("\n".join)


def _lines(renderable: Content | Markdown, width: int) -> list[str]:
    if isinstance(renderable, Content):  # as the detail draws it
        options = RenderOptions(lambda style: Style.parse(style) if isinstance(style, str) else style, {}, None, None)
        return [strip.text.rstrip() for strip in renderable.render_strips(width, None, Style(), options)]
    console = Console(width=width, color_system=None, legacy_windows=False)
    with console.capture() as captured:
        console.print(renderable)
    return [row.rstrip() for row in captured.get().rstrip("\n").split("\n")]


@settings(max_examples=150, deadline=None)
@given(PROSE, st.integers(min_value=20, max_value=100))
def test_a_narrative_of_plain_prose_reads_as_its_markdown_would(text: str, width: int) -> None:
    """Plain prose is drawn without Markdown's parser, in the very lines Markdown would give it:
    paragraphs joined, wrapped at the same words, a blank line between them."""
    drawn = narrative(text)
    assert isinstance(drawn, Content)
    assert _lines(drawn, width) == _lines(Markdown(text, hyperlinks=False), width)


def test_a_narrative_with_markdown_in_it_is_drawn_as_markdown() -> None:
    for text in ("Two *grave* incidents", "- first\n- second", "# Heading", "1. one\n2. two", "line  \nbreak"):
        assert isinstance(narrative(text), Markdown), text


def test_the_detail_scrolls_and_the_next_inject_opens_at_its_heading(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime], corpus: Corpus, tmp_path: Path
) -> None:
    scenario = tmp_path / "long.yaml"
    scenario.write_text(generate_scenario(corpus, 6, moves=False), encoding="utf-8")
    session = new_session(scenario)
    session.deliver_next()
    for number in range(40):  # a long record: more lines than the detail has rows
        session.note(f"observation {number}")
    app = make_app(session, clock=clock, live=False)

    async def run() -> tuple[bool, float, float, str, str]:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            detail = app.screen.query_one(InjectDetail)
            scrollable = detail.show_vertical_scrollbar
            detail.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            scrolled = detail.scroll_y
            bottom = detail.render_line(detail.scrollable_content_region.height - 2).text
            await pilot.press("n")
            await settle(pilot)
            top = detail.render_line(0).text
            return scrollable, scrolled, detail.scroll_y, bottom, top

    scrollable, scrolled, after, bottom, top = asyncio.run(run())
    session.close()
    assert scrollable and scrolled > 0
    assert "and 10 earlier here" in bottom
    current = session.state.current
    assert after == 0 and current is not None and session.inject(current).title in top


def test_the_facilitators_notes_keep_their_mark_in_the_margin(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    session = new_session()
    session.deliver_next()
    snapshot = session.snapshot()
    assert snapshot.current is not None
    notes = snapshot.current.facilitator_notes
    assert notes, "the sample's first inject has notes for the facilitator"
    app = make_app(session, clock=clock, live=False)

    async def rows() -> list[str]:
        async with app.run_test(size=(120, 60)) as pilot:
            await settle(pilot)
            detail = app.screen.query_one(InjectDetail)
            return [detail.render_line(y).text for y in range(detail.scrollable_content_region.height)]

    shown = asyncio.run(rows())
    session.close()
    marked = [row for row in shown if row.startswith("█ ")]
    assert marked and marked[0].startswith("█ Facilitator only")
    assert " ".join(notes.split()[:3]) in " ".join(" ".join(row[2:].split()) for row in marked)


def test_text_in_the_detail_can_be_selected_with_the_mouse_and_shows_selected(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    """A drag over the narrative selects the characters it passes, as the lines show them (what
    the clipboard gets), and draws them in the selection's colours; a double click selects it all."""
    session = new_session()
    session.deliver_next()
    app = make_app(session, clock=clock, live=False)

    async def run() -> tuple[list[str], int, str | None, set[Any], set[Any], Any, str | None]:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            detail = app.screen.query_one(InjectDetail)
            rows = [detail.render_line(y).text.rstrip() for y in range(detail.scrollable_content_region.height)]
            first = next(y for y, row in enumerate(rows) if row.startswith("Bilateral"))
            # From the first column of the narrative's first line to the 21st of its second.
            await pilot.mouse_down(detail, offset=(1, first))
            await pilot.hover(detail, offset=(21, first + 1))
            await pilot.mouse_up(detail, offset=(21, first + 1))
            await pilot.pause()
            dragged = app.screen.get_selected_text()
            selected = {seg.style.bgcolor for seg in detail.render_line(first) if seg.style}
            unselected = {seg.style.bgcolor for seg in detail.render_line(first + 3) if seg.style}
            colour = app.screen.get_component_rich_style("screen--selection").bgcolor
            await pilot.click(detail, offset=(3, first), times=2)
            await pilot.pause()
            return rows, first, dragged, selected, unselected, colour, app.screen.get_selected_text()

    rows, first, dragged, selected, unselected, colour, everything = asyncio.run(run())
    session.close()
    assert dragged is not None
    whole, _, part = dragged.partition("\n")
    assert whole == rows[first] and 15 <= len(part) <= 25 and rows[first + 1].startswith(part)
    assert colour in selected and colour not in unselected
    assert everything is not None and rows[0].split()[0] in everything and rows[first] in everything


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PROSE_LINE, st.just("")), min_size=1, max_size=4), st.integers(min_value=4, max_value=90))
def test_a_rows_measured_height_is_the_lines_it_renders_to(texts: list[str], width: int) -> None:
    """The citations panel measures the rows below the fold without rendering them: the measure
    must be what rendering gives, or a row would be cut or leave a gap."""
    content = Content.assemble(*[(text, Style.parse("bold") if n % 2 else Style()) for n, text in enumerate(texts)])
    content = Content("\n").join([content, line(("— a reason that wraps at a word", "dim"))])
    assert wrapped_height(content, width) == len(_lines(content, width))


@given(label=st.text(), text=st.text())
def test_a_line_shows_no_control_sequence_from_any_of_its_parts(label: str, text: str) -> None:
    # A label is often made from a scenario's words ("asked of " + a cell's name): every part of
    # a line is cleaned, not only the (text, style) pairs.
    from tabletop.safetext import terminal_safe

    shown = line(f"asked of {label}", (text, "bold")).plain
    assert shown == terminal_safe(f"asked of {label}") + terminal_safe(text, one_line=True)
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
