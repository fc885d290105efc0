"""Seat cards and paper answer sheets: what is printed before the room sits down.

Called by the command line (`tabletop participants seats`, `tabletop participants sheets`).
`issue_seats` records each seat through the command path (`IssueSeat`, the journal keeping only
its code's SHA-256) and returns the codes, which exist nowhere else; `reissue_seats` gives seats
already issued a new card each (`ReissueSeat`: a new code, the device that held the seat out).
A card admits one device: the first to join with it. `seat_cards` draws them,
one card a seat with its QR code (segno) and short code, as one self-contained HTML file to
print. `answer_sheets` draws, for a room without devices, one sheet a cell: the questions the
scenario puts to it, its expected actions to rate P/S/M/U, and blank prompts, which the
facilitator keys in afterwards as the cell's paper answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, UTC

import segno
from markupsafe import Markup

from tabletop.errors import RefusedError, UsageError
from tabletop.participants._page import classification_marking, page_environment
from tabletop.report import tabletop_version
from tabletop.session import (
    IssueSeat,
    Refused,
    ReissueSeat,
    Session,
    card_expires_at,
    new_seat_code,
    next_seat_ids,
    seat_code_digest,
    seat_join_url,
    spaced_seat_code,
)

__all__ = ["IssuedSeat", "answer_sheets", "issue_seats", "reissue_seats", "seat_cards"]


@dataclass(frozen=True, slots=True)
class IssuedSeat:
    """A seat just issued, with its code (which the journal does not keep)."""

    seat: str
    cell: str
    cell_name: str
    code: str
    expires_at: datetime

    def join_url(self, base_url: str) -> str:
        """The address the card's QR code opens: the page's join step with the code."""
        return seat_join_url(base_url, self.code)


def issue_seats(
    session: Session,
    counts: Mapping[str, int],
    *,
    valid_for: timedelta | None = None,
    now: datetime | None = None,
) -> list[IssuedSeat]:
    """Issue `counts[cell]` new seats for each cell (numbered after the cell's seats so far), each
    through the command path; a `UsageError` naming the cell when one is not the scenario's. They
    expire as `card_expires_at` decides: `now + valid_for` when it is given, else with the cell's
    standing seats (when 30 minutes or more of theirs are left), else in 12 hours."""
    cells = {cell.id: cell.name for cell in getattr(session.view.scenario, "cells", None) or ()}
    for cell, count in counts.items():
        if cell not in cells:
            known = ", ".join(cells) or "none: declare them under cells: in the scenario"
            raise UsageError(f"--cell {cell}={count}: the scenario has no cell {cell!r} (cells: {known})")
    at = now or session.now()
    expiry = {cell: card_expires_at(session.state.seats, at, cell=cell, valid_for=valid_for) for cell in counts}
    issued: list[IssuedSeat] = []
    for cell, count in counts.items():
        for seat_id in next_seat_ids(session.state, cell, count):
            code = new_seat_code()
            _record(
                session,
                IssueSeat(
                    expected_seq=session.state.last_seq,
                    seat=seat_id,
                    cell=cell,
                    code_sha256=seat_code_digest(code),
                    expires_at=expiry[cell],
                ),
            )
            issued.append(IssuedSeat(seat_id, cell, cells[cell], code, expiry[cell]))
    return issued


def reissue_seats(
    session: Session,
    seats: list[str],
    *,
    valid_for: timedelta | None = None,
    reason: str = "",
    now: datetime | None = None,
) -> list[IssuedSeat]:
    """A new card for each of `seats` (ids), each through the command path: a new code replaces
    the seat's old one, the device that held the seat is out, and the next device to join with
    the new code holds it; the seat's answers stay its own. A `UsageError` for a seat never
    issued, a `RefusedError` for one revoked (its card is gone for good). Each new card expires
    as `card_expires_at` decides: `now + valid_for` when it is given, else when the seat does
    (when 30 minutes or more of its time are left), else in 12 hours."""
    cells = {cell.id: cell.name for cell in getattr(session.view.scenario, "cells", None) or ()}
    at = now or session.now()
    issued: list[IssuedSeat] = []
    for seat_id in dict.fromkeys(seats):
        seat = session.state.seat(seat_id)
        if seat is None:
            known = ", ".join(s.seat for s in session.state.seats) or "none issued yet"
            raise UsageError(f"--seat {seat_id}: the session has no seat {seat_id!r} (seats: {known})")
        code = new_seat_code()
        expires = card_expires_at(session.state.seats, at, seat=seat_id, valid_for=valid_for)
        _record(
            session,
            ReissueSeat(
                expected_seq=session.state.last_seq,
                seat=seat_id,
                code_sha256=seat_code_digest(code),
                expires_at=expires,
                reason=reason,
            ),
        )
        issued.append(IssuedSeat(seat_id, seat.cell, cells.get(seat.cell, seat.cell), code, expires))
    return issued


_DECIDED_AGAIN = 3
"""How many times a seat's command is decided on the state as it stands (`_record`)."""


def _record(session: Session, command: IssueSeat | ReissueSeat) -> None:
    """Record a seat's command on the state as it stands now: `UsageError` or `RefusedError`
    naming the seat when it is refused.

    Nobody decided it on a screen: a program asks for the seat now. So a refusal as moved on
    (another program recording as the facilitator moved play between the state read here and the
    session's turn to record) is not a person's to weigh: the command is given again on the state
    now and decided again. Every other refusal (the session ended, a seat revoked, the turn kept
    by another program) is its own, given at once."""
    for _ in range(_DECIDED_AGAIN):
        outcome = session.execute(replace(command, expected_seq=session.state.last_seq))
        if not (isinstance(outcome, Refused) and outcome.kind == "moved_on"):
            break
    if isinstance(outcome, Refused):
        raise (UsageError if outcome.kind == "invalid" else RefusedError)(f"seat {command.seat}: {outcome.reason}")


def _qr(url: str) -> Markup:
    # segno draws the code from our own address; its SVG holds no text of anyone's.
    return Markup(segno.make(url, error="m").svg_inline(scale=3, border=2, dark="#000", light="#fff"))


def seat_cards(issued: list[IssuedSeat], *, title: str, base_url: str, marking: str | None = None) -> str:
    """The seat cards as one HTML file to print (eight a page): each with its QR code, the
    page's address, the short code, the cell and when it expires; the scenario's classification
    `marking` (`classification_marking`) at the top and bottom of every page."""
    cards = [
        {
            "seat": seat,
            "qr": _qr(seat.join_url(base_url)),
            "code": spaced_seat_code(seat.code),
            "expires": seat.expires_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        }
        for seat in issued
    ]
    template = page_environment().get_template("cards.html.j2")
    return template.render(
        title=title, cards=cards, address=base_url.rstrip("/") + "/", version=tabletop_version(), marking=marking
    )


def answer_sheets(session: Session, cells: list[str] | None = None, *, blank_prompts: int = 4) -> str:
    """One printable answer sheet a cell (every player cell unless `cells` names some): the
    questions the scenario puts to it, its expected actions to rate, and blank prompts; the
    scenario's classification marking at the top and bottom of every page."""
    scenario = session.view.scenario
    known = {cell.id: cell for cell in getattr(scenario, "cells", None) or ()}
    chosen = cells or [cell.id for cell in known.values() if cell.role == "player"]
    for cell in chosen:
        if cell not in known:
            raise UsageError(f"--cell {cell}: the scenario has no cell {cell!r} (cells: {', '.join(known) or 'none'})")
    sheets = []
    for cell in chosen:
        injects = []
        for inject in scenario.injects:
            if inject.to and cell not in inject.to:
                continue
            questions = [
                q if isinstance(q, str) else q.text
                for q in inject.questions
                if isinstance(q, str) or q.cell in (None, cell)
            ]
            if questions:
                injects.append({"inject": inject, "questions": questions})
        sheets.append({"cell": known[cell], "injects": injects})
    template = page_environment().get_template("sheets.html.j2")
    return template.render(
        title=session.state.scenario_title,
        session_id=session.id,
        sheets=sheets,
        blank_prompts=range(1, blank_prompts + 1),
        version=tabletop_version(),
        marking=classification_marking(session),
    )
