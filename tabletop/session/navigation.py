"""How play moves through a scenario: what comes next, which options lead where, which phase an inject enters.

Used by `tabletop.session.fold` (to check and apply navigation events) and
`tabletop.session.engine` (to build them). `ScenarioView` indexes a loaded
scenario once, so that every question a facilitator step asks - the next
inject, an option's target, an expected action - costs the same for a
5,000-inject scenario as for a ten-inject one. `PhaseOracle` answers the
phase questions through the phase machine (the only judge of what is legal),
caching one machine per combination of phases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tabletop.errors import TransitionRefused, UsageError
from tabletop.phases import PhaseMachine
from tabletop.rules.corpus import Corpus, describe_phases
from tabletop.session.state import DecisionOption

if TYPE_CHECKING:
    from tabletop.rules.models import Gate

__all__ = ["END_OF_SCENARIO", "EntryPlan", "PhaseOracle", "ScenarioView"]

END_OF_SCENARIO = "this is the end of the scenario: there is no next inject; jump to one or end the session"
"""The refusal of `next` after the last inject (by the engine, and by replay of a journal claiming one)."""


class ScenarioView:
    """A loaded scenario, indexed for play."""

    def __init__(self, loaded: Any) -> None:
        self.loaded = loaded
        scenario = loaded.scenario
        self.scenario = scenario
        self.injects: dict[str, Any] = {inject.id: inject for inject in scenario.injects}
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

    def inject(self, inject_id: str) -> Any:
        """The inject with this id; `UsageError` with the nearest ids otherwise (the scenario's own look-up)."""
        inject = self.injects.get(inject_id)
        return inject if inject is not None else self.loaded.inject(inject_id)

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
    """`tabletop.rules.models.Gate` objects, in the rules file's order."""
    stated: Mapping[str, bool]
    """The answers the scenario states for some of these gates (a dry-run uses them)."""

    @property
    def gate_ids(self) -> tuple[str, ...]:
        return tuple(gate.id for gate in self.gates)


class PhaseOracle:
    """The phase machine's answers for any combination of phases, without changing anything."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._machines: dict[tuple[str, ...], PhaseMachine] = {}

    def machine(self, phases: tuple[str, ...]) -> PhaseMachine:
        """A machine standing at `phases`, for questions only (never fired)."""
        machine = self._machines.get(phases)
        if machine is None:
            machine = self._machines[phases] = PhaseMachine(self.corpus, phases=phases)
        return machine

    def fire(self, phases: tuple[str, ...], trigger: str, answers: Mapping[str, bool]) -> tuple[str, ...]:
        """The phases after firing `trigger` from `phases`; `TransitionRefused` if the machine refuses."""
        machine = PhaseMachine(self.corpus, phases=phases)
        record = machine.fire(trigger, dict(answers))
        return tuple(record.after)

    def gates(self, phases: tuple[str, ...], trigger: str) -> tuple[Gate, ...]:
        """The gates of `trigger` from `phases`; `TransitionRefused` when it is not legal here."""
        machine = self.machine(phases)
        move = machine.legal_move(trigger)
        if move is not None:
            return move.gates
        legal = sorted({move.trigger for move in machine.legal_moves()})
        raise TransitionRefused(
            f"trigger {trigger!r} is not legal from {describe_phases(phases)}; legal triggers from here: "
            f"{', '.join(legal) or 'none'}",
            legal=legal,
        )

    def entry(self, phases: tuple[str, ...], inject: Any) -> EntryPlan | None:
        """The transition delivering `inject` fires from `phases`, or None when it needs none.

        An inject naming a `trigger` fires it when it is legal here; otherwise an
        inject whose `phase` does not hold enters it by the one legal move into
        it. No move, or several, is refused: the facilitator fires triggers first.
        """
        stated = dict(getattr(inject, "gates", None) or {})
        machine = self.machine(phases)
        trigger = getattr(inject, "trigger", None)
        phase = getattr(inject, "phase", None)
        if trigger:
            move = machine.legal_move(trigger)
            if move is not None:
                return EntryPlan(move.trigger, move.dest, move.gates, stated)
        if phase is None or phase in phases:
            return None
        moves = machine.moves_into(phase)
        if len(moves) == 1:
            move = moves[0]
            return EntryPlan(move.trigger, move.dest, move.gates, stated)
        legal = sorted({move.trigger for move in machine.legal_moves()})
        if not moves:
            raise TransitionRefused(
                f"inject {inject.id!r} is in phase {phase!r}, which no single legal move reaches from "
                f"{describe_phases(phases)}; fire the triggers that lead there first (legal from here: "
                f"{', '.join(legal) or 'none'})",
                legal=legal,
            )
        raise TransitionRefused(
            f"inject {inject.id!r} is in phase {phase!r}, which several moves reach from {describe_phases(phases)} "
            f"({', '.join(m.trigger for m in moves)}); fire the one meant first",
            legal=legal,
        )
