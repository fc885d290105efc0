"""An inject's `determinations:`: the answers the author expects to orders that change no phase."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.errors import ScenarioError
from tabletop.scenario import load_scenario
from tabletop.session import Session, SessionRecord, dry_run
from tabletop.rules import Corpus
from pathlib import Path

LANDING = """\
title: Grey zone
injects:
  - id: landing
    title: Armed men land
    narrative: Thirty armed men come ashore.
    determinations: {maritime_security_operation: true, public_security_operation: false}
"""


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_stated_answers_load_and_a_dry_run_records_them_as_assumed(real_corpus: Corpus, tmp_path: Path) -> None:
    path = dry_run(write(tmp_path / "landing.yaml", LANDING), real_corpus, session_dir=tmp_path / "s")
    state = SessionRecord.load(path).state()
    answers = [(d.determination, d.answer, d.source, d.assumed, d.inject) for d in state.recorded_determinations]
    assert answers == [
        ("maritime_security_operation", True, "scenario", True, "landing"),
        ("public_security_operation", False, "scenario", True, "landing"),
    ]
    assert state.phases == ("peacetime",)


def test_a_live_session_shows_the_stated_answer_and_records_nothing_by_itself(
    real_corpus: Corpus, tmp_path: Path
) -> None:
    loaded = load_scenario(write(tmp_path / "landing.yaml", LANDING), real_corpus)
    with Session.start(loaded, real_corpus, session_dir=tmp_path / "s") as session:
        assert all(d.stated is None for d in session.snapshot().available_determinations)
        session.deliver_next()
        view = session.snapshot()
        stated = {d.id: d.stated for d in view.available_determinations}
        assert stated["maritime_security_operation"] is True and stated["public_security_operation"] is False
        assert stated["guarding_operation"] is None
        assert view.recorded_determinations == ()


def test_an_unknown_determination_is_a_located_error_with_the_nearest(real_corpus: Corpus, tmp_path: Path) -> None:
    path = write(tmp_path / "typo.yaml", LANDING.replace("maritime_security_operation", "maritime_security_op"))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, real_corpus)
    [problem] = [str(d) for d in info.value.diagnostics]
    assert problem.startswith(f"{path}:6:")
    assert problem.endswith("unknown determination 'maritime_security_op'; did you mean 'maritime_security_operation'?")


def test_a_determination_not_open_in_the_injects_phases_is_a_located_error(real_corpus: Corpus, tmp_path: Path) -> None:
    path = write(
        tmp_path / "early.yaml",
        LANDING.replace(
            "{maritime_security_operation: true, public_security_operation: false}", "{armed_attack_imminent: true}"
        ),
    )
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, real_corpus)
    [problem] = [str(d) for d in info.value.diagnostics]
    assert problem.startswith(f"{path}:6:")
    assert problem.endswith(
        "determination 'armed_attack_imminent' cannot be recorded in peacetime; "
        "it is open in: emerging_threats, anticipated_attack"
    )


def test_the_sample_records_a_maritime_security_operation_at_the_landing(real_corpus: Corpus, tmp_path: Path) -> None:
    from pathlib import Path

    sample = Path(__file__).parents[2] / "scenarios" / "southwest_islands.yaml"
    state = SessionRecord.load(dry_run(sample, real_corpus, session_dir=tmp_path)).state()
    # The grey-zone orders at the landing first, then each determination of the later phases
    # in the order the law needs them (the plan before its warning, the warning before the
    # instruction to evacuate), the U.S. side's among them.
    assert [(d.determination, d.inject, d.phases) for d in state.recorded_determinations] == [
        ("maritime_security_operation", "landing", ("peacetime",)),
        ("public_security_operation", "landing", ("peacetime",)),
        ("us_facilities_request", "protect_facilities", ("emerging_threats",)),
        ("anticipated_attack_situation", "attack_anticipated", ("anticipated_attack",)),
        ("civil_protection_warning", "deter_and_deescalate", ("anticipated_attack",)),
        ("evacuation_instruction", "deter_and_deescalate", ("anticipated_attack",)),
        ("us_article_5_action", "armed_attack", ("anticipated_attack",)),
        ("coast_guard_control", "defense_operation", ("attack",)),
        ("basic_response_plan_abolished", "tension_eases", ("emerging_threats",)),
    ]


def _starting_in(phase: str, determination: str, answer: bool) -> str:
    return (
        f"title: Property\nexercise: {{start_phase: {phase}}}\ninjects:\n"
        f"  - id: only\n    title: Only\n    narrative: Text.\n"
        f"    determinations: {{{determination}: {str(answer).lower()}}}\n"
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_stated_order_is_accepted_exactly_where_the_rules_open_it_and_then_recorded(
    real_corpus: Corpus, tmp_path: Path, data: st.DataObject
) -> None:
    from tabletop.scenario import load_scenario_text

    phase = data.draw(st.sampled_from([p.slug for p in real_corpus.phases if p.region == real_corpus.regions[0].id]))
    determination = data.draw(st.sampled_from([d.id for d in real_corpus.determinations]))
    answer = data.draw(st.booleans())
    text = _starting_in(phase, determination, answer)
    open_here = determination in {d.id for d in real_corpus.determinations_in([phase])}
    try:
        loaded = load_scenario_text(text, "property.yaml", real_corpus)
    except ScenarioError as exc:
        assert not open_here
        assert [d.message.split(": ", 1)[1] for d in exc.diagnostics] == [
            f"determination {determination!r} cannot be recorded in {phase}; it is open in: "
            + ", ".join(next(d for d in real_corpus.determinations if d.id == determination).available_in)
        ]
        return
    assert open_here
    assert loaded.scenario.injects[0].determinations == {determination: answer}
    folder = tmp_path / f"{phase}-{determination}-{answer}"
    folder.mkdir(exist_ok=True)
    scenario = write(folder / "property.yaml", text)
    state = SessionRecord.load(dry_run(scenario, real_corpus, session_dir=folder / "sessions")).state()
    assert [(d.determination, d.answer, d.assumed) for d in state.recorded_determinations] == [
        (determination, answer, True)
    ]
    assert state.phases == (phase,)
