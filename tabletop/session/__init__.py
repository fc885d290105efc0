"""The session engine: every facilitator action as a journaled event, the state as a fold over them.

Used by the console, the command line (`status`, `export`, `import`,
`dry-run`) and the reports, which are thin layers over `Session` and
`SessionState`. One SQLite file per session holds the events and the texts
of the scenario and rules the session started with, or a PostgreSQL database
holds many sessions (`SessionDatabase`, `PostgresJournal`: psycopg is loaded
only when they are named); see docs/sessions.md.
"""

import typing as _typing

from tabletop.lazyexports import lazy_exports as _lazy_exports
from tabletop.errors import GatesUnanswered
from tabletop.session._dryrun import DRY_RUN_DEFAULT, dry_run, play_path
from tabletop.session._engine import (
    SESSION_DIR_ENV,
    Session,
    default_session_dir,
    open_session,
    rebuild_sources,
    resolve_session_path,
    session_folder,
    session_ids,
    start_session,
)
from tabletop.session._events import (
    ANSWER_SOURCES,
    CITATION_SOURCES,
    HOT_WASH_KINDS,
    JOURNAL_FORMAT_VERSION,
    RATINGS,
    ActionRated,
    AdHocInjectInserted,
    AnswerSource,
    CitationSource,
    CitationWithdrawn,
    ClauseCited,
    ClockPaused,
    ClockResumed,
    DecisionRecorded,
    DeterminationRecorded,
    Event,
    GateAnswer,
    HotWashKind,
    HotWashRecorded,
    ImprovementItemAdded,
    InjectDelivered,
    MoveDeclined,
    NoteRecorded,
    PhaseTriggerFired,
    Rating,
    SessionClosed,
    SessionStarted,
    TransitionFact,
    WentBack,
    event_adapter,
    event_types,
)
from tabletop.session._fold import replay
from tabletop.session._interchange import export_jsonl, import_jsonl, write_jsonl
from tabletop.session._database import DATABASE_URL_ENV, LinkStatus, new_event_id, session_database
from tabletop.session._journal import Journal
from tabletop.session._navigation import EntryPlan
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
    PhaseView,
    QuestionView,
    RegionView,
    SessionSnapshot,
    Step,
    action_key,
)
from tabletop.session._state import (
    AdHocInject,
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
    PhaseChange,
    RatingRecord,
    RecordedDetermination,
    SessionState,
    Visit,
    Withdrawal,
)
from tabletop.session._store import APPLICATION_ID, SESSION_SUFFIX, Document, SessionJournal, text_sha256
from tabletop.session._store import DIGEST_KEY as JOURNAL_DIGEST_KEY
from tabletop.session._store import SCHEMA as JOURNAL_SCHEMA

if _typing.TYPE_CHECKING:
    from tabletop.session._citations import Citation, hand_citation, rank_citations
    from tabletop.session._pgschema import DATABASE_SCHEMA_VERSION
    from tabletop.session._pgstore import PostgresJournal, SchemaChange, SessionDatabase

__all__ = [
    "ANSWER_SOURCES",
    "APPLICATION_ID",
    "ActionRated",
    "AdHocInject",
    "AdHocInjectInserted",
    "AnswerSource",
    "CITATION_SOURCES",
    "Citation",
    "CitationRecord",
    "CitationSource",
    "CitationWithdrawn",
    "ClauseCited",
    "ClockPause",
    "ClockPaused",
    "ClockResumed",
    "ClockState",
    "ClockView",
    "DATABASE_SCHEMA_VERSION",
    "DATABASE_URL_ENV",
    "DRY_RUN_DEFAULT",
    "DecisionOption",
    "DecisionRecord",
    "DecisionRecorded",
    "DeclinedMove",
    "Determination",
    "DeterminationRecorded",
    "DeterminationView",
    "Document",
    "EntryPlan",
    "Event",
    "ExpectedActionRating",
    "ExpectedActionView",
    "GateAnswer",
    "GateView",
    "GatesUnanswered",
    "HOT_WASH_KINDS",
    "HotWashEntry",
    "HotWashKind",
    "HotWashRecorded",
    "ImprovementItem",
    "ImprovementItemAdded",
    "InjectDelivered",
    "InjectStatus",
    "InjectSummary",
    "InjectView",
    "JOURNAL_DIGEST_KEY",
    "JOURNAL_FORMAT_VERSION",
    "JOURNAL_SCHEMA",
    "Journal",
    "LinkStatus",
    "MoveDeclined",
    "MoveView",
    "NoteRecord",
    "NoteRecorded",
    "ObjectiveView",
    "OptionView",
    "PhaseChange",
    "PhaseTriggerFired",
    "PhaseView",
    "PostgresJournal",
    "QuestionView",
    "RATINGS",
    "Rating",
    "RatingRecord",
    "RecordedDetermination",
    "RecordedDocument",
    "RegionView",
    "SESSION_DIR_ENV",
    "SESSION_SUFFIX",
    "SchemaChange",
    "Session",
    "SessionClosed",
    "SessionDatabase",
    "SessionJournal",
    "SessionRecord",
    "SessionSnapshot",
    "SessionStarted",
    "SessionState",
    "Step",
    "TransitionFact",
    "Visit",
    "WentBack",
    "Withdrawal",
    "action_key",
    "default_session_dir",
    "dry_run",
    "event_adapter",
    "event_types",
    "export_jsonl",
    "hand_citation",
    "import_jsonl",
    "new_event_id",
    "open_session",
    "play_path",
    "rank_citations",
    "rebuild_sources",
    "replay",
    "resolve_session_path",
    "session_database",
    "session_folder",
    "session_ids",
    "start_session",
    "text_sha256",
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
