"""The one rule for every file a command writes for a person, and the one function that writes it.

Called by every command that writes a file (`report`, `coverage`, `handbook`, `msel export`,
`msel import -o`, `export -o`, `new`) and by the console's `p`, through `write_output`:

- never a database (a session file, whatever holds it open) nor the `-wal`, `-shm` or
  `-journal` beside one, and never a file the command was given (its sessions, its scenario
  and the files that scenario includes, its workbook) or beside one: `--force` or not;
- never a folder, a named pipe, a device or a socket;
- another existing file only when it is an earlier output of the same kind that has not been
  edited since, or with `force`;
- written atomically (`tabletop.atomicfile`): a reader sees the old file or the new one, and a
  full or failing disk is an `OutputError` (exit status 1) that leaves the old file as it was.

An earlier output is recognised by its content, never its name. Text documents end with a stamp
line naming the kind and the SHA-256 of everything above it (`<!-- tabletop report: sha256 … -->`,
a `#` comment in YAML); a workbook carries the stamp as its zip comment, over its parts; JSON
documents, which take no comments, by their `format` field; an exported journal by its header
line. A stamp that no longer matches means the file was edited: it is kept unless `force`.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tabletop.atomicfile import atomic_write, is_disk_trouble, not_regular_reason, read_regular
from tabletop.errors import MissingFileError, OutputError, UsageError

__all__ = ["OUTPUT_KINDS", "OutputKind", "check_output", "stamped", "write_output"]


@dataclass(frozen=True)
class OutputKind:
    """What a command writes, as its stamp and its refusals name it."""

    name: str
    """The command, as the stamp names it (`report`, `msel export`)."""
    noun: str
    """What one such file is called in a message (`after-action report`)."""
    json_formats: tuple[str, ...] = ()
    """The `format` values of its JSON (or JSON Lines) documents, which carry no stamp."""
    comment: tuple[str, str] | None = ("<!--", "-->")
    """How its text documents hold the stamp line (Markdown and HTML; `#` for YAML); None for a
    kind whose files are never replaced as earlier outputs, and so carry no stamp (an import
    updates an existing scenario in place instead, its comments kept)."""


OUTPUT_KINDS = {
    kind.name: kind
    for kind in (
        OutputKind("report", "report", ("tabletop-after-action-report",)),
        OutputKind("coverage", "coverage document", ("tabletop-coverage",)),
        OutputKind("handbook", "handbook"),
        OutputKind("msel export", "MSEL workbook"),
        OutputKind("msel import", "imported scenario", comment=None),
        OutputKind("export", "export", ("tabletop-journal",)),
        OutputKind("new", "skeleton", comment=("#", "")),
        OutputKind("participants seats", "sheet of seat cards"),
        OutputKind("participants sheets", "set of answer sheets"),
    )
}
"""Every kind of output, by command."""

_SIDECARS = ("-wal", "-shm", "-journal")
_MAX_RECOGNISED = 256 * 1024 * 1024
"""An existing file larger than this is never taken for an earlier output."""
_DATABASE_MAGIC = b"SQLite format 3\0"
_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
"""The first bytes of an SQLite write-ahead log."""
_JSON_FORMAT = re.compile(rb'\A\s*\{\s*"format"\s*:\s*"([^"\\]{1,100})"')


def write_output(
    target: str | os.PathLike[str],
    content: str | bytes,
    kind: str,
    *,
    given: Mapping[str | os.PathLike[str], str] | None = None,
    force: bool = False,
) -> Path:
    """Write `content` (stamped as an output of `kind`) to `target` under the rule above.

    `given` names the files the command read (sessions, scenario files, workbooks), each with
    what it is (`the session being exported`), for the message that refuses it. Raises
    `UsageError` for a target the rule refuses, `MissingFileError` for a folder that does not
    exist or cannot be written, `OutputError` for a full or failing disk; nothing is written then.
    """
    made = OUTPUT_KINDS[kind]
    path = Path(target)
    shown = os.fspath(target)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise MissingFileError(
            f"{shown}: no such folder {folder}; create it or choose another path (nothing was written)"
        )
    data = stamped(content, made)
    exists = check_output(path, kind, given=given, force=force)
    try:
        with atomic_write(path, overwrite=exists, binary=True) as stream:
            stream.write(data)
    except FileExistsError:
        raise UsageError(f"{shown}: a file appeared under this name meanwhile; nothing was written") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if is_disk_trouble(exc):
            kept = "the file that was there is as it was" if exists else "nothing was written"
            raise OutputError(f"{shown}: could not write the {made.noun} ({reason}); {kept}") from None
        raise MissingFileError(
            f"{shown}: cannot write here ({reason}); choose another path (nothing was written)"
        ) from None
    return path


def check_output(
    target: str | os.PathLike[str],
    kind: str,
    *,
    given: Mapping[str | os.PathLike[str], str] | None = None,
    force: bool = False,
) -> bool:
    """Refuse `target` as the file an output of `kind` is written to (`UsageError`) unless the
    rule allows it; whether a file is there to replace. `write_output` calls it; a command that
    writes several files calls it for each before writing any."""
    path, shown, made = Path(target), os.fspath(target), OUTPUT_KINDS[kind]
    for source, role in (given or {}).items():
        for suffix in ("", *_SIDECARS):
            if _same_file(Path(f"{os.fspath(source)}{suffix}"), path):
                what = role if not suffix else f"the {suffix[1:]} file of {role}"
                raise UsageError(f"{shown}: is {what}; write the {made.noun} to another file (nothing was written)")
    for suffix, named in ((suffix, name) for suffix in _SIDECARS for name in {shown, os.path.realpath(path)}):
        if named.endswith(suffix) and _starts_with(Path(named[: -len(suffix)]), (_DATABASE_MAGIC,)):
            raise UsageError(
                f"{shown}: is the {suffix[1:]} file of a database (possibly a session file, possibly open); "
                "an output never replaces one (nothing was written)"
            )
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return os.path.lexists(path)  # a dangling link: replaced like a file
    except OSError as exc:
        raise MissingFileError(f"{shown}: cannot use it ({exc.strerror or exc}); choose another path") from None
    if not stat.S_ISREG(mode):
        raise UsageError(f"{shown}: {not_regular_reason(mode)}; choose a file name (nothing was written)")
    if _starts_with(path, (_DATABASE_MAGIC, *_WAL_MAGIC)):
        raise UsageError(
            f"{shown}: is a database (possibly a session file, possibly open) or its log; an output never "
            "replaces one: choose another file (nothing was written)"
        )
    if force:
        return True
    verdict = _earlier_output(_read(path), made)
    if verdict == "edited":
        raise UsageError(
            f"{shown}: is an earlier {made.noun} edited since tabletop wrote it; keep it and choose another "
            "file, or replace it on purpose with --force (nothing was written)"
        )
    if verdict != "unchanged":
        raise UsageError(
            f"{shown}: exists and is not an earlier {made.noun}; choose another file, or add --force to "
            "replace it (nothing was written)"
        )
    return True


def stamped(content: str | bytes, kind: OutputKind) -> bytes:
    """`content` as written: text as UTF-8 ending with the stamp line, a workbook with its stamp
    as zip comment, JSON as it is."""
    if isinstance(content, bytes):
        if not content.startswith(b"PK"):
            return content
        return _stamped_zip(content, kind)
    data = content.encode("utf-8")
    if _JSON_FORMAT.match(data) or kind.comment is None:
        return data
    if data and not data.endswith(b"\n"):
        data += b"\n"
    return data + _stamp_line(data, kind)


def _stamp_line(body: bytes, kind: OutputKind) -> bytes:
    assert kind.comment is not None
    opening, closing = kind.comment
    line = f"{opening} tabletop {kind.name}: sha256 {hashlib.sha256(body).hexdigest()} {closing}".rstrip()
    return line.encode("ascii") + b"\n"


def _stamped_zip(data: bytes, kind: OutputKind) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.comment = f"tabletop {kind.name}: sha256 {_parts_digest(archive)}".encode("ascii")
    return buffer.getvalue()


def _parts_digest(archive: zipfile.ZipFile) -> str:
    """SHA-256 over every part's name, size and CRC: a part changed, added or removed changes it."""
    digest = hashlib.sha256()
    for info in archive.infolist():
        digest.update(f"{info.filename}\0{info.file_size}\0{info.CRC}\n".encode())
    return digest.hexdigest()


def _earlier_output(data: bytes | None, kind: OutputKind) -> str:
    """`unchanged` (an earlier output of `kind` as written), `edited`, or `other`."""
    if data is None:
        return "other"
    if data.startswith(b"PK"):
        return _earlier_workbook(data, kind)
    found = _JSON_FORMAT.match(data)
    if found is not None:
        return "unchanged" if found.group(1).decode() in kind.json_formats else "other"
    if kind.comment is None:
        return "other"
    prefix = f"{kind.comment[0]} tabletop {kind.name}: sha256 ".encode()
    at = data.rfind(b"\n" + prefix)
    if at < 0:
        return "other"
    # Stamped by us: unchanged only if the stamp is the last line and matches all that is above it.
    body, stamp = data[: at + 1], data[at + 1 :]
    return "unchanged" if stamp == _stamp_line(body, kind) else "edited"


def _earlier_workbook(data: bytes, kind: OutputKind) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            comment = archive.comment
            prefix = f"tabletop {kind.name}: sha256 ".encode()
            if not comment.startswith(prefix):
                return "other"
            return "unchanged" if comment == prefix + _parts_digest(archive).encode() else "edited"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "other"


def _read(path: Path, limit: int = _MAX_RECOGNISED) -> bytes | None:
    """The file's bytes (None when larger than `limit` or unreadable); never waits on what is not a file."""
    try:
        data = read_regular(path, limit)
    except OSError:
        return None
    return data if len(data) <= limit else None


def _starts_with(path: Path, prefixes: tuple[bytes, ...]) -> bool:
    try:
        return read_regular(path, 16).startswith(prefixes)
    except OSError:
        return False


def _same_file(one: Path, other: Path) -> bool:
    """Whether two paths name one file: the same inode, or the same place for one not created yet."""
    try:
        if os.path.abspath(os.path.realpath(one)) == os.path.abspath(os.path.realpath(other)):
            return True
        return os.path.samefile(one, other)
    except (OSError, ValueError):
        return False
