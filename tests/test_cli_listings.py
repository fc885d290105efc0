"""`tabletop sessions` lists the session folder; `tabletop tags` the tag vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tabletop.rules import Corpus
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "scenarios"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two dry-runs, one live session one inject in, and a file that is not a session."""
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario
    from tabletop.session import Session, dry_run

    corpus = load_rules()
    dry_run(str(SAMPLES / "southwest_islands.yaml"), corpus, session_dir=tmp_path)
    dry_run(str(SAMPLES / "peacekeeping_hadr.yaml"), corpus, session_dir=tmp_path)
    live = Session.start(load_scenario(str(SAMPLES / "nankai_trough_cyber.yaml"), corpus), corpus, session_dir=tmp_path)
    live.deliver_next()
    live.close()
    (tmp_path / "minutes.ttx.sqlite").write_text("not a database", encoding="utf-8")
    return tmp_path


def test_sessions_lists_each_with_where_it_stands(run_cli: RunCli, folder: Path) -> None:
    status, out, err = run_cli("sessions", "--session-dir", str(folder), "--format", "json")
    assert status == 0, err
    listed = {item["id"]: item for item in json.loads(out)}
    assert len(listed) == 4
    live = next(item for item in listed.values() if item.get("scenario", {}).get("name") == "nankai_trough_cyber.yaml")
    assert (live["dry_run"], live["ended"], live["step"]) == (False, False, 1)
    assert live["current_inject"]
    dry = [item for item in listed.values() if item.get("dry_run")]
    assert len(dry) == 2 and all(item["ended"] for item in dry)
    assert "not a tabletop session file" in listed["minutes"]["error"]


def test_sessions_text_names_the_scenario_the_position_and_the_dry_runs(run_cli: RunCli, folder: Path) -> None:
    status, out, _ = run_cli("sessions", "--session-dir", str(folder))
    assert status == 0
    assert out.count("(dry-run)") == 2
    assert "Southwestern Islands: from grey zone to armed attack (southwest_islands.yaml)" in out
    assert "(step 1); not ended" in out
    assert "minutes\n    cannot be read: " in out


def test_sessions_ids_open_with_status(run_cli: RunCli, folder: Path) -> None:
    _, out, _ = run_cli("sessions", "--session-dir", str(folder), "--format", "json")
    first = next(item for item in json.loads(out) if "error" not in item)
    status, _, err = run_cli("status", first["id"], "--session-dir", str(folder))
    assert status == 0, err


def test_an_empty_folder_says_so(run_cli: RunCli, tmp_path: Path) -> None:
    status, out, err = run_cli("sessions", "--session-dir", str(tmp_path))
    assert (status, out) == (0, "")
    assert err.strip() == f"no sessions in {tmp_path}"


def test_tags_lists_the_vocabulary_with_what_each_covers(run_cli: RunCli, corpus: Corpus) -> None:
    status, out, err = run_cli("tags", "--format", "json")
    assert status == 0, err
    listed = {item["tag"]: item for item in json.loads(out)}
    assert list(listed) == list(corpus.tags)
    assert listed["missile_defense"]["description"] == corpus.tags["missile_defense"]
    assert listed["missile_defense"]["name"] == "ballistic missile defense"  # as a reason reads it aloud
    assert listed["search_and_rescue"]["name"] == "search and rescue"
    assert listed["missile_defense"]["clauses"] == sum(1 for clause in corpus if "missile_defense" in clause.tags) > 0


def test_tags_text_shows_each_tag_once(run_cli: RunCli, corpus: Corpus) -> None:
    status, out, _ = run_cli("tags")
    assert status == 0
    starts = [line.split()[0] for line in out.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    assert starts == list(corpus.tags)
