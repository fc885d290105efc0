"""Sessions: every facilitator action as a journaled event, the state as a fold over them.

Used by the console, the command line (`status`, `export`, `import`, `dry-run`) and the
reports, which are thin layers over what `__all__` names, the public surface for a program
that records or reads a session:

    recording    Session (start, open, follow), its commands (DeliverNext, Cite, ...,
                 and the participants' page's: IssueSeat, OpenPrompt, AnswerPrompt, ...),
                 Session.execute and its outcomes (Committed, Declined, Refused), the
                 seat it records as (Seat, Role) and what each seat may do
    drawing      SessionSnapshot and its parts (Step, MoveView, InjectView, ...)
    the record   SessionRecord, SessionState and its records (CitationRecord, ...), Event
    the journal  Journal (what a store provides), Document, the interchange format
    the rest     dry_run and play_path, clause suggestions, where sessions live

One SQLite file per session holds the events and the texts of the scenario and rules the
session started with; see docs/sessions.md. A few more names are importable from here for
the command line and the tests (the journal's SQLite implementation and schema, the fold,
the event payload models); they are not part of the public surface and may change.
A PostgreSQL database can instead hold many sessions (`SessionDatabase`, `PostgresJournal`:
psycopg is loaded only when they are named).
"""

import typing as _typing

from tabletop.lazyexports import lazy_exports as _lazy_exports
from tabletop.session._commands import (
    AddImprovementItem,
    AnswerPrompt,
    ClosePrompt,
    IssueSeat,
    OpenPrompt,
    RevealPrompt,
    RevokeSeat,
    Cite,
    CloseImprovementItem,
    Command,
    Committed,
    CompleteImprovementItem,
    Decide,
    Declined,
    DeliverNext,
    Determine,
    DetermineMove,
    End,
    Fire,
    GoBack,
    HotWash,
    InsertAdHoc,
    Jump,
    Note,
    Outcome,
    PauseClock,
    Rate,
    Refused,
    RefusalKind,
    ResumeClock,
    TakeOption,
    Withdraw,
)
from tabletop.session._dryrun import DRY_RUN_DEFAULT, dry_run, play_path
from tabletop.session._engine import Session, open_session, start_session
from tabletop.session._events import (
    ANSWER_SOURCES,
    CITATION_SOURCES,
    HOT_WASH_KINDS,
    JOURNAL_FORMAT_VERSION,
    MAX_ANSWER_CHARS,
    PROMPT_KINDS,
    RATINGS,
    ProposalClause,
    PromptKind,
    AnswerSource,
    CitationSource,
    Event,
    HotWashKind,
    Rating,
)
from tabletop.session._files import SESSION_DIR_ENV, resolve_session_path, session_folder, session_ids
from tabletop.session._fold import replay
from tabletop.session._interchange import export_jsonl, import_jsonl, write_jsonl
from tabletop.session._database import DATABASE_URL_ENV, LinkStatus, new_event_id, session_database
from tabletop.session._journal import Document, Journal
from tabletop.session._meanwhile import Meanwhile, meanwhile, scenario_lapse, scenario_minutes
from tabletop.session._navigation import EntryPlan
from tabletop.session._participants import (
    SEAT_CODE_LENGTH,
    PromptForSeat,
    admitted_seat,
    new_seat_code,
    prompts_for_seat,
    seat_code_digest,
    spaced_seat_code,
)
from tabletop.session._seats import ROLES, Role, Seat, SeatRecords, records_by_seat
from tabletop.session._record import RecordedDocument, SessionRecord
from tabletop.session._snapshot import (
    ClockView,
    DeterminationView,
    ExpectedActionView,
    GateView,
    InjectStatus,
    InjectSummary,
    InjectView,
    MoveView,
    ObjectiveView,
    OptionView,
    PendingMoveView,
    PhaseView,
    QuestionView,
    RegionView,
    RequirementView,
    SessionSnapshot,
    Step,
    action_key,
)
from tabletop.session._state import (
    AdHocInject,
    AnswerRecord,
    CitationRecord,
    ClockPause,
    ClockState,
    DecisionOption,
    DecisionRecord,
    DeclinedMove,
    Determination,
    ExpectedActionRating,
    HotWashEntry,
    ImprovementItem,
    NoteRecord,
    PendingMove,
    ParticipantSeat,
    PhaseChange,
    PromptRecord,
    RatingRecord,
    RecordedDetermination,
    SessionState,
    Visit,
    Withdrawal,
)
from tabletop.session._store import SESSION_SUFFIX

# Not public (see the module docstring): for the command line and the tests.
from tabletop.session._events import GateAnswer as GateAnswer
from tabletop.session._events import SessionStarted as SessionStarted
from tabletop.session._events import TransitionFact as TransitionFact
from tabletop.session._events import event_adapter as event_adapter
from tabletop.session._events import event_types as event_types
from tabletop.session._journal import DIGEST_KEY as _DIGEST_KEY
from tabletop.session._journal import text_sha256 as text_sha256
from tabletop.session._sources import rebuild_sources as rebuild_sources
from tabletop.session._store import APPLICATION_ID as APPLICATION_ID
from tabletop.session._store import SCHEMA as _SCHEMA
from tabletop.session._store import SessionJournal as SessionJournal

JOURNAL_DIGEST_KEY = _DIGEST_KEY
JOURNAL_SCHEMA = _SCHEMA

if _typing.TYPE_CHECKING:
    from tabletop.session._citations import Citation, hand_citation, rank_citations
    from tabletop.session._pgschema import DATABASE_SCHEMA_VERSION
    from tabletop.session._pgstore import PostgresJournal, SchemaChange, SessionDatabase

__all__ = [
    "ANSWER_SOURCES",
    "AdHocInject",
    "AddImprovementItem",
    "AnswerPrompt",
    "AnswerRecord",
    "AnswerSource",
    "CITATION_SOURCES",
    "Citation",
    "CitationRecord",
    "CitationSource",
    "Cite",
    "ClockPause",
    "ClockState",
    "ClockView",
    "CloseImprovementItem",
    "ClosePrompt",
    "Command",
    "Committed",
    "CompleteImprovementItem",
    "DATABASE_SCHEMA_VERSION",
    "DATABASE_URL_ENV",
    "DRY_RUN_DEFAULT",
    "Decide",
    "DecisionOption",
    "DecisionRecord",
    "Declined",
    "DeclinedMove",
    "DeliverNext",
    "Determination",
    "DeterminationView",
    "Determine",
    "DetermineMove",
    "Document",
    "End",
    "EntryPlan",
    "Event",
    "ExpectedActionRating",
    "ExpectedActionView",
    "Fire",
    "GateView",
    "GoBack",
    "HOT_WASH_KINDS",
    "HotWash",
    "HotWashEntry",
    "HotWashKind",
    "ImprovementItem",
    "InjectStatus",
    "InjectSummary",
    "InjectView",
    "InsertAdHoc",
    "IssueSeat",
    "JOURNAL_FORMAT_VERSION",
    "Journal",
    "Jump",
    "LinkStatus",
    "MAX_ANSWER_CHARS",
    "Meanwhile",
    "MoveView",
    "Note",
    "NoteRecord",
    "ObjectiveView",
    "OpenPrompt",
    "OptionView",
    "Outcome",
    "PROMPT_KINDS",
    "ParticipantSeat",
    "PauseClock",
    "PendingMove",
    "PendingMoveView",
    "PhaseChange",
    "PhaseView",
    "PostgresJournal",
    "PromptForSeat",
    "PromptKind",
    "PromptRecord",
    "ProposalClause",
    "QuestionView",
    "RATINGS",
    "ROLES",
    "Rate",
    "Rating",
    "RatingRecord",
    "RecordedDetermination",
    "RecordedDocument",
    "RefusalKind",
    "Refused",
    "RegionView",
    "RequirementView",
    "ResumeClock",
    "RevealPrompt",
    "RevokeSeat",
    "Role",
    "SEAT_CODE_LENGTH",
    "SESSION_DIR_ENV",
    "SESSION_SUFFIX",
    "SchemaChange",
    "Seat",
    "SeatRecords",
    "Session",
    "SessionDatabase",
    "SessionRecord",
    "SessionSnapshot",
    "SessionState",
    "Step",
    "TakeOption",
    "Visit",
    "Withdraw",
    "Withdrawal",
    "action_key",
    "admitted_seat",
    "dry_run",
    "export_jsonl",
    "hand_citation",
    "import_jsonl",
    "meanwhile",
    "new_event_id",
    "new_seat_code",
    "open_session",
    "play_path",
    "prompts_for_seat",
    "rank_citations",
    "records_by_seat",
    "replay",
    "resolve_session_path",
    "scenario_lapse",
    "scenario_minutes",
    "seat_code_digest",
    "session_database",
    "session_folder",
    "session_ids",
    "spaced_seat_code",
    "start_session",
    "write_jsonl",
]

# Clause suggestion and the PostgreSQL journal are imported the first time they are named,
# so that importing the session engine loads neither clause search nor psycopg (an optional
# dependency: `pip install 'tabletop[postgres]'`) before it is needed.
_LAZY = {
    "DATABASE_SCHEMA_VERSION": "tabletop.session._pgschema",
    "PostgresJournal": "tabletop.session._pgstore",
    "SchemaChange": "tabletop.session._pgstore",
    "SessionDatabase": "tabletop.session._pgstore",
    "Citation": "tabletop.session._citations",
    "hand_citation": "tabletop.session._citations",
    "rank_citations": "tabletop.session._citations",
}


__getattr__ = _lazy_exports(__name__, _LAZY, globals())
