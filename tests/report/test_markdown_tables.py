"""Every table of every Markdown document the project writes stays a table on a viewer.

The after-action report (one seat, and several: the expected-action tables grow a `rated by`
column), the handbooks of every audience and a cell's copy, and the programme's coverage are
parsed with a real Markdown parser (markdown-it-py, CommonMark with GitHub's tables, as common
viewers render them). Each line that starts a row must belong to a table the parser found, and
every row of a table must have as many cells as its header: a pipe, a backslash or an asterisk
typed by a facilitator or an evaluator neither splits a cell nor ends a table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tabletop.report import AUDIENCES, build_report, draw_report, render_coverage, render_handbook, render_report
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import Seat, Session, SessionRecord

from .conftest import TickingClock

TRICKY = r"a | pipe, a \ backslash, a \| escaped pipe, *stars* and **more**, _under_ `tick` \\| end"
"""What a person may type: every character that builds or breaks a Markdown table row."""

EVALUATOR = Seat(role="evaluator", name=r"Aiko | Tanaka \ *eval*")
NOTE_TAKER = Seat(role="notes", name="Sam *Lee*")

_PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)(?:\\\\)*\|")


def _cells(row: str) -> int:
    """How many cells a table row holds, as GitHub's table syntax splits it (a pipe escaped by a
    backslash is text, wherever it stands)."""
    pipes = len(_UNESCAPED_PIPE.findall(row.strip()))
    return pipes - 1


def table_problems(document: str) -> list[str]:
    """What keeps a row from showing as one: a row outside any table the parser found, or a row
    whose cells do not match its table's header."""
    lines = document.splitlines()
    tables = [token.map for token in _PARSER.parse(document) if token.type == "table_open" and token.map]
    in_a_table = {number for start, end in tables for number in range(start, end)}
    problems = [
        f"line {number + 1} is not in a table: {line!r}"
        for number, line in enumerate(lines)
        if line.startswith("|") and number not in in_a_table
    ]
    for start, end in tables:
        header = _cells(lines[start])
        problems += [
            f"line {number + 1} has {_cells(lines[number])} cells, its header {header}: {lines[number]!r}"
            for number in range(start + 1, end)
            if _cells(lines[number]) != header
        ]
    return problems


def test_the_check_finds_a_broken_divider_and_a_split_cell() -> None:
    broken = "| a | b |rated by \\|\n|---|---|\\---\\|\n| x | y |\n"
    assert table_problems(broken)
    split = "| a | b |\n|---|---|\n| x | y | z |\n"
    assert table_problems(split) == ["line 3 has 3 cells, its header 2: '| x | y | z |'"]
    assert table_problems("| a | b |\n|---|---|\n| x \\| y | z |\n") == []


def _several_seats(scenario: LoadedScenario, corpus: Corpus, folder: Path, text: str) -> Path:
    """The drill played by a facilitator, an evaluator and a note-taker, each typing `text`."""
    with Session.start(
        scenario, corpus, session_dir=folder, clock=TickingClock(), facilitator=f"Kenji {text}"
    ) as session:
        session.deliver_next()  # quiet
        session.note(f"note {text}")
        session.decide(f"Cabinet {text}", f"decision {text}")
        session.cite("IV.A.1", f"reason {text}")
        session.rate("quiet", "a1", "S", f"observation {text}")
        session.deliver_next({"important_influence": False}, remarks={"important_influence": f"remark {text}"})
        session.deliver_next({"important_influence": True}, remarks={"important_influence": text})
        path = session.path
    assert isinstance(path, Path)
    with Session.open(path, seat=EVALUATOR) as evaluator:
        for inject in evaluator.state.delivered:
            for n, _ in enumerate(getattr(evaluator.inject(inject), "expected_actions", ())):
                evaluator.rate(inject, f"a{n + 1}", "M", f"evaluator {text}")
        evaluator.hot_wash("strength", f"strength {text}", objective="obj1")
        evaluator.hot_wash("improvement", f"improvement {text}")
    with Session.open(path, seat=NOTE_TAKER) as notes:
        notes.note(f"note-taker {text}")
    with Session.open(path) as facilitator:
        facilitator.add_improvement_item(issue=f"issue {text}", corrective_action=f"action {text}")
        facilitator.end(f"closing {text}")
    return path


@pytest.fixture(scope="module")
def several_seats(
    tmp_path_factory: pytest.TempPathFactory, hostile_scenario: LoadedScenario, drill_corpus: Corpus
) -> SessionRecord:
    folder = tmp_path_factory.mktemp("seats")
    return SessionRecord.load(_several_seats(hostile_scenario, drill_corpus, folder, TRICKY))


def _documents(
    played: SessionRecord, several_seats: SessionRecord, hostile_scenario: LoadedScenario, drill_corpus: Corpus
) -> Iterator[tuple[str, str]]:
    yield "report, one seat", render_report(played, "md")
    yield "report, several seats", render_report(several_seats, "md")
    for audience in AUDIENCES:
        yield f"{audience}' handbook", render_handbook(hostile_scenario, drill_corpus, audience, "md")
    for cell in hostile_scenario.scenario.cells:
        yield (
            f"participants' handbook for {cell.id}",
            render_handbook(hostile_scenario, drill_corpus, "participants", "md", cell=cell.id),
        )
    yield "coverage", render_coverage([played, several_seats], "md")


def test_a_session_of_several_seats_rates_in_a_column_of_its_own(several_seats: SessionRecord) -> None:
    document = render_report(several_seats, "md")
    rendered = _PARSER.render(document)
    assert "<th>rated by</th>" in rendered
    assert "evaluator (Aiko \\| Tanaka \\\\ \\*eval\\*)" in document


def test_every_table_of_every_markdown_document_is_a_table(
    played: SessionRecord, several_seats: SessionRecord, hostile_scenario: LoadedScenario, drill_corpus: Corpus
) -> None:
    for name, document in _documents(played, several_seats, hostile_scenario, drill_corpus):
        assert any(line.startswith("|---") for line in document.splitlines()), name
        assert table_problems(document) == [], name


_TYPED = st.text(
    alphabet=st.sampled_from(list("|\\*_`[]<>!#~-+=.:1 ab\n")) | st.characters(codec="utf-8"), min_size=1, max_size=30
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(observation=_TYPED, seat=_TYPED)
def test_what_an_evaluator_types_never_breaks_an_expected_action_row(
    several_seats: SessionRecord, observation: str, seat: str
) -> None:
    report = build_report(several_seats)
    objectives = tuple(
        objective.model_copy(
            update={
                "actions": tuple(
                    action.model_copy(update={"observation": observation, "rated_by": seat})
                    for action in objective.actions
                )
            }
        )
        for objective in report.objectives
    )
    assert any(objective.actions for objective in objectives)
    document = draw_report(report.model_copy(update={"objectives": objectives}), "md")
    assert table_problems(document) == []
