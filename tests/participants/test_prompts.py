"""Prompts and participant seats in the session core: each answer, vote, self-rating, prompt
opened, closed or revealed, seat issued or revoked is an event through `Session.execute`, checked
by the fold, so that what the room answered is in the journal and survives a reopening."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Unpack

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.participants.page_support import AnswerFields, Clock, open_prompt, prompt_of, seat, seat_of

from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import (
    DeliverNext,
    Outcome,
    AnswerPrompt,
    ClosePrompt,
    Committed,
    IssueSeat,
    OpenPrompt,
    Refused,
    RevealPrompt,
    RevokeSeat,
    Seat,
    Session,
    carded_seat,
    new_seat_code,
    prompts_for_seat,
    seat_code_digest,
    spaced_seat_code,
)


def answer(
    session: Session, prompt: str, cell: str, seat_id: str | None = None, **given: Unpack[AnswerFields]
) -> Outcome:
    """A participant's answer as their seat (`seat_id`), or the cell's paper answer keyed in."""
    if seat_id is None:
        return session.execute(AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, for_cell=cell, **given))
    return session.execute(
        AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, **given),
        seat=Seat(role="participant", cell=cell, name=seat_id),
    )


class TestSeats:
    def test_the_journal_keeps_the_codes_digest_never_the_code(self, session: Session) -> None:
        issued = seat(session, "japan")
        events = [e.model_dump_json() for e in session.events()]
        assert not any(issued.code in text for text in events)
        assert seat_of(session.state, issued.seat).code_sha256 == seat_code_digest(issued.code)

    def test_a_code_names_its_seat_as_printed_or_typed_loosely(self, session: Session, clock: Clock) -> None:
        issued = seat(session, "us")
        state = session.state
        spaced, lower = (
            carded_seat(state, spaced_seat_code(issued.code), clock()),
            carded_seat(state, issued.code.lower(), clock()),
        )
        assert spaced is not None and spaced.seat == issued.seat
        assert lower is not None and lower.seat == issued.seat

    def test_a_guessed_an_expired_or_a_revoked_code_admits_nobody(self, session: Session, clock: Clock) -> None:
        issued = seat(session, "japan", hours=1)
        assert carded_seat(session.state, new_seat_code(), clock()) is None
        assert carded_seat(session.state, issued.code, clock() + timedelta(hours=1)) is None
        session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=issued.seat, reason="card lost"))
        assert carded_seat(session.state, issued.code, clock()) is None

    def test_seats_are_numbered_in_their_cell_after_those_issued_before(self, session: Session) -> None:
        from tabletop.participants import issue_seats

        first = issue_seats(session, {"japan": 2, "us": 1}, valid_for=timedelta(hours=4))
        more = issue_seats(session, {"japan": 1}, valid_for=timedelta(hours=4))
        assert [s.seat for s in first + more] == ["japan-1", "japan-2", "us-1", "japan-3"]
        assert len({s.code for s in first + more}) == 4

    def test_a_seat_of_a_cell_the_scenario_lacks_is_refused(self, session: Session, clock: Clock) -> None:
        outcome = session.execute(
            IssueSeat(
                expected_seq=session.state.last_seq,
                seat="mars-1",
                cell="mars",
                code_sha256=seat_code_digest(new_seat_code()),
                expires_at=clock() + timedelta(hours=1),
            )
        )
        assert isinstance(outcome, Refused) and "no cell 'mars'" in outcome.reason


class TestAnswers:
    def test_a_question_answered_by_two_cells_is_in_the_journal_by_cell(self, session: Session) -> None:
        prompt = open_prompt(session, text="Who owns the incident?")
        japan, us = seat(session, "japan"), seat(session, "us")
        assert isinstance(answer(session, prompt, "japan", japan.seat, text="The Coast Guard"), Committed)
        assert isinstance(answer(session, prompt, "us", us.seat, text="Japan, with our ISR"), Committed)
        reopened = Session.open(session.path, readonly=True)
        by_cell = prompt_of(reopened.state, prompt).answers_by_cell()
        reopened.close()
        assert {cell: [a.text for a in answers] for cell, answers in by_cell.items()} == {
            "japan": ["The Coast Guard"],
            "us": ["Japan, with our ISR"],
        }

    def test_a_seats_later_answer_replaces_its_earlier_one(self, session: Session) -> None:
        prompt = open_prompt(session, "poll", text="Who leads?", options=("JCG", "JSDF", "Police"))
        japan = seat(session, "japan")
        answer(session, prompt, "japan", japan.seat, choice=0)
        answer(session, prompt, "japan", japan.seat, choice=2)
        recorded = prompt_of(session.state, prompt)
        assert [a.choice for a in recorded.answers] == [2] and recorded.tally() == (0, 0, 1)

    def test_a_vote_outside_the_polls_options_is_refused_with_nothing_recorded(self, session: Session) -> None:
        prompt = open_prompt(session, "poll", text="Who leads?", options=("JCG", "JSDF"))
        japan = seat(session, "japan")
        before = len(session.events())
        outcome = answer(session, prompt, "japan", japan.seat, choice=5)
        assert isinstance(outcome, Refused) and "one of its 2 options" in outcome.reason
        assert len(session.events()) == before

    def test_a_seat_answers_for_its_own_cell_only_and_only_prompts_put_to_it(self, session: Session) -> None:
        prompt = open_prompt(session, text="For the U.S. cell", cells=("us",))
        japan = seat(session, "japan")
        not_put = answer(session, prompt, "japan", japan.seat, text="x")
        assert isinstance(not_put, Refused) and "not put to cell 'japan'" in not_put.reason
        other_cell = answer(session, prompt, "us", japan.seat, text="x")
        assert isinstance(other_cell, Refused) and "answers for cell 'japan'" in other_cell.reason

    def test_a_revoked_seat_cannot_answer(self, session: Session) -> None:
        prompt = open_prompt(session, text="Anything?")
        japan = seat(session, "japan")
        session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=japan.seat))
        outcome = answer(session, prompt, "japan", japan.seat, text="still here")
        assert isinstance(outcome, Refused) and "revoked or has expired" in outcome.reason

    def test_an_answer_longer_than_the_limit_is_refused(self, session: Session) -> None:
        prompt = open_prompt(session, text="Anything?")
        japan = seat(session, "japan")
        outcome = answer(session, prompt, "japan", japan.seat, text="x" * 2001)
        assert isinstance(outcome, Refused) and outcome.kind == "invalid"

    def test_a_closed_prompt_takes_no_answer_and_is_revealed_only_once_closed(self, session: Session) -> None:
        prompt = open_prompt(session, text="Anything?")
        early = session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt=prompt))
        assert isinstance(early, Refused) and "still open" in early.reason
        session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=prompt))
        late = answer(session, prompt, "japan", None, text="on paper, too late")
        assert isinstance(late, Refused) and "closed" in late.reason
        assert isinstance(session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt=prompt)), Committed)
        assert prompt_of(session.state, prompt).revealed

    def test_a_paper_answer_is_the_cells_and_marked_as_paper(self, session: Session) -> None:
        prompt = open_prompt(session, text="Anything?")
        answer(session, prompt, "local", None, text="Evacuate the island's residents first")
        (recorded,) = prompt_of(session.state, prompt).answers
        assert recorded.cell == "local" and recorded.on_paper


class TestOpening:
    def test_a_self_rating_names_an_expected_action_of_the_current_inject_with_its_text(self, session: Session) -> None:
        prompt = open_prompt(session, "self_rating", action="a2")
        opened = prompt_of(session.state, prompt)
        assert opened.action == 1 and opened.inject == "fleet_sighted"
        assert opened.text.startswith("Increase Coast Guard presence")

    def test_a_proposal_offers_the_clauses_that_apply_now_with_their_reasons(self, session: Session) -> None:
        prompt = open_prompt(session, "proposal", text="What do you propose?")
        clauses = prompt_of(session.state, prompt).clauses
        applicable = session.snapshot().suggestions
        assert clauses and {c.clause for c in clauses} <= {s.id for s in applicable if not s.out_of_phase}
        assert all(c.reason for c in clauses)

    def test_a_poll_needs_two_distinct_options(self, session: Session) -> None:
        one = session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind="poll", text="?", options=("a",)))
        same = session.execute(
            OpenPrompt(expected_seq=session.state.last_seq, kind="poll", text="?", options=("a", "a"))
        )
        assert isinstance(one, Refused) and isinstance(same, Refused)


class TestWhatASeatSees:
    def test_a_seat_sees_its_own_answer_and_nobody_elses_before_the_reveal(self, session: Session) -> None:
        prompt = open_prompt(session, text="Position?")
        japan, us = seat(session, "japan"), seat(session, "us")
        answer(session, prompt, "japan", japan.seat, text="Japan's position")
        answer(session, prompt, "us", us.seat, text="The U.S. position")
        (shown,) = prompts_for_seat(session.state, seat_of(session.state, us.seat))
        assert shown.mine is not None and shown.mine.text == "The U.S. position" and shown.revealed_answers == ()
        session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=prompt))
        session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt=prompt))
        (shown,) = prompts_for_seat(session.state, seat_of(session.state, us.seat))
        assert {a.text for a in shown.revealed_answers} == {"Japan's position", "The U.S. position"}

    def test_the_rooms_view_hides_unrevealed_answers_and_every_seats_digest(self, session: Session) -> None:
        prompt = open_prompt(session, text="Position?")
        japan = seat(session, "japan")
        answer(session, prompt, "japan", japan.seat, text="secret until revealed")
        room = session.snapshot().for_participants().state
        assert room.seats == () and prompt_of(room, prompt).answers == ()


class TestWhoAnswered:
    def test_an_answer_is_recorded_as_the_participants_seat(self, session: Session) -> None:
        prompt = open_prompt(session, text="Who owns the incident?")
        japan = seat(session, "japan")
        outcome = answer(session, prompt, "japan", japan.seat, text="The Coast Guard")
        assert isinstance(outcome, Committed) and outcome.event.payload.type == "prompt_answered"
        assert outcome.event.payload.by == Seat(role="participant", cell="japan", name=japan.seat)
        assert outcome.event.payload.for_cell is None

    def test_a_participants_seat_may_answer_but_not_move_play_or_open_prompts(self, session: Session) -> None:
        from tabletop.session import DeliverNext

        japan = Seat(role="participant", cell="japan", name="japan-1")
        for command in (
            DeliverNext(expected_seq=session.state.last_seq),
            OpenPrompt(expected_seq=session.state.last_seq, kind="question", text="?"),
            RevokeSeat(expected_seq=session.state.last_seq, seat="japan-1"),
        ):
            refused = session.execute(command, seat=japan)
            assert isinstance(refused, Refused) and refused.kind == "not_permitted"

    def test_an_evaluators_seat_cannot_answer_for_a_cell(self, session: Session) -> None:
        prompt = open_prompt(session, text="?")
        evaluator = Seat(role="evaluator", name="Aiko")
        outcome = session.execute(
            AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, for_cell="japan", text="x"), seat=evaluator
        )
        assert isinstance(outcome, Refused) and outcome.kind == "not_permitted"

    def test_a_paper_answer_is_the_facilitators_for_the_cell(self, session: Session) -> None:
        prompt = open_prompt(session, text="?")
        outcome = answer(session, prompt, "local", None, text="On paper")
        assert isinstance(outcome, Committed) and outcome.event.payload.type == "prompt_answered"
        assert outcome.event.payload.by is not None
        assert outcome.event.payload.by.role == "facilitator" and outcome.event.payload.for_cell == "local"


def test_the_room_sees_a_revealed_prompt_until_the_next_inject_comes_up(session: Session, clock: Clock) -> None:
    from tabletop.session import DeliverNext

    shown, kept = open_prompt(session, text="Escort the cutters?"), open_prompt(session, text="Who leads?")
    clock.now += timedelta(minutes=1)
    for prompt in (shown, kept):
        session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=prompt))
    session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt=shown))
    assert [p.prompt for p in session.state.revealed_since_current()] == [shown]
    clock.now += timedelta(minutes=1)
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    assert session.state.revealed_since_current() == ()


_ANSWERERS = (("japan", 0), ("japan", 1), ("us", 0), ("japan", None), ("us", None))
"""Who answers in the drawn polls: a cell and its seat's number, or None for the cell's paper."""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    given_answers=st.lists(
        st.tuples(st.sampled_from(range(len(_ANSWERERS))), st.sampled_from(range(3)), st.booleans()), max_size=30
    )
)
def test_a_polls_answers_are_each_answerers_latest_in_the_order_first_given_live_and_read_back(
    islands: LoadedScenario, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory, given_answers: list[Any]
) -> None:
    clock = Clock()
    folder = tmp_path_factory.mktemp("polls")
    with Session.start(islands, corpus, session_dir=folder, clock=clock) as session:
        session.execute(DeliverNext(expected_seq=session.state.last_seq))
        seats = {"japan": [seat(session, "japan"), seat(session, "japan")], "us": [seat(session, "us")]}
        prompt = open_prompt(session, "poll", text="Who leads?", options=("JCG", "JSDF", "Police"))
        expected: dict[tuple[str | None, str], int] = {}
        for who, choice, look in given_answers:
            cell, number = _ANSWERERS[who]
            seat_id = None if number is None else seats[cell][number].seat
            assert isinstance(answer(session, prompt, cell, seat_id, choice=choice), Committed)
            expected[(seat_id, cell)] = choice  # a replaced answer keeps its place
            if look:  # a screen looks at the state between answers
                assert [(a.seat, a.cell, a.choice) for a in prompt_of(session.state, prompt).answers] == [
                    (s, c, n) for (s, c), n in expected.items()
                ]
        session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=prompt))
        live = session.state
        path = session.path
    recorded = prompt_of(live, prompt)
    assert [(a.seat, a.cell, a.choice) for a in recorded.answers] == [(s, c, n) for (s, c), n in expected.items()]
    assert recorded.tally() == tuple(list(expected.values()).count(n) for n in range(3))
    assert not recorded.is_open
    with Session.open(path, readonly=True) as reopened:
        assert reopened.state == live
