"""The command line as a whole: help everywhere, documented exit statuses, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from tabletop import errors
from tabletop.cli import cli
from tabletop.cli import run_guarded
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[1]


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, f"`{name}` is listed but cannot be found"
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


@pytest.mark.parametrize("path", list(_commands(cli)), ids=lambda p: " ".join(p) or "tabletop")
def test_every_command_has_help(run_cli: RunCli, path: tuple[str, ...]) -> None:
    status, out, err = run_cli(*path, "--help")
    assert status == 0, err
    assert "Usage: tabletop" in out
    command: click.Command | None = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.get_command(click.Context(command), name)
    assert command is not None
    assert (command.help or "").strip(), f"`tabletop {' '.join(path)}` has no help text"


def test_unknown_command_is_a_usage_error(run_cli: RunCli) -> None:
    status, _, err = run_cli("no-such-command")
    assert status == 2
    assert "No such command" in err


def test_unknown_option_is_a_usage_error(run_cli: RunCli) -> None:
    status, _, err = run_cli("clauses", "--no-such-option")
    assert status == 2
    assert "No such option" in err


def test_missing_rules_file_is_a_usage_error_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tabletop", "--rules", str(tmp_path / "absent.yaml"), "clauses"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "absent.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_is_printed(run_cli: RunCli) -> None:
    status, out, _ = run_cli("--version")
    assert status == 0
    assert out.startswith("tabletop ")


def test_validate_never_prints_terminal_control_sequences_from_a_scenario(run_cli: RunCli, tmp_path: Path) -> None:
    scenario = tmp_path / "hostile.yaml"
    scenario.write_text(
        'title: "\\e]0;pwned\\a x"\n'
        "injects:\n"
        '  - id: "a\\e[2J"\n'
        '    title: "\\e[31mred"\n'
        "    narrative: x\n"
        '    phase: "\\e[2Jattack"\n'
        '    cite: ["IV\\e[2J"]\n'
        '    "\\e[1mkey": 1\n',
        encoding="utf-8",
    )
    status, out, err = run_cli("validate", str(scenario))
    assert status == 1
    assert "unknown phase" in out and "unknown clause" in out
    assert not any(ch in out + err for ch in "\x1b\x07\x9b")


# Every error class a command can raise, with the status the error tree documents for it.
# Today no command of the command line raises a refusal itself (the console does), so
# the mapping is checked here, through the same guard every command runs under.
DOCUMENTED_EXIT_STATUSES = [
    (errors.InputError("the scenario is broken"), 1),
    (errors.ScenarioError([]), 1),
    (errors.SessionFileError("minutes.txt: not a tabletop session file"), 1),
    (errors.UsageError("no such command"), 2),
    (errors.UnknownClauseError("no clause has the id 'IV.Q'"), 2),
    (errors.MissingFileError("absent.yaml: no such file"), 2),
    (errors.PhaseConflictError("attack and peacetime cannot hold at once"), 2),
    (errors.RefusedError("there is nothing to go back to"), 1),
    (errors.TransitionRefused("'recover' is not legal here", legal=["threats_emerge"]), 1),
    (errors.SessionEnded("the session has ended"), 1),
]


@pytest.mark.parametrize(
    ("error", "expected"),
    DOCUMENTED_EXIT_STATUSES,
    ids=[f"{type(error).__name__}-exit-{status}" for error, status in DOCUMENTED_EXIT_STATUSES],
)
def test_each_error_leaves_the_command_line_with_its_documented_status_and_one_line(
    error: Exception, expected: int, capsys: pytest.CaptureFixture[str]
) -> None:
    @click.command()
    def failing() -> None:
        raise error

    assert run_guarded(failing, []) == expected
    captured = capsys.readouterr()
    assert captured.out == ""
    if str(error):
        assert captured.err == f"tabletop: error: {error}\n"


def test_a_command_that_finishes_exits_0_and_prints_only_its_output(capsys: pytest.CaptureFixture[str]) -> None:
    @click.command()
    def quiet() -> None:
        click.echo("done")

    assert run_guarded(quiet, []) == 0
    assert capsys.readouterr() == ("done\n", "")


# Wrapping to the terminal: tests/test_cli_wrapping.py.


@pytest.mark.parametrize(("no_color", "styled"), [("1", False), ("", True)], ids=["NO_COLOR=1", "NO_COLOR unset"])
def test_no_color_turns_every_style_off_even_on_a_terminal(no_color: str, styled: bool) -> None:
    from click.testing import CliRunner

    # color=True stands for a terminal, where styles are otherwise kept.
    result = CliRunner().invoke(cli, ["scenarios"], color=True, env={"NO_COLOR": no_color})
    assert result.exit_code == 0
    assert ("\x1b[" in result.output) is styled


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            "atack",
            "no phase has the slug 'atack'; did you mean 'attack'? (the phases are: peacetime, "
            "emerging_threats, anticipated_attack, attack, third_country_attack, disaster)",
        ),
        (
            "xyzzy",
            "no phase has the slug 'xyzzy'; the phases are: peacetime, emerging_threats, "
            "anticipated_attack, attack, third_country_attack, disaster",
        ),
    ],
)
def test_an_unknown_phase_is_a_usage_error_that_lists_the_phases(run_cli: RunCli, typed: str, expected: str) -> None:
    status, _, err = run_cli("clauses", "--phase", typed)
    assert status == 2
    assert err.strip() == f"tabletop: error: {expected}"


# --- a reader that goes away ---------------------------------------------------------------------


def test_a_closed_output_pipe_ends_the_command_quietly_with_141_not_1(tmp_path: Path) -> None:
    # As `tabletop validate ... | head -1`: read one line, then close the pipe while the command
    # still writes. Two thousand problems, one line each (480 KiB), are far more than a pipe holds (64 KiB),
    # so the closed pipe is always met; the line is read byte by byte (an unbuffered pipe) so
    # that nothing more is taken from it.
    injects = "".join(f"  - {{id: i{n}, title: T, narrative: N, colour: red}}\n" for n in range(2000))
    (tmp_path / "many.yaml").write_text(f"title: Many\ninjects:\n{injects}", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "tabletop", "validate", str(tmp_path / "many.yaml")],
        cwd=ROOT,
        bufsize=0,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert b"unknown key 'colour'" in process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=60) == 141
    assert process.stderr.read() == b""


def test_every_command_module_registers_exactly_the_commands_the_table_names_for_it() -> None:
    import importlib

    from tabletop.cli import COMMAND_MODULES

    for module in sorted(set(COMMAND_MODULES.values())):
        group = click.Group()
        importlib.import_module(f"tabletop.cli.{module}").register(group)
        assert sorted(group.commands) == sorted(name for name, owner in COMMAND_MODULES.items() if owner == module)


def test_a_command_imports_no_other_command_module() -> None:
    """`tabletop validate` starts without the console's, the reports' or the sessions' commands."""
    import subprocess
    import sys
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "scenarios" / "southwest_islands.yaml"
    code = (
        "import sys; from tabletop.cli import main; sys.argv[1:] = ['validate', '-q', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('tabletop.cli.', 'textual')))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code, str(sample)], capture_output=True, text=True, check=True)
    modules = set(loaded.stdout.split())
    assert "tabletop.cli.scenario" in modules
    assert not modules & {"tabletop.cli.console", "tabletop.cli.report", "tabletop.cli.session", "textual"}
