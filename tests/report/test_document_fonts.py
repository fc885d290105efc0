"""Japanese text in the documents renders as Japanese, not as boxes, in headless Chromium.

The documents name font stacks with Japanese fallbacks; with Debian's fonts-noto-cjk installed
(docs/reports.md says to install it for printing), Chromium must draw a statute's Japanese name
with a Japanese CJK font. Two proofs: Chromium's own account of the fonts that drew the text
(the DevTools protocol's `CSS.getPlatformFontsForNode`), and the pixels: without a font for
them, every character is drawn as the same missing-glyph box (tofu), so the distinct characters
of the name must make as many distinct pictures, and the name must not look like a row of the
boxes drawn for a code point no font has.

Locally the test is skipped when Chromium, Playwright or the font is missing; in CI (`CI` set,
as .ci/run runs) it fails instead, since .ci/run installs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shutil
import subprocess
from pathlib import Path

import pytest
from tests.browser_support import CHROMIUM_ARGS, chromium, missing

from tabletop.report import render_handbook, render_report
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import SessionRecord
from collections.abc import Iterator

if TYPE_CHECKING:
    # playwright is imported only by the tests that find a browser (tests.browser_support)
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).parents[2]
STATUTE = "武力攻撃事態等及び存立危機事態における"
"""The start of Act No. 79 of 2003's name, as the rules file's gates quote it."""
NO_GLYPH = "\u0378"
"""An unassigned code point: no font has it, so Chromium draws the missing-glyph box (tofu)."""


def _japanese_font_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=False).stdout
    return "Noto Sans CJK JP" in listed or "Noto Serif CJK JP" in listed


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    if not _japanese_font_installed():
        missing("the Noto CJK JP fonts (Debian's fonts-noto-cjk) are not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _fonts_drawing(page: Page, text: str) -> list[dict[str, Any]]:
    """The platform fonts Chromium used for the element whose own text holds `text`."""
    found = page.evaluate(
        """(text) => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (node.data.includes(text)) { node.parentElement.setAttribute('data-probe', ''); return true; }
            }
            return false;
        }""",
        text,
    )
    assert found, f"{text} is not in the document"
    devtools = page.context.new_cdp_session(page)
    devtools.send("DOM.enable")
    devtools.send("CSS.enable")
    root = devtools.send("DOM.getDocument")["root"]["nodeId"]
    node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": "[data-probe]"})["nodeId"]
    fonts: list[dict[str, Any]] = devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return fonts


def _drawn(page: Page, text: str, where: str) -> bytes:
    """A screenshot of `text` set in a span appended to the element matching `where` (so it takes
    that element's fonts)."""
    page.evaluate(
        """([text, where]) => {
            document.querySelectorAll('span.glyph-probe').forEach((old) => old.remove());
            const span = document.createElement('span');
            span.className = 'glyph-probe';
            span.style.display = 'inline-block';
            span.style.whiteSpace = 'nowrap';
            span.textContent = text;
            document.querySelector(where).appendChild(span);
        }""",
        [text, where],
    )
    return page.locator("span.glyph-probe").screenshot()


def _distinct_drawings(page: Page, text: str, where: str) -> int:
    """How many different pictures the distinct characters of `text` make (1 when all are boxes)."""
    return len({_drawn(page, char, where) for char in set(text)})


def _open(browser: Browser, document: str, tmp_path: Path) -> Page:
    path = tmp_path / "document.html"
    path.write_text(document, encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    return page


def test_a_statute_s_japanese_name_renders_in_a_japanese_font_not_as_boxes(browser: Browser, tmp_path: Path) -> None:
    corpus = load_rules()
    loaded = load_scenario(ROOT / "scenarios" / "southwest_islands.yaml", corpus)
    page = _open(browser, render_handbook(loaded, corpus, "facilitator", "html"), tmp_path)
    fonts = _fonts_drawing(page, STATUTE)
    japanese = [f for f in fonts if "CJK JP" in f["familyName"]]
    assert japanese and japanese[0]["glyphCount"] >= len(STATUTE), fonts
    # The pixels: each character is drawn as itself, not as the one box every missing glyph gets.
    assert _distinct_drawings(page, STATUTE, "[data-probe]") == len(set(STATUTE))
    assert _drawn(page, STATUTE, "[data-probe]") != _drawn(page, NO_GLYPH * len(STATUTE), "[data-probe]")
    page.close()


@pytest.mark.parametrize("where", ["h1", "td", "code"])
def test_every_font_stack_of_the_documents_reaches_a_japanese_font(
    browser: Browser, tmp_path: Path, where: str
) -> None:
    """Headings (sans-serif), body text (serif) and identifiers (monospace) each fall back to Japanese."""
    corpus = load_rules()
    loaded = load_scenario(ROOT / "scenarios" / "nankai_trough_cyber.yaml", corpus)  # a Japanese title
    page = _open(browser, render_handbook(loaded, corpus, "facilitator", "html"), tmp_path)
    assert _distinct_drawings(page, STATUTE[:8], where) == len(set(STATUTE[:8]))
    page.close()


def test_the_after_action_report_draws_japanese_text_too(
    browser: Browser, tmp_path: Path, sample_dry_run: Path
) -> None:
    record = SessionRecord.load(sample_dry_run)
    page = _open(browser, render_report(record, "html"), tmp_path)
    fonts = _fonts_drawing(page, "武力攻撃事態")
    assert any("CJK JP" in f["familyName"] for f in fonts), fonts
    page.close()
