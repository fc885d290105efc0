"""Cache entries as a test reads and writes them (`tabletop.usercache`): an HMAC line keyed with
the folder's secret, a header line, the payload. `rewrite` writes one as a process of the user
would (with the key); a stranger without the key can only `plant` one."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any


def parts(path: Path) -> tuple[dict[str, Any], bytes]:
    """The header and the payload of an entry."""
    _, _, signed = path.read_bytes().partition(b"\n")
    head, _, payload = signed.partition(b"\n")
    header: dict[str, Any] = json.loads(head)
    return header, payload


def rewrite(path: Path, header: dict[str, Any], payload: bytes, *, key: bytes | None = None) -> None:
    """Write the entry as this user's own process would: signed with the folder's key."""
    key = (path.parent / "key").read_bytes() if key is None else key
    signed = json.dumps(header, sort_keys=True, separators=(",", ":")).encode() + b"\n" + payload
    path.write_bytes(hmac.new(key, signed, hashlib.sha256).hexdigest().encode() + b"\n" + signed)


def plant(path: Path, header: dict[str, Any], payload: bytes) -> None:
    """Write the entry as someone who knows the format and the header, but not the key."""
    rewrite(path, header, payload, key=b"\0" * 32)
