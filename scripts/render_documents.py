"""Render every sample's documents to PDF and page images, to look at them as they will be printed.

For each bundled sample scenario: a dry-run session, its after-action report in HTML, and the
three documents before the seminar (the Situation Manual, the facilitator handbook, the Exercise
Evaluation Guides) in HTML; each HTML file is printed to PDF by a headless Chromium (the system's
package) and, when poppler-utils' `pdftoppm` is installed, every page is turned into a PNG.
Look at the pages before a release: layout, page breaks, the marking at the top and bottom of
every page.

    python scripts/render_documents.py [OUT_DIR] [--only ID] [--resolution DPI]

OUT_DIR defaults to build/documents. Nothing is fetched from the network: the documents are
self-contained, and Chromium runs with a throw-away profile and background networking off.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tabletop.atomicfile import atomic_write
from tabletop.report import render_handbook, render_report
from tabletop.rules import load_rules
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default="build/documents", type=Path)
    parser.add_argument("--only", help="render only the bundled sample with this id")
    parser.add_argument("--resolution", type=int, default=60, help="dots per inch of the page images")
    args = parser.parse_args(argv)
    browser = chromium()
    corpus = load_rules()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as sessions:
        for sample in bundled_scenarios(corpus):
            if args.only and sample.id != args.only:
                continue
            loaded = load_scenario(sample.path, corpus)
            record = SessionRecord.load(dry_run(sample.path, corpus, session_dir=sessions))
            documents = {
                f"{sample.id}-report": render_report(record, "html"),
                f"{sample.id}-participants": render_handbook(loaded, corpus, "participants", "html"),
                f"{sample.id}-facilitator": render_handbook(loaded, corpus, "facilitator", "html"),
                f"{sample.id}-evaluators": render_handbook(loaded, corpus, "evaluators", "html"),
            }
            for name, text in documents.items():
                html = args.out / f"{name}.html"
                with atomic_write(html) as stream:
                    stream.write(text)
                pdf = html.with_suffix(".pdf")
                to_pdf(browser, html, pdf)
                pages = to_png(pdf, args.resolution)
                print(f"{pdf}  {len(pages)} page image(s)" if pages else str(pdf))
    return 0


if __name__ == "__main__":
    sys.exit(main())
