"""Where sessions live: the session folder, session ids and the files they name.

Used by `Session.start` (a new session's id and file), the command line (`SESSION` given as a
path or an id, `tabletop sessions`) and the console's start screen. Nothing here opens a
session; see `tabletop.session._engine` for that.
"""

from __future__ import annotations

import os
import re
import secrets
from datetime import datetime
from pathlib import Path

from tabletop.session._store import SESSION_SUFFIX

__all__ = [
    "SESSION_DIR_ENV",
    "default_session_dir",
    "new_session_id",
    "resolve_session_path",
    "session_folder",
    "session_ids",
]

SESSION_DIR_ENV = "TABLETOP_SESSION_DIR"
"""Environment variable naming the folder new sessions are written to."""


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


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug[:40].rstrip("-") or "session"


def new_session_id(scenario_key: str, now: datetime) -> str:
    """Readable and unique: the scenario's id, the UTC start time and a short random suffix."""
    return f"{_slug(scenario_key)}-{now.strftime('%Y%m%dT%H%M%SZ')}-{secrets.token_hex(3)}"
