"""The report's determinations carry the decision clock in scenario time and what the room
recorded meanwhile: one short line each, in HTML, Markdown and JSON."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tabletop.report import build_report, render_report, report_schema
from tabletop.session import DeliverNext, Determine, DetermineMove, Session, SessionRecord

from tests.report.conftest import DRILL, TickingClock
from tabletop.scenario import load_scenario
from tabletop.rules import Corpus


@pytest.fixture(scope="module")
def determined(tmp_path_factory: pytest.TempPathFactory, drill_corpus: Corpus) -> SessionRecord:
    """The room hears `tension` (D-2) with its move waiting, talks, orders, then determines."""
    folder = tmp_path_factory.mktemp("sessions")
    scenario = load_scenario(DRILL, drill_corpus)
    with Session.start(scenario, drill_corpus, session_dir=folder, clock=TickingClock()) as session:
        session.deliver_next()  # quiet, D-3 06:00
        session.note("the room asks who watches the islands")
        session.execute(
            Determine(
                expected_seq=session.snapshot().seq,
                determination="security_operation",
                answer=True,
                scenario_time="D-3 06:40",
            )
        )
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))  # tension, D-2
        session.note("the vessels are counted")
        session.note("the Japan cell briefs")
        session.decide("Japan cell", "raise the alert")
        session.cite("IV.A")
        session.execute(
            DetermineMove(
                expected_seq=session.snapshot().seq, answers={"important_influence": True}, scenario_time="D-2 14:30"
            )
        )
        path = session.path
    return SessionRecord.load(path)


def test_each_determination_carries_its_scenario_times_and_what_was_done_meanwhile(determined: SessionRecord) -> None:
    report = build_report(determined)
    (order,) = report.summary.orders
    assert (order.development_time, order.scenario_time) == ("D-3 06:00", "D-3 06:40")
    assert order.scenario_lapse == "D-3 06:00 → D-3 06:40, 40 min"
    assert order.meanwhile is not None and order.meanwhile.summary == "1 note"
    (gate,) = report.summary.determinations
    assert gate.scenario_lapse == "D-2 → D-2 14:30"
    assert gate.meanwhile is not None and gate.meanwhile.summary == "2 notes, 1 decision, 1 clause cited"
    assert (gate.meanwhile.notes, gate.meanwhile.orders) == (2, 0)


def test_the_html_determinations_section_shows_one_short_line_each(determined: SessionRecord) -> None:
    html = render_report(determined, "html")
    section = html[html.index("Orders and determinations without a move") - 4000 :]
    assert "D-2 → D-2 14:30" in section
    assert "meanwhile: 2 notes, 1 decision, 1 clause cited" in section
    assert "D-3 06:00 → D-3 06:40, 40 min" in html and "meanwhile: 1 note<" in html


def test_the_markdown_determinations_table_shows_them_in_the_answer_cell(determined: SessionRecord) -> None:
    markdown = render_report(determined, "md")
    (row,) = [
        line
        for line in markdown.splitlines()
        if "important_influence" not in line and "D-2 14:30" in line and "meanwhile" in line
    ]
    assert "**yes**" in row and "; D-2 → D-2 14:30; meanwhile: 2 notes, 1 decision, 1 clause cited |" in row
    (order_row,) = [line for line in markdown.splitlines() if "D-3 06:40" in line]
    assert "; D-3 06:00 → D-3 06:40, 40 min; meanwhile: 1 note |" in order_row


def test_the_json_report_adds_the_keys_and_keeps_the_old_ones(determined: SessionRecord) -> None:
    document = json.loads(render_report(determined, "json"))
    jsonschema.validate(document, report_schema())
    (gate,) = document["summary"]["determinations"]
    assert {"delivered_at", "at", "answer", "not_put"} <= set(gate)  # the keys already there stay
    assert gate["scenario_time"] == "D-2 14:30" and gate["development_time"] == "D-2"
    assert gate["meanwhile"] == {
        "notes": 2,
        "decisions": 1,
        "citations": 1,
        "ratings": 0,
        "orders": 0,
        "questions": 0,
        "answers": 0,
        "summary": "2 notes, 1 decision, 1 clause cited",
    }
