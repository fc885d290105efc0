"""`tabletop report`, `coverage` and `handbook` from the command line: outputs, files, errors."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from tabletop.rules import Corpus
from tests.conftest import RunCli

ROOT = Path(__file__).parents[2]
DRILL = ROOT / "tests" / "session" / "fixtures" / "drill.yaml"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def dry_drill(tmp_path: Path, drill_corpus: Corpus) -> Path:
    from tabletop.session import dry_run

    return dry_run(DRILL, drill_corpus, session_dir=tmp_path / "dry")


def test_report_writes_the_document_atomically_and_says_where(
    run_cli: RunCli, played_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "aar.html"
    status, out, err = run_cli("report", str(played_path), "--format", "html", "-o", str(target))
    assert status == 0 and out == ""
    assert err.strip() == f"wrote {target}"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_report_is_byte_identical_run_after_run(run_cli: RunCli, played_path: Path, fmt: str) -> None:
    first = run_cli("report", str(played_path), "--format", fmt)
    second = run_cli("report", str(played_path), "--format", fmt)
    assert first[0] == 0 and first == second


def test_report_finds_a_session_by_id_in_the_session_folder(run_cli: RunCli, played_path: Path) -> None:
    status, out, _ = run_cli(
        "report", played_path.name.removesuffix(".ttx.sqlite"), "--session-dir", str(played_path.parent)
    )
    assert status == 0 and out.startswith("**UNCLASSIFIED")


def test_report_schema_is_a_json_schema_the_json_report_satisfies(run_cli: RunCli, played_path: Path) -> None:
    status, schema, _ = run_cli("report", "--schema")
    assert status == 0
    schema = json.loads(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    _, document, _ = run_cli("report", str(played_path), "--format", "json")
    jsonschema.validate(json.loads(document), schema)


def test_report_without_a_session_is_a_usage_error(run_cli: RunCli) -> None:
    status, _, err = run_cli("report")
    assert status == 2 and "SESSION" in err


@pytest.mark.parametrize("damage", ["truncate", "scribble"])
def test_damaged_session_gives_one_line_exit_1_and_is_not_modified(
    run_cli: RunCli, played_path: Path, tmp_path: Path, damage: str
) -> None:
    broken = tmp_path / played_path.name
    shutil.copyfile(played_path, broken)
    data = broken.read_bytes()
    if damage == "truncate":
        broken.write_bytes(data[: len(data) // 3])
    else:
        middle = len(data) // 2
        broken.write_bytes(data[:middle] + b"\xff" * 4096 + data[middle + 4096 :])
    before = sha256_of(broken)
    previous = tmp_path / "aar.md"
    previous.write_text("the previous report\n", encoding="utf-8")
    status, out, err = run_cli("report", str(broken), "-o", str(previous))
    assert status == 1, err
    assert out == "" and len(err.strip().splitlines()) == 1 and err.startswith("tabletop: error:")
    assert "Traceback" not in err
    assert sha256_of(broken) == before
    assert previous.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([broken.name, previous.name])


def test_report_into_a_missing_folder_is_one_line(run_cli: RunCli, played_path: Path, tmp_path: Path) -> None:
    status, _, err = run_cli("report", str(played_path), "-o", str(tmp_path / "nowhere" / "aar.md"))
    assert status == 2 and len(err.strip().splitlines()) == 1 and "no such folder" in err


def test_coverage_leaves_dry_runs_out_unless_asked(run_cli: RunCli, played_path: Path, dry_drill: Path) -> None:
    status, out, _ = run_cli("coverage", str(played_path), str(dry_drill), "--format", "json")
    assert status == 0
    document = json.loads(out)
    assert [s["counted"] for s in document["sessions"] if s["dry_run"]] == [False]
    by_clause = {c["clause"]: c for c in document["clauses"]}
    assert by_clause["IV.C.1"]["by_phase"]["attack"] == 1
    assert "emerging_threats" not in by_clause["IV.C.1"]["by_phase"]  # it does not apply there
    assert by_clause["III.A"]["sessions"] == 1  # presented in the room's session; the dry-run not counted
    _, included, _ = run_cli("coverage", str(played_path), str(dry_drill), "--format", "json", "--include-dry-runs")
    included = json.loads(included)
    assert all(s["counted"] for s in included["sessions"])
    assert {c["clause"]: c for c in included["clauses"]}["III.A"]["sessions"] == 2  # the drill's dry-run too
    assert {c["clause"]: c for c in included["clauses"]}["IV.C.1"]["sessions"] == 2


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_coverage_of_dry_runs_alone_does_not_claim_every_clause_was_exercised(
    run_cli: RunCli, dry_drill: Path, fmt: str
) -> None:
    status, out, _ = run_cli("coverage", str(dry_drill), "--format", fmt)
    assert status == 0 and "nothing to measure yet" in out
    assert "Every clause that applied was exercised" not in out
    status, out, _ = run_cli("coverage", str(dry_drill), "--format", fmt, "--include-dry-runs")
    assert status == 0 and "nothing to measure yet" not in out


def test_coverage_counts_a_session_once_however_it_is_named(run_cli: RunCli, played_path: Path) -> None:
    status, out, _ = run_cli("coverage", str(played_path), str(played_path), "--format", "json")
    assert status == 0 and len(json.loads(out)["sessions"]) == 1


def test_coverage_html_has_a_heat_map_by_phase(run_cli: RunCli, played_path: Path, dry_drill: Path) -> None:
    status, out, _ = run_cli("coverage", str(played_path), str(dry_drill), "--format", "html", "--include-dry-runs")
    assert status == 0
    heat = out.split('<table class="heat">', 1)[1].split("</table>", 1)[0]
    assert 'class="level l4"' in heat and 'class="level l0"' in heat and 'class="level na"' in heat
    # Every session's marking, once each, on every page; the hostile one shown as text.
    assert "@top-center" in out and "<script" not in out
    marking = out.split('<div class="marking screen" role="note">', 2)[1].split("</div>", 1)[0]
    assert sorted(marking.split(" + ")) == [
        "UNCLASSIFIED &lt;/style&gt;&lt;script&gt;alert(3)&lt;/script&gt; &#34; } body { display: none }",
        "UNCLASSIFIED // FOR TRAINING USE",
    ]


def test_coverage_schema_and_json_agree(run_cli: RunCli, played_path: Path) -> None:
    _, schema, _ = run_cli("coverage", "--schema")
    _, document, _ = run_cli("coverage", str(played_path), "--format", "json")
    jsonschema.validate(json.loads(document), json.loads(schema))


def test_handbook_takes_a_bundled_id_or_a_file(run_cli: RunCli) -> None:
    by_id = run_cli("handbook", "southwest_islands", "--for", "participants")
    by_path = run_cli("handbook", str(ROOT / "scenarios" / "southwest_islands.yaml"), "--for", "participants")
    assert by_id[0] == 0 and by_id[1] == by_path[1]


def test_participants_never_see_what_is_for_the_facilitator(run_cli: RunCli) -> None:
    _, participants, _ = run_cli("handbook", "southwest_islands", "--for", "participants", "--format", "html")
    _, facilitator, _ = run_cli("handbook", "southwest_islands", "--for", "facilitator", "--format", "html")
    for private in ("Facilitator notes", "Master Scenario Events List", "Expected actions", "Do not let the U.S. cell"):
        assert private not in participants
        assert private in facilitator
    assert "Country X masses forces" in participants  # the narrative of the default path


def test_facilitator_handbook_lists_each_move_with_its_gates_and_bases(run_cli: RunCli, corpus: Corpus) -> None:
    _, text, _ = run_cli("handbook", "southwest_islands", "--for", "facilitator")
    spec = next(t for t in corpus.transitions if t.trigger == "attack_occurs")
    for gate in spec.gates:
        assert gate.authority.split(",")[0] in text
    assert "attack\\_occurs" in text or "`attack_occurs`" in text
    assert "The clauses the scenario cites, verbatim" in text


def test_handbook_of_an_invalid_scenario_exits_1_with_the_validators_messages(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "title: x\ninjects:\n  - id: a\n    title: A\n    narrative: n\n    phase: nowhere\n", encoding="utf-8"
    )
    status, out, err = run_cli("handbook", str(bad), "--for", "facilitator")
    assert status == 1 and out == "" and "bad.yaml:" in err and "Traceback" not in err


def test_handbook_needs_an_audience_and_a_known_scenario(run_cli: RunCli) -> None:
    assert run_cli("handbook", "southwest_islands")[0] == 2
    status, _, err = run_cli("handbook", "no_such_sample", "--for", "participants")
    assert status == 2 and "tabletop scenarios" in err


def test_handbooks_of_a_scenario_with_a_branch_and_a_contingency(drill_corpus: Corpus) -> None:
    from tabletop.report import build_handbook
    from tabletop.scenario import load_scenario

    drill = load_scenario(DRILL, drill_corpus)
    facilitator = build_handbook(drill, drill_corpus, "facilitator")
    msel = {i.id: i for i in facilitator.msel}
    assert list(msel) == [i.id for i in drill.scenario.injects]
    assert msel["evacuation"].contingency and not msel["evacuation"].on_default_path
    assert [(o.goto, o.default) for o in msel["tension"].options] == [("evacuation", False), ("quake", True)]
    assert msel["quiet"].next == "tension" and msel["tension"].next is None
    move = msel["missiles"].move
    assert move is not None
    assert move.trigger == "attack_occurs" and move.after == ("attack", "disaster")
    assert {g.question: g.scenario_answer for g in move.gates}[
        "Has the Government determined an armed attack situation?"
    ] is True
    recovered = msel["recovery"].move
    assert recovered is not None
    assert recovered.trigger == "recover" and msel["recovery"].phases == ("attack",)
    participants = build_handbook(drill, drill_corpus, "participants")
    shown = [i.id for m in participants.modules for i in m.injects]
    assert shown == drill.default_path() and "evacuation" not in shown
    assert participants.msel == () and participants.clauses == ()
    assert all(
        i.facilitator_notes is None and not i.expected_actions and not i.options
        for m in participants.modules
        for i in m.injects
    )


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_coverage_is_the_same_bytes_whatever_the_order_of_the_sessions(
    run_cli: RunCli, played_path: Path, dry_drill: Path, fmt: str
) -> None:
    one = run_cli("coverage", str(played_path), str(dry_drill), "--include-dry-runs", "--format", fmt)
    other = run_cli("coverage", str(dry_drill), str(played_path), "--include-dry-runs", "--format", fmt)
    assert one[0] == 0 and one[1] == other[1]


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("audience", ["participants", "facilitator", "evaluators"])
def test_handbook_is_the_same_bytes_run_after_run(run_cli: RunCli, audience: str, fmt: str) -> None:
    first = run_cli("handbook", "southwest_islands", "--for", audience, "--format", fmt)
    assert first[0] == 0 and first == run_cli("handbook", "southwest_islands", "--for", audience, "--format", fmt)
