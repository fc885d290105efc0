"""Paths and names the command line echoes reach the terminal through the terminal-safe text,
like scenario strings: no escape sequence in a folder's name can drive the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import pytest

from tabletop.cli import cli
from tabletop.cli import run_guarded

FIXTURES = Path(__file__).parent / "session" / "fixtures"
RULES = str(FIXTURES / "rules.yaml")
DRILL = str(FIXTURES / "drill.yaml")

# ESC with OSC 52 (write the clipboard), BEL, an 8-bit CSI and a right-to-left override.
HOSTILE = "s\x1b]52;c;aGVsbG8=\x07e\x1b[31mss\x9b2Ji\u202eon"
FORBIDDEN = ("\x1b", "\x07", "\x9b", "\u202e")


class RunMerged(Protocol):
    """The command line run in-process: (exit status, what it printed on either stream)."""

    def __call__(self, *args: str) -> tuple[int, str]: ...


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> RunMerged:
    monkeypatch.delenv("TABLETOP_SESSION_DIR", raising=False)
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> tuple[int, str]:
        status = run_guarded(cli, ["--rules", RULES, *args])
        captured = capsys.readouterr()
        return status, captured.out + captured.err

    return invoke


def assert_terminal_safe(output: str) -> None:
    assert not [ch for ch in FORBIDDEN if ch in output], repr(output)


def test_dry_run_into_a_hostile_session_dir_prints_a_safe_path(run: RunMerged) -> None:
    status, output = run("dry-run", DRILL, "--session-dir", HOSTILE)
    assert status == 0
    assert_terminal_safe(output)
    assert "ssion" in output and ".ttx.sqlite" in output


def test_a_hostile_session_dir_from_the_environment_is_printed_safely(
    run: RunMerged, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TABLETOP_SESSION_DIR", HOSTILE)
    status, output = run("dry-run", DRILL)
    assert status == 0
    assert_terminal_safe(output)


def test_import_into_a_hostile_folder_and_export_to_a_hostile_name_print_safely(run: RunMerged) -> None:
    status, output = run("dry-run", DRILL)
    session = output.strip()
    target = f"{HOSTILE}.jsonl"
    status, output = run("export", session, "-o", target)
    assert status == 0 and Path(target).is_file()
    assert_terminal_safe(output)
    assert output.startswith("exported ")
    status, output = run("import", target, "--session-dir", f"{HOSTILE}-imported")
    assert status == 0
    assert_terminal_safe(output)


def test_new_prints_a_hostile_path_safely(run: RunMerged) -> None:
    status, output = run("new", f"{HOSTILE}.yaml")
    assert status == 0 and Path(f"{HOSTILE}.yaml").is_file()
    assert_terminal_safe(output)
    assert output.startswith("wrote ")


def test_errors_quoting_a_hostile_path_are_safe(run: RunMerged) -> None:
    for args in (
        ("status", HOSTILE),
        ("dry-run", f"{HOSTILE}.yaml"),
        ("import", HOSTILE),
        ("validate", f"{HOSTILE}.yaml"),
    ):
        status, output = run(*args)
        assert status == 2
        assert_terminal_safe(output)


def test_click_usage_errors_quoting_a_path_are_safe(run: RunMerged) -> None:
    Path(HOSTILE).mkdir()
    status, output = run("import", HOSTILE)  # click refuses a folder for FILE itself
    assert status == 2
    assert_terminal_safe(output)
    assert "is a directory" in output


def test_a_name_too_long_for_any_file_system_is_one_line_not_a_traceback(run: RunMerged) -> None:
    name = "a" * 5000
    for args in (("status", name), ("export", name), ("import", name), ("dry-run", name), ("new", name)):
        status, output = run(*args)
        assert status == 2, args
        assert output.startswith("tabletop: error: ") and output.count("\n") == 1, output[:200]
        assert "File name too long" in output


def test_a_dangling_link_in_the_session_folder_does_not_break_the_lookup(run: RunMerged) -> None:
    Path("sessions").mkdir()
    Path("sessions/gone.ttx.sqlite").symlink_to("nowhere.ttx.sqlite")
    status, output = run("status", "missing-session")
    assert status == 2
    assert output.startswith("tabletop: error: missing-session: no such session file, nor a session with this id")


def test_every_writing_command_says_a_hostile_output_path_safely(run: RunMerged) -> None:
    status, output = run("dry-run", DRILL)
    session = output.strip()
    for args in (
        ("report", session, "-o", f"{HOSTILE}.md"),
        ("coverage", session, "--include-dry-runs", "-o", f"{HOSTILE}-coverage.md"),
        ("handbook", DRILL, "--for", "facilitator", "-o", f"{HOSTILE}-handbook.md"),
        ("msel", "export", DRILL, "-o", f"{HOSTILE}.xlsx"),
        ("msel", "import", f"{HOSTILE}.xlsx", "-o", f"{HOSTILE}.yaml"),
    ):
        status, output = run(*args)
        assert status == 0, (args, output)
        assert_terminal_safe(output)
        assert "wrote " in output
