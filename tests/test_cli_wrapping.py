"""Text output wraps to the terminal by display columns, and never when it goes to a pipe.

Japanese characters take two columns on a terminal; the width is measured with wcwidth,
not with len(). A pseudo-terminal stands for the user's window in one end-to-end test; the
others mark standard output as a terminal in-process and give the width with COLUMNS.
"""

from __future__ import annotations

import os
import pty
import struct
import subprocess
import sys
import termios
import fcntl
from pathlib import Path

import pytest
import wcwidth
from hypothesis import given
from hypothesis import strategies as st

from tabletop.cli.layout import break_points, fill
from collections.abc import Callable
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "scenarios" / "southwest_islands.yaml"


def _overflowing(text: str, width: int) -> list[str]:
    """Lines wider than `width` display columns, except one word too long to break (a path, a hash)."""
    return [
        line
        for line in text.splitlines()
        if wcwidth.width(line) > width and not any(wcwidth.width(word) > width // 2 for word in line.split())
    ]


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Standard output is a terminal of the given width (COLUMNS)."""

    def columns(width: int) -> None:
        monkeypatch.setattr("tabletop.cli.layout.writes_to_terminal", lambda: True)
        monkeypatch.setenv("COLUMNS", str(width))

    return columns


@pytest.fixture
def piped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tabletop.cli.layout.writes_to_terminal", lambda: False)


@pytest.fixture(scope="module")
def dry_session(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tabletop.rules import load_rules
    from tabletop.session import dry_run

    return str(dry_run(str(SAMPLE), load_rules(), session_dir=tmp_path_factory.mktemp("sessions")))


COMMANDS = {
    "scenarios": ["scenarios"],
    "clauses": ["clauses"],
    "clauses show": ["clauses", "show", "IV.C.2.b.ii"],
    "clauses search": ["clauses", "search", "armed", "attack", "against", "a", "country", "other", "than", "Japan"],
    "phases": ["phases"],
    "cite": ["cite", "--phase", "attack", "--tag", "missile_defense", "ballistic missiles launched at bases in Kyushu"],
    "status": ["status", "SESSION"],
}


@pytest.mark.parametrize("width", [80, 60])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_line_fits_the_terminal_in_display_columns(
    name: str,
    width: int,
    run_cli: RunCli,
    terminal: Callable[[int], None],
    monkeypatch: pytest.MonkeyPatch,
    dry_session: str,
) -> None:
    args = [dry_session if arg == "SESSION" else arg for arg in COMMANDS[name]]
    monkeypatch.setattr("tabletop.cli.layout.writes_to_terminal", lambda: False)
    _, whole, _ = run_cli(*args)
    terminal(width)
    status, wrapped, err = run_cli(*args)
    assert status == 0, err
    assert _overflowing(whole, width), f"{name}: the example must need wrapping at {width} columns"
    assert _overflowing(wrapped, width) == []
    # Wrapping only moves line breaks (Japanese text breaks between characters, without a space).
    assert "".join(wrapped.split()) == "".join(whole.split())


def test_japanese_text_is_measured_two_columns_a_character(run_cli: RunCli, terminal: Callable[[int], None]) -> None:
    terminal(60)
    status, out, _ = run_cli("phases")
    assert status == 0
    japanese = [line for line in out.splitlines() if any(wcwidth.width(ch) == 2 for ch in line)]
    assert japanese, "the phases name Japanese statutes"
    assert all(wcwidth.width(line) <= 60 for line in japanese)
    # Counted with len(), a 60-column line of Japanese would be wider than the window.
    assert any(len(line) < wcwidth.width(line) for line in japanese)


def test_a_pipe_gets_the_whole_lines_whatever_columns_says(
    run_cli: RunCli, piped: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    _, narrow_env, _ = run_cli("phases")
    monkeypatch.delenv("COLUMNS")
    _, no_env, _ = run_cli("phases")
    assert narrow_env == no_env
    # A basis is quoted whole on one line, so `grep` finds a sentence of the Guidelines.
    assert any(wcwidth.width(line) > 120 for line in no_env.splitlines())


def test_out_of_phase_flag_is_never_split_across_lines(
    run_cli: RunCli, terminal: Callable[[int], None], tmp_path: Path
) -> None:
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    corpus = load_rules()
    session = Session.start(load_scenario(str(SAMPLE), corpus), corpus, session_dir=tmp_path)
    session.deliver_next()
    session.cite("IV.C.2.b.iii", "what if they land on the island and the room wants it in the record now?")
    session.close()
    for width in range(40, 100):
        terminal(width)
        status, out, _ = run_cli("status", str(session.path))
        assert status == 0
        assert "[out of phase]" in out, f"split at {width} columns"


def test_a_real_terminal_is_measured_without_columns(tmp_path: Path) -> None:
    """End to end: `tabletop scenarios` on a 50-column pseudo-terminal, COLUMNS unset."""
    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 50, 0, 0))
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    env["NO_COLOR"] = "1"
    process = subprocess.Popen(
        [sys.executable, "-m", "tabletop", "scenarios"], stdout=child, stderr=subprocess.PIPE, env=env, cwd=tmp_path
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=60) == 0, process.stderr.read() if process.stderr else None
    os.close(parent)
    lines = b"".join(chunks).decode("utf-8").replace("\r\n", "\n").splitlines()
    assert lines and _overflowing("\n".join(lines), 50) == []
    assert any("南海トラフ" in line for line in lines)


# --- the line filler itself ---------------------------------------------------------------------

_WORDS = st.lists(
    st.one_of(
        st.text(alphabet="abcdefghij.-_0123456789", min_size=1, max_size=14),
        st.text(alphabet="日米防衛協力指針平和安全「」、。（）ー", min_size=1, max_size=30),
    ),
    min_size=1,
    max_size=40,
)


@given(words=_WORDS, width=st.integers(min_value=10, max_value=100))
def test_filled_lines_fit_unless_one_narrow_word_is_longer(words: list[str], width: int) -> None:
    text = " ".join(words)
    lines = fill(text, width, initial="  ", indent="    ").split("\n")
    for line in lines:
        if wcwidth.width(line) > width:
            # Only what may not be broken (an id, a path; punctuation with what it closes) stands out,
            # alone on its line.
            assert len(line.split()) == 1 and len(break_points(line.strip())) == 1
    assert "".join("".join(lines).split()) == "".join(text.split())
    # Narrow words are never cut.
    narrow = [word for word in words if all(wcwidth.width(ch) == 1 for ch in word)]
    pieces = " ".join(lines).split()
    assert all(word in pieces or any(word in piece for piece in pieces) for word in narrow)


@given(
    before=st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta"]), max_size=12),
    width=st.integers(min_value=20, max_value=60),
)
def test_a_kept_phrase_stays_on_one_line(before: list[str], width: int) -> None:
    text = " ".join([*before, "[out of phase]", "reason"])
    assert "[out of phase]" in fill(text, width, indent="  ", keep=("[out of phase]",))


def test_japanese_never_starts_a_line_with_closing_punctuation() -> None:
    text = "日本の平和及び安全を確保する。そのため、日米両国は（切れ目のない）協力を行う。"
    for width in range(6, 40):
        for line in fill(text, width).split("\n"):
            assert line[:1] not in "、。）」"
            assert line[-1:] not in "（「"
