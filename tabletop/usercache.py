"""Work remembered across processes in the user's cache folder: a speed-up, never a source of truth.

Used by `tabletop.rules` (the checked rules, by the SHA-256 of their text, and the parsed data
of the term bank and the function table beside them) and by `tabletop.scenario` (the parsed
data of a session's stored scenario, and of a scenario an MSEL export reads, each by the SHA-256
of the text; and the outcome of such a scenario's checks when it had no error, by the SHA-256 of
the data checked, the rules and the code), all through `remembered_data`. Each entry is one
file in `$XDG_CACHE_HOME/tabletop/` (else `~/.cache/tabletop/`):

    <HMAC-SHA256 of the rest, in hex>
    <the header: JSON naming everything the entry depends on>
    <the payload: JSON>

A remembered parse is the data exactly as the parse gave it, types included: JSON for what JSON
holds, and a tagged JSON object (`encode_data`) for what it does not (dates, date-times with and
without a UTC offset, mappings with keys other than text, NaN and the infinities, bytes, sets,
the pairs of `!!omap`), so that a scenario with an unquoted `date: 2026-05-01` is remembered as
any other. Data holding anything else is not remembered.

The header names the caller's key, the versions of tabletop and Python and the size and
modification time of the modules that wrote it, so that an upgrade or an edited checkout
invalidates it. The HMAC is keyed with a random secret kept in the folder (`key`, mode 0600),
so that an entry is used only if a process of this user wrote it: a planted entry, however
predictable its header, is never parsed, let alone used. Reading a cache file can never run
code, and every caller validates what it reads as it would fresh input (a parse by the models;
a scenario's checks by their shape, remembered as they are only for the very data checked).

The folder is used only if it is a folder of this user's own, with no access for anyone else
(mode 0700); it is opened once and every entry is opened relative to it, without following
links and without blocking, and read only if it is a regular file. Anything else (no folder,
another owner, a wider mode, a damaged, edited, planted or outdated entry, a FIFO, no home
folder, `TABLETOP_NO_CACHE` set) is a miss: the caller does the work, and the entry is
rewritten when the folder allows. Writes are atomic (a reader sees a whole file or none) and
never fail the command.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import hashlib
import hmac
import json
import math
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "cache_folder",
    "code_versions",
    "decode_data",
    "encode_data",
    "read_entry",
    "remembered_data",
    "write_entry",
]

MAX_BYTES = 64 * 1024 * 1024
"""The largest cache entry read or written."""

_KEY = "key"
_KEY_BYTES = 32
_OPEN_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


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
    from tabletop.version import __version__

    files = []
    for module in modules:
        with contextlib.suppress(OSError):
            stat_ = os.stat(module)
            files.append([Path(module).name, stat_.st_size, stat_.st_mtime_ns])
    return {"tabletop": __version__, "python": sys.version, "modules": files}


def read_entry(name: str, header: dict[str, Any]) -> bytes | None:
    """The payload of entry `name` when this user's process wrote it under `header`, else None."""
    with _folder() as folder:
        key = _key(folder, create=False) if folder is not None else None
        data = _read(folder, name, MAX_BYTES) if key is not None and folder is not None else None
    if key is None or data is None or len(data) > MAX_BYTES:
        return None
    # Checked before anything in it is parsed: a planted entry is never even read as JSON.
    mac, _, signed = data.partition(b"\n")
    if not hmac.compare_digest(mac, _mac(key, signed).encode()):
        return None
    head, newline, payload = signed.partition(b"\n")
    if not newline or head != _header_line(header):
        return None
    return payload


def write_entry(name: str, header: dict[str, Any], payload: bytes, *, keep: int | None = None) -> None:
    """Store `payload` as entry `name` under `header`; silently nothing when the folder cannot be
    created or written or is not the user's own, or the entry is too large. With `keep`, only the
    `keep` entries most recently written whose names start as this one's (up to its first `-`)
    are kept."""
    if len(payload) > MAX_BYTES - 4096:
        return
    with _folder(create=True) as folder:
        if folder is None:
            return
        key = _key(folder, create=True)
        if key is None:
            return
        signed = _header_line(header) + b"\n" + payload
        with contextlib.suppress(OSError):
            _write(folder, name, _mac(key, signed).encode() + b"\n" + signed)
        if keep is not None:
            _prune(folder, name.split("-", 1)[0] + "-", keep)


def remembered_data(
    kind: str,
    text: str,
    parse: Callable[[str], Any],
    depends: Mapping[str, Any],
    modules: Iterable[str | os.PathLike[str]],
    *,
    keep: int | None = None,
    digest: bool = False,
) -> Any:
    """`parse(text)`, or the same data as remembered for this very text: entry
    `<kind>-<SHA-256 of the text>.json`, whose header names the text's SHA-256, `depends` (the
    parser's version), the encoding's version and `code_versions(modules)`; with `keep`, the
    `keep` entries of this kind written last are kept.

    What comes back is exactly what the parse gave, types included (`encode_data`): everything
    safe YAML builds (mappings, with keys of any of these types, lists, text, numbers including
    NaN and the infinities, booleans, null, dates, date-times with or without a UTC offset,
    bytes, sets, the pairs of `!!omap` and `!!pairs`). Data holding anything else (or numbers
    too long to write as text) is not remembered; a parse that raised is never remembered. The
    cache is trusted for speed alone: the caller validates and checks what this gives as it does
    freshly parsed data.

    With `digest`, the pair of the data and the SHA-256 of its encoding (None when it cannot be
    encoded): the same for the same data, whether parsed now or read back, and another for an
    entry that gives other data, so that a caller can remember what it concluded from the data
    by what the data is.
    """
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    name = f"{kind}-{sha256}.json"
    header = {**depends, "encoding": _ENCODING, "text_sha256": sha256, **code_versions(modules)}
    payload = read_entry(name, header)
    if payload is not None:
        with contextlib.suppress(ValueError, TypeError, KeyError, RecursionError):  # what a damaged entry can raise
            decoded = decode_data(payload)
            return (decoded, hashlib.sha256(payload).hexdigest()) if digest else decoded
    data = parse(text)
    encoded = encode_data(data)
    if encoded is not None:
        write_entry(name, header, encoded, keep=keep)
    if digest:
        return data, hashlib.sha256(encoded).hexdigest() if encoded is not None else None
    return data


# -- the encoding of remembered data ------------------------------------------------------

_ENCODING = 2
"""The version of `encode_data`'s format, in every entry's header: entries of another are misses."""

_TAG = "!"
"""The key that marks an encoded value: `{"!": type, "v": contents}`. A mapping whose keys are
not all text, or that has this key itself, is encoded as a `map` of its pairs, so that no mapping
of the data can be taken for a tag."""


class _CannotCarry(Exception):
    """A value the encoding cannot give back exactly."""


def encode_data(data: Any) -> bytes | None:
    """`data` as JSON that `decode_data` turns back into data equal to it, value and type, all the
    way down; None when something in it cannot be carried so (a type safe YAML never builds, a
    date-time with another kind of time zone, a number of more digits than Python writes, a
    document nested deeper than Python encodes)."""
    try:
        encoded = json.dumps(_encoded(data), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (_CannotCarry, ValueError, RecursionError):
        return None
    return encoded.encode("utf-8")


def decode_data(payload: bytes) -> Any:
    """The data `encode_data` encoded in `payload`; `ValueError`, `TypeError`, `KeyError` or
    `RecursionError` when the payload is not such an encoding."""
    return json.loads(payload, object_hook=_decoded)


def _encoded(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        if _TAG in value or any(type(key) is not str for key in value):
            return {_TAG: "map", "v": [[_encoded(key), _encoded(item)] for key, item in value.items()]}
        return {key: _encoded(item) for key, item in value.items()}
    if kind is list:
        return [_encoded(item) for item in value]
    if kind is float:
        return value if math.isfinite(value) else {_TAG: "float", "v": repr(value)}
    if kind is datetime.datetime:
        zone = value.tzinfo
        if value.fold or not (zone is None or (type(zone) is datetime.timezone and _unnamed(zone))):
            raise _CannotCarry  # the ISO form keeps an offset, not a zone's name or a fold
        return {_TAG: "datetime", "v": value.isoformat()}
    if kind is datetime.date:
        return {_TAG: "date", "v": value.isoformat()}
    if kind is bytes:
        return {_TAG: "bytes", "v": base64.b64encode(value).decode("ascii")}
    if kind is set:
        return {_TAG: "set", "v": [_encoded(item) for item in value]}
    if kind is tuple:
        return {_TAG: "tuple", "v": [_encoded(item) for item in value]}
    raise _CannotCarry


def _unnamed(zone: datetime.timezone) -> bool:
    """Whether `zone` is a bare UTC offset, as `fromisoformat` builds one (a name is not kept)."""
    offset = zone.utcoffset(None)
    bare = datetime.UTC if not offset else datetime.timezone(offset)
    return zone.tzname(None) == bare.tzname(None)


def _decoded(mapping: dict[str, Any]) -> Any:
    """A JSON object of an entry as the value it encodes (its contents decoded already)."""
    if _TAG not in mapping:
        return mapping
    if len(mapping) != 2:
        raise ValueError("not an encoded value")
    kind, contents = mapping[_TAG], mapping["v"]
    if kind == "map":
        return {key: item for key, item in contents}
    if kind == "set":
        return set(contents)
    if kind == "tuple":
        return tuple(contents)
    if kind == "float" and contents in ("nan", "inf", "-inf"):
        return float(contents)
    if kind == "datetime":
        return datetime.datetime.fromisoformat(contents)
    if kind == "date":
        return datetime.date.fromisoformat(contents)
    if kind == "bytes":
        return base64.b64decode(contents, validate=True)
    raise ValueError(f"not an encoded value: {kind!r}")


def _header_line(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _mac(key: bytes, signed: bytes) -> str:
    return hmac.new(key, signed, hashlib.sha256).hexdigest()


@contextlib.contextmanager
def _folder(*, create: bool = False) -> Iterator[int | None]:
    """The cache folder, opened (a descriptor every entry is opened relative to), when it is this
    user's own and closed to everyone else; else None."""
    path = cache_folder()
    fd = None
    if path is not None:
        if create:
            with contextlib.suppress(OSError, ValueError):
                path.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError, ValueError):
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
        if fd is not None and not _private(os.fstat(fd)):
            os.close(fd)
            fd = None
    try:
        yield fd
    finally:
        if fd is not None:
            os.close(fd)


def _private(found: os.stat_result) -> bool:
    """A folder of this user's own that nobody else may enter, read or write."""
    owner = os.getuid() if hasattr(os, "getuid") else found.st_uid
    return stat.S_ISDIR(found.st_mode) and found.st_uid == owner and not found.st_mode & 0o077


def _key(folder: int, *, create: bool) -> bytes | None:
    """The folder's secret, made on first use; None when it cannot be read (or made)."""
    key = _read(folder, _KEY, _KEY_BYTES)
    if key is not None and len(key) == _KEY_BYTES:
        return key
    if not create:
        return None
    with contextlib.suppress(OSError):
        _write(folder, _KEY, secrets.token_bytes(_KEY_BYTES))
        key = _read(folder, _KEY, _KEY_BYTES)
    return key if key is not None and len(key) == _KEY_BYTES else None


def _read(folder: int, name: str, limit: int) -> bytes | None:
    """Up to `limit` + 1 bytes of the regular file `name` in the folder; None for anything else
    (no such file, a link, a FIFO, a folder) or an error."""
    try:
        fd = os.open(name, _OPEN_READ, dir_fd=folder)
    except (OSError, ValueError):
        return None
    with open(fd, "rb") as handle:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return handle.read(limit + 1)
        except OSError:
            return None


def _write(folder: int, name: str, data: bytes) -> None:
    """Write `name` in the folder atomically (a temporary file, fsync, rename), mode 0600."""
    temporary = f".{name}.{secrets.token_hex(6)}.partial"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600, dir_fd=folder)
    try:
        with open(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
        raise


def _prune(folder: int, prefix: str, keep: int) -> None:
    with contextlib.suppress(OSError):
        entries = []
        for entry in os.scandir(folder):
            if entry.name.startswith(prefix) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.name))
        for _, name in sorted(entries, reverse=True)[keep:]:
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=folder)
