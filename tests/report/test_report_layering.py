"""The documents sit above the session core: they never import the command line or a terminal UI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tabletop.report

ROOT = Path(__file__).parents[2]


def test_documents_import_neither_the_command_line_nor_textual() -> None:
    code = (
        "import sys, tabletop.report\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith(('textual', 'tabletop.cli', 'click')))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_public_names_are_sorted_and_exist() -> None:
    assert tabletop.report.__all__ == sorted(tabletop.report.__all__)
    for name in tabletop.report.__all__:
        assert hasattr(tabletop.report, name)
