"""`tabletop report`, `coverage` and `handbook`: the exercise documents from the command line.

Each command loads its input (session files read-only, or a scenario), calls the pure
renderers of `tabletop.report`, and prints the document or writes it atomically with `-o`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from tabletop.cli._common import (
    collector_held,
    database_option,
    given_on_the_command_line,
    open_database,
    read_session,
    AppContext,
    force_option,
    pass_app,
    scenario_file,
    scenario_paths,
    session_dir_option,
    session_path,
    write_file,
)

__all__ = ["register"]

_F = TypeVar("_F", bound=Callable[..., Any])


def _output_option() -> Callable[[_F], _F]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False),
        default=None,
        help="Write the document to this file (atomically: all of it or nothing) instead of standard output. "
        "An existing file is replaced only if it is an unedited earlier document of this command, or with --force.",
    )


def _emit(text: str, output: str | None, kind: str, *, given: dict[Path, str], force: bool) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    write_file(output, text, kind, given=given, force=force)


def _schema(schema: dict[str, Any]) -> None:
    click.echo(json.dumps(schema, ensure_ascii=False, indent=2))


@click.command()
@click.argument("session", metavar="SESSION", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "html", "json"]),
    default="md",
    show_default=True,
    help="Markdown, one self-contained printable HTML file, or JSON for tools.",
)
@_output_option()
@force_option("report")
@click.option("--schema", is_flag=True, help="Print the JSON Schema of the JSON report and exit.")
@session_dir_option()
@database_option("Report on a session in this PostgreSQL database (SESSION is its id there).")
def report(
    session: str | None,
    output_format: str,
    output: str | None,
    force: bool,
    schema: bool,
    session_dir: str | None,
    database_url: str | None,
) -> None:
    """The after-action report of a session (HSEEP AAR/IP), grounded in the clauses cited.

    SESSION is a session file, or a session id in the session folder; it is
    opened read-only and never modified. In HSEEP's order: the cover (with
    the classification marking and a dry-run banner), a one-page executive
    summary, the analysis by objective (ratings, observations, hot wash,
    clauses), every determination, the phase timeline, clause coverage as a
    matrix of chapters by phases, the record of play; then the improvement
    plan (drafts marked), the verbatim text of every clause cited and the
    provenance (the SHA-256 of every stored text). See docs/reports.md. The
    same session gives the same bytes.
    """
    from tabletop.report import render_report, report_schema

    if schema:
        _schema(report_schema())
        return
    if session is None:
        raise click.UsageError("name a SESSION (a session file or id), or ask for --schema")
    # Everything read stays alive until the report is written: see `collector_held`.
    with collector_held():
        with read_session(session, session_dir, database_url) as opened:
            record = opened.record()
        text = render_report(record, output_format)
    given = {opened.path: "the session this report is made from"} if isinstance(opened.path, Path) else {}
    _emit(text, output, "report", given=given, force=force)


@click.command()
@click.argument("sessions", metavar="SESSION...", nargs=-1)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "html", "json"]),
    default="md",
    show_default=True,
    help="Markdown, one self-contained HTML file with a heat map, or JSON.",
)
@click.option("--include-dry-runs", is_flag=True, help="Count dry-run sessions too (left out by default).")
@_output_option()
@force_option("coverage document")
@click.option("--schema", is_flag=True, help="Print the JSON Schema of the JSON coverage and exit.")
@session_dir_option()
@database_option("Read the sessions from this PostgreSQL database (each SESSION is an id there).")
def coverage(
    sessions: tuple[str, ...],
    output_format: str,
    include_dry_runs: bool,
    output: str | None,
    force: bool,
    schema: bool,
    session_dir: str | None,
    database_url: str | None,
) -> None:
    """How often each clause was exercised across sessions, by chapter and by phase.

    A clause is exercised in a session when it was cited while a phase in
    which it applies held. Lists the clauses never exercised. Dry-runs are
    left out unless --include-dry-runs is given. A session held by several
    files (a backup, an imported copy: the same session id) counts once, and
    the document names the files. Every SESSION (a file or an id; with --db,
    an id in the database) is opened read-only.
    """
    from tabletop.report import coverage_schema, render_coverage
    from tabletop.session import Session, SessionRecord

    if schema:
        _schema(coverage_schema())
        return
    if not sessions:
        raise click.UsageError("name at least one SESSION (a session file or id)")
    database = open_database(database_url, file_named=given_on_the_command_line("session_dir"))
    kept = [s for s in dict.fromkeys(sessions) if database is None or os.path.isfile(s)]
    # A file named twice is read once; a session held by two files (a backup, an imported copy)
    # is counted once by the coverage itself, from the session id stored in them.
    named: dict[Path, str] = {}
    for s in kept:
        path = session_path(s, session_dir)
        named.setdefault(path.resolve(), str(path))
    paths = list(named)
    in_database = [s for s in dict.fromkeys(sessions) if s not in kept]

    def read() -> Iterator[tuple[str, SessionRecord]]:
        # One session at a time: each is read, checked and counted before the next is read.
        yield from ((name, SessionRecord.load(path)) for path, name in named.items())
        for session_id in in_database:
            assert database is not None
            with Session.from_journal(database.open(session_id, readonly=True)) as opened:
                yield session_id, opened.record()

    records = read()
    text = render_coverage(records, output_format, include_dry_runs=include_dry_runs)
    _emit(text, output, "coverage", given=dict.fromkeys(paths, "a session this coverage is made from"), force=force)


@click.command()
@click.argument("scenario", metavar="SCENARIO")
@click.option(
    "--for",
    "audience",
    type=click.Choice(["participants", "facilitator", "evaluators"]),
    required=True,
    help="participants: the Situation Manual with the feedback form; facilitator: the MSEL, moves, notes "
    "and clause texts; evaluators: the Exercise Evaluation Guides.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="Markdown, or one self-contained printable HTML file.",
)
@click.option(
    "--cell",
    metavar="CELL",
    default=None,
    help="One cell's copy (a cell id): only the questions put to it and to everyone.",
)
@_output_option()
@force_option("handbook")
@pass_app
def handbook(
    app: AppContext,
    scenario: str,
    audience: str,
    output_format: str,
    cell: str | None,
    output: str | None,
    force: bool,
) -> None:
    """The documents before the seminar, made from a scenario (HSEEP's set).

    SCENARIO is a scenario file or the id of a bundled sample (`tabletop
    scenarios` lists them). --for participants gives the Situation Manual:
    purpose, scope, date and location, objectives and core capabilities,
    roles, schedule, ground rules, assumptions and artificialities, each
    module's key issues, narratives and questions by cell, the organisations,
    acronyms and points of contact, and the Participant Feedback Form on its
    own page; nothing meant for the facilitator only. --for facilitator gives
    the briefing, the Master Scenario Events List one line per inject (time,
    inject, phase and move, gates, cells, expected actions), then each inject
    in detail (the move and its gates with their bases, orders, notes,
    clauses, branches) and the clauses' verbatim text. --for evaluators gives
    the Exercise Evaluation Guides: per core capability and objective, each
    expected action with P/S/M/U boxes, room for observations and the
    evaluator's name. --cell CELL prints one cell's copy, with only the
    questions put to it and to everyone. An invalid scenario prints the
    validator's messages (exit 1).
    """
    from tabletop.report import render_handbook
    from tabletop.scenario import load_scenario

    loaded = load_scenario(scenario_file(scenario), app.corpus)
    text = render_handbook(loaded, app.corpus, audience, output_format, cell=cell)
    _emit(text, output, "handbook", given=scenario_paths(loaded), force=force)


def register(cli: click.Group) -> None:
    for command in (report, coverage, handbook):
        cli.add_command(command)
