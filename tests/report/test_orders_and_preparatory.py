"""Grey-zone orders in the after-action report, and preparatory clauses in coverage."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, UTC
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.report import (
    build_coverage,
    build_report,
    render_coverage,
    render_report,
    report_schema,
    AfterActionReport,
)
from tabletop.rules import load_rules, Corpus
from tabletop.scenario import load_scenario, LoadedScenario
from tabletop.session import Session, SessionRecord

FIXTURES = Path(__file__).parents[1] / "session" / "fixtures"
RULES = FIXTURES / "rules.yaml"
DRILL = FIXTURES / "drill.yaml"


class TickingClock:
    def __init__(self) -> None:
        self.tick = 0

    def __call__(self) -> datetime:
        self.tick += 1
        return datetime(2030, 4, 1, 9, 0, tzinfo=UTC) + timedelta(seconds=self.tick)


@pytest.fixture(scope="module")
def report(played: SessionRecord) -> AfterActionReport:
    return build_report(played)


# -- orders in the report --------------------------------------------------------------------------


def test_the_summary_lists_the_orders_beside_the_gate_answers(report: AfterActionReport) -> None:
    [order] = report.summary.orders
    assert (order.determination, order.title, order.answer, order.assumed, order.inject) == (
        "security_operation",
        "Security operation ordered",
        True,
        False,
        "quiet",
    )
    assert order.authority == "Prime Minister (a Cabinet decision)"
    assert order.diet == "The order is referred to the Diet for approval within 20 days."
    assert order.remark.startswith("order <script>") and "pwned" not in order.remark
    assert report.summary.counts.orders == 1
    # An order is not a gate answer: the gate answers are counted as before.
    assert all(d.gate != "security_operation" for d in report.summary.determinations)
    quiet = next(i for i in report.injects if i.id == "quiet")
    assert [o.determination for o in quiet.orders] == ["security_operation"]
    assert all(not i.orders for i in report.injects if i.id != "quiet")


def test_markdown_and_html_show_who_decides_the_diet_and_the_remark_as_text(played: SessionRecord) -> None:
    markdown = render_report(played, "md")
    section = markdown.split("### Orders and determinations without a move", 1)[1].split("## 3.", 1)[0]
    assert "Security operation ordered" in section and "Prime Minister (a Cabinet decision)" in section
    assert "approval within 20 days" in section and "**yes**" in section
    assert "order \\<script\\>alert('x')\\</script\\>" in section  # escaped, shown as typed
    assert "a \\| b" in section  # a pipe stays inside its cell
    page = render_report(played, "html")
    part = page.split("<h3>Orders and determinations without a move</h3>", 1)[1].split("</table>", 1)[0]
    assert "Security operation ordered" in part and "approval within 20 days" in part
    assert "order &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in part
    assert '<span class="tag yes">yes</span>' in part


def test_json_carries_the_orders_and_the_schema_describes_them(played: SessionRecord) -> None:
    document = json.loads(render_report(played, "json"))
    jsonschema.validate(document, report_schema())
    [order] = document["summary"]["orders"]
    assert order["determination"] == "security_operation" and order["diet"].startswith("The order is referred")
    schema = report_schema()
    assert "orders" in schema["$defs"]["Summary"]["properties"]
    assert {"authority", "diet", "remark", "assumed"} <= set(schema["$defs"]["OrderEntry"]["properties"])


def test_a_session_without_orders_says_so(
    hostile_scenario: LoadedScenario, drill_corpus: Corpus, tmp_path: Path
) -> None:
    with Session.start(hostile_scenario, drill_corpus, session_dir=tmp_path, clock=TickingClock()) as session:
        session.deliver_next()
    record = SessionRecord.load(session.path)
    assert "No order or determination was recorded without a move." in render_report(record, "md")


# -- preparatory clauses in coverage ----------------------------------------------------------------


def test_a_cited_preparatory_clause_is_exercised_preparatory_and_an_uncited_one_is_no_gap(
    preparing_session: SessionRecord,
) -> None:
    report = build_report(preparing_session)
    [peacetime] = report.coverage.phases
    tallies = {t.clause: t for t in peacetime.clauses}
    assert tallies["IV.B.1"].applicability == "preparatory" and tallies["IV.B.1"].exercised
    assert "IV.B" not in tallies  # preparatory, uncited: not listed as a gap
    assert peacetime.exercised_preparatory == 1
    outright = [t for t in peacetime.clauses if t.applicability == "applies"]
    assert peacetime.applicable == len(outright) and peacetime.exercised == 0
    chapters = {c.chapter: c for c in report.coverage.chapters}
    assert (chapters["IV"].exercised, chapters["IV"].exercised_preparatory) == (0, 1)
    markdown = render_report(preparing_session, "md")
    assert re.search(r"^\| `IV\.B\.1` \| [^|]+ \| yes, preparatory \(1\) \|$", markdown, re.M)
    assert re.search(
        rf"^### Peacetime \(`peacetime`\): 0 of {peacetime.applicable} exercised, 1 preparatory$", markdown, re.M
    )
    page = render_report(preparing_session, "html")
    assert (
        '<code title="Noncombatant Evacuation Operations">IV.B.1</code></a> <span class="cov-prep">preparatory (1)</span>'
        in page
    )


def test_programme_coverage_shows_preparatory_cells_and_never_calls_them_gaps(preparing_session: SessionRecord) -> None:
    coverage = build_coverage([preparing_session])
    clauses = {c.clause: c for c in coverage.clauses}
    assert clauses["IV.B.1"].preparatory_in == ("peacetime",)
    assert clauses["IV.B.1"].by_phase_preparatory == {"peacetime": 1}
    assert clauses["IV.B.1"].applicable_in == () and clauses["IV.B.1"].by_phase == {}
    assert "IV.B.1" not in coverage.never_exercised and "IV.B" not in coverage.never_exercised
    assert "IV.B" not in clauses  # neither applies nor was cited
    markdown = render_coverage([preparing_session], "md")
    row = next(line for line in markdown.splitlines() if line.startswith("| `IV.B.1`"))
    assert row.endswith("| 1 prep. |")
    never = markdown.split("## Never exercised", 1)[1]
    assert "IV.B.1" not in never
    page = render_coverage([preparing_session], "html")
    assert '<td class="level prep" title="preparatory">1 prep.</td>' in page


# -- the property: preparatory never turns into a gap -------------------------------------------------


@pytest.fixture(scope="module")
def preparing_corpus(preparing_rules: Path) -> Corpus:
    return load_rules(preparing_rules)


CLAUSES = ["III", "III.A", "IV.A.1", "IV.B", "IV.B.1", "IV.C.1", "VI"]
TRIGGERS = ["threats_emerge", "attack_occurs", "de_escalate", "disaster_strikes", "recover"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    operations=st.lists(
        st.one_of(
            st.tuples(st.just("cite"), st.sampled_from(CLAUSES)), st.tuples(st.just("fire"), st.sampled_from(TRIGGERS))
        ),
        max_size=14,
    )
)
def test_coverage_lists_every_outright_clause_and_only_cited_preparatory_ones(
    preparing_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory, operations: list[tuple[str, str]]
) -> None:
    from tabletop.errors import TabletopError

    corpus = preparing_corpus
    scenario = load_scenario(DRILL, corpus)
    with Session.start(scenario, corpus, session_dir=tmp_path_factory.mktemp("p"), clock=TickingClock()) as session:
        session.deliver_next()
        for name, value in operations:
            try:
                if name == "cite":
                    session.cite(value)
                else:
                    gates = next((m.gates for m in session.legal_moves() if m.trigger == value), ())
                    session.fire(value, {gate.id: True for gate in gates})
            except TabletopError:
                pass
        citations = session.state.citations
    report = build_report(SessionRecord.load(session.path))
    for pc in report.coverage.phases:
        outright = [t.clause for t in pc.clauses if t.applicability == "applies"]
        assert outright == [c.id for c in corpus.applicable([pc.phase])]
        assert pc.applicable == len(outright)
        assert pc.exercised == sum(1 for t in pc.clauses if t.applicability == "applies" and t.exercised)
        prepared = [t for t in pc.clauses if t.applicability == "preparatory"]
        assert all(t.exercised and t.citations > 0 for t in prepared)  # never a gap
        assert {t.clause for t in prepared} == {
            c.clause for c in citations if pc.phase in c.phases and c.clause in corpus.preparatory_ids([pc.phase])
        }
        assert pc.exercised_preparatory == len(prepared)


# -- the handbook --------------------------------------------------------------------------------------


def _inject_section(markdown: str, inject_id: str) -> str:
    start = markdown.index(f"(`{inject_id}`)\n")
    return markdown[start:].split("\n### ", 1)[0]


def test_the_facilitators_handbook_lists_the_orders_open_at_each_inject() -> None:
    from tabletop.report import render_handbook
    from tabletop.scenario import load_scenario as load

    corpus = load_rules()
    loaded = load(Path(__file__).parents[2] / "scenarios" / "southwest_islands.yaml", corpus)
    markdown = render_handbook(loaded, corpus, "facilitator", "md")
    landing = _inject_section(markdown, "landing")  # the armed landing, still in peacetime
    assert "Orders the room may record without a move" in landing
    for order in corpus.determinations_in(["peacetime"]):
        assert f"(`{order.id}`)" in landing
    assert "`armed_attack_imminent`" not in landing  # open only once threats have emerged
    assert "within 20 days" in landing  # the Diet's part of a public security operation
    page = render_handbook(loaded, corpus, "facilitator", "html")
    assert '<code class="muted">public_security_operation</code>' in page
    assert "Orders the room may record" not in render_handbook(loaded, corpus, "participants", "md")
