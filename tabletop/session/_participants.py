"""Seats on the participants' page and what each may see: the one rule for both.

Called by the participants' page (`tabletop.participants`), the command line that prints seat
cards (`tabletop participants seats`) and the documents. A seat's code is a random secret printed
on its card; the journal keeps its SHA-256 only (`participant_seat_issued`), so a copy of the
session file admits nobody. A card admits one device: the first device to join with its code
claims the seat (`participant_seat_claimed`, the SHA-256 of a random token the device's browser
keeps in a cookie), and from then on the code admits nobody (`carded_seat` finds the seat a code
names, `admitted_seat` the seat a device's token holds). What a seat sees is decided here, from
the state, never by a page: the prompts put to its cell, its own answer to each, and the answers
of every cell once the facilitator has revealed them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import urlencode

from tabletop.typedcodes import CODE_ALPHABET, new_code, secret_digest, spaced_code, typed_code
from tabletop.session._state import AnswerRecord, CellAnswers, ParticipantSeat, PromptRecord, SessionState

__all__ = [
    "CARD_KEEPS_TIME_LEFT",
    "CARD_VALID_FOR",
    "SEAT_CODE_ALPHABET",
    "SEAT_CODE_LENGTH",
    "CodeRefusal",
    "PromptForSeat",
    "admitted_seat",
    "card_expires_at",
    "carded_seat",
    "code_refusal",
    "device_token_digest",
    "new_device_token",
    "new_seat_code",
    "next_seat_ids",
    "prompts_for_seat",
    "seat_code_digest",
    "seat_join_url",
    "spaced_seat_code",
]

SEAT_CODE_ALPHABET = CODE_ALPHABET
"""The letters a code is made of: no 0/O, 1/I/L, which a person copying a card mistakes."""
SEAT_CODE_LENGTH = 16
"""Letters in a code: 16 of 31 are 79 bits, far beyond guessing at any rate a page allows."""


def new_seat_code() -> str:
    """A fresh random code for a seat card (`secrets`, the operating system's generator)."""
    return new_code(SEAT_CODE_LENGTH)


def seat_code_digest(code: str) -> str:
    """The SHA-256 (hex) the journal keeps of a code, as typed or printed."""
    return hashlib.sha256(typed_code(code).encode("utf-8")).hexdigest()


def seat_join_url(base_url: str, code: str) -> str:
    """The address a seat card's QR code opens: the participants' page at `base_url`, its join
    step with the code filled in (the seat cards print it, the console shows it beside a code)."""
    return f"{base_url.rstrip('/')}/join?{urlencode({'code': code})}"


def spaced_seat_code(code: str) -> str:
    """A code as a card prints it, in groups of four: `7KQ2-M9XD-4HTA-PW3C`."""
    return spaced_code(code)


def next_seat_ids(state: SessionState, cell: str, count: int = 1) -> list[str]:
    """The ids of `count` new seats for `cell`: `japan-4`, `japan-5`, ... numbered after the
    cell's seats issued so far (revoked ones included: a seat's id is never given twice)."""
    taken = {seat.seat for seat in state.seats}
    found: list[str] = []
    number = 1
    while len(found) < count:
        seat_id = f"{cell}-{number}"
        if seat_id not in taken:
            found.append(seat_id)
        number += 1
    return found


CARD_VALID_FOR = timedelta(hours=12)
"""How long a card admits when nothing else decides it (`card_expires_at`)."""
CARD_KEEPS_TIME_LEFT = timedelta(minutes=30)
"""The least time left that a new card keeps, of its seat's own or its cell's (`card_expires_at`):
with less, a card handed over now would stop admitting its holder within the hour."""


def card_expires_at(
    seats: Iterable[ParticipantSeat],
    now: datetime,
    *,
    seat: str | None = None,
    cell: str | None = None,
    valid_for: timedelta | None = None,
) -> datetime:
    """When a card handed over at `now` expires: the one rule for the console and the command line.

    `seat` names a seat issued before that is getting a new card; `cell` the cell of a new seat;
    `seats` are the session's seats (`SessionState.seats`). The rule, in order:

    1. a validity asked for explicitly (`valid_for`): `now + valid_for`;
    2. a new card for a seat: the seat's own expiry, when `CARD_KEEPS_TIME_LEFT` (30 minutes) or
       more of it is left;
    3. a new seat: the latest expiry of its cell's standing seats (of every standing seat when
       the cell has none), when 30 minutes or more of it are left; so a person arriving late
       holds their seat as long as the rest of the room;
    4. otherwise `now + CARD_VALID_FOR` (12 hours).
    """
    if valid_for is not None:
        return now + valid_for
    known = tuple(seats)
    if seat is not None:
        kept = [found.expires_at for found in known if found.seat == seat]
    else:
        standing = [found for found in known if found.admits(now)]
        kept = [found.expires_at for found in standing if found.cell == cell] or [
            found.expires_at for found in standing
        ]
    latest = max(kept, default=None)
    if latest is not None and latest - now >= CARD_KEEPS_TIME_LEFT:
        return latest
    return now + CARD_VALID_FOR


CodeRefusal = Literal["unknown", "revoked", "expired"]
"""Why a code admits nobody: no seat of this session has it as its current card's (a typo, a
guess, another session's card, a card replaced by a new one), its seat was revoked, or its seat
expired."""


def carded_seat(state: SessionState, code: str, now: datetime) -> ParticipantSeat | None:
    """The seat whose current card carries `code` (as typed or printed), at `now`: issued in this
    session, not revoked, not expired; claimed by a device or not (`ParticipantSeat.claimed`). A
    code of a card replaced by a new one names nothing."""
    found = _seat_with(state, code)
    return found if found is not None and found.admits(now) else None


def code_refusal(state: SessionState, code: str, now: datetime) -> CodeRefusal | None:
    """Why `code` admits nobody at `now` (`CodeRefusal`), or None when its card names a standing
    seat: a card that has expired or was revoked is a real card, which asks for a new one, not a
    typo."""
    found = _seat_with(state, code)
    if found is None:
        return "unknown"
    if found.revoked_at is not None:
        return "revoked"
    return None if found.admits(now) else "expired"


def _seat_with(state: SessionState, code: str) -> ParticipantSeat | None:
    """The seat whose current card carries `code`, standing or not; None when there is none."""
    normal = typed_code(code)
    if len(normal) != SEAT_CODE_LENGTH or any(ch not in SEAT_CODE_ALPHABET for ch in normal):
        return None
    digest = seat_code_digest(normal)
    found = None
    for seat in state.seats:
        # Every digest is compared, so the time taken says nothing about which one matched.
        if hmac.compare_digest(seat.code_sha256, digest):
            found = seat
    return found


DEVICE_TOKEN_BYTES = 32
"""Random bytes in a device's token: 256 bits, never guessed."""


def new_device_token() -> str:
    """A fresh random token for the device that claims a seat (`secrets`, URL-safe text), which its
    browser keeps in the page's cookie; the journal keeps its SHA-256 only."""
    return secrets.token_urlsafe(DEVICE_TOKEN_BYTES)


def device_token_digest(token: str) -> str:
    """The SHA-256 (hex) the journal keeps of a device's token (`participant_seat_claimed`)."""
    return secret_digest(token)


def admitted_seat(state: SessionState, token: str, now: datetime) -> ParticipantSeat | None:
    """The seat the device holding `token` (its cookie) claimed, at `now`: not revoked, not
    expired, and its card not replaced by a new one since; else None."""
    if not token or len(token) > 128:
        return None
    digest = device_token_digest(token)
    found = None
    for seat in state.seats:
        # As for codes: every claim is compared, whichever matches.
        if seat.device_sha256 is not None and hmac.compare_digest(seat.device_sha256, digest):
            found = seat
    return found if found is not None and found.admits(now) else None


def prompts_for_seat(
    state: SessionState, seat: ParticipantSeat, now: datetime | None = None
) -> tuple[PromptForSeat, ...]:
    """The prompts put to the seat's cell, newest first: the open ones, and the closed ones with
    the seat's answer, what the rest of its cell answered (its other seats and its paper sheet)
    and, once revealed, everyone's; each says whether it was asked at the inject in front of the
    room now, and counts its cell's answers by the standing of their seats at `now` (the time of
    the state's last event when not given), as the console counts them."""
    shown = []
    since = state.visits[-1].seq if state.visits else 0
    at = state.last_at if now is None else now
    for prompt in reversed(state.prompts):
        if not prompt.asks(seat.cell):
            continue
        mine = next((answer for answer in prompt.answers if answer.seat == seat.seat), None)
        cell = state.answers_by_standing(prompt, at).cell(seat.cell)
        shown.append(PromptForSeat(prompt, mine, cell, asked_now=prompt.seq > since))
    return tuple(shown)


@dataclass(frozen=True, slots=True)
class PromptForSeat:
    """A prompt as one seat sees it."""

    prompt: PromptRecord
    """The prompt; its `answers` are every cell's, shown to the seat only when `revealed`."""
    mine: AnswerRecord | None
    """The seat's own answer, if it gave one."""
    cell: CellAnswers | None = None
    """The seat's cell's answers (its own included), each under the standing of the seat that
    gave it, with their counts; None when the seat no longer stands and its cell has no answer."""
    asked_now: bool = True
    """True when it was opened at the inject in front of the room now; False when another inject
    has been delivered since (its `inject` says which it was asked at)."""

    @property
    def cell_answers(self) -> tuple[AnswerRecord, ...]:
        """What the rest of the seat's cell answered: its other seats' answers (a seat revoked since
        included) and the cell's paper answer, in the order first given."""
        if self.cell is None:
            return ()
        return tuple(a for a in self.cell.answers if self.mine is None or a.seat != self.mine.seat)

    @property
    def revealed_answers(self) -> tuple[AnswerRecord, ...]:
        """Every cell's answers once revealed; nothing before."""
        return self.prompt.answers if self.prompt.revealed else ()
