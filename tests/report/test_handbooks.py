"""The documents before the seminar read as HSEEP's: the Situation Manual with its feedback form,
the facilitator's MSEL table first, and the Exercise Evaluation Guides."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tabletop.report import build_handbook, render_handbook
from tabletop.rules import load_rules, Corpus
from tabletop.scenario import (
    STANDARD_ASSUMPTIONS,
    STANDARD_GROUND_RULES,
    load_scenario,
    load_scenario_text,
    LoadedScenario,
)

ROOT = Path(__file__).parents[2]
DRILL = ROOT / "tests" / "session" / "fixtures" / "drill.yaml"
MINIMAL = """\
title: Minimal walkthrough
injects:
  - id: first
    title: Quiet start
    narrative: Routine bilateral ISR continues.
"""


@pytest.fixture(scope="module")
def rules() -> Corpus:
    return load_rules()


@pytest.fixture(scope="module")
def southwest(rules: Corpus) -> LoadedScenario:
    return load_scenario(ROOT / "scenarios" / "southwest_islands.yaml", rules)


def _text(document: str) -> str:
    """What a reader sees of an HTML document: tags and the stylesheet gone, entities read."""
    body = document.split("<body>", 1)[1].replace("<wbr>", "")
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def test_a_minimal_scenario_prints_a_complete_situation_manual(rules: Corpus) -> None:
    loaded = load_scenario_text(MINIMAL, "minimal.yaml", rules, files={})
    seen = _text(render_handbook(loaded, rules, "participants", "html"))
    for heading in (
        "Exercise overview",
        "Purpose",
        "Scope",
        "Objectives and core capabilities",
        "Exercise structure",
        "Schedule",
        "Ground rules",
        "Assumptions and artificialities",
        "Appendix A: Participating organisations",
        "Appendix B: Acronyms",
        "Appendix C: Points of contact",
        "Participant Feedback Form",
    ):
        assert heading in seen, heading
    assert "Date to be announced" in seen and "Location to be announced" in seen
    assert "under The Guidelines for Japan-U.S. Defense Cooperation" in seen  # the standard purpose
    assert "A discussion-based tabletop exercise, 1 inject on the main path." in seen  # the scope made
    assert "Times to be set by the exercise planners." in seen
    for rule in (*STANDARD_GROUND_RULES, *STANDARD_ASSUMPTIONS):
        assert rule in seen, rule
    assert "TTX Tabletop exercise" in seen
    assert "Questions about the exercise go to the facilitator." in seen


def test_the_scenario_s_own_facts_replace_the_defaults(southwest: LoadedScenario, rules: Corpus) -> None:
    scenario = southwest.scenario
    seen = _text(render_handbook(southwest, rules, "participants", "html"))
    assert scenario.exercise is not None and scenario.exercise.location and scenario.exercise.purpose
    assert "Tuesday 18 June 2030" in seen and scenario.exercise.location in seen
    assert " ".join(scenario.exercise.purpose.split()) in seen
    assert "Times to be set" not in seen
    assert "08:30 Registration and security check" in seen
    # An agenda slot naming a module shows the module's title, not "Module 1" twice.
    assert "09:30 Module 1 — Grey zone (D-30 to D-12)" in seen and "Module 1: Module 1" not in seen
    for contact in scenario.contacts:
        assert contact.email is not None and contact.email in seen
    assert "ACM Alliance Coordination Mechanism" in seen
    assert "Key issues" in seen and scenario.modules[0].key_issues[0] in seen


def test_the_scenario_s_assumptions_replace_the_standard_ones(rules: Corpus) -> None:
    neo = load_scenario(ROOT / "scenarios" / "regional_crisis_neo.yaml", rules)
    handbook = build_handbook(neo, rules, "participants")
    assert neo.scenario.exercise is not None and neo.scenario.exercise.assumptions is not None
    assert handbook.assumptions == tuple(
        " ".join(a.split()) if "\n" in a else a for a in neo.scenario.exercise.assumptions
    )
    assert handbook.ground_rules == STANDARD_GROUND_RULES


def test_a_seminar_of_several_days_prints_its_agenda_by_day(rules: Corpus) -> None:
    nankai = load_scenario(ROOT / "scenarios" / "nankai_trough_cyber.yaml", rules)
    seen = _text(render_handbook(nankai, rules, "participants", "html"))
    assert "Tuesday 21 January 2031 to Wednesday 22 January 2031" in seen
    assert "Day 1 09:30 Registration" in seen and "Day 2 09:30 The situation overnight" in seen
    # A slot for part of a module reads as the module's title and the part, the label said once.
    assert "11:35 Module 2 — 南海トラフ: the earthquake and tsunami (D to D+1) (first part)" in seen
    markdown = render_handbook(nankai, rules, "participants", "md")
    assert "| Day 2 | 09:30 | The situation overnight |" in markdown


@pytest.mark.parametrize("fmt", ["html", "md"])
@pytest.mark.parametrize("audience", ["participants", "evaluators"])
def test_no_hash_on_the_pages_of_participants_and_evaluators(
    southwest: LoadedScenario, rules: Corpus, audience: str, fmt: str
) -> None:
    document = render_handbook(southwest, rules, audience, fmt)
    assert southwest.sha256 not in document and rules.sha256 not in document
    assert "SHA-256" not in document


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_facilitator_s_handbook_opens_with_the_msel_and_ends_with_provenance(
    southwest: LoadedScenario, rules: Corpus, fmt: str
) -> None:
    document = render_handbook(southwest, rules, "facilitator", fmt)
    body = document.split("<body>", 1)[-1]
    order = [
        "Master Scenario Events List</h2>" if fmt == "html" else "## Master Scenario Events List",
        "Running the seminar",
        "Injects in detail",
        "The clauses the scenario cites, verbatim",
        southwest.sha256,
    ]
    positions = [body.rindex(heading) if heading != southwest.sha256 else body.index(heading) for heading in order]
    assert positions == sorted(positions)


def test_questions_are_grouped_by_the_cell_that_answers_them(drill_corpus: Corpus) -> None:
    drill = load_scenario(DRILL, drill_corpus)
    (quiet, *_) = build_handbook(drill, drill_corpus, "participants").modules[0].injects
    assert [(g.addressee, g.questions) for g in quiet.question_groups] == [
        (None, ("Which coordination channels are active?",)),
        ("Japan cell", ("What does the Japan cell report?",)),
    ]
    seen = _text(render_handbook(drill, drill_corpus, "participants", "html"))
    assert "Everyone Which coordination channels are active? Japan cell What does the Japan cell report?" in seen


def test_the_facilitator_s_msel_is_one_line_per_inject_before_the_detail(drill_corpus: Corpus) -> None:
    drill = load_scenario(DRILL, drill_corpus)
    document = render_handbook(drill, drill_corpus, "facilitator", "html")
    table = document.split('<table class="msel">', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tbody>", 1)[1].split("</tr>")[:-1]
    assert len(rows) == len(drill.scenario.injects)
    missiles = _text("<body>" + rows[[i.id for i in drill.scenario.injects].index("missiles")])
    assert "D Missile attack missiles" in missiles
    assert "move attack_occurs" in missiles
    assert "attack_determined : yes" in missiles and "diet_approval : room decides" in missiles
    assert "a1 Defend airspace bilaterally" in missiles
    quiet = _text("<body>" + rows[0])
    assert "Japan cell, U.S. cell" not in quiet and "everyone" in quiet  # addressed to no cell: everyone
    assert "a1 Convene the Alliance Coordination Mechanism a2 Share the maritime picture" in quiet
    markdown = render_handbook(drill, drill_corpus, "facilitator", "md")
    header = "| no. | time | inject | phases and move | gates: the scenario's answer | cells | expected actions |"
    lines = markdown.split(header, 1)[1].split("\n\n", 1)[0].strip().splitlines()
    assert len(lines) == 1 + len(drill.scenario.injects)  # the separator, then one line each
    assert markdown.index(header) < markdown.index("## Injects in detail")


def test_the_evaluation_guides_hold_every_expected_action_once_under_its_capability(
    southwest: LoadedScenario, rules: Corpus
) -> None:
    handbook = build_handbook(southwest, rules, "evaluators")
    listed = [(a.inject, a.key) for g in handbook.evaluation for o in g.objectives for a in o.actions]
    expected = [(i.id, f"a{n + 1}") for i in southwest.scenario.injects for n in range(len(i.expected_actions))]
    assert sorted(listed) == sorted(expected) and len(listed) == len(set(listed))
    capabilities = [g.capability for g in handbook.evaluation]
    assert capabilities == list(dict.fromkeys(o.capability for o in southwest.scenario.objectives))
    for guide in handbook.evaluation:
        for objective in guide.objectives:
            served = {o.id: o.capability for o in southwest.scenario.objectives}[objective.id]
            assert served == guide.capability
    document = render_handbook(southwest, rules, "evaluators", "html")
    assert document.count('<section class="part eeg">') == len(handbook.evaluation)
    assert document.count("Evaluator's name") == len(handbook.evaluation)
    assert document.count('<span class="rate"><span class="box"></span>P</span>') == len(listed)
    assert "fleet_shelters a1" in _text(document)  # what the console rates it by


def test_actions_that_serve_no_objective_get_a_guide_of_their_own(drill_corpus: Corpus) -> None:
    drill = load_scenario(DRILL, drill_corpus)
    handbook = build_handbook(drill, drill_corpus, "evaluators")
    other = handbook.evaluation[-1]
    assert other.capability is None and [(a.inject, a.key) for a in other.objectives[0].actions] == [
        ("quiet", "a2"),
        ("missiles", "a1"),
    ]
    assert "Other expected actions" in render_handbook(drill, drill_corpus, "evaluators", "html")
    assert "other expected actions" in render_handbook(drill, drill_corpus, "evaluators", "md")


def test_the_feedback_form_asks_about_each_objective(southwest: LoadedScenario, rules: Corpus) -> None:
    for fmt in ("html", "md"):
        document = render_handbook(southwest, rules, "participants", fmt)
        form = document.split("Participant Feedback Form", 2)[-1]
        for objective in southwest.scenario.objectives:
            text = " ".join(objective.text.split())
            assert f"The seminar served this objective well: {text}" in (
                _text("<body>" + form) if fmt == "html" else form
            )


def test_each_order_is_explained_once_and_each_inject_names_those_open_there(
    southwest: LoadedScenario, rules: Corpus
) -> None:
    handbook = build_handbook(southwest, rules, "facilitator")
    reached = {p for i in handbook.msel for p in i.phases}
    assert [o.id for o in handbook.orders] == [d.id for d in rules.determinations_in(reached)]
    document = render_handbook(southwest, rules, "facilitator", "html")
    table = document.split('<section class="part" id="orders">', 1)[1].split("</section>", 1)[0]
    for order in handbook.orders:
        assert table.count(f'<code class="muted">{order.id}</code>') == 1
    landing = document.split('id="inject-landing"', 1)[1].split("</article>", 1)[0]
    # What the scenario expects there in full, with its answer; the rest by name and id.
    stated = landing.split('<p class="also-open">', 1)[0]
    assert "public_security_operation</code>" in stated and "scenario states: yes" in stated
    assert "within 20 days" in stated
    rest = landing.split('<p class="also-open">', 1)[1]
    for open_order in rules.determinations_in(["peacetime"]):
        if open_order.id not in ("maritime_security_operation", "public_security_operation"):
            assert f"<code>{open_order.id}</code>" in rest
