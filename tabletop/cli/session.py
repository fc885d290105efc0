"""`tabletop status`, `export`, `import` and `dry-run`: session files from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tabletop.cli._common import AppContext, emit_json, format_option, pass_app
from tabletop.errors import MissingFileError

__all__ = ["register"]


def _session_dir_option(help_text: str):
    return click.option(
        "--session-dir",
        type=click.Path(file_okay=False),
        envvar="TABLETOP_SESSION_DIR",
        show_envvar=True,
        help=help_text,
    )


def _session_path(session: str, session_dir: str | None) -> Path:
    from tabletop.session import resolve_session_path

    path = resolve_session_path(session, session_dir)
    if not path.exists():
        raise MissingFileError(f"{session}: no such session file or session id")
    return path


@click.command()
@click.argument("session", metavar="SESSION")
@_session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
@format_option("text", "json")
def status(session: str, session_dir: str | None, output_format: str) -> None:
    """Print a session's state, rebuilt from its journal alone.

    SESSION is a session file, or a session id in the session folder. The
    file is opened read-only and never modified. Shows the scenario and rules
    hashes, the current inject, the phase(s), the citations, the counts of
    notes, decisions and ratings, and whether the session has ended. The JSON
    output is a stable contract for scripts.
    """
    from tabletop.session import Session

    with Session.open(_session_path(session, session_dir), readonly=True) as opened:
        state = opened.state
        if output_format == "json":
            data = state.summary()
            data["file"] = str(opened.path)
            emit_json(data)
            return
        _print_status(opened, state)


def _print_status(opened, state) -> None:
    def row(label: str, value: str) -> None:
        click.echo(f"{label:<11} {value}")

    row("session", state.session_id + ("  (dry-run)" if state.dry_run else ""))
    row("file", str(opened.path))
    row("scenario", f"{state.scenario_title} ({state.scenario_name})")
    row("", f"sha256 {state.scenario_sha256}")
    row("rules", f"sha256 {state.rules_sha256}")
    row("started", _when(state.started_at))
    row("ended", _when(state.ended_at) if state.ended else "no")
    row("phases", " + ".join(state.phases) or "-")
    if state.current is None:
        row("current", "- (no inject delivered yet)")
    else:
        title = opened.inject(state.current).title
        where = f"{state.position} of {state.inject_count}" if state.position else "ad-hoc"
        row("current", f"{state.current} ({where}): {title}")
    row("next", state.next_inject or "- (end of the scenario)")
    out_of_phase = sum(1 for c in state.citations if c.out_of_phase)
    row("citations", f"{len(state.citations)}" + (f" ({out_of_phase} out of phase)" if out_of_phase else ""))
    for citation in state.citations:
        flag = "  [out of phase]" if citation.out_of_phase else ""
        reason = f"  {citation.reason}" if citation.reason else ""
        click.echo(f"{'':<12}{citation.inject:<16} {citation.clause:<12}{reason}{flag}")
    counts = state.summary()["counts"]
    row(
        "counts",
        f"notes {counts['notes']}, decisions {counts['decisions']}, ratings {counts['ratings']}, "
        f"hot wash {counts['hot_wash']}, improvement items {counts['improvement_items']}",
    )
    clock = state.clock
    elapsed = int(clock.elapsed(state.last_at).total_seconds())
    row(
        "clock",
        f"{'running' if clock.running else 'stopped'}, {elapsed // 3600}:{elapsed // 60 % 60:02}:{elapsed % 60:02} "
        f"elapsed, {clock.pauses} pause(s)",
    )
    row("events", str(state.last_seq))


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "-"


@click.command()
@click.argument("session", metavar="SESSION")
@click.option("--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Interchange format: JSON Lines (a header line, then one event per line).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output.")
@_session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
def export(session: str, output_format: str, output: str | None, session_dir: str | None) -> None:
    """Write a session's journal for interchange (read it back with `tabletop import`).

    The first line holds the format version, the session's metadata and the
    scenario and rules texts it was started with (with their SHA-256); each
    following line is one event. The session file is opened read-only.
    """
    from tabletop.session.interchange import export_jsonl, write_jsonl

    path = _session_path(session, session_dir)
    if output is None:
        write_jsonl(path, sys.stdout)
        return
    count = export_jsonl(path, output)
    click.echo(f"exported {count} events to {output}", err=True)


@click.command(name="import")
@click.argument("journal", metavar="FILE", type=click.Path(dir_okay=False))
@_session_dir_option("Folder to write the session file to (default: ./sessions).")
def import_(journal: str, session_dir: str | None) -> None:
    """Read an exported journal (JSON Lines) back into a new session file; print its path.

    Every line is checked: the JSON, the event models, the stored texts'
    SHA-256, and that each event follows from the state before it. A bad line
    is reported with its line number and nothing is written.
    """
    from tabletop.session import default_session_dir
    from tabletop.session.interchange import import_jsonl

    if not Path(journal).is_file():
        raise MissingFileError(f"{journal}: no such file")
    click.echo(str(import_jsonl(journal, session_dir or default_session_dir())))


@click.command(name="dry-run")
@click.argument("scenario", metavar="SCENARIO", type=click.Path(dir_okay=False))
@_session_dir_option("Folder to write the session file to (default: ./sessions).")
@pass_app
def dry_run(app: AppContext, scenario: str, session_dir: str | None) -> None:
    """Play a scenario's default path headlessly into a session file; print its path.

    Each inject's phase is entered through the phase machine, with the gate
    answers the scenario states; a gate it says nothing about is confirmed
    and recorded as answered by "dry-run default". Decision points take
    their default option, the scenario's citations are applied, and the
    session is ended and marked as a dry-run. An invalid scenario prints the
    validator's messages (exit 1) and writes nothing.
    """
    from tabletop.session import default_session_dir
    from tabletop.session.dryrun import dry_run as run

    if not Path(scenario).is_file():
        raise MissingFileError(f"{scenario}: no such scenario file")
    click.echo(str(run(scenario, app.corpus, session_dir=session_dir or default_session_dir())))


def register(group: click.Group) -> None:
    for command in (status, export, import_, dry_run):
        group.add_command(command)
