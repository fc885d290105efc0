"""The after-action report holds what the room did, section by section, in every format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from tabletop.report import build_report, render_report, report_schema, AfterActionReport
from tabletop.session import SessionRecord, export_jsonl, import_jsonl
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario

FIXTURE_DRILL = Path(__file__).parents[1] / "session" / "fixtures" / "drill.yaml"


@pytest.fixture(scope="module")
def report(played: SessionRecord) -> AfterActionReport:
    return build_report(played)


def test_cover_names_the_facilitator_the_stored_texts_and_their_hashes(
    report: AfterActionReport, played: SessionRecord
) -> None:
    cover = report.cover
    assert cover.facilitator is not None and cover.facilitator.startswith("Col. <script>")
    assert cover.exercise_id == "TTX-DRILL" and cover.scenario_version == "1.0"
    assert [(d.role, d.sha256) for d in cover.documents] == [(d.role, d.sha256) for d in played.documents]
    assert not cover.dry_run and cover.ended_at is not None
    assert "pwned" not in cover.closing_summary and cover.closing_summary.startswith("closing <script>")


def test_facilitator_survives_export_and_import(played_path: Path, tmp_path: Path) -> None:
    exported = tmp_path / "journal.jsonl"
    export_jsonl(played_path, exported)
    imported = SessionRecord.load(import_jsonl(exported, tmp_path / "again"))
    assert build_report(imported).cover.facilitator == build_report(SessionRecord.load(played_path)).cover.facilitator


def test_summary_lists_every_determination_yes_and_no_with_who_and_remark(report: AfterActionReport) -> None:
    determinations = report.summary.determinations
    declined = [d for d in determinations if not d.answer]
    assert len(declined) == 1
    no = declined[0]
    assert (no.trigger, no.gate, no.authority, no.fired, no.assumed) == (
        "threats_emerge",
        "important_influence",
        "the two governments",
        False,
        False,
    )
    assert no.remark.startswith("remark <script>")
    yes = [d for d in determinations if d.answer and d.gate == "important_influence"]
    assert yes and yes[0].fired and yes[0].remark == "consensus"
    assert {d.gate for d in determinations if d.trigger == "attack_occurs"} == {"attack_determined", "diet_approval"}
    assert report.summary.counts.declined_determinations == 1
    assert report.summary.counts.withdrawn_citations == 1
    assert report.summary.counts.out_of_phase_citations == 1


def test_phases_entered_and_left_with_scenario_and_wall_times(report: AfterActionReport) -> None:
    periods = {(p.phase, p.entered_scenario_time, p.left_scenario_time) for p in report.summary.periods}
    assert ("peacetime", None, "D-2") in periods
    assert ("emerging_threats", "D-2", "D") in periods
    assert ("disaster", "D-1", None) in periods  # still in force at the end
    assert ("attack", "D", None) in periods
    assert report.summary.final_phases == ("attack", "disaster")


def test_timeline_has_one_lane_per_region_and_shows_the_disaster_alongside(report: AfterActionReport) -> None:
    timeline = report.timeline
    assert [lane.id for lane in timeline.lanes] == ["security", "disaster"]
    assert timeline.start == ("peacetime", None)
    last = timeline.steps[-1]
    assert last.inject == "missiles" and last.phases == ("attack", "disaster")


def test_timeline_is_an_svg_chart_in_html_and_a_table_in_markdown(played: SessionRecord) -> None:
    html = render_report(played, "html")
    section = html.split('id="timeline"', 1)[1].split("</section>", 1)[0]
    assert "<svg" in section and '<g class="segment">' in section
    assert section.count("Large-scale disaster</title>") == 1  # the disaster's segment, beside the attack
    markdown = render_report(played, "md")
    table = markdown.split("## 3. Phase timeline", 1)[1].split("## 4.", 1)[0]
    assert "| Security situation | Large-scale disaster in Japan |" in table
    assert "| `attack` | `disaster` |" in table
    assert "| No disaster |" in table


def test_each_delivered_inject_with_citations_notes_decisions_and_ratings(report: AfterActionReport) -> None:
    by_id = {i.id: i for i in report.injects}
    assert list(by_id) == ["quiet", "tension", "adhoc-1", "quake", "missiles"]
    quiet = by_id["quiet"]
    assert quiet.scenario_time == "D-3 06:00" and quiet.phases == ("peacetime",)
    presented, withdrawn = quiet.citations  # the scenario's own, presented on delivery, in force
    assert (presented.clause, presented.source, presented.withdrawn) == ("III.A", "scenario", False)
    assert withdrawn.withdrawn and withdrawn.withdrawal_reason.startswith("withdrawn <script>")
    assert withdrawn.excerpt and withdrawn.title
    assert quiet.notes[0].text.startswith("note <script>")
    assert quiet.decisions[0].decided_by.startswith("Cabinet <script>")
    assert [(a.key, a.rating) for a in quiet.expected_actions] == [("a1", "S"), ("a2", None)]
    tension = by_id["tension"]
    assert [(c.clause, c.out_of_phase, c.source) for c in tension.citations] == [
        ("IV.B", False, "scenario"),
        ("IV.C.1", True, "facilitator"),
        ("IV.B.1", False, "suggestion"),
    ]
    assert by_id["adhoc-1"].adhoc and by_id["adhoc-1"].narrative.startswith("improvised <script>")
    assert by_id["missiles"].phases == ("attack", "disaster")
    # The delivery that asked for a move carries the room's answers, the "no" first.
    assert [(d.gate, d.answer) for d in by_id["tension"].determinations] == [
        ("important_influence", False),
        ("important_influence", True),
    ]
    assert {d.gate for d in by_id["missiles"].determinations} == {"attack_determined", "diet_approval"}


def test_html_strikes_withdrawn_citations_and_marks_out_of_phase_and_adhoc(played: SessionRecord) -> None:
    html = render_report(played, "html")
    assert '<div class="citation withdrawn">' in html and ".withdrawn .what { text-decoration: line-through; }" in html
    assert '<span class="tag oop">out of phase</span>' in html
    assert '<span class="tag adhoc">ad-hoc</span>' in html
    markdown = render_report(played, "md")
    assert (
        "- ~~`IV.A.1` Maritime Security~~ (withdrawn: withdrawn" in markdown
        and "**out of phase**" in markdown
        and "**ad-hoc**" in markdown
    )


def test_coverage_marks_each_applicable_clause_per_phase_entered(
    report: AfterActionReport, drill_corpus: Corpus
) -> None:
    phases = {p.phase: p for p in report.coverage.phases}
    assert list(phases) == ["peacetime", "emerging_threats", "disaster", "attack"]
    for phase, coverage in phases.items():
        assert [t.clause for t in coverage.clauses] == [c.id for c in drill_corpus.applicable([phase])]
    attack = {t.clause: t for t in phases["attack"].clauses}
    assert attack["IV.C.1"].exercised and attack["IV.C.1"].citations == 1
    emerging = {t.clause: t for t in phases["emerging_threats"].clauses}
    assert emerging["IV.B.1"].exercised
    assert "IV.C.1" not in emerging  # cited there out of phase: not coverage
    chapters = {c.chapter: c for c in report.coverage.chapters}
    # IV.B presented with `tension`; IV.B.1 and IV.C.1 cited by the room.
    assert chapters["IV"].exercised == 3 and chapters["IV"].applicable >= 3
    assert (chapters["IV"].presented, chapters["IV"].discussed, chapters["IV"].cited) == (1, 0, 2)


def test_withdrawn_citation_does_not_count_as_exercised(report: AfterActionReport) -> None:
    peacetime = {t.clause: t for t in report.coverage.phases[0].clauses}
    assert "IV.A.1" in peacetime and not peacetime["IV.A.1"].exercised


def test_objectives_carry_their_capability_and_ratings(report: AfterActionReport) -> None:
    (objective,) = report.objectives
    assert objective.ratings == {"P": 0, "S": 1, "M": 0, "U": 0, "unrated": 0}
    assert [(a.inject, a.key) for a in objective.actions] == [("quiet", "a1")]
    assert objective.hot_wash and objective.hot_wash[0].kind == "strength"


def test_citation_index_hot_wash_plan_and_appendix(report: AfterActionReport, drill_corpus: Corpus) -> None:
    index = {e.clause: e for e in report.citation_index}
    assert index["IV.C.1"].injects == ("tension", "missiles")
    assert index["IV.A.1"].injects == () and index["IV.A.1"].withdrawn_from == ("quiet",)
    assert [h.kind for h in report.hot_wash] == ["strength", "improvement"]
    (item,) = report.improvement_plan
    assert item.issue.startswith("issue <script>") and str(item.completion_date) == "2030-06-30"
    # The clauses the scenario presented with its injects are cited too (III.A, IV.B, VI).
    assert [a.clause for a in report.appendix] == ["III.A", "IV.A.1", "IV.B", "IV.B.1", "IV.C.1", "VI"]
    for entry in report.appendix:
        assert entry.text == drill_corpus.clause(entry.clause).text


def test_json_report_validates_against_its_schema(played: SessionRecord) -> None:
    document = json.loads(render_report(played, "json"))
    jsonschema.validate(document, report_schema())
    assert document["format"] == "tabletop-after-action-report"


def test_dry_run_report_has_a_banner_and_marks_every_determination_assumed(sample_dry_run: Path) -> None:
    record = SessionRecord.load(sample_dry_run)
    report = build_report(record)
    assert report.cover.dry_run and report.summary.determinations
    assert all(d.assumed for d in report.summary.determinations)
    html = render_report(record, "html")
    assert '<div class="banner" role="alert">DRY-RUN' in html
    assert "> **DRY-RUN**" in render_report(record, "md")


def test_room_session_has_no_dry_run_banner(played: SessionRecord) -> None:
    assert "DRY-RUN" not in render_report(played, "html") and "DRY-RUN" not in render_report(played, "md")


def test_marking_on_every_printed_page_and_at_both_ends_of_markdown(played: SessionRecord) -> None:
    html = render_report(played, "html")
    assert "@top-center { content: " in html and "@bottom-center { content: " in html
    markdown = render_report(played, "md").strip().splitlines()
    assert markdown[0].startswith("**UNCLASSIFIED") and markdown[-1].startswith("**UNCLASSIFIED")


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_same_record_gives_the_same_bytes(played: SessionRecord, played_path: Path, fmt: str) -> None:
    again = SessionRecord.model_validate_json(SessionRecord.load(played_path).model_dump_json())
    assert render_report(played, fmt) == render_report(again, fmt)


def test_html_is_self_contained(played: SessionRecord) -> None:
    html = render_report(played, "html")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "").replace("http://example.invalid", "")
    # The only url() are the phase patterns', which point inside the document.
    assert "https://" not in html and "@import" not in html and re.findall(r"url\((?!#phase-pattern-)", html) == []
    assert "break-before: page" in html and "@page" in html


def test_a_session_just_started_reports_without_gaps(
    hostile_scenario: LoadedScenario, drill_corpus: Corpus, tmp_path: Path
) -> None:
    from tabletop.session import Session

    with Session.start(hostile_scenario, drill_corpus, session_dir=tmp_path) as session:
        record = session.record()
    report = build_report(record)
    assert report.injects == () and report.cover.ended_at is None
    assert [p.phase for p in report.coverage.phases] == ["peacetime"]
    for fmt in ("md", "html", "json"):
        assert render_report(record, fmt)
    assert "No inject was delivered." in render_report(record, "html")
    assert "not ended" in render_report(record, "md")


def test_a_move_made_by_hand_is_summarised_at_the_inject_in_front_of_the_room(
    drill_corpus: Corpus, tmp_path: Path
) -> None:
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    drill = load_scenario(FIXTURE_DRILL, drill_corpus)
    with Session.start(drill, drill_corpus, session_dir=tmp_path) as session:
        session.deliver_next()
        session.fire("disaster_strikes")
        record = session.record()
    report = build_report(record)
    move = report.summary.phase_changes[-1]
    assert (move.trigger, move.entered, move.inject, move.scenario_time) == (
        "disaster_strikes",
        ("disaster",),
        "quiet",
        "D-3 06:00",
    )
    assert report.timeline.steps[-1].phases == ("peacetime", None)  # the step was shown before the move


def test_markdown_tables_keep_their_shape_on_a_commonmark_viewer(played: SessionRecord) -> None:
    from markdown_it import MarkdownIt

    document = render_report(played, "md")
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(document)
    assert rendered.count("<table>") == sum(1 for line in document.splitlines() if line.startswith("|---"))
    assert "<p>|" not in rendered
