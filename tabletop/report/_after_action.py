"""The after-action report: HSEEP's AAR/IP for one session, as a pure function of its record.

`build_report(record)` turns a `SessionRecord` (the journal with the scenario and rules texts it
stored) into an `AfterActionReport`; `render_report(record, fmt)` draws it as Markdown, HTML or
JSON. Nothing here reads or writes a file: the command line loads the record and writes the
document atomically; the console can call the same functions.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from tabletop.report._render import render_document, tabletop_version
from tabletop.report._escaping import clean, excerpt, row
from tabletop.report._models import (
    CellAnswer,
    CellAnswers,
    PollResult,
    PromptEntry,
    SeatEntry,
    AfterActionReport,
    AppendixClause,
    Applicability,
    ChapterCoverage,
    CitationEntry,
    CitationIndexEntry,
    ClauseCoverage,
    ClauseTally,
    CountSummary,
    Cover,
    CoverageMatrix,
    CoverageMeasure,
    DecisionEntry,
    DeterminationEntry,
    DocumentHash,
    ExecutiveSummary,
    ExpectedActionEntry,
    HotWashItem,
    ImprovementPlanItem,
    InjectEntry,
    MeanwhileCount,
    MatrixCell,
    MatrixPhase,
    MatrixRow,
    MoveOutcome,
    NoteEntry,
    ObjectiveClause,
    ObjectiveEntry,
    OrderEntry,
    PhaseChangeEntry,
    PhaseCoverage,
    PhasePeriod,
    PlanSize,
    RegionLane,
    Summary,
    Timeline,
    TimelineStep,
)
from tabletop.rules import Corpus
from tabletop.scenario import ExpectedAction, Inject, LoadedScenario
from tabletop.session import (
    Seat,
    RATINGS,
    CitationRecord,
    Determination,
    RatingRecord,
    RecordedDetermination,
    SessionRecord,
    SessionState,
    Visit,
    Withdrawal,
    meanwhile,
    records_by_seat,
    salvaged_note,
    scenario_lapse,
    session_import,
    action_key,
)
from tabletop.strictmodel import built, documented_schema
from tabletop.yamlsource import collector_paused

__all__ = [
    "REPORT_FORMATS",
    "ExerciseRule",
    "appendix",
    "build_report",
    "chapter_coverage",
    "coverage_matrix",
    "draw_report",
    "phase_coverage",
    "render_report",
    "report_schema",
]

REPORT_FORMATS = ("md", "html", "json")


def report_schema() -> dict[str, Any]:
    """The JSON Schema of `tabletop report --format json`."""
    return documented_schema(AfterActionReport)


def render_report(record: SessionRecord, fmt: str) -> str:
    """The after-action report of `record` as `md`, `html` or `json` text."""
    with collector_paused():  # all it builds lives until the text is returned (see yamlsource)
        return draw_report(build_report(record), fmt, phases=record.corpus().phase_slugs)


def draw_report(report: AfterActionReport, fmt: str, *, phases: Iterable[str] = ()) -> str:
    """An `AfterActionReport` as `md`, `html` or `json` text: for a tool that builds the report
    (`build_report`) and adds to it or leaves out part of it before printing. `phases` are the
    rules file's phase slugs in order, which fix each phase's look."""
    return render_document("report", report, fmt, phases=phases)


def _by(seat: Seat | None) -> str:
    """A record's seat as the report names it ("" for a record made before seats)."""
    return clean(seat.label) if seat is not None else ""


def build_report(record: SessionRecord) -> AfterActionReport:
    """Everything the after-action report shows, computed from the record alone."""
    corpus, loaded = record.sources()
    facts = _Facts(record, corpus, loaded, record.state())
    injects = facts.inject_entries()
    cited = [c.clause for c in facts.state.citations] + [w.citation.clause for w in facts.state.withdrawals]
    by_phase = phase_coverage(corpus, facts.state.citations, facts.entered)
    coverage = ClauseCoverage(
        phases=by_phase,
        chapters=chapter_coverage(corpus, [facts.state.citations], [facts.entered]),
        matrix=coverage_matrix(corpus, by_phase),
    )
    plan = tuple(row(ImprovementPlanItem, i) for i in facts.state.improvement_plan)
    return AfterActionReport(
        generated_by=tabletop_version(),
        cover=facts.cover(),
        executive_summary=facts.executive_summary(coverage, plan),
        summary=facts.summary(),
        timeline=facts.timeline(),
        injects=injects,
        coverage=coverage,
        objectives=facts.objectives(injects),
        citation_index=facts.citation_index(),
        hot_wash=facts.hot_wash,
        improvement_plan=plan,
        prompts=facts.prompts(),
        appendix=appendix(corpus, cited),
        seats=facts.seats(),
    )


TOP_FINDINGS = 3
"""How many strengths and areas for improvement the executive summary names."""

_MEASURED: dict[CoverageMeasure, Callable[[ClauseTally], bool]] = {
    "presented": lambda tally: tally.taken_up == "presented",
    "discussed": lambda tally: tally.taken_up == "discussed",
    "cited": lambda tally: tally.taken_up == "cited",
}
"""Each measure the record knows, with what says that a clause's tally in a phase went that far
and no further: a clause counts once, at the furthest the room took it (see `_further`)."""


def coverage_matrix(corpus: Corpus, phases: Iterable[PhaseCoverage]) -> CoverageMatrix:
    """The per-phase tallies folded into chapters down and phases across (phases in the rules' order).

    A chapter is a row when one of its clauses applies in a phase entered or was cited there as
    preparatory; each cell counts the chapter's clauses that apply in the phase and, per measure,
    how many of them reached it while the phase held, and apart, per measure, how many of its
    clauses only preparatory there reached it.
    """
    entered = {p.phase: p for p in phases}
    ordered = [entered[slug] for slug in corpus.phase_slugs if slug in entered]
    ordered += [p for p in entered.values() if p.phase not in corpus.phase_slugs]
    chapters = [c for c in corpus if c.parent is None]
    cells: dict[tuple[str, str], dict[str, Counter[str]]] = {}
    for coverage in ordered:
        for tally in coverage.clauses:
            counts = cells.setdefault((_chapter_of(corpus, tally.clause), coverage.phase), defaultdict(Counter))
            if tally.applicability == "preparatory":
                for measure, reached in _MEASURED.items():
                    counts["preparatory"][measure] += reached(tally)
                continue
            counts["applicable"]["all"] += 1
            for measure, reached in _MEASURED.items():
                counts["reached"][measure] += reached(tally)

    def cell(phase: str, chapter_ids: Iterable[str]) -> MatrixCell:
        found = [cells[(chapter_id, phase)] for chapter_id in chapter_ids if (chapter_id, phase) in cells]
        return MatrixCell(
            phase=phase,
            applicable=sum(c["applicable"]["all"] for c in found),
            counts={measure: sum(c["reached"][measure] for c in found) for measure in _MEASURED},
            preparatory=sum(c["preparatory"].total() for c in found),
            preparatory_counts={measure: sum(c["preparatory"][measure] for c in found) for measure in _MEASURED},
        )

    rows = tuple(
        MatrixRow(
            chapter=chapter.id,
            title=clean(chapter.title),
            cells=tuple(cell(coverage.phase, [chapter.id]) for coverage in ordered),
        )
        for chapter in chapters
        if any((chapter.id, coverage.phase) in cells for coverage in ordered)
    )
    return CoverageMatrix(
        measures=tuple(_MEASURED),
        phases=tuple(MatrixPhase(phase=p.phase, title=p.title) for p in ordered),
        rows=rows,
        totals=tuple(cell(coverage.phase, [c.id for c in chapters]) for coverage in ordered),
    )


# -- coverage, shared with the programme's coverage ---------------------------------------------


class ExerciseRule:
    """The one rule of what a citation exercises, for every count the documents print (section 4's
    matrix and lines, the objectives of section 1, the executive summary, the programme's coverage).

    A citation in force (the caller passes the session's citations: withdrawn ones are no longer
    among them) exercises its clause in each phase that held when it was recorded in which the
    clause applies outright, or is only preparatory; a citation out of phase exercises nothing.
    What applies where is whatever the rules file says, so nothing here names a clause or a phase.
    """

    __slots__ = ("_applies", "_prepares")

    def __init__(self, corpus: Corpus) -> None:
        self._applies = {slug: corpus.applicable_ids([slug]) for slug in corpus.phase_slugs}
        self._prepares = {slug: corpus.preparatory_ids([slug]) for slug in corpus.phase_slugs}

    def where(self, citation: CitationRecord) -> Iterator[tuple[str, Applicability]]:
        """Each phase the citation exercises its clause in, with how the clause stands there
        (phases the rules do not know, as in another version of them, count for nothing)."""
        for phase in citation.phases:
            if citation.clause in self._applies.get(phase, ()):
                yield phase, "applies"
            elif citation.clause in self._prepares.get(phase, ()):
                yield phase, "preparatory"

    def standing(self, citation: CitationRecord) -> Applicability | None:
        """How the citation counts over all its phases: `applies` when the clause applied outright
        in one of them, `preparatory` when only preparatory, None when out of phase (not counted)."""
        found = {applicability for _, applicability in self.where(citation)}
        return "applies" if "applies" in found else "preparatory" if found else None


def phase_coverage(
    corpus: Corpus, citations: Iterable[CitationRecord], entered: Iterable[str]
) -> tuple[PhaseCoverage, ...]:
    """For each phase entered, every clause that applies in it and how often it was cited while it held.

    What applies is whatever the rules file says (`Corpus.applicable`), so a new kind of
    applicability or a new region needs nothing here; what counts is `ExerciseRule`.
    """
    rule = ExerciseRule(corpus)
    counts: Counter[tuple[str, str]] = Counter()
    taken: dict[tuple[str, str], str] = {}
    for citation in citations:
        for phase, _ in rule.where(citation):
            counts[(phase, citation.clause)] += 1
            taken[(phase, citation.clause)] = _further(taken.get((phase, citation.clause)), citation.coverage)
    result = []
    for phase in entered:
        applies = corpus.applicable_ids([phase])
        # A clause only preparatory here is no gap when uncited; cited, it was exercised (preparatory).
        prepared = {i for i in corpus.preparatory_ids([phase]) if counts[(phase, i)]}
        tallies = tuple(
            ClauseTally(
                clause=c.id,
                title=clean(c.title),
                exercised=counts[(phase, c.id)] > 0,
                citations=counts[(phase, c.id)],
                applicability="applies" if c.id in applies else "preparatory",
                taken_up=taken.get((phase, c.id)),
            )
            for c in corpus.in_order(applies | prepared)
        )
        outright = [t for t in tallies if t.applicability == "applies"]
        levels = Counter(t.taken_up for t in outright if t.exercised)
        result.append(
            PhaseCoverage(
                phase=phase,
                title=clean(corpus.phase(phase).title),
                clauses=tallies,
                exercised=sum(1 for t in outright if t.exercised),
                applicable=len(outright),
                exercised_preparatory=len(prepared),
                presented=levels["presented"],
                discussed=levels["discussed"],
                cited=levels["cited"],
            )
        )
    return tuple(result)


_TAKEN_UP: tuple[str, ...] = tuple(_MEASURED)


def _further(one: str | None, other: str) -> str:
    """The further of two ways a clause was taken up (presented < discussed < cited)."""
    return other if one is None or _TAKEN_UP.index(other) > _TAKEN_UP.index(one) else one


def _chapter_of(corpus: Corpus, clause_id: str) -> str:
    ancestors = corpus.ancestors(clause_id)
    return ancestors[0].id if ancestors else clause_id


def chapter_coverage(
    corpus: Corpus, citations: Iterable[Iterable[CitationRecord]], entered: Iterable[Iterable[str]]
) -> tuple[ChapterCoverage, ...]:
    """Per chapter: the clauses that applied in some phase entered, and how many of them were cited
    while one of those phases held (each session's citations against its own phases, by `ExerciseRule`)."""
    rule = ExerciseRule(corpus)
    applicable: set[str] = set()
    exercised: set[str] = set()
    prepared: set[str] = set()
    taken: dict[str, str] = {}
    for session_citations, session_phases in zip(citations, entered, strict=True):
        phases = {p for p in session_phases if p in corpus.phase_slugs}
        applicable |= corpus.applicable_ids(phases)
        for citation in session_citations:
            standing = rule.standing(citation)
            if standing == "applies":
                exercised.add(citation.clause)
                taken[citation.clause] = _further(taken.get(citation.clause), citation.coverage)
            elif standing == "preparatory":
                prepared.add(citation.clause)
    exercised &= applicable
    prepared -= exercised
    per_chapter_applicable: Counter[str] = Counter(_chapter_of(corpus, i) for i in applicable)
    per_chapter_exercised: Counter[str] = Counter(_chapter_of(corpus, i) for i in exercised)
    per_chapter_prepared: Counter[str] = Counter(_chapter_of(corpus, i) for i in prepared)
    per_chapter_taken: Counter[tuple[str, str]] = Counter((_chapter_of(corpus, i), taken[i]) for i in exercised)
    return tuple(
        ChapterCoverage(
            chapter=c.id,
            title=clean(c.title),
            applicable=per_chapter_applicable[c.id],
            exercised=per_chapter_exercised[c.id],
            exercised_preparatory=per_chapter_prepared[c.id],
            presented=per_chapter_taken[(c.id, "presented")],
            discussed=per_chapter_taken[(c.id, "discussed")],
            cited=per_chapter_taken[(c.id, "cited")],
        )
        for c in corpus
        if c.parent is None
    )


def appendix(corpus: Corpus, clause_ids: Iterable[str]) -> tuple[AppendixClause, ...]:
    """The verbatim text of each named clause (once each, document order), with the sections above it."""
    return tuple(
        AppendixClause(
            clause=c.id,
            title=clean(c.title),
            context=tuple(clean(a.label) for a in corpus.ancestors(c.id)),
            text=clean(c.text),
        )
        for c in corpus.in_order(i for i in clause_ids if i in corpus)
    )


# -- one session's facts -------------------------------------------------------------------------


@dataclass
class _Facts:
    """One session's facts, indexed once.

    The per-inject entries (thousands in a large scenario) are built without validation (`built`):
    their values come from the validated record, and the JSON test checks them against the
    schema; validating each again would double the report's time.
    """

    record: SessionRecord
    corpus: Corpus
    loaded: LoadedScenario
    state: SessionState

    @cached_property
    def start(self) -> tuple[str, ...]:
        return tuple(getattr(self.record.events[0].payload, "phases", ()))

    @cached_property
    def injects(self) -> dict[str, Inject]:
        return {inject.id: inject for inject in self.loaded.scenario.injects}

    @cached_property
    def titles(self) -> dict[str, str]:
        titles = {i.id: clean(i.title) for i in self.loaded.scenario.injects}
        titles.update({a.id: clean(a.title) for a in self.state.adhoc_injects})
        return titles

    @cached_property
    def move_titles(self) -> dict[str, str]:
        titles: dict[str, str] = {}
        for spec in self.corpus.transitions:
            titles.setdefault(spec.trigger, clean(spec.title or spec.trigger))
        return titles

    @cached_property
    def entered(self) -> tuple[str, ...]:
        """Every phase that held at some point, in the order first entered."""
        seen = dict.fromkeys(self.start)
        for t in self.state.transitions:
            seen.update(dict.fromkeys(t.after))
        return tuple(seen)

    @cached_property
    def _transition_seqs(self) -> list[int]:
        return [t.seq for t in self.state.transitions]

    @cached_property
    def _visit_seqs(self) -> list[int]:
        return [v.seq for v in self.state.visits]

    def phases_at(self, seq: int) -> tuple[str, ...]:
        """The phases in force once event `seq` was applied."""
        n = bisect_right(self._transition_seqs, seq)
        return self.state.transitions[n - 1].after if n else self.start

    def current_at(self, seq: int) -> str | None:
        n = bisect_right(self._visit_seqs, seq)
        return self.state.visits[n - 1].inject if n else None

    def step_at(self, seq: int) -> int:
        """How many steps of the path taken had been made once event `seq` was applied."""
        return bisect_right(self._visit_seqs, seq)

    @cached_property
    def clause_titles(self) -> dict[str, str]:
        """Each clause's title as a citation shows it (cleaned once per clause)."""
        return _ClauseTitles(self.corpus)

    @cached_property
    def excerpts(self) -> dict[str, str]:
        """The excerpt shown for each clause (computed once per clause)."""
        return _Excerpts(self.corpus)

    def scenario_time(self, inject_id: str | None) -> str | None:
        inject = self.injects.get(inject_id) if inject_id else None
        return clean(inject.time) if inject is not None and inject.time else None

    def lanes(self, phases: tuple[str, ...]) -> tuple[str | None, ...]:
        """One entry per region: its phase among `phases`, or None."""
        found = self._lanes.get(phases)
        if found is None:
            by_region = {self.corpus.phase(p).region: p for p in phases}
            found = self._lanes[phases] = tuple(by_region.get(region.id) for region in self.corpus.regions)
        return found

    @cached_property
    def _lanes(self) -> dict[tuple[str, ...], tuple[str | None, ...]]:
        return {}

    # -- sections --

    def cover(self) -> Cover:
        info = self.loaded.scenario.exercise

        def given(value: str | None) -> str | None:
            return clean(value) if value else None

        return Cover(
            title=clean(self.loaded.scenario.title),
            exercise_id=given(info.id if info else None),
            scenario_version=given(info.version if info else None),
            classification=given(info.classification if info else None),
            sponsor=given(info.sponsor if info else None),
            facilitator=given(self.record.facilitator),
            session_id=self.state.session_id,
            dry_run=self.state.dry_run,
            started_at=self.state.started_at,
            ended_at=self.state.ended_at,
            closing_summary=clean(self.state.closing_summary),
            scenario_name=clean(self.state.scenario_name),
            documents=tuple(
                DocumentHash(name=clean(d.name), role=d.role, sha256=d.sha256) for d in self.record.documents
            ),
            rules_title=clean(self.corpus.document.title),
            rules_version=clean(self.corpus.document.version),
            recorded_with=clean(self.state.tabletop_version) or "unknown",
            salvaged=clean(note) if (note := salvaged_note(self.record.metadata)) is not None else None,
            imported=clean(imported.said.removeprefix("imported "))
            if (imported := session_import(self.record.metadata))
            else "",
        )

    def summary(self) -> Summary:
        state = self.state
        changes = [
            (
                0,
                PhaseChangeEntry(
                    trigger=None,
                    title="Start of the session",
                    entered=self.start,
                    left=(),
                    inject=None,
                    scenario_time=None,
                    at=state.started_at,
                ),
            )
        ]
        answered = {d.seq: d for d in state.determinations}
        for t in state.transitions:
            inject = t.inject or self.current_at(t.seq)
            changes.append(
                (
                    self.step_at(t.seq),
                    PhaseChangeEntry(
                        trigger=t.trigger,
                        title=self.move_titles.get(t.trigger, t.trigger),
                        entered=tuple(p for p in t.after if p not in t.before),
                        left=tuple(p for p in t.before if p not in t.after),
                        inject=inject,
                        scenario_time=self._move_time(answered[t.seq])
                        if t.seq in answered
                        else self.scenario_time(inject),
                        at=t.at,
                    ),
                )
            )
        periods: list[dict[str, Any]] = []
        holding: dict[str, dict[str, Any]] = {}
        for step, change in changes:
            for phase in change.left:
                period = holding.pop(phase, None)
                if period is not None:
                    period.update(left_at=change.at, left_scenario_time=change.scenario_time, left_step=step)
            for phase in change.entered:
                spec = self.corpus.phase(phase)
                holding[phase] = dict(
                    phase=phase,
                    title=clean(spec.title),
                    region=spec.region,
                    entered_at=change.at,
                    entered_scenario_time=change.scenario_time,
                    entered_step=step,
                    left_at=None,
                    left_scenario_time=None,
                    left_step=None,
                )
                periods.append(holding[phase])
        determinations = self.determinations
        counts = CountSummary(
            injects_delivered=len(state.delivered),
            adhoc_injects=len(state.adhoc_injects),
            decisions=len(state.decisions),
            determinations=len(state.determinations),
            declined_determinations=sum(1 for d in state.determinations if not d.answer),
            orders=len(state.recorded_determinations),
            citations=len(state.citations),
            withdrawn_citations=len(state.withdrawals),
            out_of_phase_citations=sum(1 for c in state.citations if c.out_of_phase),
            notes=len(state.notes),
            ratings=len(state.ratings),
            hot_wash=len(state.hot_wash),
            improvement_items=len(state.improvement_plan),
        )
        return Summary(
            phase_changes=tuple(change for _, change in changes),
            periods=tuple(PhasePeriod(**p) for p in periods),
            final_phases=state.phases,
            determinations=determinations,
            orders=self.orders,
            counts=counts,
        )

    def prompts(self) -> tuple[PromptEntry, ...]:
        """Every prompt with its answers by cell (cells in the scenario's order), a poll's tally,
        and a self-rating's evaluator rating beside the cells' own."""
        cells = {cell.id: clean(cell.name) for cell in self.loaded.scenario.cells}
        order = {cell: n for n, cell in enumerate(cells)}
        ratings = {(r.inject, r.action): r for r in self.state.ratings}
        revoked = {s.seat: s.revoked_at for s in self.state.seats if s.revoked_at is not None}
        entries = []
        for prompt in self.state.prompts:
            grouped = prompt.answers_by_cell()
            by_cell = tuple(
                CellAnswers(
                    cell=cell,
                    cell_name=cells.get(cell, cell),
                    answers=tuple(
                        row(
                            CellAnswer,
                            a,
                            choice=clean(prompt.options[a.choice]) if a.choice is not None else None,
                            seat_revoked_at=revoked.get(a.seat) if a.seat is not None else None,
                        )
                        for a in grouped[cell]
                    ),
                )
                for cell in sorted(grouped, key=lambda c: order.get(c, len(order)))
            )
            rated = (
                ratings.get((prompt.inject, prompt.action))
                if prompt.inject is not None and prompt.action is not None
                else None
            )
            entries.append(
                PromptEntry(
                    prompt=prompt.prompt,
                    kind=prompt.kind,
                    text=clean(prompt.text),
                    inject=prompt.inject,
                    inject_title=self.titles.get(prompt.inject) if prompt.inject else None,
                    cells=tuple(cells.get(c, c) for c in prompt.cells),
                    opened_at=prompt.at,
                    closed_at=prompt.closed_at,
                    revealed=prompt.revealed,
                    by_cell=by_cell,
                    poll=tuple(
                        PollResult(option=clean(o), votes=v)
                        for o, v in zip(prompt.options, prompt.tally(), strict=True)
                    ),
                    evaluator_rating=rated.rating if rated is not None else None,
                    evaluator_observation=clean(rated.observation) if rated is not None else "",
                )
            )
        return tuple(entries)

    @cached_property
    def hot_wash(self) -> tuple[HotWashItem, ...]:
        return tuple(row(HotWashItem, h, recorded_by=_by(h.by)) for h in self.state.hot_wash)

    def seats(self) -> tuple[SeatEntry, ...]:
        """Each seat that recorded, facilitator first, with what it recorded (from the journal)."""
        return tuple(
            SeatEntry.model_construct(
                seat=clean(tally.seat.label),
                role=tally.seat.role,
                cell=clean(tally.seat.cell) if tally.seat.cell is not None else None,
                name=clean(tally.seat.name),
                notes=tally.notes,
                decisions=tally.decisions,
                ratings=tally.ratings,
                hot_wash=tally.hot_wash,
                other=tally.other,
            )
            for tally in records_by_seat(self.record.events, self.state.ratings)
        )

    @cached_property
    def determinations(self) -> tuple[DeterminationEntry, ...]:
        return tuple(
            row(
                DeterminationEntry,
                d,
                move_title=self.move_titles.get(d.trigger, d.trigger),
                strength=self.gate_strengths.get((d.trigger, d.gate)),
                **self._clock(d),
            )
            for d in self.state.determinations
        )

    @cached_property
    def gate_strengths(self) -> dict[tuple[str, str], str]:
        """(trigger, gate) to `policy` or `statutory`, as the stored rules file says."""
        found: dict[tuple[str, str], str] = {}
        for spec in self.corpus.transitions:
            for gate in spec.gates:
                found.setdefault((spec.trigger, gate.id), gate.strength)
        return found

    def moves(self) -> tuple[MoveOutcome, ...]:
        """The determinations grouped by the answer that recorded them: one entry per time a move was asked."""
        asked: dict[int, list[Any]] = {}
        for d in self.state.determinations:
            asked.setdefault(d.seq, []).append(d)
        outcomes = []
        for answers in asked.values():
            first = answers[0]
            outcomes.append(
                MoveOutcome(
                    trigger=first.trigger,
                    move_title=self.move_titles.get(first.trigger, first.trigger),
                    inject=first.inject,
                    scenario_time=self._move_time(first),
                    fired=first.fired,
                    deciders=tuple(dict.fromkeys(clean(a.authority) for a in answers if a.authority)),
                    declined_by=tuple(dict.fromkeys(clean(a.authority) for a in answers if not a.answer)),
                    assumed=all(a.assumed for a in answers),
                    at=first.at,
                )
            )
        return tuple(outcomes)

    def _move_time(self, answer: Determination) -> str | None:
        """The scenario time of a move put to the room, in every table that shows it (the key
        determinations, the moves between phases, the phases entered and left): the time the room
        answered at, as recorded with its answer; in a journal older than that record, the time of
        the move's inject, else of the inject in front of the room (a move made by hand)."""
        return answer.scenario_time or self.scenario_time(answer.inject or self.current_at(answer.seq))

    def executive_summary(self, coverage: ClauseCoverage, plan: tuple[ImprovementPlanItem, ...]) -> ExecutiveSummary:
        return ExecutiveSummary(
            phases_entered=self.entered,
            moves=self.moves(),
            top_strengths=tuple(h for h in self.hot_wash if h.kind == "strength")[:TOP_FINDINGS],
            top_areas_for_improvement=tuple(h for h in self.hot_wash if h.kind == "improvement")[:TOP_FINDINGS],
            improvement_plan=PlanSize(
                items=len(plan),
                drafts=sum(1 for i in plan if i.status == "draft"),
                open=sum(1 for i in plan if i.status == "open"),
                closed=sum(1 for i in plan if i.status == "closed"),
            ),
            clauses_applicable=sum(c.applicable for c in coverage.chapters),
            clauses_exercised=sum(c.exercised for c in coverage.chapters),
            clauses_presented=sum(c.presented for c in coverage.chapters),
            clauses_discussed=sum(c.discussed for c in coverage.chapters),
            clauses_cited=sum(c.cited for c in coverage.chapters),
        )

    @cached_property
    def orders(self) -> tuple[OrderEntry, ...]:
        return tuple(row(OrderEntry, d, **self._clock(d)) for d in self.state.recorded_determinations)

    def _clock(self, d: Determination | RecordedDetermination) -> dict[str, Any]:
        """The decision clock in scenario time and what the room recorded meanwhile."""
        done = meanwhile(self.state, d)
        return {
            "scenario_lapse": scenario_lapse(d.development_time, d.scenario_time),
            "meanwhile": None if done is None else MeanwhileCount.model_construct(**done.as_data()),
        }

    def timeline(self) -> Timeline:
        steps = tuple(
            TimelineStep.model_construct(
                step=n,
                inject=visit.inject,
                title=self.titles.get(visit.inject, visit.inject),
                scenario_time=self.scenario_time(visit.inject),
                at=visit.at,
                phases=self.lanes(self.phases_at(visit.seq)),
                returned=visit.via == "back",
            )
            for n, visit in enumerate(self.state.visits, start=1)
        )
        return Timeline(
            lanes=tuple(
                RegionLane(id=r.id, title=clean(r.title), empty_title=clean(r.empty_title) if r.empty_title else None)
                for r in self.corpus.regions
            ),
            start=self.lanes(self.start),
            steps=steps,
        )

    def inject_entries(self) -> tuple[InjectEntry, ...]:
        state = self.state
        first_visit: dict[str, tuple[int, Visit]] = {}
        for n, visit in enumerate(state.visits, start=1):
            first_visit.setdefault(visit.inject, (n, visit))
        adhoc = {a.id: a for a in state.adhoc_injects}
        withdrawn: dict[str, list[Withdrawal]] = {}
        for w in state.withdrawals:
            withdrawn.setdefault(w.citation.inject, []).append(w)
        ratings = {(r.inject, r.action): r for r in state.ratings}
        citations: defaultdict[str, list[CitationRecord]] = defaultdict(list)
        notes: defaultdict[str | None, list[NoteEntry]] = defaultdict(list)
        decisions: defaultdict[str | None, list[DecisionEntry]] = defaultdict(list)
        for c in state.citations:
            citations[c.inject].append(c)
        for note in state.notes:
            notes[note.inject].append(row(NoteEntry, note, recorded_by=_by(note.by)))
        for decision in state.decisions:
            decisions[decision.inject].append(row(DecisionEntry, decision, recorded_by=_by(decision.by)))
        without_move = {v.inject for v in state.visits if v.without_move}
        asked: defaultdict[str | None, list[DeterminationEntry]] = defaultdict(list)
        for determination in self.determinations:
            asked[determination.inject].append(determination)
        ordered: defaultdict[str | None, list[OrderEntry]] = defaultdict(list)
        for order in self.orders:
            ordered[order.inject].append(order)
        cells = {cell.id: clean(cell.name) for cell in self.loaded.scenario.cells}
        modules = {module.id: clean(module.title) for module in self.loaded.scenario.modules}
        entries = []
        for inject_id in state.delivered:
            step, visit = first_visit[inject_id]
            scripted = self.injects.get(inject_id)
            cited = [self._citation(c, None) for c in citations[inject_id]]
            cited += [self._citation(w.citation, clean(w.reason)) for w in withdrawn.get(inject_id, ())]
            cited.sort(key=lambda c: c.at)
            actions: tuple[ExpectedActionEntry, ...] = ()
            if scripted is not None:
                actions = tuple(
                    self._action(inject_id, n, action, ratings.get((inject_id, n)))
                    for n, action in enumerate(scripted.expected_actions)
                )
            entries.append(
                built(
                    InjectEntry,
                    dict(
                        step=step,
                        id=inject_id,
                        title=self.titles.get(inject_id, inject_id),
                        adhoc=inject_id in adhoc,
                        contingency=bool(scripted and scripted.contingency),
                        without_move=inject_id in without_move,
                        module=modules.get(scripted.module) if scripted and scripted.module else None,
                        scenario_time=self.scenario_time(inject_id),
                        at=visit.at,
                        phases=self.phases_at(visit.seq),
                        addressees=tuple(cells.get(c, clean(c)) for c in (scripted.to if scripted else ())),
                        narrative=clean(scripted.narrative if scripted else adhoc[inject_id].narrative),
                        citations=tuple(cited),
                        notes=tuple(notes[inject_id]),
                        decisions=tuple(decisions[inject_id]),
                        expected_actions=actions,
                        determinations=tuple(asked[inject_id]),
                        orders=tuple(ordered[inject_id]),
                    ),
                )
            )
        return tuple(entries)

    def _citation(self, c: CitationRecord, withdrawal_reason: str | None) -> CitationEntry:
        return row(
            CitationEntry,
            c,
            title=self.clause_titles[c.clause],
            excerpt=self.excerpts[c.clause],
            withdrawn=withdrawal_reason is not None,
            withdrawal_reason=withdrawal_reason or "",
        )

    @staticmethod
    def _action(inject_id: str, n: int, action: ExpectedAction, rating: RatingRecord | None) -> ExpectedActionEntry:
        return built(
            ExpectedActionEntry,
            dict(
                inject=inject_id,
                key=action_key(n),
                action=clean(action.action),
                responsible=clean(action.responsible) if action.responsible else None,
                objective=action.objective,
                rating=rating.rating if rating else None,
                observation=clean(rating.observation) if rating else "",
                rated_by=_by(rating.by) if rating else "",
            ),
        )

    def objectives(self, injects: tuple[InjectEntry, ...]) -> tuple[ObjectiveEntry, ...]:
        serving_each: defaultdict[str | None, list[ExpectedActionEntry]] = defaultdict(list)
        for inject in injects:
            for action in inject.expected_actions:
                serving_each[action.objective].append(action)
        found_each: defaultdict[str | None, list[HotWashItem]] = defaultdict(list)
        for finding in self.hot_wash:
            found_each[finding.objective].append(finding)
        # The session's citations are those in force (withdrawn ones are not among them).
        in_force: defaultdict[str, list[CitationRecord]] = defaultdict(list)
        for citation in self.state.citations:
            in_force[citation.inject].append(citation)
        rule = ExerciseRule(self.corpus)
        result = []
        for objective in self.loaded.scenario.objectives:
            serving = tuple(serving_each.get(objective.id, ()))
            tally: Counter[str] = Counter(a.rating or "unrated" for a in serving)
            rated = [RATINGS.index(a.rating) for a in serving if a.rating]
            for_clause: dict[str, list[str]] = {}
            taken: dict[str, str] = {}
            standing: dict[str, Applicability] = {}
            counted_for: defaultdict[str, set[str]] = defaultdict(set)
            cited_for = sorted(
                ((served, c) for served in dict.fromkeys(a.inject for a in serving) for c in in_force.get(served, ())),
                key=lambda pair: (pair[1].at, pair[1].clause, pair[0]),
            )
            for served, citation in cited_for:
                clause_id = citation.clause
                for_clause.setdefault(clause_id, []).append(served)
                counted = rule.standing(citation)  # section 4's rule: out of phase counts for nothing
                if counted is None:
                    continue
                counted_for[clause_id].add(served)
                taken[clause_id] = _further(taken.get(clause_id), citation.coverage)
                if standing.get(clause_id) != "applies":
                    standing[clause_id] = counted
            result.append(
                ObjectiveEntry(
                    id=objective.id,
                    text=clean(objective.text),
                    capability=clean(objective.capability) if objective.capability else None,
                    actions=serving,
                    ratings={key: tally[key] for key in (*RATINGS, "unrated")},
                    hot_wash=tuple(found_each.get(objective.id, ())),
                    lowest_rating=RATINGS[max(rated)] if rated else None,
                    clauses=tuple(
                        ObjectiveClause(
                            clause=clause.id,
                            title=clean(clause.title),
                            injects=tuple(dict.fromkeys(for_clause[clause.id])),
                            taken_up=taken.get(clause.id),
                            applicability=standing.get(clause.id),
                            out_of_phase=tuple(
                                dict.fromkeys(i for i in for_clause[clause.id] if i not in counted_for[clause.id])
                            ),
                        )
                        for clause in self.corpus.in_order(for_clause)
                    ),
                )
            )
        return tuple(result)

    def citation_index(self) -> tuple[CitationIndexEntry, ...]:
        cited: dict[str, list[str]] = {}
        withdrawn: dict[str, list[str]] = {}
        for c in self.state.citations:
            cited.setdefault(c.clause, []).append(c.inject)
        for w in self.state.withdrawals:
            withdrawn.setdefault(w.citation.clause, []).append(w.citation.inject)
        return tuple(
            CitationIndexEntry(
                clause=clause.id,
                title=clean(clause.title),
                injects=tuple(dict.fromkeys(cited.get(clause.id, ()))),
                withdrawn_from=tuple(dict.fromkeys(withdrawn.get(clause.id, ()))),
            )
            for clause in self.corpus.in_order([*cited, *withdrawn])
        )


class _ClauseTitles(dict[str, str]):
    """Clause id to its title, cleaned, computed on first use."""

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus

    def __missing__(self, clause_id: str) -> str:
        self[clause_id] = value = clean(self.corpus.clause(clause_id).title)
        return value


class _Excerpts(dict[str, str]):
    """Clause id to the excerpt a citation shows, computed on first use."""

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus

    def __missing__(self, clause_id: str) -> str:
        clause = self.corpus.clause(clause_id)
        self[clause_id] = value = clean(excerpt(clause.text or _first_child_text(self.corpus, clause_id)))
        return value


def _first_child_text(corpus: Corpus, clause_id: str) -> str:
    """A chapter or section heading has no text of its own: its first sub-clause with text stands in."""
    for descendant in corpus.subtree(clause_id)[1:]:
        text = corpus.clause(descendant).text
        if text:
            return text
    return ""
