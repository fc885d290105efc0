"""`tabletop phases`: text for people, JSON for scripts, Mermaid from the machine."""

from __future__ import annotations

import json
from pathlib import Path

from tests.phases.phase_support import FIXTURE_RULES

from tabletop.phases import PhaseMachine
from tabletop.rules import Corpus
from tests.conftest import RunCli

DOC = Path(__file__).resolve().parents[2] / "docs" / "phases.md"


def test_text_lists_phases_triggers_gates_and_bases(run_cli: RunCli, corpus: Corpus) -> None:
    status, out, err = run_cli("phases")
    assert status == 0 and err == ""
    flat = " ".join(out.split())
    for phase in corpus.phases:
        count = len(corpus.applicable_ids([phase.slug]))
        assert f"region {phase.region}; defined by {', '.join(phase.defined_by)}; {count} clauses apply" in flat
        assert phase.title in flat
    assert "threats_emerge: peacetime -> emerging_threats" in flat
    assert "disaster_strikes: (No large-scale disaster) -> disaster" in flat
    assert "recover: disaster -> (No large-scale disaster)" in flat
    assert "attack + third_country_attack; entering attack ends the other" in flat
    assert "public_security_operation: Public security operation ordered" in flat
    assert "may be taken before the situation is determined: IV.B (7 clauses)" in flat
    assert "peacetime + third_country_attack " in flat
    # Who decides on the U.S. side, what a decision needs first, and what is not verified.
    assert "U.S. side: The President, as Commander in Chief" in flat
    assert "determination us_article_5_action (the U.S. side's decision)" in flat
    assert (
        "needs prior_determination armed_attack_situation: The basic response plan states the Prime Minister's request"
        in flat
    )
    assert (
        "needs prior_determination anticipated_attack_situation or armed_attack_imminent or "
        "emergency_response_situation (met in attack):" in flat
    )
    assert "needs diet_approval_after (may follow the decision):" in flat
    assert "not verified: Known from the House of Representatives' summary of the bill" in flat
    for phase in corpus.phases:
        open_here = ", ".join(d.id for d in corpus.determinations_in([phase.slug]))
        assert f"{phase.slug} {open_here}" in flat
    assert (
        "gate defense_operation_approved [statutory; decided by Prime Minister, with the approval of the National Diet]"
        in flat
    )
    for spec in corpus.transitions:
        assert " ".join(spec.basis.split()) in flat
        for gate in spec.gates:
            assert " ".join(gate.question.split()) in flat
            assert " ".join(gate.reference.split()) in flat


def test_json_is_the_documented_contract(run_cli: RunCli, corpus: Corpus) -> None:
    status, out, _ = run_cli("phases", "--format", "json")
    assert status == 0
    data = json.loads(out)
    # The keys documented before come first, in their order; fields were only ever added.
    assert list(data) == ["regions", "phases", "transitions", "constraints", "determinations", "requirement_kinds"]
    assert [r["id"] for r in data["regions"]] == ["security", "other_country", "disaster"]
    assert data["regions"][2] == {
        "id": "disaster",
        "title": "Large-scale disaster in Japan",
        "initial": None,
        "empty_title": "No large-scale disaster",
    }
    attack = next(p for p in data["phases"] if p["slug"] == "attack")
    assert list(attack) == [
        "slug",
        "title",
        "region",
        "summary",
        "defined_by",
        "applicable",
        "applies",
        "preparatory",
        "prepares",
        "determinations",
    ]
    # Orders in every phase, an armed attack included (Chapter V and civil protection among them).
    assert attack["determinations"] == [d.id for d in corpus.determinations_in(["attack"])]
    assert {"coast_guard_control", "civil_protection_warning", "overseas_transport"} <= set(attack["determinations"])
    peacetime = next(p for p in data["phases"] if p["slug"] == "peacetime")
    assert peacetime["preparatory"] == [c.id for c in corpus.in_order(corpus.preparatory_ids(["peacetime"]))]
    assert "IV.B.2" in peacetime["preparatory"] and "IV.B.1" not in peacetime["preparatory"]
    assert peacetime["prepares"][0]["clauses"] == ["IV.B"]
    assert [(c["phases"], c["prevails"]) for c in data["constraints"]] == [
        (["attack", "third_country_attack"], "attack"),
        (["peacetime", "third_country_attack"], None),
    ]
    orders = {d["id"]: d for d in data["determinations"]}
    assert list(orders["public_security_operation"]) == [
        "id",
        "title",
        "authority",
        "diet",
        "reference",
        "available_in",
        "basis",
        "side",
        "us_authority",
        "requires",
        "uncertain",
    ]
    assert "Article 78" in orders["public_security_operation"]["reference"]
    assert orders["us_article_5_action"]["side"] == "united_states"
    assert orders["prior_consultation"]["side"] == "both" and orders["prior_consultation"]["us_authority"]
    warning = orders["civil_protection_warning"]["requires"][0]
    assert list(warning) == ["kind", "detail", "discretionary", "after", "determinations", "gates", "satisfied_in"]
    assert warning["satisfied_in"] == ["attack"] and "anticipated_attack_situation" in warning["determinations"]
    kinds = {k["kind"]: k["description"] for k in data["requirement_kinds"]}
    assert kinds == corpus.requirement_kinds
    assert set(kinds) >= {"nsc_deliberation", "cabinet_decision", "diet_prior_approval", "request"}
    third = next(t for t in data["transitions"] if t["trigger"] == "third_country_attacked")
    assert (third["region"], third["source"]) == ("other_country", [None])
    assert attack["applicable"] == [c.id for c in corpus.applicable(["attack"])]
    assert list(attack["applies"][0]) == ["clauses", "subtree", "basis"]
    strikes = next(t for t in data["transitions"] if t["trigger"] == "disaster_strikes")
    assert (strikes["source"], strikes["dest"], strikes["region"]) == ([None], "disaster", "disaster")
    occurs = next(t for t in data["transitions"] if t["trigger"] == "attack_occurs")
    assert list(occurs) == ["trigger", "title", "region", "source", "dest", "basis", "gates"]
    assert list(occurs["gates"][0]) == [
        "id",
        "question",
        "authority",
        "strength",
        "reference",
        "side",
        "us_authority",
        "requires",
        "uncertain",
    ]
    assert [t["trigger"] for t in data["transitions"]] == [t.trigger for t in corpus.transitions]
    for printed, spec in zip(data["transitions"], corpus.transitions, strict=True):
        assert (printed["title"], printed["source"], printed["dest"], printed["basis"]) == (
            spec.title,
            list(spec.source),
            spec.dest,
            spec.basis,
        )
        assert printed["gates"] == [gate.model_dump(mode="json") for gate in spec.gates]


def test_mermaid_is_the_machines_own_diagram(run_cli: RunCli, corpus: Corpus) -> None:
    status, out, _ = run_cli("phases", "--format", "mermaid")
    assert status == 0
    assert out == PhaseMachine(corpus).to_mermaid()


def test_another_rules_file_is_used_with_rules_option(run_cli: RunCli) -> None:
    status, out, _ = run_cli("--rules", str(FIXTURE_RULES), "phases", "--format", "json")
    assert status == 0
    assert [p["slug"] for p in json.loads(out)["phases"]] == ["calm", "crisis_time", "war_time", "storm_surge"]


def test_a_broken_rules_file_is_one_line_per_problem_and_exit_1(run_cli: RunCli, tmp_path: Path) -> None:
    broken = tmp_path / "rules.yaml"
    broken.write_text(
        FIXTURE_RULES.read_text(encoding="utf-8").replace("initial: calm", "initial: calmer"), encoding="utf-8"
    )
    line = broken.read_text(encoding="utf-8").splitlines().index("    initial: calmer") + 1
    status, out, err = run_cli("--rules", str(broken), "phases")
    assert (status, out) == (1, "")
    # The compiler form, alone on its line, so an editor can jump to the problem.
    assert err == f"{broken}:{line}:5: error: region politics: unknown phase 'calmer'\n"


def test_an_unknown_format_is_a_usage_error(run_cli: RunCli) -> None:
    status, out, err = run_cli("phases", "--format", "dot")
    assert (status, out) == (2, "")
    assert "Invalid value for '--format': 'dot' is not one of 'text', 'json', 'mermaid'." in err


def test_help_describes_the_command(run_cli: RunCli) -> None:
    status, out, _ = run_cli("phases", "--help")
    assert status == 0 and "--format [text|json|mermaid]" in out and "gates" in out


def test_the_user_doc_names_every_phase_trigger_and_gate(corpus: Corpus) -> None:
    doc = DOC.read_text(encoding="utf-8")
    names = set(corpus.phase_slugs) | {t.trigger for t in corpus.transitions}
    names |= {g.id for t in corpus.transitions for g in t.gates}
    names |= {d.id for d in corpus.determinations}
    assert sorted(name for name in names if f"`{name}`" not in doc) == []
