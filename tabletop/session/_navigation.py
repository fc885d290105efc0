"""How play moves through a scenario: what comes next, which options lead where, which phase an inject enters.

Used by `tabletop.session._fold` (to check and apply navigation events) and
`tabletop.session._engine` (to build them). `ScenarioView` indexes a loaded
scenario once, so that every question a facilitator step asks - the next
inject, an option's target, an expected action - costs the same for a
5,000-inject scenario as for a ten-inject one. `PhaseOracle` answers the
phase questions through the phase machine (the only judge of what is legal),
caching one machine per combination of phases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from tabletop.errors import TransitionRefused, UsageError
from tabletop.phases import PhaseMachine, PhasePolicy, legal_from
from tabletop.rules import Corpus, describe_phases
from tabletop.session._state import DecisionOption

if TYPE_CHECKING:
    from tabletop.rules import Gate
    from tabletop.scenario import Inject

__all__ = ["END_OF_SCENARIO", "EntryPlan", "PhaseOracle", "ScenarioView"]

END_OF_SCENARIO = "this is the end of the scenario: there is no next inject; jump to one or end the session"
"""The refusal of `next` after the last inject (by the engine, and by replay of a journal claiming one)."""


class ScenarioView:
    """A loaded scenario, indexed for play."""

    def __init__(self, loaded: Any) -> None:
        self.loaded = loaded
        scenario = loaded.scenario
        self.scenario = scenario
        self.injects: dict[str, Inject] = {inject.id: inject for inject in scenario.injects}
        self.order: dict[str, int] = {inject_id: n for n, inject_id in enumerate(self.injects)}
        self.objectives: frozenset[str] = frozenset(o.id for o in (getattr(scenario, "objectives", None) or ()))
        # The scenario's own checks decide where play continues by default (its default
        # option, `next:`, or the next non-contingency inject in file order).
        self._next: dict[str, str | None] = dict(loaded.checks.default_next)
        self.default_path: tuple[str, ...] = tuple(loaded.default_path())
        self.default_position: dict[str, int] = {}
        for n, inject_id in enumerate(self.default_path, start=1):
            self.default_position.setdefault(inject_id, n)
        self.first: str | None = self.default_path[0] if self.default_path else None
        self.start_phases: tuple[str, ...] = tuple(loaded.start_phases)

    def __contains__(self, inject_id: object) -> bool:
        return inject_id in self.injects

    def __len__(self) -> int:
        return len(self.injects)

    def inject(self, inject_id: str) -> Inject:
        """The inject with this id; `UsageError` with the nearest ids otherwise (the scenario's own look-up)."""
        inject = self.injects.get(inject_id)
        return inject if inject is not None else cast("Inject", self.loaded.inject(inject_id))

    def next_of(self, inject_id: str | None) -> str | None:
        """The inject `next` delivers after `inject_id` (the first inject before any)."""
        if inject_id is None:
            return self.first
        return self._next.get(inject_id)

    def options(self, inject_id: str) -> tuple[DecisionOption, ...]:
        """The decision options of `inject_id`, the default one marked (empty when it has none)."""
        options = self.inject(inject_id).options or []
        default = next((n for n, option in enumerate(options) if option.default), 0)
        return tuple(
            DecisionOption(n, option.label, option.goto, n == default, option.notes) for n, option in enumerate(options)
        )

    def option(self, inject_id: str, choice: str | int) -> tuple[str, str]:
        """(label, target) of an option of `inject_id`, chosen by label or 0-based index."""
        options = self.inject(inject_id).options or []
        if not options:
            raise UsageError(f"inject {inject_id!r} offers no options")
        if isinstance(choice, int):
            if 0 <= choice < len(options):
                return options[choice].label, options[choice].goto
        else:
            for option in options:
                if option.label == choice:
                    return option.label, option.goto
        labels = "; ".join(f"{n}: {o.label}" for n, o in enumerate(options))
        raise UsageError(f"inject {inject_id!r} has no option {choice!r}; its options are {labels}")

    def expected_actions(self, inject_id: str) -> list[Any]:
        return list(self.inject(inject_id).expected_actions or [])


@dataclass(frozen=True, slots=True)
class EntryPlan:
    """The transition delivering an inject fires: its trigger and the gates the room must answer."""

    trigger: str
    dest: str | None
    gates: tuple[Gate, ...]
    """`tabletop.rules.Gate` objects, in the rules file's order."""
    stated: Mapping[str, bool]
    """The answers the scenario states for some of these gates (a dry-run uses them)."""

    @property
    def gate_ids(self) -> tuple[str, ...]:
        return tuple(gate.id for gate in self.gates)


class PhaseOracle:
    """The phase policy's answers for the session, without changing anything; refusals as
    `TransitionRefused` with a sentence for the facilitator."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.policy = PhasePolicy(corpus)

    def machine(self, phases: tuple[str, ...]) -> PhaseMachine:
        """A machine standing at `phases`, for questions only (never fired)."""
        return self.policy.machine(phases)

    def fire(self, phases: tuple[str, ...], trigger: str, answers: Mapping[str, bool]) -> tuple[str, ...]:
        """The phases after firing `trigger` from `phases`; `TransitionRefused` if the machine refuses."""
        return self.policy.fire(phases, trigger, answers)

    def gates(self, phases: tuple[str, ...], trigger: str) -> tuple[Gate, ...]:
        """The gates of `trigger` from `phases`; `TransitionRefused` when it is not legal here."""
        gates = self.policy.gates(phases, trigger)
        if gates is not None:
            return gates
        moves = self.policy.legal_moves(phases)
        raise TransitionRefused(
            f"trigger {trigger!r} is not legal from {describe_phases(phases)}; {legal_from(phases, moves)}",
            legal=_triggers(moves),
        )

    def entry(self, phases: tuple[str, ...], inject: Any) -> EntryPlan | None:
        """The move delivering `inject` makes from `phases` (`tabletop.phases.PhasePolicy.entry`),
        or None when it makes none; `TransitionRefused` saying why when it cannot be delivered."""
        entry = self.policy.entry(
            phases, phase=getattr(inject, "phase", None), trigger=getattr(inject, "trigger", None)
        )
        stated = dict(getattr(inject, "gates", None) or {})
        if entry.move is not None:
            return EntryPlan(entry.move.trigger, entry.move.dest, entry.move.gates, stated)
        if entry.refused is None:
            return None
        legal = _triggers(entry.legal)
        where = describe_phases(phases)
        if entry.refused == "trigger_not_legal":
            message = (
                f"inject {inject.id!r} makes the move {inject.trigger!r}, which cannot fire from {where}; "
                f"{legal_from(phases, entry.legal)}"
            )
        elif entry.refused == "trigger_elsewhere":
            message = (
                f"inject {inject.id!r} makes the move {inject.trigger!r}, which leads to "
                f"{entry.candidates[0].dest or 'no phase'}, not to its phase {inject.phase!r}"
            )
        elif entry.refused == "unreachable":
            message = (
                f"inject {inject.id!r} is in phase {inject.phase!r}, which no single legal move reaches from "
                f"{where}; fire the triggers that lead there first ({legal_from(phases, entry.legal)})"
            )
        else:
            message = (
                f"inject {inject.id!r} is in phase {inject.phase!r}, which several moves reach from {where} "
                f"({', '.join(m.trigger for m in entry.candidates)}); fire the one meant first"
            )
        raise TransitionRefused(message, legal=legal)


def _triggers(moves: Any) -> list[str]:
    return sorted({move.trigger for move in moves})
