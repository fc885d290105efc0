"""`tabletop serve join SESSION --db URL`: a seat of a session in a database, at a browser page.
The page's program reaches the database through the environment it inherits, and records there."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.tui.serve_support import note_from_a_seats_page, serving

from tabletop.rules import load_rules
from tabletop.scenario import bundled_scenarios_dir, load_scenario
from tabletop.session import Seat, Session, SessionDatabase


def test_serve_join_records_into_the_database_from_a_browser_page(database_url: str, tmp_path: Path) -> None:
    corpus = load_rules()
    scenario = load_scenario(bundled_scenarios_dir() / "southwest_islands.yaml", corpus)
    started = Session.start(scenario, corpus, facilitator="Kenji Sato", database=SessionDatabase(database_url))
    started.close()
    with serving(tmp_path, "join", started.id, "--seat", "evaluator", "--name", "Aiko", "--db", database_url) as served:
        asyncio.run(note_from_a_seats_page(served, "evaluator (Aiko)", "observed in the browser"))
    with Session.from_journal(SessionDatabase(database_url).open(started.id, readonly=True)) as opened:
        assert [(n.text, n.by) for n in opened.state.notes] == [
            ("observed in the browser", Seat(role="evaluator", name="Aiko"))
        ]
