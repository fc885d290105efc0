"""The after-action report reads in HSEEP's order: an executive summary, the analysis by objective,
the determinations, the timeline, coverage as a matrix, the record of play; the improvement plan,
the clauses and the provenance at the back. The same order in HTML and Markdown."""

from __future__ import annotations

import json
import re
from datetime import date

import jsonschema
import pytest

from tabletop.report import AfterActionReport, build_report, draw_report, render_report, report_schema
from tabletop.session import RATINGS, SessionRecord
from tabletop.rules import Corpus
from pathlib import Path

HTML_ORDER = [
    'id="executive-summary"',
    'id="objectives"',
    'id="determinations"',
    'id="timeline"',
    'id="coverage"',
    'id="injects"',
    'id="improvement-plan"',
    'id="appendix"',
    'id="provenance"',
]
MARKDOWN_ORDER = [
    "## Executive summary",
    "## 1. Analysis by objective",
    "## 2. Determinations",
    "## 3. Phase timeline",
    "## 4. Clause coverage",
    "## 5. Record of play",
    "## Appendix A. Improvement plan",
    "## Appendix B. The clauses cited, verbatim",
    "## Appendix C. Provenance",
]


@pytest.fixture(scope="module")
def room(room_seminar: Path) -> SessionRecord:
    return SessionRecord.load(room_seminar)


def _positions(document: str, markers: list[str]) -> list[int]:
    found = [document.find(marker) for marker in markers]
    assert -1 not in found, [m for m, at in zip(markers, found, strict=True) if at < 0]
    return found


@pytest.mark.parametrize("fmt, markers", [("html", HTML_ORDER), ("md", MARKDOWN_ORDER)])
def test_sections_follow_hseep_order_in_html_and_markdown(played: SessionRecord, fmt: str, markers: list[str]) -> None:
    document = render_report(played, fmt)
    positions = _positions(document, markers)
    assert positions == sorted(positions)


@pytest.mark.parametrize("fmt, back", [("html", 'id="provenance"'), ("md", "## Appendix C. Provenance")])
def test_hashes_and_the_source_note_are_only_in_the_provenance_at_the_back(
    played: SessionRecord, fmt: str, back: str
) -> None:
    document = render_report(played, fmt)
    front, provenance = document.split(back, 1)
    for stored in played.documents:
        assert stored.sha256 not in front and stored.sha256 in provenance
    note = build_report(played).cover.rules_version
    assert note[:40] not in front and note[:40] in provenance


def test_executive_summary_names_each_move_put_to_the_room_and_the_one_it_declined(played: SessionRecord) -> None:
    summary = build_report(played).executive_summary
    moves = [(m.trigger, m.inject, m.fired, m.declined_by) for m in summary.moves]
    assert moves == [
        ("threats_emerge", "tension", False, ("the two governments",)),
        ("threats_emerge", "tension", True, ()),
        ("attack_occurs", "missiles", True, ()),
    ]
    assert summary.moves[-1].deciders == ("Cabinet", "National Diet") and not summary.moves[-1].assumed
    assert summary.phases_entered == ("peacetime", "emerging_threats", "disaster", "attack")
    assert [h.kind for h in summary.top_strengths] == ["strength"]
    assert [h.text for h in summary.top_areas_for_improvement] == ["slow hand-off"]
    assert (summary.improvement_plan.items, summary.improvement_plan.drafts) == (1, 0)
    html = render_report(played, "html").split('id="objectives"', 1)[0]
    assert (
        '<span class="tag declined">move declined</span> <span class="small">no from the two governments</span>' in html
    )
    markdown = render_report(played, "md").split("## 1. Analysis by objective", 1)[0]
    assert "**move declined** (no from the two governments)" in markdown
    assert "**Improvement plan:** 1 item: 1 open, 0 closed; see Appendix A." in markdown


def test_executive_summary_names_the_first_three_findings_and_counts_the_rest(room: SessionRecord) -> None:
    report = build_report(room)
    strengths = [h for h in report.hot_wash if h.kind == "strength"]
    assert len(strengths) > 3
    assert report.executive_summary.top_strengths == tuple(strengths[:3])
    markdown = render_report(room, "md").split("## 1.", 1)[0]
    assert f"And {len(strengths) - 3} more in section 1." in markdown


def test_each_objective_fares_by_its_lowest_rating_and_lists_the_clauses_exercised_for_it(room: SessionRecord) -> None:
    report = build_report(room)
    injects = {i.id: i for i in report.injects}
    assert any(o.lowest_rating in ("M", "U") for o in report.objectives)
    for objective in report.objectives:
        rated = [a.rating for a in objective.actions if a.rating]
        assert objective.lowest_rating == (max(rated, key=RATINGS.index) if rated else None)
        serving = {a.inject for a in objective.actions}
        expected = {c.clause for i in serving for c in injects[i].citations if not c.withdrawn}
        assert {c.clause for c in objective.clauses} == expected
        for clause in objective.clauses:
            assert all(any(c.clause == clause.clause for c in injects[i].citations) for i in clause.injects)


def test_withdrawn_citation_is_not_a_clause_exercised_for_the_objective(played: SessionRecord) -> None:
    (objective,) = build_report(played).objectives
    assert objective.lowest_rating == "S"
    assert "IV.A.1" not in {c.clause for c in objective.clauses}  # cited for `quiet`, then withdrawn


def test_determinations_say_whether_the_requirement_is_policy_or_statutory(played: SessionRecord) -> None:
    report = build_report(played)
    strengths = {d.gate: d.strength for d in report.summary.determinations}
    assert strengths == {
        "important_influence": "policy",
        "attack_determined": "statutory",
        "diet_approval": "statutory",
    }
    section = render_report(played, "html").split('id="determinations"', 1)[1].split("</section>", 1)[0]
    assert "<td>statutory</td>" in section and "<td>policy</td>" in section
    assert '<span class="tag declined">move declined</span>' in section


def test_coverage_matrix_adds_up_to_each_phase_and_marks_preparatory_citations(
    played: SessionRecord, preparing_session: SessionRecord
) -> None:
    report = build_report(played)
    matrix = report.coverage.matrix
    assert matrix.measures == ("presented", "discussed", "cited")
    assert [p.phase for p in matrix.phases] == ["peacetime", "emerging_threats", "attack", "disaster"]  # rules' order
    by_phase = {p.phase: p for p in report.coverage.phases}
    for n, column in enumerate(matrix.phases):
        cells = [row.cells[n] for row in matrix.rows]
        assert sum(c.applicable for c in cells) == by_phase[column.phase].applicable == matrix.totals[n].applicable
        # Each clause exercised counts once, at the furthest the room took it.
        assert sum(sum(c.counts.values()) for c in cells) == by_phase[column.phase].exercised
        for measure in matrix.measures:
            assert sum(c.counts[measure] for c in cells) == getattr(by_phase[column.phase], measure)
    prepared = build_report(preparing_session).coverage.matrix
    (chapter_iv,) = [row for row in prepared.rows if row.chapter == "IV"]
    assert chapter_iv.cells[0].preparatory == 1 and chapter_iv.cells[0].counts == {
        "presented": 0,
        "discussed": 0,
        "cited": 0,
    }
    html = render_report(preparing_session, "html")
    assert '<span class="prep">+1 prep.</span>' in html.split('<table class="matrix">', 1)[1].split("</table>", 1)[0]
    markdown = render_report(preparing_session, "md")
    assert re.search(r"^\| `IV` [^|]+ \| 0/(\d+) \| 0/\1 \| 0/\1 \+1 prep\. \|$", markdown, re.M)


def test_coverage_lists_no_row_of_clauses_not_exercised(room: SessionRecord) -> None:
    html = render_report(room, "html")
    markdown = render_report(room, "md")
    assert "not exercised</span>" not in html and "**not exercised**" not in markdown
    report = build_report(room)
    tallies = [t for p in report.coverage.phases for t in p.clauses]
    never = {t.clause for t in tallies} - {t.clause for t in tallies if t.exercised}
    coverage_md = markdown.split("## 4. Clause coverage", 1)[1].split("## 5.", 1)[0]
    assert never and not any(f"| `{clause}` |" in coverage_md for clause in never)


def _with_plan(report: AfterActionReport, *items: object) -> AfterActionReport:
    return report.model_copy(update={"improvement_plan": items})


def test_an_improvement_item_without_an_owner_or_a_date_is_marked_draft_in_every_format(
    played: SessionRecord, drill_corpus: Corpus
) -> None:
    report = build_report(played)
    (complete,) = report.improvement_plan
    assert complete.status == "open" and complete.missing == ()
    draft = complete.model_copy(
        update={
            "point_of_contact": "",
            "completion_date": None,
            "status": "draft",
            "missing": ("point of contact", "completion date"),
        }
    )
    document = _with_plan(report, complete, draft)
    html = draw_report(document, "html", phases=drill_corpus.phase_slugs)
    plan = html.split('id="improvement-plan"', 1)[1].split("</section>", 1)[0]
    assert plan.count('<tr class="draft">') == 1 and plan.count('<span class="tag draft">draft, open</span>') == 1
    assert "to settle: point of contact, completion date" in plan
    assert f'<td class="nowrap">{date(2030, 5, 1)}</td><td class="nowrap">–</td>' in plan
    markdown = draw_report(document, "md", phases=drill_corpus.phase_slugs)
    rows = [
        line for line in markdown.split("## Appendix A.", 1)[1].splitlines() if line.startswith("| 1 | issue \\<script")
    ]
    assert len(rows) == 2 and rows[0].endswith("| open |")
    assert rows[1].endswith("| **draft**, open (to settle: point of contact, completion date) |")
    document = json.loads(draw_report(document, "json"))
    jsonschema.validate(document, report_schema())
    assert [i["status"] for i in document["improvement_plan"]] == ["open", "draft"]


def test_a_citation_shows_its_short_reason_and_no_excerpt_in_the_record_of_play(room: SessionRecord) -> None:
    report = build_report(room)
    taken = [c for i in report.injects for c in i.citations if c.source == "suggestion"]
    assert taken and all(c.reason and "\n" not in c.reason for c in taken)
    record = render_report(room, "html").split('id="injects"', 1)[1].split("</section>", 1)[0]
    assert f"({taken[0].reason})" in record.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"')
    assert not any(c.excerpt[:60] in record for c in taken)


def test_room_report_json_validates_and_keeps_every_earlier_key(room: SessionRecord) -> None:
    document = json.loads(render_report(room, "json"))
    jsonschema.validate(document, report_schema())
    assert {
        "cover",
        "summary",
        "timeline",
        "injects",
        "coverage",
        "objectives",
        "citation_index",
        "hot_wash",
        "improvement_plan",
        "appendix",
    } < set(document)
    assert {"phases", "chapters", "matrix"} <= set(document["coverage"])


def test_the_matrix_takes_a_column_per_measure_the_record_knows(played: SessionRecord, drill_corpus: Corpus) -> None:
    report = build_report(played)
    matrix = report.coverage.matrix
    measures = ("presented", "discussed", "cited")

    def widened(cited: int) -> dict[str, int]:
        return {"presented": 9, "discussed": 8, "cited": cited}

    wider = matrix.model_copy(
        update={
            "measures": measures,
            "rows": tuple(
                r.model_copy(
                    update={
                        "cells": tuple(c.model_copy(update={"counts": widened(c.counts["cited"])}) for c in r.cells)
                    }
                )
                for r in matrix.rows
            ),
            "totals": tuple(c.model_copy(update={"counts": widened(c.counts["cited"])}) for c in matrix.totals),
        }
    )
    document = report.model_copy(update={"coverage": report.coverage.model_copy(update={"matrix": wider})})
    html = draw_report(document, "html", phases=drill_corpus.phase_slugs)
    table = html.split('<table class="matrix">', 1)[1].split("</table>", 1)[0]
    assert table.count(f'colspan="{len(measures)}"') == len(matrix.phases)
    assert table.count('<th class="measure">discussed</th>') == len(matrix.phases)
    markdown = draw_report(document, "md", phases=drill_corpus.phase_slugs)
    header = next(line for line in markdown.splitlines() if line.startswith("| chapter |"))
    assert (
        header.count(": presented |")
        == header.count(": discussed |")
        == header.count(": cited |")
        == len(matrix.phases)
    )
