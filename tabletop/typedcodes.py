"""Secrets a person copies from paper or a terminal and types: a seat card's code, the console's
key. One alphabet without the letters people mistake for others, one way to print them in groups
of four, one way to read what was typed, and the SHA-256 kept in place of a secret.

Standard library only: `tabletop serve` and the participants' page both use it.
"""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["CODE_ALPHABET", "new_code", "secret_digest", "spaced_code", "typed_code"]

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""The letters a code is made of: no 0/O, 1/I/L, which a person copying a card mistakes."""


def new_code(length: int) -> str:
    """A fresh random code of `length` letters (`secrets`, the operating system's generator)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def typed_code(text: str) -> str:
    """A code as typed: spaces and dashes dropped, letters upper-cased (O, I and L are not in the
    alphabet, so they stay wrong)."""
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def spaced_code(code: str) -> str:
    """A code as it is printed, in groups of four: `7KQ2-M9XD-4HTA-PW3C`."""
    code = typed_code(code)
    return "-".join(code[n : n + 4] for n in range(0, len(code), 4))


def secret_digest(secret: str) -> str:
    """The SHA-256 (hex) kept in place of a secret (a device's token, a browser's pass)."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()
