"""A live tabletop session: every facilitator operation, checked, journaled, then acknowledged.

The Textual console, the CLI (`dry-run`, `status`, `export`, `import`) and
the reports are thin layers over `Session`. Each operation builds one event,
checks it against the state (`Fold.check`: unknown ids, illegal moves,
unanswered gates and an ended session are refused and record nothing),
appends it to the SQLite journal (durable when `append` returns), applies it
to the live fold and returns it. The state is never changed any other way.

`Session.open(path)` rebuilds a session from its file alone: the rules and
scenario texts stored in it at the start, and its events. A session opened a
year later shows what was on screen, whatever the files on disk say now.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta, UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from tabletop.errors import (
    GatesUnanswered,
    InputError,
    RefusedError,
    SessionEnded,
    SessionFileError,
    TabletopError,
    TransitionRefused,
    UsageError,
)
from tabletop.rules import Corpus
import tabletop.session._events as ev
from tabletop.session._fold import Fold
from tabletop.session._navigation import END_OF_SCENARIO, EntryPlan, PhaseOracle, ScenarioView
from tabletop.session._snapshot import (
    ClockView,
    ExpectedActionView,
    InjectStatus,
    InjectSummary,
    InjectView,
    ObjectiveView,
    OptionView,
    QuestionView,
    SessionSnapshot,
    Step,
    action_key,
    determination_view,
    move_view,
    region_views,
    safely,
)
from tabletop.session._state import AdHocInject, DecisionOption, ExpectedActionRating, SessionState
from tabletop.session._journal import Journal
from tabletop.session._store import SESSION_SUFFIX, Document, SessionJournal, text_sha256

if TYPE_CHECKING:
    from pydantic import BaseModel

    from tabletop.phases import Move
    from tabletop.rules import Gate
    from tabletop.scenario import Inject, LoadedScenario
    from tabletop.session._citations import Citation
    from tabletop.session._record import SessionRecord

__all__ = [
    "SESSION_DIR_ENV",
    "Session",
    "default_session_dir",
    "open_session",
    "rebuild_sources",
    "resolve_session_path",
    "session_folder",
    "session_ids",
    "start_session",
]

SESSION_DIR_ENV = "TABLETOP_SESSION_DIR"
"""Environment variable naming the folder new sessions are written to."""

Clock = Callable[[], datetime]

_F = TypeVar("_F", bound=Callable[..., Any])


def _locked(method: _F) -> _F:
    """Run a method under the session's lock: one command or snapshot at a time, from any thread."""

    @functools.wraps(method)
    def run(self: Session, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return cast(_F, run)


def default_session_dir() -> Path:
    """Where sessions are written: `$TABLETOP_SESSION_DIR`, else `./sessions`."""
    return Path(os.environ.get(SESSION_DIR_ENV) or "sessions")


def session_folder(session_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder sessions are written to and looked up in: `session_dir` when given, else `default_session_dir()`."""
    return Path(session_dir) if session_dir else default_session_dir()


def session_ids(folder: str | os.PathLike[str]) -> list[str]:
    """Ids of the session files in `folder`, oldest first ([] when it cannot be read)."""
    try:
        files = [p for p in Path(folder).iterdir() if p.name.endswith(SESSION_SUFFIX) and not p.name.startswith(".")]
    except OSError:
        return []
    return [p.name.removesuffix(SESSION_SUFFIX) for p in sorted(files, key=lambda p: (_mtime(p), p.name))]


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # a dangling link or a file removed meanwhile sorts first
        return 0.0


def resolve_session_path(session: str | os.PathLike[str], session_dir: str | os.PathLike[str] | None = None) -> Path:
    """A session given as a path, or as an id found in the session folder."""
    path = Path(session)
    if path.exists() or path.suffix or os.sep in str(session):
        return path
    folder = session_folder(session_dir)
    candidate = folder / f"{session}{SESSION_SUFFIX}"
    return candidate if candidate.exists() else path


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:40].rstrip("-") or "session"


def new_session_id(scenario_key: str, now: datetime) -> str:
    """Readable and unique: the scenario's id, the UTC start time and a short random suffix."""
    return f"{_slug(scenario_key)}-{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


class Session:
    """One exercise session bound to its journal file. Start with `start()`, reopen with `open()`.

    Threads: every command and `snapshot()` takes the session's lock, so a session may be
    used from a worker thread (one at a time; others wait). A command blocks until its event
    is committed (`synchronous=FULL`: a disk flush, a few milliseconds); an event loop calls
    commands from a worker thread and draws from the snapshot the command's completion brings.
    """

    def __init__(
        self,
        journal: Journal,
        corpus: Corpus,
        scenario: LoadedScenario,
        *,
        view: ScenarioView | None = None,
        fold: Fold | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._journal = journal
        self.corpus = corpus
        self.scenario = scenario
        """The `LoadedScenario` the session plays (rebuilt from the stored text on open)."""
        self.view = view or ScenarioView(scenario)
        self._fold = fold or Fold(corpus, self.view, PhaseOracle(corpus))
        self._clock = clock or _utcnow
        self._index: Any = None
        self._lock = threading.RLock()
        # The inject list of the last snapshot: (ad-hoc count, current, delivered count, rows, row of id).
        self._rows: tuple[int, str | None, int, list[InjectSummary], dict[str, int]] | None = None
        # The console asks for suggestions on every redraw; they change only when the
        # inject in front of the room or the phases change.
        self._suggested: tuple[tuple[str, tuple[str, ...], int | None], list[Citation]] | None = None

    # -- starting and opening ------------------------------------------------

    @classmethod
    def start(
        cls,
        scenario: LoadedScenario,
        corpus: Corpus,
        *,
        session_dir: str | os.PathLike[str] | None = None,
        clock: Clock | None = None,
        facilitator: str = "",
    ) -> Session:
        """Start a session from a loaded scenario; the file is complete before this returns.

        `facilitator` names who runs the session; it is kept in the file's metadata
        (`SessionRecord.metadata["facilitator"]`) for the after-action report's cover.
        """
        with cls.building(scenario, corpus, session_dir=session_dir, clock=clock, facilitator=facilitator) as session:
            pass
        session._journal = SessionJournal.open(session._journal.path)
        return session

    @classmethod
    @contextlib.contextmanager
    def building(
        cls,
        scenario: LoadedScenario,
        corpus: Corpus,
        *,
        session_dir: str | os.PathLike[str] | None = None,
        clock: Clock | None = None,
        dry_run: bool = False,
        facilitator: str = "",
    ) -> Iterator[Session]:
        """A new session whose events, until the block ends, go into one transaction of a new file.

        The file appears under its final name only when the block completes; if the block
        raises, no file is left. For sessions played headlessly in one go (a dry-run, a
        script): far fewer disk flushes than one per event. `dry_run` marks the session.
        """
        clock = clock or _utcnow
        now = clock()
        info = scenario.scenario.exercise
        key = (info.id if info is not None and info.id else None) or Path(scenario.path).stem
        session_id = new_session_id(key, now)
        folder = session_folder(session_dir)
        path = folder / f"{session_id}{SESSION_SUFFIX}"
        names = list(scenario.files)
        documents = [Document.of(names[0], "scenario", scenario.files[names[0]])]
        documents += [Document.of(name, "include", scenario.files[name]) for name in names[1:]]
        documents.append(Document.of(corpus.path.name, "rules", corpus.text))
        metadata = {"session_id": session_id, "created_at": now.isoformat(), "tabletop_version": _version()}
        if facilitator:
            metadata["facilitator"] = facilitator
        with SessionJournal.building(path, metadata, documents) as journal:
            session = cls(journal, corpus, scenario, clock=clock)
            session._record(
                ev.SessionStarted(
                    session_id=session_id,
                    scenario_title=scenario.scenario.title,
                    scenario_name=names[0],
                    scenario_sha256=scenario.sha256,
                    rules_sha256=text_sha256(corpus.text),
                    phases=tuple(scenario.start_phases),
                    dry_run=dry_run,
                    tabletop_version=_version(),
                ),
                at=now,
            )
            yield session

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, readonly: bool = False, live: bool = False, clock: Clock | None = None
    ) -> Session:
        """Rebuild a session from its file: stored rules, stored scenario, replayed events.

        `readonly` opens the file so that nothing can change it (status,
        export, reports). `live` (read-only) also sees the events another
        program commits afterwards: `refresh()` applies them. Raises
        `SessionFileError` for anything that is not an intact session this
        version can read.
        """
        # In a folder nobody can write to, no program can be recording: read the file as it is.
        live = live and os.access(Path(path).parent, os.W_OK)
        return cls.from_journal(SessionJournal.open(path, readonly=readonly or live, live=live), clock=clock)

    @classmethod
    def from_journal(cls, journal: Journal, *, clock: Clock | None = None) -> Session:
        """Rebuild a session from an open journal of either engine (a session file, or a session
        in a database), checked as `open` checks a file. The session owns the journal: it is
        closed with the session, or at once when the journal is refused."""
        try:
            documents = journal.documents()
            corpus, scenario = rebuild_sources(journal.path, documents)
            session = cls(journal, corpus, scenario, clock=clock)
            session._replay(journal.events(), documents)
            journal.verify_digest()
        except BaseException:
            journal.close()
            raise
        return session

    def _replay(self, events: Sequence[ev.Event], documents: Sequence[Document]) -> None:
        if not events or events[0].type != "session_started":
            raise SessionFileError(f"{self.path}: the session file is damaged (it has no session_started event)")
        stored = {d.role: d for d in documents}
        started = events[0].payload
        if (
            not isinstance(started, ev.SessionStarted)
            or started.scenario_sha256 != self.scenario.sha256
            or started.rules_sha256 != stored["rules"].sha256
        ):
            raise SessionFileError(
                f"{self.path}: the session file is damaged (stored documents do not match the journal)"
            )
        self._apply_stored(events)

    def _apply_stored(self, events: Sequence[ev.Event]) -> None:
        """Check and apply events read from the file; one that cannot follow is damage."""
        for event in events:
            try:
                self._fold.check(event)
            except TabletopError as exc:
                raise SessionFileError(
                    f"{self.path}: the session file is damaged (event {event.seq}, {event.type}: {exc})"
                ) from None
            self._fold.apply(event)

    # -- what there is to see ------------------------------------------------

    @property
    def path(self) -> Path | str:
        """The session file; for a session in a database, the database and the session id (a label)."""
        return self._journal.path

    @property
    def id(self) -> str:
        return self.state.session_id

    @property
    def state(self) -> SessionState:
        """The state now (an immutable snapshot; cheap to ask for repeatedly)."""
        return self._fold.state()

    @property
    def readonly(self) -> bool:
        return self._journal.readonly

    @property
    def next_inject(self) -> str | None:
        """What `deliver_next` would deliver (None at the end of the scenario); cheaper than
        `state.next_inject` when nothing else of the state is needed."""
        return self._fold.next_inject()

    @classmethod
    def follow(cls, path: str | os.PathLike[str], *, clock: Clock | None = None) -> Session:
        """Open a session another program may be recording, read-only; `refresh()` catches up."""
        return cls.open(path, live=True, clock=clock)

    @_locked
    def refresh(self) -> tuple[ev.Event, ...]:
        """Apply the events committed since this session was opened or last refreshed (read-only
        sessions; a writer's own session is always current). Returns the new events."""
        new = tuple(self._journal.events(since=self._fold.last_seq))
        self._apply_stored(new)
        return new

    def events(self, since: int = 0) -> list[ev.Event]:
        """The journal read back from the file: every event after seq `since` (all by default)."""
        return self._journal.events(since=since)

    def documents(self) -> list[Document]:
        """The stored scenario files and rules file, each with its SHA-256."""
        return self._journal.documents()

    def metadata(self) -> dict[str, str]:
        """The session file's metadata (format version, session id, facilitator, journal digest)."""
        return self._journal.metadata()

    def inject(self, inject_id: str | None = None) -> Inject | AdHocInject:
        """A scenario `Inject` or an `AdHocInject` (the current one by default)."""
        inject_id = inject_id if inject_id is not None else self._fold.current
        if inject_id is None:
            raise RefusedError("no inject has been delivered yet")
        if inject_id in self._fold.adhoc:
            return self._fold.adhoc[inject_id]
        return self.view.inject(inject_id)

    def options(self) -> tuple[DecisionOption, ...]:
        """The current inject's decision options, the default one marked; empty when there is no
        decision to take (no inject yet, an ad-hoc inject, or an inject without options)."""
        current = self._fold.current
        if current is None or current in self._fold.adhoc:
            return ()
        return self.view.options(current)

    def rating_sheet(self) -> tuple[ExpectedActionRating, ...]:
        """Every expected action of the scenario, in file order, with its latest rating (or None)."""
        ratings = {(r.inject, r.action): r for r in self.state.ratings}
        delivered = set(self.state.delivered)
        return tuple(
            ExpectedActionRating(
                inject=inject.id,
                inject_title=inject.title,
                key=action_key(n),
                index=n,
                action=action.action,
                responsible=action.responsible,
                objective=action.objective,
                delivered=inject.id in delivered,
                rating=ratings.get((inject.id, n)),
            )
            for inject in self.view.injects.values()
            for n, action in enumerate(inject.expected_actions or ())
        )

    def legal_moves(self) -> list[Move]:
        """The phase machine's legal moves from the phases now (`Move`: trigger, dest, gates, basis)."""
        return list(self._fold.oracle.machine(self._fold.phases).legal_moves())

    def entry_plan(self, inject_id: str | None = None) -> EntryPlan | None:
        """The transition delivering `inject_id` (the next inject by default) would fire, if any.

        Raises `TransitionRefused` when delivering it is not possible from
        here (its phase is more than one legal move away).
        """
        inject_id = self._target(inject_id)
        if inject_id in self._fold.adhoc:
            return None
        return self._fold.oracle.entry(self._fold.phases, self.view.inject(inject_id))

    def pending_gates(self, inject_id: str | None = None) -> tuple[Gate, ...]:
        """The gates the room must answer before `inject_id` (the next inject by default) can be
        delivered: the rules' `Gate` objects (id, question, authority, strength, reference); empty
        when delivering it enters no gated phase."""
        plan = self.entry_plan(inject_id)
        return plan.gates if plan is not None else ()

    @_locked
    def suggestions(self, limit: int | None = 10) -> list[Citation]:
        """Clauses to put in front of the facilitator for the current inject, best first.

        Each is a `tabletop.session._citations.Citation` with a reason ("cited
        by scenario", "tag: maritime", "matches: ..."). Only the scenario's own
        citations can be out of phase: they are kept, flagged `out_of_phase`,
        below the ones that apply, so that none silently disappears.
        """
        from tabletop.rules import ClauseIndex
        from tabletop.session._citations import rank_citations

        current = self._fold.current
        if current is None:
            return []
        key = (current, self._fold.phases, limit)
        if self._suggested is not None and self._suggested[0] == key:
            return list(self._suggested[1])
        inject = self.inject(current)
        cited: tuple[str, ...]
        if isinstance(inject, AdHocInject):
            cited, text = (), f"{inject.title}\n{inject.narrative}"
        else:
            cited = tuple(inject.cite)
            questions = [q if isinstance(q, str) else q.text for q in inject.questions]
            text = "\n".join([inject.title, inject.narrative, *questions])
        if self._index is None:
            self._index = ClauseIndex.for_corpus(self.corpus)
        # The scenario's own citations always show, flagged when they do not apply now.
        ranked = rank_citations(
            self.corpus,
            self._index,
            self._fold.phases,
            cited=cited,
            tags=tuple(inject.tags),
            text=text,
            limit=limit,
            include_out_of_phase=True,
        )
        self._suggested = (key, ranked)
        return list(ranked)

    @_locked
    def preview(self, inject_id: str | None = None) -> Step:
        """What delivering `inject_id` (the next inject by default) would do now, as a value:
        the move it makes with its gates, or why it is refused. Never raises for a known inject."""
        if inject_id is None:
            inject_id = self._fold.next_inject()
            if inject_id is None:
                reason = "the session has ended" if self._fold.ended_at is not None else END_OF_SCENARIO
                return Step(None, None, None, reason)
        if not self._fold.knows_inject(inject_id):
            return Step(inject_id, None, None, f"there is no inject {inject_id!r}")
        title = self.inject(inject_id).title
        if self._fold.ended_at is not None:
            return Step(inject_id, title, None, "the session has ended; nothing more can be recorded in it")
        try:
            plan = self.entry_plan(inject_id)
        except TransitionRefused as exc:
            return Step(inject_id, title, None, str(exc), out_of_reach=True)
        if plan is None:
            return Step(inject_id, title, None, None)
        move = self._fold.oracle.machine(self._fold.phases).legal_move(plan.trigger)
        declined = self._fold.declined
        return Step(
            inject_id,
            title,
            move_view(move, plan.stated) if move is not None else None,
            None,
            declined=declined is not None and declined.inject == inject_id and declined.trigger == plan.trigger,
        )

    @_locked
    def snapshot(self) -> SessionSnapshot:
        """Everything a screen draws, frozen: see `tabletop.session._snapshot`. Never raises on a
        session that could be opened."""
        state = self.state
        fold = self._fold
        now = max(self._clock(), state.last_at) if state.ended_at is None else state.last_at
        current = safely(lambda: self._inject_view(state), None)
        options = tuple(
            OptionView(o.index, o.label, o.target, o.default, o.notes, self.preview(o.target))
            for o in safely(self.options, ())
        )
        info = self.scenario.scenario.exercise
        clock = state.clock
        paused_total = sum((pause.duration(now) for pause in clock.pauses), timedelta(0))
        return SessionSnapshot(
            session_id=state.session_id,
            title=state.scenario_title,
            classification=info.classification if info is not None else None,
            dry_run=state.dry_run,
            readonly=self.readonly,
            ended=state.ended,
            closing_summary=state.closing_summary,
            regions=region_views(self.corpus, state.phases),
            phases=state.phases,
            current=current,
            injects=self._inject_list(state),
            options=options,
            next=self.preview(),
            back_to=state.back_to,
            legal_moves=tuple(move_view(m) for m in fold.oracle.machine(fold.phases).legal_moves()),
            suggestions=tuple(safely(self.suggestions, [])),
            citations=state.current_citations,
            all_citations=state.citations,
            withdrawals=state.withdrawals,
            notes=state.notes,
            decisions=state.decisions,
            determinations=state.determinations,
            declined=state.declined,
            available_determinations=tuple(
                determination_view(d, getattr(self.inject(), "determinations", None) if state.current else None)
                for d in fold.oracle.machine(fold.phases).available_determinations()
            ),
            recorded_determinations=state.recorded_determinations,
            objectives=tuple(ObjectiveView(o.id, o.text, o.capability) for o in self.scenario.scenario.objectives),
            hot_wash=state.hot_wash,
            improvement_plan=state.improvement_plan,
            clock=ClockView(
                scenario_time=current.time if current is not None else None,
                elapsed=clock.elapsed(now),
                paused=not clock.running and state.ended_at is None,
                paused_total=paused_total,
                state=clock,
                taken_at=now,
            ),
            state=state,
        )

    def _inject_view(self, state: SessionState) -> InjectView | None:
        current = state.current
        if current is None:
            return None
        without_move = next((v.without_move for v in reversed(state.visits) if v.inject == current), False)
        adhoc = self._fold.adhoc.get(current)
        if adhoc is not None:
            return InjectView(
                id=adhoc.id,
                title=adhoc.title,
                narrative=adhoc.narrative,
                time=None,
                phase=None,
                trigger=None,
                module=None,
                module_title=None,
                to=(),
                tags=adhoc.tags,
                questions=(),
                expected_actions=(),
                facilitator_notes=None,
                cite=(),
                adhoc=True,
                contingency=False,
                without_move=False,
            )
        inject = self.view.inject(current)
        scenario = self.scenario.scenario
        cells = {cell.id: cell.name for cell in scenario.cells}
        modules = {module.id: module.title for module in scenario.modules}
        ratings = {r.action: r for r in state.ratings if r.inject == current}
        questions = tuple(
            QuestionView(q, None, None, None)
            if isinstance(q, str)
            else QuestionView(q.text, q.cell, cells.get(q.cell) if q.cell else None, q.organisation)
            for q in inject.questions
        )
        actions = tuple(
            ExpectedActionView(action_key(n), a.action, a.responsible, a.objective, ratings.get(n))
            for n, a in enumerate(inject.expected_actions)
        )
        return InjectView(
            id=inject.id,
            title=inject.title,
            narrative=inject.narrative,
            time=inject.time,
            phase=inject.phase,
            trigger=inject.trigger,
            module=inject.module,
            module_title=modules.get(inject.module) if inject.module else None,
            to=tuple(inject.to),
            tags=tuple(inject.tags),
            questions=questions,
            expected_actions=actions,
            facilitator_notes=inject.facilitator_notes,
            cite=tuple(inject.cite),
            adhoc=False,
            contingency=inject.contingency,
            without_move=without_move,
        )

    def _inject_list(self, state: SessionState) -> tuple[InjectSummary, ...]:
        """The inject list; rows are rebuilt only where a status changed since the last call, so
        that a snapshot costs the same with 5,000 injects as with 50."""

        def status(inject_id: str) -> InjectStatus:
            if inject_id == state.current:
                return "current"
            return "delivered" if inject_id in delivered else "pending"

        delivered = set(state.delivered)
        cache = self._rows
        if cache is None or cache[0] != len(state.adhoc_injects):
            rows = self._all_rows(state, status)
            self._rows = (
                len(state.adhoc_injects),
                state.current,
                len(state.delivered),
                rows,
                {row.id: n for n, row in enumerate(rows)},
            )
            return tuple(rows)
        _, current, count, rows, where = cache
        for inject_id in {current, state.current, *state.delivered[count:]} - {None}:
            n = where[inject_id]  # type: ignore[index]
            if rows[n].status != status(rows[n].id):
                rows[n] = dataclasses.replace(rows[n], status=status(rows[n].id))
        self._rows = (len(state.adhoc_injects), state.current, len(state.delivered), rows, where)
        return tuple(rows)

    def _all_rows(self, state: SessionState, status: Callable[[str], InjectStatus]) -> list[InjectSummary]:
        modules = {module.id: module.title for module in self.scenario.scenario.modules}
        on_path = self.view.default_position
        rows = [
            InjectSummary(
                inject.id,
                inject.title,
                inject.time,
                inject.phase,
                inject.module,
                modules.get(inject.module) if inject.module else None,
                inject.contingency,
                False,
                status(inject.id),
                inject.id in on_path,
            )
            for inject in self.view.injects.values()
        ]
        # An improvised inject is listed after the inject that was in front of the room when it came.
        previous: dict[str, str | None] = {}
        last: str | None = None
        for visit in state.visits:
            if visit.via == "adhoc" and visit.inject not in previous:
                previous[visit.inject] = last
            last = visit.inject
        for adhoc in state.adhoc_injects:
            row = InjectSummary(adhoc.id, adhoc.title, None, None, None, None, False, True, status(adhoc.id), False)
            after = previous.get(adhoc.id)
            at = next((n + 1 for n, r in enumerate(rows) if r.id == after), len(rows) if after else 0)
            rows.insert(at, row)
        return rows

    def record(self) -> SessionRecord:
        """The session as a pure, serialisable record (metadata, stored texts, events)."""
        from tabletop.session._record import SessionRecord

        return SessionRecord.from_parts(self._journal.metadata(), self._journal.documents(), self.events())

    # -- navigation ----------------------------------------------------------

    @_locked
    def deliver_next(
        self,
        answers: Mapping[str, bool] | None = None,
        *,
        remarks: Mapping[str, str] | None = None,
        without_move: bool = False,
        sources: Mapping[str, ev.AnswerSource] | None = None,
    ) -> ev.Event:
        """Deliver the inject that follows the current one (the first, at the start).

        If it enters a new phase through a gated move, `answers` holds the room's answer to
        each gate (`snapshot().next.move.gates` lists them) and `remarks` the facilitator's
        remark on any of them. Every gate yes: the move fires and the inject is delivered.
        A gate answered no: the room's determinations are recorded (`move_declined`), the
        phases and the current inject stay, and that event is returned; the facilitator then
        delivers without the move (`without_move=True`), takes another branch, or stays.
        Gates left unanswered with no "no" among the answers raise `GatesUnanswered`.
        `sources` says, per gate, who answered when it was not the room (`scenario`, or a
        dry-run's `dry-run default`): such answers are recorded as assumed.
        """
        target = self._fold.next_inject()
        if target is None:
            self._refuse_if_ended()
            raise RefusedError(END_OF_SCENARIO)
        return self._deliver(target, "next", None, answers, sources, remarks=remarks, without_move=without_move)

    @_locked
    def jump(
        self,
        inject_id: str,
        answers: Mapping[str, bool] | None = None,
        *,
        remarks: Mapping[str, str] | None = None,
        without_move: bool = False,
    ) -> ev.Event:
        """Deliver any inject, chosen by the facilitator.

        An inject of another phase either fires its move through the gates (as for
        `deliver_next`) or, with `without_move=True`, is delivered out of phase and recorded
        as such. A phase more than one move away can only be entered out of phase (or by
        firing the moves that lead there first).
        """
        self._refuse_if_ended()
        self._fold.require_inject(inject_id)
        return self._deliver(inject_id, "jump", None, answers, remarks=remarks, without_move=without_move)

    @_locked
    def take_option(
        self,
        choice: str | int,
        answers: Mapping[str, bool] | None = None,
        *,
        remarks: Mapping[str, str] | None = None,
        without_move: bool = False,
        sources: Mapping[str, ev.AnswerSource] | None = None,
    ) -> ev.Event:
        """Take one of the current inject's decision options (by label or 0-based index);
        the answers as for `deliver_next`."""
        self._refuse_if_ended()
        current = self._fold.current
        if current is None or current in self._fold.adhoc:
            raise RefusedError("the current inject offers no options")
        label, target = self.view.option(current, choice)
        return self._deliver(target, "option", label, answers, sources, remarks=remarks, without_move=without_move)

    @_locked
    def go_back(self) -> ev.Event:
        """Return to the inject shown before the current one (phases are not undone)."""
        self._refuse_if_ended()
        if len(self._fold.stack) < 2:
            raise RefusedError("there is nothing to go back to")
        return self._record(ev.WentBack(inject=self._fold.stack[-2]))

    @_locked
    def insert_adhoc(
        self, title: str, narrative: str = "", *, tags: Sequence[str] = (), inject_id: str | None = None
    ) -> ev.Event:
        """Deliver an inject the facilitator improvises; `next` then continues where play was heading."""
        self._refuse_if_ended()
        if inject_id is None:
            n = len(self._fold.adhoc) + 1
            while self._fold.knows_inject(f"adhoc-{n}"):
                n += 1
            inject_id = f"adhoc-{n}"
        payload = _build(
            ev.AdHocInjectInserted,
            inject=inject_id,
            title=title,
            narrative=narrative,
            tags=tuple(tags),
            resume=self._fold.next_inject(),
        )
        return self._record(payload)

    @_locked
    def fire(
        self, trigger: str, answers: Mapping[str, bool] | None = None, *, remarks: Mapping[str, str] | None = None
    ) -> ev.Event:
        """Fire a phase trigger with the room's gate answers, through the phase machine.

        A trigger not legal here raises `TransitionRefused` (naming the legal triggers) and
        records nothing. A gate answered no records the room's determinations
        (`move_declined`) and leaves the phases as they are.
        """
        self._refuse_if_ended()
        phases = self._fold.phases
        gates = self._fold.oracle.gates(phases, trigger)
        outcome = self._attempt(phases, trigger, gates, answers or {}, remarks or {}, {}, None)
        if isinstance(outcome, ev.MoveDeclined):
            return self._record(outcome)
        return self._record(ev.PhaseTriggerFired(transition=outcome), trusted_transition=True)

    # -- the record ----------------------------------------------------------

    @_locked
    def cite(self, clause_id: str, reason: str = "", *, source: ev.CitationSource = "facilitator") -> ev.Event:
        """Cite a clause for the current inject; it is marked out of phase when it does not apply now.

        `source` says who cited it: `facilitator` (by hand), `suggestion` (a ranked
        suggestion taken) or `scenario`."""
        self._refuse_if_ended()
        current = self._fold.current
        if current is None:
            raise RefusedError("no inject has been delivered yet: deliver one before citing clauses for it")
        clause = self.corpus.clause(clause_id)
        phases = self._fold.phases
        payload = _build(
            ev.ClauseCited,
            inject=current,
            clause=clause.id,
            reason=reason,
            out_of_phase=clause.id not in self._fold.applicable(phases),
            phases=phases,
            source=source,
        )
        return self._record(payload)

    @_locked
    def withdraw(self, clause_id: str, reason: str = "", *, inject_id: str | None = None) -> ev.Event:
        """Withdraw a citation (of the current inject by default)."""
        self._refuse_if_ended()
        inject_id = inject_id if inject_id is not None else self._fold.current
        if inject_id is None:
            raise RefusedError("no inject has been delivered yet")
        return self._record(_build(ev.CitationWithdrawn, inject=inject_id, clause=clause_id, reason=reason))

    @_locked
    def note(self, text: str) -> ev.Event:
        """Record a note (attached to the current inject, if any)."""
        return self._record(_build(ev.NoteRecorded, text=text, inject=self._fold.current))

    @_locked
    def decide(self, decided_by: str, decision: str) -> ev.Event:
        """Record who decided what (attached to the current inject, if any)."""
        return self._record(
            _build(ev.DecisionRecorded, decided_by=decided_by, decision=decision, inject=self._fold.current)
        )

    @_locked
    def determine(
        self, determination_id: str, answer: bool, remark: str = "", *, source: ev.AnswerSource = "facilitator"
    ) -> ev.Event:
        """Record the room's answer to a determination that changes no phase (a grey-zone order such
        as a maritime security operation, a situation found on imminent danger): the snapshot's
        `available_determinations` lists those open now. An unknown id raises `UsageError` (with
        the nearest ids), one not open in the phases in force `RefusedError`; either records nothing."""
        self._refuse_if_ended()
        phases = self._fold.phases
        found = self._fold.oracle.machine(phases).determination(determination_id)
        payload = _build(
            ev.DeterminationRecorded,
            determination=found.id,
            answer=answer,
            source=source,
            title=found.title,
            authority=found.authority,
            diet=found.diet,
            remark=remark,
            inject=self._fold.current,
            phases=phases,
        )
        return self._record(payload)

    @_locked
    def rate(self, inject_id: str, action: str, rating: ev.Rating, observation: str = "") -> ev.Event:
        """Rate an expected action of a delivered inject P, S, M or U, with an observation.

        `action` is the action's key (`a1`, `a2`, ...: the rating sheet and the snapshot
        show it). An inject not delivered yet is refused: the room has not seen it.
        """
        self._refuse_if_ended()
        self._fold.require_inject(inject_id)
        index = self._action_index(inject_id, action)
        payload = _build(ev.ActionRated, inject=inject_id, action=index, rating=rating, observation=observation)
        return self._record(payload)

    def _action_index(self, inject_id: str, key: object) -> int:
        if inject_id in self._fold.adhoc:
            raise UsageError(f"inject {inject_id!r} is improvised and has no expected actions")
        actions = self.view.expected_actions(inject_id)
        keys = [action_key(n) for n in range(len(actions))]
        if isinstance(key, str) and key.strip().casefold() in keys:
            return keys.index(key.strip().casefold())
        listed = "; ".join(f"{k}: {a.action}" for k, a in zip(keys, actions, strict=True)) or "it has none"
        raise UsageError(f"inject {inject_id!r} has no expected action {key!r}; its expected actions are {listed}")

    @_locked
    def hot_wash(self, kind: ev.HotWashKind, text: str, *, objective: str | None = None) -> ev.Event:
        """Record a hot-wash entry: `strength` or `improvement` (area for improvement)."""
        return self._record(_build(ev.HotWashRecorded, kind=kind, text=text, objective=objective))

    @_locked
    def add_improvement_item(
        self,
        *,
        issue: str,
        corrective_action: str,
        capability_element: str,
        responsible_organisation: str,
        point_of_contact: str,
        start_date: date | str,
        completion_date: date | str,
    ) -> ev.Event:
        """Add an item to the improvement plan."""
        return self._record(
            _build(
                ev.ImprovementItemAdded,
                issue=issue,
                corrective_action=corrective_action,
                capability_element=capability_element,
                responsible_organisation=responsible_organisation,
                point_of_contact=point_of_contact,
                start_date=start_date,
                completion_date=completion_date,
            )
        )

    @_locked
    def pause_clock(self, reason: str = "") -> ev.Event:
        return self._record(_build(ev.ClockPaused, reason=reason))

    @_locked
    def resume_clock(self) -> ev.Event:
        return self._record(ev.ClockResumed())

    @_locked
    def end(self, summary: str = "") -> ev.Event:
        """End the session: afterwards every operation is refused with `SessionEnded`."""
        return self._record(_build(ev.SessionClosed, summary=summary))

    def close(self) -> None:
        """Release the file (everything acknowledged is already on disk)."""
        self._journal.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- machinery -----------------------------------------------------------

    def _target(self, inject_id: str | None) -> str:
        if inject_id is None:
            inject_id = self._fold.next_inject()
            if inject_id is None:
                raise RefusedError(END_OF_SCENARIO)
        self._fold.require_inject(inject_id)
        return inject_id

    def _refuse_if_ended(self) -> None:
        if self._fold.ended_at is not None:
            raise SessionEnded("the session has ended; nothing more can be recorded in it")

    def _deliver(
        self,
        inject_id: str,
        via: str,
        option: str | None,
        answers: Mapping[str, bool] | None,
        sources: Mapping[str, str] | None = None,
        *,
        remarks: Mapping[str, str] | None = None,
        without_move: bool = False,
    ) -> ev.Event:
        self._refuse_if_ended()
        if without_move:
            if answers:
                raise UsageError("an inject delivered without its move takes no gate answers")
            payload = ev.InjectDelivered(inject=inject_id, via=via, option=option, without_move=True)
            return self._record(payload)
        plan = self.entry_plan(inject_id)
        fact = None
        if plan is not None:
            outcome = self._attempt(
                self._fold.phases, plan.trigger, plan.gates, answers or {}, remarks or {}, sources or {}, inject_id
            )
            if isinstance(outcome, ev.MoveDeclined):
                return self._record(outcome)
            fact = outcome
        payload = ev.InjectDelivered(inject=inject_id, via=via, option=option, transition=fact)
        return self._record(payload, trusted_transition=True)

    def _attempt(
        self,
        phases: tuple[str, ...],
        trigger: str,
        gates: Sequence[Gate],
        answers: Mapping[str, bool],
        remarks: Mapping[str, str],
        sources: Mapping[str, str],
        inject: str | None,
    ) -> ev.TransitionFact | ev.MoveDeclined:
        """The room's answers to `trigger`'s gates: the transition to record when every gate is
        yes (fired on a scratch machine at `phases`), the declined move when one is no."""
        gate_ids = [gate.id for gate in gates]
        for name, named in (("answer", answers), ("remark", remarks)):
            unknown = sorted(set(named) - set(gate_ids))
            if unknown:
                raise UsageError(
                    f"trigger {trigger!r} has no gate {unknown[0]!r} (given an {name}); "
                    f"its gates are: {', '.join(gate_ids) or 'none'}"
                )

        def answer(gate: Gate) -> ev.GateAnswer:
            return _build(
                ev.GateAnswer,
                gate=gate.id,
                answer=bool(answers[gate.id]),
                source=sources.get(gate.id, "facilitator"),
                authority=gate.authority,
                remark=remarks.get(gate.id, ""),
            )

        given = tuple(answer(gate) for gate in gates if gate.id in answers)
        if any(not a.answer for a in given):
            return ev.MoveDeclined(trigger=trigger, inject=inject, phases=phases, answers=given)
        missing = [gate for gate in gates if gate.id not in answers]
        if missing:
            questions = "; ".join(f"{gate.id}: {gate.question} ({gate.authority})" for gate in missing)
            raise GatesUnanswered(
                f"{trigger} needs the room's answer to {len(missing)} gate(s) first - {questions}",
                trigger=trigger,
                gates=missing,
            )
        after = self._fold.oracle.fire(phases, trigger, {g: bool(answers[g]) for g in gate_ids})
        return ev.TransitionFact(trigger=trigger, before=phases, after=after, answers=given)

    def _record(self, payload: Any, *, at: datetime | None = None, trusted_transition: bool = False) -> ev.Event:
        """Check, append durably, apply: the only way the state changes."""
        if self._journal.readonly:
            raise SessionFileError(f"{self.path}: the session is open read-only")
        at = at or self._clock()
        if at.tzinfo is None:
            raise ValueError("the session clock must give aware (UTC) times")
        if self._fold.last_at is not None and at < self._fold.last_at:
            at = self._fold.last_at  # the computer's clock was set back: the journal's times never are
        # The payload is validated already; the envelope's values come from here.
        event = ev.Event.model_construct(seq=self._fold.last_seq + 1, at=at.astimezone(UTC), payload=payload)
        self._fold.check(event, trusted_transition=trusted_transition)
        # A database stamps the event with its server's clock: the event applied is the one recorded.
        recorded = self._journal.append(event)
        self._fold.apply(recorded)
        return recorded


_Payload = TypeVar("_Payload", bound="BaseModel")


def _build(model: type[_Payload], **fields: Any) -> _Payload:
    """Validate a payload from an operation's arguments; bad values are the caller's input error."""
    from pydantic import ValidationError

    try:
        return model(**fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise InputError(problems) from None


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tabletop")
    except Exception:
        return "0+unknown"


_SOURCES_CACHE: dict[str, Corpus] = {}


def check_documents(path: str | os.PathLike[str], documents: Sequence[Document]) -> None:
    """Refuse stored documents that no session could have written.

    One scenario and one rules text, includes only besides them, and every
    name a relative POSIX path inside the scenario's folder (a file name
    alone for the scenario and the rules), without NUL and of bounded
    length, each used once. Names are never used as paths, but a name that
    could not have come from a real scenario marks the file as tampered
    with, and is refused before anything is built from it.
    """
    from tabletop.scenario import document_name_problem

    seen: set[tuple[bool, str]] = set()
    counts = {"scenario": 0, "include": 0, "rules": 0}
    for document in documents:
        if document.role not in counts:
            raise SessionFileError(
                f"{path}: the session file is damaged (a stored document has the role {_shown(document.role)})"
            )
        counts[document.role] += 1
        problem = document_name_problem(document.name, plain=document.role != "include")
        if problem is not None:
            raise SessionFileError(
                f"{path}: the session file is damaged (the name of the stored {document.role} "
                f"text {_shown(document.name)} {problem})"
            )
        key = (document.role == "rules", document.name)
        if key in seen:
            raise SessionFileError(
                f"{path}: the session file is damaged (two stored texts are named {_shown(document.name)})"
            )
        seen.add(key)
    if counts["rules"] != 1 or counts["scenario"] != 1:
        raise SessionFileError(
            f"{path}: the session file is damaged (it must store one scenario text and one "
            f"rules text; it stores {counts['scenario']} and {counts['rules']})"
        )


def _shown(name: object) -> str:
    """A stored name as quoted in a message: short, on one line."""
    text = repr(name)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(str(name)):,} characters)"


def rebuild_sources(path: str | os.PathLike[str], documents: Sequence[Document]) -> tuple[Corpus, LoadedScenario]:
    """The corpus and loaded scenario from the texts stored in a session file, in memory.

    Nothing is read from or written to disk: the rules are loaded from their
    stored text, the scenario's includes are taken from the stored texts, and
    the stored names only label messages. (Only the user's cache may be read and
    written, its entries named by the texts' SHA-256: the stored texts never change, so
    their parse is remembered; they are validated and checked in full every time.)
    """
    from tabletop.scenario import load_scenario_text

    check_documents(path, documents)
    rules = next(d for d in documents if d.role == "rules")
    main = next(d for d in documents if d.role == "scenario")
    corpus = _corpus_from_text(rules, path)
    files = {main.name: main.text, **{d.name: d.text for d in documents if d.role == "include"}}
    try:
        scenario = load_scenario_text(main.text, main.name, corpus, files=files, remember_parse=True)
    except TabletopError as exc:
        raise SessionFileError(
            f"{path}: the scenario stored in the session cannot be read back: {_first_line(exc)}"
        ) from None
    return corpus, scenario


def _first_line(exc: TabletopError) -> str:
    """An error as one line: its first problem, and how many more there are."""
    diagnostics = getattr(exc, "diagnostics", None)
    if diagnostics:
        more = len(diagnostics) - 1
        return str(diagnostics[0]) + (f" (and {more} more)" if more else "")
    lines = str(exc).splitlines() or [""]
    return lines[0] + (f" (and {len(lines) - 1} more lines)" if len(lines) > 1 else "")


def _corpus_from_text(rules: Document, path: str | os.PathLike[str]) -> Corpus:
    """The stored rules: the bundled corpus when it is the same text, else the stored text loaded in memory."""
    from tabletop.rules import load_rules, load_rules_text

    cached = _SOURCES_CACHE.get(rules.sha256)
    if cached is not None:
        return cached
    try:
        bundled = load_rules()
        if text_sha256(bundled.text) == rules.sha256:
            _SOURCES_CACHE[rules.sha256] = bundled
            return bundled
    except TabletopError:
        pass  # the bundled rules are unusable; the stored text may still load
    try:
        corpus = load_rules_text(rules.text, rules.name)
    except TabletopError as exc:
        raise SessionFileError(
            f"{path}: the rules stored in the session cannot be read back: {_first_line(exc)}"
        ) from None
    _SOURCES_CACHE[rules.sha256] = corpus
    return corpus


def open_session(path: str | os.PathLike[str], *, readonly: bool = False) -> Session:
    """Open a session file (see `Session.open`)."""
    return Session.open(path, readonly=readonly)


def start_session(
    scenario_path: str | os.PathLike[str],
    corpus: Corpus | None = None,
    *,
    session_dir: str | os.PathLike[str] | None = None,
) -> Session:
    """Load a scenario file (checked against the corpus, the bundled one by default) and start a session."""
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario

    corpus = corpus or load_rules()
    loaded = load_scenario(scenario_path, corpus, remember_parse=True)  # the texts the session will store
    return Session.start(loaded, corpus, session_dir=session_dir)
