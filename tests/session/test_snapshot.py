"""The view a screen draws from, and the room's determinations, driven through the public API only."""

from __future__ import annotations

import dataclasses
import threading
from typing import get_args

import pytest

from tabletop.errors import GatesUnanswered, RefusedError, SessionFileError, TransitionRefused
from tabletop.session import (
    ANSWER_SOURCES,
    CITATION_SOURCES,
    HOT_WASH_KINDS,
    RATINGS,
    CitationSource,
    HotWashKind,
    Rating,
    Session,
    SessionRecord,
    SessionSnapshot,
    dry_run,
)
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from pathlib import Path
from tests.session.conftest import TickingClock


def deliver_to_tension(session: Session) -> None:
    session.deliver_next()
    session.deliver_next({"important_influence": True})


class TestTheSnapshot:
    def test_before_the_first_inject_it_shows_what_next_delivers_and_the_whole_inject_list(
        self, session: Session
    ) -> None:
        view = session.snapshot()
        assert isinstance(view, SessionSnapshot)
        assert view.current is None
        assert (view.next.inject, view.next.title, view.next.move, view.next.allowed) == (
            "quiet",
            "Quiet start",
            None,
            True,
        )
        assert [(i.id, i.status, i.contingency) for i in view.injects] == [
            ("quiet", "pending", False),
            ("tension", "pending", False),
            ("evacuation", "pending", True),
            ("quake", "pending", False),
            ("missiles", "pending", False),
            ("recovery", "pending", False),
        ]
        assert view.classification == "UNCLASSIFIED // FOR TRAINING USE"
        assert (view.dry_run, view.readonly, view.ended) == (False, False, False)

    def test_the_phase_track_shows_every_region_of_the_rules_with_what_is_in_force(self, session: Session) -> None:
        session.deliver_next()
        session.jump("quake")
        regions = session.snapshot().regions
        assert [(r.id, r.phase) for r in regions] == [("security", "peacetime"), ("disaster", "disaster")]
        assert [(p.slug, p.in_force) for p in regions[0].phases] == [
            ("peacetime", True),
            ("emerging_threats", False),
            ("attack", False),
        ]
        assert regions[1].empty_title == "No disaster"

    def test_the_current_inject_carries_its_questions_by_cell_and_expected_actions_by_key(
        self, session: Session
    ) -> None:
        session.deliver_next()
        session.rate("quiet", "a2", "S", "late")
        current = session.snapshot().current
        assert current is not None
        assert (current.id, current.time, current.adhoc, current.without_move) == ("quiet", "D-3 06:00", False, False)
        assert [(q.text, q.cell, q.cell_name) for q in current.questions] == [
            ("Which coordination channels are active?", None, None),
            ("What does the Japan cell report?", "japan", "Japan cell"),
        ]
        assert list(current.questions_by_cell()) == [None, "japan"]
        assert [(a.key, a.action, a.rating.rating if a.rating else None) for a in current.expected_actions] == [
            ("a1", "Convene the Alliance Coordination Mechanism", None),
            ("a2", "Share the maritime picture", "S"),
        ]

    def test_what_next_would_do_is_the_move_with_its_gates_and_basis(self, session: Session, corpus: Corpus) -> None:
        session.deliver_next()
        step = session.snapshot().next
        assert step.inject == "tension" and step.allowed
        assert step.move is not None
        spec = next(t for t in corpus.transitions if t.trigger == "threats_emerge")
        assert (step.move.trigger, step.move.dest, step.move.basis) == (
            "threats_emerge",
            "emerging_threats",
            spec.basis,
        )
        [gate] = step.move.gates
        assert (gate.id, gate.authority, gate.strength, gate.question) == (
            "important_influence",
            "the two governments",
            "policy",
            spec.gates[0].question,
        )

    def test_legal_moves_carry_their_gates(self, session: Session) -> None:
        moves = {m.trigger: m for m in session.snapshot().legal_moves}
        assert set(moves) == {"threats_emerge", "attack_occurs", "disaster_strikes"}
        assert [(g.id, g.authority, g.strength) for g in moves["attack_occurs"].gates] == [
            ("attack_determined", "Cabinet", "statutory"),
            ("diet_approval", "National Diet", "statutory"),
        ]

    def test_options_at_a_decision_point_say_what_taking_each_would_do(self, session: Session) -> None:
        deliver_to_tension(session)
        options = session.snapshot().options
        assert [(o.label, o.target, o.default, o.step.allowed, o.step.move) for o in options] == [
            ("Evacuate noncombatants", "evacuation", False, True, None),
            ("Hold and observe", "quake", True, True, options[1].step.move),
        ]
        assert options[1].step.move is not None and options[1].step.move.trigger == "disaster_strikes"

    def test_at_the_end_of_the_scenario_next_is_refused_as_a_value(self, session: Session) -> None:
        session.jump("recovery", without_move=True)
        view = session.snapshot()
        assert view.next.inject is None and not view.next.allowed
        assert "end of the scenario" in (view.next.refused or "")

    def test_an_inject_whose_phase_is_out_of_reach_is_refused_as_a_value_naming_the_way(self, session: Session) -> None:
        session.deliver_next()
        step = session.preview("recovery")  # its trigger needs a disaster, which is not in force
        assert (step.allowed, step.out_of_reach) == (False, True)
        assert "'recover', which cannot fire from peacetime" in (step.refused or "")
        session.fire("attack_occurs", {"attack_determined": True, "diet_approval": True})
        step = session.preview("tension")
        assert (step.allowed, step.out_of_reach) == (False, True)
        assert "no single legal move reaches" in (step.refused or "")

    def test_the_snapshot_is_frozen_and_a_new_command_gives_a_new_one(self, session: Session) -> None:
        first = session.snapshot()
        with pytest.raises(dataclasses.FrozenInstanceError):
            first.ended = True  # type: ignore[misc]  # the assignment a frozen snapshot refuses
        session.deliver_next()
        assert first.current is None and session.snapshot().current is not None

    def test_an_ended_or_read_only_session_still_gives_a_snapshot(self, session: Session) -> None:
        deliver_to_tension(session)
        session.pause_clock("coffee")
        session.end("done")
        path = session.path
        session.close()
        with Session.open(path, readonly=True) as again:
            view = again.snapshot()
        assert (view.ended, view.readonly, view.closing_summary) == (True, True, "done")
        assert not view.next.allowed and view.next.refused
        assert view.clock.paused is False and view.clock.paused_total.total_seconds() > 0

    def test_the_clock_shows_the_scenario_time_and_the_pauses(self, session: Session) -> None:
        session.deliver_next()
        session.pause_clock("break")
        clock = session.snapshot().clock
        assert (clock.scenario_time, clock.paused) == ("D-3 06:00", True)
        assert clock.elapsed.total_seconds() > 0

    def test_scenario_citations_stay_in_view_flagged_when_their_phase_is_not_in_force(self, session: Session) -> None:
        session.deliver_next()
        session.jump("missiles", {"attack_determined": True, "diet_approval": True})
        session.jump("quake")  # cites VI, which applies only in a disaster: the disaster is now in force
        session.fire("recover")
        flagged = [(s.id, s.out_of_phase) for s in session.snapshot().suggestions if s.source == "scenario"]
        assert ("VI", True) in flagged


class TestTheRoomsDetermination:
    def test_a_no_is_recorded_with_who_decides_and_the_remark_and_leaves_the_phase(self, session: Session) -> None:
        session.deliver_next()
        event = session.deliver_next({"important_influence": False}, remarks={"important_influence": "wait"})
        assert event.type == "move_declined"
        view = session.snapshot()
        assert (view.phases, view.current.id if view.current else None) == (("peacetime",), "quiet")
        assert view.next.declined and view.declined is not None and view.declined.trigger == "threats_emerge"
        [determination] = view.determinations
        assert (determination.authority, determination.answer, determination.remark, determination.source) == (
            "the two governments",
            False,
            "wait",
            "facilitator",
        )

    def test_after_a_no_the_inject_can_be_delivered_without_its_move_and_is_marked(self, session: Session) -> None:
        session.deliver_next()
        session.deliver_next({"important_influence": False})
        session.deliver_next(without_move=True)
        view = session.snapshot()
        assert view.phases == ("peacetime",)
        assert view.current is not None and (view.current.id, view.current.without_move) == ("tension", True)
        assert view.state.visits[-1].without_move
        assert view.declined is None and not view.next.declined

    def test_after_a_no_the_room_can_stay_or_take_another_branch(self, session: Session) -> None:
        session.deliver_next()
        session.deliver_next({"important_influence": False})
        session.jump("quake")  # another branch: the disaster needs no determination
        assert session.state.phases == ("peacetime", "disaster")

    def test_one_no_is_enough_the_other_gates_may_stay_unanswered(self, session: Session) -> None:
        session.deliver_next()
        event = session.fire("attack_occurs", {"attack_determined": False})
        assert event.type == "move_declined"
        assert [(d.gate, d.answer) for d in session.state.determinations] == [("attack_determined", False)]
        with pytest.raises(GatesUnanswered):
            session.fire("attack_occurs", {"attack_determined": True})

    def test_every_yes_is_recorded_too_and_fires_the_move(self, session: Session) -> None:
        session.deliver_next()
        session.deliver_next({"important_influence": True}, remarks={"important_influence": "agreed at once"})
        [determination] = session.state.determinations
        assert (determination.answer, determination.fired, determination.remark, determination.inject) == (
            True,
            True,
            "agreed at once",
            "tension",
        )

    def test_a_jump_into_another_phase_fires_its_move_or_is_recorded_out_of_phase(self, session: Session) -> None:
        session.deliver_next()
        session.jump("missiles", without_move=True)
        assert session.state.phases == ("peacetime",)
        assert session.state.visits[-1].without_move
        session.jump("missiles", {"attack_determined": True, "diet_approval": True})
        assert session.state.phases == ("attack",)

    def test_an_inject_whose_phase_is_out_of_reach_can_only_be_taken_out_of_phase(self, session: Session) -> None:
        session.deliver_next()
        session.fire("attack_occurs", {"attack_determined": True, "diet_approval": True})
        with pytest.raises(TransitionRefused):
            session.jump("tension")
        session.jump("tension", without_move=True)
        current = session.snapshot().current
        assert current is not None and current.without_move

    def test_without_move_is_refused_when_delivering_makes_no_move(self, session: Session) -> None:
        with pytest.raises(RefusedError, match="no move to leave out"):
            session.deliver_next(without_move=True)

    def test_a_dry_run_marks_its_answers_as_assumed(
        self, corpus: Corpus, drill: LoadedScenario, session_dir: Path, ticking_clock: type[TickingClock]
    ) -> None:
        path = dry_run(drill.path, corpus, session_dir=session_dir, clock=ticking_clock())
        state = SessionRecord.load(path).state()
        assert state.determinations
        assert all(d.assumed and d.answer for d in state.determinations)
        assert {d.source for d in state.determinations} <= {"scenario", "dry-run default"}

    def test_the_determinations_survive_reopening(self, session: Session) -> None:
        session.deliver_next()
        session.deliver_next({"important_influence": False}, remarks={"important_influence": "no"})
        path = session.path
        expected = session.state
        session.close()
        with Session.open(path, readonly=True) as again:
            assert again.state == expected


class TestTypedValues:
    def test_the_value_types_enumerate_for_a_select_widget(self) -> None:
        assert RATINGS == get_args(Rating) == ("P", "S", "M", "U")
        assert HOT_WASH_KINDS == get_args(HotWashKind) == ("strength", "improvement")
        assert CITATION_SOURCES == get_args(CitationSource) == ("facilitator", "suggestion", "scenario", "discussed")
        assert ANSWER_SOURCES == ("facilitator", "scenario", "dry-run default")

    def test_a_citation_taken_from_the_suggestions_says_so(self, session: Session) -> None:
        session.deliver_next()
        top = session.snapshot().suggestions[0]
        session.cite(top.id, top.reason, source="suggestion")
        assert session.snapshot().citations[-1].source == "suggestion"


class TestFollowingAndRecords:
    def test_events_since_a_seq_are_only_the_newer_ones(self, session: Session) -> None:
        session.deliver_next()
        session.note("one")
        assert [e.seq for e in session.events(since=1)] == [2, 3]
        assert session.events(since=3) == []

    def test_a_follower_sees_what_the_writer_commits_after_it_opened(self, session: Session) -> None:
        follower = Session.follow(session.path)
        try:
            assert follower.refresh() == ()
            session.deliver_next()
            session.note("seen by the projector")
            new = follower.refresh()
            assert [e.type for e in new] == ["inject_delivered", "note_recorded"]
            current = follower.snapshot().current
            assert current is not None and current.id == "quiet"
            assert follower.state == session.state
            with pytest.raises(SessionFileError, match="read-only"):
                follower.note("never")
        finally:
            follower.close()

    def test_a_record_is_a_pure_value_that_round_trips_through_json(self, session: Session) -> None:
        deliver_to_tension(session)
        session.note("kept")
        path, state = session.path, session.state
        session.close()
        record = SessionRecord.load(path)
        assert record.state() == state
        again = SessionRecord.model_validate_json(record.model_dump_json())
        assert again == record and again.state() == state
        assert [d.role for d in record.documents] == ["scenario", "rules"]


class TestThreads:
    def test_commands_from_several_threads_are_recorded_one_at_a_time(self, session: Session) -> None:
        session.deliver_next()
        errors: list[BaseException] = []

        def write(n: int) -> None:
            try:
                for k in range(10):
                    session.note(f"thread {n} note {k}")
                    session.snapshot()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert [e.seq for e in session.events()] == list(range(1, 43))
        assert len(session.state.notes) == 40


class TestImprovisedInjects:
    def test_an_adhoc_inject_is_current_and_listed_after_the_inject_it_followed(self, session: Session) -> None:
        session.deliver_next()
        session.insert_adhoc("Ferry fire", "A ferry burns near the port.")
        view = session.snapshot()
        assert view.current is not None and (view.current.id, view.current.adhoc) == ("adhoc-1", True)
        assert [(i.id, i.status, i.adhoc) for i in view.injects[:3]] == [
            ("quiet", "delivered", False),
            ("adhoc-1", "current", True),
            ("tension", "pending", False),
        ]
        assert view.next.inject == "tension"

    def test_the_list_follows_each_command_as_a_fresh_one_would(self, session: Session) -> None:
        session.snapshot()
        deliver_to_tension(session)
        session.snapshot()
        session.go_back()
        live = session.snapshot().injects
        path = session.path
        session.close()
        with Session.open(path, readonly=True) as again:
            assert again.snapshot().injects == live
        assert [(i.id, i.status) for i in live[:2]] == [("quiet", "current"), ("tension", "delivered")]


def test_the_record_has_a_json_schema_for_other_tools() -> None:
    schema = SessionRecord.model_json_schema()
    assert set(schema["properties"]) == {"session_id", "metadata", "documents", "events"}


WRITER = """
import sys
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import Session

rules, scenario, folder = sys.argv[1:4]
corpus = load_rules(rules)
session = Session.start(load_scenario(scenario, corpus), corpus, session_dir=folder)
print(session.path, flush=True)
for line in sys.stdin:
    session.deliver_next()
    session.note(line.strip())
    print("done", flush=True)
session.close()
"""


def test_a_follower_sees_what_another_process_commits(tmp_path: Path, drill: LoadedScenario, corpus: Corpus) -> None:
    import subprocess
    import sys

    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(corpus.path), str(drill.path), str(tmp_path / "sessions")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdin is not None
        path = writer.stdout.readline().strip()
        follower = Session.follow(path)
        try:
            assert follower.snapshot().current is None
            writer.stdin.write("seen on the projector\n")
            writer.stdin.flush()
            assert writer.stdout.readline().strip() == "done"
            assert [e.type for e in follower.refresh()] == ["inject_delivered", "note_recorded"]
            view = follower.snapshot()
            assert (view.current.id if view.current else None, view.readonly) == ("quiet", True)
            assert view.notes[-1].text == "seen on the projector"
        finally:
            follower.close()
        writer.stdin.close()
        assert writer.wait(timeout=30) == 0
    finally:
        if writer.poll() is None:
            writer.kill()


class TestWhatTheRoomSees:
    def test_the_participants_view_leaves_out_everything_facilitator_only(self, session: Session) -> None:
        session.deliver_next()
        session.rate("quiet", "a1", "S", "slow")
        session.note("facilitator's aside")
        session.decide("Japan cell", "Raise the alert level")
        session.cite("III.A", "coordination")
        view = session.snapshot().for_participants()
        assert view.current is not None
        assert (view.current.narrative, len(view.current.questions)) == (
            "Routine bilateral patrols continue; the Alliance Coordination Mechanism meets.",
            2,
        )
        assert (view.current.expected_actions, view.current.facilitator_notes, view.current.cite) == ((), None, ())
        assert [i.id for i in view.injects] == ["quiet"]  # nothing still to come
        assert (view.next.inject, view.next.move, view.legal_moves, view.suggestions) == (None, None, (), ())
        assert (view.notes, view.citations, view.state.ratings, view.state.notes) == ((), (), (), ())
        assert [d.decision for d in view.decisions] == ["Raise the alert level"]
        assert view.classification == "UNCLASSIFIED // FOR TRAINING USE"


def test_the_snapshot_carries_the_scenarios_objectives_in_order_for_the_room_too(session: Session) -> None:
    objectives = session.scenario.scenario.objectives
    view = session.snapshot()
    assert objectives and [(o.id, o.text, o.capability) for o in view.objectives] == [
        (o.id, o.text, o.capability) for o in objectives
    ]
    assert view.for_participants().objectives == view.objectives
