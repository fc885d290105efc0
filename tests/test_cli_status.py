"""`tabletop status` says what the record holds: what notes, decisions, ratings, the hot wash,
improvement items and determinations say, who made each determination, the phase moves, and
each stored file with its own SHA-256."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from tabletop.session import GateView
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "scenarios" / "southwest_islands.yaml"
LONG_NOTE = (
    "The JCG liaison asked who chairs the Alliance Coordination Mechanism meeting when the "
    "fleet is still in the contiguous zone; the room had no agreed answer and asked for "
    "the bilateral plan's annex to be brought to the next session."
)


@pytest.fixture(scope="module")
def seminar(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path | str, GateView]:
    """A session a room played: the grey zone, a 'no', then the move, and a full record."""
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    corpus = load_rules()
    session = Session.start(load_scenario(str(SAMPLE), corpus), corpus, session_dir=tmp_path_factory.mktemp("sessions"))
    for _ in range(3):
        session.deliver_next()
    move = session.snapshot().next.move
    assert move is not None
    gate = move.gates[0]
    session.deliver_next({gate.id: False}, remarks={gate.id: "no consensus yet"})
    session.deliver_next({gate.id: True})
    session.note(LONG_NOTE)
    session.decide("Cabinet", "Order maritime security operations around Island A")
    session.rate("landing", "a1", "S", "JCG reported within minutes")
    session.hot_wash("strength", "Liaison officers were in place before the landing", objective="seamless_coordination")
    session.hot_wash("improvement", "No shared picture of the fishing fleet")
    session.add_improvement_item(
        issue="No shared maritime picture",
        corrective_action="Agree a common operating picture",
        capability_element="Planning",
        responsible_organisation="Joint Staff",
        point_of_contact="J3",
        start_date="2030-05-01",
        completion_date="2030-09-30",
    )
    session.close()
    return session.path, gate


def test_status_says_what_each_record_says_briefly(run_cli: RunCli, seminar: tuple[Path | str, GateView]) -> None:
    path, _gate = seminar
    status, out, err = run_cli("status", str(path))
    assert status == 0, err
    assert "notes       1" in out
    assert "[forces_mass] The JCG liaison asked who chairs the Alliance" in out
    assert "bilateral plan's annex" not in out  # cut, marked with an ellipsis
    assert "…" in out
    assert "[forces_mass] Cabinet: Order maritime security operations around Island A" in out
    assert "S [landing] Respond ashore with the" in out and "(JCG reported within minutes)" in out
    assert "strength [seamless_coordination]: Liaison officers were in place before the landing" in out
    assert "improvement: No shared picture of the fishing fleet" in out
    assert "No shared maritime picture -> Agree a common operating picture (Joint Staff, J3, by 2030-09-30)" in out


def test_status_full_prints_every_word(run_cli: RunCli, seminar: tuple[Path | str, GateView]) -> None:
    path, _ = seminar
    status, out, err = run_cli("status", str(path), "--full")
    assert status == 0, err
    assert " ".join(LONG_NOTE.split()) in " ".join(out.split())
    assert "…" not in out


def test_status_names_who_made_each_determination_and_the_room_s_no(
    run_cli: RunCli, seminar: tuple[Path | str, GateView]
) -> None:
    path, gate = seminar
    _, out, _ = run_cli("status", str(path))
    lines = [" ".join(line.split()) for line in out.splitlines()]
    no = [line for line in lines if line.startswith(f"{gate.id} (") and ": no," in line]
    yes = [line for line in lines if line.startswith(f"{gate.id} (") and ": yes," in line]
    assert no and yes
    assert f"decided by {gate.authority}" in no[0]
    assert "no consensus yet" in no[0]
    assert "assumed" not in no[0]  # the room answered


def test_status_marks_what_a_dry_run_assumed(run_cli: RunCli, tmp_path: Path) -> None:
    from tabletop.rules import load_rules
    from tabletop.session import dry_run

    path = dry_run(str(SAMPLE), load_rules(), session_dir=tmp_path)
    _, out, _ = run_cli("status", str(path))
    assumed = [line for line in out.splitlines() if "assumed: dry-run default" in line or "assumed: scenario" in line]
    # One line for each gate the sample answers on its default path, the way back included.
    from tabletop.scenario import load_scenario

    scenario = load_scenario(str(SAMPLE), load_rules())
    assert len(assumed) == sum(len(scenario.inject(i).gates) for i in scenario.default_path()) == 10


def test_status_lists_the_phase_moves(run_cli: RunCli, seminar: tuple[Path | str, GateView]) -> None:
    path, _ = seminar
    _, out, _ = run_cli("status", str(path))
    assert "phase moves 1" in out
    assert "peacetime -> emerging_threats (" in out and " at forces_mass, " in out


def test_each_stored_file_shows_its_own_sha256_and_the_combined_hash_is_labelled(
    run_cli: RunCli, seminar: tuple[Path | str, GateView]
) -> None:
    path, _ = seminar
    _, out, _ = run_cli("status", str(path))
    main = hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    included = hashlib.sha256((ROOT / "scenarios/southwest_islands/armed_attack.yaml").read_bytes()).hexdigest()
    rules = hashlib.sha256((ROOT / "rules/guidelines_phases.yaml").read_bytes()).hexdigest()
    assert f"southwest_islands.yaml  sha256 {main}" in out
    assert f"southwest_islands/armed_attack.yaml  sha256 {included}" in out
    assert f"guidelines_phases.yaml  sha256 {rules}" in out
    combined = [line for line in out.splitlines() if "combined sha256" in line]
    assert len(combined) == 1 and main not in combined[0]


def test_a_scenario_of_one_file_shows_one_hash_the_file_s_own(run_cli: RunCli, tmp_path: Path) -> None:
    from tabletop.rules import load_rules
    from tabletop.session import dry_run

    sample = ROOT / "scenarios" / "peacekeeping_hadr.yaml"
    path = dry_run(str(sample), load_rules(), session_dir=tmp_path)
    _, out, _ = run_cli("status", str(path))
    assert f"peacekeeping_hadr.yaml  sha256 {hashlib.sha256(sample.read_bytes()).hexdigest()}" in out
    assert "combined" not in out


@pytest.fixture(scope="module")
def determined_later(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path | str, str]:
    """The room hears the massing forces with the move waiting, talks, then determines at a later
    scenario time than the inject's own."""
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario
    from tabletop.session import DeliverNext, DetermineMove, Session

    corpus = load_rules()
    session = Session.start(load_scenario(str(SAMPLE), corpus), corpus, session_dir=tmp_path_factory.mktemp("s"))
    for _ in range(3):
        session.deliver_next()
    session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
    pending = session.snapshot().pending
    assert pending is not None
    session.note("the room weighs the fleet's intent")
    session.decide("Cabinet", "convene the National Security Council")
    own = session.view.inject(pending.inject).time
    assert own is not None
    answers = {gate.id: True for gate in pending.move.gates}
    outcome = session.execute(
        DetermineMove(expected_seq=session.snapshot().seq, answers=answers, scenario_time=own.replace("08:00", "09:15"))
    )
    assert outcome.snapshot.pending is None
    session.close()
    return session.path, own


def test_status_shows_the_scenario_time_of_each_determination_and_what_was_done_meanwhile(
    run_cli: RunCli, determined_later: tuple[Path | str, str]
) -> None:
    path, own = determined_later
    status, out, err = run_cli("status", str(path))
    assert status == 0, err
    text = " ".join(out.split())
    later = own.replace("08:00", "09:15")
    assert f"{own} → {later}, 1 h 15 min; meanwhile: 1 note, 1 decision" in text


def test_status_json_gives_each_determination_its_clock_and_meanwhile(
    run_cli: RunCli, determined_later: tuple[Path | str, str]
) -> None:
    import json

    path, own = determined_later
    status, out, err = run_cli("status", str(path), "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    (answer,) = data["determinations"]
    assert answer["development_time"] == own and answer["scenario_time"] == own.replace("08:00", "09:15")
    assert answer["scenario_minutes"] == 75
    assert answer["meanwhile"]["notes"] == 1 and answer["meanwhile"]["decisions"] == 1
    assert answer["meanwhile"]["summary"] == "1 note, 1 decision"
    assert data["counts"]["determinations"] == 1  # the existing keys stay as they were


@pytest.fixture(scope="module")
def taken_up(tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    """`fleet_sighted` with each of its clauses taken up differently: IV.A.3 only presented, IV.A.1
    presented then cited by the room from the suggestions, IV.A.4 cited by hand, V.A.3 discussed."""
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    corpus = load_rules()
    loaded = load_scenario(str(SAMPLE), corpus)
    with Session.start(loaded, corpus, session_dir=tmp_path_factory.mktemp("taken-up")) as session:
        session.deliver_next()
        presented = {c.clause for c in session.state.citations}
        assert {"IV.A.1", "IV.A.3"} <= presented
        suggested = next(s for s in session.suggestions() if s.id == "IV.A.1")
        session.cite("IV.A.1", suggested.reason, source="suggestion")
        session.cite("IV.A.4", "Protect | the cutters *now*")
        session.cite("V.A.3", "", source="discussed")
        return session.path


def test_status_says_who_cited_each_clause_in_the_report_s_words(
    run_cli: RunCli, taken_up: Path | str, tmp_path: Path
) -> None:
    status, out, err = run_cli("status", str(taken_up), "--full")
    assert status == 0, err
    lines = {line.split()[0]: " ".join(line.split()[1:]) for line in out.splitlines() if line.startswith(" " * 14)}
    assert lines["IV.A.3"] == "Maritime Security, scenario"
    assert (
        lines["IV.A.1"] == "Intelligence, Surveillance, and Reconnaissance, suggestion. Reason: cited by the scenario"
    )
    assert lines["IV.A.4"] == "Asset Protection, facilitator. Reason: Protect | the cutters *now*"
    assert lines["V.A.3"] == "Maritime Security, discussed"
    report = tmp_path / "report.md"
    assert run_cli("report", str(taken_up), "--format", "md", "-o", str(report))[0] == 0
    document = report.read_text(encoding="utf-8")
    for said in (", scenario\n", ", suggestion. Reason: cited by the scenario\n", ", discussed\n"):
        assert said in document


def test_status_json_carries_who_cited_each_clause(run_cli: RunCli, taken_up: Path | str) -> None:
    status, out, err = run_cli("status", str(taken_up), "--format", "json")
    assert status == 0, err
    cited = {c["clause"]: (c["source"], c["reason"]) for c in json.loads(out)["citations"]}
    assert cited["IV.A.3"] == ("scenario", "cited by the scenario")
    assert cited["IV.A.1"] == ("suggestion", "cited by the scenario")
    assert cited["IV.A.4"] == ("facilitator", "Protect | the cutters *now*")
    assert cited["V.A.3"][0] == "discussed"
