"""The next inject shows first; its suggested clauses follow a moment later, always its own.

The console records `n` and draws the new inject without ranking its citations (most of what a
key cost), then ranks them once that frame is on screen; meanwhile the citations panel says they
are coming, and shows nothing of the inject before.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from benchmarks.scenarios import generate_scenario
from tabletop.rules import Corpus
from tabletop.scenario import load_scenario
from tabletop.session import Citation, Session, SessionSnapshot
from tabletop.tui import make_app
from tabletop.tui.app import ConsoleApp
from tabletop.tui.widgets import CitationPanel, InjectDetail
from tabletop.tui.widgets.citations import RANKING
from tests.tui.conftest import Settle, frozen


@pytest.fixture
def plain_scenario(corpus: Corpus, tmp_path: Path) -> Path:
    """Twelve injects in one phase, each with its own text: `n` always delivers the next."""
    path = tmp_path / "plain.yaml"
    path.write_text(generate_scenario(corpus, 12, seed=3, moves=False), "utf-8")
    return path


def _session(path: Path, corpus: Corpus, folder: Path) -> Session:
    return Session.start(load_scenario(path, corpus), corpus, session_dir=folder, clock=frozen)


def _ranked_by_inject(path: Path, corpus: Corpus, folder: Path) -> dict[str, tuple[str, ...]]:
    """Each inject's suggested clause ids, ranked by a session of its own delivering them in turn."""
    session = _session(path, corpus, folder)
    ranked = {}
    try:
        while session.snapshot().next.inject is not None:
            session.deliver_next()
            snapshot = session.snapshot()
            assert snapshot.current is not None
            ranked[snapshot.current.id] = tuple(c.id for c in snapshot.suggestions)
    finally:
        session.close()
    return ranked


class _HeldRanking:
    """Holds every ranking of `session`'s suggestions, done, until `release()`: the screen between
    an inject shown and its clauses ranked, for as long as a test needs to look at it; and a
    ranking that comes back after the session has moved on to another inject."""

    def __init__(self, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
        self.gate = threading.Event()
        rank = session.suggestions

        def held(limit: int | None = 10) -> list[Citation]:
            ranked = rank(limit)
            if threading.current_thread() is not threading.main_thread():
                self.gate.wait(10)
            return ranked

        monkeypatch.setattr(session, "suggestions", held)

    def release(self) -> None:
        self.gate.set()


async def _commands_done(app: ConsoleApp) -> None:
    commands = [worker for worker in app.workers if worker.group == "commands"]
    if commands:  # (an empty list would wait for every worker)
        await app.workers.wait_for_complete(commands)


@contextlib.asynccontextmanager
async def _first_inject_shown(app: ConsoleApp, settle: Settle) -> AsyncIterator[tuple[Pilot[None], CitationPanel]]:
    """The console with the first inject delivered and its clauses ranked."""
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        yield pilot, app.screen.query_one(CitationPanel)


def _panel_rows(panel: CitationPanel) -> tuple[str, ...]:
    return tuple(panel.clause_at(index) for index in range(panel.option_count))


def _panel_text(panel: CitationPanel) -> str:
    return "\n".join(panel.render_line(y).text for y in range(panel.size.height))


def test_the_next_inject_shows_while_its_clauses_are_ranked_then_they_follow(
    plain_scenario: Path, corpus: Corpus, tmp_path: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _ranked_by_inject(plain_scenario, corpus, tmp_path / "reference")
    session = _session(plain_scenario, corpus, tmp_path / "sessions")
    app = make_app(session, clock=frozen, live=False)
    held = _HeldRanking(session, monkeypatch)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("n")
            await _commands_done(app)
            for _ in range(5):
                await pilot.pause()
            snapshot = app.snapshot
            assert snapshot is not None and snapshot.current is not None
            detail = app.screen.query_one(InjectDetail)
            panel = app.screen.query_one(CitationPanel)
            # The inject is on screen, its suggested clauses not yet: the panel says they are
            # coming, and lists only what is recorded for this inject (the scenario's clauses
            # presented with it).
            assert snapshot.current.title in detail.text()
            assert not snapshot.suggestions_ranked and panel.ranking
            assert _panel_rows(panel) == tuple(c.clause for c in snapshot.citations)
            assert RANKING in _panel_text(panel)
            held.release()
            await settle(pilot)
            assert app.snapshot is not None and app.snapshot.suggestions_ranked and not panel.ranking
            assert _panel_rows(panel) == expected[snapshot.current.id] != ()
            assert RANKING not in _panel_text(panel)

    asyncio.run(run())
    session.close()


@pytest.mark.parametrize("presses", [2, 3])
def test_a_fast_next_never_shows_the_clauses_of_the_inject_before(
    presses: int,
    plain_scenario: Path,
    corpus: Corpus,
    tmp_path: Path,
    settle: Settle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`n` pressed again while the first inject's clauses are still being ranked: every frame
    drawn shows either no clauses (coming) or the clauses ranked for the inject it shows."""
    expected = _ranked_by_inject(plain_scenario, corpus, tmp_path / "reference")
    session = _session(plain_scenario, corpus, tmp_path / "sessions")
    app = make_app(session, clock=frozen, live=False)
    held = _HeldRanking(session, monkeypatch)
    published: list[SessionSnapshot] = []

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.watch(app, "snapshot", lambda snapshot: published.append(snapshot), init=False)
            panel = app.screen.query_one(CitationPanel)
            for _ in range(presses):
                await pilot.press("n")
                await _commands_done(app)
                await pilot.pause()
            held.release()
            await settle(pilot)
            last = app.snapshot
            assert last is not None and last.current is not None
            assert _panel_rows(panel) == expected[last.current.id]

    asyncio.run(run())
    session.close()
    shown = [s for s in published if s.current is not None]
    assert len({s.current.id for s in shown if s.current is not None}) == presses
    for snapshot in shown:
        assert snapshot.current is not None
        if snapshot.suggestions_ranked:
            assert tuple(c.id for c in snapshot.suggestions) == expected[snapshot.current.id]
        else:
            assert snapshot.suggestions == ()
    # Neighbouring injects of this scenario are suggested different clauses: the check can fail.
    ids = list(expected)
    assert any(expected[a] != expected[b] for a, b in itertools.pairwise(ids))


def test_a_note_keeps_the_clauses_on_screen_without_ranking_them_again(
    plain_scenario: Path, corpus: Corpus, tmp_path: Path, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command that leaves the inject and the phases as they were (a note) shows the same
    clauses at once: the panel never says they are coming for the inject it already ranked."""
    session = _session(plain_scenario, corpus, tmp_path / "sessions")
    app = make_app(session, clock=frozen, live=False)

    async def run() -> None:
        async with _first_inject_shown(app, settle) as (pilot, panel):
            before = _panel_rows(panel)
            assert before
            _HeldRanking(session, monkeypatch)  # never released: a ranking asked for would never come
            await pilot.press("slash", *"the room asks for the rules of engagement", "enter")
            await _commands_done(app)
            await pilot.pause()
            await pilot.pause()
            assert app.snapshot is not None and app.snapshot.suggestions_ranked
            assert not panel.ranking and _panel_rows(panel) == before
            assert "the room asks for the rules of engagement" in app.screen.query_one(InjectDetail).text()

    asyncio.run(run())
    session.close()


def test_clicking_a_suggested_clause_puts_the_cursor_on_its_row(
    plain_scenario: Path, corpus: Corpus, tmp_path: Path, settle: Settle
) -> None:
    session = _session(plain_scenario, corpus, tmp_path / "sessions")
    app = make_app(session, clock=frozen, live=False)

    async def run() -> None:
        async with _first_inject_shown(app, settle) as (pilot, panel):
            assert panel.option_count >= 3 and panel.highlighted == 0
            # The line where the third row starts, as drawn (rows above it may wrap).
            lines = [panel.render_line(y).text for y in range(panel.size.height)]
            third = next(y for y, text in enumerate(lines) if text.startswith(panel.row_text(2)[:12]))
            border = panel.region.height - panel.size.height  # the panel's top and bottom border
            assert await pilot.click(CitationPanel, offset=(6, border // 2 + third))
            assert panel.highlighted == 2
            assert await pilot.click(CitationPanel, offset=(6, border // 2))
            assert panel.highlighted == 0

    asyncio.run(run())
    session.close()
