"""Work remembered across processes in the user's cache folder: a speed-up, never a source of truth.

Used by `tabletop.rules` (the checked rules, by the SHA-256 of their text) and by
`tabletop.yamlsource` (the parsed data of a session's stored scenario, by the SHA-256 of
its text). Each entry is one file in `$XDG_CACHE_HOME/tabletop/` (else
`~/.cache/tabletop/`): a first line of JSON, the header, naming everything the entry
depends on (the caller's key, the versions of tabletop and Python, the size and modification
time of the modules that wrote it, so that an upgrade or an edited checkout invalidates it)
and the SHA-256 of the rest of the file, the payload, which is JSON too: reading a cache
file can never run code, and every caller validates what it reads as it would fresh input.

An entry is used only when its header equals the one the caller expects and its digest
is right. Anything else (no file, another version, a damaged or edited file, a folder
that cannot be read or written, no home folder, `TABLETOP_NO_CACHE` set) is a miss: the caller does the work and
the entry is rewritten when the folder allows. Writes are atomic (a reader sees a whole
file or none) and never fail the command.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tabletop.atomicfile import atomic_write

__all__ = ["cache_folder", "code_versions", "read_entry", "write_entry"]

MAX_BYTES = 64 * 1024 * 1024
"""The largest cache entry read or written."""


def cache_folder() -> Path | None:
    """`$XDG_CACHE_HOME/tabletop` (when absolute, as the XDG spec asks), else `~/.cache/tabletop`;
    None (no cache at all) when `TABLETOP_NO_CACHE` is set to anything but empty, 0, false, no or off
    (`tabletop --no-cache` sets it)."""
    if os.environ.get("TABLETOP_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no", "off"):
        return None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "tabletop"
    try:
        return Path.home() / ".cache" / "tabletop"
    except RuntimeError:  # no home folder: no cache
        return None


def code_versions(modules: Iterable[str | os.PathLike[str]]) -> dict[str, Any]:
    """The versions an entry depends on: tabletop's, Python's, and the given source files' size
    and modification time."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        tabletop = version("tabletop")
    except PackageNotFoundError:
        tabletop = "unknown"
    files = []
    for module in modules:
        with contextlib.suppress(OSError):
            stat = os.stat(module)
            files.append([Path(module).name, stat.st_size, stat.st_mtime_ns])
    return {"tabletop": tabletop, "python": sys.version, "modules": files}


def read_entry(name: str, header: dict[str, Any]) -> bytes | None:
    """The payload of entry `name` when its header is `header` and its digest is right, else None."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        with open(folder / name, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except (OSError, ValueError):
        return None
    head, newline, payload = data.partition(b"\n")
    if not newline or len(data) > MAX_BYTES:
        return None
    try:
        found = json.loads(head)
    except ValueError:
        return None
    if not isinstance(found, dict) or found.get("digest") != hashlib.sha256(payload).hexdigest():
        return None
    if {key: value for key, value in found.items() if key != "digest"} != json.loads(json.dumps(header)):
        return None
    return payload


def write_entry(name: str, header: dict[str, Any], payload: bytes, *, keep: int | None = None) -> None:
    """Store `payload` as entry `name` under `header`; silently nothing when the folder cannot be
    created or written, or the entry is too large. With `keep`, only the `keep` entries most
    recently written whose names start as this one's (up to its first `-`) are kept."""
    folder = cache_folder()
    if folder is None or len(payload) > MAX_BYTES - 4096:
        return
    head = json.dumps({**header, "digest": hashlib.sha256(payload).hexdigest()}).encode("utf-8")
    with contextlib.suppress(OSError, ValueError):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with atomic_write(folder / name, binary=True) as stream:
            stream.write(head + b"\n" + payload)
    if keep is not None:
        _prune(folder, name.split("-", 1)[0] + "-", keep)


def _prune(folder: Path, prefix: str, keep: int) -> None:
    with contextlib.suppress(OSError):
        entries = []
        for entry in os.scandir(folder):
            if entry.name.startswith(prefix) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
        for _, path in sorted(entries, reverse=True)[keep:]:
            with contextlib.suppress(OSError):
                os.unlink(path)
