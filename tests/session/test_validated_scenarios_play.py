""" "It validates" means "it plays": every scenario the validator accepts dry-runs along every branch.

Rules and scenarios are generated: the session fixture's regions and phases with extra
moves (some ungated moves into the same phase as another, some gated), and scenarios whose
injects name phases, triggers, gate answers and options at random. Whatever the validator
accepts is then played through the public session API along every branch of its
decision points, answering the gates as a dry-run does; nothing may be refused.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.errors import RulesError, ScenarioError
from tabletop.rules import load_rules, Corpus
from tabletop.scenario import LoadedScenario, load_scenario_text
from tabletop.session import DecisionOption, Session, play_path

FIXTURE_RULES = Path(__file__).parent / "fixtures" / "rules.yaml"
BASE = yaml.safe_load(FIXTURE_RULES.read_text(encoding="utf-8"))
REGIONS = {region["id"]: region for region in BASE["regions"]}
PHASES = {phase["slug"]: phase["region"] for phase in BASE["phases"]}
GATE_POOL = ["g_cabinet", "g_diet", "g_request"]
ACCEPTED: list[int] = []


@st.composite
def extra_move(draw: st.DrawFn, n: int) -> dict[str, object]:
    region = draw(st.sampled_from(sorted(REGIONS)))
    members = [slug for slug, owner in PHASES.items() if owner == region]
    ends: list[str | None] = [*members, *([None] if REGIONS[region]["initial"] is None else [])]
    dest = draw(st.sampled_from(ends))
    sources = draw(st.lists(st.sampled_from([e for e in ends if e != dest]), min_size=1, max_size=2, unique=True))
    gates = draw(st.lists(st.sampled_from(GATE_POOL), max_size=2, unique=True))
    return {
        "trigger": f"extra_{n}",
        "title": f"Extra move {n}",
        "source": sources,
        "dest": dest,
        "basis": "Generated for a property test.",
        "gates": [
            {"id": gate, "question": f"{gate}?", "authority": "Cabinet", "strength": "policy", "reference": "IV"}
            for gate in gates
        ],
    }


@st.composite
def rules_text(draw: st.DrawFn) -> str:
    count = draw(st.integers(0, 3))
    extras = [draw(extra_move(n)) for n in range(count)]
    return yaml.safe_dump({**BASE, "transitions": [*BASE["transitions"], *extras]}, sort_keys=False)


@st.composite
def scenario_text(draw: st.DrawFn, phases: list[str], triggers: list[str], gates: list[str]) -> str:
    """Injects in file order; some name a phase, a trigger or gate answers; some offer a choice
    between the next inject (the default) and a later one, which may be a contingency."""
    count = draw(st.integers(2, 7))
    ids = [f"i{n}" for n in range(count)]
    injects: list[dict[str, object]] = []
    for inject_id in ids:
        inject: dict[str, object] = {"id": inject_id, "title": inject_id, "narrative": "Something happens."}
        if draw(st.integers(0, 3)) == 0:
            inject["phase"] = draw(st.sampled_from(phases))
        if draw(st.integers(0, 5)) == 0:
            inject["trigger"] = draw(st.sampled_from(triggers))
        if gates and draw(st.integers(0, 4)) == 0:
            inject["gates"] = {gate: True for gate in draw(st.lists(st.sampled_from(gates), max_size=2, unique=True))}
        injects.append(inject)
    for n in range(count - 2):
        if draw(st.integers(0, 2)) == 0:
            later = draw(st.integers(n + 2, count - 1))
            injects[n]["options"] = [
                {"label": "go on", "goto": ids[n + 1], "default": True},
                {"label": "skip ahead", "goto": ids[later]},
            ]
            if draw(st.booleans()) and later == n + 2 and "options" not in injects[n + 1]:
                injects[n + 1]["contingency"] = True  # reached only by taking "go on"
    return yaml.safe_dump({"title": "Generated", "injects": injects}, sort_keys=False)


def play_every_branch(loaded: LoadedScenario, corpus: Corpus, folder: Path, limit: int = 24) -> int:
    """Play the scenario along every branch of its decision points; return how many were played."""
    pending: list[list[int]] = [[]]
    played = 0
    while pending and played < limit:
        prefix = pending.pop()
        taken: list[int] = []

        def choose(
            options: tuple[DecisionOption, ...], prefix: list[int] = prefix, taken: list[int] = taken
        ) -> DecisionOption | None:
            if not options:
                return None
            if len(taken) < len(prefix):
                choice = prefix[len(taken)]
            else:
                choice = next(o.index for o in options if o.default)
                # Every other option here is a branch still to play.
                pending.extend([*taken, other] for other in range(len(options)) if other != choice)
            taken.append(choice)
            return options[choice]

        with Session.building(loaded, corpus, session_dir=folder, dry_run=True) as session:
            play_path(session, choose)
        played += 1
    return played


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_scenario_the_validator_accepts_plays_along_every_branch(data: st.DataObject) -> None:
    text = data.draw(rules_text())
    with tempfile.TemporaryDirectory() as folder:
        rules = Path(folder) / "rules.yaml"
        rules.write_text(text, encoding="utf-8")
        try:
            corpus = load_rules(rules)
        except RulesError:
            return  # the generated moves broke a rule of the rules file (a phase with no way back)
        triggers = sorted({t.trigger for t in corpus.transitions})
        gates = sorted({g.id for t in corpus.transitions for g in t.gates})
        scenario = data.draw(scenario_text(sorted(PHASES), triggers, gates))
        try:
            loaded = load_scenario_text(scenario, "generated.yaml", corpus)
        except ScenarioError:
            return  # not accepted: nothing is promised
        assert play_every_branch(loaded, corpus, Path(folder) / "sessions") >= 1
        ACCEPTED.append(len(loaded.scenario.injects))


def test_two_ungated_moves_into_one_phase_are_refused_by_the_validator_as_the_session_would(tmp_path: Path) -> None:
    """The case that once validated and then failed its dry-run."""
    rules = {
        **BASE,
        "transitions": [
            *BASE["transitions"],
            {
                "trigger": "tension_rises",
                "title": "Tension rises",
                "source": ["peacetime"],
                "dest": "emerging_threats",
                "basis": "A second way into emerging threats.",
            },
        ],
    }
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(rules, sort_keys=False), encoding="utf-8")
    corpus = load_rules(path)
    text = yaml.safe_dump(
        {
            "title": "Two ways",
            "injects": [
                {"id": "calm", "title": "Calm", "narrative": "Calm."},
                {"id": "tense", "title": "Tense", "narrative": "Tense.", "phase": "emerging_threats"},
            ],
        },
        sort_keys=False,
    )
    with pytest.raises(ScenarioError) as refused:
        load_scenario_text(text, "two.yaml", corpus)
    assert [d.message for d in refused.value.diagnostics] == [
        "inject 'tense': several moves lead from peacetime into 'emerging_threats' "
        "(threats_emerge, tension_rises); name the one meant with `trigger:`"
    ]
    named = text.replace("phase: emerging_threats", "phase: emerging_threats\n  trigger: tension_rises")
    loaded = load_scenario_text(named, "two.yaml", corpus)
    assert play_every_branch(loaded, corpus, tmp_path / "sessions") == 1


@pytest.mark.slow
def test_the_generated_scenarios_are_often_accepted_so_the_property_says_something() -> None:
    """A property over scenarios all refused would prove nothing."""
    if not ACCEPTED:  # run on its own: run the property first
        test_every_scenario_the_validator_accepts_plays_along_every_branch()
    assert len(ACCEPTED) >= 30
    assert sum(1 for size in ACCEPTED if size >= 4) >= 8
