"""The console's screenshots in docs/images/ are what the console shows now.

scripts/console_screenshots.py makes them from the real app (the factory `tabletop run`
uses) with the clock and session ids frozen; if a screen changes, this fails until the
pictures are made again (`python scripts/console_screenshots.py`) and looked at.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("console_screenshots", ROOT / "scripts" / "console_screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_screenshots_are_what_the_console_shows() -> None:
    script = _script()
    assert script.stale() == [], "run: python scripts/console_screenshots.py"


def test_the_check_notices_a_picture_that_differs(tmp_path: Path) -> None:
    script = _script()
    for name in script.SHOTS:
        (tmp_path / name).write_text((ROOT / "docs" / "images" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "console-main.svg").write_text("<svg/>", encoding="utf-8")
    assert script.stale(tmp_path) == ["console-main.svg"]


def test_the_guide_shows_every_screenshot() -> None:
    guide = (ROOT / "docs" / "facilitator_guide.md").read_text(encoding="utf-8")
    for name in _script().SHOTS:
        assert f"(images/{name})" in guide
