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
import os
import re
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from tabletop.rules.corpus import Corpus
from tabletop.session import events as ev
from tabletop.session.fold import Fold
from tabletop.session.navigation import END_OF_SCENARIO, EntryPlan, PhaseOracle, ScenarioView
from tabletop.session.state import AdHocInject, DecisionOption, ExpectedActionRating, SessionState
from tabletop.session.store import SESSION_SUFFIX, Document, SessionJournal, text_sha256

if TYPE_CHECKING:
    from tabletop.phases import Move
    from tabletop.rules.models import Gate
    from tabletop.scenario import Inject, LoadedScenario
    from tabletop.session.citations import Citation

__all__ = [
    "SESSION_DIR_ENV",
    "Session",
    "default_session_dir",
    "open_session",
    "resolve_session_path",
    "session_folder",
    "session_ids",
    "start_session",
]

SESSION_DIR_ENV = "TABLETOP_SESSION_DIR"
"""Environment variable naming the folder new sessions are written to."""

Clock = Callable[[], datetime]



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
    return datetime.now(timezone.utc)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:40].rstrip("-") or "session"


def new_session_id(scenario_key: str, now: datetime) -> str:
    """Readable and unique: the scenario's id, the UTC start time and a short random suffix."""
    return f"{_slug(scenario_key)}-{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"


class Session:
    """One exercise session bound to its journal file. Start with `start()`, reopen with `open()`."""

    def __init__(
        self,
        journal: SessionJournal,
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
        self._index = None
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
    ) -> Session:
        """Start a session from a loaded scenario; the file is complete before this returns."""
        with cls._building(scenario, corpus, session_dir=session_dir, clock=clock) as session:
            pass
        session._journal = SessionJournal.open(session._journal.path)
        return session

    @classmethod
    @contextlib.contextmanager
    def _building(
        cls,
        scenario: LoadedScenario,
        corpus: Corpus,
        *,
        session_dir: str | os.PathLike[str] | None = None,
        clock: Clock | None = None,
        dry_run: bool = False,
    ) -> Iterator[Session]:
        """A new session whose events, until the block ends, go into one transaction of a new file.

        The file appears under its final name only when the block completes.
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
    def open(cls, path: str | os.PathLike[str], *, readonly: bool = False, clock: Clock | None = None) -> Session:
        """Rebuild a session from its file: stored rules, stored scenario, replayed events.

        `readonly` opens the file so that nothing can change it (status,
        export, reports). Raises `SessionFileError` for anything that is not
        an intact session this version can read.
        """
        journal = SessionJournal.open(path, readonly=readonly)
        try:
            documents = journal.documents()
            corpus, scenario = _rebuild_sources(journal.path, documents)
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
        if started.scenario_sha256 != self.scenario.sha256 or started.rules_sha256 != stored["rules"].sha256:
            raise SessionFileError(
                f"{self.path}: the session file is damaged (stored documents do not match the journal)"
            )
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
    def path(self) -> Path:
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

    def events(self) -> list[ev.Event]:
        """The journal, read back from the file."""
        return self._journal.events()

    def documents(self) -> list[Document]:
        """The stored scenario files and rules file, each with its SHA-256."""
        return self._journal.documents()

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

    def suggestions(self, limit: int | None = 10) -> list[Citation]:
        """Clauses to put in front of the facilitator for the current inject, best first.

        Each is a `tabletop.session.citations.Citation` with a reason ("cited
        by scenario", "tag: maritime", "matches: ..."); none is out of phase.
        """
        from tabletop.rules.search import ClauseIndex
        from tabletop.session.citations import rank_citations

        current = self._fold.current
        if current is None:
            return []
        key = (current, self._fold.phases, limit)
        if self._suggested is not None and self._suggested[0] == key:
            return list(self._suggested[1])
        inject = self.inject(current)
        if isinstance(inject, AdHocInject):
            cited, text = (), f"{inject.title}\n{inject.narrative}"
        else:
            cited = tuple(inject.cite)
            questions = [q if isinstance(q, str) else q.text for q in inject.questions]
            text = "\n".join([inject.title, inject.narrative, *questions])
        if self._index is None:
            self._index = ClauseIndex.for_corpus(self.corpus)
        ranked = rank_citations(
            self.corpus, self._index, self._fold.phases, cited=cited, tags=tuple(inject.tags), text=text, limit=limit
        )
        self._suggested = (key, ranked)
        return list(ranked)

    # -- navigation ----------------------------------------------------------

    def deliver_next(self, answers: Mapping[str, bool] | None = None) -> ev.Event:
        """Deliver the inject that follows the current one (the first, at the start).

        If it enters a new phase through a gated move, `answers` must answer
        every gate (`pending_gates()` lists them); otherwise `GatesUnanswered`.
        """
        target = self._fold.next_inject()
        if target is None:
            self._refuse_if_ended()
            raise RefusedError(END_OF_SCENARIO)
        return self._deliver(target, "next", None, answers)

    def jump(self, inject_id: str, answers: Mapping[str, bool] | None = None) -> ev.Event:
        """Deliver any inject, chosen by the facilitator (its phase is entered as for `deliver_next`)."""
        self._refuse_if_ended()
        self._fold.require_inject(inject_id)
        return self._deliver(inject_id, "jump", None, answers)

    def take_option(self, choice: str | int, answers: Mapping[str, bool] | None = None) -> ev.Event:
        """Take one of the current inject's decision options (by label or 0-based index)."""
        self._refuse_if_ended()
        current = self._fold.current
        if current is None or current in self._fold.adhoc:
            raise RefusedError("the current inject offers no options")
        label, target = self.view.option(current, choice)
        return self._deliver(target, "option", label, answers)

    def go_back(self) -> ev.Event:
        """Return to the inject shown before the current one (phases are not undone)."""
        self._refuse_if_ended()
        if len(self._fold.stack) < 2:
            raise RefusedError("there is nothing to go back to")
        return self._record(ev.WentBack(inject=self._fold.stack[-2]))

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

    def fire(self, trigger: str, answers: Mapping[str, bool] | None = None) -> ev.Event:
        """Fire a phase trigger with the room's gate answers, through the phase machine.

        A refusal (`TransitionRefused`, naming the legal triggers) records nothing.
        """
        self._refuse_if_ended()
        phases = self._fold.phases
        gates = self._fold.oracle.gates(phases, trigger)
        fact = self._transition(phases, trigger, gates, answers or {}, {})
        return self._record(ev.PhaseTriggerFired(transition=fact), trusted_transition=True)

    # -- the record ----------------------------------------------------------

    def cite(self, clause_id: str, reason: str = "", *, source: str = "facilitator") -> ev.Event:
        """Cite a clause for the current inject; it is marked out of phase when it does not apply now."""
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

    def withdraw(self, clause_id: str, reason: str = "", *, inject_id: str | None = None) -> ev.Event:
        """Withdraw a citation (of the current inject by default)."""
        self._refuse_if_ended()
        inject_id = inject_id if inject_id is not None else self._fold.current
        if inject_id is None:
            raise RefusedError("no inject has been delivered yet")
        return self._record(_build(ev.CitationWithdrawn, inject=inject_id, clause=clause_id, reason=reason))

    def note(self, text: str) -> ev.Event:
        """Record a note (attached to the current inject, if any)."""
        return self._record(_build(ev.NoteRecorded, text=text, inject=self._fold.current))

    def decide(self, decided_by: str, decision: str) -> ev.Event:
        """Record who decided what (attached to the current inject, if any)."""
        return self._record(
            _build(ev.DecisionRecorded, decided_by=decided_by, decision=decision, inject=self._fold.current)
        )

    def rate(self, inject_id: str, action: int, rating: str, observation: str = "") -> ev.Event:
        """Rate an inject's expected action (0-based index) P, S, M or U, with an observation."""
        self._refuse_if_ended()
        self._fold.require_inject(inject_id)
        payload = _build(
            ev.ActionRated, inject=inject_id, action=action, rating=str(rating).upper(), observation=observation
        )
        return self._record(payload)

    def hot_wash(self, kind: str, text: str, *, objective: str | None = None) -> ev.Event:
        """Record a hot-wash entry: `strength` or `improvement` (area for improvement)."""
        return self._record(_build(ev.HotWashRecorded, kind=kind, text=text, objective=objective))

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

    def pause_clock(self, reason: str = "") -> ev.Event:
        return self._record(_build(ev.ClockPaused, reason=reason))

    def resume_clock(self) -> ev.Event:
        return self._record(ev.ClockResumed())

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
    ) -> ev.Event:
        self._refuse_if_ended()
        plan = self.entry_plan(inject_id)
        fact = None
        if plan is not None:
            fact = self._transition(self._fold.phases, plan.trigger, plan.gates, answers or {}, sources or {})
        payload = ev.InjectDelivered(inject=inject_id, via=via, option=option, transition=fact)
        return self._record(payload, trusted_transition=True)

    def _transition(
        self,
        phases: tuple[str, ...],
        trigger: str,
        gates: Sequence[Gate],
        answers: Mapping[str, bool],
        sources: Mapping[str, str],
    ) -> ev.TransitionFact:
        """Fire `trigger` on a scratch machine at `phases`; the fact to record if it is accepted."""
        gate_ids = [gate.id for gate in gates]
        unknown = sorted(set(answers) - set(gate_ids))
        if unknown:
            raise UsageError(
                f"trigger {trigger!r} has no gate {unknown[0]!r}; its gates are: {', '.join(gate_ids) or 'none'}"
            )
        missing = [gate for gate in gates if gate.id not in answers]
        if missing:
            questions = "; ".join(f"{gate.id}: {gate.question} ({gate.authority})" for gate in missing)
            raise GatesUnanswered(
                f"{trigger} needs the room's answer to {len(missing)} gate(s) first - {questions}",
                trigger=trigger,
                gates=missing,
            )
        after = self._fold.oracle.fire(phases, trigger, {g: bool(answers[g]) for g in gate_ids})
        return ev.TransitionFact(
            trigger=trigger,
            before=phases,
            after=after,
            answers=tuple(
                ev.GateAnswer(gate=g, answer=bool(answers[g]), source=sources.get(g, "facilitator")) for g in gate_ids
            ),
        )

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
        event = ev.Event.model_construct(seq=self._fold.last_seq + 1, at=at.astimezone(timezone.utc), payload=payload)
        self._fold.check(event, trusted_transition=trusted_transition)
        self._journal.append(event)
        self._fold.apply(event)
        return event


def _build(model: type, **fields: Any) -> Any:
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
    except Exception:  # noqa: BLE001 - running from a checkout without metadata
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
    from tabletop.scenario.loader import document_name_problem

    seen: set[str] = set()
    counts = {"scenario": 0, "include": 0, "rules": 0}
    for document in documents:
        if document.role not in counts:
            raise SessionFileError(f"{path}: the session file is damaged (a stored document has the role "
                                   f"{_shown(document.role)})")
        counts[document.role] += 1
        problem = document_name_problem(document.name, plain=document.role != "include")
        if problem is not None:
            raise SessionFileError(f"{path}: the session file is damaged (the name of the stored {document.role} "
                                   f"text {_shown(document.name)} {problem})")
        key = (document.role == "rules", document.name)
        if key in seen:
            raise SessionFileError(f"{path}: the session file is damaged (two stored texts are named "
                                   f"{_shown(document.name)})")
        seen.add(key)
    if counts["rules"] != 1 or counts["scenario"] != 1:
        raise SessionFileError(f"{path}: the session file is damaged (it must store one scenario text and one "
                               f"rules text; it stores {counts['scenario']} and {counts['rules']})")


def _shown(name: object) -> str:
    """A stored name as quoted in a message: short, on one line."""
    text = repr(name)
    return text if len(text) <= 80 else f"{text[:60]}... ({len(str(name)):,} characters)"


def _rebuild_sources(path: Path, documents: Sequence[Document]) -> tuple[Corpus, LoadedScenario]:
    """The corpus and loaded scenario from the texts stored in a session file, in memory.

    Nothing is read from or written to disk: the rules are loaded from their
    stored text, the scenario's includes are taken from the stored texts, and
    the stored names only label messages.
    """
    from tabletop.scenario import load_scenario_text

    check_documents(path, documents)
    rules = next(d for d in documents if d.role == "rules")
    main = next(d for d in documents if d.role == "scenario")
    corpus = _corpus_from_text(rules, path)
    files = {main.name: main.text, **{d.name: d.text for d in documents if d.role == "include"}}
    try:
        scenario = load_scenario_text(main.text, main.name, corpus, files=files)
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


def _corpus_from_text(rules: Document, path: Path) -> Corpus:
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
    return Session.start(load_scenario(scenario_path, corpus), corpus, session_dir=session_dir)
