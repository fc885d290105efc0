"""What every command shares: the rules option, output formats, terminal-safe text and error handling."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tabletop.atomicfile import is_disk_trouble, regular_file_problem
from tabletop.errors import (
    JournalImportError,
    MissingFileError,
    SessionFileError,
    TabletopError,
    UsageError,
    close_matches,
    did_you_mean,
)
from tabletop.cli.layout import READING_WIDTH, display_width, terminal_width, wrap
from tabletop.jsontext import escape_raw_controls
from tabletop.safetext import terminal_safe

if TYPE_CHECKING:
    from tabletop.rules import Corpus
    from tabletop.session import Session, SessionDatabase

_F = TypeVar("_F", bound=Callable[..., Any])

__all__ = [
    "AppContext",
    "READING_WIDTH",
    "collector_held",
    "database_option",
    "display_width",
    "emit_json",
    "force_option",
    "format_option",
    "given_on_the_command_line",
    "Interrupted",
    "open_database",
    "open_session",
    "read_session",
    "pass_app",
    "process_ends_with_command",
    "recording",
    "run_guarded",
    "salvage_hint",
    "scenario_paths",
    "tell",
    "terminal_safe",
    "terminal_width",
    "wrap",
    "write_file",
]


@dataclass
class AppContext:
    """Per-invocation state shared by the commands: which rules file, loaded once."""

    rules_path: str | None = None
    _corpus: Corpus | None = field(default=None, repr=False)

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            from tabletop.rules import load_rules

            self._corpus = load_rules(self.rules_path)
        return self._corpus


pass_app = click.make_pass_decorator(AppContext)


def format_option(*choices: str, default: str = "text") -> Callable[[_F], _F]:
    """The `--format` option every reporting command takes."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format; json is a stable contract for scripts.",
    )


def tell(message: str) -> None:
    """Say on standard error what a command did (`wrote FILE`), on one line, terminal-safe: it
    quotes paths as typed, which may hold anything."""
    click.echo(terminal_safe(message, one_line=True), err=True)


def force_option(what: str) -> Callable[[_F], _F]:
    """The --force of every command that writes a file (`tabletop.outputs`)."""
    return click.option(
        "--force",
        is_flag=True,
        help=f"Replace an existing file that is not an unedited earlier {what} (never a session, nor "
        "a file this command reads).",
    )


def listening_options(default_port: int, remote_means: str) -> Callable[[_F], _F]:
    """--host, --allow-remote and --port of every command that serves pages (the rule of
    `tabletop.listening`); `remote_means` says who gets what on another machine."""

    def apply(command: _F) -> _F:
        command = click.option("--port", default=default_port, show_default=True, type=click.IntRange(1, 65535))(
            command
        )
        command = click.option(
            "--allow-remote",
            is_flag=True,
            help=f"Let --host be an address other machines can reach: {remote_means}.",
        )(command)
        return click.option(
            "--host",
            default="127.0.0.1",
            show_default=True,
            help="Address to listen on. One other machines can reach (0.0.0.0, ::, a network address) needs --allow-remote.",
        )(command)

    return apply


def write_file(
    output: str,
    content: str | bytes,
    kind: str,
    *,
    given: dict[Any, str] | None = None,
    force: bool = False,
    note: str = "",
) -> None:
    """Write an output file under the one rule (`tabletop.outputs.write_output`) and say so."""
    from tabletop.outputs import write_output

    write_output(output, content, kind, given=given, force=force)
    tell(f"wrote {output}{note}")


def scenario_paths(loaded: Any) -> dict[Path, str]:
    """Every file a loaded scenario was read from (the main file and the files it includes), with
    what each is, as the output rule's refusals name them (`tabletop.outputs`)."""
    folder = Path(loaded.path).parent
    names = iter(loaded.files)
    main = next(names)
    return {
        folder / main: "the scenario this command reads",
        **{folder / name: "a file the scenario includes" for name in names},
    }


def emit_json(data: Any) -> None:
    """Print JSON for scripts: UTF-8, stable key order as given, one document."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # json escapes C0 controls but prints C1 controls and bidirectional overrides raw; escape
    # them too (the same JSON value), so that JSON on a terminal cannot drive it either.
    click.echo(escape_raw_controls(text))


_ENDS_WITH_COMMAND = False
"""True in a process that runs one command and ends (`tabletop.cli.main`); False where a
command runs inside a longer-lived program (a test's runner, a script that imports the CLI)."""


def process_ends_with_command() -> None:
    """Say that this process ends when its command has run (see `collector_held`)."""
    global _ENDS_WITH_COMMAND
    _ENDS_WITH_COMMAND = True


@contextlib.contextmanager
def collector_held() -> Iterator[None]:
    """Pause the garbage collector while a command reads a whole session and writes what it
    says about it (see `tabletop.yamlsource.collector_paused`).

    Everything read stays alive until the command ends. Resuming the collector walks all of it
    once, and the interpreter walks it again as the process ends: a third of a second for each
    50,000 events read, for no garbage. In a process that ends with its command, what is alive
    when the block ends is moved out of the collector's reach (`gc.freeze`) first; elsewhere the
    collector resumes as it was, so that a longer-lived program collects what it drops later.
    """
    from tabletop.yamlsource import collector_paused

    with collector_paused(then_freeze=_ENDS_WITH_COMMAND):
        yield


def run_guarded(command: click.Command, argv: list[str] | None) -> int:
    """Run a click command, mapping every expected failure to a message and exit status."""
    try:
        _python_handles_ctrl_c()
        # Without standalone mode click returns (not raises) the status of `ctx.exit(n)`.
        status = command.main(args=argv, prog_name="tabletop", standalone_mode=False)
        sys.stdout.flush()  # a reader that has gone away is noticed here, not at exit
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:  # usage errors: exit 2
        # Click quotes the arguments it refuses (paths included) as they were typed.
        shown = io.StringIO()
        exc.show(file=shown)
        click.echo(terminal_safe(shown.getvalue()), err=True, nl=False)
        return exc.exit_code
    except click.Abort as exc:
        # Click turns Ctrl-C (SIGINT) into an Abort caused by the KeyboardInterrupt: an
        # interruption, not a refusal (end of input at a prompt stays "Aborted.", status 1).
        if isinstance(exc.__cause__, KeyboardInterrupt):
            return _interrupted(exc.__cause__)
        click.echo("Aborted.", err=True)
        return 1
    except TabletopError as exc:
        # Messages quote scenario and session text: strip anything a terminal would obey.
        # A session or journal error is one line, whatever stored text it quotes.
        message = terminal_safe(exc, one_line=isinstance(exc, (SessionFileError, JournalImportError)))
        # Located problems keep the `FILE:LINE:COL: error: ...` form however many there
        # are, so an editor can jump to each; other errors get the program's prefix.
        located = bool(getattr(exc, "diagnostics", None))
        click.echo(message if located or "\n" in message else f"tabletop: error: {message}", err=True)
        return exc.exit_status
    except BrokenPipeError:
        return _pipe_closed()
    except SystemExit:
        # Outside standalone mode click exits by itself only when the output pipe has closed
        # (EPIPE), with status 1, which is ours for invalid input; no command calls sys.exit.
        return _pipe_closed()
    except OSError as exc:
        # A file the operating system refused in a way no command foresaw: one line, no traceback.
        # A full or failing disk is no mistake in the command line (1); anything else is (2).
        where = f"{exc.filename}: " if exc.filename is not None else ""
        click.echo(terminal_safe(f"tabletop: error: {where}{exc.strerror or exc}", one_line=True), err=True)
        return 1 if is_disk_trouble(exc) else 2
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    return status if isinstance(status, int) else 0


def _python_handles_ctrl_c() -> None:
    """From here on Ctrl-C raises KeyboardInterrupt, which the command's recording catches (see
    `tabletop.cli`: while the program started, it ended it at once)."""
    import signal

    handler = signal.getsignal(signal.SIGINT)
    if getattr(handler, "__name__", "") == "_interrupted_while_starting":
        signal.signal(signal.SIGINT, signal.default_int_handler)


INTERRUPTED = 130
"""The exit status after Ctrl-C (SIGINT): 128 + SIGINT, as a shell reports any program it stopped."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C while a command was recording, with what it tells the user: whether what it was
    recording was recorded, or how to look (see `recording`)."""

    def __init__(self, told: str) -> None:
        super().__init__(told)
        self.told = told


def _interrupted(exc: KeyboardInterrupt) -> int:
    told = exc.told if isinstance(exc, Interrupted) else "Interrupted."
    click.echo(terminal_safe(told), err=True)
    return INTERRUPTED


class Recording:
    """What a command records, for `recording`: set `probe` to a function that says whether it
    is recorded now (None: cannot tell), or open the session with `session`."""

    def __init__(self, what: str, check: str, done: str, *, plural: bool = False) -> None:
        self.what, self.check, self.done = what, check, done
        self.be = "were" if plural else "was"
        self.probe: Callable[[], bool | None] = lambda: False  # nothing opened: nothing recorded

    @contextlib.contextmanager
    def session(self, opened: Session) -> Iterator[Session]:
        """`opened`, closed at the end of the block; whether the block's command recorded
        something is read from its journal before it is closed (the journal's head moved on)."""
        with opened:
            self.probe = _cannot_tell
            before = opened.journal_head()
            # A session file open for the facilitator's seat has no other writer: whatever the
            # journal gained is this command's. A database's may hold other seats' records too.
            alone = isinstance(opened.path, Path)
            try:
                yield opened
            finally:
                answer = _recorded_since(opened, before, alone)
                self.probe = lambda: answer

    def said(self) -> str:
        """What to say after Ctrl-C."""
        try:
            recorded = self.probe()
        except (Exception, KeyboardInterrupt):  # a journal that cannot be asked now
            recorded = None
        if recorded is None:
            return (
                f"Interrupted. Whether {self.what} {self.be} {self.done} cannot be told here: `{self.check}` shows it."
            )
        if recorded:
            return f"Interrupted. {_capital(self.what)} {self.be} {self.done} all the same: `{self.check}` shows it."
        return f"Interrupted. {_capital(self.what)} {self.be} not {self.done}: nothing was {self.done}."


def _cannot_tell() -> bool | None:
    return None


def _recorded_since(opened: Session, before: int, alone: bool) -> bool | None:
    try:
        head = opened.journal_head()
    except (Exception, KeyboardInterrupt):
        return None
    if head == before:
        return False
    return True if alone else None


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@contextlib.contextmanager
def recording(what: str, check: str, *, done: str = "recorded", plural: bool = False) -> Iterator[Recording]:
    """Run a command that records `what` so that Ctrl-C says whether it was `done` (the command
    that shows it is `check`), or that it cannot be told and `check` shows it: a user who gives
    the command again after an interruption may otherwise record it twice. Open the session the
    command records into with the yielded `Recording.session`."""
    told = Recording(what, check, done, plural=plural)
    try:
        yield told
    except Interrupted:
        raise
    except KeyboardInterrupt as exc:
        raise Interrupted(told.said()) from exc


def as_typed(*words: str) -> str:
    """A command line to show: each word quoted as a shell would need it."""
    import shlex

    return " ".join(shlex.quote(word) for word in words)


PIPE_CLOSED = 141
"""The exit status when the reader of the output went away (`| head -1`): 128 + SIGPIPE, as a
shell reports any program a closed pipe stopped. It is not an error of the input (1) or of
the command line (2), and nothing is printed about it."""


def _pipe_closed() -> int:
    # What is still buffered can never be written: point standard output at the null device so
    # that the interpreter's last flush does not fail again, and print nothing.
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (a test's buffer)
        pass
    return PIPE_CLOSED


def bundled_sample(scenario: str) -> Path | None:
    """The bundled sample whose id (or file name) `scenario` is, as `tabletop scenarios` lists them."""
    from tabletop.scenario import bundled_scenarios_dir

    if not scenario or "/" in scenario or os.sep in scenario or scenario.startswith("."):
        return None
    sample = bundled_scenarios_dir() / (scenario if scenario.endswith(".yaml") else f"{scenario}.yaml")
    return sample if sample.is_file() else None


def bundled_hint(scenario: str) -> str:
    """The nearest bundled samples' ids to a name that is neither a file nor a sample."""
    from tabletop.scenario import bundled_scenarios_dir

    ids = sorted(path.stem for path in bundled_scenarios_dir().glob("*.yaml") if not path.name.startswith("."))
    hint = did_you_mean(close_matches(Path(scenario).name.removesuffix(".yaml"), ids))
    return hint or "; `tabletop scenarios` lists the bundled samples and their paths"


def scenario_file(scenario: str) -> str:
    """The scenario file SCENARIO names: a path, or the id of a bundled sample (`southwest_islands`).

    A file that exists is taken as given, so a file named like a sample in the current folder
    wins. Anything else is a usage error saying what it is, or naming the nearest samples.
    """
    problem = regular_file_problem(scenario)
    if problem is None:
        return scenario
    if problem == "no such file":
        sample = bundled_sample(scenario)
        if sample is not None:
            return str(sample)
        if "/" in scenario or os.sep in scenario:  # a path, not an id
            raise MissingFileError(f"{scenario}: no such scenario file{bundled_hint(scenario)}")
        raise MissingFileError(
            f"{scenario}: no such scenario file, nor a bundled sample of that id{bundled_hint(scenario)}"
        )
    raise MissingFileError(f"{scenario}: {problem}; a scenario must be a YAML file")


def session_path(session: str, session_dir: str | None) -> Path:
    """The session file SESSION names, or a usage error saying where it looked and what is there."""
    from tabletop.session import resolve_session_path
    from tabletop.session import session_folder, session_ids

    try:
        path = resolve_session_path(session, session_dir)
    except (OSError, ValueError) as exc:  # a name no file system accepts (too long, say)
        raise MissingFileError(f"{session}: not a usable file name ({getattr(exc, 'strerror', None) or exc})") from None
    problem = regular_file_problem(path)
    if problem is None:
        return path
    if os.path.isdir(path):
        ids = session_ids(path)
        held = f"; it holds {len(ids)} session(s), the latest {ids[-1]}" if ids else "; it holds no session file"
        raise UsageError(
            f"{session}: is a folder, not a session; name a session file or a session id "
            f"(with --session-dir {session}){held}"
        )
    if os.path.lexists(path) and not problem.startswith("no such file"):
        raise MissingFileError(f"{session}: {problem}; name a session file or a session id")
    folder = session_folder(session_dir)
    hint = did_you_mean(close_matches(session, session_ids(folder)))
    raise MissingFileError(f"{session}: no such session file, nor a session with this id in {folder}{hint}")


def given_on_the_command_line(name: str) -> bool:
    """Whether the option `name` was typed on the command line (not taken from the environment)."""
    from click.core import ParameterSource

    context = click.get_current_context(silent=True)
    return context is not None and context.get_parameter_source(name) == ParameterSource.COMMANDLINE


def session_dir_option(
    help_text: str = "Folder to look SESSION up in when it is an id (default: ./sessions).",
) -> Callable[[Any], Any]:
    """The --session-dir option of every command that reads or writes sessions."""
    return click.option(
        "--session-dir",
        type=click.Path(file_okay=False),
        envvar="TABLETOP_SESSION_DIR",
        show_envvar=True,
        help=help_text,
    )


def database_option(
    help_text: str = "PostgreSQL database holding the sessions, instead of session files.",
) -> Callable[[Any], Any]:
    """The --db option of every command that reads or writes sessions in a database."""
    return click.option(
        "--db",
        "database_url",
        metavar="URL",
        envvar="TABLETOP_DATABASE_URL",
        show_envvar=True,
        help=f"{help_text} A URL such as postgresql://USER@HOST/DATABASE?sslmode=verify-full; keep the "
        "password in ~/.pgpass, a service file or PGPASSWORD, not in the URL (see docs/sessions.md).",
    )


def open_database(url: str | None, *, file_named: bool = False) -> SessionDatabase | None:
    """The database --db (or TABLETOP_DATABASE_URL) names, or None when neither is given.

    `file_named`: the command line names a session file or folder itself (a SESSION that is
    a file, an explicit --session-dir), which wins over TABLETOP_DATABASE_URL (not over --db).
    A password typed into --db is visible to every user of this machine while the command
    runs (in its process list): say so, without repeating it.
    """
    if url is None:
        return None
    from click.core import ParameterSource

    from tabletop.session import session_database

    context = click.get_current_context(silent=True)
    given = context.get_parameter_source("database_url") if context is not None else None
    if file_named and given != ParameterSource.COMMANDLINE:
        return None
    database = session_database(url)
    if database.address.has_password and given == ParameterSource.COMMANDLINE:
        click.echo(
            "tabletop: warning: the password in --db can be read by other users of this machine while "
            "the command runs; keep it in ~/.pgpass or PGPASSWORD, or the URL in TABLETOP_DATABASE_URL",
            err=True,
        )
    return database


def read_session(session: str, session_dir: str | None, database_url: str | None) -> Session:
    """SESSION opened read-only and checked as `status` checks it: a session file or an id in the
    session folder, or with --db (or TABLETOP_DATABASE_URL) a session's id in that database."""
    return open_session(session, session_dir, database_url, readonly=True)


def open_session(
    session: str,
    session_dir: str | None,
    database_url: str | None,
    *,
    readonly: bool = False,
    exclusive: bool = True,
    instead: tuple[str, str] | None = None,
) -> Session:
    """SESSION opened as every command that reads or records one opens it: a session file or an
    id in the session folder, or with --db (or TABLETOP_DATABASE_URL) a session's id in that
    database. For recording, `exclusive` takes the facilitator's seat (refused while another
    program holds it, on any host); without it the command records beside the other seats.

    `instead` is the command (`ip add`) and what to do instead while a console holds the
    facilitator's seat: the refusal (`SeatTaken`, exit 1) says it, in place of the store's
    general advice, which names options the command may not have."""
    from tabletop.errors import SeatTaken
    from tabletop.session import Session

    database = open_database(
        database_url, file_named=os.path.isfile(session) or given_on_the_command_line("session_dir")
    )
    try:
        with salvage_hint(session, database is not None):
            if database is None:
                return Session.open(session_path(session, session_dir), readonly=readonly, exclusive=exclusive)
            return Session.from_journal(
                database.open(session, readonly=readonly, facilitator=exclusive and not readonly)
            )
    except SeatTaken as exc:
        if instead is None or readonly:
            raise
        command, advice = instead
        raise SeatTaken(
            f"{session}: the facilitator's seat is held by {exc.holder}, and `tabletop {command}` records as the "
            f"facilitator; nothing was recorded. {advice}",
            holder=exc.holder,
        ) from None


@contextlib.contextmanager
def salvage_hint(session: str, database: bool) -> Iterator[None]:
    """Say what to do with a damaged session: `tabletop salvage` saves what was recorded before
    the damage (every reader refuses the session whole)."""
    try:
        yield
    except SessionFileError as exc:
        if " is damaged" not in str(exc):
            raise
        salvage = shlex.join(["tabletop", "salvage", session, "-o", "FILE"]) + (" --db URL" if database else "")
        raise SessionFileError(
            f"{exc}; `{salvage}` saves the events recorded before the damage, as a new session to import"
        ) from None


@contextlib.contextmanager
def writing_into(folder: Path) -> Iterator[None]:
    """Say how to choose another session folder when this one cannot be written.

    The usual cause on a locked-down laptop is a read-only current folder, where the
    default ./sessions cannot be created.
    """
    try:
        yield
    except SessionFileError as exc:
        if _can_write(folder):
            raise
        raise SessionFileError(
            f"{exc}; choose a folder you can write to with --session-dir DIR (or TABLETOP_SESSION_DIR)"
        ) from None


def _can_write(folder: Path) -> bool:
    """Whether a session file could be created in `folder`, creating it if need be."""
    existing = Path(os.path.abspath(folder))
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)
