"""The phase policy: what delivering an inject does to the phases, what the room's answers do to
a move, and the words for each refusal.

One object, `PhasePolicy`, used by the scenario validator (which walks every path of a scenario
with it), the session (which plays one path with it, and checks every stored event against it)
and the MSEL export, so that "it validates" means "it plays": they cannot disagree about which
move an inject makes or why it cannot be made. Everything is a pure function of the rules data,
the phases in force and the inject's `phase:` and `trigger:`; the legal moves come from the phase
machine (`PhaseMachine`), asked once per combination of phases and cached.

The rule for an inject's entry, in order:

1. An inject naming a `trigger:` makes that move. The trigger must be legal from the phases
   in force, and when the inject also names a `phase:`, the move must lead there.
2. Otherwise an inject whose `phase:` is not in force enters it by the one legal move into
   it. No legal move into it, or several, is refused: the phase is out of reach in one
   step, or the move meant must be named with `trigger:`.
3. Otherwise (no phase, or its phase is in force) delivering it makes no move.

The room's answers to a move's gates (`gate_outcome`): every gate yes fires the move; any gate
no declines it (the phases stay); otherwise the move waits for the answers still missing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from tabletop.errors import TransitionRefused
from tabletop.phases._gates import GateOutcome, gate_outcome
from tabletop.phases._machine import Move, PhaseMachine
from tabletop.phases._wording import legal_from
from tabletop.rules import describe_phases

if TYPE_CHECKING:
    from tabletop.rules import Corpus, Determination, Gate

__all__ = ["Audience", "Entry", "EntryRefusal", "GateOutcome", "PhasePolicy", "Refusal", "gate_outcome", "policy_for"]

EntryRefusal = Literal["trigger_not_legal", "trigger_elsewhere", "unreachable", "ambiguous"]
"""Why an inject cannot be delivered from the phases in force (see the module docstring)."""

Audience = Literal["author", "room"]
"""Who reads a refusal: the scenario's author (the validator: the fix is in the file) or the room
(the session: the fix is a move to make, or delivering without it)."""


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
    phase: str | None = None
    """The inject's `phase:`."""
    trigger: str | None = None
    """The inject's `trigger:`."""
    conflict: str | None = None
    """With `unreachable`, the reason the rules' constraints give when the phase cannot hold
    together with the phases in force (IV.D and an armed attack against Japan), else None."""

    @property
    def gates(self) -> tuple[Gate, ...]:
        return self.move.gates if self.move is not None else ()

    @property
    def legal_triggers(self) -> list[str]:
        return sorted({move.trigger for move in self.legal})

    def facts(self) -> Refusal | None:
        """Why the inject cannot be delivered from here, as facts to word (None when it can)."""
        if self.refused is None:
            return None
        leads_to = ""
        if self.refused == "trigger_elsewhere":
            move = self.candidates[0]
            leads_to = move.dest or f"no phase (it ends {move.source})"
        return Refusal(
            refused=self.refused,
            where=describe_phases(self.phases),
            legal=legal_from(self.phases, self.legal),
            trigger=self.trigger,
            phase=self.phase,
            leads_to=leads_to,
            moves=", ".join(m.trigger for m in self.candidates) if self.refused == "ambiguous" else "",
            because=f" ({self.conflict})" if self.conflict else "",
        )

    def explain(self, inject: str, audience: Audience = "room") -> str | None:
        """Why the inject named `inject` (`"inject 'landing'"`) cannot be delivered from here, in
        one sentence, or None when it can. The diagnosis is the same for both audiences; the
        author is told what to change in the file, the room what to do in play."""
        facts = self.facts()
        return facts.said(inject, audience) if facts is not None else None

    def author_problem(self) -> str | None:
        """Why the inject cannot be delivered from here, as its author is told after the inject's
        name (`trigger 'recover' cannot fire from peacetime; ...`), or None when it can."""
        facts = self.facts()
        return facts.author_problem() if facts is not None else None


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an inject cannot be delivered from the phases in force, as facts: built once from an
    `Entry` (`Entry.facts`) and worded for whoever reads it (`said`, `_WORDING`), so that the room
    and the author are told the same diagnosis."""

    refused: EntryRefusal
    """Which rule refuses it (see the module docstring)."""
    where: str
    """The phases in force, as messages name them (`peacetime`, `attack and disaster`)."""
    legal: str
    """The moves legal from there, in the one sentence every refusal uses (`legal_from`)."""
    trigger: str | None
    """The inject's `trigger:`."""
    phase: str | None
    """The inject's `phase:`."""
    leads_to: str = ""
    """With `trigger_elsewhere`: where the trigger's move leads (`emerging_threats`, or `no phase
    (it ends disaster)`)."""
    moves: str = ""
    """With `ambiguous`: the triggers of the moves that reach the phase, separated by commas."""
    because: str = ""
    """With `unreachable`, when the phase cannot hold beside the phases in force: the basis the
    rules' constraints give, in parentheses after a space (`" (IV.D is written for ...)"`)."""

    def said(self, inject: str, audience: Audience) -> str:
        """The refusal of the inject named `inject` in one sentence, for `audience`."""
        if audience == "author":
            return f"{inject}: {self.author_problem()}"
        return _WORDING["room"][self.refused].format(inject=inject, **self._fields())

    def author_problem(self) -> str:
        """The refusal as its author is told it after the inject's name."""
        return _WORDING["author"][self.refused].format(**self._fields())

    def _fields(self) -> dict[str, str | None]:
        return {
            "where": self.where,
            "legal": self.legal,
            "trigger": self.trigger,
            "phase": self.phase,
            "leads_to": self.leads_to,
            "moves": self.moves,
            "because": self.because,
        }


_WORDING: dict[Audience, dict[EntryRefusal, str]] = {
    # The room is told what to do in play (the room's sentence names the inject itself) ...
    "room": {
        "trigger_not_legal": "{inject} makes the move {trigger!r}, which cannot fire from {where}; {legal}",
        "trigger_elsewhere": "{inject} makes the move {trigger!r}, which leads to {leads_to}, not to its phase {phase!r}",
        "unreachable": (
            "{inject} is in phase {phase!r}, which no single legal move reaches from {where}{because}; "
            "fire the triggers that lead there first ({legal})"
        ),
        "ambiguous": (
            "{inject} is in phase {phase!r}, which several moves reach from {where} ({moves}); fire the one meant first"
        ),
    },
    # ... the author what to change in the file (after the inject's name).
    "author": {
        "trigger_not_legal": "trigger {trigger!r} cannot fire from {where}; {legal}",
        "trigger_elsewhere": "trigger {trigger!r} leads to {leads_to}, not to its phase {phase!r}",
        "unreachable": "the phase machine cannot move from {where} into {phase!r} in one step{because}; {legal}",
        "ambiguous": "several moves lead from {where} into {phase!r} ({moves}); name the one meant with `trigger:`",
    },
}
"""The words of each refusal for each audience, filled from a `Refusal`'s facts."""


class PhasePolicy:
    """The policy over one rules file: every phase question the validator and the session ask.

    Caches one question-only machine per combination of phases, the legal moves from it, the
    clauses citable in it and every move that fired, so that a 5,000-inject scenario asks the
    machine a handful of times. Thread-safe in practice: its caches only ever gain entries that
    any thread would compute the same.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.region_of: dict[str, str] = {phase.slug: phase.region for phase in corpus.phases}
        """The region of every phase slug."""
        self._region_order = [region.id for region in corpus.regions]
        self._machines: dict[tuple[str, ...], PhaseMachine] = {}
        self._legal: dict[tuple[str, ...], tuple[Move, ...]] = {}
        self._fired: dict[tuple[tuple[str, ...], str, frozenset[tuple[str, bool]]], tuple[str, ...]] = {}
        self._citable: dict[tuple[str, ...], frozenset[str]] = {}

    # -- the phases -----------------------------------------------------------

    def initial(self) -> tuple[str, ...]:
        """The phases every region starts in (an empty region contributes none)."""
        return tuple(region.initial for region in self.corpus.regions if region.initial is not None)

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

    def legal_move(self, phases: tuple[str, ...], trigger: str) -> Move | None:
        """The move `trigger` makes from `phases`, or None when it is not legal there."""
        return next((m for m in self.legal_moves(phases) if m.trigger == trigger), None)

    def after(self, phases: tuple[str, ...], move: Move) -> tuple[str, ...]:
        """The phases once `move` is made from `phases`: its region moves, the others stay."""
        return self.place(phases, move.region, move.dest)

    def place(self, phases: tuple[str, ...], region: str, dest: str | None) -> tuple[str, ...]:
        """`phases` with `region` in phase `dest` (None: empty), in region order; a phase that
        gives way to `dest` under the rules' constraints (IV.D once Japan is attacked) ends."""
        ended = self.corpus.giving_way(dest, phases)
        by_region = {self.region_of.get(slug): slug for slug in phases if slug not in ended}
        if dest is None:
            by_region.pop(region, None)
        else:
            by_region[region] = dest
        return tuple(by_region[r] for r in self._region_order if r in by_region)

    def citable(self, phases: tuple[str, ...]) -> frozenset[str]:
        """Ids of the clauses that may be cited in `phases` without being out of phase: those that
        apply, and the measures that may be taken before the situation is determined."""
        found = self._citable.get(phases)
        if found is None:
            found = self._citable[phases] = self.corpus.citable_ids(phases)
        return found

    def determinations(self, phases: tuple[str, ...]) -> list[Determination]:
        """The determinations the room may record in `phases` without a move."""
        return self.machine(phases).available_determinations()

    def determination(self, phases: tuple[str, ...], determination_id: str) -> Determination:
        """A determination recorded in `phases`, checked (see `PhaseMachine.determination`)."""
        return self.machine(phases).determination(determination_id)

    # -- delivering an inject ------------------------------------------------

    def entry(self, phases: tuple[str, ...], *, phase: str | None, trigger: str | None) -> Entry:
        """What delivering an inject with this `phase:` and `trigger:` does from `phases`."""
        legal = self.legal_moves(phases)
        if trigger is not None:
            move = next((m for m in legal if m.trigger == trigger), None)
            if move is None:
                return Entry(phases, None, "trigger_not_legal", legal=legal, phase=phase, trigger=trigger)
            if phase is not None and move.dest != phase:
                return Entry(phases, None, "trigger_elsewhere", (move,), legal, phase, trigger)
            return Entry(phases, move, legal=legal, phase=phase, trigger=trigger)
        if phase is None or phase in phases:
            return Entry(phases, None, legal=legal, phase=phase)
        into = tuple(m for m in legal if m.dest == phase)
        if len(into) == 1:
            return Entry(phases, into[0], legal=legal, phase=phase)
        if into:
            return Entry(phases, None, "ambiguous", into, legal, phase)
        # Where the rules' constraints rule the combination out, the refusal says why.
        region = self.region_of.get(phase)
        conflict = self.corpus.conflict(self.place(phases, region, phase)) if region is not None else None
        reason = " ".join(conflict.reason.split()) if conflict is not None else None
        return Entry(phases, None, "unreachable", into, legal, phase, conflict=reason)

    # -- a move and the room's answers -----------------------------------------

    def gates(self, phases: tuple[str, ...], trigger: str) -> tuple[Gate, ...]:
        """The gates of `trigger` from `phases`; `TransitionRefused` (naming the legal triggers)
        when it is not legal there."""
        move = self.legal_move(phases, trigger)
        if move is not None:
            return move.gates
        moves = self.legal_moves(phases)
        raise TransitionRefused(
            f"trigger {trigger!r} is not legal from {describe_phases(phases)}; {legal_from(phases, moves)}",
            legal=sorted({m.trigger for m in moves}),
        )

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


_POLICIES: OrderedDict[int, PhasePolicy] = OrderedDict()
"""The policies of the rules most recently asked about, by the corpus object's identity (a policy
holds its corpus, so an identity cannot be taken by another corpus while it is kept)."""
_POLICIES_KEPT = 8
_POLICIES_LOCK = threading.Lock()


def policy_for(corpus: Corpus) -> PhasePolicy:
    """The one `PhasePolicy` of `corpus` in this process (of the eight corpora last asked about).

    A policy is a pure function of the rules, so every scenario checked against the same rules
    (the same `Corpus` object: sessions storing the same rules text share one) asks the phase
    machine once per combination of phases, however many scenarios there are.
    """
    with _POLICIES_LOCK:
        policy = _POLICIES.get(id(corpus))
        if policy is not None and policy.corpus is corpus:
            _POLICIES.move_to_end(id(corpus))
            return policy
        policy = _POLICIES[id(corpus)] = PhasePolicy(corpus)
        while len(_POLICIES) > _POLICIES_KEPT:
            _POLICIES.popitem(last=False)
        return policy
