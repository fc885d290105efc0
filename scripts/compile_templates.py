"""Compile the documents' templates into the package, so that no process compiles them again.

`tabletop/report/compiled/` holds the Python modules Jinja makes of `tabletop/report/templates/`,
one folder per format, and `stamp.json` (the Jinja version and each template's SHA-256). Run this
after changing a template, or the document environments' settings, or after upgrading Jinja:

    python scripts/compile_templates.py           # write tabletop/report/compiled/ again
    python scripts/compile_templates.py --check   # exit 1, naming what differs, if it is out of date

A template whose compiled form is out of date is still drawn right (from its source, compiled in
the process); tests/report/test_compiled_templates.py fails until the folder is made again.
"""

from __future__ import annotations

import argparse
import filecmp
import sys
import tempfile
from pathlib import Path

from tabletop.report import COMPILED_DIR, compile_templates


def differences(made: Path, shipped: Path) -> list[str]:
    """The files that differ between two compiled folders, or are in one only (relative paths)."""
    found: list[str] = []

    def walk(comparison: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only + comparison.funny_files)
        # dircmp compares by size and time unless asked: compare the bytes.
        for name in comparison.common_files:
            if not filecmp.cmp(Path(comparison.left) / name, Path(comparison.right) / name, shallow=False):
                found.append(prefix + name)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(made, shipped, ignore=["__pycache__"]), "")
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether the compiled folder is up to date")
    args = parser.parse_args(argv)
    if not args.check:
        compile_templates(COMPILED_DIR)
        print(f"compiled the templates into {COMPILED_DIR}")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        made = Path(folder) / "compiled"
        compile_templates(made)
        stale = differences(made, COMPILED_DIR) if COMPILED_DIR.is_dir() else ["(no compiled folder)"]
    if stale:
        print("out of date, run python scripts/compile_templates.py: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
