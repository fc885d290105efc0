"""`tabletop status`, `export`, `salvage`, `import` and `dry-run`: session files from the command line."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from tabletop.atomicfile import regular_file_problem
from tabletop.cli._common import (
    AppContext,
    as_typed,
    recording,
    collector_held,
    salvage_hint,
    database_option,
    given_on_the_command_line,
    open_database,
    read_session,
    display_width,
    session_dir_option,
    writing_into,
    emit_json,
    format_option,
    pass_app,
    scenario_file,
    session_path,
    tell,
    terminal_safe,
    wrap,
)
from tabletop.cli.layout import terminal_width, wrap_at
from tabletop.errors import MissingFileError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime, timedelta
    from pathlib import Path

    from tabletop.rules import Corpus, Determination
    from tabletop.session import (
        CitationRecord,
        ParticipantSeat,
        RecordedDetermination,
        SeatRecords,
        Session,
        SessionImport,
        SessionState,
    )
    from tabletop.session import Determination as GateDetermination

__all__ = ["register", "state_summary"]


@click.command()
@click.argument("session", metavar="SESSION")
@session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
@database_option("Read a session in this PostgreSQL database (SESSION is its id there).")
@click.option(
    "--full",
    is_flag=True,
    help="Print every note, decision, rating, hot-wash entry and improvement item whole, instead of one line each.",
)
@format_option("text", "json")
def status(session: str, session_dir: str | None, database_url: str | None, full: bool, output_format: str) -> None:
    """Print a session's state, rebuilt from its journal alone.

    SESSION is a session file, or a session id in the session folder. The
    file is opened read-only and never modified. Shows each stored scenario
    file and the rules with its SHA-256, the current inject and its position
    (step on the path taken, place on the default path, injects in the
    scenario), what comes next, the phase(s) and every phase change, the
    citations by inject, the determinations (who decides each, and which a
    dry-run or the scenario assumed), the orders recorded without a move (a
    maritime or public security operation, ...) and those open now, what the
    notes, decisions, ratings, hot wash and improvement items say (one line
    each; --full for all of it), the seats of the participants' page (each
    claimed by a device or not, revoked or expired, as the command runs), the
    prompts with each open one's answers counted by cell as the console
    counts them, the clock, and whether the session has ended. The JSON
    output is a stable contract for scripts (see docs/sessions.md).
    """
    from datetime import UTC, datetime

    from tabletop.session import records_by_seat, session_import

    # Everything read stays alive until the command ends: see `collector_held`.
    with collector_held(), read_session(session, session_dir, database_url) as opened:
        state = opened.state
        seats = records_by_seat(opened.events(), state.ratings)
        # A seat expires with time, not with an event: its standing is the one it has now.
        now = datetime.now(UTC)
        if output_format == "json":
            data = state_summary(state, now)
            data["file"] = str(opened.path)
            data["imported"] = _import_json(session_import(opened.metadata()))
            data["available_determinations"] = [_open_determination(d) for d in _open_determinations(opened)]
            data["recorded_by"] = [
                {
                    "seat": tally.seat.label,
                    "role": tally.seat.role,
                    "cell": tally.seat.cell,
                    "name": tally.seat.name,
                    "notes": tally.notes,
                    "decisions": tally.decisions,
                    "ratings": tally.ratings,
                    "hot_wash": tally.hot_wash,
                    "other": tally.other,
                }
                for tally in seats
            ]
            emit_json(data)
            return
        _print_status(opened, state, seats, now, full=full)


# One line of a record in the brief status: enough to recognise it, the rest with --full.
_BRIEF = 60
_LABEL = 11
_ENTRY_FIRST = " " * (_LABEL + 1)
_ENTRY_INDENT = _ENTRY_FIRST + "  "


def _print_status(
    opened: Session, state: SessionState, seats: Sequence[SeatRecords], now: datetime, *, full: bool = False
) -> None:
    # Printed at once: a long session has a line per record, tens of thousands of them.
    lines: list[str] = []
    echo = lines.append
    width = terminal_width()  # asked once, not for each of the lines

    def row(label: str, value: str, *, wrapped: bool = True) -> None:
        # Paths and hashes stay on one line, whole, so they can be copied.
        first = f"{label:<{_LABEL}} "
        echo(wrap_at(value, " " * len(first), width, first=first) if wrapped else f"{first}{value}")

    def said(text: str, columns: int = _BRIEF) -> str:
        """What a person wrote: whole with --full, else its first words."""
        return _safe(text) if full else _brief(_safe(text), columns)

    def entry(text: str) -> None:
        """One record under its heading, with a hanging indent."""
        echo(wrap_at(text, _ENTRY_INDENT, width, first=_ENTRY_FIRST))

    def title_of(inject_id: str) -> str:
        return f"{_safe(inject_id)}: {_safe(opened.inject(inject_id).title)}"

    row("session", _safe(state.session_id) + ("  (dry-run)" if state.dry_run else ""))
    row("file", _safe(opened.path), wrapped=False)
    from tabletop.session import session_import

    imported = session_import(opened.metadata())
    if imported is not None:
        row("imported", _safe(imported.said.removeprefix("imported ")))
    row("scenario", f"{_safe(state.scenario_title)} ({_safe(state.scenario_name)})")
    documents = opened.documents()
    files = [d for d in documents if d.role != "rules"]
    for document in files:
        row("", f"{_safe(document.name)}  sha256 {document.sha256}", wrapped=False)
    if len(files) != 1 or files[0].sha256 != state.scenario_sha256:
        row("", f"combined sha256 {state.scenario_sha256} (the files above, as the session stores them)", wrapped=False)
    for document in (d for d in documents if d.role == "rules"):
        row("rules", f"{_safe(document.name)}  sha256 {document.sha256}", wrapped=False)
    row("started", _when(state.started_at))
    row("ended", _when(state.ended_at) if state.ended else "no")
    if state.closing_summary:
        row("summary", _safe(state.closing_summary))
    row("phases", " + ".join(state.phases) or "-")
    if state.transitions:
        row("phase moves", str(len(state.transitions)))
        for change in state.transitions:
            at = f" at {_safe(change.inject)}" if change.inject else " by hand"
            entry(
                f"{' + '.join(change.before) or '-'} -> {' + '.join(change.after) or '-'} "
                f"({change.trigger}{at}, {_clock(change.at)} UTC)"
            )
    row("current", title_of(state.current) if state.current else "- (no inject delivered yet)")
    row("position", _position(state))
    row("next", title_of(state.next_inject) if state.next_inject else "- (end of the scenario)")
    out_of_phase = sum(1 for c in state.citations if c.out_of_phase)
    row("citations", f"{len(state.citations)}" + (f" ({out_of_phase} out of phase)" if out_of_phase else ""))
    _print_citations(state.citations, opened.corpus, echo, width)
    if state.determinations:
        declined = sum(1 for d in state.determinations if not d.answer)
        assumed = sum(1 for d in state.determinations if d.assumed)
        row(
            "determined",
            f"{len(state.determinations)} gate answer(s): {len(state.determinations) - declined} yes, {declined} no"
            + (f"; {assumed} assumed, not the room's" if assumed else ""),
        )
        for answer in state.determinations:
            where = f"at {_safe(answer.inject)}" if answer.inject else "by hand"
            source = f"; assumed: {answer.source}" if answer.assumed else ""
            remark = f"; {_safe(answer.remark)}" if answer.remark else ""
            echo(
                wrap_at(
                    f"{answer.gate} ({answer.trigger}, {where}): {'yes' if answer.answer else 'no'}, decided by "
                    f"{_safe(answer.authority)}{source}{remark}{_clock_line(state, answer)}",
                    _ENTRY_INDENT,
                    width,
                    first=_ENTRY_FIRST,
                )
            )
    for recorded in state.recorded_determinations:
        given = "yes" if recorded.answer else "no"
        marked = ", assumed" if recorded.assumed else ""
        if recorded.ahead_of:
            marked += f", ahead of {', '.join(recorded.ahead_of)}"
        remark = f": {_safe(recorded.remark)}" if recorded.remark else ""
        row(
            "ordered",
            f"{recorded.determination} {given}{marked} ({_safe(recorded.authority)}){remark}"
            f"{_clock_line(state, recorded)}",
        )
    open_now = _open_determinations(opened)
    if open_now:
        row("may order", ", ".join(d.id for d in open_now))
    row("notes", str(len(state.notes)))
    for note in state.notes:
        entry(f"{_at(note.inject)}{said(note.text)}")
    row("decisions", str(len(state.decisions)))
    for decision in state.decisions:
        entry(f"{_at(decision.inject)}{_safe(decision.decided_by)}: {said(decision.decision)}")
    row("ratings", str(len(state.ratings)))
    for rating in state.ratings:
        observation = f" ({said(rating.observation, _BRIEF // 2)})" if rating.observation else ""
        entry(f"{rating.rating} [{_safe(rating.inject)}] {said(rating.action_text, _BRIEF // 2)}{observation}")
    row("hot wash", str(len(state.hot_wash)))
    for item in state.hot_wash:
        objective = f" [{_safe(item.objective)}]" if item.objective else ""
        entry(f"{item.kind}{objective}: {said(item.text)}")
    row("improvement", f"{len(state.improvement_plan)} item(s)")
    for improvement in state.improvement_plan:
        if improvement.status == "draft":
            settled = f"draft: {', '.join(improvement.missing)} to settle"
        else:
            due = improvement.completion_date.isoformat() if improvement.completion_date else "?"
            settled = (
                f"{_safe(improvement.responsible_organisation)}, {_safe(improvement.point_of_contact)}, by {due}"
                + ("; closed" if improvement.status == "closed" else "")
            )
        entry(
            f"{improvement.number}. {said(improvement.issue, _BRIEF * 2 // 3)} -> "
            f"{said(improvement.corrective_action, _BRIEF * 2 // 3)} ({settled})"
        )
    if state.seats:
        standing = [seat.standing(now) for seat in state.seats]
        claimed = sum(
            1 for seat, where in zip(state.seats, standing, strict=True) if where == "standing" and seat.claimed
        )
        counted = [f"{standing.count('standing')} standing, {claimed} claimed by a device"]
        counted += [f"{standing.count(where)} {where}" for where in ("revoked", "expired") if where in standing]
        row("seats", f"{len(state.seats)} on the participants' page ({'; '.join(counted)})")
        for seat in state.seats:
            entry(f"{_safe(seat.seat)} ({_safe(seat.cell)}): {_seat_standing(seat, now)}")
    if state.prompts:
        row("prompts", f"{len(state.prompts)} ({len(state.open_prompts)} open)")
        for prompt in state.prompts:
            where = "open" if prompt.is_open else "revealed" if prompt.revealed else "closed"
            cells = ", ".join(f"{cell} {len(answers)}" for cell, answers in prompt.answers_by_cell().items())
            tally = f"; votes {'/'.join(map(str, prompt.tally()))}" if prompt.kind == "poll" else ""
            entry(
                f"{prompt.prompt} {prompt.kind} [{where}] {said(prompt.text, _BRIEF // 2)}: "
                f"{len(prompt.answers)} answer(s){' (' + cells + ')' if cells else ''}{tally}"
            )
            found = state.answers_by_standing(prompt, now)
            if prompt.is_open:
                # Counted as the console's cells screen and its End dialog count them.
                for cell in found.cells:
                    entry(f"  {_safe(cell.cell)}: {cell.counts()}")
            if full:
                for reply in prompt.answers:
                    chosen = prompt.options[reply.choice] if reply.choice is not None else reply.rating or ""
                    words = ": ".join(part for part in (_safe(chosen), _safe(reply.text)) if part)
                    origin = reply.seat or "on paper"
                    if (lapsed := found.standing_of(reply)) in ("revoked", "expired"):
                        origin += f", {lapsed} since"
                    entry(f"  {reply.cell} ({origin}): {words}")
    if seats:
        row("recorded by", f"{len(seats)} seat{'' if len(seats) == 1 else 's'}")
        for by_seat in seats:
            entry(f"{_safe(by_seat.seat.label)}: {_what_recorded(by_seat)}")
    clock = state.clock
    pauses = len(clock.pauses)
    row(
        "clock",
        f"{'running' if clock.running else 'stopped'}, {_duration(clock.elapsed(state.last_at))} elapsed, "
        f"{pauses} pause{'' if pauses == 1 else 's'}",
    )
    row("events", str(state.last_seq))
    click.echo("\n".join(lines))


def _seat_standing(seat: ParticipantSeat, now: datetime) -> str:
    """Where a seat stands at `now`, in the words of the JSON `seats` objects."""
    card = f" (card {seat.cards})" if seat.cards > 1 else ""
    match seat.standing(now):
        case "revoked":
            return f"revoked at {_when(seat.revoked_at)}{card}"
        case "expired":
            return f"expired at {_when(seat.expires_at)}{card}"
        case "standing":
            used = f"claimed by a device at {_when(seat.claimed_at)}" if seat.claimed else "card not used yet"
            return f"{used}, until {_when(seat.expires_at)}{card}"


def _what_recorded(tally: SeatRecords) -> str:
    counted = (
        (tally.notes, "note", "notes"),
        (tally.decisions, "decision", "decisions"),
        (tally.ratings, "rating", "ratings"),
        (tally.hot_wash, "hot-wash entry", "hot-wash entries"),
        (tally.other, "other event", "other events"),
    )
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counted if n) or "nothing"


def _clock_line(state: SessionState, d: GateDetermination | RecordedDetermination) -> str:
    """ "; D 05:10 → D 05:30, 20 min; meanwhile: 2 notes" - empty when there is nothing to say."""
    from tabletop.session import meanwhile, scenario_lapse

    lapse = scenario_lapse(d.development_time, d.scenario_time)
    done = meanwhile(state, d)
    return (f"; {lapse}" if lapse else "") + (f"; meanwhile: {done.summary()}" if done is not None else "")


def _brief(text: str, columns: int = _BRIEF) -> str:
    """The first words of a text, at most `columns` display columns, marked when cut."""
    width = len if text.isascii() else display_width  # one column a character: most text
    if width(text) <= columns:
        return text
    cut, used = "", 0
    for piece in text.split(" "):
        wide = width(piece) + (1 if cut else 0)
        if used + wide > columns - 1:
            break
        cut, used = (f"{cut} {piece}" if cut else piece), used + wide
    if not cut:  # one long word (or Japanese without spaces): cut it by columns
        for character in text:
            if used + display_width(character) > columns - 1:
                break
            cut, used = cut + character, used + display_width(character)
    return f"{cut}…"


def _at(inject: str | None) -> str:
    return f"[{_safe(inject)}] " if inject else ""


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M:%S")


def _open_determinations(opened: Session) -> list[Determination]:
    """The determinations the room may record now without a move (none once the session ended)."""
    return [] if opened.state.ended else opened.corpus.determinations_in(opened.state.phases)


def _open_determination(found: Determination) -> dict[str, Any]:
    return {
        "id": found.id,
        "title": found.title,
        "authority": found.authority,
        "diet": found.diet,
        "reference": found.reference,
        "basis": found.basis,
        "available_in": list(found.available_in),
    }


def _position(state: SessionState) -> str:
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


_OUT_OF_PHASE = "[out of phase]"


def _print_citations(
    citations: tuple[CitationRecord, ...], corpus: Corpus, echo: Callable[[str], None], columns: int | None
) -> None:
    """Citations grouped by inject (an id on its own line, however long), clause ids in one column,
    wrapped to `columns` (`terminal_width`).

    Each clause is shown with its title from the rules the session stored, who cited it in the
    report's words (`scenario`: presented with the inject; `suggestion`, `facilitator`: cited by
    the room; `discussed`: discussed by it) and the reason, where it says more than that.
    """
    if not citations:
        return
    from tabletop.session import stated_reason

    width = max(len(c.clause) for c in citations)
    by_inject: dict[str, list[CitationRecord]] = {}
    for citation in citations:
        by_inject.setdefault(citation.inject, []).append(citation)
    for inject, cited in by_inject.items():
        echo(f"{'':<{_LABEL + 1}}{_safe(inject)}")
        for citation in cited:
            flag = f" {_OUT_OF_PHASE}" if citation.out_of_phase else ""
            title = _safe(corpus.clause(citation.clause).title)
            reason = stated_reason(citation.reason, citation.source)
            said = f". Reason: {_safe(reason)}" if reason.strip() else ""
            first = f"{'':<{_LABEL + 3}}{citation.clause:<{width}}  "
            echo(
                wrap_at(
                    f"{title}, {citation.source}{flag}{said}".rstrip(),
                    " " * len(first),
                    columns,
                    first=first,
                    keep=(_OUT_OF_PHASE,),
                )
            )


def _safe(value: object) -> str:
    return terminal_safe(value, one_line=True)


def _duration(elapsed: timedelta) -> str:
    seconds = int(elapsed.total_seconds())
    return f"{seconds // 3600}:{seconds // 60 % 60:02}:{seconds % 60:02}"


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment else "-"


@click.command()
@click.argument("session", metavar="SESSION")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    show_default=True,
    help="Interchange format: JSON Lines (a header line, then one event per line).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to this file (atomically) instead of standard output. An existing file is "
    "replaced only if it is an earlier export, or with --force; never the session itself.",
)
@click.option("--force", is_flag=True, help="Replace an existing -o file even if it is not an earlier export.")
@session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
@database_option("Export a session from this PostgreSQL database (SESSION is its id there).")
def export(
    session: str, output_format: str, output: str | None, force: bool, session_dir: str | None, database_url: str | None
) -> None:
    """Write a session's journal for interchange (read it back with `tabletop import`).

    The first line holds the format version, the session's metadata and the
    scenario and rules texts it was started with (with their SHA-256); each
    following line is one event. The session file is opened read-only and
    checked as `status` checks it: a damaged session is not exported. A
    session in a database (--db) is exported the same way, line for line.
    """
    from tabletop.session import export_jsonl, write_jsonl

    database = open_database(
        database_url, file_named=os.path.isfile(session) or given_on_the_command_line("session_dir")
    )
    path = session if database is not None else session_path(session, session_dir)
    # Everything read stays alive until the last line is written: see `collector_held`.
    with collector_held(), salvage_hint(session, database is not None):
        if output is None:
            write_jsonl(path, sys.stdout, database=database)
            return
        count = export_jsonl(path, output, force=force, database=database)
    click.echo(f"exported {count} events to {_safe(output)}", err=True)


@click.command()
@click.argument("session", metavar="SESSION")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="Write the salvaged journal to this file (atomically). An existing file is replaced only "
    "if it is an earlier export, or with --force; never the session itself.",
)
@click.option("--force", is_flag=True, help="Replace an existing -o file even if it is not an earlier export.")
@format_option("text", "json")
@session_dir_option("Folder to look SESSION up in when it is an id (default: ./sessions).")
@database_option("Salvage a session from this PostgreSQL database (SESSION is its id there).")
def salvage(
    session: str, output: str, force: bool, output_format: str, session_dir: str | None, database_url: str | None
) -> None:
    """Save what a damaged session recorded before the damage, as a journal to import.

    For a session that `status`, `report`, `export` and `resume` refuse as
    damaged. Its events are read one by one, from the first, and kept up to
    the last one that reads, follows the events before it and (in a
    database, which keeps a digest for each event) matches its digest. They
    are written as an export of a new session, SESSION-salvaged, which
    `tabletop import` reads back; its report says it was salvaged, from which
    session, up to which event and why. The damaged session is only read. A
    session file keeps one digest, after its last event: when its events all
    read but do not match it, every event is kept and the message says the
    digest does not vouch for them. Exit status 1 when the session is not
    damaged (export it) or nothing of it can be salvaged.
    """
    from tabletop.session import salvage_jsonl

    database = open_database(
        database_url, file_named=os.path.isfile(session) or given_on_the_command_line("session_dir")
    )
    path = session if database is not None else session_path(session, session_dir)
    with collector_held():
        done = salvage_jsonl(path, output, force=force, database=database)
    if output_format == "json":
        emit_json(
            {
                "session": done.source,
                "salvaged_session": done.session_id,
                "through_event": done.through,
                "events_stored": done.stored,
                "damage": done.damage,
                "output": output,
            }
        )
        return
    click.echo(
        terminal_safe(
            f"salvaged events 1 to {done.through} of {done.stored} from session {done.source} to {output} "
            f"(left out: {done.damage}); `tabletop import {output}` makes it session {done.session_id}",
            one_line=True,
        )
    )


@click.command(name="import")
@click.argument("journal", metavar="FILE", type=click.Path(dir_okay=False))
@session_dir_option("Folder to write the session file to (default: ./sessions).")
@database_option("Import into this PostgreSQL database instead of a session file.")
def import_(journal: str, session_dir: str | None, database_url: str | None) -> None:
    """Read an exported journal (JSON Lines) back into a new session file; print its path.

    Every line is checked: the JSON, the event models, the stored texts'
    SHA-256, and that each event follows from the state before it; then that
    the events are all those the header lists, by number and journal digest
    (a file cut short, or with lines missing, reordered or changed, is
    refused). A bad line is reported with its line number and nothing is
    written. An export of journal format 1 to 3 (tabletop 0.1.0), without
    the number and the digest, still imports, with a warning that this could
    not be checked; a later format's header without them was edited, and is
    refused. The new session records that it was imported, from which file
    (its name), when, and whether it was checked: status, sessions and the
    reports say so. With --db the session is written into the database
    instead (as one transaction), and its place there is printed.
    """
    from tabletop.session import import_jsonl, session_folder, session_ids

    problem = regular_file_problem(journal)
    if problem is not None:
        raise MissingFileError(f"{journal}: {problem}")
    database = open_database(database_url, file_named=given_on_the_command_line("session_dir"))
    if database is not None:
        with recording("the session", "tabletop sessions --db URL", done="imported") as told:
            told.probe = lambda: None  # a database's sessions are not counted here
            click.echo(_safe(import_jsonl(journal, database=database, warn=_warning)))
        return
    folder = session_folder(session_dir)
    listing = as_typed("tabletop", "sessions", "--session-dir", str(folder))
    with recording("the session", listing, done="imported") as told:
        # An import is written whole under a temporary name and renamed into place, or not at all:
        # a session file that appeared in the folder meanwhile is the one imported.
        before = set(session_ids(folder))
        told.probe = lambda: bool(set(session_ids(folder)) - before)
        with writing_into(folder):
            written = import_jsonl(journal, folder, warn=_warning)
        click.echo(_safe(written))


def _warning(message: str) -> None:
    tell(f"tabletop: warning: {message}")


@click.command(name="dry-run")
@click.argument("scenario", metavar="SCENARIO", type=click.Path(dir_okay=False))
@session_dir_option("Folder to write the session file to (default: ./sessions).")
@database_option("Write the dry-run's session into this PostgreSQL database instead of a session file.")
@pass_app
def dry_run(app: AppContext, scenario: str, session_dir: str | None, database_url: str | None) -> None:
    """Play a scenario's default path headlessly into a session file; print its path.

    SCENARIO is a scenario file or the id of a bundled sample (`tabletop
    dry-run southwest_islands`; `tabletop scenarios` lists them). Each inject's phase is entered through the phase machine, with the gate
    answers the scenario states; a gate it says nothing about is confirmed
    and recorded as answered by "dry-run default". Decision points take
    their default option, the scenario's citations are applied, and the
    session is ended and marked as a dry-run. An invalid scenario prints the
    validator's messages (exit 1) and writes nothing. With --db the session is
    written into the database instead (as one transaction), and its place
    there is printed.
    """
    from tabletop.session import session_folder
    from tabletop.session import dry_run as run

    path = scenario_file(scenario)
    database = open_database(database_url, file_named=given_on_the_command_line("session_dir"))
    if database is not None:
        click.echo(_safe(run(path, app.corpus, database=database)))
        return
    folder = session_folder(session_dir)
    with writing_into(folder):
        written = run(path, app.corpus, session_dir=folder)
    click.echo(_safe(written))


@click.command()
@session_dir_option("Folder whose sessions to list (default: ./sessions).")
@database_option("List the sessions of this PostgreSQL database instead.")
@format_option("text", "json")
def sessions(session_dir: str | None, database_url: str | None, output_format: str) -> None:
    """List the sessions in the session folder, oldest first.

    For each: its id, the scenario, when it started, where it stands (the
    current inject and its step on the path taken), whether it has ended,
    and whether it is a dry-run. Files are opened read-only; one that cannot
    be read is listed with the reason, and the others still are. Give an id
    to `tabletop status`, `report`, `export` or `resume`.
    """
    from tabletop.errors import TabletopError
    from tabletop.session import Session, session_folder, session_ids, session_import

    folder = session_folder(session_dir)
    database = open_database(database_url, file_named=given_on_the_command_line("session_dir"))
    listed: list[dict[str, Any]] = []
    imports: dict[str, str] = {}  # each imported session's import, in words
    for session_id in database.session_ids() if database is not None else session_ids(folder):
        path: Path | str = folder / f"{session_id}.ttx.sqlite"
        try:
            if database is not None:
                opened = Session.from_journal(database.open(session_id, readonly=True))
                path = opened.path
            else:
                opened = Session.open(path, readonly=True)
            with opened:
                state = opened.state
                imported = session_import(opened.metadata())
            if imported is not None:
                imports[session_id] = imported.said
        except TabletopError as exc:
            listed.append({"id": session_id, "file": str(path), "error": str(exc)})
            continue
        listed.append(
            {
                "id": session_id,
                "file": str(path),
                "scenario": {"title": state.scenario_title, "name": state.scenario_name},
                "started_at": _iso(state.started_at),
                "current_inject": state.current,
                "step": state.step,
                "ended": state.ended,
                "ended_at": _iso(state.ended_at) if state.ended_at else None,
                "dry_run": state.dry_run,
                "imported": _import_json(imported),
            }
        )
    if output_format == "json":
        emit_json(listed)
        return
    if not listed:
        click.echo(f"no sessions in {_safe(database.shown if database is not None else folder)}", err=True)
        return
    for item in listed:
        click.secho(_safe(item["id"]) + ("  (dry-run)" if item.get("dry_run") else ""), bold=True)
        if "error" in item:
            click.echo(wrap(f"cannot be read: {item['error']}", "      ", first="    "))
            continue
        scenario = item["scenario"]
        click.echo(wrap(f"{scenario['title']} ({scenario['name']})", "      ", first="    "))
        where = f"at {item['current_inject']} (step {item['step']})" if item["current_inject"] else "not begun"
        ended = f"ended {item['ended_at'][:16].replace('T', ' ')} UTC" if item["ended"] else "not ended"
        click.echo(
            wrap(f"started {item['started_at'][:16].replace('T', ' ')} UTC; {where}; {ended}", "      ", first="    ")
        )
        if item["id"] in imports:
            click.echo(wrap(_safe(imports[item["id"]]), "      ", first="    "))


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _import_json(imported: SessionImport | None) -> dict[str, Any] | None:
    """`imported` of `status` and `sessions --format json`: null for a session recorded where it
    is, else `{from, at, checked}` (`checked`: true against the export's digest, false for an
    export without one, null when not recorded)."""
    if imported is None:
        return None
    return {"from": imported.source, "at": _iso(imported.at) if imported.at else None, "checked": imported.checked}


def state_summary(state: SessionState, now: datetime | None = None) -> dict[str, Any]:
    """The state as `tabletop status --format json` prints it (a stable contract), less the keys
    that need the session file (`file`, `available_determinations`); the seats' standing, and the
    answers' under it, at `now` (the time of asking when not given)."""
    if now is None:
        from datetime import UTC, datetime

        now = datetime.now(UTC)
    standing = {p.prompt: state.answers_by_standing(p, now) for p in state.prompts}
    return {
        "session_id": state.session_id,
        "scenario": {
            "title": state.scenario_title,
            "name": state.scenario_name,
            "sha256": state.scenario_sha256,
        },
        "rules_sha256": state.rules_sha256,
        "dry_run": state.dry_run,
        "tabletop_version": state.tabletop_version,
        "started_at": _iso(state.started_at),
        "ended": state.ended,
        "ended_at": _iso(state.ended_at) if state.ended_at else None,
        "closing_summary": state.closing_summary,
        "events": state.last_seq,
        "current_inject": state.current,
        "position": {
            "step": state.step,
            "default_path_position": state.default_path_position,
            "adhoc": state.current_adhoc,
            "default_path_length": state.default_path_length,
            "inject_count": state.inject_count,
        },
        "next_inject": state.next_inject,
        "back_to": state.back_to,
        "phases": list(state.phases),
        "path": [visit.inject for visit in state.visits],
        "citations": [
            {
                "inject": c.inject,
                "clause": c.clause,
                "reason": c.reason,
                "out_of_phase": c.out_of_phase,
                "source": c.source,
            }
            for c in state.citations
        ],
        "counts": {
            "injects_delivered": len(state.delivered),
            "transitions": len(state.transitions),
            "citations": len(state.citations),
            "withdrawn_citations": len(state.withdrawals),
            "notes": len(state.notes),
            "decisions": len(state.decisions),
            "ratings": len(state.ratings),
            "hot_wash": len(state.hot_wash),
            "improvement_items": len(state.improvement_plan),
            "adhoc_injects": len(state.adhoc_injects),
            "determinations": len(state.determinations),
            "declined_determinations": sum(1 for d in state.determinations if not d.answer),
            "recorded_determinations": len(state.recorded_determinations),
            "prompts": len(state.prompts),
            "answers": sum(len(prompt.answers) for prompt in state.prompts),
            "open_prompts": len(state.open_prompts),
            "seats": len(state.seats),
        },
        "seats": [
            {
                "seat": seat.seat,
                "cell": seat.cell,
                "standing": seat.standing(now),
                "claimed": seat.claimed,
                "claimed_at": _iso(seat.claimed_at) if seat.claimed_at else None,
                "expires_at": _iso(seat.expires_at),
                "revoked_at": _iso(seat.revoked_at) if seat.revoked_at else None,
                "cards": seat.cards,
            }
            for seat in state.seats
        ],
        "open_prompts": [p.prompt for p in state.open_prompts],
        "prompts": [
            {
                "prompt": p.prompt,
                "kind": p.kind,
                "text": p.text,
                "cells": list(p.cells),
                "inject": p.inject,
                "options": list(p.options),
                "open": p.is_open,
                "revealed": p.revealed,
                "answers": [
                    {
                        "cell": a.cell,
                        "seat": a.seat,
                        "text": a.text,
                        "choice": a.choice,
                        "rating": a.rating,
                        "clause": a.clause,
                        "at": _iso(a.at),
                        "standing": standing[p.prompt].standing_of(a),
                    }
                    for a in p.answers
                ],
                "by_cell": [
                    {
                        "cell": cell.cell,
                        "seats": cell.seats,
                        "answered": len(cell.answers),
                        "standing": len(cell.standing),
                        "on_paper": len(cell.on_paper),
                        "revoked": len(cell.revoked),
                        "expired": len(cell.expired),
                        "summary": cell.counts(),
                    }
                    for cell in standing[p.prompt].cells
                ],
            }
            for p in state.prompts
        ],
        "recorded_determinations": [
            {
                "determination": d.determination,
                "title": d.title,
                "authority": d.authority,
                "diet": d.diet,
                "answer": d.answer,
                "remark": d.remark,
                "source": d.source,
                "assumed": d.assumed,
                "inject": d.inject,
                "phases": list(d.phases),
                "at": _iso(d.at),
                "ahead_of": list(d.ahead_of),
                **_decision_clock(state, d),
            }
            for d in state.recorded_determinations
        ],
        "determinations": [
            {
                "trigger": d.trigger,
                "gate": d.gate,
                "authority": d.authority,
                "answer": d.answer,
                "fired": d.fired,
                "remark": d.remark,
                "source": d.source,
                "assumed": d.assumed,
                "inject": d.inject,
                "at": _iso(d.at),
                "not_put": list(d.not_put),
                **_decision_clock(state, d),
            }
            for d in state.determinations
        ],
        "clock": {
            "running": state.clock.running,
            "elapsed_seconds": round(state.clock.elapsed(state.last_at).total_seconds(), 3),
            "pauses": [
                {
                    "paused_at": _iso(pause.paused_at),
                    "resumed_at": _iso(pause.resumed_at) if pause.resumed_at else None,
                    "reason": pause.reason,
                }
                for pause in state.clock.pauses
            ],
        },
    }


def _decision_clock(state: SessionState, d: GateDetermination | RecordedDetermination) -> dict[str, Any]:
    """The decision clock of one determination: from the delivery of its inject to the answer, in
    session time and in scenario time, and what the room recorded meanwhile."""
    from tabletop.session import meanwhile, scenario_minutes

    done = meanwhile(state, d)
    return {
        "delivered_at": _iso(d.delivered_at) if d.delivered_at else None,
        "development_time": d.development_time,
        "scenario_time": d.scenario_time,
        "scenario_minutes": scenario_minutes(d.development_time, d.scenario_time),
        "meanwhile": done.as_data() if done is not None else None,
    }


def register(group: click.Group) -> None:
    for command in (status, export, salvage, import_, dry_run, sessions):
        group.add_command(command)
