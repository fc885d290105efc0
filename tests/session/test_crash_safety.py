"""kill -9 at any moment loses no acknowledged event, and reopening restores the exact state.

A child process plays random operations on one session, printing each
acknowledged event's seq and a digest of its state; the parent kills it with
SIGKILL at a random moment, checks the file, and lets the next child carry on
with the same session (or a new one once it has ended), many times over.
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tabletop.session import Session, SessionState, replay
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario

HERE = Path(__file__).parent
CHILD = HERE / "crash_child.py"
RULES = HERE / "fixtures" / "rules.yaml"
SCENARIO = HERE / "fixtures" / "drill.yaml"
REPO = HERE.parents[1]

BUDGET_SECONDS = 18.0
MIN_KILLS = 12

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")]


def _digest(state: SessionState) -> str:
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()


def _run_child(session_dir: Path, session_file: Path | None, seed: int, kill_after: float) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    child = subprocess.Popen(
        [
            sys.executable,
            str(CHILD),
            str(RULES),
            str(SCENARIO),
            str(session_dir),
            str(session_file) if session_file else "-",
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    stdout, stderr = child.stdout, child.stderr
    assert stdout is not None and stderr is not None
    lines: list[str] = []
    started = threading.Event()

    def drain() -> None:
        for line in stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("path "):
                started.set()
        started.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    started.wait(timeout=30)
    time.sleep(kill_after)
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=10)
    said = stderr.read()
    stderr.close()
    assert child.returncode in (-signal.SIGKILL, 0), said
    return lines


def _check(session_path: Path, lines: list[str], corpus: Corpus, drill: LoadedScenario) -> None:
    acks = [line.split() for line in lines if line.startswith("ack ")]
    with Session.open(session_path, readonly=True) as reopened:
        events = reopened.events()
        state = reopened.state
    if not acks:
        return
    last_seq, last_digest = int(acks[-1][1]), acks[-1][2]
    # Every acknowledged event is there (one more may have been written but not acknowledged).
    assert state.last_seq in (last_seq, last_seq + 1)
    assert [e.seq for e in events] == list(range(1, state.last_seq + 1))
    # The replayed state at the last acknowledged event is the state the child reported.
    assert _digest(replay(events[:last_seq], corpus, drill)) == last_digest


def test_sigkill_at_random_moments_loses_no_acknowledged_event(
    tmp_path: Path, corpus: Corpus, drill: LoadedScenario
) -> None:
    rng = random.Random(20151)
    session_dir = tmp_path / "sessions"
    session_file: Path | None = None
    kills = acknowledged = 0
    deadline = time.monotonic() + BUDGET_SECONDS
    while time.monotonic() < deadline or kills < MIN_KILLS:
        lines = _run_child(session_dir, session_file, rng.randrange(10**9), rng.uniform(0.0, 0.25))
        kills += 1
        paths = [line.split(" ", 1)[1] for line in lines if line.startswith("path ")]
        if paths:
            session_file = Path(paths[0])
            _check(session_file, lines, corpus, drill)
            acknowledged += sum(1 for line in lines if line.startswith("ack "))
            if "ended" in lines:
                session_file = None
        # Every complete session file in the folder opens cleanly; nothing half-made is visible.
        for path in session_dir.glob("*.ttx.sqlite") if session_dir.exists() else ():
            Session.open(path, readonly=True).close()
    print(f"\ncrash safety: {kills} SIGKILLs, {acknowledged} acknowledged events checked")
    assert acknowledged > 0
