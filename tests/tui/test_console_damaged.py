"""A console recording a session that another program damages behind its back: the banner says
the session is damaged, the next note is refused and nothing is written, and quitting says what
was kept and what to do instead of "saved"."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tests.tui.test_console_terminal import SCENARIO, read_terminal, run_in_a_terminal


def _rows(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        (count,) = db.execute("SELECT count(*) FROM events").fetchone()
        return int(count)
    finally:
        db.close()


def test_a_console_that_found_its_file_damaged_records_nothing_and_does_not_call_it_saved(tmp_path: Path) -> None:
    corpus = load_rules()
    with Session.start(load_scenario(SCENARIO, corpus), corpus, session_dir=tmp_path) as started:
        started.deliver_next()
        path = Path(started.path)
    pid, terminal, _ = run_in_a_terminal("resume", str(path))
    try:
        db = sqlite3.connect(path)
        db.execute("UPDATE events SET at = replace(at, 'Z', '1Z') WHERE seq = 2")
        db.commit()
        db.close()
        before = _rows(path)
        shown = read_terminal(terminal, until=b"Session damaged", seconds=30)
        assert b"Session damaged" in shown
        os.write(terminal, b"/")
        time.sleep(1)
        os.write(terminal, b"after the damage\r")
        time.sleep(2)
        os.write(terminal, b"\x1b")
        time.sleep(0.5)
        os.write(terminal, b"q")
        after = read_terminal(terminal, seconds=20)
        os.waitpid(pid, 0)
    finally:
        os.close(terminal)
    assert _rows(path) == before
    closing = after[after.rindex(b"Session ") :].decode("utf-8", "replace")
    closing = " ".join(closing.split())
    assert "is not saved whole" in closing and "is saved in" not in closing
    assert "events 1 to 2 were checked intact" in closing and "tabletop salvage" in closing
