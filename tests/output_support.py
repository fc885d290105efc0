"""What a written document is: the text the command prints, then one stamp line naming the command
and the SHA-256 of that text (`tabletop.outputs`), so that a later run recognises it."""

from __future__ import annotations

import hashlib


def written(printed: str, kind: str, comment: tuple[str, str] = ("<!--", "-->")) -> str:
    """The file a command writes with -o, from what it prints without it."""
    body = printed if printed.endswith("\n") else printed + "\n"
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return body + f"{comment[0]} tabletop {kind}: sha256 {digest} {comment[1]}".rstrip() + "\n"
