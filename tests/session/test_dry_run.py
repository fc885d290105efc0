"""`dry-run`: the default path played headlessly into a real, ended session file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tabletop.errors import ScenarioError
from tabletop.session import DRY_RUN_DEFAULT, Event, Session, dry_run
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parents[2]


@pytest.fixture
def dry(corpus: Corpus, session_dir: Path) -> Iterator[Session]:
    path = dry_run(FIXTURES / "drill.yaml", corpus, session_dir=session_dir)
    with Session.open(path, readonly=True) as opened:
        yield opened


def test_a_dry_run_walks_the_default_path_and_ends(dry: Session, drill: LoadedScenario) -> None:
    state = dry.state
    assert state.dry_run
    assert state.ended
    assert [v.inject for v in state.visits] == drill.default_path()


def test_decision_points_take_their_default_option_on_record(dry: Session) -> None:
    visit = next(v for v in dry.state.visits if v.inject == "quake")
    assert (visit.via, visit.option) == ("option", "Hold and observe")


def test_each_phase_is_entered_through_the_machine_with_the_answers_recorded_by_source(dry: Session) -> None:
    changes = {c.inject: c for c in dry.state.transitions}
    assert changes["tension"].answers == (("important_influence", True, DRY_RUN_DEFAULT),)
    assert changes["quake"].trigger == "disaster_strikes"
    assert changes["missiles"].answers == (
        ("attack_determined", True, "scenario"),
        ("diet_approval", True, DRY_RUN_DEFAULT),
    )
    assert changes["recovery"].after == ("attack",)


def test_the_scenarios_citations_are_applied(dry: Session) -> None:
    cited = [(c.inject, c.clause, c.source) for c in dry.state.citations]
    assert cited == [
        ("quiet", "III.A", "scenario"),
        ("tension", "IV.B", "scenario"),
        ("quake", "VI", "scenario"),
        ("missiles", "IV.C.1", "scenario"),
    ]


def test_an_invalid_scenario_fails_with_the_validators_messages_and_writes_nothing(
    tmp_path: Path, corpus: Corpus, session_dir: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\ninjects:\n  - id: a\n    title: A\n    narative: typo\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as failed:
        dry_run(broken, corpus, session_dir=session_dir)
    assert "broken.yaml:5:5: error:" in str(failed.value)
    assert not session_dir.exists() or list(session_dir.iterdir()) == []


def test_a_dry_run_that_fails_half_way_leaves_no_file(
    corpus: Corpus, session_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Session.deliver_next
    delivered: list[str | None] = []

    def failing(self: Session, *args: Any, **kwargs: Any) -> Event:
        delivered.append(self.next_inject)
        if len(delivered) == 3:
            raise RuntimeError("power cut")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Session, "deliver_next", failing)
    with pytest.raises(RuntimeError):
        dry_run(FIXTURES / "drill.yaml", corpus, session_dir=session_dir)
    assert list(session_dir.iterdir()) == []


@pytest.mark.parametrize("scenario", sorted((REPO / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_scenario_dry_runs_against_the_guidelines(scenario: Path, session_dir: Path) -> None:
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario

    corpus = load_rules()
    loaded = load_scenario(scenario, corpus)
    path = dry_run(scenario, corpus, session_dir=session_dir)
    with Session.open(path, readonly=True) as opened:
        state = opened.state
        assert [v.inject for v in state.visits] == loaded.default_path()
        assert state.ended and state.dry_run
        cited = {(c.inject, c.clause) for c in state.citations}
        expected = {(i, c) for i in loaded.default_path() for c in loaded.inject(i).cite}
        assert cited == expected
