"""Sessions as JSON Lines, for interchange: `tabletop export --format jsonl` and `tabletop import`.

Called by the CLI. The first line is a header (format name and version, the
session's metadata and its stored documents: scenario files and rules text,
each with its SHA-256); every following line is one event, exactly as the
`Event` model serialises it. Import checks every line (JSON, the models, the
hashes, and that each event follows from the state before it) and builds the
new session file under a temporary name, so a bad journal never leaves a
half-written session behind.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tabletop.atomicfile import atomic_write
from tabletop.errors import JournalImportError, MissingFileError, TabletopError
from tabletop.jsontext import escape_raw_controls
from tabletop.session import events as ev
from tabletop.session.store import SESSION_SUFFIX, Document, SessionJournal

if TYPE_CHECKING:
    from tabletop.session.fold import Fold

__all__ = ["JOURNAL_FORMAT_NAME", "JournalHeader", "StoredDocument", "export_jsonl", "import_jsonl", "write_jsonl"]

JOURNAL_FORMAT_NAME = "tabletop-journal"
"""The `format` of an exported journal's header line."""


class StoredDocument(BaseModel):
    """A text the session was started with."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

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

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    format: Literal["tabletop-journal"]
    """Always `tabletop-journal`."""
    version: int = Field(ge=1)
    """The journal format version (`tabletop.session.JOURNAL_FORMAT_VERSION`)."""
    session_id: str = Field(min_length=1)
    """The session's id; the imported file is named after it."""
    metadata: dict[str, str] = {}
    """The session file's metadata (creation time, the tabletop version that wrote it)."""
    documents: list[StoredDocument] = Field(min_length=2)
    """The scenario's files and the rules text the session was started with."""


def write_jsonl(session_path: str | os.PathLike[str], out: IO[str]) -> int:
    """Write a session file's journal as JSON Lines to `out`; return the number of events."""
    with SessionJournal.open(session_path, readonly=True) as journal:
        metadata = journal.metadata()
        documents = journal.documents()
        events = journal.events()
    header = JournalHeader(
        format=JOURNAL_FORMAT_NAME,
        version=ev.JOURNAL_FORMAT_VERSION,
        session_id=metadata.get("session_id", Path(session_path).name.removesuffix(SESSION_SUFFIX)),
        metadata={k: v for k, v in metadata.items() if k not in ("format", "format_version", "session_id")},
        documents=[StoredDocument(name=d.name, role=d.role, sha256=d.sha256, text=d.text) for d in documents],
    )
    # One JSON document per line: escaping the characters that line readers split at
    # (U+2028) or terminals obey (C1 controls) keeps every line one line, safe to view.
    out.write(escape_raw_controls(header.model_dump_json()) + "\n")
    for event in events:
        out.write(escape_raw_controls(event.model_dump_json()) + "\n")
    return len(events)


def export_jsonl(session_path: str | os.PathLike[str], target: str | os.PathLike[str]) -> int:
    """Export to a file, atomically (a temporary file in the same folder, fsync, rename)."""
    target = Path(target)
    try:
        with atomic_write(target) as out:
            return write_jsonl(session_path, out)
    except OSError as exc:
        raise MissingFileError(f"{target}: cannot write the export ({exc.strerror})") from None


def import_jsonl(source: str | os.PathLike[str], session_dir: str | os.PathLike[str]) -> Path:
    """Read an exported journal back into a new session file in `session_dir`; return its path.

    Raises `JournalImportError` naming the first bad line. Nothing is written
    unless every line is good.
    """
    from tabletop.session.engine import rebuild_sources
    from tabletop.session.fold import Fold
    from tabletop.session.navigation import ScenarioView

    source = Path(source)
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
    header = _header(source, lines[0])
    documents = [Document(d.name, d.role, d.text, d.sha256) for d in header.documents]
    for document in documents:
        if Document.of(document.name, document.role, document.text).sha256 != document.sha256:
            raise JournalImportError(f"{source}:1: document {document.name!r} does not match its SHA-256")
    try:
        corpus, scenario = rebuild_sources(source, documents)
    except TabletopError as exc:
        raise JournalImportError(f"{source}:1: {exc}") from None
    fold = Fold(corpus, ScenarioView(scenario))
    events = list(_events(source, lines, fold))
    if not events:
        raise JournalImportError(f"{source}: the journal has no events")
    started = events[0].payload
    if not isinstance(started, ev.SessionStarted) or started.session_id != header.session_id or started.scenario_sha256 != scenario.sha256:
        raise JournalImportError(f"{source}:2: the session_started event does not match the header")
    path = Path(session_dir) / f"{header.session_id}{SESSION_SUFFIX}"
    if path.exists():
        raise JournalImportError(
            f"{source}: a session with the id {header.session_id!r} exists already: {path}; "
            "nothing was imported (to keep both, import into another session folder)"
        )
    metadata = {**header.metadata, "session_id": header.session_id, "imported_from": source.name}
    with SessionJournal.building(path, metadata, documents) as journal:
        for event in events:
            journal.append(event)
    return path


def _header(source: Path, line: str) -> JournalHeader:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise JournalImportError(f"{source}:1: not JSON ({exc.msg})") from None
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


def _events(source: Path, lines: list[str], fold: Fold) -> Iterator[ev.Event]:
    adapter = ev.event_adapter()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            raise JournalImportError(f"{source}:{number}: empty line")
        try:
            event = adapter.validate_json(line)
        except ValidationError as exc:
            raise JournalImportError(f"{source}:{number}: not a valid event ({_first(exc)})") from None
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


