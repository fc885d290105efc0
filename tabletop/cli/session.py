"""`tabletop status`, `export`, `import` and `dry-run`: session files from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tabletop.atomicfile import regular_file_problem
from tabletop.cli._common import (
    AppContext,
    bundled_hint,
    session_dir_option,
    writing_into,
    emit_json,
    format_option,
    pass_app,
    session_path,
    terminal_safe,
    wrap,
)
from tabletop.errors import MissingFileError

__all__ = ["register"]


@click.command()
@click.argument("session", metavar="SESSION")
@session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
@format_option("text", "json")
def status(session: str, session_dir: str | None, output_format: str) -> None:
    """Print a session's state, rebuilt from its journal alone.

    SESSION is a session file, or a session id in the session folder. The
    file is opened read-only and never modified. Shows the scenario and rules
    hashes, the current inject and its position (step on the path taken, place
    on the default path, injects in the scenario), what comes next, the
    phase(s), the citations by inject, the counts of notes, decisions and
    ratings, the orders recorded without a move (a maritime or public
    security operation, ...) and those open now, the clock, and whether the
    session has ended. The JSON output is
    a stable contract for scripts (see docs/sessions.md).
    """
    from tabletop.session import Session

    with Session.open(session_path(session, session_dir), readonly=True) as opened:
        state = opened.state
        if output_format == "json":
            data = state.summary()
            data["file"] = str(opened.path)
            data["available_determinations"] = [_open_determination(d) for d in _open_determinations(opened)]
            emit_json(data)
            return
        _print_status(opened, state)


def _print_status(opened, state) -> None:
    def row(label: str, value: str, *, wrapped: bool = True) -> None:
        # Paths and hashes stay on one line, whole, so they can be copied.
        line = f"{label:<11} {value}"
        click.echo(wrap(value, " " * 12, first=f"{label:<11} ") if wrapped else line)

    def title_of(inject_id: str) -> str:
        return f"{_safe(inject_id)}: {_safe(opened.inject(inject_id).title)}"

    row("session", _safe(state.session_id) + ("  (dry-run)" if state.dry_run else ""))
    row("file", _safe(opened.path), wrapped=False)
    row("scenario", f"{_safe(state.scenario_title)} ({_safe(state.scenario_name)})")
    row("", f"sha256 {state.scenario_sha256}", wrapped=False)
    row("rules", f"sha256 {state.rules_sha256}", wrapped=False)
    row("started", _when(state.started_at))
    row("ended", _when(state.ended_at) if state.ended else "no")
    if state.closing_summary:
        row("summary", _safe(state.closing_summary))
    row("phases", " + ".join(state.phases) or "-")
    row("current", title_of(state.current) if state.current else "- (no inject delivered yet)")
    row("position", _position(state))
    row("next", title_of(state.next_inject) if state.next_inject else "- (end of the scenario)")
    out_of_phase = sum(1 for c in state.citations if c.out_of_phase)
    row("citations", f"{len(state.citations)}" + (f" ({out_of_phase} out of phase)" if out_of_phase else ""))
    _print_citations(state.citations, opened.corpus)
    counts = state.summary()["counts"]
    row(
        "counts",
        f"notes {counts['notes']}, decisions {counts['decisions']}, ratings {counts['ratings']}, "
        f"hot wash {counts['hot_wash']}, improvement items {counts['improvement_items']}",
    )
    if state.determinations:
        declined = sum(1 for d in state.determinations if not d.answer)
        assumed = sum(1 for d in state.determinations if d.assumed)
        row(
            "determined",
            f"{len(state.determinations)} gate answer(s): {len(state.determinations) - declined} yes, {declined} no"
            + (f"; {assumed} assumed, not the room's" if assumed else ""),
        )
    for recorded in state.recorded_determinations:
        answer = "yes" if recorded.answer else "no"
        assumed = ", assumed" if recorded.assumed else ""
        remark = f": {_safe(recorded.remark)}" if recorded.remark else ""
        row("ordered", f"{recorded.determination} {answer}{assumed} ({_safe(recorded.authority)}){remark}")
    open_now = _open_determinations(opened)
    if open_now:
        row("may order", ", ".join(d.id for d in open_now))
    clock = state.clock
    pauses = len(clock.pauses)
    row(
        "clock",
        f"{'running' if clock.running else 'stopped'}, {_duration(clock.elapsed(state.last_at))} elapsed, "
        f"{pauses} pause{'' if pauses == 1 else 's'}",
    )
    row("events", str(state.last_seq))


def _open_determinations(opened) -> list:
    """The determinations the room may record now without a move (none once the session ended)."""
    return [] if opened.state.ended else opened.corpus.determinations_in(opened.state.phases)


def _open_determination(found) -> dict:
    return {
        "id": found.id, "title": found.title, "authority": found.authority, "diet": found.diet,
        "reference": found.reference, "basis": found.basis, "available_in": list(found.available_in),
    }


def _position(state) -> str:
    """Where the current inject stands, in the words of the JSON `position` object."""
    parts = []
    if state.step is not None:
        parts.append(f"step {state.step} on the path taken")
        if state.current_adhoc:
            parts.append("an improvised (ad-hoc) inject")
        elif state.default_path_position is None:
            parts.append("off the default path")
        else:
            parts.append(f"{state.default_path_position} of {state.default_path_length} on the default path")
    if state.step is None or state.default_path_position is None:
        parts.append(f"default path of {state.default_path_length} injects")
    parts.append(f"{state.inject_count} injects in the scenario")
    return "; ".join(parts)


def _print_citations(citations, corpus) -> None:
    """Citations grouped by inject (an id on its own line, however long), clause ids in one column.

    Each clause is shown with its title from the rules the session stored, and the reason.
    """
    if not citations:
        return
    width = max(len(c.clause) for c in citations)
    by_inject: dict[str, list] = {}
    for citation in citations:
        by_inject.setdefault(citation.inject, []).append(citation)
    for inject, cited in by_inject.items():
        click.echo(f"{'':<12}{_safe(inject)}")
        for citation in cited:
            flag = "[out of phase] " if citation.out_of_phase else ""
            title = _safe(corpus.clause(citation.clause).title)
            first = f"{'':<14}{citation.clause:<{width}}  "
            click.echo(wrap(f"{title}: {flag}{_safe(citation.reason)}".rstrip(), " " * len(first), first=first))


def _safe(value: object) -> str:
    return terminal_safe(value, one_line=True)


def _duration(elapsed) -> str:
    seconds = int(elapsed.total_seconds())
    return f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "-"


@click.command()
@click.argument("session", metavar="SESSION")
@click.option("--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl", show_default=True,
              help="Interchange format: JSON Lines (a header line, then one event per line).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output. An existing file is "
                   "replaced only if it is an earlier export, or with --force; never the session itself.")
@click.option("--force", is_flag=True, help="Replace an existing -o file even if it is not an earlier export.")
@session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
def export(session: str, output_format: str, output: str | None, force: bool, session_dir: str | None) -> None:
    """Write a session's journal for interchange (read it back with `tabletop import`).

    The first line holds the format version, the session's metadata and the
    scenario and rules texts it was started with (with their SHA-256); each
    following line is one event. The session file is opened read-only and
    checked as `status` checks it: a damaged session is not exported.
    """
    from tabletop.session import export_jsonl, write_jsonl

    path = session_path(session, session_dir)
    if output is None:
        write_jsonl(path, sys.stdout)
        return
    count = export_jsonl(path, output, force=force)
    click.echo(f"exported {count} events to {_safe(output)}", err=True)


@click.command(name="import")
@click.argument("journal", metavar="FILE", type=click.Path(dir_okay=False))
@session_dir_option("Folder to write the session file to (default: ./sessions).")
def import_(journal: str, session_dir: str | None) -> None:
    """Read an exported journal (JSON Lines) back into a new session file; print its path.

    Every line is checked: the JSON, the event models, the stored texts'
    SHA-256, and that each event follows from the state before it. A bad line
    is reported with its line number and nothing is written.
    """
    from tabletop.session import session_folder
    from tabletop.session import import_jsonl

    problem = regular_file_problem(journal)
    if problem is not None:
        raise MissingFileError(f"{journal}: {problem}")
    folder = session_folder(session_dir)
    with writing_into(folder):
        written = import_jsonl(journal, folder)
    click.echo(_safe(written))


@click.command(name="dry-run")
@click.argument("scenario", metavar="SCENARIO", type=click.Path(dir_okay=False))
@session_dir_option("Folder to write the session file to (default: ./sessions).")
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
    from tabletop.session import session_folder
    from tabletop.session import dry_run as run

    problem = regular_file_problem(scenario)
    if problem == "no such file":
        raise MissingFileError(f"{scenario}: no such scenario file{bundled_hint(scenario)}")
    if problem is not None:
        raise MissingFileError(f"{scenario}: {problem}; a scenario must be a YAML file")
    folder = session_folder(session_dir)
    with writing_into(folder):
        written = run(scenario, app.corpus, session_dir=folder)
    click.echo(_safe(written))


def register(group: click.Group) -> None:
    for command in (status, export, import_, dry_run):
        group.add_command(command)
