"""Headless Chromium for the tests that need a real browser (the documents printed, the served
console driven): Debian's Chromium through playwright, never a browser playwright downloads.
Locally such a test is skipped when Chromium or playwright is missing; in CI (`CI` set, as
`.ci/run` runs, which installs them) it fails instead."""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Headless flags for a test machine (playwright adds --headless)."""


def missing(what: str) -> NoReturn:
    """Skip the test for want of `what`, or fail it in CI, which installs everything."""
    if os.environ.get("CI"):
        pytest.fail(f"{what}; .ci/run installs it (apt-get install chromium fonts-noto-cjk; pip install '.[test]')")
    pytest.skip(what)


def chromium() -> str:
    """The Chromium to drive, with playwright importable; else `missing`."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        missing("no Chromium installed")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing("the playwright package is not installed")
    return found
