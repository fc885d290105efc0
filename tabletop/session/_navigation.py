"""How play moves through a scenario: what comes next, which options lead where, which phase an inject enters.

Used by `tabletop.session._fold` (to check and apply navigation events) and
`tabletop.session._engine` (to build them). `ScenarioView` indexes a loaded
scenario once, so that every question a facilitator step asks - the next
inject, an option's target, an expected action - costs the same for a
5,000-inject scenario as for a ten-inject one. `entry_plan` asks the phase
policy (`tabletop.phases.PhasePolicy`, the only judge of what is legal) which
move delivering an inject makes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from tabletop.errors import TransitionRefused, UsageError
from tabletop.phases import PhasePolicy
from tabletop.session._state import DecisionOption

if TYPE_CHECKING:
    from tabletop.rules import Gate
    from tabletop.scenario import Inject
    from tabletop.session._state import AdHocInject, DeclinedMove, PendingMove, SessionState

__all__ = ["END_OF_SCENARIO", "EntryPlan", "Position", "ScenarioView", "action_key", "entry_plan", "move_waiting"]

END_OF_SCENARIO = "this is the end of the scenario: there is no next inject; jump to one or end the session"
"""The refusal of `next` after the last inject (by the engine, and by replay of a journal claiming one)."""


def move_waiting(pending: PendingMove, view: ScenarioView, policy: PhasePolicy, phases: tuple[str, ...]) -> str:
    """Why no other inject may be put in front of the room while `pending` waits for the room's
    determination: one sentence, for the engine's refusal and the snapshot's steps alike."""
    inject = view.injects.get(pending.inject)
    title = inject.title if inject is not None else pending.inject
    dest = next((move.dest for move in policy.legal_moves(phases) if move.trigger == pending.trigger), None)
    into = f" into {dest}" if dest else ""
    return (
        f"the move{into} of “{title}” is waiting for the room's determination: the room determines it "
        "first (g puts its gates; a no settles it), or take that inject back (b) if it came too soon; "
        "nothing was recorded"
    )


def action_key(index: int) -> str:
    """The key of an inject's expected action at 0-based `index`: `a1`, `a2`, ... as the sheet shows it."""
    return f"a{index + 1}"


@dataclass(frozen=True, slots=True)
class Position:
    """Where play stands, as far as what a delivery would do depends on it."""

    phases: tuple[str, ...]
    next_inject: str | None
    ended: bool
    declined: DeclinedMove | None
    adhoc: Mapping[str, AdHocInject]
    """The improvised injects, by id."""
    pending: PendingMove | None = None
    """The move waiting for the room's determination (no other inject is delivered meanwhile)."""

    @classmethod
    def of(cls, state: SessionState) -> Position:
        adhoc = {a.id: a for a in state.adhoc_injects}
        return cls(state.phases, state.next_inject, state.ended, state.declined, adhoc, state.pending)


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


def entry_plan(policy: PhasePolicy, phases: tuple[str, ...], inject: Inject) -> EntryPlan | None:
    """The move delivering `inject` makes from `phases` (`tabletop.phases.PhasePolicy.entry`),
    or None when it makes none; `TransitionRefused` in the policy's words when it cannot be
    delivered from here."""
    entry = policy.entry(phases, phase=inject.phase, trigger=inject.trigger)
    if entry.move is not None:
        return EntryPlan(entry.move.trigger, entry.move.dest, entry.move.gates, dict(inject.gates or {}))
    refusal = entry.explain(f"inject {inject.id!r}")
    if refusal is None:
        return None
    raise TransitionRefused(refusal, legal=entry.legal_triggers)
