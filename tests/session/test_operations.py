"""Every facilitator operation: what it records, and what it refuses without recording anything."""

from __future__ import annotations

from datetime import timedelta
from collections.abc import Callable
from pathlib import Path

import pytest

from tabletop.cli.session import state_summary
from tabletop.errors import (
    InputError,
    RefusedError,
    SessionEnded,
    SessionFileError,
    TransitionRefused,
    UnknownClauseError,
    UsageError,
)
from tabletop.errors import GatesUnanswered
from tabletop.rules import Gate
from tabletop.scenario import Inject
from tabletop.session import Citation, Session
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tests.conftest import RunCli
from tests.session.conftest import TickingClock

DRILL_PATH = Path(__file__).parent / "fixtures" / "drill.yaml"


def deliver_to_tension(session: Session) -> None:
    session.deliver_next()
    session.deliver_next({"important_influence": True})


def journal_length(session: Session) -> int:
    return len(session.events())


class TestStarting:
    def test_a_new_session_starts_in_the_scenarios_start_phases_with_the_clock_running(self, session: Session) -> None:
        state = session.state
        assert state.phases == ("peacetime",)
        assert state.current is None
        assert state.next_inject == "quiet"
        assert state.clock.running
        assert not state.ended
        assert session.events()[0].type == "session_started"

    def test_session_id_is_readable_and_names_the_scenario_and_start_time(self, session: Session) -> None:
        assert session.id.startswith("ttx-drill-20300401T090000Z-")
        assert isinstance(session.path, Path) and session.path.name == f"{session.id}.ttx.sqlite"

    def test_two_sessions_of_one_scenario_get_different_files(
        self, drill: LoadedScenario, corpus: Corpus, session_dir: Path, ticking_clock: type[TickingClock]
    ) -> None:
        first = Session.start(drill, corpus, session_dir=session_dir, clock=ticking_clock())
        second = Session.start(drill, corpus, session_dir=session_dir, clock=ticking_clock())
        assert first.path != second.path
        first.close()
        second.close()

    def test_the_session_stores_the_scenario_and_rules_texts_with_their_hashes(
        self, session: Session, drill: LoadedScenario, corpus: Corpus
    ) -> None:
        documents = {d.role: d for d in session.documents()}
        assert documents["scenario"].text == drill.files["drill.yaml"]
        assert documents["rules"].text == corpus.text
        assert session.state.scenario_sha256 == drill.sha256


class TestNavigation:
    def test_next_delivers_the_scenarios_injects_in_order(self, session: Session) -> None:
        session.deliver_next()
        assert session.state.current == "quiet"
        assert (session.state.step, session.state.default_path_position) == (1, 1)

    def test_delivering_an_inject_in_a_gated_phase_without_answers_asks_for_the_gates(self, session: Session) -> None:
        session.deliver_next()
        before = journal_length(session)
        with pytest.raises(GatesUnanswered) as refused:
            session.deliver_next()
        assert [gate.id for gate in refused.value.gates if isinstance(gate, Gate)] == ["important_influence"]
        assert refused.value.trigger == "threats_emerge"
        assert "important influence" in str(refused.value)
        assert journal_length(session) == before
        assert session.state.current == "quiet"

    def test_pending_gates_lists_the_questions_to_ask_before_delivering(self, session: Session) -> None:
        session.deliver_next()
        gates = session.pending_gates()
        assert [(g.id, g.authority) for g in gates] == [("important_influence", "the two governments")]
        assert session.pending_gates("quiet") == ()

    def test_delivering_with_answers_enters_the_injects_phase_through_the_machine(self, session: Session) -> None:
        deliver_to_tension(session)
        state = session.state
        assert state.current == "tension"
        assert state.phases == ("emerging_threats",)
        (change,) = state.transitions
        assert change.trigger == "threats_emerge"
        assert change.inject == "tension"
        assert change.answers == (("important_influence", True, "facilitator"),)

    def test_a_gate_answered_no_is_recorded_as_the_rooms_determination_and_changes_nothing_else(
        self, session: Session
    ) -> None:
        session.deliver_next()
        before = journal_length(session)
        event = session.deliver_next({"important_influence": False}, remarks={"important_influence": "not yet"})
        assert event.type == "move_declined"
        assert journal_length(session) == before + 1
        state = session.state
        assert (state.phases, state.current) == (("peacetime",), "quiet")
        [determination] = state.determinations
        assert (determination.gate, determination.answer, determination.remark, determination.fired) == (
            "important_influence",
            False,
            "not yet",
            False,
        )
        assert determination.authority == session.pending_gates()[0].authority != ""
        assert not determination.assumed
        assert state.declined is not None and state.declined.inject == "tension"

    def test_an_answer_to_a_gate_the_move_does_not_have_is_a_usage_error(self, session: Session) -> None:
        session.deliver_next()
        with pytest.raises(UsageError, match="no gate 'typo'"):
            session.deliver_next({"important_influence": True, "typo": True})

    def test_taking_an_option_goes_where_it_leads_and_back_returns(self, session: Session) -> None:
        deliver_to_tension(session)
        session.take_option("Evacuate noncombatants")
        assert session.state.current == "evacuation"
        assert session.state.visits[-1].option == "Evacuate noncombatants"
        session.go_back()
        assert session.state.current == "tension"
        assert [v.via for v in session.state.visits] == ["next", "next", "option", "back"]

    def test_options_can_be_taken_by_index(self, session: Session) -> None:
        deliver_to_tension(session)
        session.take_option(1)
        assert session.state.current == "quake"
        assert session.state.phases == ("emerging_threats", "disaster")

    def test_an_unknown_option_names_the_options_there_are(self, session: Session) -> None:
        deliver_to_tension(session)
        with pytest.raises(UsageError, match="Hold and observe"):
            session.take_option("Surrender")

    def test_going_back_at_the_start_is_refused(self, session: Session) -> None:
        session.deliver_next()
        with pytest.raises(RefusedError, match="nothing to go back to"):
            session.go_back()

    def test_jumping_to_an_unknown_inject_suggests_the_nearest_ids(self, session: Session) -> None:
        before = journal_length(session)
        with pytest.raises(UsageError, match="did you mean 'quake'"):
            session.jump("quak")
        assert journal_length(session) == before

    def test_jumping_to_a_phase_more_than_one_move_away_is_refused_naming_the_legal_triggers(
        self, session: Session
    ) -> None:
        session.jump("missiles", {"attack_determined": True, "diet_approval": True})
        before = journal_length(session)
        with pytest.raises(TransitionRefused, match="no single legal move") as refused:
            session.jump("tension", {"important_influence": True})
        assert "de_escalate" in refused.value.legal
        assert journal_length(session) == before
        assert session.state.current == "missiles"

    def test_an_inject_whose_trigger_is_not_legal_here_is_refused_as_the_validator_refuses_it(
        self, session: Session
    ) -> None:
        # `recovery` fires `recover`, which cannot fire without a disaster: the validator reports
        # such a path, and the session plays by the same rule.
        before = journal_length(session)
        with pytest.raises(TransitionRefused) as refused:
            session.jump("recovery")
        assert str(refused.value) == (
            "inject 'recovery' makes the move 'recover', which cannot fire from peacetime; legal from peacetime: "
            "threats_emerge (-> emerging_threats), attack_occurs (-> attack), disaster_strikes (-> disaster)"
        )
        assert journal_length(session) == before
        session.jump("recovery", without_move=True)  # the facilitator may still take it, marked
        assert (session.state.current, session.state.transitions) == ("recovery", ())
        assert session.state.visits[-1].without_move

    def test_jump_enters_the_phase_with_the_rooms_answers(self, session: Session) -> None:
        session.deliver_next()
        session.jump("missiles", {"attack_determined": True, "diet_approval": True})
        assert session.state.phases == ("attack",)

    def test_after_the_last_inject_next_is_refused(self, session: Session) -> None:
        session.jump("missiles", {"attack_determined": True, "diet_approval": True})
        session.fire("disaster_strikes")
        session.deliver_next()
        assert session.state.current == "recovery"
        assert session.state.phases == ("attack",)
        with pytest.raises(RefusedError, match="end of the scenario"):
            session.deliver_next()

    def test_an_adhoc_inject_is_delivered_and_next_resumes_where_play_was_heading(self, session: Session) -> None:
        session.deliver_next()
        session.insert_adhoc("Ferry fire", "A ferry burns near the port.", tags=["maritime"])
        state = session.state
        assert state.current == "adhoc-1"
        assert (state.step, state.default_path_position, state.current_adhoc) == (2, None, True)
        assert state.next_inject == "tension"
        assert session.inject().title == "Ferry fire"
        session.deliver_next({"important_influence": True})
        assert session.state.current == "tension"

    def test_an_adhoc_inject_with_an_unknown_tag_is_refused(self, session: Session) -> None:
        with pytest.raises(UsageError, match="unknown tag"):
            session.insert_adhoc("Ferry fire", tags=["ferries"])


class TestPhases:
    def test_firing_a_trigger_records_the_transition_and_the_answers(self, session: Session) -> None:
        session.fire("attack_occurs", {"attack_determined": True, "diet_approval": True})
        assert session.state.phases == ("attack",)
        assert session.state.transitions[-1].inject is None

    def test_an_illegal_trigger_is_refused_naming_the_legal_ones_and_records_nothing(self, session: Session) -> None:
        before = journal_length(session)
        with pytest.raises(TransitionRefused) as refused:
            session.fire("recover")
        assert "threats_emerge" in refused.value.legal
        assert journal_length(session) == before

    def test_a_disaster_during_a_security_phase_keeps_both(self, session: Session) -> None:
        deliver_to_tension(session)
        session.fire("disaster_strikes")
        assert session.state.phases == ("emerging_threats", "disaster")
        assert {m.trigger for m in session.legal_moves()} >= {"recover", "de_escalate"}


class TestCitations:
    def test_a_citation_records_the_reason_and_the_phases(self, session: Session) -> None:
        deliver_to_tension(session)
        session.cite("IV.B", "the room discusses an important influence")
        (citation,) = session.state.current_citations
        assert (citation.clause, citation.out_of_phase, citation.phases) == ("IV.B", False, ("emerging_threats",))

    def test_citing_a_clause_that_does_not_apply_now_marks_it_out_of_phase(self, session: Session) -> None:
        deliver_to_tension(session)
        session.cite("VI", "the facilitator insists")
        assert session.state.citations[-1].out_of_phase

    def test_citing_before_any_inject_is_refused(self, session: Session) -> None:
        with pytest.raises(RefusedError, match="no inject has been delivered"):
            session.cite("III")

    def test_an_unknown_clause_is_a_usage_error_with_suggestions_and_records_nothing(self, session: Session) -> None:
        session.deliver_next()
        before = journal_length(session)
        with pytest.raises(UnknownClauseError) as refused:
            session.cite("IV.Bx")
        message, _, suggestions = str(refused.value).partition("; did you mean ")
        assert message == "no clause has the id 'IV.Bx'"
        assert "'IV.B'" in suggestions.split(" or ")
        assert journal_length(session) == before
        assert [c.source for c in session.state.citations] == ["scenario"]  # presented with the inject

    def test_citing_the_same_clause_twice_is_refused(self, session: Session) -> None:
        session.deliver_next()
        session.cite("III.A")
        with pytest.raises(RefusedError, match="already cited"):
            session.cite("III.A")

    def test_withdrawing_keeps_the_withdrawal_on_record(self, session: Session) -> None:
        session.deliver_next()
        session.cite("III.A", "coordination")
        session.withdraw("III.A", "not discussed after all")
        state = session.state
        assert state.citations == ()
        assert state.withdrawals[0].citation.clause == "III.A"
        assert state.withdrawals[0].reason == "not discussed after all"

    def test_withdrawing_a_clause_that_is_not_cited_is_refused(self, session: Session) -> None:
        session.deliver_next()
        with pytest.raises(RefusedError, match="not cited"):
            session.withdraw("III")

    def test_suggestions_rank_the_scenarios_citations_first_and_never_out_of_phase(
        self, session: Session, corpus: Corpus
    ) -> None:
        deliver_to_tension(session)
        suggestions = session.suggestions()
        assert suggestions[0].id == "IV.B"
        assert suggestions[0].reason == "cited by the scenario"
        assert suggestions[0].evidence.startswith("cited by scenario")
        applicable = corpus.applicable_ids(session.state.phases)
        assert all(s.id in applicable for s in suggestions)

    def test_a_clause_the_inject_cites_stays_suggested_flagged_out_of_phase_once_its_phase_is_over(
        self, session: Session, corpus: Corpus
    ) -> None:
        deliver_to_tension(session)
        session.take_option("Hold and observe")  # `quake` strikes a disaster and cites VI
        assert "VI" in [s.id for s in session.suggestions(limit=None) if not s.out_of_phase]
        session.fire("recover")
        assert session.state.phases == ("emerging_threats",)
        suggested = session.suggestions(limit=None)
        # The scenario's own citation stays in view, flagged; nothing else out of phase is suggested.
        assert [(s.id, s.source) for s in suggested if s.out_of_phase] == [("VI", "scenario")]
        assert {s.id for s in suggested if not s.out_of_phase} <= set(corpus.applicable_ids(("emerging_threats",)))

    def test_no_suggestions_before_the_first_inject(self, session: Session) -> None:
        assert session.suggestions() == []

    def test_suggestions_follow_the_inject_in_front_of_the_room_and_the_phases(
        self, session: Session, corpus: Corpus
    ) -> None:
        from tabletop.rules import ClauseIndex
        from tabletop.session import rank_citations

        def ranked_now(inject_id: str) -> list[Citation]:
            inject = session.inject(inject_id)
            assert isinstance(inject, Inject)
            text = "\n".join(
                [inject.title, inject.narrative, *(q if isinstance(q, str) else q.text for q in inject.questions)]
            )
            return rank_citations(
                corpus,
                ClauseIndex.for_corpus(corpus),
                session.state.phases,
                cited=inject.cite,
                tags=inject.tags,
                text=text,
                limit=10,
            )

        session.deliver_next()
        first = session.suggestions()
        assert first[0].id == "III.A"
        assert session.suggestions() == first == ranked_now("quiet")
        assert session.suggestions(limit=1) == first[:1]
        session.fire("disaster_strikes")
        # Ranked again for peacetime + disaster; the disaster chapter's only link to this inject
        # is "active" ~ "activities", below the citation floor, so the list stays the same.
        assert session.suggestions() == ranked_now("quiet") == first
        session.deliver_next({"important_influence": True})
        assert session.suggestions()[0].id == "IV.B"


class TestRecord:
    def test_notes_and_decisions_attach_to_the_current_inject(self, session: Session) -> None:
        session.note("Before anything")
        session.deliver_next()
        session.note("ACM convened")
        session.decide("Japan cell", "Raise the alert level")
        state = session.state
        assert [(n.inject, n.text) for n in state.notes] == [(None, "Before anything"), ("quiet", "ACM convened")]
        assert (state.decisions[0].decided_by, state.decisions[0].inject) == ("Japan cell", "quiet")

    def test_a_rating_replaces_the_previous_rating_of_the_same_action(self, session: Session) -> None:
        session.deliver_next()
        session.rate("quiet", "a1", "S", "slow to convene")
        session.rate("quiet", "a2", "P")
        session.rate("quiet", "a1", "P", "convened at once on replay")
        ratings = session.state.ratings
        assert [(r.action, r.rating) for r in ratings] == [(1, "P"), (0, "P")]
        assert ratings[-1].action_text == "Convene the Alliance Coordination Mechanism"

    def test_rating_an_expected_action_that_does_not_exist_is_a_usage_error(self, session: Session) -> None:
        session.deliver_next()
        before = journal_length(session)
        with pytest.raises(UsageError) as raised:
            session.rate("quiet", "a5", "P")
        assert str(raised.value) == (
            "inject 'quiet' has no expected action 'a5'; its expected actions are "
            "a1: Convene the Alliance Coordination Mechanism; a2: Share the maritime picture"
        )
        with pytest.raises(UsageError, match="no inject"):
            session.rate("nowhere", "a1", "P")
        assert journal_length(session) == before

    def test_rating_by_an_index_a_person_cannot_see_is_refused(self, session: Session) -> None:
        session.deliver_next()
        with pytest.raises(UsageError, match="has no expected action 0; its expected actions are a1: "):
            session.rate("quiet", 0, "P")  # type: ignore[arg-type]  # an index, which is refused

    def test_rating_an_inject_not_delivered_yet_is_refused(self, session: Session) -> None:
        session.deliver_next()
        before = journal_length(session)
        with pytest.raises(RefusedError, match="'missiles' has not been delivered yet"):
            session.rate("missiles", "a1", "P")
        assert journal_length(session) == before

    def test_a_rating_off_the_hseep_scale_is_an_input_error(self, session: Session) -> None:
        session.deliver_next()
        with pytest.raises(InputError, match="rating"):
            session.rate("quiet", "a1", "X")  # type: ignore[arg-type]  # off the scale, which is refused

    def test_hot_wash_entries_and_their_objective(self, session: Session) -> None:
        session.hot_wash("strength", "Fast ACM activation", objective="obj1")
        session.hot_wash("improvement", "Information sharing lagged")
        assert [e.kind for e in session.state.hot_wash] == ["strength", "improvement"]
        with pytest.raises(UsageError, match="objective"):
            session.hot_wash("strength", "x", objective="obj9")

    def test_improvement_plan_items_keep_every_field(self, session: Session) -> None:
        session.add_improvement_item(
            issue="Slow information sharing",
            corrective_action="Joint procedure for the ACM",
            capability_element="planning",
            responsible_organisation="Ministry of Defense",
            point_of_contact="J5 planner",
            start_date="2030-05-01",
            completion_date="2030-09-30",
        )
        item = session.state.improvement_plan[0]
        assert (item.responsible_organisation, str(item.completion_date)) == ("Ministry of Defense", "2030-09-30")

    def test_an_improvement_item_finishing_before_it_starts_is_refused(self, session: Session) -> None:
        with pytest.raises(UsageError, match="completion date"):
            session.add_improvement_item(
                issue="i",
                corrective_action="c",
                capability_element="training",
                responsible_organisation="o",
                point_of_contact="p",
                start_date="2030-05-01",
                completion_date="2030-04-01",
            )

    def test_the_clock_counts_only_while_running(self, session: Session) -> None:
        # The ticking clock advances one second per event.
        session.pause_clock("lunch")
        session.note("during the break")
        session.resume_clock()
        session.end()
        clock = session.state.clock
        assert not clock.running
        (pause,) = clock.pauses
        assert (pause.reason, pause.duration()) == ("lunch", timedelta(seconds=2))
        assert clock.elapsed() == timedelta(seconds=2)

    def test_pausing_twice_is_refused(self, session: Session) -> None:
        session.pause_clock()
        with pytest.raises(RefusedError, match="already paused"):
            session.pause_clock()
        session.resume_clock()
        with pytest.raises(RefusedError, match="already running"):
            session.resume_clock()


class TestEnding:
    def test_after_the_end_every_operation_is_refused(self, session: Session) -> None:
        session.deliver_next()
        session.end("well done")
        before = journal_length(session)
        operations: list[Callable[[], object]] = [
            lambda: session.deliver_next(),
            lambda: session.jump("quake"),
            lambda: session.go_back(),
            lambda: session.take_option(0),
            lambda: session.fire("threats_emerge", {"important_influence": True}),
            lambda: session.cite("III"),
            lambda: session.withdraw("III"),
            lambda: session.note("late"),
            lambda: session.decide("x", "y"),
            lambda: session.rate("quiet", "a1", "P"),
            lambda: session.hot_wash("strength", "x"),
            lambda: session.insert_adhoc("late"),
            lambda: session.pause_clock(),
            lambda: session.resume_clock(),
            lambda: session.end(),
        ]
        for operation in operations:
            with pytest.raises(SessionEnded):
                operation()
        assert journal_length(session) == before
        assert session.state.ended


class TestReopening:
    def test_reopening_shows_exactly_the_state_before(self, session: Session) -> None:
        deliver_to_tension(session)
        session.cite("IV.B", "why")
        session.note("n")
        state = session.state
        session.close()
        with Session.open(session.path) as reopened:
            assert reopened.state == state
            reopened.take_option(0)
            assert reopened.state.current == "evacuation"

    def test_a_session_uses_its_stored_scenario_even_if_the_file_changed(
        self, tmp_path: Path, corpus: Corpus, session_dir: Path
    ) -> None:
        from tabletop.scenario import load_scenario

        copy = tmp_path / "drill.yaml"
        copy.write_text(DRILL_PATH.read_text(encoding="utf-8"), encoding="utf-8")
        started = Session.start(load_scenario(copy, corpus), corpus, session_dir=session_dir)
        started.deliver_next()
        started.close()
        copy.write_text("title: something else entirely\n", encoding="utf-8")
        with Session.open(started.path) as reopened:
            assert reopened.inject("quiet").title == "Quiet start"
            assert reopened.scenario.scenario.title == "Session engine drill"

    def test_a_read_only_session_refuses_to_record_and_the_file_is_unchanged(self, session: Session) -> None:
        session.deliver_next()
        session.close()
        assert isinstance(session.path, Path)
        before = session.path.read_bytes()
        with Session.open(session.path, readonly=True) as opened:
            state = opened.state
            with pytest.raises(SessionFileError, match="the session is open read-only"):
                opened.note("x")
            with pytest.raises(SessionFileError, match="read-only"):
                opened.deliver_next({"important_influence": True})
            assert opened.state == state
            assert len(opened.events()) == state.last_seq
        assert session.path.read_bytes() == before


def test_a_session_uses_its_stored_rules_even_if_the_rules_file_changed(tmp_path: Path, session_dir: Path) -> None:
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario

    rules = tmp_path / "rules.yaml"
    original = (DRILL_PATH.parent / "rules.yaml").read_text(encoding="utf-8")
    rules.write_text(original, encoding="utf-8")
    corpus = load_rules(rules)
    started = Session.start(load_scenario(DRILL_PATH, corpus), corpus, session_dir=session_dir)
    started.deliver_next()
    started.close()
    rules.write_text(original.replace("Alliance Coordination Mechanism", "Renamed Mechanism"), encoding="utf-8")
    with Session.open(started.path) as reopened:
        assert reopened.corpus.text == original
        assert reopened.corpus.clause("III.A").title == "Alliance Coordination Mechanism"


class TestWhatTheConsoleShows:
    """Everything the console and the reports render comes from the core, ready to show."""

    def test_position_counts_steps_on_the_path_taken_and_places_them_on_the_default_path(
        self, session: Session
    ) -> None:
        state = session.state
        assert (state.step, state.default_path_position) == (None, None)
        assert (state.default_path_length, state.inject_count) == (5, 6)
        deliver_to_tension(session)
        assert (session.state.step, session.state.default_path_position) == (2, 2)
        session.take_option("Evacuate noncombatants")  # a contingency, off the default path
        assert (session.state.step, session.state.default_path_position) == (3, None)
        session.deliver_next()  # the contingency rejoins the default path at `quake`
        assert (session.state.current, session.state.step, session.state.default_path_position) == ("quake", 4, 3)
        session.go_back()
        assert (session.state.current, session.state.step) == ("evacuation", 3)

    def test_status_json_reports_the_same_position(self, session: Session) -> None:
        deliver_to_tension(session)
        assert state_summary(session.state)["position"] == {
            "step": 2,
            "default_path_position": 2,
            "adhoc": False,
            "default_path_length": 5,
            "inject_count": 6,
        }

    def test_the_options_of_a_decision_point_mark_the_default_one(self, session: Session) -> None:
        assert session.options() == ()
        session.deliver_next()
        assert session.options() == ()
        session.deliver_next({"important_influence": True})
        options = session.options()
        assert [(o.index, o.label, o.target, o.default) for o in options] == [
            (0, "Evacuate noncombatants", "evacuation", False),
            (1, "Hold and observe", "quake", True),
        ]
        assert session.state.next_inject == "quake"
        session.insert_adhoc("Ferry fire")
        assert session.options() == ()

    def test_the_rating_sheet_lists_every_expected_action_rated_or_not(self, session: Session) -> None:
        session.deliver_next()
        session.rate("quiet", "a2", "M", "picture shared late")
        sheet = session.rating_sheet()
        assert [(line.inject, line.key, line.action, line.delivered) for line in sheet] == [
            ("quiet", "a1", "Convene the Alliance Coordination Mechanism", True),
            ("quiet", "a2", "Share the maritime picture", True),
            ("missiles", "a1", "Defend airspace bilaterally", False),
        ]
        assert sheet[0].rating is None and sheet[0].objective == "obj1"
        assert sheet[1].rating is not None
        assert (sheet[1].rating.rating, sheet[1].rating.observation, sheet[1].responsible) == (
            "M",
            "picture shared late",
            "us",
        )

    def test_the_clock_keeps_each_pause_with_its_reason(self, session: Session) -> None:
        session.pause_clock("lunch")
        paused = session.state.clock.pauses[-1]
        assert (paused.reason, paused.resumed_at) == ("lunch", None)
        session.resume_clock()
        session.pause_clock()
        pauses = session.state.clock.pauses
        assert [p.reason for p in pauses] == ["lunch", ""]
        assert pauses[0].resumed_at is not None and pauses[1].resumed_at is None
        assert state_summary(session.state)["clock"]["pauses"][0]["reason"] == "lunch"

    def test_the_closing_remark_and_the_version_that_recorded_are_kept(self, session: Session, run_cli: RunCli) -> None:
        session.end("Well played; hot wash at 15:00")
        state = session.state
        assert state.closing_summary == "Well played; hot wash at 15:00"
        # The version on record is the one `tabletop --version` names.
        _, printed, _ = run_cli("--version")
        assert printed.split()[-1] == state.tabletop_version
        assert state_summary(state)["closing_summary"] == "Well played; hot wash at 15:00"


class TestOneFacilitatorAtATime:
    def test_a_second_facilitator_opening_a_session_for_recording_is_refused_at_once(self, session: Session) -> None:
        session.deliver_next()
        with pytest.raises(RefusedError, match="facilitator's seat of this session is open in another program"):
            Session.open(session.path)
        # Reading it meanwhile is fine, and shows what the first one recorded.
        with Session.open(session.path, readonly=True) as reader:
            assert reader.state.current == "quiet"
        session.note("the first writer carries on")
        session.close()
        with Session.open(session.path) as next_writer:
            assert next_writer.state.notes[-1].text == "the first writer carries on"
