"""A live tabletop session: the command path, and what a screen asks of a session.

The Textual console, the command line (`dry-run`, `status`, `export`, `import`) and the reports
are thin layers over `Session`. Every writer takes one path, `Session.execute(command)`, in the
session's turn to record (`Journal.turn`: no other writer appends meanwhile): the command
(`tabletop.session._commands`) is checked against the state it was decided on (`expected_seq`),
turned into one event (unknown ids, illegal moves, unanswered gates and an ended session are
refused and record nothing), checked by the fold (`Fold.check`), appended to the journal
(durable when `append` returns), applied to the live fold, and answered with an `Outcome`
carrying the new snapshot. The state is never changed any other way. The convenience methods
(`deliver_next`, `cite`, ...) build the same commands and raise instead
(`tabletop.session._shortcuts`).

`Session.open(path)` rebuilds a session from its file alone, verified
(`tabletop.session._reading`): the rules and scenario texts stored in it at the start, and its
events. A session opened a year later shows what was on screen, whatever the files on disk say.

Threads: every public method takes the session's lock, so a session may be used from a worker
thread, one call at a time (others wait).
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import os
import shlex
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import fields
from datetime import datetime, UTC
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, assert_never

from tabletop.version import __version__
from tabletop.errors import (
    DatabaseUnavailable,
    GatesUnanswered,
    InputError,
    RefusedError,
    SeatTaken,
    SessionBusy,
    SessionEnded,
    SessionFileError,
    SessionMovedOn,
    TabletopError,
    TransitionRefused,
    UsageError,
)
from tabletop.phases import gate_outcome, policy_for
from tabletop.rules import Corpus
from tabletop.scenario import parse_time, suggest_time
import tabletop.session._events as ev
from tabletop.session._dating import EventDating
from tabletop.session._files import new_session_id, session_folder
from tabletop.session._fold import Fold
from tabletop.session._journal import Document, Journal, moved_on, text_sha256
from tabletop.session._navigation import (
    END_OF_SCENARIO,
    EntryPlan,
    ScenarioView,
    action_key,
    entry_plan,
    move_waiting,
)
from tabletop.session._reading import read_verified, recheck
from tabletop.session._seats import Seat
from tabletop.session._shortcuts import SessionShortcuts
from tabletop.session._sources import stored_documents
from tabletop.session._state import AdHocInject, DecisionOption, ExpectedActionRating, SessionState
from tabletop.session._store import SESSION_SUFFIX, SessionJournal

if TYPE_CHECKING:
    from pydantic import BaseModel

    from tabletop.phases import Move
    from tabletop.rules import ClauseIndex, Gate
    import tabletop.session._commands as cmd
    from tabletop.scenario import Inject, LoadedScenario
    from tabletop.session._citations import Citation
    from tabletop.session._pgstore import SessionDatabase
    from tabletop.session._record import SessionRecord
    from tabletop.session._snapshot import SessionSnapshot, SnapshotCache, Step

__all__ = ["Clock", "Session", "open_session", "start_session"]

_TURNS = 3
"""How often a command is decided in the session's turn when the store lost the turn before its
append (the link to a database made again in between, another writer appending meanwhile):
then it is decided again on the journal as it stands, in a new turn."""

Clock = Callable[[], datetime]
"""The wall clock a session dates its events by (tests freeze it)."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _not_ranked() -> None:
    """No citation suggestions ranked (see `SessionSnapshot.suggestions_ranked`)."""
    return None


def _locked(method: Callable[Concatenate[Session, _P], _R]) -> Callable[Concatenate[Session, _P], _R]:
    """Run a method under the session's lock: one command, query or snapshot at a time, from any thread."""

    def run(self: Session, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._lock:
            return method(self, *args, **kwargs)

    functools.update_wrapper(run, method)
    return run


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Session(SessionShortcuts):
    """One exercise session bound to its journal. Start with `start()`, reopen with `open()`,
    record with `execute(command)` (or the convenience methods), draw from `snapshot()`.

    Threads: every method takes the session's lock, so a session may be used from worker
    threads (one call at a time; others wait). A command blocks until its event is committed
    (`synchronous=FULL`: a disk flush, a few milliseconds); an event loop executes commands in
    a worker thread and draws from the snapshot the outcome carries.
    """

    def __init__(
        self,
        journal: Journal,
        corpus: Corpus,
        scenario: LoadedScenario,
        *,
        view: ScenarioView | None = None,
        fold: Fold | None = None,
        documents: Sequence[Document] = (),
        clock: Clock | None = None,
        seat: Seat | None = None,
        authored: bool = True,
        events: Sequence[ev.Event] | None = None,
    ) -> None:
        self._journal = journal
        self._read: list[ev.Event] | None = list(events) if events is not None and journal.readonly else None
        """A reader's events, as read and checked (the fold's, in order): the record and the
        export are made from them instead of reading and checking every event a second time. A
        session that records keeps none (its journal is the one to ask)."""
        self.seat = seat or Seat.facilitator(fold.started.facilitator or "" if fold and fold.started else "")
        """Who records through this session: every event it records names this seat, and
        `execute` refuses the commands this seat may not issue."""
        self._authored = authored
        self._issuer: Seat | None = None
        """The seat issuing the command being executed, when it is not the session's own."""
        """Whether the journal's format records seats (5 and later); an older session records on
        without them, as it was recorded."""
        self.corpus = corpus
        """The rules the session plays by (rebuilt from the stored text on open)."""
        self.scenario = scenario
        """The `LoadedScenario` the session plays (rebuilt from the stored text on open)."""
        self.view = view or ScenarioView(scenario)
        self._fold = fold or Fold(corpus, self.view, policy_for(corpus))
        self._policy = self._fold.policy
        self._documents = tuple(documents)
        self._clock = clock or _utcnow
        self._dating = EventDating(watch=clock is None)
        self.clock_notice: str | None = None
        """What the last event recorded says about the computer's clock (it went back, or jumped
        ahead), for the facilitator; None when nothing."""
        self._lock = threading.RLock()
        self._cache: SnapshotCache | None = None
        """The memo snapshots lend each other, made with the first snapshot: a process that
        only reads a session (`status`, the reports) never imports the snapshot's module."""
        self._steps: tuple[int, dict[str, Step]] = (-1, {})
        """The steps the last snapshot showed, by inject, with the seq they were computed at: a
        delivery decided on one of them takes its plan instead of asking the policy again."""
        self._index: ClauseIndex | None = None
        # The console asks for suggestions on every redraw; they change only when the
        # inject in front of the room or the phases change.
        self._suggested: tuple[tuple[str, tuple[str, ...], int | None], list[Citation]] | None = None
        self._damage: str | None = None
        """What damage a check of the journal found (the first found), once one has: from then on
        nothing more is recorded through this session, and every check says so again (see
        `damage`)."""
        self._intact = 0
        """The last event this session held, checked, before the damage was found."""

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
        database: SessionDatabase | None = None,
    ) -> Session:
        """Start a session from a loaded scenario; the file is complete before this returns.

        `facilitator` names who runs the session, for the after-action report's cover; it is
        recorded in the journal (`session_started`) and in the file's metadata. With
        `database`, the session is kept there instead of in a file (`session_dir` is unused).
        """
        with cls.building(
            scenario, corpus, session_dir=session_dir, clock=clock, facilitator=facilitator, database=database
        ) as session:
            pass
        if database is not None:
            session._journal = database.open(session.id, facilitator=True)
        else:
            session._journal = SessionJournal.open(session._journal.path, exclusive=False, facilitator=True)
        # The digest of what was just written, held: from now on the journal's first events must
        # always chain to it (`recheck`), whatever digest another program stores beside them.
        session._journal.verify_digest()
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
        database: SessionDatabase | None = None,
    ) -> Iterator[Session]:
        """A new session whose events, until the block ends, go into one transaction of a new file.

        The file appears under its final name only when the block completes; if the block
        raises, no file is left. For sessions played headlessly in one go (a dry-run, a
        script): far fewer disk flushes than one per event. `dry_run` marks the session.
        """
        now = (clock or _utcnow)()
        info = scenario.scenario.exercise
        key = (info.id if info is not None and info.id else None) or Path(scenario.path).stem
        session_id = new_session_id(key, now)
        path = session_folder(session_dir) / f"{session_id}{SESSION_SUFFIX}"
        documents = stored_documents(scenario, corpus)
        metadata = {"session_id": session_id, "created_at": now.isoformat(), "tabletop_version": __version__}
        if facilitator:
            metadata["facilitator"] = facilitator
        store = (
            SessionJournal.building(path, metadata, documents)
            if database is None
            else database.building(metadata, documents)
        )
        with store as journal:
            session = cls(
                journal, corpus, scenario, documents=documents, clock=clock, seat=Seat.facilitator(facilitator)
            )
            session._append(
                ev.SessionStarted(
                    session_id=session_id,
                    scenario_title=scenario.scenario.title,
                    scenario_name=documents[0].name,
                    scenario_sha256=scenario.sha256,
                    rules_sha256=text_sha256(corpus.text),
                    phases=tuple(scenario.start_phases),
                    dry_run=dry_run,
                    tabletop_version=__version__,
                    facilitator=facilitator,
                ),
                at=now,
            )
            yield session

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        readonly: bool = False,
        live: bool = False,
        clock: Clock | None = None,
        exclusive: bool = True,
        seat: Seat | None = None,
    ) -> Session:
        """Rebuild a session from its file, verified: stored rules, stored scenario, replayed events.

        `readonly` opens the file so that nothing can change it (status,
        export, reports). `live` (read-only) also sees the events another
        program commits afterwards: `refresh()` applies them. `seat` is who
        records through it (the facilitator named when the session started, by
        default). The facilitator's seat is held by one program at a time
        (`exclusive`, the default); any number of other seats record beside it,
        each command refused when another seat moved the session on first.
        `exclusive=False` records as the facilitator without holding the seat
        (a script beside the console). Raises
        `SessionFileError` for anything that is not an intact session this
        version can read.
        """
        readonly = readonly or live
        # In a folder nobody can write to, no program can be recording: read the file as it is
        # (still read-only: a follower never writes, wherever the file is).
        live = live and os.access(Path(path).parent, os.W_OK)
        # The facilitator's seat is one program's at a time; every other seat records beside it.
        facilitating = exclusive and not readonly and (seat is None or seat.role == "facilitator")
        journal = SessionJournal.open(path, readonly=readonly, live=live, exclusive=False, facilitator=facilitating)
        return cls.from_journal(journal, clock=clock, seat=seat)

    @classmethod
    def from_journal(cls, journal: Journal, *, clock: Clock | None = None, seat: Seat | None = None) -> Session:
        """Rebuild a session from an open journal of either store (a session file, or a session
        in a database), checked as `open` checks a file. The session owns the journal: it is
        closed with the session, or at once when the journal is refused. `seat` as in `open`;
        a seat other than the facilitator's needs a session of format 5 or later (one that
        records seats): `SessionFileError` otherwise."""
        try:
            verified = read_verified(journal)
            authored = _records_seats(verified.metadata)
            if seat is not None and seat.role != "facilitator" and not authored and not journal.readonly:
                raise SessionFileError(
                    f"{journal.path}: this session was started by an earlier tabletop, whose journal "
                    f"cannot say who recorded what (format {verified.metadata.get('format_version', '?')}); "
                    "only its facilitator records into it"
                )
        except BaseException:
            journal.close()
            raise
        return cls(
            journal,
            verified.corpus,
            verified.scenario,
            view=verified.view,
            fold=verified.fold,
            documents=verified.documents,
            clock=clock,
            seat=seat,
            authored=authored,
            events=verified.events,
        )

    @classmethod
    def follow(cls, path: str | os.PathLike[str], *, clock: Clock | None = None) -> Session:
        """Open a session another program may be recording, read-only; `refresh()` catches up."""
        return cls.open(path, live=True, clock=clock)

    @_locked
    def close(self) -> None:
        """Release the file (everything acknowledged is already on disk). Under the session's
        lock: a worker thread's command or refresh finishes first."""
        self._journal.close()

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what there is to see ------------------------------------------------

    @property
    def path(self) -> Path | str:
        """The session file; for a session in a database, the database and the session id (a label)."""
        return self._journal.path

    def now(self) -> datetime:
        """The time by the session's clock (the one its events are dated by), UTC."""
        return self._clock()

    @property
    def id(self) -> str:
        return self.state.session_id

    @property
    def readonly(self) -> bool:
        return self._journal.readonly

    @property
    @_locked
    def state(self) -> SessionState:
        """The state now (an immutable snapshot; cheap to ask for repeatedly)."""
        return self._fold.state()

    @property
    @_locked
    def next_inject(self) -> str | None:
        """What `deliver_next` would deliver (None at the end of the scenario); cheaper than
        `state.next_inject` when nothing else of the state is needed."""
        return self._fold.next_inject()

    @_locked
    def refresh(self) -> tuple[ev.Event, ...]:
        """Apply the events committed since this session was opened or last refreshed (by another
        program, or another seat recording the same session), checking the whole journal again as
        it was checked on opening. Returns the new events. Cheap while nothing changed (the
        journal's `changed()`): a screen may ask several times a second. Once a check has found
        the journal damaged, every refresh raises that damage again (see `damage`)."""
        self._raise_if_damaged()
        if not self._journal.changed():
            return ()
        new = self._recheck()
        if self._read is not None:
            self._read += new
        return new

    @property
    def damage(self) -> str | None:
        """What damage a check of this session's journal found (one line naming the journal and
        the damage, with what to do), or None while none was found. Once found it stays: the
        session records nothing more (every command refused with it) until the journal is
        opened again, and then the opening refuses it if the damage is still there."""
        if self._damage is None:
            return None
        if self.readonly:
            return self._damage  # a reader records nothing anyway: the damage is all there is to say
        path = self.path
        named = str(path) if isinstance(path, Path) else self.id
        return damage_message(self._damage, self._intact, named, database=not isinstance(path, Path))

    @property
    def intact_events(self) -> int:
        """The last event this session held, checked, before the damage was found (0 while none
        was found)."""
        return self._intact if self._damage is not None else 0

    def _raise_if_damaged(self) -> None:
        damage = self.damage
        if damage is not None:
            raise SessionFileError(damage)

    def _recheck(self) -> tuple[ev.Event, ...]:
        """`recheck` the journal; the damage it finds is remembered (see `damage`) and raised."""
        self._raise_if_damaged()
        held = self._fold.last_seq
        try:
            return recheck(self._journal, self._fold, self._documents)
        except SessionFileError as exc:
            self._damage, self._intact = _one_line(exc), held
            raise SessionFileError(self.damage or "") from None

    def may_have_changed(self) -> bool:
        """Whether `refresh` could find something new, asked without the session's lock, so that
        a command or a refresh in progress never holds the asker up: for a session file open
        read-only, the journal's own cheap look (the file's size and time, nothing read); for a
        session that records, or one in a database (which wakes its followers), always True (its
        journal is asked under the lock, by `refresh`). A screen following a session file may
        ask it many times a second."""
        if not self.readonly or self.woken:
            return True
        return self._journal.changed()

    @property
    def woken(self) -> bool:
        """Whether this session's journal wakes a follower when another writer records (a
        database's `NOTIFY`): a screen then waits with `wait_for_change` rather than asking
        `refresh` several times a second."""
        return callable(getattr(self._journal, "wait_for_change", None))

    def wait_for_change(self, timeout: float, *, stop: Callable[[], bool] | None = None) -> bool:
        """Wait up to `timeout` seconds for another writer to record past what this session holds;
        whether one did (then `refresh()` catches up). Only for a journal that wakes its followers
        (`woken`); False at once for any other. `stop()`, asked twice a second, ends the wait
        early (a screen closing). Not under the session's lock: commands and `refresh()` go on
        while a follower waits."""
        wait = getattr(self._journal, "wait_for_change", None)
        if wait is None:
            return False
        return bool(wait(self._fold.last_seq, timeout, stop=stop))

    @_locked
    def events(self, since: int = 0) -> list[ev.Event]:
        """The journal read back from the file: every event after seq `since` (all by default)."""
        if self._read is not None and not self._journal.changed():
            return self._read[since:]
        return self._journal.events(since=since)

    @_locked
    def journal_head(self) -> int:
        """The seq of the last event the journal holds now, as committed (asked of the store, not
        of what this session has read): after an interruption, whether a command's event was
        written. 0 before the first."""
        return self._journal.head()

    @_locked
    def documents(self) -> list[Document]:
        """The stored scenario files and rules file, each with its SHA-256."""
        return self._journal.documents()

    @_locked
    def metadata(self) -> dict[str, str]:
        """The session file's metadata (format version, session id, facilitator, journal digest)."""
        return self._journal.metadata()

    @_locked
    def record(self) -> SessionRecord:
        """The session as a pure, serialisable record (metadata, stored texts, events), read back
        from the journal and checked against what this session has verified and recorded."""
        from tabletop.session._record import SessionRecord

        events = self.events()
        if len(events) != self._fold.last_seq:
            raise SessionFileError(
                f"{self.path}: the session file is damaged (it holds {len(events)} events; "
                f"{self._fold.last_seq} were recorded)"
            )
        self._recheck()
        return SessionRecord.from_parts(
            self._journal.metadata(), self._journal.documents(), events, state=self._fold.state()
        )

    @_locked
    def inject(self, inject_id: str | None = None) -> Inject | AdHocInject:
        """A scenario `Inject` or an `AdHocInject` (the current one by default)."""
        inject_id = inject_id if inject_id is not None else self._fold.current
        if inject_id is None:
            raise RefusedError("no inject has been delivered yet")
        if inject_id in self._fold.adhoc:
            return self._fold.adhoc[inject_id]
        return self.view.inject(inject_id)

    @_locked
    def options(self) -> tuple[DecisionOption, ...]:
        """The current inject's decision options, the default one marked; empty when there is no
        decision to take (no inject yet, an ad-hoc inject, or an inject without options)."""
        current = self._fold.current
        if current is None or current in self._fold.adhoc:
            return ()
        return self.view.options(current)

    @_locked
    def rating_sheet(self) -> tuple[ExpectedActionRating, ...]:
        """Every expected action of the scenario, in file order, with its latest rating (or None)."""
        state = self._fold.state()
        ratings = {(r.inject, r.action): r for r in state.ratings}
        delivered = set(state.delivered)
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

    @_locked
    def legal_moves(self) -> list[Move]:
        """The phase machine's legal moves from the phases now (`Move`: trigger, dest, gates, basis)."""
        return list(self._policy.legal_moves(self._fold.phases))

    @_locked
    def entry_plan(self, inject_id: str | None = None) -> EntryPlan | None:
        """The transition delivering `inject_id` (the next inject by default) would fire, if any.

        Raises `TransitionRefused` when delivering it is not possible from
        here (its phase is more than one legal move away).
        """
        inject_id = self._target(inject_id)
        if inject_id in self._fold.adhoc:
            return None
        return entry_plan(self._policy, self._fold.phases, self.view.inject(inject_id))

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
        known = self._ranked_already(limit)
        if known is not None:
            return known
        # Imported by the first ranking: a console's first frame before any inject is delivered,
        # or a reader, ranks nothing.
        from tabletop.rules import ClauseIndex
        from tabletop.session._citations import rank_citations

        current = self._fold.current
        assert current is not None  # `_ranked_already` answers when no inject is current
        key = (current, self._fold.phases, limit)
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
        the move it makes with its gates, or why it is refused. Never raises."""
        from tabletop.session._snapshot import step_for

        step = step_for(self._fold.position(), self.view, self._policy, inject_id)
        self._remember((step,))
        return step

    def _ranked_already(self, limit: int | None = 10) -> list[Citation] | None:
        """What `suggestions(limit)` gives without ranking anything: none when no inject is
        current, the last ranking when the inject and the phases in force are still the ones it
        was made for; None when they must be ranked."""
        current = self._fold.current
        if current is None:
            return []
        if self._suggested is not None and self._suggested[0] == (current, self._fold.phases, limit):
            return list(self._suggested[1])
        return None

    @_locked
    def snapshot(self, *, suggest: bool = True) -> SessionSnapshot:
        """Everything a screen draws, frozen: see `tabletop.session._snapshot`. Never raises on a
        session that could be opened. `suggest=False` leaves the citation suggestions out, for a
        screen that shows only what the room may see (`SessionSnapshot.for_participants`), which
        never shows them: ranking them is most of a snapshot's cost."""
        return self._snapshot(self.suggestions if suggest else _not_ranked)

    def _snapshot(self, rank: Callable[[], Sequence[Citation] | None]) -> SessionSnapshot:
        """`snapshot` with the suggestions `rank()` gives (None: not ranked)."""
        from tabletop.session._snapshot import SnapshotCache, build_snapshot

        if self._cache is None:
            self._cache = SnapshotCache()
        suggestions: Sequence[Citation] | None
        try:
            suggestions = rank()
        except TabletopError:
            suggestions = ()  # a suggestion that cannot be ranked must not stop the rest being drawn
        snapshot = build_snapshot(
            self._fold.state(),
            self.view,
            self._policy,
            self._clock(),
            readonly=self.readonly,
            suggestions=suggestions,
            cache=self._cache,
            seat=self.seat,
        )
        self._remember((snapshot.next, *(option.step for option in snapshot.options)))
        return snapshot

    def _remember(self, steps: Sequence[Step]) -> None:
        seq, known = self._steps
        if seq != self._fold.last_seq:
            seq, known = self._fold.last_seq, {}
        known.update((step.inject, step) for step in steps if step.inject is not None)
        self._steps = (seq, known)

    # -- the command path -------------------------------------------------------

    @_locked
    def execute(self, command: cmd.Command, *, seat: Seat | None = None, suggest: bool = True) -> cmd.Outcome:
        """Record `command`, decided on the state at `command.expected_seq`: `Committed` with its
        event, `Declined` when the room said no to a gate of its move (recorded), or `Refused`
        with the reason, nothing recorded. Each outcome carries the snapshot after it.

        `seat` issues it when it is not this session's own seat: the participants' page, having
        admitted a participant by their seat's code, records their answer as their seat.
        `suggest=False` ranks no citation suggestions for the outcome's snapshot: it carries
        those already ranked for the same inject in the same phases, else none and says so
        (`suggestions_ranked`); the console shows the outcome first and ranks them after."""
        import tabletop.session._commands as cmd  # a process that only reads never loads them

        rank = self.suggestions if suggest else self._ranked_already
        if self.readonly:
            reason = f"{self.path}: the session is open read-only here; nothing was recorded"
            return cmd.Refused(reason, "read_only", self._snapshot(rank))
        if self._damage is not None:
            return cmd.Refused(self.damage or "", "not_recorded", self._snapshot(rank))
        issuer = seat or self.seat
        refusal = issuer.refusal(command)
        if refusal is not None:
            return cmd.Refused(refusal, "not_permitted", self._snapshot(rank))
        try:
            self._issuer = issuer
            events = self._commit(command)
        except SessionMovedOn as exc:
            # Another writer came first: catch up, so the snapshot shows what it recorded.
            with contextlib.suppress(TabletopError):
                self._recheck()
            return cmd.Refused(_one_line(exc), "moved_on", self._snapshot(rank))
        except TabletopError as exc:
            return cmd.Refused(_one_line(exc), _refusal_kind(exc), self._snapshot(rank))
        finally:
            self._issuer = None
        snapshot = self._snapshot(rank)
        last = events[-1]
        if isinstance(last.payload, ev.MoveDeclined):
            return cmd.Declined(last, snapshot)
        return cmd.Committed(events, snapshot)

    @_locked
    def _run(self, command: cmd.Command) -> ev.Event:
        """A convenience method's command, decided on the state now: its event, or the error."""
        refusal = self.seat.refusal(command)
        if refusal is not None:
            raise RefusedError(refusal)
        self._raise_if_damaged()
        return self._commit(command, decided_now=True)[-1]

    def _commit(self, command: cmd.Command, *, decided_now: bool = False) -> tuple[ev.Event, ...]:
        """Decide `command` on the journal as it stands and append its event, in the session's
        turn (`Journal.turn`): caught up, checked, decided and appended while no other writer can
        append, so that a decided command never loses a race, however long it took to decide.
        Refused when the room's play moved since the state it was decided on (`_refuse_if_stale`):
        a person's refusal, not a race's."""
        decided_on = self._fold.last_seq if decided_now else command.expected_seq
        for turn in range(1, _TURNS + 1):
            with self._journal.turn():
                self._catch_up_in_turn()
                self._refuse_if_stale(decided_on)
                payload, trusted = self._decide(command)
                try:
                    return (self._append(payload, trusted_transition=trusted),)
                except SessionMovedOn:
                    # The store lost the turn before the append (its link made again) and another
                    # writer appended meanwhile: nothing was recorded; decide again in a new turn.
                    if turn == _TURNS:
                        raise
        raise AssertionError("unreachable: the last turn returns or raises")

    def _catch_up_in_turn(self) -> None:
        """Apply what other writers committed since this session last read its journal, and check
        it again when another program changed it in any way: in the turn, the journal as it
        stands (a cheap look at whether it changed when nothing is new). An event this session
        holds already, edited by another program, is damage as a new one would be."""
        self._raise_if_damaged()
        changed = self._journal.changed()  # asked first: it notes what it has seen
        if changed or self._journal.head() != self._fold.last_seq:
            self._catch_up()

    def _catch_up(self) -> None:
        """Apply what other writers committed since this session last read its journal."""
        self._recheck()

    def _refuse_if_stale(self, decided_on: int) -> None:
        """Refuse a command decided on the state after event `decided_on` when the room's play
        moved since (`ev.RecordedPayload.moves_play`: an inject delivered, a move made or
        declined, the session ended, ...): it would be filed under what the room is at now. The
        others' annotations since (notes, answers, ratings, ...) never make it stale: it is then
        decided on the state now, with every check of its own."""
        fold = self._fold
        if decided_on > fold.last_seq:  # decided on what another writer recorded: read it first
            self._catch_up()
        if decided_on > fold.last_seq:
            raise SessionMovedOn(moved_on(decided_on, fold.last_seq), head=fold.last_seq)
        seq, what = fold.play_moved
        if seq > decided_on:
            raise SessionMovedOn(
                f"the session moved on: {what} after this was begun; nothing was recorded "
                "(look at what the room is at now, and give it again if it still applies)",
                head=fold.last_seq,
            )

    def _decide(self, command: cmd.Command) -> tuple[ev.Payload, bool]:
        """The event `command` records in the state now (and whether its move was decided by the
        phase policy for this very state), or the error saying why it cannot."""
        import tabletop.session._commands as cmd

        fold = self._fold
        match command:
            case cmd.DeliverNext():
                target = fold.next_inject()
                if target is None:
                    self._refuse_if_ended()
                    raise RefusedError(END_OF_SCENARIO)
                return self._deliver(target, "next", None, command)
            case cmd.Jump():
                self._refuse_if_ended()
                fold.require_inject(command.inject)
                return self._deliver(command.inject, "jump", None, command)
            case cmd.TakeOption():
                self._refuse_if_ended()
                current = fold.current
                if current is None or current in fold.adhoc:
                    raise RefusedError("the current inject offers no options")
                label, target = self.view.option(current, command.choice)
                return self._deliver(target, "option", label, command)
            case cmd.GoBack():
                self._refuse_if_ended()
                if len(fold.stack) < 2:
                    raise RefusedError("there is nothing to go back to")
                return ev.WentBack(inject=fold.stack[-2]), False
            case cmd.InsertAdHoc():
                self._refuse_if_ended()
                self._refuse_while_a_move_waits()
                inject_id = command.inject
                if inject_id is None:
                    n = len(fold.adhoc) + 1
                    while fold.knows_inject(f"adhoc-{n}"):
                        n += 1
                    inject_id = f"adhoc-{n}"
                return _build(
                    ev.AdHocInjectInserted,
                    inject=inject_id,
                    title=command.title,
                    narrative=command.narrative,
                    tags=tuple(command.tags),
                    resume=fold.next_inject(),
                ), False
            case cmd.Fire():
                self._refuse_if_ended()
                gates = self._policy.gates(fold.phases, command.trigger)
                when = self._scenario_time(command.scenario_time, fold.current)
                outcome = self._attempt(command.trigger, gates, command.answers, command.remarks, {}, None, when)
                if isinstance(outcome, ev.MoveDeclined):
                    return outcome, False
                return ev.PhaseTriggerFired(transition=outcome), True
            case cmd.DetermineMove():
                self._refuse_if_ended()
                pending = fold.pending
                if pending is None:
                    raise RefusedError(
                        "no move is waiting for the room's determination (press t for the moves legal from here)"
                    )
                gates = self._policy.gates(fold.phases, pending.trigger)
                when = self._scenario_time(command.scenario_time, pending.inject)
                outcome = self._attempt(
                    pending.trigger, gates, command.answers, command.remarks, command.sources, pending.inject, when
                )
                if isinstance(outcome, ev.MoveDeclined):
                    return outcome, False
                return ev.PhaseTriggerFired(transition=outcome, inject=pending.inject), True
            case cmd.Cite():
                self._refuse_if_ended()
                if fold.current is None:
                    raise RefusedError("no inject has been delivered yet: deliver one before citing clauses for it")
                clause = self.corpus.clause(command.clause)
                return _build(
                    ev.ClauseCited,
                    inject=fold.current,
                    clause=clause.id,
                    reason=command.reason,
                    out_of_phase=clause.id not in self._policy.citable(fold.phases),
                    phases=fold.phases,
                    source=command.source,
                ), False
            case cmd.Withdraw():
                self._refuse_if_ended()
                inject_id = command.inject if command.inject is not None else fold.current
                if inject_id is None:
                    raise RefusedError("no inject has been delivered yet")
                return _build(
                    ev.CitationWithdrawn, inject=inject_id, clause=command.clause, reason=command.reason
                ), False
            case cmd.Note():
                return _build(ev.NoteRecorded, **_said(command), inject=fold.current), False
            case cmd.Decide():
                return _build(ev.DecisionRecorded, **_said(command), inject=fold.current), False
            case cmd.Determine():
                self._refuse_if_ended()
                found = self._policy.determination(fold.phases, command.determination)
                return _build(
                    ev.DeterminationRecorded,
                    ahead_of=fold.ahead_of(found) if command.answer else (),
                    determination=found.id,
                    answer=command.answer,
                    source=command.source,
                    title=found.title,
                    authority=found.authority,
                    diet=found.diet,
                    remark=command.remark,
                    inject=fold.current,
                    phases=fold.phases,
                    scenario_time=self._scenario_time(command.scenario_time, fold.current),
                ), False
            case cmd.Rate():
                self._refuse_if_ended()
                fold.require_inject(command.inject)
                index = self._action_index(command.inject, command.action)
                return _build(
                    ev.ActionRated,
                    inject=command.inject,
                    action=index,
                    rating=command.rating,
                    observation=command.observation,
                ), False
            # What the room said, recorded as said.
            case cmd.HotWash():
                return _build(ev.HotWashRecorded, **_said(command)), False
            case cmd.AddImprovementItem():
                said = _with_capability(_in_words(_said(command), blank=""))
                return _build(ev.ImprovementItemAdded, **said), False
            case cmd.CompleteImprovementItem():
                said = _with_capability(_in_words(_said(command), blank=None))
                return _build(ev.ImprovementItemUpdated, **said), False
            case cmd.CloseImprovementItem():
                return _build(ev.ImprovementItemClosed, **_in_words(_said(command), blank="")), False
            case cmd.PauseClock():
                return _build(ev.ClockPaused, **_said(command)), False
            case cmd.ResumeClock():
                return ev.ClockResumed(), False
            case cmd.End():
                return _build(ev.SessionClosed, **_said(command)), False
            case cmd.IssueSeat():
                self._refuse_if_ended()
                return _build(ev.ParticipantSeatIssued, **_said(command)), False
            case cmd.RevokeSeat():
                return _build(ev.ParticipantSeatRevoked, **_said(command)), False
            case cmd.ReissueSeat():
                self._refuse_if_ended()
                return _build(ev.ParticipantSeatReissued, **_said(command)), False
            case cmd.ClaimSeat():
                self._refuse_if_ended()
                carded = self._fold.seats.get(command.seat)
                if carded is not None and not hmac.compare_digest(carded.code_sha256, command.code_sha256):
                    raise RefusedError(f"the card of seat {command.seat!r} has been replaced by a new one")
                return _build(ev.ParticipantSeatClaimed, seat=command.seat, device_sha256=command.device_sha256), False
            case cmd.OpenPrompt():
                self._refuse_if_ended()
                return self._prompt(command), False
            case cmd.AnswerPrompt():
                self._refuse_if_ended()
                return _build(ev.PromptAnswered, **_said(command)), False
            case cmd.ClosePrompt():
                return _build(ev.PromptClosed, **_said(command)), False
            case cmd.RevealPrompt():
                return _build(ev.PromptRevealed, **_said(command)), False
            case _:
                assert_never(command)

    def _prompt(self, command: cmd.OpenPrompt) -> ev.PromptOpened:
        """The prompt `command` opens, with what it takes from the state now: the current inject,
        a self-rating's action and its text, a proposal's clauses that apply now."""
        fold = self._fold
        prompt_id = command.prompt
        if prompt_id is None:
            n = len(fold.prompts) + 1
            while f"p{n}" in fold.prompts:
                n += 1
            prompt_id = f"p{n}"
        text, action, cells = command.text.strip(), None, tuple(command.cells)
        clauses: tuple[ev.ProposalClause, ...] = ()
        if command.kind == "self_rating":
            if fold.current is None:
                raise RefusedError("no inject has been delivered yet: a self-rating rates one of its expected actions")
            action = self._action_index(fold.current, command.action or "")
            rated = self.view.expected_actions(fold.current)[action]
            text = text or str(rated.action)
            # Put to the cells the scenario says take the action, unless the facilitator named others.
            cells = tuple(command.cells) or tuple(getattr(rated, "cells", ()))
        elif command.action is not None:
            raise UsageError("only a self-rating names an expected action")
        if command.kind == "proposal":
            if fold.current is None:
                raise RefusedError(
                    "no inject has been delivered yet: a proposal answers the situation in front of the room"
                )
            clauses = tuple(
                ev.ProposalClause(clause=found.id, reason=found.reason)
                for found in self.suggestions()
                if not found.out_of_phase
            )
        return _build(
            ev.PromptOpened,
            prompt=prompt_id,
            kind=command.kind,
            text=text,
            cells=cells,
            inject=fold.current,
            options=tuple(option.strip() for option in command.options),
            action=action,
            clauses=clauses,
        )

    def _action_index(self, inject_id: str, key: object) -> int:
        if inject_id in self._fold.adhoc:
            raise UsageError(f"inject {inject_id!r} is improvised and has no expected actions")
        actions = self.view.expected_actions(inject_id)
        keys = [action_key(n) for n in range(len(actions))]
        if isinstance(key, str) and key.strip().casefold() in keys:
            return keys.index(key.strip().casefold())
        listed = "; ".join(f"{k}: {a.action}" for k, a in zip(keys, actions, strict=True)) or "it has none"
        raise UsageError(f"inject {inject_id!r} has no expected action {key!r}; its expected actions are {listed}")

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

    def _plan(self, inject_id: str) -> EntryPlan | None:
        """The move delivering `inject_id` makes now: the plan of the step the last snapshot
        showed for it, when the session has not moved since, else the phase policy's answer."""
        if inject_id in self._fold.adhoc:
            return None
        seq, steps = self._steps
        step = steps.get(inject_id) if seq == self._fold.last_seq else None
        if step is not None and step.refused is None:
            return step.plan
        return entry_plan(self._policy, self._fold.phases, self.view.inject(inject_id))

    def _refuse_while_a_move_waits(self) -> None:
        """No other inject is put in front of the room while the move of the one it has heard
        waits for its determination: delivering another would leave the move neither made nor
        declined, unrecorded. Going back stays possible (the inject leaves, and its move with it).
        The command path's rule, not the fold's: journals recorded before it hold such deliveries,
        and they replay as they were recorded."""
        pending = self._fold.pending
        if pending is not None:
            raise RefusedError(move_waiting(pending, self.view, self._policy, self._fold.phases))

    def _deliver(
        self, inject_id: str, via: str, option: str | None, command: cmd.DeliverNext | cmd.Jump | cmd.TakeOption
    ) -> tuple[ev.Payload, bool]:
        self._refuse_if_ended()
        self._refuse_while_a_move_waits()
        presented = self._presented(inject_id)
        if command.without_move:
            if command.answers:
                raise UsageError("an inject delivered without its move takes no gate answers")
            return _build(
                ev.InjectDelivered, inject=inject_id, via=via, option=option, without_move=True, presented=presented
            ), False
        plan = self._plan(inject_id)
        fact = None
        if plan is not None and command.move_pending:
            if command.answers:
                raise UsageError("an inject delivered with its move pending takes no gate answers yet")
            return _build(
                ev.InjectDelivered,
                inject=inject_id,
                via=via,
                option=option,
                move_pending=plan.trigger,
                presented=presented,
            ), False
        if plan is not None:
            when = self._scenario_time(command.scenario_time, inject_id)
            outcome = self._attempt(
                plan.trigger, plan.gates, command.answers, command.remarks, command.sources, inject_id, when
            )
            if isinstance(outcome, ev.MoveDeclined):
                return outcome, False
            fact = outcome
        return _build(
            ev.InjectDelivered, inject=inject_id, via=via, option=option, transition=fact, presented=presented
        ), True

    def _scenario_time(self, given: str | None, inject_id: str | None) -> str | None:
        """The scenario time a determination is recorded at: `given` in the scenario's notation
        (refused with the form meant when it is malformed, or when it comes before the inject's
        own time), else the inject's own time."""
        own = None
        if inject_id is not None and inject_id not in self._fold.adhoc:
            written = self.view.inject(inject_id).time
            own = parse_time(written) if written is not None else None
        if given is None or not given.strip():
            return None if own is None else str(own)
        parsed = parse_time(given)
        if parsed is None:
            meant = suggest_time(given)
            hint = f"did you mean {meant!r}? " if meant else ""
            raise UsageError(
                f"scenario time {given.strip()!r} is not one: {hint}write D, D-N or D+N, optionally "
                'with " HH:MM", e.g. "D 05:30"'
            )
        if own is not None and parsed.is_before(own):
            raise UsageError(
                f"scenario time {str(parsed)!r} comes before the inject's own time ({own}): "
                "the room determines after the development"
            )
        return str(parsed)

    def _presented(self, inject_id: str) -> tuple[str, ...]:
        """The clauses the scenario cites for `inject_id` and not yet cited for it: presented to
        the room with it, and so recorded."""
        if inject_id in self._fold.adhoc:
            return ()
        cited = self._fold.citations
        return tuple(c for c in dict.fromkeys(self.view.inject(inject_id).cite) if (inject_id, c) not in cited)

    def _attempt(
        self,
        trigger: str,
        gates: Sequence[Gate],
        answers: Mapping[str, bool],
        remarks: Mapping[str, str],
        sources: Mapping[str, ev.AnswerSource],
        inject: str | None,
        scenario_time: str | None = None,
    ) -> ev.TransitionFact | ev.MoveDeclined:
        """The room's answers to `trigger`'s gates (`gate_outcome`): the transition to record when
        every gate is yes (fired on a scratch machine at the phases now), the declined move when
        one is no."""
        phases = self._fold.phases
        gate_ids = [gate.id for gate in gates]
        for name, named in (("answer", answers), ("remark", remarks)):
            unknown = sorted(set(named) - set(gate_ids))
            if unknown:
                raise UsageError(
                    f"trigger {trigger!r} has no gate {unknown[0]!r} (given an {name}); "
                    f"its gates are: {', '.join(gate_ids) or 'none'}"
                )
        given = tuple(
            _build(
                ev.GateAnswer,
                gate=gate.id,
                answer=bool(answers[gate.id]),
                source=sources.get(gate.id, "facilitator"),
                authority=gate.authority,
                remark=remarks.get(gate.id, ""),
                scenario_time=scenario_time,
            )
            for gate in gates
            if gate.id in answers
        )
        outcome = gate_outcome(gates, {a.gate: a.answer for a in given})
        if outcome == "declined":
            # The first "no" settles the move: the gates not answered were never put to the room.
            not_put = tuple(gate.id for gate in gates if gate.id not in answers)
            return ev.MoveDeclined(trigger=trigger, inject=inject, phases=phases, answers=given, not_put=not_put)
        if outcome == "unanswered":
            missing = [gate for gate in gates if gate.id not in answers]
            questions = "; ".join(f"{gate.id}: {gate.question} ({gate.authority})" for gate in missing)
            raise GatesUnanswered(
                f"{trigger} needs the room's answer to {len(missing)} gate(s) first - {questions}",
                trigger=trigger,
                gates=missing,
            )
        after = self._policy.fire(phases, trigger, {g: bool(answers[g]) for g in gate_ids})
        return ev.TransitionFact(trigger=trigger, before=phases, after=after, answers=given)

    def _append(self, payload: ev.Payload, *, at: datetime | None = None, trusted_transition: bool = False) -> ev.Event:
        """Check, append durably, apply: the only way the state changes."""
        if self._journal.readonly:
            raise SessionFileError(f"{self.path}: the session is open read-only")
        at = at or self._clock()
        if at.tzinfo is None:
            raise ValueError("the session clock must give aware (UTC) times")
        # Never before the last event; a clock that cannot be right is said (`clock_notice`).
        at, self.clock_notice = self._dating.date(at, self._fold.last_at)
        if self._authored and payload.by is None:
            payload = payload.model_copy(update={"by": self._issuer or self.seat})
        # The payload is validated already; the envelope's values come from here.
        event = ev.Event.model_construct(seq=self._fold.last_seq + 1, at=at.astimezone(UTC), payload=payload)
        self._fold.check(event, trusted_transition=trusted_transition)
        # A database stamps the event with its server's clock: the event applied is the one recorded.
        recorded = self._journal.append(event, expected_seq=self._fold.last_seq)
        self._fold.apply(recorded)
        return recorded


_Payload = TypeVar("_Payload", bound="BaseModel")


def _build(model: type[_Payload], **fields: Any) -> _Payload:
    """Validate a payload from a command's values; bad values are the caller's input error."""
    from pydantic import ValidationError

    try:
        return model(**fields)
    except ValidationError as exc:
        raise InputError("; ".join(map(_problem, exc.errors(include_url=False)))) from None


def _problem(error: Any) -> str:
    """One problem of a command's values: the field and what is wrong with it, or (for a check
    of the values together) the check's own sentence."""
    raised = error.get("ctx", {}).get("error")
    message = str(raised) if error["type"] == "value_error" and raised is not None else error["msg"]
    return f"{'.'.join(map(str, error['loc']))}: {message}" if error["loc"] else message


def _said(command: cmd.Command) -> dict[str, Any]:
    """What a command records as it was given: its values, less the state it was decided on."""
    return {field.name: getattr(command, field.name) for field in fields(command) if field.name != "expected_seq"}


def _in_words(said: dict[str, Any], *, blank: str | None) -> dict[str, Any]:
    """An improvement-plan command's values with every text stripped, and a text of only spaces
    taken as not given (`blank`: "" for a new item's field still to settle, None for a field
    left as it is): an item whose owner is "  " is still a draft. An issue or a corrective action
    must have words: refused (exit 1), nothing recorded."""
    words: dict[str, Any] = {}
    for name, value in said.items():
        if not isinstance(value, str):
            words[name] = value
            continue
        text = value.strip()
        if not text and name in ev.ITEM_NEEDS_WORDS:
            raise InputError(
                f"an improvement item needs {ev.ITEM_NEEDS_WORDS[name]} in words, not a blank; nothing was recorded"
            )
        words[name] = text or blank
    return words


def _with_capability(said: dict[str, Any]) -> dict[str, Any]:
    """An improvement item's values with its capability element spelt as HSEEP's list has it, or
    the error naming the elements. Only a new record is checked: a journal written before holds
    whatever text it holds, and still reads."""
    given = said.get("capability_element")
    if not given:  # "" (a draft) or None (unchanged)
        return said
    element = ev.capability_element(given)
    if element is None:
        raise UsageError(
            f"capability element {given!r} is not one of HSEEP's: {', '.join(ev.CAPABILITY_ELEMENTS)}; nothing was recorded"
        )
    return {**said, "capability_element": element}


def _records_seats(metadata: Mapping[str, str]) -> bool:
    """Whether a journal's format records who wrote each event (format 5 and later)."""
    written = metadata.get("format_version", "")
    return written.isdigit() and int(written) >= 5


def damage_message(damage: str, intact: int, session: str, *, database: bool = False) -> str:
    """What a session that found its journal damaged says of every command from then on: the
    damage, that nothing more is recorded, what was held intact, and what to do (`session`: the
    session file, or the id of a session in a database)."""
    held = f"events 1 to {intact} were checked intact before it was found" if intact else "no event was held intact"
    salvage = shlex.join(["tabletop", "salvage", session, "-o", "FILE"]) + (" --db URL" if database else "")
    return (
        f"{damage.rstrip('.')}; nothing more is recorded in this session ({held}). "
        f"`{salvage}` saves the events recorded before the damage, as a new session to import"
    )


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split("\n")).strip()


def _refusal_kind(exc: TabletopError) -> cmd.RefusalKind:
    """What kind of "no" an error is, for a screen that treats them differently."""
    if isinstance(exc, SessionEnded):
        return "ended"
    if isinstance(exc, DatabaseUnavailable):
        return "link_down"
    if isinstance(exc, SeatTaken):
        return "read_only"  # the facilitator's seat moved to another program: this one records no more
    if isinstance(exc, GatesUnanswered):
        return "unanswered"
    if isinstance(exc, SessionFileError | SessionBusy):
        return "not_recorded"  # the store could not write it (a full disk, a writer stuck in its turn)
    if isinstance(exc, TransitionRefused | RefusedError):
        return "refused"
    return "invalid"


def open_session(path: str | os.PathLike[str], *, readonly: bool = False) -> Session:
    """Open a session file (see `Session.open`)."""
    return Session.open(path, readonly=readonly)


def start_session(
    scenario_path: str | os.PathLike[str],
    corpus: Corpus | None = None,
    *,
    session_dir: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
    facilitator: str = "",
) -> Session:
    """Load a scenario file (checked against the corpus, the bundled one by default) and start a
    session: the one way a session is started from a file (`tabletop run`, the console's start
    screen, a script)."""
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario

    corpus = corpus or load_rules()
    loaded = load_scenario(scenario_path, corpus, remember_parse=True)  # the texts the session will store
    return Session.start(loaded, corpus, session_dir=session_dir, clock=clock, facilitator=facilitator)
