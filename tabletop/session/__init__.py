"""The session engine: every facilitator action as a journaled event, the state as a fold over them.

Used by the console, the command line (`status`, `export`, `import`,
`dry-run`) and the reports, which are thin layers over `Session` and
`SessionState`. One SQLite file per session holds the events and the texts
of the scenario and rules the session started with; see docs/sessions.md.
"""

from tabletop.session.dryrun import DRY_RUN_DEFAULT, dry_run
from tabletop.session.engine import (
    SESSION_DIR_ENV,
    GatesUnanswered,
    Session,
    default_session_dir,
    open_session,
    resolve_session_path,
    start_session,
)
from tabletop.session.events import (
    JOURNAL_FORMAT_VERSION,
    ActionRated,
    AdHocInjectInserted,
    CitationWithdrawn,
    ClauseCited,
    ClockPaused,
    ClockResumed,
    DecisionRecorded,
    Event,
    GateAnswer,
    HotWashRecorded,
    ImprovementItemAdded,
    InjectDelivered,
    NoteRecorded,
    PhaseTriggerFired,
    SessionClosed,
    SessionStarted,
    TransitionFact,
    WentBack,
)
from tabletop.session.fold import replay
from tabletop.session.interchange import export_jsonl, import_jsonl
from tabletop.session.navigation import EntryPlan
from tabletop.session.state import SessionState
from tabletop.session.store import SESSION_SUFFIX

__all__ = [
    "ActionRated",
    "AdHocInjectInserted",
    "CitationWithdrawn",
    "ClauseCited",
    "ClockPaused",
    "ClockResumed",
    "DRY_RUN_DEFAULT",
    "DecisionRecorded",
    "EntryPlan",
    "Event",
    "GateAnswer",
    "GatesUnanswered",
    "HotWashRecorded",
    "ImprovementItemAdded",
    "InjectDelivered",
    "JOURNAL_FORMAT_VERSION",
    "NoteRecorded",
    "PhaseTriggerFired",
    "SESSION_DIR_ENV",
    "SESSION_SUFFIX",
    "Session",
    "SessionClosed",
    "SessionStarted",
    "SessionState",
    "TransitionFact",
    "WentBack",
    "default_session_dir",
    "dry_run",
    "export_jsonl",
    "import_jsonl",
    "open_session",
    "replay",
    "resolve_session_path",
    "start_session",
]
