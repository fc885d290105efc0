"""Atomic file writes: a reader sees the old file or the whole new one, never half of either.

Used wherever `tabletop` writes a file a person will rely on: the skeleton
scenario of `tabletop new`, journal exports, and new session files (which
SQLite builds under a temporary name and `tabletop.session._store` renames).
The recipe is always the same: write beside the target, fsync the data,
move it into place in one step, fsync the folder so the move itself survives
a power cut. New files get the permissions the user's umask gives (never a
fixed 0600), and a file that must not replace another is published with a
hard link, which fails when the name is taken (`publish_new`). It also says
why a path cannot be read as a file before anything opens it
(`regular_file_problem`): opening a FIFO would wait for ever.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = [
    "NotRegularFileError",
    "atomic_write",
    "create_new",
    "fsync_dir",
    "fsync_file",
    "is_disk_trouble",
    "not_regular_reason",
    "publish_new",
    "read_regular",
    "regular_file_problem",
]


@contextlib.contextmanager
def atomic_write(target: str | os.PathLike[str], *, overwrite: bool = True, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file beside `target`; on a clean exit, move it into place durably.

    Text is written as UTF-8 with `\\n` line endings. With `overwrite=False` an
    existing `target` is never replaced, even one that appears while writing:
    `FileExistsError` is raised and nothing is left behind. On any error the
    temporary file is removed and `target` is untouched.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = create_new(folder, f".{target.name}.", ".partial")
    try:
        if binary:
            stream: IO[Any] = os.fdopen(handle, "wb")
        else:
            stream = os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        with stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            publish_new(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    fsync_dir(folder)


def create_new(folder: str | os.PathLike[str], prefix: str, suffix: str) -> tuple[int, str]:
    """Create a new, empty file with a random name in `folder`; return its descriptor and path.

    Unlike `tempfile.mkstemp` (always 0600), the file gets the mode any other
    tool would give it: 0666 less the user's umask. `O_EXCL` makes sure the
    name was free, so nothing that was there is ever opened or followed.
    """
    for _ in range(100):
        # What `secrets.token_hex(6)` gives, without importing `secrets` (and `random`, `hmac`,
        # `hashlib`) into every command's start-up, `--help`'s included.
        path = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666), path
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free temporary name")  # pragma: no cover - 100 random collisions


def publish_new(temporary: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Give a complete file its final name, only if no file has that name: never replace one.

    A hard link fails when the target exists, so of several programs publishing
    under one name at once exactly one succeeds; the others get
    `FileExistsError`. The temporary name is left for the caller to remove.
    File systems without hard links fall back to a check and a rename.
    """
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(target):
            raise FileExistsError(str(target)) from None
        os.replace(temporary, target)


_DISK_TROUBLE = frozenset(getattr(errno, name) for name in ("ENOSPC", "EDQUOT", "EIO", "EFBIG") if hasattr(errno, name))


def is_disk_trouble(exc: OSError) -> bool:
    """Whether a write failed for want of space or a failing disk: no mistake of the person who
    asked for it (exit status 1, where a bad path is a usage error, 2)."""
    return exc.errno in _DISK_TROUBLE


def regular_file_problem(path: str | os.PathLike[str]) -> str | None:
    """Why `path` cannot be read as a file (`"is a named pipe (FIFO)"`, `"no such file"`), or None.

    Checked before a file is opened: opening a FIFO for reading waits for a
    writer for ever, and a device or a socket is never a scenario, rules or
    session file.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except NotADirectoryError:
        return "no such file (a part of the path is not a folder)"
    except ValueError:
        return "not a valid file name (it contains a NUL character)"
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    return None if stat.S_ISREG(mode) else not_regular_reason(mode)


class NotRegularFileError(OSError):
    """A path that names a FIFO, a device, a socket or a folder where a file was expected."""


def read_regular(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of the regular file at `path` (at most `limit` + 1 of them, to tell an oversized
    file); `NotRegularFileError` for anything else, `OSError` as the system reports it.

    The file is opened without blocking and checked by its descriptor, so that a FIFO never
    waits for a writer and a file swapped for one between a check and the open is still caught.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb", closefd=True) as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(errno.EINVAL, not_regular_reason(mode), os.fspath(path))
        return handle.read() if limit is None else handle.read(limit + 1)


def not_regular_reason(mode: int) -> str:
    """What a file of this `st_mode` is, said as the reason it cannot be read as a file."""
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    return "is not a regular file"


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
