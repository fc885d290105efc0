"""`issue_seats` and `reissue_seats` (behind `participants seats`) ask for a seat on the state as it
stands: nobody decided it on a screen. So when another program recording as the facilitator (a
script beside it, `Session.open(..., exclusive=False)`) moves play between the state they read
and the session's turn to record, both give the command again on the state now, and the seat is
issued; any other refusal is given at once, naming the seat."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from tests.participants.page_support import seat

from tabletop.errors import RefusedError
from tabletop.participants import IssuedSeat, issue_seats, reissue_seats
from tabletop.session import Command, Committed, DeliverNext, End, Outcome, Refused, Seat, Session


@pytest.fixture
def beside(session: Session) -> Iterator[Session]:
    """A script recording as the facilitator beside the program that issues the seats."""
    with Session.open(session.path, exclusive=False) as script:
        yield script


def _play_moves_first(
    session: Session, beside: Session, monkeypatch: pytest.MonkeyPatch, move: Command
) -> list[Outcome]:
    """Make the script record `move` just before the session's first command reaches its turn;
    the outcomes of the session's commands, in order."""
    outcomes: list[Outcome] = []
    execute = session.execute

    def moved_first(command: Command, *, seat: Seat | None = None, suggest: bool = True) -> Outcome:
        if not outcomes:
            assert isinstance(beside.execute(move), Committed)
        outcomes.append(execute(command, seat=seat, suggest=suggest))
        return outcomes[-1]

    monkeypatch.setattr(session, "execute", moved_first)
    return outcomes


def _new_seat(session: Session) -> list[IssuedSeat]:
    return issue_seats(session, {"japan": 1}, valid_for=timedelta(hours=2))


def _new_card(session: Session) -> list[IssuedSeat]:
    return reissue_seats(session, ["us-1"], valid_for=timedelta(hours=2))


@pytest.mark.parametrize("ask", [_new_seat, _new_card], ids=["new seat", "new card"])
def test_a_play_move_by_another_program_meanwhile_does_not_refuse_the_seat(
    session: Session, beside: Session, monkeypatch: pytest.MonkeyPatch, ask: Callable[[Session], list[IssuedSeat]]
) -> None:
    seat(session, "us")
    outcomes = _play_moves_first(session, beside, monkeypatch, DeliverNext(expected_seq=beside.state.last_seq))
    (issued,) = ask(session)
    # The first try was decided on the state before the move (refused as moved on, nothing
    # recorded); the second, on the state now, recorded the seat.
    assert [type(outcome) for outcome in outcomes] == [Refused, Committed]
    assert isinstance(outcomes[0], Refused) and outcomes[0].kind == "moved_on"
    found = session.state.seat(issued.seat)
    assert found is not None and found.expires_at == issued.expires_at


@pytest.mark.parametrize("ask", [_new_seat, _new_card], ids=["new seat", "new card"])
def test_any_other_refusal_is_given_at_once_naming_the_seat(
    session: Session, beside: Session, monkeypatch: pytest.MonkeyPatch, ask: Callable[[Session], list[IssuedSeat]]
) -> None:
    seat(session, "us")
    outcomes = _play_moves_first(session, beside, monkeypatch, End(expected_seq=beside.state.last_seq))
    with pytest.raises(RefusedError, match=r"^seat (japan-1|us-1): .*ended"):
        ask(session)
    assert [outcome.kind for outcome in outcomes if isinstance(outcome, Refused)] == ["moved_on", "ended"]
