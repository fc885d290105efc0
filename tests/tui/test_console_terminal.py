"""What the console sends to the terminal and what it does with the keys it gets: every
notification is terminal-safe text, keys typed in a burst after `/` belong to the note, a key
pressed while the console quits is no traceback, and SIGTERM leaves the terminal as it found it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import re
from pathlib import Path

import pytest
from textual import events
from textual.message import Message
from textual.notifications import Notify

from tabletop.rules import load_rules, Corpus
from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.tui import make_app, ConsoleApp
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle
from datetime import datetime

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "southwest_islands.yaml"
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

GATE = """        question: >-
          Is this a situation that will have an important influence on Japan’s
          peace and security?"""
HOSTILE_GATE = (
    '        question: "Is this a situation that will have an important influence on Japan’s peace and '
    'security?\\e]0;owned\\a\\e]52;c;ZWNobyBvd25lZA==\\a\\e[2J"'
)


@pytest.fixture
def hostile_rules(tmp_path: Path) -> Corpus:
    """The bundled rules with a gate question that sets the window title, writes the clipboard
    and clears the screen, written with YAML's own escapes (which the rules loader accepts)."""
    text = (ROOT / "rules" / "guidelines_phases.yaml").read_text(encoding="utf-8")
    assert GATE in text
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(GATE, HOSTILE_GATE, 1), encoding="utf-8")
    return load_rules(str(path))


def test_a_gate_question_from_the_rules_reaches_a_notification_without_its_escape_codes(
    hostile_rules: Corpus, tmp_path: Path, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = Session.start(load_scenario(SCENARIO, hostile_rules), hostile_rules, session_dir=tmp_path, clock=clock)
    notified: list[str] = []

    def hear(message: Message) -> None:
        if isinstance(message, Notify):
            notified.extend([message.notification.message, message.notification.title])

    app = make_app(session, clock=clock)

    async def answer_nothing() -> None:
        async with app.run_test(size=(120, 40), message_hook=hear) as pilot:
            await settle(pilot)
            await pilot.press("t")  # the legal moves
            await settle(pilot)
            await pilot.press("enter")  # the first: into emerging threats, asking the hostile gate
            await settle(pilot)
            await pilot.click("#submit")  # record without answering: the console names the question
            await settle(pilot)

    asyncio.run(answer_nothing())
    session.close()
    asked = [text for text in notified if "important influence" in text]
    assert asked, notified
    assert all(not CONTROLS.search(text) for text in notified), asked
    assert all("owned" not in text and "ZWNob" not in text for text in asked)


def typed(app: ConsoleApp, settle: Settle, keys: str, *, burst: bool) -> None:
    """Type `keys` in the console: one at a time as `pilot.press` does, or all at once, as a fast
    typist or a paste delivers them (no pause after any key)."""
    named = {"/": "slash", " ": "space", "\r": "enter"}

    async def type_them() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            if burst:
                for character in keys:
                    app.post_message(events.Key(named.get(character, character), character))
            else:
                await pilot.press(*(named.get(character, character) for character in keys))
            await settle(pilot)
            await asyncio.sleep(0.2)
            await settle(pilot)

    asyncio.run(type_them())


def test_keys_typed_in_a_burst_after_slash_go_to_the_note(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    typed(make_app(session, clock=clock), settle, "/now brief the minister\r", burst=True)
    assert session.state.current is None  # `n` in "now" delivered nothing
    assert [note.text for note in session.state.notes] == ["now brief the minister"]


def test_a_slash_typed_in_the_note_is_part_of_the_note(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    typed(make_app(session, clock=clock), settle, "/JSDF/USFJ\r", burst=False)
    assert [note.text for note in session.state.notes] == ["JSDF/USFJ"]


def test_a_key_pressed_as_the_console_quits_does_nothing(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    app = make_app(session, clock=clock)

    async def quit_then_end() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for key in "qe":  # typed quickly: `e` arrives while the console is leaving
                app.post_message(events.Key(key, key))
            await pilot.pause()
            await asyncio.sleep(0.3)

    asyncio.run(quit_then_end())
    assert app.return_code == 0  # no traceback: a console that failed returns 1
    assert not session.state.ended


def run_in_a_terminal(*arguments: str, shows: bytes = b"Southwestern") -> tuple[int, int, bytes]:
    """Start `tabletop ARGUMENTS` on a pseudo-terminal of 120x40; returns (pid, terminal, what it
    wrote until its screen showed `shows`)."""
    import fcntl
    import pty
    import struct
    import termios

    pid, terminal = pty.fork()
    if pid == 0:  # the child: the console
        os.environ.update(TERM="xterm-256color", COLUMNS="120", LINES="40")
        os.chdir(ROOT)
        os.execv(sys.executable, [sys.executable, "-m", "tabletop", *arguments])
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    return pid, terminal, read_terminal(terminal, until=shows)


def read_terminal(terminal: int, *, until: bytes | None = None, seconds: float = 30) -> bytes:
    import select

    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (until is None or until not in seen):
        ready, _, _ = select.select([terminal], [], [], 0.5)
        if not ready:
            if until is None:
                break
            continue
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # the child has gone and closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    return seen


def test_sigterm_gives_the_terminal_back_as_it_was(tmp_path: Path) -> None:
    pid, terminal, shown = run_in_a_terminal("run", "southwest_islands", "--session-dir", str(tmp_path))
    try:
        assert b"\x1b[?1049h" in shown and b"\x1b[?1000h" in shown  # alternate screen, mouse reporting
        time.sleep(0.5)
        os.kill(pid, signal.SIGTERM)
        after = read_terminal(terminal, seconds=20)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(terminal)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    assert b"\x1b[?1049l" in after  # back to the main screen
    assert b"\x1b[?1000l" in after and b"\x1b[?1003l" in after  # mouse reporting off
    assert b"\x1b[?25h" in after  # the cursor shown
    assert b"is saved in" in after


def test_the_console_says_when_the_computers_clock_jumps_ahead(
    tmp_path: Path, corpus: Corpus, settle: Settle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import UTC, datetime, timedelta

    import tabletop.session._dating as dating
    import tabletop.session._engine as engine

    wall, boot = [datetime(2030, 4, 1, 9, 0, tzinfo=UTC)], [100.0]
    monkeypatch.setattr(engine, "_utcnow", lambda: wall[0])
    monkeypatch.setattr(dating, "_since_boot", lambda: boot[0])
    session = Session.start(load_scenario(SCENARIO, corpus), corpus, session_dir=tmp_path)  # the computer's clock
    notified: list[tuple[str, str]] = []

    def hear(message: Message) -> None:
        if isinstance(message, Notify):
            notified.append((message.notification.title, message.notification.message))

    app = make_app(session)

    async def note_after_a_jump() -> None:
        async with app.run_test(size=(120, 40), message_hook=hear) as pilot:
            await settle(pilot)
            await pilot.press("slash", *"before", "enter")
            await settle(pilot)
            wall[0] += timedelta(days=2, seconds=5)
            boot[0] += 5
            await pilot.press("slash", *"after", "enter")
            await settle(pilot)

    asyncio.run(note_after_a_jump())
    session.close()
    said = [message for title, message in notified if title == "The computer's clock"]
    assert len(said) == 1 and "jumped 2 days 0:00:00 ahead" in said[0]


def test_runs_closing_line_says_a_hostile_session_folder_safely(tmp_path: Path) -> None:
    hostile = tmp_path / "s\x1b]52;c;aGVsbG8=\x07e\x1b[31mss\x9b2Ji\u202eon"
    pid, terminal, _ = run_in_a_terminal("run", "southwest_islands", "--session-dir", str(hostile))
    try:
        os.write(terminal, b"q")
        after = read_terminal(terminal, seconds=20)
        os.waitpid(pid, 0)
    finally:
        os.close(terminal)
    closing = after[after.rindex(b"Session ") :].decode("utf-8", "replace")
    assert "is saved in" in closing
    assert not [ch for ch in ("\x1b", "\x07", "\x9b", "\u202e") if ch in closing], repr(closing)
