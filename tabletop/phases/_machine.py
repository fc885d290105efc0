"""The phase machine: where the exercise is in the Guidelines' phases, and how it may move.

Called by the session engine (which rebuilds it by replaying `fire()` calls), the
scenario validator (dry runs), the console and `tabletop phases`. It owns the
`transitions` machines; nothing outside this module touches them.

Why flat machines and not one hierarchical one. The rules file declares
concurrent regions (Japan's own situation, an armed attack against another
country, a large-scale disaster in Japan). No transition crosses regions (the
loader refuses one that does), so the exercise's state is simply one state per
region, and each region is an ordinary finite-state machine. `PhaseMachine` therefore owns one synchronous
`transitions.Machine` per region, each bound to its own plain model object, and
coordinates them: it asks the region that knows a trigger to fire it. This gives
exactly the semantics of a statechart's parallel regions without the
`HierarchicalMachine` machinery, whose parallel states split state names on `_`
by default (our slugs contain `_`) and whose known defects in parallel and nested
states (transitions issues #425, #472, #487) we would otherwise have to guard
against. A region that starts empty (no disaster) gets one extra state that
stands for "empty"; its name cannot be a phase slug, and it never leaves this
module: the public API says `None`.

Where the text rules a combination of phases out, the rules file says so in its
`constraints`, and this class applies them across the region machines: a move
whose result would break one is not legal (and is refused with the constraint's
reason), except that a move into the phase that `prevails` ends the other phase
in the same move (an armed attack against Japan ends IV.D's "Japan has not come
under armed attack"). That is the one place the regions meet.

Every state, trigger and gate comes from the rules data; this module names none.
Guards are pure functions of (gates, answers); refusals are checked before the
machine is asked, so a refused trigger never changes anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any

from transitions import Machine

from tabletop.errors import RefusedError, TransitionRefused, UsageError, close_matches, did_you_mean
from tabletop.phases._wording import legal_from
from tabletop.rules import Determination, Gate, PhaseConstraint, Region, TransitionSpec, describe_phases

if TYPE_CHECKING:
    from transitions.core import EventData

    from tabletop.rules import Clause, Corpus

__all__ = ["EMPTY_STATE", "Move", "PhaseMachine", "TransitionRecord", "unconfirmed_gates"]

EMPTY_STATE = "<empty>"
"""The machine-internal state of a region that holds no phase. Not a valid slug, so it
cannot collide with one."""


@dataclass(frozen=True, slots=True)
class Move:
    """A legal move from the current state: one trigger, from one phase, to one phase."""

    trigger: str
    title: str
    source: str | None
    """The phase it fires from, or None when it fires from its region's empty state."""
    dest: str | None
    """The phase it leads to, or None when it leaves its region empty."""
    region: str
    basis: str
    """The Guidelines passage, quoted verbatim, that justifies the move."""
    gates: tuple[Gate, ...]
    """Determinations the facilitator must confirm before the move fires."""
    ends: tuple[str, ...] = ()
    """Phases of other regions that this move ends, because its destination prevails over
    them (the rules file's `constraints`); empty for most moves."""

    @property
    def questions(self) -> list[str]:
        return [gate.question for gate in self.gates]


@dataclass(frozen=True, slots=True)
class TransitionRecord:
    """One move that happened: what fired, the phases before and after, and the answers given."""

    trigger: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    answers: dict[str, bool] = field(default_factory=dict)
    """The facilitator's answers to the move's gates (all true, or the move was refused)."""


def unconfirmed_gates(gates: Iterable[Gate], answers: Mapping[str, bool] | None) -> list[Gate]:
    """The gates not confirmed by `answers` (missing, or answered anything but True)."""
    answers = answers or {}
    return [gate for gate in gates if answers.get(gate.id) is not True]


def _gates_hold(gates: tuple[Gate, ...], event: EventData) -> bool:
    """The machine's guard: every gate of the transition confirmed in the event's answers."""
    return not unconfirmed_gates(gates, event.kwargs.get("answers"))


class _RegionModel:
    """The plain object a region's machine drives; `state` is the region's current state."""

    state: str


class PhaseMachine:
    """The exercise's current phases (one per region), the legal moves, and the history.

    `PhaseMachine(corpus)` starts every region at its initial phase (or empty);
    `PhaseMachine(corpus, phases=("attack", "disaster"))` starts from the named phases,
    each region not named starting at its initial phase. Named phases are checked by
    `Corpus.phase_combination`: `UnknownPhaseError` for an unknown slug,
    `PhaseConflictError` for two phases of one region.
    """

    def __init__(self, corpus: Corpus, phases: Iterable[str] | None = None) -> None:
        self._corpus = corpus
        self._regions: list[Region] = corpus.regions
        self._history: list[TransitionRecord] = []
        start = self._starting_states(phases)
        self._models: dict[str, _RegionModel] = {}
        self._machines: dict[str, Machine] = {}
        self._moves: dict[tuple[str, str, str], Move] = {}
        self._trigger_region: dict[str, str] = {}
        self._region_of = {phase.slug: phase.region for phase in corpus.phases}
        for region in self._regions:
            model = _RegionModel()
            specs = [t for t in corpus.transitions if self._region_of_transition(t) == region.id]
            self._machines[region.id] = Machine(**self._config(region, specs, model, start[region.id]))
            self._models[region.id] = model
            for spec in specs:
                self._trigger_region[spec.trigger] = region.id
                for source in spec.source:
                    state = source if source is not None else EMPTY_STATE
                    self._moves[(region.id, spec.trigger, state)] = Move(
                        trigger=spec.trigger,
                        title=spec.title,
                        source=source,
                        dest=spec.dest,
                        region=region.id,
                        basis=spec.basis,
                        gates=tuple(spec.gates),
                    )

    # -- building -------------------------------------------------------------

    def _region_of_transition(self, spec: TransitionSpec) -> str:
        """The one region a transition moves (the loader guarantees there is exactly one)."""
        end = next(e for e in (*spec.source, spec.dest) if e is not None)
        return self._corpus.phase(end).region

    def _config(self, region: Region, specs: list[TransitionSpec], model: _RegionModel, initial: str) -> dict[str, Any]:
        """The validated rules turned into `transitions.Machine` keyword arguments."""
        states = [phase.slug for phase in self._corpus.phases if phase.region == region.id]
        if region.initial is None:
            states.insert(0, EMPTY_STATE)  # the empty state is where the region starts
        transitions = [
            {
                "trigger": spec.trigger,
                "source": source if source is not None else EMPTY_STATE,
                "dest": spec.dest if spec.dest is not None else EMPTY_STATE,
                "conditions": [partial(_gates_hold, tuple(spec.gates))],
            }
            for spec in specs
            for source in spec.source
        ]
        return {
            "model": model,
            "states": states,
            "transitions": transitions,
            "initial": initial,
            "auto_transitions": False,
            "send_event": True,
            "ignore_invalid_triggers": False,
            "model_override": False,
        }

    def _starting_states(self, phases: Iterable[str] | None) -> dict[str, str]:
        start = {region.id: region.initial if region.initial is not None else EMPTY_STATE for region in self._regions}
        # Unknown slugs and two phases of one region are refused by the corpus, as they
        # are for the command line's --phase options.
        for slug in self._corpus.phase_combination(phases or ()):
            start[self._corpus.phase(slug).region] = slug
        # A region not named starts at its initial phase, and that phase too must be lawful
        # beside those named (the use of force for another country never beside peacetime).
        self._corpus.phase_combination(state for state in start.values() if state != EMPTY_STATE)
        return start

    # -- where we are -----------------------------------------------------------

    @property
    def corpus(self) -> Corpus:
        return self._corpus

    @property
    def phases(self) -> tuple[str, ...]:
        """The current phase slugs, in region order; an empty region contributes nothing."""
        states = (self._models[region.id].state for region in self._regions)
        return tuple(state for state in states if state != EMPTY_STATE)

    def phase_of(self, region: str) -> str | None:
        """The phase the named region is in, or None when it is empty."""
        state = self._models[region].state
        return None if state == EMPTY_STATE else state

    def applicable_ids(self) -> frozenset[str]:
        """Ids of the clauses that apply now: the union over the current phases."""
        return self._corpus.applicable_ids(self.phases)

    def applicable(self) -> list[Clause]:
        """The clauses that apply now, in document order."""
        return self._corpus.applicable(self.phases)

    @property
    def history(self) -> list[TransitionRecord]:
        """Every move fired so far, oldest first (a copy)."""
        return list(self._history)

    # -- moving -------------------------------------------------------------------

    def available_determinations(self) -> list[Determination]:
        """The determinations the room may record now without changing phase (the grey zone's
        orders, an armed attack situation found on imminent danger), from the rules data."""
        return self._corpus.determinations_in(self.phases)

    def determination(self, determination_id: str) -> Determination:
        """The determination the room records now, checked: `UsageError` (with the nearest ids)
        when the rules name none so, `RefusedError` (naming the phases it is open in) when it is
        not open in the current phases. Recording it changes no phase."""
        known = {d.id: d for d in self._corpus.determinations}
        found = known.get(determination_id)
        if found is None:
            hint = did_you_mean(close_matches(determination_id, known, n=1))
            raise UsageError(
                f"no determination is named {determination_id!r}{hint} "
                f"(the determinations are: {', '.join(known) or 'none'})"
            )
        if found not in self.available_determinations():
            raise RefusedError(
                f"{determination_id!r} cannot be recorded in {describe_phases(self.phases)}; "
                f"it is open in: {', '.join(found.available_in)}"
            )
        return found

    def legal_moves(self) -> list[Move]:
        """The moves legal from here, region by region, as the machines report them, less those
        whose result the rules' constraints rule out."""
        moves: list[Move] = []
        for move in self._region_moves():
            ends, conflict = self._outcome(move)
            if conflict is None:
                moves.append(replace(move, ends=ends) if ends else move)
        return moves

    def _region_moves(self) -> list[Move]:
        """Every move a region machine would accept from here, constraints not yet applied."""
        moves: list[Move] = []
        for region in self._regions:
            state = self._models[region.id].state
            machine = self._machines[region.id]
            moves.extend(self._moves[(region.id, trigger, state)] for trigger in machine.get_triggers(state))
        return moves

    def _outcome(self, move: Move) -> tuple[tuple[str, ...], PhaseConstraint | None]:
        """The phases `move` ends in other regions, and the constraint its result would break."""
        held = {region.id: self.phase_of(region.id) for region in self._regions}
        held[move.region] = move.dest
        ends = (
            self._corpus.giving_way(move.dest, [s for s in held.values() if s is not None])
            if move.dest is not None
            else ()
        )
        for slug in ends:
            held[self._region_of[slug]] = None
        return ends, self._corpus.conflict(slug for slug in held.values() if slug is not None)

    def moves_into(self, slug: str) -> list[Move]:
        """The legal moves from here that lead into phase `slug` ([] if none)."""
        self._corpus.phase(slug)  # UnknownPhaseError for a typo
        return [move for move in self.legal_moves() if move.dest == slug]

    def legal_move(self, trigger: str) -> Move | None:
        """The move `trigger` would make from here, or None when it is not legal here."""
        return next((move for move in self.legal_moves() if move.trigger == trigger), None)

    def fire(self, trigger: str, answers: Mapping[str, bool] | None = None) -> TransitionRecord:
        """Fire `trigger` with the facilitator's answers to its gates.

        Raises `TransitionRefused` (naming the legal triggers from here) when the trigger
        is unknown, not legal from the current phases, or has gates not answered True;
        the state is then unchanged.
        """
        legal = list(dict.fromkeys(move.trigger for move in self.legal_moves()))
        move = self.legal_move(trigger)
        if move is None:
            blocked = next((m for m in self._region_moves() if m.trigger == trigger), None)
            if blocked is not None:
                raise TransitionRefused(self._conflict_message(blocked, legal), legal=legal)
            raise TransitionRefused(self._illegal_message(trigger, legal), legal=legal)
        missing = unconfirmed_gates(move.gates, answers)
        if missing:
            raise TransitionRefused(self._unconfirmed_message(move, missing, answers or {}, legal), legal=legal)
        before = self.phases
        model = self._models[move.region]
        if not model.trigger(trigger, answers=dict(answers or {})):  # type: ignore[attr-defined]
            # The guard repeats the check above; reaching this means the two disagree.
            raise TransitionRefused(f"{trigger!r} was refused by its guards", legal=legal)
        for slug in move.ends:
            region = self._region_of[slug]
            self._machines[region].set_state(EMPTY_STATE, model=self._models[region])
        record = TransitionRecord(
            trigger=trigger,
            before=before,
            after=self.phases,
            answers={gate.id: True for gate in move.gates},
        )
        self._history.append(record)
        return record

    # -- drawing ------------------------------------------------------------------

    def to_mermaid(self, *, current: bool = False) -> str:
        """A Mermaid state diagram of the machine (see `tabletop.phases._mermaid`)."""
        from tabletop.phases._mermaid import to_mermaid

        return to_mermaid(self, current=current)

    def structure(self) -> list[tuple[Region, list[str], list[tuple[str, str, str, int]]]]:
        """Each region with its machine's states and edges (source, dest, trigger, gate count),
        read from the `transitions` machines themselves."""
        result = []
        for region in self._regions:
            machine = self._machines[region.id]
            edges = [
                # Every transition here names its destination (`None` would be an internal one).
                (source, transition.dest or source, name, len(self._moves[(region.id, name, source)].gates))
                for name, event in machine.events.items()
                for source, transitions in event.transitions.items()
                for transition in transitions
            ]
            result.append((region, list(machine.states), edges))
        return result

    # -- messages -----------------------------------------------------------------

    def _legal_text(self, legal: list[str]) -> str:
        return legal_from(self.phases, self.legal_moves())

    def _illegal_message(self, trigger: str, legal: list[str]) -> str:
        region_id = self._trigger_region.get(trigger)
        if region_id is None:
            hint = did_you_mean(close_matches(trigger, self._trigger_region, n=1))
            return f"no trigger is named {trigger!r}{hint} ({self._legal_text(legal)})"
        region = next(r for r in self._regions if r.id == region_id)
        sources = [
            state if state != EMPTY_STATE else f"({region.empty_title or 'empty'})"
            for (rid, name, state) in self._moves
            if rid == region_id and name == trigger
        ]
        return (
            f"{trigger!r} cannot fire from {describe_phases(self.phases)}; it fires from {', '.join(sources)} "
            f"({self._legal_text(legal)})"
        )

    def _conflict_message(self, move: Move, legal: list[str]) -> str:
        _, constraint = self._outcome(move)
        assert constraint is not None  # only called for a move its constraint blocks
        first, second = constraint.phases
        return (
            f"{move.trigger!r} cannot fire from {describe_phases(self.phases)}: it would make "
            f"{first} and {second} hold at once, and {constraint.reason} ({self._legal_text(legal)})"
        )

    def _unconfirmed_message(
        self, move: Move, missing: list[Gate], answers: Mapping[str, bool], legal: list[str]
    ) -> str:
        parts = []
        for gate in missing:
            status = "not confirmed" if gate.id in answers else "not answered"
            parts.append(f"{gate.id} ({status}; {gate.authority}; {gate.strength}): {gate.question}")
        return (
            f"{move.trigger!r} needs {len(missing)} determination(s) confirmed first: "
            + "; ".join(parts)
            + f" ({self._legal_text(legal)})"
        )
