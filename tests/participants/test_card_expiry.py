"""When a new seat's card, or a new card for a seat, stops admitting its holder: one rule
(`tabletop.session.card_expires_at`) for the console's cells screen and `participants seats`.
A validity asked for explicitly is taken from now; otherwise a replacement card keeps its seat's
time and a late arrival's seat expires with its cell's, when 30 minutes or more of it are left;
otherwise 12 hours. Every time here is fixed, so that no test depends on the hour it runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, strategies as st
from tests.conftest import RunCli
from tests.participants.page_support import Clock, seat

from tabletop.participants import issue_seats, reissue_seats
from tabletop.session import (
    Committed,
    ParticipantSeat,
    RevokeSeat,
    Session,
    card_expires_at,
)

NOW = datetime(2030, 4, 1, 13, 0, tzinfo=UTC)

moments = st.datetimes(min_value=datetime(2030, 1, 1), max_value=datetime(2031, 1, 1), timezones=st.just(UTC))
time_left = st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=30))
validities = st.timedeltas(min_value=timedelta(minutes=5), max_value=timedelta(days=30))


def a_seat(seat_id: str, expires_at: datetime, *, revoked: bool = False) -> ParticipantSeat:
    """A seat as the session's state holds it (issued long before, with the digest of a code)."""
    issued = expires_at - timedelta(days=40)
    return ParticipantSeat(
        seat=seat_id,
        cell=seat_id.rsplit("-", 1)[0],
        code_sha256="0" * 64,
        expires_at=expires_at,
        seq=1,
        at=issued,
        revoked_at=issued if revoked else None,
    )


@given(moments, time_left, validities)
def test_a_validity_asked_for_counts_from_now_whatever_the_seat_has_left(
    now: datetime, left: timedelta, valid_for: timedelta
) -> None:
    seats = [a_seat("japan-1", now + left), a_seat("us-1", now + left + timedelta(hours=1))]
    assert card_expires_at(seats, now, seat="japan-1", valid_for=valid_for) == now + valid_for
    assert card_expires_at(seats, now, cell="japan", valid_for=valid_for) == now + valid_for


@given(moments, time_left)
def test_a_new_card_keeps_its_seats_time_when_30_minutes_or_more_are_left(now: datetime, left: timedelta) -> None:
    seats = [a_seat("japan-1", now + left), a_seat("japan-2", now + timedelta(days=31))]
    expires = card_expires_at(seats, now, seat="japan-1")
    assert expires == (now + left if left >= timedelta(minutes=30) else now + timedelta(hours=12))
    assert expires - now >= timedelta(minutes=30)


@given(moments, st.lists(time_left, min_size=1, max_size=5), time_left)
def test_a_late_arrivals_seat_expires_with_its_cells_standing_seats(
    now: datetime, cells_left: list[timedelta], others_left: timedelta
) -> None:
    cell = [a_seat(f"japan-{n}", now + left) for n, left in enumerate(cells_left, 1)]
    seats = [*cell, a_seat("us-1", now + others_left), a_seat("japan-9", now + timedelta(days=31), revoked=True)]
    expires = card_expires_at(seats, now, cell="japan")
    standing = [left for left in cells_left if left > timedelta(0)]
    if standing and max(standing) >= timedelta(minutes=30):
        assert expires == now + max(standing)  # the cell's latest: nobody of the cell is cut short
    elif standing:
        assert expires == now + timedelta(hours=12)
    assert expires - now >= timedelta(minutes=30)


@given(moments, time_left)
def test_a_cells_first_seat_expires_with_the_rooms_seats(now: datetime, left: timedelta) -> None:
    seats = [a_seat("japan-1", now + left), a_seat("us-1", now + timedelta(days=31), revoked=True)]
    expires = card_expires_at(seats, now, cell="us")
    assert expires == (now + left if left >= timedelta(minutes=30) else now + timedelta(hours=12))


def test_a_seminar_without_seats_gives_12_hours() -> None:
    assert card_expires_at([], NOW, cell="japan") == NOW + timedelta(hours=12)


def test_replacement_and_late_seats_last_as_long_as_the_seminars_cards(session: Session, clock: Clock) -> None:
    start = clock.now
    japan_1, us_1 = issue_seats(session, {"japan": 1, "us": 1}, valid_for=timedelta(hours=6))
    clock.now = start + timedelta(hours=3)  # the middle of the seminar
    (card,) = reissue_seats(session, [japan_1.seat], reason="new phone")
    (late,) = issue_seats(session, {"japan": 1})
    assert card.expires_at == late.expires_at == japan_1.expires_at == start + timedelta(hours=6)
    (asked,) = reissue_seats(session, [us_1.seat], valid_for=timedelta(hours=4))
    assert asked.expires_at == start + timedelta(hours=7)  # four hours from now, as typed
    revoked = session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=late.seat))
    assert isinstance(revoked, Committed)
    clock.now = start + timedelta(hours=5, minutes=40)  # twenty minutes left of the japan seats'
    (short,) = reissue_seats(session, [japan_1.seat])
    assert short.expires_at == clock.now + timedelta(hours=12)


def test_the_command_line_keeps_the_seats_time_unless_a_validity_is_given(
    session: Session, tmp_path: Path, run_cli: RunCli
) -> None:
    issued = seat(session, "japan", hours=8)
    path = session.path
    session.close()
    url = ("--url", "http://192.168.10.5:8090")
    status, _, err = run_cli(
        "participants", "seats", str(path), "--seat", "japan-1", *url, "-o", str(tmp_path / "a.html")
    )
    assert status == 0, err
    with Session.open(path, readonly=True) as reader:
        kept = reader.state.seat("japan-1")
        assert kept is not None and kept.expires_at == issued.expires_at
    before = datetime.now(UTC)
    status, _, err = run_cli(
        "participants",
        "seats",
        str(path),
        "--seat",
        "japan-1",
        "--valid-for",
        "2h",
        *url,
        "-o",
        str(tmp_path / "b.html"),
    )
    assert status == 0, err
    with Session.open(path, readonly=True) as reader:
        asked = reader.state.seat("japan-1")
        assert asked is not None
        assert before + timedelta(hours=2) - timedelta(seconds=1) <= asked.expires_at
        assert asked.expires_at <= datetime.now(UTC) + timedelta(hours=2)
