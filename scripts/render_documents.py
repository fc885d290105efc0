"""Render every sample's documents to PDF and page images, to look at them as they will be printed.

For each bundled sample scenario: a dry-run session, its after-action report in HTML, and the
three documents before the seminar (the Situation Manual with its feedback form, the facilitator
handbook, the Exercise Evaluation Guides) in HTML; then the clause coverage of all the samples'
dry-runs (`--only` limits the rest to one sample).
Each HTML file is printed to PDF by a headless Chromium (the system's package) and, when
poppler-utils' `pdftoppm` is installed, every page is turned into a PNG. Look at the pages before
a release: layout, page breaks, the marking at the top and bottom of every page, Japanese text.

    python scripts/render_documents.py [OUT_DIR] [--only ID] [--resolution DPI]
    python scripts/render_documents.py --docs-images docs/images   # the pages docs/reports.md shows

OUT_DIR defaults to build/documents. `--docs-images DIR` renders the Southwestern Islands
sample and writes into DIR the one page of each document that docs/reports.md shows (found by
its heading, with poppler-utils' `pdftotext`). Nothing is fetched from the network: the
documents are self-contained, and Chromium runs with a throw-away profile and background
networking off. Japanese text needs a Japanese font (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tabletop.atomicfile import atomic_write
from tabletop.report import render_coverage, render_handbook, render_report
from tabletop.rules import load_rules, Corpus
from tabletop.scenario import bundled_scenarios, load_scenario
from tabletop.session import SessionRecord, dry_run

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]

DOCS_SAMPLE = "southwest_islands"
DOCS_PAGES = {
    # document: (image name, a heading on the page shown, the first page it may be on: 2 skips a cover)
    "report": ("report-summary-page.png", "Executive summary", 1),
    "participants": ("sitman-overview-page.png", "Exercise overview", 2),
    "feedback": ("feedback-form-page.png", "Participant Feedback Form", 2),
    "facilitator": ("facilitator-msel-page.png", "Master Scenario Events List", 2),
    "evaluators": ("evaluation-guide-page.png", "Core capability:", 2),
    "coverage": ("coverage-heat-map-page.png", "By phase", 2),
}
"""The page of each document docs/reports.md shows (the feedback form is in the participants' PDF)."""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("render_documents: no Chromium found; install the system's chromium package")


def to_pdf(browser: str, html: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.resolve().as_uri()],
            check=True,
            capture_output=True,
            timeout=180,
        )


def to_png(pdf: Path, resolution: int) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        return []
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(pdf), str(prefix)], check=True)
    return sorted(pdf.parent.glob(f"{prefix.name}-*.png"))


def page_with(pdf: Path, heading: str, first: int) -> int:
    """The first page from page `first` on whose text holds `heading` (1-based)."""
    count = int(
        next(
            line.split()[-1]
            for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.split(
                "\n"
            )
            if line.startswith("Pages:")
        )
    )
    for page in range(first, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if heading in text:
            return page
    sys.exit(f"render_documents: no page of {pdf.name} holds {heading!r}")


def documents(corpus: Corpus, sessions: str, only: str | None) -> dict[str, str]:
    """Every document to print, by file name (without .html)."""
    made: dict[str, str] = {}
    records = []
    for sample in bundled_scenarios(corpus):
        record = SessionRecord.load(dry_run(sample.path, corpus, session_dir=sessions))
        records.append(record)  # the coverage counts every sample's dry-run
        if only and sample.id != only:
            continue
        loaded = load_scenario(sample.path, corpus)
        made[f"{sample.id}-report"] = render_report(record, "html")
        for audience in ("participants", "facilitator", "evaluators"):
            made[f"{sample.id}-{audience}"] = render_handbook(loaded, corpus, audience, "html")
    if records:
        made["coverage"] = render_coverage(records, "html", include_dry_runs=True)
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="build/documents", type=Path)
    parser.add_argument("--only", help="render only the bundled sample with this id")
    parser.add_argument("--resolution", type=int, default=60, help="dots per inch of the page images")
    parser.add_argument("--docs-images", type=Path, help="write the pages docs/reports.md shows into this folder")
    args = parser.parse_args(argv)
    browser = chromium()
    corpus = load_rules()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as sessions:
        made = documents(corpus, sessions, DOCS_SAMPLE if args.docs_images else args.only)
    pdfs: dict[str, Path] = {}
    for name, text in made.items():
        html = args.out / f"{name}.html"
        with atomic_write(html) as stream:
            stream.write(text)
        pdf = html.with_suffix(".pdf")
        to_pdf(browser, html, pdf)
        pdfs[name] = pdf
        if not args.docs_images:
            pages = to_png(pdf, args.resolution)
            print(f"{pdf}  {len(pages)} page image(s)" if pages else str(pdf))
    if args.docs_images:
        args.docs_images.mkdir(parents=True, exist_ok=True)
        for document, (image, heading, first) in DOCS_PAGES.items():
            pdf = pdfs[
                "coverage"
                if document == "coverage"
                else f"{DOCS_SAMPLE}-{'participants' if document == 'feedback' else document}"
            ]
            page = page_with(pdf, heading, first)
            target = args.docs_images / image
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    str(args.resolution),
                    "-f",
                    str(page),
                    "-l",
                    str(page),
                    "-singlefile",
                    str(pdf),
                    str(target.with_suffix("")),
                ],
                check=True,
            )
            print(f"{target}  page {page} of {pdf.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
