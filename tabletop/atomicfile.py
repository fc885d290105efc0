"""Atomic file writes: a reader sees the old file or the whole new one, never half of either.

Used wherever `tabletop` writes a file a person will rely on: the skeleton
scenario of `tabletop new`, journal exports, and new session files (which
SQLite builds under a temporary name and `tabletop.session.store` renames).
The recipe is always the same: write beside the target, fsync the data,
move it into place in one step, fsync the folder so the move itself survives
a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_write", "fsync_dir", "fsync_file"]


@contextlib.contextmanager
def atomic_write(
    target: str | os.PathLike[str], *, overwrite: bool = True, binary: bool = False
) -> Iterator[IO]:
    """Open a temporary file beside `target`; on a clean exit, move it into place durably.

    Text is written as UTF-8 with `\\n` line endings. With `overwrite=False` an
    existing `target` is never replaced, even one that appears while writing:
    `FileExistsError` is raised and nothing is left behind. On any error the
    temporary file is removed and `target` is untouched.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    try:
        if binary:
            stream: IO = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            _move_without_replacing(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    fsync_dir(folder)


def _move_without_replacing(temporary: str, target: Path) -> None:
    # A hard link fails if the target exists, so a file that appeared meanwhile is
    # never replaced; file systems without hard links get a last check and a rename.
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(temporary, target)


def fsync_file(path: str | os.PathLike[str]) -> None:
    """Flush a file's data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: str | os.PathLike[str]) -> None:
    """Make renames in a folder durable; a no-op where the platform cannot fsync a folder."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
