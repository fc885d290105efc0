"""The handbooks before the seminar: a situation manual for participants, a handbook for the facilitator.

`build_handbook(loaded, corpus, audience)` is a pure function of a loaded scenario and the rules.
The participants' handbook (HSEEP's Situation Manual) holds the overview, objectives, cells and,
module by module, the narrative and discussion questions of the injects on the default path,
and nothing meant for the facilitator only. The facilitator's handbook adds the Master Scenario
Events List: every inject with its time, phase, addressees, the move into its phase and the
gates that move needs (with their bases), expected actions, facilitator notes, the clauses the
scenario cites with their verbatim text, branches and contingency injects.
"""

from __future__ import annotations

from collections import deque
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tabletop.errors import TabletopError
from tabletop.phases import Move, PhaseMachine
from tabletop.report._render import render_document, tabletop_version
from tabletop.report._escaping import clean
from tabletop.report._after_action import appendix
from tabletop.report._models import AppendixClause
from tabletop.rules import Corpus
from tabletop.scenario import Inject, LoadedScenario, Question
from tabletop.session import action_key
from tabletop.yamlsource import collector_paused

__all__ = ["AUDIENCES", "HANDBOOK_FORMATS", "Handbook", "build_handbook", "render_handbook"]

AUDIENCES = ("participants", "facilitator")
HANDBOOK_FORMATS = ("md", "html")

Audience = Literal["participants", "facilitator"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class HandbookQuestion(_Model):
    text: str
    addressee: str | None
    """The cell's name (and organisation) expected to answer, if any."""


class HandbookGate(_Model):
    question: str
    authority: str
    strength: str
    reference: str
    scenario_answer: bool | None
    """What the scenario states the answer will be (`gates:`), or None when the room decides."""


class HandbookMove(_Model):
    trigger: str
    title: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    basis: str
    gates: tuple[HandbookGate, ...]


class HandbookOrder(_Model):
    """A determination the room may record without a move while the inject's phases hold."""

    id: str
    title: str
    authority: str
    diet: str
    reference: str


class HandbookAction(_Model):
    key: str
    action: str
    responsible: str | None
    objective: str | None


class HandbookOption(_Model):
    label: str
    goto: str
    goto_title: str
    default: bool
    notes: str | None


class HandbookInject(_Model):
    id: str
    title: str
    time: str | None
    narrative: str
    addressees: tuple[str, ...]
    questions: tuple[HandbookQuestion, ...]
    # -- the facilitator's only --
    phase: str | None
    phases: tuple[str, ...]
    """The phases in force once the inject is delivered (along the first path that reaches it)."""
    move: HandbookMove | None
    move_note: str
    """Why there is no move to make ("" when there is one, or none is needed)."""
    orders: tuple[HandbookOrder, ...] = ()
    """The determinations open in its phases that the room may record without a move (the grey
    zone's orders and the like), in the rules file's order."""
    expected_actions: tuple[HandbookAction, ...]
    facilitator_notes: str | None
    cite: tuple[str, ...]
    options: tuple[HandbookOption, ...]
    next: str | None
    """Where play continues after it (None at the end, or at a decision point: see `options`)."""
    contingency: bool
    on_default_path: bool
    module: str | None


class HandbookModule(_Model):
    title: str
    summary: str | None
    injects: tuple[HandbookInject, ...]


class HandbookObjective(_Model):
    id: str
    text: str
    capability: str | None


class HandbookCell(_Model):
    name: str
    role: str
    organisations: tuple[str, ...]


class Handbook(_Model):
    """A handbook for one audience, drawn by the handbook templates."""

    generated_by: str
    audience: Audience
    title: str
    exercise_id: str | None
    scenario_version: str | None
    classification: str | None
    sponsor: str | None
    authors: tuple[str, ...]
    summary: str | None
    scenario_name: str
    scenario_sha256: str
    rules_sha256: str
    start_phases: tuple[str, ...]
    objectives: tuple[HandbookObjective, ...]
    cells: tuple[HandbookCell, ...]
    modules: tuple[HandbookModule, ...]
    """The injects on the default path, grouped by module in the order they are played."""
    msel: tuple[HandbookInject, ...]
    """Every inject, in file order (the facilitator's handbook only; empty for participants)."""
    clauses: tuple[AppendixClause, ...]
    """The clauses the scenario cites, verbatim (the facilitator's handbook only)."""
    phase_titles: dict[str, str]


def render_handbook(loaded: LoadedScenario, corpus: Corpus, audience: str, fmt: str) -> str:
    """The handbook for `audience` (`participants` or `facilitator`) as `md` or `html` text."""
    with collector_paused():  # all it builds lives until the text is returned (see yamlsource)
        return render_document("handbook", build_handbook(loaded, corpus, audience), fmt)


def build_handbook(loaded: LoadedScenario, corpus: Corpus, audience: str) -> Handbook:
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}")
    scenario = loaded.scenario
    info = scenario.exercise
    for_facilitator = audience == "facilitator"
    cells = {cell.id: clean(cell.name) for cell in scenario.cells}
    titles = {inject.id: clean(inject.title) for inject in scenario.injects}
    entry = _phase_walk(loaded, corpus)
    default_path = loaded.default_path()
    on_path = set(default_path)

    def question(q: str | Question) -> HandbookQuestion:
        if isinstance(q, str):
            return HandbookQuestion(text=clean(q), addressee=None)
        who = [cells.get(q.cell, clean(q.cell))] if q.cell else []
        if q.organisation:
            who.append(clean(q.organisation))
        return HandbookQuestion(text=clean(q.text), addressee=", ".join(who) or None)

    def inject_entry(inject: Inject) -> HandbookInject:
        phases, move, note = entry.get(inject.id, ((), None, "not reached from the first inject"))
        return HandbookInject(
            id=inject.id,
            title=clean(inject.title),
            time=clean(inject.time) if inject.time else None,
            narrative=clean(inject.narrative),
            addressees=tuple(cells.get(c, clean(c)) for c in inject.to),
            questions=tuple(question(q) for q in inject.questions),
            phase=inject.phase if for_facilitator else None,
            phases=phases if for_facilitator else (),
            move=_move_entry(move, inject, corpus) if for_facilitator and move else None,
            move_note=note if for_facilitator else "",
            orders=tuple(
                HandbookOrder(
                    id=d.id,
                    title=clean(d.title),
                    authority=clean(d.authority),
                    diet=clean(d.diet),
                    reference=clean(d.reference),
                )
                for d in corpus.determinations_in(phases)
            )
            if for_facilitator
            else (),
            expected_actions=tuple(
                HandbookAction(
                    key=action_key(n),
                    action=clean(a.action),
                    responsible=clean(a.responsible) if a.responsible else None,
                    objective=a.objective,
                )
                for n, a in enumerate(inject.expected_actions)
            )
            if for_facilitator
            else (),
            facilitator_notes=clean(inject.facilitator_notes) if for_facilitator and inject.facilitator_notes else None,
            cite=tuple(inject.cite) if for_facilitator else (),
            options=tuple(
                HandbookOption(
                    label=clean(o.label),
                    goto=o.goto,
                    goto_title=titles.get(o.goto, o.goto),
                    default=n == next((k for k, opt in enumerate(inject.options) if opt.default), 0),
                    notes=clean(o.notes) if o.notes else None,
                )
                for n, o in enumerate(inject.options)
            )
            if for_facilitator
            else (),
            next=loaded.next_inject(inject.id) if for_facilitator and not inject.options else None,
            contingency=inject.contingency if for_facilitator else False,
            on_default_path=inject.id in on_path,
            module=inject.module,
        )

    modules_by_id = {m.id: m for m in scenario.modules}
    groups: dict[str | None, list[HandbookInject]] = {}
    for inject_id in dict.fromkeys(default_path):
        inject = loaded.inject(inject_id)
        groups.setdefault(inject.module, []).append(inject_entry(inject))
    modules = tuple(
        HandbookModule(
            title=clean(modules_by_id[key].title) if key in modules_by_id else "The scenario",
            summary=clean(modules_by_id[key].summary) if key in modules_by_id and modules_by_id[key].summary else None,
            injects=tuple(injects),
        )
        for key, injects in groups.items()
    )
    return Handbook(
        generated_by=tabletop_version(),
        audience=audience,
        title=clean(scenario.title),
        exercise_id=clean(info.id) if info and info.id else None,
        scenario_version=clean(info.version) if info and info.version else None,
        classification=clean(info.classification) if info and info.classification else None,
        sponsor=clean(info.sponsor) if info and info.sponsor else None,
        authors=tuple(clean(a) for a in (info.authors if info else ())),
        summary=clean(info.summary) if info and info.summary else None,
        scenario_name=clean(next(iter(loaded.files))),
        scenario_sha256=loaded.sha256,
        rules_sha256=corpus.sha256,
        start_phases=tuple(loaded.start_phases),
        objectives=tuple(
            HandbookObjective(id=o.id, text=clean(o.text), capability=clean(o.capability) if o.capability else None)
            for o in scenario.objectives
        ),
        cells=tuple(
            HandbookCell(name=clean(c.name), role=c.role, organisations=tuple(clean(o) for o in c.organisations))
            for c in scenario.cells
        ),
        modules=modules,
        msel=tuple(inject_entry(i) for i in scenario.injects) if for_facilitator else (),
        clauses=appendix(corpus, [c for i in scenario.injects for c in i.cite]) if for_facilitator else (),
        phase_titles={p.slug: clean(p.title) for p in corpus.phases},
    )


def _move_entry(move: tuple[tuple[str, ...], tuple[str, ...], Move], inject: Inject, corpus: Corpus) -> HandbookMove:
    before, after, found = move
    return HandbookMove(
        trigger=found.trigger,
        title=clean(found.title or found.trigger),
        before=before,
        after=after,
        basis=clean(found.basis),
        gates=tuple(
            HandbookGate(
                question=clean(g.question),
                authority=clean(g.authority),
                strength=g.strength,
                reference=clean(g.reference),
                scenario_answer=inject.gates.get(g.id),
            )
            for g in found.gates
        ),
    )


_Entered = tuple[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...], Move] | None, str]
"""An inject's entry: the phases once delivered, (before, after, move) or None, why no move."""


def _phase_walk(loaded: LoadedScenario, corpus: Corpus) -> dict[str, _Entered]:
    """For each inject reachable from the first: the phases once delivered, the move into its
    phase (phases before, after, the move) and a note when no single move reaches it.

    Walks the default path first, then the branches, so an inject on the default path shows
    the phases the default path brings it in.
    """
    path = loaded.default_path()
    result: dict[str, _Entered] = {}
    known: dict[tuple[str | None, str | None, tuple[str, ...]], _Entered] = {}
    queue: deque[tuple[str, tuple[str, ...]]] = deque()
    phases = tuple(loaded.start_phases)
    for inject_id in path:
        if inject_id in result:
            continue
        result[inject_id] = _enter(loaded.inject(inject_id), phases, corpus, known)
        phases = result[inject_id][0]
    for inject_id in path:
        queue.extend((successor, result[inject_id][0]) for successor in loaded.successors(inject_id))
    while queue:
        inject_id, before = queue.popleft()
        if inject_id in result:
            continue
        result[inject_id] = _enter(loaded.inject(inject_id), before, corpus, known)
        queue.extend((successor, result[inject_id][0]) for successor in loaded.successors(inject_id))
    return result


def _enter(
    inject: Inject,
    phases: tuple[str, ...],
    corpus: Corpus,
    known: dict[tuple[str | None, str | None, tuple[str, ...]], _Entered],
) -> _Entered:
    """(phases once delivered, (before, after, move) or None, why no move) for `inject` from `phases`.

    `known` keeps the answers already worked out: a large scenario asks the same few questions
    many times, and each needs a phase machine of its own.
    """
    if not inject.trigger and (not inject.phase or inject.phase in phases):
        return phases, None, ""
    key = (inject.trigger, inject.phase, phases)
    if key not in known:
        known[key] = _entering(inject.trigger, inject.phase, phases, corpus)
    return known[key]


def _entering(trigger: str | None, phase: str | None, phases: tuple[str, ...], corpus: Corpus) -> _Entered:
    machine = PhaseMachine(corpus, phases)
    if trigger:
        move = machine.legal_move(trigger)
        if move is None:
            return phases, None, f"its trigger {trigger} is not legal from {' + '.join(phases) or 'no phase'}"
    elif phase is not None:
        moves = machine.moves_into(phase)
        if not moves:
            return (
                phases,
                None,
                f"no single move reaches {phase} from {' + '.join(phases) or 'no phase'}: "
                "fire the moves that lead there first, or deliver it without its move",
            )
        move = moves[0]
    else:
        return phases, None, ""
    try:
        after = machine.fire(move.trigger, {gate.id: True for gate in move.gates}).after
    except TabletopError:  # the machine is the judge; a refusal here means no move to show
        return phases, None, f"{move.trigger} is refused from {' + '.join(phases)}"
    return after, (phases, after, move), ""
