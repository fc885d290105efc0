"""The room's standing, as every screen counts it: the prompts still open, in the order asked, and
each prompt's answers under the standing of the seat that gave them at a moment (standing,
revoked since, expired since, on paper), with the counts the console, the End dialog, the
participants' page and `tabletop status` print. Whatever seats were issued, claimed, given new
cards, revoked or left to expire, and whoever answered, every answer is counted exactly once."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta, UTC
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import (
    AnswerPrompt,
    AnswersByStanding,
    ClaimSeat,
    ClosePrompt,
    Command,
    Committed,
    DeliverNext,
    End,
    IssueSeat,
    OpenPrompt,
    ReissueSeat,
    RevokeSeat,
    Seat,
    Session,
)

CELLS = ("japan", "us")
START = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)


class SetClock:
    """The session's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def record(session: Session, command: Command, seat: Seat | None = None) -> bool:
    """True when `command` was recorded (a refusal is part of the game: a revoked seat answering)."""
    return isinstance(session.execute(command, seat=seat), Committed)


def current_card(session: Session, seat_id: str) -> str:
    """The SHA-256 of the seat's current card's code, as a device joining with it gives it."""
    found = session.state.seat(seat_id)
    assert found is not None
    return found.code_sha256


def participant(session: Session, seat_id: str) -> Seat:
    found = session.state.seat(seat_id)
    assert found is not None
    return Seat(role="participant", cell=found.cell, name=seat_id)


def started(tmp: Path, drill: LoadedScenario, corpus: Corpus, clock: SetClock) -> Session:
    session = Session.start(drill, corpus, session_dir=tmp, clock=clock)
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    return session


def ask(session: Session, *, cells: tuple[str, ...] = ()) -> str:
    outcome = session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind="question", text="?", cells=cells))
    assert isinstance(outcome, Committed)
    return outcome.event.payload.prompt  # type: ignore[union-attr]


def issue(session: Session, seat: str, cell: str, hours: float = 4) -> None:
    expires = session.now() + timedelta(hours=hours)
    command = IssueSeat(
        expected_seq=session.state.last_seq, seat=seat, cell=cell, code_sha256=digest(seat), expires_at=expires
    )
    assert record(session, command)


def answer(session: Session, prompt: str, seat: str, text: str) -> None:
    assert record(
        session, AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, text=text), participant(session, seat)
    )


def paper(session: Session, prompt: str, cell: str, text: str) -> None:
    assert record(session, AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, for_cell=cell, text=text))


class TestTheCountsTheScreensShow:
    def test_a_cell_counts_standing_seats_paper_and_a_seat_revoked_since(
        self, drill: LoadedScenario, corpus: Corpus, tmp_path: Path
    ) -> None:
        clock = SetClock()
        with started(tmp_path, drill, corpus, clock) as session:
            for n in (1, 2, 3, 4):
                issue(session, f"japan-{n}", "japan")
            prompt = ask(session)
            answer(session, prompt, "japan-1", "Hold")
            answer(session, prompt, "japan-2", "Escort")
            answer(session, prompt, "japan-4", "Withdraw")
            paper(session, prompt, "japan", "From the sheet")
            assert record(session, RevokeSeat(expected_seq=session.state.last_seq, seat="japan-4"))
            state = session.state
            found = state.answers_by_standing(state.open_prompts[0], clock.now)
            japan = found.cell("japan")
            assert japan is not None
            assert japan.counts() == "2/3 seats answered, 1 on paper, 1 from a seat revoked since"
            assert [a.text for a in japan.revoked] == ["Withdraw"]
            assert found.cell("us") is None  # asked, but no seat and no answer: nothing to count
            assert found.answered == 4 and found.seats == 3

    def test_a_seat_whose_time_ran_out_is_counted_apart_at_the_moment_asked(
        self, drill: LoadedScenario, corpus: Corpus, tmp_path: Path
    ) -> None:
        clock = SetClock()
        with started(tmp_path, drill, corpus, clock) as session:
            issue(session, "us-1", "us", hours=1)
            issue(session, "us-2", "us", hours=8)
            prompt = ask(session, cells=("us",))
            answer(session, prompt, "us-1", "Share ISR")
            state = session.state
            record_ = state.open_prompts[0]
            before = state.answers_by_standing(record_, clock.now).cell("us")
            after = state.answers_by_standing(record_, clock.now + timedelta(hours=2)).cell("us")
            assert before is not None and before.counts() == "1/2 seats answered"
            assert after is not None and after.counts() == "0/1 seats answered, 1 from a seat expired since"
            lapsed = state.seat("us-1")
            assert lapsed is not None and lapsed.standing(clock.now + timedelta(hours=2)) == "expired"

    def test_a_cell_without_seats_that_answered_on_paper_says_so(
        self, drill: LoadedScenario, corpus: Corpus, tmp_path: Path
    ) -> None:
        clock = SetClock()
        with started(tmp_path, drill, corpus, clock) as session:
            prompt = ask(session)
            paper(session, prompt, "us", "Sheet")
            state = session.state
            found = state.answers_by_standing(state.open_prompts[0], clock.now)
            us = found.cell("us")
            assert us is not None and us.counts() == "1 on paper"
            assert found.totals().counts() == "1 on paper"

    def test_open_prompts_are_those_still_open_in_the_order_asked_and_none_once_ended(
        self, drill: LoadedScenario, corpus: Corpus, tmp_path: Path
    ) -> None:
        clock = SetClock()
        with started(tmp_path, drill, corpus, clock) as session:
            first, second, third = ask(session), ask(session), ask(session)
            assert record(session, ClosePrompt(expected_seq=session.state.last_seq, prompt=second))
            assert [p.prompt for p in session.state.open_prompts] == [first, third]
            assert record(session, End(expected_seq=session.state.last_seq))
            assert session.state.open_prompts == ()


@dataclass(frozen=True)
class Step:
    """One thing that happens in the room: `what` to `seat` (an index into the seats issued so far),
    after `minutes` pass."""

    what: str
    cell: int
    seat: int
    minutes: int


STEPS = st.builds(
    Step,
    what=st.sampled_from(
        ["issue", "issue", "claim", "reissue", "revoke", "answer", "answer", "answer", "paper", "wait"]
    ),
    cell=st.integers(0, len(CELLS) - 1),
    seat=st.integers(0, 7),
    minutes=st.integers(0, 20),
)


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(STEPS, max_size=24), hours=st.floats(0, 3), asked=st.sampled_from([(), ("japan",), CELLS]))
def test_every_answer_is_counted_once_under_the_standing_of_its_seat(
    drill: LoadedScenario, corpus: Corpus, steps: list[Step], hours: float, asked: tuple[str, ...]
) -> None:
    clock = SetClock()
    with tempfile.TemporaryDirectory() as tmp, started(Path(tmp), drill, corpus, clock) as session:
        prompt = ask(session, cells=asked)
        issued: list[str] = []
        for n, step in enumerate(steps):
            clock.now += timedelta(minutes=step.minutes)
            seq = session.state.last_seq
            seat = issued[step.seat % len(issued)] if issued else None
            match step.what:
                case "issue":
                    issued.append(f"{CELLS[step.cell]}-{n}")
                    issue(session, issued[-1], CELLS[step.cell], hours=1 + step.seat / 2)
                case "paper" if not asked or CELLS[step.cell] in asked:
                    paper(session, prompt, CELLS[step.cell], f"sheet {n}")
                case "claim" if seat is not None:
                    record(
                        session,
                        ClaimSeat(
                            expected_seq=seq,
                            seat=seat,
                            device_sha256=digest(f"device {n}"),
                            code_sha256=current_card(session, seat),
                        ),
                        participant(session, seat),
                    )
                case "reissue" if seat is not None:
                    expires = clock.now + timedelta(hours=1)
                    record(
                        session,
                        ReissueSeat(expected_seq=seq, seat=seat, code_sha256=digest(f"card {n}"), expires_at=expires),
                    )
                case "revoke" if seat is not None:
                    record(session, RevokeSeat(expected_seq=seq, seat=seat))
                case "answer" if seat is not None:
                    record(
                        session,
                        AnswerPrompt(expected_seq=seq, prompt=prompt, text=f"answer {n}"),
                        participant(session, seat),
                    )
                case _:
                    pass
        state = session.state
        (record_,) = state.prompts
        now = clock.now + timedelta(hours=hours)
        found: AnswersByStanding = state.answers_by_standing(record_, now)
        listed = [
            a
            for cell in found.cells
            for group in (cell.standing, cell.revoked, cell.expired, cell.on_paper)
            for a in group
        ]
        # Every answer the prompt holds appears exactly once, under one standing.
        assert sorted(a.seq for a in listed) == sorted(a.seq for a in record_.answers)
        assert len({a.seq for a in listed}) == len(listed) == found.answered == len(record_.answers)
        for cell in found.cells:
            assert sorted(a.seq for a in cell.answers) == sorted(
                a.seq for group in (cell.standing, cell.revoked, cell.expired, cell.on_paper) for a in group
            )
            assert len(cell.on_paper) <= 1 and all(a.on_paper for a in cell.on_paper)
            # Each answer's group is the standing at `now` of the seat that gave it.
            for group, standing in ((cell.standing, "standing"), (cell.revoked, "revoked"), (cell.expired, "expired")):
                for given_ in group:
                    assert given_.seat is not None
                    seat_ = state.seat(given_.seat)
                    assert seat_ is not None and seat_.standing(now) == standing and seat_.cell == cell.cell
                    assert found.standing_of(given_) == standing
            standing_seats = [s for s in state.seats if s.cell == cell.cell and s.admits(now)]
            assert cell.seats == len(standing_seats) and len(cell.standing) <= cell.seats
            assert cell.seats or cell.answers
            # The words count the same answers: the numbers they print add up to every answer.
            words = cell.counts()
            numbers = [int(part.split()[0].split("/")[0]) for part in words.split(", ") if part != "no answer yet"]
            assert sum(numbers) == len(cell.answers)
        # A cell asked with a standing seat is always listed; a cell not asked never is.
        for seat_ in state.seats:
            if seat_.admits(now) and record_.asks(seat_.cell):
                assert found.cell(seat_.cell) is not None
        assert all(record_.asks(cell.cell) for cell in found.cells)
        totals = found.totals()
        assert len(totals.standing) + len(totals.revoked) + len(totals.expired) + len(totals.on_paper) == found.answered
