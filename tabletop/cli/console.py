"""`tabletop run`, `resume`, `join`, `follow` and `serve`: the console from the command line.

Opens or starts the session before the console starts, so that a missing file, an invalid
scenario or a damaged session is a one-line error with its exit status, then hands the
session to `tabletop.tui.make_app`. Textual is imported only here, inside the commands, so
the other commands do not pay for it.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tabletop.cli._common import (
    AppContext,
    bundled_sample,
    collector_held,
    database_option,
    given_on_the_command_line,
    listening_options,
    open_database,
    pass_app,
    salvage_hint,
    scenario_file,
    session_dir_option,
    session_path,
    terminal_safe,
    writing_into,
)
from tabletop.errors import UsageError

if TYPE_CHECKING:
    from tabletop.scenario import LoadedScenario
    from tabletop.session import Seat, Session, SessionDatabase
    from tabletop.tui import ConsoleMode, LinkWatch

__all__ = ["register"]

_Opened = TypeVar("_Opened")

DEFAULT_PORT = 8000
DEFAULT_MAX_CONSOLES = 4
"""Browser pages `serve` gives a console at once unless told otherwise: the facilitator's page,
a second tab or a reload, and a projector."""


def _scenario(app: AppContext, scenario: str) -> LoadedScenario:
    from tabletop.scenario import load_scenario

    # The texts the session will store: their parse is remembered, as `start_session` does.
    return load_scenario(scenario_file(scenario), app.corpus, remember_parse=True)


def _begin(app: AppContext, loaded: LoadedScenario, session_dir: str | None, facilitator: str = "") -> Session:
    from tabletop.session import Session, session_folder

    folder = session_folder(session_dir)
    with writing_into(folder):
        return Session.start(loaded, app.corpus, session_dir=folder, facilitator=facilitator)


def _start(app: AppContext, scenario: str, session_dir: str | None, facilitator: str = "") -> Session:
    return _begin(app, _scenario(app, scenario), session_dir, facilitator)


def _for_the_console(opening: Callable[[], _Opened]) -> _Opened:
    """What `opening` returns (the session opened or started for a console), read with the console's
    modules imported and the garbage collector paused throughout (see `collector_held`).

    The modules, the rules, the scenario and the session's events all live as long as the console:
    the collector walked them again and again as they were built, and once more as it resumed, a
    tenth of a second before the first frame of `run` and half a second before that of `resume` at
    50,000 events, for no garbage. In the command line's process they are moved out of its reach.
    """
    with collector_held():
        import tabletop.tui  # noqa: F401  (imported here to be built with the collector paused)

        return opening()


def _run_console(
    session: Session | None, *, mode: ConsoleMode = "run", banner: str | None = None, **options: Any
) -> None:
    from tabletop.tui import make_app

    app = make_app(session, mode=mode, banner=banner, **options)
    try:
        app.run()
    finally:
        if session is not None:
            session.close()
    shown = app.session
    if shown is not None and mode == "run" and not shown.readonly and shown.seat.role == "facilitator":
        if shown.damage is not None:
            # Not "saved": `resume` would refuse it. What was kept, what is damaged, what to do.
            click.echo(
                terminal_safe(f"Session {shown.id} is not saved whole: {shown.damage}.", one_line=True), err=True
            )
            return
        again = f"tabletop resume {shown.id}" + ("" if isinstance(shown.path, Path) else " --db URL")
        saved = f"Session {shown.id} is saved in {shown.path}; `{again}` reopens it."
        click.echo(terminal_safe(saved, one_line=True))


@click.command()
@click.argument("scenario", required=False, metavar="[SCENARIO]")
@session_dir_option("Folder new sessions are written to and listed from (default: ./sessions).")
@click.option(
    "--facilitator", metavar="NAME", default="", help="Who runs the session, named on the after-action report's cover."
)
@database_option("Start the session in this PostgreSQL database, where other seats and sites join it.")
@pass_app
def run(
    app: AppContext, scenario: str | None, session_dir: str | None, facilitator: str, database_url: str | None
) -> None:
    """Run a seminar in the facilitator console.

    SCENARIO is a scenario file or a bundled scenario's id (`tabletop run
    southwest_islands`); a new session of it starts at once. Without it, a
    start screen lists the bundled scenarios, the sessions to resume (newest
    first) and takes any scenario file. Every action is recorded before it is
    shown as done, so `q` (or a crash) loses nothing: `tabletop resume` goes on.
    An invalid scenario prints the validator's messages and exits 1. Press ?
    in the console for its keys (docs/console.md). --facilitator names who
    runs it on the after-action report's cover (the start screen asks too).
    """
    name = facilitator.strip()
    database = open_database(database_url, file_named=given_on_the_command_line("session_dir"))
    if database is not None:
        if scenario is None:
            raise click.UsageError("with --db, name the SCENARIO to start (the start screen lists session files)")
        from tabletop.session import Session

        started = Session.start(_scenario(app, scenario), app.corpus, facilitator=name, database=database)
        click.echo(terminal_safe(f"Session {started.id} started in {database.shown}", one_line=True))
        session_id = started.id
        started.close()
        shared = _in_database(session_id, None, database=database)
        assert shared is not None
        _run_console(shared[0], link=shared[1])
        return
    if scenario is None:
        _run_console(None, session_dir=session_dir, rules_path=app.rules_path, facilitator=name)
        return
    _run_console(_for_the_console(lambda: _start(app, scenario, session_dir, name)), session_dir=session_dir)


SEATS_TO_JOIN = ("evaluator", "notes", "recorder")
"""The seats `join` opens: the facilitator's is `run`'s and `resume`'s."""


def _seat(role: str, name: str, cell: str | None) -> Seat:
    from pydantic import ValidationError

    from tabletop.session import Seat

    try:
        return Seat.model_validate({"role": role, "name": name.strip(), "cell": cell})
    except ValidationError:
        raise click.UsageError(
            "--cell names the cell a recorder records for: use it with --seat recorder, and only then"
        ) from None


def _in_database(
    session: str,
    database_url: str | None,
    *,
    seat: Seat | None = None,
    follow: bool = False,
    database: SessionDatabase | None = None,
) -> tuple[Session, LinkWatch] | None:
    """The session SESSION names in the database --db (or TABLETOP_DATABASE_URL) names, opened for
    `seat` (or following), with the watch that tells the console when its link drops; None when no
    database is given, or the command line names a session file or folder itself."""

    from tabletop.session import Session
    from tabletop.tui import LinkWatch

    if database is None:
        database = open_database(
            database_url, file_named=os.path.isfile(session) or given_on_the_command_line("session_dir")
        )
    if database is None:
        return None
    watch = LinkWatch()
    # A seat's screen says at once that the link dropped, and an append waits two seconds at most.
    facilitating = not follow and (seat is None or seat.role == "facilitator")
    journal = database.open(session, readonly=follow, retry_for=2.0, on_status=watch.update, facilitator=facilitating)
    return Session.from_journal(journal, seat=seat), watch


@click.command()
@click.argument("session", metavar="SESSION")
@session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
@database_option("Resume a session in this PostgreSQL database (SESSION is its id there).")
def resume(session: str, session_dir: str | None, database_url: str | None) -> None:
    """Reopen a session in the console exactly where it stopped.

    SESSION is a session file or a session id in the session folder. It also
    resumes a session whose console was killed mid-seminar. A session that
    another program is recording opens read-only, following it live, with a
    banner. A damaged session file is reported in one line (exit 1) and is
    never modified; `tabletop salvage` saves what was recorded before the damage.
    """
    from tabletop.tui import open_for_console

    with salvage_hint(session, True):
        shared = _for_the_console(lambda: _in_database(session, database_url))
    if shared is not None:
        _run_console(shared[0], link=shared[1])
        return
    with salvage_hint(session, False):
        opened, banner = _for_the_console(lambda: open_for_console(session_path(session, session_dir)))
    _run_console(opened, banner=banner)


@click.command()
@click.argument("session", metavar="SESSION")
@click.option(
    "--seat",
    "role",
    type=click.Choice(SEATS_TO_JOIN),
    required=True,
    help="The seat to take: evaluator (ratings, observations, notes, hot wash), notes (the "
    "note-taker: notes, decisions, hot wash) or recorder (one cell's decisions and notes; with --cell).",
)
@click.option("--name", default="", metavar="NAME", help="Who sits in the seat, named beside each record.")
@click.option("--cell", default=None, metavar="CELL", help="The cell a recorder records for.")
@session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
@database_option("Join a session in this PostgreSQL database (SESSION is its id there).")
def join(
    session: str, role: str, name: str, cell: str | None, session_dir: str | None, database_url: str | None
) -> None:
    """Take another seat on a live session, beside its facilitator: in the console, or in a browser
    with `tabletop serve join`.

    SESSION is a session file or id (or, with --db, a session's id in the database). The seat
    records what its role records, each record named with the seat and NAME in the journal and
    the after-action report; the facilitator's seat alone moves play. Every seat sees the
    others' records within a second, and they never refuse this seat's. A record begun before
    the facilitator moved play on (delivered, jumped, went back, made or declined a move, ended)
    is refused ("the session moved on") with nothing recorded, its dialog kept as typed, and
    the screen catches up.
    """
    from tabletop.session import Session

    seat = _seat(role, name, cell)
    shared = _for_the_console(lambda: _in_database(session, database_url, seat=seat))
    if shared is not None:
        _run_console(shared[0], link=shared[1])
        return
    _run_console(_for_the_console(lambda: Session.open(session_path(session, session_dir), seat=seat)))


@click.command()
@click.argument("session", metavar="SESSION")
@click.option("--cell", metavar="CELL", default=None, help="One cell's view (a cell id): its questions and everyone's.")
@session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
@database_option("Follow a session in this PostgreSQL database (SESSION is its id there).")
def follow(session: str, cell: str | None, session_dir: str | None, database_url: str | None) -> None:
    """Mirror a session another program is recording: the participants' view.

    Read-only and live, for a second screen, a projector or an observer: each
    new inject shows within a second of its being recorded. It never writes
    and never shows what is for the facilitator only (notes for the
    facilitator, expected actions, ratings, suggestions, pending injects, gates).
    --cell CELL shows one cell's view: its questions and everyone's.
    """
    from tabletop.tui import open_for_console

    shared = _for_the_console(lambda: _in_database(session, database_url, follow=True))
    if shared is not None:
        opened, link = shared
    else:
        opened, link = _for_the_console(lambda: open_for_console(session_path(session, session_dir), "follow"))[0], None
    if cell is not None:
        known = [c.id for c in getattr(opened.view.scenario, "cells", None) or ()]
        if cell not in known:
            opened.close()
            raise UsageError(f"--cell {cell}: the scenario has no cell {cell!r} (cells: {', '.join(known) or 'none'})")
    _run_console(opened, mode="follow", cell=cell, link=link)


@click.command(context_settings={"ignore_unknown_options": False})
@click.argument("arguments", nargs=-1, metavar="[run|join|follow] SCENARIO|SESSION")
@listening_options(DEFAULT_PORT, "whoever holds the printed address or the key gets the console")
@click.option(
    "--max-consoles",
    default=DEFAULT_MAX_CONSOLES,
    show_default=True,
    type=click.IntRange(1, 32),
    help="Browser pages that may hold a console at once; the next one is told the console is full.",
)
@click.option(
    "--facilitator",
    metavar="NAME",
    default="",
    help="Who runs a session `serve run SCENARIO` starts, named on the after-action report's cover.",
)
@click.option(
    "--seat",
    "role",
    type=click.Choice(SEATS_TO_JOIN),
    default=None,
    help="With `serve join SESSION`: the seat the page records from (see `tabletop join`).",
)
@click.option("--name", default="", metavar="NAME", help="With `serve join`: who sits in the seat.")
@click.option("--cell", default=None, metavar="CELL", help="With `serve join --seat recorder`: the cell.")
@session_dir_option("Folder sessions are written to and looked up in (default: ./sessions).")
@database_option(
    "Serve a session of this PostgreSQL database (SESSION is its id there; `serve run SCENARIO` starts one there)."
)
@pass_app
def serve(
    app: AppContext,
    arguments: tuple[str, ...],
    host: str,
    allow_remote: bool,
    port: int,
    max_consoles: int,
    facilitator: str,
    role: str | None,
    name: str,
    cell: str | None,
    session_dir: str | None,
    database_url: str | None,
) -> None:
    """Serve the console in a web browser (through textual-serve).

    `serve run SCENARIO` checks the scenario now and starts one session of it
    when the first page opens (its clock starts then); `serve run SESSION`
    serves an existing session. However many tabs or reloads, there is one
    session: the first page records it, a second page opens read-only with a
    banner while the first is open, and a reloaded page records again.
    `serve follow SESSION` serves the participants' read-only view, which can
    never write. `serve join SESSION --seat evaluator --name NAME` serves
    another seat of a live session (as `tabletop join`), for an evaluator or a
    note-taker at a browser. The mode defaults to run.

    The printed address carries a one-time ticket: the first browser that
    opens it gets a console (and keeps its way in, in a cookie), and the
    address opens nothing after that, so a browser's history holds no way in.
    The console's key, printed under it, opens the console in
    another browser: open the bare address and type it. Pages of other sites
    or ports are refused. At most --max-consoles pages hold a console at
    once. It listens on 127.0.0.1 unless told --host; an address other
    machines can reach also needs --allow-remote. With --db the session is
    one of that database's (a page's program reaches it through
    TABLETOP_DATABASE_URL, never its command line).
    """
    mode, targets = ("run", list(arguments))
    if targets and targets[0] in ("run", "join", "follow"):
        mode = targets.pop(0)
    if len(targets) != 1:
        raise click.UsageError(
            f"serve {mode} takes one {'SCENARIO or SESSION' if mode == 'run' else 'SESSION'}, "
            f"e.g. tabletop serve {mode} {'southwest_islands' if mode == 'run' else 'SESSION-ID'}"
        )
    if (mode == "join") != (role is not None) or (mode != "join" and (name or cell)):
        raise click.UsageError(
            "serve join SESSION takes --seat (and --name, --cell); the other modes take neither, "
            "e.g. tabletop serve join SESSION-ID --seat evaluator --name NAME"
        )
    target = targets[0]
    who = facilitator.strip()
    database = open_database(
        database_url, file_named=os.path.isfile(target) or given_on_the_command_line("session_dir")
    )
    if database is not None:
        from tabletop.session import DATABASE_URL_ENV

        in_database, exercise = _database_command(app, database, mode, target, who, role, name, cell)
        title = _page_title(exercise, mode, role)
        # Each page's program finds the database by the environment it inherits: a URL on its
        # command line could be read, password and all, by every user of this machine.
        _serve(in_database, host, port, allow_remote, max_consoles, title, {DATABASE_URL_ENV: database_url or ""})
        return
    path = session_path(target, session_dir) if mode != "run" else _existing_session(target, session_dir)
    if who and path is not None:
        raise click.UsageError("--facilitator names who runs a new session; serve run SCENARIO starts one")
    command: str | Callable[[], str]
    exercise = _session_title(path) if path is not None else ""
    if path is not None and mode == "join":
        seat = _seat(role or "", name, cell)
        words = ["join", str(path.resolve()), "--seat", seat.role, "--name", seat.name]
        command = shlex.join([sys.executable, "-m", "tabletop", *words, *(["--cell", cell] if cell else [])])
    elif path is not None:
        command = _console_command(mode, path)
    else:
        scenario = _scenario(app, target)
        exercise = scenario.scenario.title

        def command() -> str:
            # Started when the first page opens, so that the session's clock starts with the room.
            started = _begin(app, scenario, session_dir, who)
            click.echo(terminal_safe(f"Session {started.id} started: {started.path}", one_line=True))
            started.close()
            return _console_command("run", Path(started.path))

    _serve(command, host, port, allow_remote, max_consoles, _page_title(exercise, mode, role))


def _session_title(path: Path) -> str:
    """The exercise title of the session file at `path`, read as `tabletop status` reads it (a
    damaged file is refused now, before anything is served)."""
    from tabletop.session import Session

    with Session.open(path, readonly=True) as session:
        return session.state.scenario_title


def _page_title(exercise: str, mode: str, role: str | None) -> str:
    """What the browser's tab, the key form and the opening notice call the console: the
    exercise's title, and whose view it is when it is not the facilitator's console."""
    if mode == "follow":
        return f"{exercise}: the participants' view"
    if mode == "join":
        return f"{exercise}: the {role} seat"
    return exercise


def _serve(
    command: str | Callable[[], str],
    host: str,
    port: int,
    allow_remote: bool,
    max_consoles: int,
    title: str,
    environment: dict[str, str] | None = None,
) -> None:
    """Serve `command` to browser pages until stopped; each page's program inherits this one's
    environment, with `environment` added while it serves."""
    from tabletop.tui.served import ServedConsole, listening_socket

    listener = listening_socket(host, port, allow_remote=allow_remote)
    server = ServedConsole(command, listener, title=title, max_consoles=max_consoles)
    click.echo(f"Serving the console at {server.url} (Ctrl+C stops)")
    click.echo(
        "That address lets one browser in, once"
        + (" (from another machine, put this machine's name or address in it)" if listener.remote else "")
        + f". In another browser, open {listener.url('/')} and type the console's key"
        " (share it only with whoever may run the console):"
    )
    click.echo(f"  {server.spaced_key}")
    sys.stdout.flush()
    before = {name: os.environ.get(name) for name in environment or {}}
    os.environ.update(environment or {})
    try:
        server.serve()
        # Ctrl+C (or SIGTERM) is how a server is meant to end: said, with status 0.
        click.echo("Stopped serving the console: every page's console has ended.")
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _database_command(
    app: AppContext,
    database: SessionDatabase,
    mode: str,
    target: str,
    who: str,
    role: str | None,
    name: str,
    cell: str | None,
) -> tuple[str | Callable[[], str], str]:
    """What each page of `serve --db` runs: `resume`, `follow` or `join` of the session of that id in
    the database (a new one of SCENARIO for `serve run SCENARIO`, started when the first page opens),
    and the exercise's title."""
    from tabletop.session import Session

    program = [sys.executable, "-m", "tabletop"]
    if mode == "run" and (target.endswith((".yaml", ".yml")) or bundled_sample(target) is not None):
        scenario = _scenario(app, target)

        def command() -> str:
            started = Session.start(scenario, app.corpus, facilitator=who, database=database)
            click.echo(terminal_safe(f"Session {started.id} started in {database.shown}", one_line=True))
            started.close()
            return shlex.join([*program, "resume", started.id])

        return command, scenario.scenario.title
    if who:
        raise click.UsageError("--facilitator names who runs a new session; serve run SCENARIO starts one")
    # An id the database does not hold is refused now, with the nearest; the title is read as `status` reads it.
    with Session.from_journal(database.open(target, readonly=True)) as held:
        exercise = held.state.scenario_title
    if mode == "join":
        seat = _seat(role or "", name, cell)
        words = ["join", target, "--seat", seat.role, "--name", seat.name, *(["--cell", cell] if cell else [])]
        return shlex.join([*program, *words]), exercise
    return shlex.join([*program, "resume" if mode == "run" else "follow", target]), exercise


def _console_command(mode: str, path: Path) -> str:
    # Each browser page is its own process running this command; the session file's
    # lock makes the first page the one that records.
    return shlex.join([sys.executable, "-m", "tabletop", "resume" if mode == "run" else "follow", str(path.resolve())])


def _existing_session(target: str, session_dir: str | None) -> Path | None:
    from tabletop.session import SESSION_SUFFIX, resolve_session_path

    path = resolve_session_path(target, session_dir)
    if path.name.endswith(SESSION_SUFFIX) and path.is_file():
        return path
    if path.suffix in (".yaml", ".yml") or not path.exists():
        return None
    raise UsageError(f"{target}: not a scenario (.yaml) nor a session file (*{SESSION_SUFFIX})")


def register(group: click.Group) -> None:
    for command in (run, resume, join, follow, serve):
        group.add_command(command)
