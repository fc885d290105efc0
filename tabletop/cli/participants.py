"""`tabletop participants`: the participants' page, its seat cards, paper answer sheets, and the
facilitator's commands for seats and paper answers.

Registered on the top-level group by `tabletop.cli`. It parses, opens the session and calls
`tabletop.participants`: the page beside other writers (`exclusive=False`, each answer recorded
as its participant's seat); `seats`, `revoke` and `key`, which record as the facilitator, holding
the facilitator's seat (refused while a console holds it). The page itself (aiohttp) is imported
inside the command that serves it, so that the other commands stay light.
"""

from __future__ import annotations

import re
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from tabletop.cli._common import (
    Interrupted,
    as_typed,
    database_option,
    force_option,
    given_on_the_command_line,
    listening_options,
    open_session,
    recording,
    session_dir_option,
    session_path,
    tell,
    write_file,
)
from tabletop.errors import MissingFileError, OutputError, RefusedError, TabletopError, UsageError
from tabletop.safetext import terminal_safe

DEFAULT_PORT = 8090
_DURATION = re.compile(r"^\s*(\d+)\s*([hdm])\s*$")


class _ServeByDefault(click.Group):
    """`tabletop participants SESSION` serves; `tabletop participants seats SESSION` and the
    others name their subcommand first."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["serve", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_ServeByDefault)
def participants() -> None:
    """The participants' page: cells answering prompts from their own browsers.

    `tabletop participants SESSION` serves the page; `seats` issues seats and
    prints their cards (or, with --seat, a new card for a seat issued before);
    `sheets` prints paper answer sheets; `revoke` takes a seat back; `key`
    records a paper answer as a cell's.
    """


def _open(
    session: str, session_dir: str | None, database_url: str | None, *, readonly: bool = False, exclusive: bool = False
) -> Any:
    """SESSION opened for recording beside other writers (or read-only): a session file, or with
    --db a session in the database (each site's page appends to the one journal there)."""
    return open_session(session, session_dir, database_url, readonly=readonly, exclusive=exclusive)


_ON_THE_CONSOLE = {
    "seats": "Issue a seat on that console instead: its cells screen (k), then s (n for a new card), its "
    "code shown once; or print cards while no console records the session (before it starts, or quit "
    "it with q, issue them and `tabletop resume` the session).",
    "revoke": "Revoke the seat on that console instead: its cells screen (k), then x.",
    "key": "Key the paper answer in on that console instead: its cells screen (k), then y.",
    "serve --console": "Serve the page beside that console instead: the same command without --console; or quit the "
    "console (q) first.",
}
"""What to do instead, by command, when a console holds the facilitator's seat."""


def _open_as_facilitator(command: str, session: str, session_dir: str | None, database_url: str | None) -> Any:
    """SESSION opened for recording as the facilitator, holding the facilitator's seat: these
    commands record as the facilitator, which only the one program holding the seat may do.
    While a console holds it, refused (`SeatTaken`, exit 1), nothing recorded."""
    return open_session(
        session, session_dir, database_url, instead=(f"participants {command}", _ON_THE_CONSOLE[command])
    )


def _status(session: str, session_dir: str | None, database_url: str | None) -> str:
    """The command that shows what SESSION holds, as the user would type it again."""
    words = ["tabletop", "status", session, "--full"]
    if session_dir is not None and given_on_the_command_line("session_dir"):
        words += ["--session-dir", session_dir]
    return as_typed(*words) + (
        " --db URL" if database_url is not None and given_on_the_command_line("database_url") else ""
    )


@participants.command("serve")
@click.argument("session", metavar="SESSION")
@listening_options(DEFAULT_PORT, "the participants' phones on the room's network (each still needs its seat's code)")
@click.option(
    "--certificate",
    type=click.Path(dir_okay=False),
    help="Serve HTTPS with this PEM certificate (issued by the unit's CA for this machine); needs --key.",
)
@click.option("--key", "key_file", type=click.Path(dir_okay=False), help="The certificate's private key (PEM).")
@click.option(
    "--console",
    "with_console",
    is_flag=True,
    help="Run the facilitator's console in this terminal too, on the same session: one program records it.",
)
@session_dir_option()
@database_option("Serve a session of this PostgreSQL database (SESSION is its id there): each site its own page.")
def serve(
    session: str,
    host: str,
    allow_remote: bool,
    port: int,
    certificate: str | None,
    key_file: str | None,
    with_console: bool,
    session_dir: str | None,
    database_url: str | None,
) -> None:
    """Serve the participants' page for SESSION.

    Each person joins with their seat card (its QR code, or its code typed
    at the printed address; over plain HTTP the scanned card's page asks
    them to press Join) and answers the prompts the facilitator opens for
    their cell. It listens on 127.0.0.1 unless told --host; an address
    other machines can reach also needs --allow-remote. With --certificate
    and --key it serves HTTPS. With --console the facilitator's console runs
    in this terminal on the same session, one program for both (without
    it, the page records beside a console run as a program of its own).
    """
    from tabletop.listening import listening_socket, tls_context
    from tabletop.participants import ParticipantsPage

    if (certificate is None) != (key_file is None):
        raise click.UsageError("--certificate and --key go together: give both, or neither for plain HTTP")
    tls = tls_context(certificate, key_file) if certificate is not None and key_file is not None else None
    # The address is checked (and bound) before the session is opened: a refusal touches nothing.
    listener = listening_socket(
        host, port, allow_remote=allow_remote, exposes="the participants' page (seat codes still needed)", tls=tls
    )
    try:
        opened = (
            _open_as_facilitator("serve --console", session, session_dir, database_url)
            if with_console
            else _open(session, session_dir, database_url)
        )
    except BaseException:
        listener.sock.close()
        raise
    if with_console:
        _serve_beside_the_console(ParticipantsPage(opened, listener), listener.url("/"))
        return
    try:
        page = ParticipantsPage(opened, listener)
        click.echo(f"Serving the participants' page at {listener.url('/')} (Ctrl+C stops)")
        if tls is None and listener.remote:
            click.echo("The traffic is plain HTTP: on this network, anyone who reads it can read the seat codes.")
        sys.stdout.flush()
        page.serve()
        # Ctrl+C (or SIGTERM) is how a server is meant to end: said, with status 0.
        click.echo("Stopped serving the participants' page: every answer it acknowledged is recorded.")
    finally:
        opened.close()


def _serve_beside_the_console(page: Any, url: str) -> None:
    """The page in a thread, the console in front, both on one open session."""
    from tabletop.tui import make_app

    session = page.session
    stop = page.start_in_thread()
    try:
        app = make_app(session, banner=f"The participants' page is served at {url}", page_url=url)
        app.run()
    finally:
        stop()
        session.close()
    click.echo(terminal_safe(f"Session {session.id} is saved in {session.path}.", one_line=True))


def _counts(cells: tuple[str, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for given in cells:
        cell, sep, number = given.partition("=")
        if not sep or not number.strip().isdigit() or not cell.strip():
            raise click.UsageError(f"--cell {given}: give a cell id and a number of seats, e.g. --cell japan=6")
        count = int(number)
        if not 1 <= count <= 200:
            raise click.UsageError(f"--cell {given}: between 1 and 200 seats a cell")
        counts[cell.strip()] = counts.get(cell.strip(), 0) + count
    return counts


def _duration(text: str) -> timedelta:
    match = _DURATION.match(text)
    if match is None:
        raise click.UsageError(f"--valid-for {text}: give hours, days or minutes, e.g. 12h, 3d, 90m")
    number, unit = int(match.group(1)), match.group(2)
    found = {"h": timedelta(hours=number), "d": timedelta(days=number), "m": timedelta(minutes=number)}[unit]
    if not timedelta(minutes=5) <= found <= timedelta(days=30):
        raise click.UsageError(f"--valid-for {text}: between 5 minutes and 30 days")
    return found


@participants.command("seats")
@click.argument("session", metavar="SESSION")
@click.option(
    "--cell",
    "cells",
    multiple=True,
    metavar="CELL=N",
    help="Seats to issue for a cell, e.g. --cell japan=6 (repeat for each cell).",
)
@click.option(
    "--seat",
    "seat_ids",
    multiple=True,
    metavar="SEAT",
    help="A new card for a seat issued before, e.g. --seat japan-3 (repeat): its old card and the device "
    "that used it are out, its answers stay.",
)
@click.option("--reason", default="", help="With --seat: why (a lost cookie, a new phone, a card left on the table).")
@click.option(
    "--output", "-o", required=True, metavar="FILE", help="The seat cards (HTML, to print), written atomically."
)
@click.option(
    "--url",
    "base_url",
    required=True,
    metavar="URL",
    help="The page's address as the participants' phones reach it, e.g. https://192.168.10.5:8090 (the QR codes open it).",
)
@click.option(
    "--valid-for",
    default=None,
    metavar="DURATION",
    help="How long the cards admit their holders from now: 12h, 3d, 90m. Unless given, a new card for "
    "a seat (--seat) keeps the seat's own expiry and new seats expire with their cell's seats "
    "(with the others' when the cell has none), when 30 minutes or more of it are left; otherwise "
    "12 hours.",
)
@force_option("sheet of seat cards")
@session_dir_option()
@database_option("Issue the seats in a session of this PostgreSQL database (SESSION is its id there).")
def seats(
    session: str,
    cells: tuple[str, ...],
    seat_ids: tuple[str, ...],
    reason: str,
    output: str,
    base_url: str,
    valid_for: str | None,
    force: bool,
    session_dir: str | None,
    database_url: str | None,
) -> None:
    """Issue seats for SESSION's cells and write their cards.

    Each seat is recorded in the session (its code's SHA-256 only); the
    codes are printed on the cards and nowhere else: print the file, hand
    out the cards, then delete it. A card admits one device: the first to
    scan it or type its code holds the seat, and the code admits nobody
    after it.

    --seat japan-3 writes a new card for a seat issued before, for a person
    whose device lost the seat or who changes device: the new code replaces
    the old one, the device that held the seat is out, and the seat's
    answers carry on under the new card.

    Stopped after issuing seats and before their cards are written (Ctrl-C,
    a refusal, a full disk), it names those seats and the command that gives
    them new cards; the file of cards is written whole or not at all.
    """
    from tabletop.outputs import check_output, write_output
    from tabletop.participants import classification_marking, issue_seats, reissue_seats, seat_cards
    from tabletop.session import spaced_seat_code

    if not re.match(r"^https?://[^\s/?#]+/?$", base_url):
        raise click.UsageError(f"--url {base_url}: give the page's address, e.g. https://192.168.10.5:8090")
    if bool(cells) == bool(seat_ids):
        raise click.UsageError(
            "give --cell CELL=N to issue new seats, or --seat SEAT for a new card for a seat issued before (not both)"
        )
    if reason and not seat_ids:
        raise click.UsageError("--reason goes with --seat (a new card for a seat issued before)")
    counts = _counts(cells)
    duration = None if valid_for is None else _duration(valid_for)
    given: dict[Any, str] = (
        {} if database_url else {session_path(session, session_dir): "the session the seats are issued in"}
    )
    there = check_output(output, "participants seats", given=given, force=force)  # before any seat is issued
    with (
        recording("the seats", _status(session, session_dir, database_url), done="issued", plural=True) as told,
        told.session(_open_as_facilitator("seats", session, session_dir, database_url)) as opened,
    ):
        again = (session, session_dir, database_url, base_url)
        cards = _Cards(opened, output, there, again=again, new=bool(seat_ids), force=force)
        try:
            if seat_ids:
                issued = reissue_seats(opened, list(seat_ids), valid_for=duration, reason=reason)
            else:
                issued = issue_seats(opened, counts, valid_for=duration)
            cards.codes = [spaced_seat_code(seat.code) for seat in issued]
            text = seat_cards(
                issued, title=opened.state.scenario_title, base_url=base_url, marking=classification_marking(opened)
            )
            write_output(output, text, "participants seats", given=given, force=True)
            cards.written = True
        except KeyboardInterrupt as exc:
            said = cards.interrupted()
            if said is None:  # nothing issued, or it cannot be told: `recording` says which
                raise
            raise Interrupted(said) from exc
        except TabletopError as exc:
            raise cards.refused(exc) from exc
    tell(f"wrote {output} ({len(issued)} seat card(s))")


class _Cards:
    """What `participants seats` has done so far, for a message that tells exactly that when it
    stops before the end: the codes of the seats it issued exist only until their card file is
    written (the session keeps their digests), so a person must learn which seats have no card."""

    def __init__(
        self,
        opened: Any,
        output: str,
        there: bool,
        *,
        again: tuple[str, str | None, str | None, str],
        new: bool,
        force: bool,
    ) -> None:
        self.opened, self.output, self.there, self.again, self.new = opened, output, there, again, new
        self.force = force
        self.before = {s.seat: s.code_sha256 for s in opened.state.seats}
        self.codes: list[str] | None = None
        """The codes issued, as the cards print them, once every seat is issued."""
        self.written = False
        """True once the file of cards is written."""

    def _on_disk(self) -> bool:
        """True when the file of cards is written, though `written` was not yet said (Ctrl-C just
        after it was): it holds every code issued, which nothing else could."""
        if self.written:
            return True
        if not self.codes:
            return False
        try:
            text = Path(self.output).read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            return False
        return all(code in text for code in self.codes)

    def _carded(self) -> list[str] | None:
        """The seats given a code since the command began, read from the journal (None: cannot
        tell): new seats, and seats whose card was replaced."""
        try:
            self.opened.refresh()
            return [s.seat for s in self.opened.state.seats if self.before.get(s.seat) != s.code_sha256]
        except (Exception, KeyboardInterrupt):
            return None

    def _lost(self, seats: list[str]) -> str:
        """The sentences for `seats`, issued or given a new card, whose cards were not written."""
        one = len(seats) == 1
        named = ", ".join(seats)
        kept = " (the file there is as it was)" if self.there else ""
        if self.new:
            done = f"Seat {named} was given a new card" if one else f"Seats {named} were given new cards"
            lost = (
                f"{'it was' if one else 'they were'} not written to {self.output}{kept}: "
                f"{'its code is' if one else 'their codes are'} nowhere else, and the old "
                f"{'card admits' if one else 'cards admit'} nobody any more"
            )
        else:
            done = f"Seat {named} was issued" if one else f"Seats {named} were issued"
            lost = (
                f"{'its card was' if one else 'their cards were'} not written to {self.output}{kept}: "
                f"{'its code is' if one else 'their codes are'} nowhere else (the session keeps only "
                f"{'its digest' if one else 'their digests'})"
            )
        session, session_dir, database_url, base_url = self.again
        words = ["tabletop", "participants", "seats", session]
        for seat in seats:
            words += ["--seat", seat]
        if session_dir is not None and given_on_the_command_line("session_dir"):
            words += ["--session-dir", session_dir]
        words += ["--url", base_url, "-o", self.output, *(["--force"] if self.force else [])]
        db = " --db URL" if database_url is not None and given_on_the_command_line("database_url") else ""
        again = "that seat a new card" if one else "those seats new cards"
        return f"{done}, but {lost}. To give {again}: `{as_typed(*words)}{db}`."

    def interrupted(self) -> str | None:
        """What to say after Ctrl-C when seats were given codes: which, and whether their cards
        were written; None when none were, or when it cannot be told."""
        seats = self._carded()
        if not seats:
            return None
        if not self._on_disk():
            return f"Interrupted. {self._lost(seats)}"
        named = ", ".join(seats)
        done = f"given new cards ({named})" if self.new else f"issued ({named})"
        return f"Interrupted. The seats were {done} and their cards written to {self.output}: nothing is missing."

    def refused(self, exc: TabletopError) -> TabletopError:
        """`exc`, saying too which seats it issued before it was refused, whose cards are lost."""
        seats = None if self._on_disk() else self._carded()
        if not seats:
            return exc
        kind = next(
            k for k in (OutputError, MissingFileError, UsageError, RefusedError, TabletopError) if isinstance(exc, k)
        )
        return kind(f"{exc}. {self._lost(seats)}")


@participants.command("sheets")
@click.argument("session", metavar="SESSION")
@click.option(
    "--cell",
    "cells",
    multiple=True,
    metavar="CELL",
    help="A cell to print a sheet for (repeat); every player cell by default.",
)
@click.option(
    "--output", "-o", required=True, metavar="FILE", help="The answer sheets (HTML, to print), written atomically."
)
@force_option("set of answer sheets")
@session_dir_option()
@database_option("Read a session of this PostgreSQL database (SESSION is its id there).")
def sheets(
    session: str, cells: tuple[str, ...], output: str, force: bool, session_dir: str | None, database_url: str | None
) -> None:
    """Write paper answer sheets, one per cell, for a room without devices."""
    from tabletop.participants import answer_sheets

    given: dict[Any, str] = {} if database_url else {session_path(session, session_dir): "the session read"}
    with _open(session, session_dir, database_url, readonly=True) as opened:
        text = answer_sheets(opened, list(cells) or None)
    write_file(output, text, "participants sheets", given=given, force=force)


@participants.command("revoke")
@click.argument("session", metavar="SESSION")
@click.argument("seat", metavar="SEAT")
@click.option("--reason", default="", help="Why (a lost card, a person who left).")
@session_dir_option()
@database_option("Revoke a seat of a session of this PostgreSQL database (SESSION is its id there).")
def revoke(session: str, seat: str, reason: str, session_dir: str | None, database_url: str | None) -> None:
    """Take SEAT back (e.g. japan-3): its code and cookie admit nobody from now on."""
    from tabletop.session import Refused, RevokeSeat

    with (
        recording(f"the revocation of seat {seat}", _status(session, session_dir, database_url)) as told,
        told.session(_open_as_facilitator("revoke", session, session_dir, database_url)) as opened,
    ):
        outcome = opened.execute(RevokeSeat(expected_seq=opened.state.last_seq, seat=seat, reason=reason))
    if isinstance(outcome, Refused):
        raise (UsageError if outcome.kind == "invalid" else RefusedError)(outcome.reason)
    tell(f"revoked seat {seat}")


@participants.command("key")
@click.argument("session", metavar="SESSION")
@click.option("--prompt", required=True, help="The prompt answered on paper (p1, p2, ...).")
@click.option("--cell", required=True, help="The cell whose sheet it is.")
@click.option("--text", default="", help="The answer in words (a question's, a proposal's, or a remark).")
@click.option("--choice", type=int, default=None, help="A poll's option, counted from 1 as the page shows them.")
@click.option("--rating", type=click.Choice(["P", "S", "M", "U"]), default=None, help="A self-rating.")
@click.option("--clause", default=None, help="A proposal's clause id.")
@session_dir_option()
@database_option("Record into a session of this PostgreSQL database (SESSION is its id there).")
def key(
    session: str,
    prompt: str,
    cell: str,
    text: str,
    choice: int | None,
    rating: str | None,
    clause: str | None,
    session_dir: str | None,
    database_url: str | None,
) -> None:
    """Record a cell's paper answer to a prompt, as that cell's (marked on paper)."""
    from tabletop.session import AnswerPrompt, Refused

    if choice is not None and choice < 1:
        raise click.UsageError("--choice counts the poll's options from 1")
    with (
        recording(f"the {cell} cell's answer to {prompt}", _status(session, session_dir, database_url)) as told,
        told.session(_open_as_facilitator("key", session, session_dir, database_url)) as opened,
    ):
        outcome = opened.execute(
            AnswerPrompt(
                expected_seq=opened.state.last_seq,
                prompt=prompt,
                for_cell=cell,
                text=text,
                choice=None if choice is None else choice - 1,
                rating=rating,  # type: ignore[arg-type]
                clause=clause,
            )
        )
    if isinstance(outcome, Refused):
        raise (UsageError if outcome.kind == "invalid" else RefusedError)(outcome.reason)
    tell(terminal_safe(f"recorded the {cell} cell's paper answer to {prompt}", one_line=True))


def register(group: click.Group) -> None:
    group.add_command(participants)
