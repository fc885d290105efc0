"""The static walk of every path through the phase machine, with the fixture rules."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.errors import ScenarioError
from tabletop.scenario import load_scenario_text
from tabletop.phases import PhaseMachine
from tabletop.rules import Corpus, load_rules_text


def scenario(*injects: str, head: str = "") -> str:
    return (
        "title: Walk\n"
        + head
        + "injects:\n"
        + "".join(textwrap.indent(textwrap.dedent(inject), "  ") for inject in injects)
    )


def inject(id_: str, extra: str = "") -> str:
    return f"- id: {id_}\n  title: {id_}\n  narrative: {id_}\n" + textwrap.indent(textwrap.dedent(extra), "  ")


def errors(text: str, corpus: Corpus) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario_text(text, "w.yaml", corpus)
    return [d.message for d in info.value.diagnostics]


def test_a_disaster_strikes_during_a_security_phase_and_both_hold(corpus: Corpus) -> None:
    text = scenario(
        inject("tension", "phase: emerging_threats\n"),
        inject("quake", "phase: disaster\ncite: [IV.E, IV.B.1]\n"),
        inject("recovered", "trigger: recover\n"),
        inject("calm", "phase: peacetime\n"),
    )
    loaded = load_scenario_text(text, "w.yaml", corpus)
    assert loaded.warnings == []
    assert loaded.checks.phases_after == {
        "tension": ("emerging_threats",),
        "quake": ("emerging_threats", "disaster"),
        "recovered": ("emerging_threats",),
        "calm": ("peacetime",),
    }


def test_start_phase_sets_where_the_walk_begins(corpus: Corpus) -> None:
    text = scenario(inject("first", "phase: attack\n"), head="exercise: {start_phase: anticipated_attack}\n")
    loaded = load_scenario_text(text, "w.yaml", corpus)
    assert loaded.start_phases == ("anticipated_attack",)


def test_a_refused_move_names_the_legal_triggers_at_that_inject(corpus: Corpus) -> None:
    text = scenario(inject("first", "phase: attack\n"), inject("second", "phase: third_country_attack\n"))
    assert errors(text, corpus) == [
        "inject 'second': the phase machine cannot move from attack into 'third_country_attack' in one step; "
        "legal from attack: de_escalate (-> peacetime), disaster_strikes (-> disaster)"
    ]


def test_one_wrong_phase_is_reported_once_not_at_every_later_inject(corpus: Corpus) -> None:
    text = scenario(
        inject("first", "phase: attack\n"),
        inject("second", "phase: third_country_attack\n"),
        inject("third", "phase: third_country_attack\n"),
        inject("fourth", "phase: peacetime\n"),
    )
    assert len(errors(text, corpus)) == 1


def test_a_phase_reachable_only_on_one_branch_is_checked_on_that_branch(corpus: Corpus) -> None:
    text = scenario(
        inject(
            "first",
            """\
            options:
              - {label: Attack, goto: attacked, default: true}
              - {label: Tension, goto: tension}
            """,
        ),
        inject("tension", "contingency: true\nphase: emerging_threats\nnext: merge\n"),
        inject("attacked", "phase: attack\n"),
        inject("merge", "phase: third_country_attack\n"),
    )
    # From emerging_threats the move is legal; from attack (the default path) it is refused.
    assert errors(text, corpus) == [
        "inject 'merge': the phase machine cannot move from attack into 'third_country_attack' in one step; "
        "legal from attack: de_escalate (-> peacetime), disaster_strikes (-> disaster)"
    ]


def test_citation_out_of_phase_is_a_warning_that_names_where_it_applies(corpus: Corpus) -> None:
    loaded = load_scenario_text(scenario(inject("first", "cite: [IV.D]\n")), "w.yaml", corpus)
    assert [str(d) for d in loaded.warnings] == [
        "w.yaml:6:12: warning: inject 'first': clause IV.D does not apply in peacetime "
        "(it applies in: third_country_attack); cite it only if the room should discuss it out of phase"
    ]


def test_gate_answers_for_the_move_are_accepted(corpus: Corpus) -> None:
    text = scenario(
        inject("first", "phase: attack\ngates: {armed_attack_situation: true, defense_operation_approved: true}\n")
    )
    assert load_scenario_text(text, "w.yaml", corpus).warnings == []


def test_the_phase_machine_is_asked_once_per_set_of_phases_not_per_inject(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rules' policy is shared by every scenario checked against the same rules in the process:
    # the same rules read again from their text are new rules, whose policy starts empty.
    fresh = load_rules_text(Path(corpus.path).read_text(encoding="utf-8"), str(corpus.path))
    built = []
    original = PhaseMachine.__init__

    def counting(self: PhaseMachine, corpus: Corpus, phases: Iterable[str] | None = None) -> None:
        built.append(tuple(phases or ()))
        original(self, corpus, phases)

    monkeypatch.setattr(PhaseMachine, "__init__", counting)
    many = [inject(f"i{n}", "phase: emerging_threats\n" if n % 2 else "phase: peacetime\n") for n in range(200)]
    load_scenario_text(scenario(*many), "w.yaml", fresh)
    assert sorted(built) == [("emerging_threats",), ("peacetime",)]


def test_time_without_a_clock_spans_its_day(corpus: Corpus) -> None:
    text = scenario(
        inject("a", 'time: "D-1 18:00"\n'),
        inject("b", 'time: "D-1"\n'),
        inject("c", 'time: "D-1 20:00"\n'),
        inject("d", 'time: "D-1 19:00"\n'),
    )
    assert errors(text, corpus) == [
        "inject 'd': scenario time goes backwards: D-1 19:00 is earlier than D-1 20:00, the time of inject 'c' delivered before it"
    ]


class TestInjectsNeverReached:
    def test_a_chain_of_contingency_injects_is_reported_at_its_head_naming_the_rest(self, corpus: Corpus) -> None:
        text = scenario(
            inject("a"),
            inject("e1", "contingency: true\nnext: e2\n"),
            inject("e2", "contingency: true\nnext: e3\n"),
            inject("e3", "contingency: true\n"),
        )
        assert errors(text, corpus) == [
            "inject 'e1' is never reached: no option or `next:` leads to this contingency inject; "
            "'e2', 'e3', which follow from it, are not reached either"
        ]

    def test_a_loop_that_nothing_reaches_is_reported_once_without_denying_its_edges(self, corpus: Corpus) -> None:
        text = scenario(
            inject("a"),
            inject("e1", "contingency: true\nnext: e2\n"),
            inject("e2", "contingency: true\nnext: e1\n"),
        )
        assert errors(text, corpus) == [
            "inject 'e1' is never reached: only injects that are never reached themselves lead to it ('e2'); "
            "'e2', which follows from it, is not reached either"
        ]

    def test_an_inject_whose_only_way_in_is_its_own_next_says_so(self, corpus: Corpus) -> None:
        text = scenario(inject("a"), inject("e1", "contingency: true\nnext: e1\n"))
        assert errors(text, corpus) == ["inject 'e1' is never reached: only its own option or `next:` leads to it"]

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def test_every_inject_never_reached_is_named_once_and_no_denied_edge_exists(
        self, data: st.DataObject, corpus: Corpus
    ) -> None:
        count = data.draw(st.integers(2, 7))
        ids = [f"i{k}" for k in range(count)]
        contingency = [False, *(data.draw(st.booleans()) for _ in range(count - 1))]
        nexts = [data.draw(st.one_of(st.none(), st.sampled_from(ids))) for _ in range(count)]
        text = scenario(
            *(
                inject(ids[k], ("contingency: true\n" if contingency[k] else "") + (f"next: {n}\n" if n else ""))
                for k, n in enumerate(nexts)
            )
        )

        # Where play goes on from each inject: its `next:`, else the next regular inject in file order.
        def after(k: int) -> int | None:
            named = nexts[k]
            if named is not None:
                return ids.index(named)
            return next((j for j in range(k + 1, count) if not contingency[j]), None)

        reached: set[int] = set()
        step: int | None = 0
        while step is not None and step not in reached:
            reached.add(step)
            step = after(step)
        try:
            load_scenario_text(text, "w.yaml", corpus)
            messages: list[str] = []
        except ScenarioError as exc:
            messages = [d.message for d in exc.diagnostics if "is never reached" in d.message]
        heads = [message.split("'")[1] for message in messages]
        followers = [
            name
            for message in messages
            for part in message.split("; ")[1:]
            if "from it" in part
            for name in re.findall(r"'(i\d+)'", part)
        ]
        never = sorted(ids[k] for k in range(count) if k not in reached)
        assert sorted(heads + followers) == never
        for head, message in zip(heads, messages, strict=True):
            if "no option or `next:` leads to" in message:
                assert all(nexts[j] != head for j in range(count))
