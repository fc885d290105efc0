"""The phase policy: what delivering an inject does to the phases, and what the room's answers do to a move.

One definition, used by the scenario validator (which walks every path of a scenario with
it) and by the session (which plays one path with it), so that "it validates" means "it
plays": the two cannot disagree about which move an inject makes. Everything is a pure
function of the rules data, the phases in force and the inject's `phase:` and `trigger:`;
the legal moves come from the phase machine (`PhaseMachine`), asked once per combination
of phases and cached.

The rule for an inject's entry, in order:

1. An inject naming a `trigger:` makes that move. The trigger must be legal from the phases
   in force, and when the inject also names a `phase:`, the move must lead there.
2. Otherwise an inject whose `phase:` is not in force enters it by the one legal move into
   it. No legal move into it, or several, is refused: the phase is out of reach in one
   step, or the move meant must be named with `trigger:`.
3. Otherwise (no phase, or its phase is in force) delivering it makes no move.

The room's answers to a move's gates: every gate yes fires the move; any gate no declines
it (the phases stay); otherwise the move waits for the answers still missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tabletop.phases._machine import Move, PhaseMachine

if TYPE_CHECKING:
    from tabletop.rules import Corpus, Gate

__all__ = ["Entry", "EntryRefusal", "GateOutcome", "PhasePolicy", "gate_outcome"]

EntryRefusal = Literal["trigger_not_legal", "trigger_elsewhere", "unreachable", "ambiguous"]
"""Why an inject cannot be delivered from the phases in force (see the module docstring)."""

GateOutcome = Literal["fires", "declined", "unanswered"]
"""What the room's answers do to a move."""


@dataclass(frozen=True, slots=True)
class Entry:
    """What delivering an inject does from given phases: the move it makes, or why it cannot."""

    phases: tuple[str, ...]
    """The phases in force before."""
    move: Move | None
    """The move it makes (None: no move, or refused)."""
    refused: EntryRefusal | None = None
    """Why it cannot be delivered from here (None: it can)."""
    candidates: tuple[Move, ...] = ()
    """With `ambiguous`, the moves that reach its phase; with `trigger_elsewhere`, the move."""
    legal: tuple[Move, ...] = ()
    """The moves legal from the phases in force (for the message of a refusal)."""

    @property
    def gates(self) -> tuple[Gate, ...]:
        return self.move.gates if self.move is not None else ()


def gate_outcome(gates: tuple[Gate, ...] | list[Gate], answers: Mapping[str, bool]) -> GateOutcome:
    """Every gate answered yes: `fires`; any answered no: `declined`; else `unanswered`."""
    given = [answers[gate.id] for gate in gates if gate.id in answers]
    if any(answer is not True for answer in given):
        return "declined"
    return "fires" if len(given) == len(gates) else "unanswered"


class PhasePolicy:
    """The policy over one rules file; caches one question-only machine per combination of phases."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._region_of = {phase.slug: phase.region for phase in corpus.phases}
        self._region_order = [region.id for region in corpus.regions]
        self._machines: dict[tuple[str, ...], PhaseMachine] = {}
        self._legal: dict[tuple[str, ...], tuple[Move, ...]] = {}
        self._fired: dict[tuple[tuple[str, ...], str, frozenset[tuple[str, bool]]], tuple[str, ...]] = {}
        self._triggers = frozenset(spec.trigger for spec in corpus.transitions)

    def machine(self, phases: tuple[str, ...]) -> PhaseMachine:
        """A machine standing at `phases`, for questions only (never fired)."""
        machine = self._machines.get(phases)
        if machine is None:
            machine = self._machines[phases] = PhaseMachine(self.corpus, phases=phases)
        return machine

    def legal_moves(self, phases: tuple[str, ...]) -> tuple[Move, ...]:
        """The moves legal from `phases` (asked of the machine once per combination)."""
        found = self._legal.get(phases)
        if found is None:
            found = self._legal[phases] = tuple(self.machine(phases).legal_moves())
        return found

    def knows_trigger(self, trigger: str) -> bool:
        return trigger in self._triggers

    def after(self, phases: tuple[str, ...], move: Move) -> tuple[str, ...]:
        """The phases once `move` is made from `phases`: its region moves, the others stay."""
        return self.place(phases, move.region, move.dest)

    def place(self, phases: tuple[str, ...], region: str, dest: str | None) -> tuple[str, ...]:
        """`phases` with `region` in phase `dest` (None: empty), in region order; a phase that
        gives way to `dest` under the rules' constraints (IV.D once Japan is attacked) ends."""
        ended = self.corpus.giving_way(dest, phases)
        by_region = {self._region_of.get(slug): slug for slug in phases if slug not in ended}
        if dest is None:
            by_region.pop(region, None)
        else:
            by_region[region] = dest
        return tuple(by_region[r] for r in self._region_order if r in by_region)

    def entry(self, phases: tuple[str, ...], *, phase: str | None, trigger: str | None) -> Entry:
        """What delivering an inject with this `phase:` and `trigger:` does from `phases`."""
        legal = self.legal_moves(phases)
        if trigger is not None:
            move = next((m for m in legal if m.trigger == trigger), None)
            if move is None:
                return Entry(phases, None, "trigger_not_legal", legal=legal)
            if phase is not None and move.dest != phase:
                return Entry(phases, None, "trigger_elsewhere", (move,), legal)
            return Entry(phases, move, legal=legal)
        if phase is None or phase in phases:
            return Entry(phases, None, legal=legal)
        into = tuple(m for m in legal if m.dest == phase)
        if len(into) == 1:
            return Entry(phases, into[0], legal=legal)
        return Entry(phases, None, "ambiguous" if into else "unreachable", into, legal)

    def gates(self, phases: tuple[str, ...], trigger: str) -> tuple[Gate, ...] | None:
        """The gates of `trigger` from `phases`, or None when it is not legal there."""
        move = next((m for m in self.legal_moves(phases) if m.trigger == trigger), None)
        return move.gates if move is not None else None

    def fire(self, phases: tuple[str, ...], trigger: str, answers: Mapping[str, bool]) -> tuple[str, ...]:
        """The phases after the machine fires `trigger` from `phases` with `answers`.

        Raises `TransitionRefused` (naming the legal triggers) when the machine refuses.
        A move that fired is remembered: the result is a pure function of the phases, the
        trigger and the answers, and replaying a long session fires the same few moves again
        and again (building a machine for each was most of a 5,000-inject replay).
        """
        key = (phases, trigger, frozenset(answers.items()))
        after = self._fired.get(key)
        if after is None:
            machine = PhaseMachine(self.corpus, phases=phases)
            after = self._fired[key] = tuple(machine.fire(trigger, dict(answers)).after)
        return after
