"""The documents before the seminar, one per audience, made from a scenario and the rules.

`build_handbook(loaded, corpus, audience)` is a pure function of a loaded scenario and the rules;
`render_handbook` draws it (`templates/sitman.*`, `facilitator.*`, `evaluators.*`).

- `participants`: HSEEP's Situation Manual: the exercise overview (purpose, scope, date and
  location, objectives and core capabilities, roles), the schedule, the ground rules and the
  assumptions and artificialities, then module by module its key issues and, for each inject on
  the default path, the narrative and the questions grouped by the cell that answers them; the
  participating organisations, the acronyms and the points of contact; last, the Participant
  Feedback Form on a page of its own. Nothing meant for the facilitator only, and no hashes.
- `facilitator`: the briefing (schedule, ground rules, assumptions, objectives and cells), the
  Master Scenario Events List as one line per inject (time, inject, phase and move, gates,
  cells, expected actions), then every inject in detail: its phase and the phases once it is
  delivered, the move into its phase with the gates it needs and their bases, the orders the
  room may record, the narrative, questions, expected actions, notes, the clauses to discuss,
  branches and contingency injects; the clauses cited, verbatim; provenance last.
- `evaluators`: the Exercise Evaluation Guides: per core capability and objective, each expected
  action to observe, with its inject and key (as the console rates it), P/S/M/U boxes and room
  for the observation; strengths and areas for improvement; the evaluator's name line.

Where a scenario leaves a Situation Manual fact out, the standard text or a summary made from the
scenario stands in (`tabletop.scenario.STANDARD_GROUND_RULES`, ...), so a minimal scenario still
prints a complete manual.
"""

from __future__ import annotations

import datetime
import re
from collections import deque
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from tabletop.errors import TabletopError, UsageError
from tabletop.phases import Move, PhaseMachine
from tabletop.report._render import render_document, tabletop_version
from tabletop.report._escaping import clean
from tabletop.report._after_action import appendix
from tabletop.report._models import AppendixClause
from tabletop.rules import Corpus
from tabletop.scenario import STANDARD_ASSUMPTIONS, STANDARD_GROUND_RULES, Inject, LoadedScenario, Question
from tabletop.session import action_key
from tabletop.yamlsource import collector_paused

__all__ = ["AUDIENCES", "HANDBOOK_FORMATS", "Handbook", "build_handbook", "render_handbook"]

AUDIENCES = ("participants", "facilitator", "evaluators")
HANDBOOK_FORMATS = ("md", "html")

Audience = Literal["participants", "facilitator", "evaluators"]

_TEMPLATES = {"participants": "sitman", "facilitator": "facilitator", "evaluators": "evaluators"}
"""Each audience's template (`templates/{name}.{fmt}.j2`)."""

EXERCISE_ACRONYMS = {
    "AAR/IP": "After-Action Report / Improvement Plan",
    "EEG": "Exercise Evaluation Guide",
    "HSEEP": "Homeland Security Exercise and Evaluation Program",
    "SitMan": "Situation Manual",
    "TTX": "Tabletop exercise",
}
"""The exercise's own acronyms, listed in every Situation Manual beside the scenario's (not the
MSEL's, which is the facilitator's business)."""

FEEDBACK_STATEMENTS = (
    "The seminar was well organised and kept to time.",
    "The scenario was plausible and realistic.",
    "The facilitator knew the subject and kept the discussion on course.",
    "The Situation Manual and the other documents were useful.",
    "The right organisations, at the right level, took part.",
    "Taking part was worth my time and relevant to my work.",
)
"""Part II of the Participant Feedback Form (HSEEP's questions on the seminar's design and
conduct); a statement on each of the scenario's objectives follows them."""

ROLES = {
    "player": (
        "Players",
        "Discuss the scenario from their organisation's position and decide as their roles would.",
    ),
    "control": (
        "Control",
        "Run the seminar: the facilitator delivers the injects, keeps time and rules on the scenario; "
        "the control cell records decisions and determinations.",
    ),
    "observer": (
        "Observers",
        "Watch the discussion without taking part; questions go to the facilitator during breaks.",
    ),
    "evaluator": (
        "Evaluators",
        "Observe and record what is done against the objectives on the Exercise Evaluation Guides; "
        "they do not take part in the discussion.",
    ),
}
"""What each role of cell does, as the Situation Manual explains it (HSEEP's participant roles)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HandbookQuestion(_Model):
    text: str
    addressee: str | None
    """The cell's name (and organisation) expected to answer, if any."""


class QuestionGroup(_Model):
    """The questions of an inject one cell (or organisation) answers; `addressee` None for everyone."""

    addressee: str | None
    questions: tuple[str, ...]


class HandbookGate(_Model):
    id: str
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
    scenario_answer: bool | None = None
    """What the inject's `determinations:` states the answer will be; None when it says nothing."""
    phases: tuple[str, ...] = ()
    """In the handbook's table of orders: the phases it is open in, in the rules' order."""


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
    question_groups: tuple[QuestionGroup, ...]
    """The questions grouped by who answers them: everyone first, then each cell in the scenario's order."""
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
    key_issues: tuple[str, ...]
    span: str | None
    """The scenario time the module's injects cover (`D-30 09:00 to D-12 10:00`), if they have times."""
    injects: tuple[HandbookInject, ...]


class HandbookAgendaItem(_Model):
    day: int
    time: str | None
    """`HH:MM`; None in the agenda made for a scenario without one (times to be set)."""
    activity: str
    module: str | None
    """The title of the module discussed."""


class HandbookContact(_Model):
    name: str
    role: str | None
    organisation: str | None
    email: str | None
    phone: str | None


class HandbookAcronym(_Model):
    short: str
    meaning: str


class HandbookRole(_Model):
    """A role cells play, what it does, and the cells that play it."""

    title: str
    duties: str
    cells: tuple[str, ...]


class EvaluationAction(_Model):
    """One expected action an evaluator watches for, with what the console rates it by."""

    inject: str
    inject_title: str
    time: str | None
    key: str
    """`a1`, `a2`, ...: with the inject's id, what a rating is recorded against."""
    action: str
    responsible: str | None
    contingency: bool
    """True when the inject is off the default path (rated only if it is played)."""


class EvaluationObjective(_Model):
    id: str
    text: str
    actions: tuple[EvaluationAction, ...]


class EvaluationGuide(_Model):
    """One Exercise Evaluation Guide: a core capability and the objectives that exercise it."""

    capability: str | None
    """None for the objectives that name no capability (and for actions that serve no objective)."""
    objectives: tuple[EvaluationObjective, ...]


class HandbookObjective(_Model):
    id: str
    text: str
    capability: str | None


class HandbookCell(_Model):
    name: str
    role: str
    organisations: tuple[str, ...]


class Handbook(_Model):
    """A handbook for one audience, drawn by that audience's templates."""

    generated_by: str
    audience: Audience
    title: str
    exercise_id: str | None
    scenario_version: str | None
    classification: str | None
    sponsor: str | None
    authors: tuple[str, ...]
    summary: str | None
    date: datetime.date | None
    end_date: datetime.date | None
    location: str | None
    purpose: str
    """The scenario's purpose, or the standard sentence."""
    scope: str
    """The scenario's scope, or a summary made from its modules, injects and cells."""
    agenda: tuple[HandbookAgendaItem, ...]
    agenda_given: bool
    """False when the agenda was made from the modules (its times are to be set)."""
    ground_rules: tuple[str, ...]
    assumptions: tuple[str, ...]
    acronyms: tuple[HandbookAcronym, ...]
    """The scenario's acronyms and the exercise's own, sorted."""
    contacts: tuple[HandbookContact, ...]
    contact_note: str
    """Who answers questions when the scenario names no point of contact ("" when it does)."""
    roles: tuple[HandbookRole, ...]
    rules_title: str
    scenario_name: str
    scenario_sha256: str
    rules_sha256: str
    start_phases: tuple[str, ...]
    objectives: tuple[HandbookObjective, ...]
    capabilities: tuple[str, ...]
    """The core capabilities the objectives name, each once, in order."""
    cells: tuple[HandbookCell, ...]
    modules: tuple[HandbookModule, ...]
    """The injects on the default path, grouped by module in the order they are played."""
    msel: tuple[HandbookInject, ...]
    """Every inject, in file order (the facilitator's handbook only; empty for participants)."""
    clauses: tuple[AppendixClause, ...]
    """The clauses the scenario cites, verbatim (the facilitator's handbook only)."""
    orders: tuple[HandbookOrder, ...] = ()
    """Every order and determination open in some phase the scenario reaches, once, with who
    decides it, the Diet's part and the phases it is open in (the facilitator's handbook only)."""
    evaluation: tuple[EvaluationGuide, ...]
    """The Exercise Evaluation Guides (the evaluators' only): one per core capability, then one for
    the objectives without a capability, then one for expected actions that serve no objective."""
    phase_titles: dict[str, str]
    for_cell: str | None = None
    """The cell's name when the handbook is one cell's: only its questions and everyone's."""


def render_handbook(loaded: LoadedScenario, corpus: Corpus, audience: str, fmt: str, *, cell: str | None = None) -> str:
    """The document for `audience` (`participants`, `facilitator` or `evaluators`) as `md` or `html`
    text; with `cell` (a cell id), that cell's copy: only the questions put to it or to everyone."""
    with collector_paused():  # all it builds lives until the text is returned (see yamlsource)
        handbook = build_handbook(loaded, corpus, audience, cell=cell)
        return render_document(
            _TEMPLATES[audience], handbook, fmt, phases=corpus.phase_slugs, feedback_statements=FEEDBACK_STATEMENTS
        )


def build_handbook(loaded: LoadedScenario, corpus: Corpus, audience: str, *, cell: str | None = None) -> Handbook:
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}")
    scenario = loaded.scenario
    if cell is not None and cell not in {c.id for c in scenario.cells}:
        known = ", ".join(c.id for c in scenario.cells) or "none: the scenario declares no cells"
        raise UsageError(f"--cell {cell}: the scenario has no cell {cell!r} (cells: {known})")

    def for_the_cell(q: str | Question) -> bool:
        return cell is None or isinstance(q, str) or q.cell in (None, cell)

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

    cell_rank = {name: n for n, name in enumerate(cells.values())}

    def grouped(questions: tuple[HandbookQuestion, ...]) -> tuple[QuestionGroup, ...]:
        groups: dict[str | None, list[str]] = {}
        for q in questions:
            groups.setdefault(q.addressee, []).append(q.text)

        def rank(addressee: str | None) -> tuple[int, int]:
            if addressee is None:
                return (0, 0)
            cell = addressee.split(", ", 1)[0]
            return (1, cell_rank.get(cell, len(cell_rank)))

        return tuple(
            QuestionGroup(addressee=key, questions=tuple(groups[key]))
            for key in sorted(groups, key=rank)  # stable: equal ranks keep their first appearance
        )

    def inject_entry(inject: Inject) -> HandbookInject:
        phases, move, note = entry.get(inject.id, ((), None, "not reached from the first inject"))
        questions = tuple(question(q) for q in inject.questions if for_the_cell(q))
        return HandbookInject(
            id=inject.id,
            title=clean(inject.title),
            time=clean(inject.time) if inject.time else None,
            narrative=clean(inject.narrative),
            addressees=tuple(cells.get(c, clean(c)) for c in inject.to),
            questions=questions,
            question_groups=grouped(questions),
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
                    scenario_answer=inject.determinations.get(d.id),
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
            key_issues=tuple(clean(i) for i in modules_by_id[key].key_issues) if key in modules_by_id else (),
            span=_span(i.time for i in injects),
            injects=tuple(injects),
        )
        for key, injects in groups.items()
    )
    objectives = tuple(
        HandbookObjective(id=o.id, text=clean(o.text), capability=clean(o.capability) if o.capability else None)
        for o in scenario.objectives
    )
    rules_title = clean(corpus.document.title)
    control = [clean(c.name) for c in scenario.cells if c.role == "control"]
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
        date=info.date if info else None,
        end_date=info.end_date if info else None,
        location=clean(info.location) if info and info.location else None,
        purpose=clean(info.purpose)
        if info and info.purpose
        else (
            "To let the participants talk through, in a fictional scenario, how their organisations would act "
            f"together under {rules_title}, and to find where plans, authorities and coordination should improve."
        ),
        scope=clean(info.scope) if info and info.scope else _scope(loaded, modules),
        agenda=_agenda(loaded, modules),
        agenda_given=bool(scenario.agenda),
        ground_rules=tuple(
            clean(r) for r in (info.ground_rules if info and info.ground_rules else STANDARD_GROUND_RULES)
        ),
        assumptions=tuple(clean(a) for a in (info.assumptions if info and info.assumptions else STANDARD_ASSUMPTIONS)),
        acronyms=tuple(
            HandbookAcronym(short=short, meaning=meaning)
            for short, meaning in sorted(
                {**EXERCISE_ACRONYMS, **{clean(k): clean(v) for k, v in scenario.acronyms.items()}}.items(),
                key=lambda item: (item[0].casefold(), item[0]),
            )
        ),
        contacts=tuple(
            HandbookContact(
                name=clean(c.name),
                role=clean(c.role) if c.role else None,
                organisation=clean(c.organisation) if c.organisation else None,
                email=clean(c.email) if c.email else None,
                phone=clean(c.phone) if c.phone else None,
            )
            for c in scenario.contacts
        ),
        contact_note=""
        if scenario.contacts
        else f"Questions about the exercise go to the {' or the '.join(control)}."
        if control
        else "Questions about the exercise go to the facilitator.",
        roles=tuple(
            HandbookRole(
                title=title,
                duties=duties,
                cells=tuple(clean(c.name) for c in scenario.cells if c.role == role),
            )
            for role, (title, duties) in ROLES.items()
            if any(c.role == role for c in scenario.cells)
        ),
        rules_title=rules_title,
        scenario_name=clean(next(iter(loaded.files))),
        scenario_sha256=loaded.sha256,
        rules_sha256=corpus.sha256,
        start_phases=tuple(loaded.start_phases),
        objectives=objectives,
        capabilities=tuple(dict.fromkeys(o.capability for o in objectives if o.capability)),
        cells=tuple(
            HandbookCell(name=clean(c.name), role=c.role, organisations=tuple(clean(o) for o in c.organisations))
            for c in scenario.cells
        ),
        modules=modules,
        msel=tuple(inject_entry(i) for i in scenario.injects) if for_facilitator else (),
        clauses=appendix(corpus, [c for i in scenario.injects for c in i.cite]) if for_facilitator else (),
        orders=_orders(corpus, {p for phases, _, _ in entry.values() for p in phases}) if for_facilitator else (),
        evaluation=_evaluation(loaded, objectives) if audience == "evaluators" else (),
        phase_titles={p.slug: clean(p.title) for p in corpus.phases},
        for_cell=next((clean(c.name) for c in scenario.cells if c.id == cell), None),
    )


def _orders(corpus: Corpus, reached: set[str]) -> tuple[HandbookOrder, ...]:
    """The orders open in the phases the scenario reaches, each once, in the rules' order."""
    order = {slug: n for n, slug in enumerate(corpus.phase_slugs)}
    return tuple(
        HandbookOrder(
            id=d.id,
            title=clean(d.title),
            authority=clean(d.authority),
            diet=clean(d.diet),
            reference=clean(d.reference),
            phases=tuple(sorted(set(d.available_in), key=lambda p: order.get(p, len(order)))),
        )
        for d in corpus.determinations_in(reached)
    )


def _span(times: Iterable[str | None]) -> str | None:
    """`first to last` of the scenario times given (in play order), or None when none is given."""
    given = [t for t in times if t]
    if not given:
        return None
    return given[0] if given[0] == given[-1] else f"{given[0]} to {given[-1]}"


def _scope(loaded: LoadedScenario, modules: tuple[HandbookModule, ...]) -> str:
    """The scope a scenario without `exercise.scope` gets, made from what it holds."""
    scenario = loaded.scenario
    path = loaded.default_path()
    named = [m for m in modules if m.title != "The scenario"]
    parts = ["A discussion-based tabletop exercise"]
    if named:
        parts.append(f" in {len(named)} module{'s' if len(named) != 1 else ''}")
    parts.append(f", {len(path)} inject{'s' if len(path) != 1 else ''} on the main path")
    # Scenario time never goes backwards along the path (the validator sees to it).
    span = _span(loaded.inject(i).time for i in path)
    if span:
        parts.append(f", scenario time {span}")
    parts.append(".")
    players = [clean(c.name) for c in scenario.cells if c.role == "player"]
    if players:
        parts.append(f" Player cells: {', '.join(players)}.")
    control = [clean(c.name) for c in scenario.cells if c.role == "control"]
    parts.append(
        f" The {' and the '.join(control)} run{'s' if len(control) == 1 else ''} the seminar."
        if control
        else " A facilitator runs the seminar."
    )
    parts.append(" No forces are moved; decisions and determinations are simulated.")
    return "".join(parts)


def _agenda(loaded: LoadedScenario, modules: tuple[HandbookModule, ...]) -> tuple[HandbookAgendaItem, ...]:
    """The scenario's agenda, or one made from its modules (times to be set)."""
    scenario = loaded.scenario
    titles = {m.id: clean(m.title) for m in scenario.modules}
    if scenario.agenda:
        items = []
        for item in scenario.agenda:
            activity = clean(item.activity)
            module = titles.get(item.module) if item.module else None
            shared = _shared_words(activity, module) if module else ""
            if module and shared:
                # "Module 2 (first part)" beside "Module 2 — Grey zone" would say "Module 2" twice:
                # the title, then what the activity adds to it.
                rest = activity[len(shared) :].strip(" :—–-")
                activity, module = f"{module} {rest}".strip(), None
            items.append(HandbookAgendaItem(day=item.day or 1, time=item.time, activity=activity, module=module))
        return tuple(items)
    made = ["Registration and welcome", "Introductions, ground rules and objectives"]
    made += [m.title for m in modules]
    made += ["Hot wash", "Closing remarks and participant feedback forms"]
    return tuple(HandbookAgendaItem(day=1, time=None, activity=a, module=None) for a in made)


def _shared_words(activity: str, title: str) -> str:
    """The module's label ("Module 2" of "Module 2 — Grey zone", the whole of a title without a
    dash or colon) when `activity` starts with it as whole words, else ""."""
    label = re.split(r"\s+[—–-]\s+|:\s", title, maxsplit=1)[0].strip()
    words = activity.split()
    for count in range(len(words), 0, -1):
        if " ".join(words[:count]).casefold() == label.casefold():
            return " ".join(words[:count])
    return ""


def _evaluation(loaded: LoadedScenario, objectives: tuple[HandbookObjective, ...]) -> tuple[EvaluationGuide, ...]:
    """The Exercise Evaluation Guides: the expected actions by core capability and objective.

    Actions are taken in play order (the default path, then the injects off it in file order),
    and an action serves the objective its `objective:` names, as the after-action report counts it.
    """
    scenario = loaded.scenario
    path = list(dict.fromkeys(loaded.default_path()))
    order = path + [i.id for i in scenario.injects if i.id not in set(path)]
    actions: list[tuple[str | None, EvaluationAction]] = []
    for inject_id in order:
        inject = loaded.inject(inject_id)
        for n, a in enumerate(inject.expected_actions):
            actions.append(
                (
                    a.objective,
                    EvaluationAction(
                        inject=inject.id,
                        inject_title=clean(inject.title),
                        time=clean(inject.time) if inject.time else None,
                        key=action_key(n),
                        action=clean(a.action),
                        responsible=clean(a.responsible) if a.responsible else None,
                        contingency=inject_id not in set(path),
                    ),
                )
            )

    def serving(objective_id: str | None) -> tuple[EvaluationAction, ...]:
        return tuple(action for served, action in actions if served == objective_id)

    guides = []
    capabilities = list(dict.fromkeys(o.capability for o in objectives if o.capability)) + [None]
    for capability in capabilities:
        mine = [o for o in objectives if o.capability == capability]
        if mine:
            guides.append(
                EvaluationGuide(
                    capability=capability,
                    objectives=tuple(EvaluationObjective(id=o.id, text=o.text, actions=serving(o.id)) for o in mine),
                )
            )
    known = {o.id for o in objectives}
    unserved = tuple(action for served, action in actions if served is None or served not in known)
    if unserved:
        guides.append(
            EvaluationGuide(
                capability=None,
                objectives=(
                    EvaluationObjective(id="", text="Expected actions that serve no objective", actions=unserved),
                ),
            )
        )
    return tuple(guides)


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
                id=g.id,
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
