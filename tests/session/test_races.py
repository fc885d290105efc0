"""Real processes racing on one session folder: concurrent imports of one id, and reads while a
program records. Bounded in processes and seconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tabletop.session import Session
from tests.conftest import RunCli

HERE = Path(__file__).parent
REPO = HERE.parents[1]
RULES = HERE / "fixtures" / "rules.yaml"

pytestmark = pytest.mark.slow

# Waits for a shared start time, so that every process reaches the publication together; the
# moment a new file takes its name is stretched on purpose, so a check-then-rename would lose.
IMPORTER = """
import os, sys, time
from tabletop.cli import cli
from tabletop.cli._common import run_guarded
import tabletop.session
from tabletop import atomicfile

def slowly(real):
    def call(*args, **kwargs):
        time.sleep(0.2)
        return real(*args, **kwargs)
    return call

os.link = slowly(os.link)
os.replace = slowly(os.replace)
start = float(sys.argv[1])
time.sleep(max(0.0, start - time.time()))
sys.exit(run_guarded(cli, ["--rules", sys.argv[2], "import", sys.argv[3], "--session-dir", sys.argv[4]]))
"""

# Opens the session for recording, records a note, closes it; again and again until the deadline.
RECORDER = """
import sys, time
from tabletop.session import Session
deadline = time.time() + float(sys.argv[2])
count = 0
while time.time() < deadline:
    with Session.open(sys.argv[1]) as session:
        session.note(f"note {count}")
    count += 1
print(count)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_of_concurrent_imports_of_one_id_exactly_one_wins(run: RunCli, dry_session: Path, tmp_path: Path) -> None:
    status, journal_text, err = run("export", str(dry_session))
    assert status == 0, err
    journal = tmp_path / "journal.jsonl"
    journal.write_text(journal_text, encoding="utf-8")
    session_id = json.loads(journal_text.splitlines()[0])["session_id"]
    for round_number in range(2):
        folder = tmp_path / f"round-{round_number}"
        start = time.time() + 3.0
        children = [
            subprocess.Popen(
                [sys.executable, "-c", IMPORTER, str(start), str(RULES), str(journal), str(folder)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=_env(),
            )
            for _ in range(6)
        ]
        results = [(child.wait(timeout=60), *child.communicate()) for child in children]
        winners = [out for status, out, _ in results if status == 0]
        losers = [err for status, _, err in results if status != 0]
        assert len(winners) == 1, results
        assert all(f"a session with the id {session_id!r} exists already" in err for err in losers), losers
        assert sorted(p.name for p in folder.iterdir()) == [f"{session_id}.ttx.sqlite"]
        with Session.open(folder / f"{session_id}.ttx.sqlite", readonly=True) as imported:
            assert imported.state.ended


def test_reads_never_call_a_session_damaged_while_another_program_records(dry_session: Path, tmp_path: Path) -> None:
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario

    corpus = load_rules(RULES)
    live = Session.start(load_scenario(HERE / "fixtures" / "drill.yaml", corpus), corpus, session_dir=tmp_path / "live")
    path = live.path
    live.close()
    recorder = subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(path), "4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    reads, notes_seen = 0, []
    try:
        while recorder.poll() is None:
            with Session.open(path, readonly=True) as reader:  # raises on any misreport
                notes_seen.append(len(reader.state.notes))
            reads += 1
    finally:
        out, err = recorder.communicate(timeout=60)
    assert recorder.returncode == 0, err
    recorded = int(out)
    assert reads >= 20 and recorded >= 20
    assert notes_seen == sorted(notes_seen)  # each read sees a committed state, never an older one
    with Session.open(path, readonly=True) as final:
        assert len(final.state.notes) == recorded
