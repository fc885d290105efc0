"""The decision clock in scenario time, and what the room recorded meanwhile: the scenario time at
which each determination was made (the inject's own by default, or the one the facilitator gives),
and the records made between the delivery of its inject and the determination."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.scenario import Inject, ScenarioTime, parse_time
from tabletop.session import event_adapter
from tabletop.session import (
    Committed,
    DeliverNext,
    Determine,
    DetermineMove,
    Refused,
    Session,
    dry_run,
    meanwhile,
    scenario_lapse,
    scenario_minutes,
)
from tabletop.rules import Corpus
from pathlib import Path


def _tension_waiting(session: Session) -> None:
    session.deliver_next()  # quiet, D-3 06:00
    session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))  # tension, D-2


class TestScenarioTimeOfADetermination:
    def test_a_move_determined_later_records_the_scenario_time_the_facilitator_gives(self, session: Session) -> None:
        _tension_waiting(session)
        outcome = session.execute(
            DetermineMove(
                expected_seq=session.snapshot().seq, answers={"important_influence": True}, scenario_time="D-2 14:30"
            )
        )
        assert isinstance(outcome, Committed)
        (answer,) = session.state.determinations
        assert (answer.development_time, answer.scenario_time) == ("D-2", "D-2 14:30")
        assert outcome.event.payload.type == "phase_trigger_fired" and outcome.event.payload.transition is not None
        assert outcome.event.payload.transition.answers[0].scenario_time == "D-2 14:30"

    def test_without_a_time_the_inject_s_own_scenario_time_is_recorded(self, session: Session) -> None:
        _tension_waiting(session)
        session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True}))
        (answer,) = session.state.determinations
        assert answer.scenario_time == "D-2" == answer.development_time

    def test_an_order_records_the_time_given_and_the_current_inject_s_time(self, session: Session) -> None:
        session.deliver_next()  # quiet, D-3 06:00
        session.execute(
            Determine(
                expected_seq=session.snapshot().seq,
                determination="security_operation",
                answer=True,
                scenario_time="D-3 06:45",
            )
        )
        (order,) = session.state.recorded_determinations
        assert (order.development_time, order.scenario_time) == ("D-3 06:00", "D-3 06:45")
        assert scenario_minutes(order.development_time, order.scenario_time) == 45

    @pytest.mark.parametrize(
        ("given", "said"),
        [("D-3 6:45", "did you mean 'D-3 06:45'?"), ("tomorrow", "write D, D-N or D+N"), ("D-3 25:00", "")],
    )
    def test_a_malformed_scenario_time_is_refused_with_the_form_meant_and_nothing_recorded(
        self, session: Session, given: str, said: str
    ) -> None:
        session.deliver_next()
        before = session.state.last_seq
        outcome = session.execute(
            Determine(
                expected_seq=session.snapshot().seq,
                determination="security_operation",
                answer=True,
                scenario_time=given,
            )
        )
        assert isinstance(outcome, Refused) and outcome.kind == "invalid"
        assert f"scenario time {given!r} is not one" in outcome.reason and said in outcome.reason
        assert session.state.last_seq == before

    def test_a_determination_before_the_development_is_refused(self, session: Session) -> None:
        session.deliver_next()  # D-3 06:00
        outcome = session.execute(
            Determine(
                expected_seq=session.snapshot().seq,
                determination="security_operation",
                answer=True,
                scenario_time="D-3 05:00",
            )
        )
        assert isinstance(outcome, Refused) and "comes before the inject's own time (D-3 06:00)" in outcome.reason
        assert session.state.recorded_determinations == ()

    def test_a_dry_run_records_each_inject_s_own_time(self, corpus: Corpus, session_dir: Path) -> None:
        from tests.session.conftest import DRILL

        path = dry_run(DRILL, corpus, session_dir=session_dir)
        with Session.open(path, readonly=True) as opened:
            state = opened.state
        assert state.determinations
        for answer in state.determinations:
            inject = opened.inject(answer.inject)
            assert isinstance(inject, Inject)
            assert answer.scenario_time == answer.development_time == inject.time

    def test_a_journal_written_before_scenario_times_reads_and_exports_as_written(self, session: Session) -> None:
        session.deliver_next()
        session.execute(Determine(expected_seq=session.snapshot().seq, determination="security_operation", answer=True))
        written = session.events()[-1].model_dump(mode="json")
        assert written["payload"]["scenario_time"] == "D-3 06:00"
        del written["payload"]["scenario_time"]  # as a format 5 journal wrote it
        older = event_adapter().validate_python(written)
        assert older.payload.type == "determination_recorded" and older.payload.scenario_time is None
        assert older.model_dump(mode="json") == written


class TestScenarioLapse:
    def test_reads_development_then_determination_then_the_gap(self) -> None:
        assert scenario_lapse("D 05:10", "D 05:30") == "D 05:10 → D 05:30, 20 min"
        assert scenario_lapse("D-1 23:30", "D 01:15") == "D-1 23:30 → D 01:15, 1 h 45 min"
        assert scenario_lapse("D 05:10", "D+2 05:10") == "D 05:10 → D+2 05:10, 2 d"

    def test_a_day_without_a_clock_time_gives_no_gap(self) -> None:
        assert scenario_lapse("D-2", "D-2 14:30") == "D-2 → D-2 14:30"
        assert scenario_lapse(None, "D 05:30") == "D 05:30"
        assert scenario_lapse("D 05:10", None) is None

    def test_a_determination_at_the_development_s_own_time_reads_at_once(self) -> None:
        assert scenario_lapse("D 05:10", "D 05:10") == "D 05:10, at once"

    @given(st.integers(-400, 400), st.integers(0, 1439), st.integers(-400, 400), st.integers(0, 1439))
    def test_minutes_between_two_times_agree_with_their_order(self, d1: int, m1: int, d2: int, m2: int) -> None:
        a, b = ScenarioTime(d1, m1), ScenarioTime(d2, m2)
        minutes = scenario_minutes(str(a), str(b))
        assert minutes is not None
        assert (minutes > 0) == a.is_before(b)
        assert parse_time(str(a)) == a


class TestMeanwhile:
    def test_counts_what_the_room_recorded_between_delivery_and_determination(self, session: Session) -> None:
        _tension_waiting(session)
        session.note("the room hears of the vessels")
        session.note("the Japan cell asks for the picture")
        session.decide("Japan cell", "raise the alert level")
        session.cite("IV.A")
        session.rate("quiet", "a1", "S")
        session.determine("security_operation", True)
        session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True}))
        session.note("after the determination")
        state = session.state
        (answer,) = state.determinations
        done = meanwhile(state, answer)
        assert done is not None
        assert done.counts() == {
            "notes": 2,
            "decisions": 1,
            "citations": 1,
            "ratings": 1,
            "orders": 1,
            "questions": 0,
            "answers": 0,
        }
        assert done.summary() == "2 notes, 1 decision, 1 clause cited, 1 rating, 1 order"
        assert [n.text for n in done.notes] == ["the room hears of the vessels", "the Japan cell asks for the picture"]
        # The order recorded meanwhile has its own meanwhile: what came before it.
        (order,) = state.recorded_determinations
        before_order = meanwhile(state, order)
        assert before_order is not None and before_order.summary() == "2 notes, 1 decision, 1 clause cited, 1 rating"

    def test_the_clauses_the_scenario_presented_are_not_the_room_s_doing(self, session: Session) -> None:
        _tension_waiting(session)  # IV.B presented with the inject
        session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True}))
        done = meanwhile(session.state, session.state.determinations[0])
        assert done is not None and done.summary() == "nothing recorded"

    def test_a_withdrawn_citation_still_counts_as_cited_then(self, session: Session) -> None:
        _tension_waiting(session)
        session.cite("IV.A")
        session.withdraw("IV.A")
        session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True}))
        done = meanwhile(session.state, session.state.determinations[0])
        assert done is not None and done.counts()["citations"] == 1

    def test_gates_answered_at_delivery_have_no_meanwhile(self, session: Session) -> None:
        session.deliver_next()
        session.deliver_next(answers={"important_influence": True})
        (answer,) = session.state.determinations
        assert meanwhile(session.state, answer) is None
