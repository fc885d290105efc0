"""Sessions as JSON Lines, for interchange: `tabletop export --format jsonl` and `tabletop import`.

Called by the CLI. Either end may be a session file or a session in a
PostgreSQL database (`database=`): a journal exported from one engine and
imported into the other is the same journal, line for line, and its chain
verifies on both. The first line is a header (format name and version, the
session's metadata and its stored documents: scenario files and rules text,
each with its SHA-256); every following line is one event, exactly as the
`Event` model serialises it. The header also says how many events follow and
the journal digest after the last one (the session file's own chain, see
`tabletop.session._journal.chain`), so that an import can tell a file cut short,
or with lines missing, reordered or changed, from a whole one. Import checks
every line (JSON, the models, the hashes, and that each event follows from the
state before it), then the count and the digest, and builds the new session
file under a temporary name, so a bad journal never leaves a half-written
session behind. The new session's metadata says it was imported, from which file, when, and
whether the export's count and digest were checked (`SessionImport`): `status`, `sessions` and
the reports' provenance say so.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from datetime import datetime, UTC
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tabletop.atomicfile import regular_file_problem
from tabletop.errors import (
    JournalImportError,
    MissingFileError,
    SessionFileError,
    TabletopError,
)
from tabletop.jsontext import escape_raw_controls
from tabletop.outputs import write_output
import tabletop.session._events as ev
from tabletop.session._journal import DIGEST_KEY, Document, Journal, chain
from tabletop.session._store import SESSION_SUFFIX, SessionJournal, stored_time
from tabletop.yamlsource import collector_paused

if TYPE_CHECKING:
    from tabletop.session._fold import Fold
    from tabletop.session._pgstore import SessionDatabase

__all__ = [
    "FIRST_VERSION_WITH_DIGEST",
    "JOURNAL_FORMAT_NAME",
    "JournalHeader",
    "SessionImport",
    "StoredDocument",
    "export_jsonl",
    "import_jsonl",
    "journal_digest",
    "session_import",
    "write_jsonl",
]

JOURNAL_FORMAT_NAME = "tabletop-journal"
"""The `format` of an exported journal's header line."""
SESSION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
"""What a session id may be: it names a file, so it can never name a folder or climb out of one."""
MAX_SESSION_ID_LENGTH = 200
"""The longest session id: with `.ttx.sqlite` it still fits the 255-byte limit of file names."""
IMPORTED_FROM, IMPORTED_AT, IMPORT_CHECKED = "imported_from", "imported_at", "import_checked"
"""The metadata keys an import writes: the file's name, when (UTC), and whether the count and
digest of the export's header were checked (`digest`) or it carried none (`none`)."""
RESERVED_METADATA = frozenset(
    {"format", "format_version", "session_id", IMPORTED_FROM, IMPORTED_AT, IMPORT_CHECKED, DIGEST_KEY}
)
"""Metadata keys the session file sets itself; a journal's header cannot set them (so an export
of an imported session does not carry its import along: the next import records its own)."""
FIRST_VERSION_WITH_DIGEST = 4
"""The first journal format whose exports always carry `event_count` and `journal_sha256`:
tabletop 0.1.0, the one release that wrote exports without them, wrote formats 1 to 3. A header
of this format or later without them was edited, and is refused."""


@dataclass(frozen=True)
class SessionImport:
    """Where an imported session came from, as its metadata records it."""

    source: str
    """The name of the file imported (not its folder, which may say more than the session)."""
    at: datetime | None
    """When it was imported (UTC); None for an import by a tabletop that did not record it."""
    checked: bool | None
    """True when the events were checked against the export's event count and journal digest,
    False when the export carried neither (formats 1 to 3), None when not recorded."""

    @property
    def check(self) -> str:
        """The check in words, as `status`, `sessions` and the reports say it."""
        if self.checked is None:
            return "whether it was checked against an export's digest was not recorded"
        if self.checked:
            return "checked against the export's event count and journal digest"
        return "an export without an event count or digest: not checked for lines missing or changed"

    @property
    def said(self) -> str:
        """One line: `imported from e1.jsonl on 2030-04-01 09:00 UTC; checked against ...`."""
        when = f" on {self.at:%Y-%m-%d %H:%M} UTC" if self.at is not None else ""
        return f"imported from {self.source}{when}; {self.check}"


def session_import(metadata: dict[str, str]) -> SessionImport | None:
    """The import a session's metadata records, or None for a session recorded here."""
    source = metadata.get(IMPORTED_FROM)
    if source is None:
        return None
    try:
        at: datetime | None = datetime.fromisoformat(metadata.get(IMPORTED_AT, "")).astimezone(UTC)
    except ValueError:
        at = None
    checked = {"digest": True, "none": False}.get(metadata.get(IMPORT_CHECKED, ""))
    return SessionImport(source=source, at=at, checked=checked)


class StoredDocument(BaseModel):
    """A text the session was started with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    """The scenario's file name, an included file's path relative to it, or the rules file's name."""
    role: Literal["scenario", "include", "rules"]
    """What the text is."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of `text` encoded as UTF-8."""
    text: str
    """The exact text."""


class JournalHeader(BaseModel):
    """The first line of an exported journal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["tabletop-journal"]
    """Always `tabletop-journal`."""
    version: int = Field(ge=1)
    """The journal format version (`tabletop.session.JOURNAL_FORMAT_VERSION`)."""
    session_id: str = Field(min_length=1, max_length=MAX_SESSION_ID_LENGTH, pattern=SESSION_ID_PATTERN)
    """The session's id; the imported file is named after it (letters, digits, `.`, `_` and `-`,
    starting with a letter or digit, at most 200 characters)."""
    event_count: int | None = Field(default=None, ge=0)
    """How many event lines follow (None in an export written before it was recorded: then an
    import cannot tell that lines are missing from its end)."""
    journal_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """The journal digest after the last event, chained as the session file chains its events
    (the imported session file's own `journal_sha256`); None in an export written before it was
    recorded."""
    metadata: dict[str, str] = {}
    """The session file's metadata (creation time, the tabletop version that wrote it)."""
    documents: list[StoredDocument] = Field(min_length=2)
    """The scenario's files and the rules text the session was started with."""

    @field_validator("metadata")
    @classmethod
    def _own_keys_only(cls, metadata: dict[str, str]) -> dict[str, str]:
        reserved = sorted(RESERVED_METADATA & set(metadata))
        if reserved:
            raise ValueError(f"the key {reserved[0]!r} is set by tabletop itself and cannot be imported")
        return metadata


def _journal(session: str | os.PathLike[str], database: SessionDatabase | None) -> Journal:
    """A session's journal opened read-only: a file, or an id in `database`."""
    if database is None:
        return SessionJournal.open(session, readonly=True)
    return database.open(str(session), readonly=True)


def write_jsonl(session_path: str | os.PathLike[str], out: IO[str], *, database: SessionDatabase | None = None) -> int:
    """Write a session's journal as JSON Lines to `out`; return the number of events.

    `session_path` is a session file, or with `database` a session id there.
    The session is checked exactly as `status` checks it (`read_verified`): a
    session that `status` calls damaged is not exported. Its metadata, documents and events
    are read as one view of the journal (`Journal.snapshot`), so that another program
    recording into it meanwhile cannot make the header and the lines disagree: the lines are
    the events checked, and the header's count and digest are theirs (the digest the store
    keeps beside them, which the check has just found to chain them).
    """
    # Every event read stays alive until the last line is written: see `collector_paused`.
    with collector_paused():
        return _write_jsonl(session_path, out, database)


def _write_jsonl(session_path: str | os.PathLike[str], out: IO[str], database: SessionDatabase | None) -> int:
    from tabletop.session._reading import read_verified

    journal = _journal(session_path, database)
    try:
        with journal.snapshot():
            verified = read_verified(journal)
    finally:
        journal.close()
    metadata, documents, events = verified.metadata, verified.documents, verified.events
    # A journal kept before digests has none stored: then it is chained here.
    digest = metadata[DIGEST_KEY] if DIGEST_KEY in metadata else journal_digest(events)
    header = JournalHeader(
        format=JOURNAL_FORMAT_NAME,
        version=written_format_version(metadata),
        session_id=metadata.get("session_id", Path(session_path).name.removesuffix(SESSION_SUFFIX)),
        event_count=len(events),
        journal_sha256=digest,
        metadata={k: v for k, v in metadata.items() if k not in RESERVED_METADATA},
        documents=[StoredDocument(name=d.name, role=d.role, sha256=d.sha256, text=d.text) for d in documents],
    )
    # One JSON document per line: escaping the characters that line readers split at
    # (U+2028) or terminals obey (C1 controls) keeps every line one line, safe to view. None of
    # them is a line break of JSON Lines, so lines are escaped a thousand at a time, not one by
    # one (nor all at once, which would hold a second copy of the whole export).
    out.write(escape_raw_controls(header.model_dump_json()) + "\n")
    for start in range(0, len(events), _LINES_AT_ONCE):
        lines = [event.model_dump_json() for event in events[start : start + _LINES_AT_ONCE]]
        out.write(escape_raw_controls("\n".join(lines)) + "\n")
    return len(events)


_LINES_AT_ONCE = 1000


def journal_digest(events: Iterable[ev.Event]) -> str:
    """The journal digest after `events`, chained as a session file (or a database) chains the
    events it records: what an export's header carries, and an import checks the lines against."""
    rows = ((event.seq, stored_time(event), event.type, event.payload.model_dump_json()) for event in events)
    return chain("", rows) or ""


def written_format_version(metadata: dict[str, str]) -> int:
    """The journal format the session was written in: an older session exports as it was written,
    so that the tabletop that wrote it can import it again."""
    written = metadata.get("format_version", "")
    if written.isdigit() and 1 <= int(written) <= ev.JOURNAL_FORMAT_VERSION:
        return int(written)
    return ev.JOURNAL_FORMAT_VERSION


def export_jsonl(
    session_path: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    force: bool = False,
    database: SessionDatabase | None = None,
) -> int:
    """Export to a file, atomically, under the rule of every output (`tabletop.outputs`): an
    existing `target` is replaced only when it is an earlier export (its first line is a
    journal header) or with `force`; never when it is a session, the session being read or
    one of its companion files. With `database`, `session_path` is a session id there."""
    out = io.StringIO()
    count = write_jsonl(session_path, out, database=database)
    given = {} if database is not None else {session_path: "the session being exported"}
    write_output(target, out.getvalue(), "export", given=given, force=force)
    return count


def import_jsonl(
    source: str | os.PathLike[str],
    session_dir: str | os.PathLike[str] | None = None,
    *,
    database: SessionDatabase | None = None,
    warn: Callable[[str], object] | None = None,
) -> Path | str:
    """Read an exported journal back into a new session: a file in `session_dir`, or a session in
    `database`; return the file's path, or the database's label of the session.

    Raises `JournalImportError` naming the first bad line, or saying what is missing when the
    lines do not add up to the events and the digest the header lists (a file cut short, lines
    removed, reordered or changed). Nothing is written unless every line is good. The events
    keep their times and their chain. An export of a format written before headers carried the
    count and the digest (below `FIRST_VERSION_WITH_DIGEST`) still imports; `warn` is told that
    its completeness could not be checked; a later format's header without them is refused. The
    new session's metadata records the import (`session_import` reads it back).
    """
    from tabletop.session._fold import Fold
    from tabletop.session._navigation import ScenarioView
    from tabletop.session._sources import rebuild_sources

    source = Path(source)
    problem = regular_file_problem(source)
    if problem is not None:
        raise MissingFileError(f"{source}: {problem}")
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise JournalImportError(f"{source}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise JournalImportError(f"{source}: cannot read the journal ({exc.strerror})") from None
    # Only "\n" ends a line: JSON text may hold other characters str.splitlines() would split on.
    lines = [line.removesuffix("\r") for line in text.removesuffix("\n").split("\n")] if text else []
    if not lines:
        raise JournalImportError(f"{source}: empty file; expected a tabletop journal (JSON Lines)")
    header = _header(source, lines[0], cut_short=len(lines) == 1 and not text.endswith("\n"))
    documents = [Document(d.name, d.role, d.text, d.sha256) for d in header.documents]
    for document in documents:
        if Document.of(document.name, document.role, document.text).sha256 != document.sha256:
            raise JournalImportError(f"{source}:1: document {document.name!r} does not match its SHA-256")
    try:
        corpus, scenario = rebuild_sources(source, documents)
    except TabletopError as exc:
        raise JournalImportError(f"{source}:1: {exc}") from None
    fold = Fold(corpus, ScenarioView(scenario))
    events = list(_events(source, lines, fold, cut_short=not text.endswith("\n")))
    if not events:
        raise JournalImportError(f"{source}: the journal has no events{_expected(header)}")
    checked = _check_whole(source, header, events, warn)
    started = events[0].payload
    if (
        not isinstance(started, ev.SessionStarted)
        or started.session_id != header.session_id
        or started.scenario_sha256 != scenario.sha256
        or (
            started.facilitator is not None
            and header.metadata.get("facilitator", started.facilitator) != started.facilitator
        )
    ):
        raise JournalImportError(f"{source}:2: the session_started event does not match the header")
    metadata = {
        **header.metadata,
        "session_id": header.session_id,
        IMPORTED_FROM: source.name,
        IMPORTED_AT: datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        IMPORT_CHECKED: "digest" if checked else "none",
    }
    if started.facilitator is not None:
        # The journal's own record of who facilitated; the metadata says the same.
        metadata.pop("facilitator", None)
        if started.facilitator:
            metadata["facilitator"] = started.facilitator
    if database is not None:
        return _import_into_database(source, database, metadata, documents, events)
    path = Path(session_dir if session_dir is not None else ".") / f"{header.session_id}{SESSION_SUFFIX}"
    if os.path.lexists(path):
        raise JournalImportError(_exists_message(source, header.session_id, path))
    try:
        with SessionJournal.building(path, metadata, documents) as journal:
            for event in events:
                journal.append(event)
    except SessionFileError:
        if os.path.lexists(path):  # another import of the same id won the race
            raise JournalImportError(_exists_message(source, header.session_id, path)) from None
        raise
    return path


def _import_into_database(
    source: Path,
    database: SessionDatabase,
    metadata: dict[str, str],
    documents: list[Document],
    events: list[ev.Event],
) -> str:
    session_id = metadata["session_id"]
    never = database.never_written(session_id)
    if never is not None:
        raise JournalImportError(
            f"{source}: {database.shown} session {session_id}: {never}; nothing was imported "
            "(import it into another database)"
        )
    if database.has_session(session_id):
        raise JournalImportError(_exists_message(source, session_id, database.shown, where="database"))
    try:
        with database.building(metadata, documents) as journal:
            for event in events:
                journal.append(event)
            return journal.path
    except SessionFileError:
        if database.has_session(session_id):  # another import of the same id won the race
            raise JournalImportError(_exists_message(source, session_id, database.shown, where="database")) from None
        raise


def _exists_message(source: Path, session_id: str, path: Path | str, *, where: str = "session folder") -> str:
    return (
        f"{source}: a session with the id {session_id!r} exists already: {path}; "
        f"nothing was imported (to keep both, import into another {where})"
    )


def _header(source: Path, line: str, *, cut_short: bool = False) -> JournalHeader:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        if cut_short:
            raise JournalImportError(
                f"{source}:1: the file was cut short: it ends in the middle of its header; nothing was imported"
            ) from None
        raise JournalImportError(f"{source}:1: not JSON ({exc.msg})") from None
    except RecursionError:
        raise JournalImportError(f"{source}:1: not a tabletop journal header (nested too deeply)") from None
    except ValueError as exc:  # an integer beyond Python's digit limit
        raise JournalImportError(f"{source}:1: not a tabletop journal header ({exc})") from None
    if isinstance(data, dict) and data.get("format") == JOURNAL_FORMAT_NAME:
        version = data.get("version")
        if isinstance(version, int) and version > ev.JOURNAL_FORMAT_VERSION:
            raise JournalImportError(
                f"{source}:1: journal format {version} is newer than this tabletop reads "
                f"({ev.JOURNAL_FORMAT_VERSION}); upgrade tabletop"
            )
    try:
        return JournalHeader.model_validate(data)
    except ValidationError as exc:
        raise JournalImportError(f"{source}:1: not a tabletop journal header ({_first(exc)})") from None


def _expected(header: JournalHeader) -> str:
    if not header.event_count:
        return ""
    return f" but its header lists {header.event_count}: every event line is missing; nothing was imported"


def _check_whole(
    source: Path, header: JournalHeader, events: list[ev.Event], warn: Callable[[str], object] | None
) -> bool:
    """Refuse a journal whose events are not all those its header lists: each line was good on
    its own and followed the one before, so what is left to find is lines missing from its end,
    lines added, or a line changed in a way that still reads (only the digest sees that). True
    when the count and the digest were checked; False for an export of a format that did not
    carry them (`FIRST_VERSION_WITH_DIGEST`)."""
    count = header.event_count
    if header.version >= FIRST_VERSION_WITH_DIGEST and (count is None or header.journal_sha256 is None):
        absent = " and ".join(
            key for key, value in (("event_count", count), ("journal_sha256", header.journal_sha256)) if value is None
        )
        raise JournalImportError(
            f"{source}:1: its header says journal format {header.version} but has no {absent}: every tabletop "
            f"writing format {FIRST_VERSION_WITH_DIGEST} or later writes them, so the header was edited and "
            "whether lines were removed or changed cannot be checked; nothing was imported "
            "(export the session again from where it was recorded)"
        )
    if count is not None and len(events) < count:
        missing = count - len(events)
        raise JournalImportError(
            f"{source}: the file was cut short: it ends after event {events[-1].seq} (line {len(events) + 1}) "
            f"but its header lists {count} events; the last {missing} event(s) are missing; nothing was imported"
        )
    if count is not None and len(events) > count:
        raise JournalImportError(
            f"{source}: {len(events)} events where its header lists {count}: lines were added after it was "
            "exported; nothing was imported"
        )
    if header.journal_sha256 is not None and journal_digest(events) != header.journal_sha256:
        raise JournalImportError(
            f"{source}: the events do not match the journal digest in its header (journal_sha256): lines were "
            "changed or replaced after it was exported; nothing was imported"
        )
    if header.journal_sha256 is None and warn is not None:
        warn(
            f"{source}: journal format {header.version}, written by tabletop 0.1.0, without the number of events "
            "or the journal digest: whether lines are missing from its end, or changed, could not be checked"
        )
    return header.journal_sha256 is not None


def _events(source: Path, lines: list[str], fold: Fold, *, cut_short: bool = False) -> Iterator[ev.Event]:
    adapter = ev.event_adapter()
    last = len(lines)
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            raise JournalImportError(f"{source}:{number}: empty line")
        try:
            event = adapter.validate_json(line)
        except ValidationError as exc:
            if cut_short and number == last:
                raise JournalImportError(
                    f"{source}:{number}: the file was cut short: it ends in the middle of this line; nothing was imported"
                ) from None
            raise JournalImportError(f"{source}:{number}: not a valid event ({_first(exc)})") from None
        if event.seq != fold.last_seq + 1:
            # Said here in the journal's own words: the fold's refusal would not say which lines.
            expected = fold.last_seq + 1
            raise JournalImportError(
                f"{source}:{number}: event {event.seq} where event {expected} should be: "
                f"{'lines are missing or out of order' if event.seq > expected else 'lines are out of order or repeated'}; "
                "nothing was imported"
            )
        try:
            fold.check(event)
        except TabletopError as exc:
            raise JournalImportError(
                f"{source}:{number}: event {event.seq} ({event.type}) cannot follow: {exc}"
            ) from None
        fold.apply(event)
        yield event


def _first(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    where = ".".join(map(str, error["loc"]))
    return f"{where}: {error['msg']}" if where else error["msg"]
