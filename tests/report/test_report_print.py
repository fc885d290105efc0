"""The after-action report, printed: a seminar of the Southwestern Islands sample fits on 12 A4
pages with the executive summary on page 1 or 2, whether played as a room plays it or as a
dry-run. Printed by headless Chromium (Debian's, through playwright), as a planner prints it;
locally skipped without Chromium, in CI (`CI` set) failed instead (see browser_support)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from io import BytesIO

import pytest
from tests.browser_support import CHROMIUM_ARGS, chromium

from tabletop.report import render_report
from tabletop.session import SessionRecord
from collections.abc import Iterator
from pathlib import Path

if TYPE_CHECKING:
    # playwright is imported only by the tests that find a browser (tests.browser_support)
    from playwright.sync_api import Browser

MOST_PAGES = 12


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _printed_pages(browser: Browser, html: str, tmp_path: Path) -> list[str]:
    """The text of each printed A4 page, in order."""
    from pypdf import PdfReader

    page_file = tmp_path / "report.html"
    page_file.write_text(html, encoding="utf-8")
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.close()
    return [p.extract_text() or "" for p in PdfReader(BytesIO(pdf)).pages]


def _first_page_with(pages: list[str], heading: str) -> int:
    return next(n for n, text in enumerate(pages, start=1) if heading in text)


@pytest.mark.parametrize("seminar", ["room_seminar", "sample_dry_run"])
def test_a_seminar_of_the_sample_prints_on_at_most_12_pages_with_the_executive_summary_first(
    browser: Browser, request: pytest.FixtureRequest, tmp_path: Path, seminar: str
) -> None:
    record = SessionRecord.load(request.getfixturevalue(seminar))
    pages = _printed_pages(browser, render_report(record, "html"), tmp_path)
    assert len(pages) <= MOST_PAGES, f"{len(pages)} pages"
    summary = _first_page_with(pages, "Executive summary")
    assert summary <= 2
    # HSEEP's order: the summary, the analysis by objective, ..., the improvement plan, provenance last.
    order = [
        _first_page_with(pages, heading)
        for heading in (
            "Executive summary",
            "1. Analysis by objective",
            "2. Determinations",
            "3. Phase timeline",
            "4. Clause coverage",
            "5. Record of play",
            "Appendix A. Improvement plan",
            "Appendix B. The clauses cited, verbatim",
            "Appendix C. Provenance",
        )
    ]
    assert order == sorted(order)
    # The hashes are at the back, never on the first pages a reader sees.
    first_hash = record.documents[0].sha256
    assert all(first_hash not in text for text in pages[:summary])
    assert first_hash in "".join(pages[-2:]).replace("\n", "")
