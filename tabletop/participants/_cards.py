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
from dataclasses import dataclass
from datetime import datetime, timedelta, UTC
from urllib.parse import urlencode

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
    new_seat_code,
    next_seat_ids,
    seat_code_digest,
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
        return f"{base_url.rstrip('/')}/join?{urlencode({'code': self.code})}"


def issue_seats(
    session: Session, counts: Mapping[str, int], *, valid_for: timedelta, now: datetime | None = None
) -> list[IssuedSeat]:
    """Issue `counts[cell]` new seats for each cell (numbered after the cell's seats so far), each
    through the command path; a `UsageError` naming the cell when one is not the scenario's."""
    cells = {cell.id: cell.name for cell in getattr(session.view.scenario, "cells", None) or ()}
    for cell, count in counts.items():
        if cell not in cells:
            known = ", ".join(cells) or "none: declare them under cells: in the scenario"
            raise UsageError(f"--cell {cell}={count}: the scenario has no cell {cell!r} (cells: {known})")
    expires = (now or session.now()) + valid_for
    issued: list[IssuedSeat] = []
    for cell, count in counts.items():
        for seat_id in next_seat_ids(session.state, cell, count):
            code = new_seat_code()
            outcome = session.execute(
                IssueSeat(
                    expected_seq=session.state.last_seq,
                    seat=seat_id,
                    cell=cell,
                    code_sha256=seat_code_digest(code),
                    expires_at=expires,
                )
            )
            if isinstance(outcome, Refused):
                raise RefusedError(f"seat {seat_id}: {outcome.reason}")
            issued.append(IssuedSeat(seat_id, cell, cells[cell], code, expires))
    return issued


def reissue_seats(
    session: Session,
    seats: list[str],
    *,
    valid_for: timedelta,
    reason: str = "",
    now: datetime | None = None,
) -> list[IssuedSeat]:
    """A new card for each of `seats` (ids), each through the command path: a new code replaces
    the seat's old one, the device that held the seat is out, and the next device to join with
    the new code holds it; the seat's answers stay its own. A `UsageError` for a seat never
    issued, a `RefusedError` for one revoked (its card is gone for good)."""
    cells = {cell.id: cell.name for cell in getattr(session.view.scenario, "cells", None) or ()}
    expires = (now or session.now()) + valid_for
    issued: list[IssuedSeat] = []
    for seat_id in dict.fromkeys(seats):
        seat = session.state.seat(seat_id)
        if seat is None:
            known = ", ".join(s.seat for s in session.state.seats) or "none issued yet"
            raise UsageError(f"--seat {seat_id}: the session has no seat {seat_id!r} (seats: {known})")
        code = new_seat_code()
        for _ in range(3):
            # A device claiming a seat elsewhere meanwhile (another site's page) changes nothing
            # of this: decided again on the journal as it now stands.
            outcome = session.execute(
                ReissueSeat(
                    expected_seq=session.state.last_seq,
                    seat=seat_id,
                    code_sha256=seat_code_digest(code),
                    expires_at=expires,
                    reason=reason,
                )
            )
            if not (isinstance(outcome, Refused) and outcome.kind == "moved_on"):
                break
        if isinstance(outcome, Refused):
            raise (UsageError if outcome.kind == "invalid" else RefusedError)(f"seat {seat_id}: {outcome.reason}")
        issued.append(IssuedSeat(seat_id, seat.cell, cells.get(seat.cell, seat.cell), code, expires))
    return issued


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
