"""Cells in the scenario: the side each plays, expected actions naming the cells that take them
(checked by `validate`, and a self-rating put to those cells), one cell's view when following,
and one cell's copy of the Situation Manual."""

from __future__ import annotations

import asyncio
import html

import pytest
from tests.participants.page_support import ISLANDS

from tabletop.errors import InputError
from tabletop.report import render_handbook
from tabletop.scenario import load_scenario_text, LoadedScenario
from tabletop.session import Committed, DeliverNext, OpenPrompt, Session
from tabletop.rules import Corpus
from pathlib import Path
from tests.conftest import RunCli


def islands_with(corpus: Corpus, old: str, new: str) -> LoadedScenario:
    text = ISLANDS.read_text(encoding="utf-8")
    assert old in text
    return load_scenario_text(text.replace(old, new, 1), str(ISLANDS), corpus, files=_included())


def _included() -> dict[str, str]:
    folder = ISLANDS.parent
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in (folder / "southwest_islands").glob("*.yaml")
    }


ACTION = "        objective: seamless_coordination\n      - action: Increase Coast Guard presence"


def test_a_cell_states_the_side_it_plays(corpus: Corpus) -> None:
    loaded = islands_with(corpus, "    name: U.S. cell\n", "    name: U.S. cell\n    side: united_states\n")
    assert next(c for c in loaded.scenario.cells if c.id == "us").side == "united_states"
    with pytest.raises(InputError, match="side"):
        islands_with(corpus, "    name: U.S. cell\n", "    name: U.S. cell\n    side: mars\n")


def test_validate_checks_the_cells_an_expected_action_names(corpus: Corpus) -> None:
    with pytest.raises(InputError, match="unknown cell 'usa'"):
        islands_with(
            corpus, ACTION, ACTION.replace("seamless_coordination\n", "seamless_coordination\n        cells: [usa]\n")
        )


def test_a_self_rating_goes_to_the_cells_that_take_the_action(corpus: Corpus, tmp_path: Path) -> None:
    loaded = islands_with(
        corpus, ACTION, ACTION.replace("seamless_coordination\n", "seamless_coordination\n        cells: [japan, us]\n")
    )
    session = Session.start(loaded, corpus, session_dir=tmp_path)
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    outcome = session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind="self_rating", action="a1"))
    assert isinstance(outcome, Committed) and outcome.event.payload.type == "prompt_opened"
    assert outcome.event.payload.cells == ("japan", "us")
    session.close()


def test_one_cells_handbook_holds_its_questions_and_everyones_not_the_others(
    islands: LoadedScenario, corpus: Corpus
) -> None:
    us = render_handbook(islands, corpus, "participants", "md", cell="us")
    whole = render_handbook(islands, corpus, "participants", "md")
    assert "This copy is the U.S. cell's" in us
    assert "What ISR can U.S. Forces Japan add" in us and "What ISR can U.S. Forces Japan add" in whole
    assert "What does the government know" not in us and "What does the government know" in whole


def test_handbook_for_a_cell_the_scenario_lacks_is_refused(run_cli: RunCli) -> None:
    status, _, err = run_cli("handbook", "southwest_islands", "--for", "participants", "--cell", "mars")
    assert status == 2 and "no cell 'mars'" in err


def test_following_as_one_cell_shows_its_questions_only(session: Session) -> None:
    from tabletop.tui import make_app

    follower = Session.follow(session.path)
    app = make_app(follower, mode="follow", cell="us")

    async def drive() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            return app.export_screenshot()

    screen = html.unescape(asyncio.run(drive())).replace("\xa0", " ")
    follower.close()
    assert "The U.S. cell's view: its questions and everyone's." in screen
    assert "What ISR can U.S. Forces Japan add" in screen
    assert "What does the government know" not in screen


def test_follow_for_a_cell_the_scenario_lacks_is_refused(session: Session, run_cli: RunCli) -> None:
    status, _, err = run_cli("follow", str(session.path), "--cell", "mars")
    assert status == 2 and "no cell 'mars'" in err
