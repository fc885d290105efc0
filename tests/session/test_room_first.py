"""The room first: an inject is heard, then discussed, then determined; the record says only what
the room did (its move pending, a "no" that settles the move, the scenario's clauses presented)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, UTC

import pytest

from tabletop.errors import InputError, RefusedError, UsageError
from tabletop.session import (
    Cite,
    Committed,
    Declined,
    DeliverNext,
    DetermineMove,
    InsertAdHoc,
    Jump,
    Note,
    Refused,
    Seat,
    TakeOption,
    Session,
    SessionRecord,
    Withdraw,
    export_jsonl,
)
from tabletop.rules import Corpus
from collections.abc import Callable, Iterator
from tabletop.scenario import LoadedScenario
from pathlib import Path
from tests.conftest import RunCli
from tests.session.conftest import TickingClock


def _to_tension(session: Session) -> None:
    session.deliver_next()  # quiet


class TestDeliverThenDetermine:
    def test_an_inject_that_moves_the_phase_is_shown_at_once_with_its_move_waiting(self, session: Session) -> None:
        _to_tension(session)
        shown = session.snapshot()
        outcome = session.execute(DeliverNext(expected_seq=shown.seq, move_pending=True))
        assert isinstance(outcome, Committed)
        snap = outcome.snapshot
        assert snap.current is not None and snap.current.id == "tension"  # the room hears it now
        assert snap.phases == ("peacetime",)  # nothing determined yet
        assert snap.pending is not None and snap.pending.inject == "tension"
        assert [g.id for g in snap.pending.move.gates] == ["important_influence"]
        assert snap.pending.move.dest == "emerging_threats"
        # The participants see the inject, never the gates waiting for the facilitator.
        assert snap.for_participants().pending is None
        heard = snap.for_participants().current
        assert heard is not None and heard.title == "Rising tension at sea"

    def test_the_move_is_made_when_the_room_determines_it_and_the_journal_keeps_the_order(
        self, session: Session
    ) -> None:
        _to_tension(session)
        delivered = session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        assert isinstance(delivered, Committed)
        session.note("the room discusses the vessels first")
        outcome = session.execute(
            DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True})
        )
        assert isinstance(outcome, Committed)
        assert outcome.snapshot.phases == ("emerging_threats",) and outcome.snapshot.pending is None
        types = [e.type for e in session.events(since=delivered.event.seq - 1)]
        assert types == ["inject_delivered", "note_recorded", "phase_trigger_fired"]
        (answer,) = session.state.determinations
        # Delivered at, determined at: the decision clock runs between the two.
        assert answer.delivered_at == delivered.event.at < answer.at
        assert answer.inject == "tension" and answer.fired
        (change,) = session.state.transitions
        assert change.inject == "tension"

    def test_a_move_waiting_can_be_determined_only_once(self, session: Session) -> None:
        _to_tension(session)
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True}))
        again = session.execute(
            DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True})
        )
        assert isinstance(again, Refused) and again.kind == "refused" and "no move is waiting" in again.reason

    def test_another_inject_in_front_of_the_room_leaves_the_move_undetermined(self, session: Session) -> None:
        _to_tension(session)
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        session.go_back()
        assert session.snapshot().pending is None and session.state.phases == ("peacetime",)
        assert session.state.determinations == ()

    @pytest.mark.parametrize(
        "another",
        [
            lambda seq: DeliverNext(expected_seq=seq),
            lambda seq: DeliverNext(expected_seq=seq, move_pending=True),
            lambda seq: DeliverNext(expected_seq=seq, without_move=True),
            lambda seq: TakeOption(expected_seq=seq, choice="Evacuate noncombatants"),
            lambda seq: Jump(expected_seq=seq, inject="missiles", move_pending=True),
            lambda seq: InsertAdHoc(expected_seq=seq, title="Breaking news"),
        ],
        ids=["next", "next-room-first", "next-without-move", "option", "jump", "ad-hoc"],
    )
    def test_no_other_inject_is_delivered_while_a_move_waits_for_the_room(
        self, session: Session, another: Callable[[int], DeliverNext | TakeOption | Jump | InsertAdHoc]
    ) -> None:
        _to_tension(session)
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        waiting = session.snapshot()
        assert waiting.next.refused is not None and "waiting for the room's determination" in waiting.next.refused
        events = len(session.events())
        refused = session.execute(another(waiting.seq))
        assert isinstance(refused, Refused) and refused.kind == "refused"
        assert refused.reason == waiting.next.refused  # what `n` says at once is what the session says
        assert "move into emerging_threats" in refused.reason and "“Rising tension at sea”" in refused.reason
        assert "g puts its gates" in refused.reason and "nothing was recorded" in refused.reason
        assert len(session.events()) == events
        assert refused.snapshot.current is not None and refused.snapshot.current.id == "tension"
        assert refused.snapshot.pending is not None and refused.snapshot.pending.inject == "tension"

    def test_a_second_seat_cannot_drop_the_waiting_move_either(self, session: Session) -> None:
        _to_tension(session)
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        with Session.open(session.path, seat=Seat(role="facilitator", name="a script"), exclusive=False) as script:
            refused = script.execute(DeliverNext(expected_seq=script.snapshot().seq))
        assert isinstance(refused, Refused) and "waiting for the room's determination" in refused.reason

    def test_once_the_room_has_determined_the_move_the_next_inject_is_delivered(self, session: Session) -> None:
        _to_tension(session)
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        said_no = session.execute(
            DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": False})
        )
        assert isinstance(said_no, Declined) and said_no.snapshot.next.refused is None
        outcome = session.execute(DeliverNext(expected_seq=said_no.snapshot.seq))
        assert isinstance(outcome, Committed) and outcome.snapshot.current is not None
        assert [d.answer for d in outcome.snapshot.state.determinations] == [False]

    def test_the_pending_move_and_its_determination_replay_from_the_file(self, session: Session) -> None:
        _to_tension(session)
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        waiting = session.state
        with Session.open(session.path, readonly=True) as reopened:
            assert reopened.state == waiting and reopened.state.pending is not None
        session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True}))
        with Session.open(session.path, readonly=True) as reopened:
            assert reopened.state == session.state

    def test_a_delivery_with_its_move_pending_takes_no_answers(self, session: Session) -> None:
        _to_tension(session)
        refused = session.execute(
            DeliverNext(expected_seq=session.snapshot().seq, move_pending=True, answers={"important_influence": True})
        )
        assert isinstance(refused, Refused) and refused.kind == "invalid"

    def test_an_inject_that_makes_no_move_is_delivered_as_it_is(self, session: Session) -> None:
        outcome = session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        assert isinstance(outcome, Committed) and outcome.snapshot.pending is None
        assert "move_pending" not in outcome.event.payload.model_dump()


class TestNoSettlesTheMove:
    @pytest.fixture
    def at_defense_operation(self, tmp_path: Path, ticking_clock: type[TickingClock]) -> Iterator[Session]:
        from tabletop.rules import load_rules
        from tabletop.scenario import load_scenario

        corpus = load_rules()
        scenario = load_scenario("scenarios/southwest_islands.yaml", corpus)
        session = Session.start(scenario, corpus, session_dir=tmp_path, clock=ticking_clock())
        while session.next_inject != "defense_operation":
            step = session.snapshot().next
            answers = {gate.id: True for gate in step.move.gates} if step.move else {}
            session.deliver_next(answers)
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        yield session
        session.close()

    def test_a_no_at_the_second_of_three_gates_records_one_no_and_nothing_invented(
        self, at_defense_operation: Session
    ) -> None:
        session = at_defense_operation
        pending = session.snapshot().pending
        assert pending is not None
        first, second, third = (gate.id for gate in pending.move.gates)
        before = session.state.phases
        outcome = session.execute(
            DetermineMove(expected_seq=session.snapshot().seq, answers={first: True, second: False})
        )
        assert isinstance(outcome, Declined)
        assert [(a.gate, a.answer) for a in outcome.declined.answers] == [(first, True), (second, False)]
        assert outcome.declined.not_put == (third,)
        state = outcome.snapshot.state
        assert state.phases == before and state.pending is None
        asked = [d for d in state.determinations if d.trigger == pending.move.trigger]
        assert [(d.gate, d.answer) for d in asked] == [(first, True), (second, False)]  # no third answer
        refused = next(d for d in asked if not d.answer)
        assert refused.not_put == (third,)

    def test_the_report_says_which_gate_was_refused_and_which_were_never_put(
        self, at_defense_operation: Session
    ) -> None:
        from tabletop.report import build_report, render_report

        session = at_defense_operation
        pending = session.snapshot().pending
        assert pending is not None
        first, second, third = (gate.id for gate in pending.move.gates)
        session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={first: True, second: False}))
        record = session.record()
        no = next(d for d in build_report(record).summary.determinations if not d.answer)
        assert (no.gate, no.not_put, no.fired) == (second, (third,), False)
        assert f"never put: `{third}`" in render_report(record, "md")
        assert f"never put: <code>{third}</code>" in render_report(record, "html")


class TestScenarioCitationsPresented:
    def test_delivering_an_inject_records_the_clauses_its_scenario_cites_as_presented(self, session: Session) -> None:
        event = session.deliver_next()
        assert event.payload.type == "inject_delivered" and event.payload.presented == ("III.A",)
        (presented,) = session.state.citations
        assert (presented.clause, presented.source, presented.reason) == ("III.A", "scenario", "cited by the scenario")
        assert presented.coverage == "presented" and presented.presented

    def test_a_clause_presented_is_taken_up_when_the_room_discusses_or_cites_it(self, session: Session) -> None:
        session.deliver_next()
        session.cite("III.A", "the room used the ACM", source="discussed")
        assert session.state.citations[0].coverage == "discussed"
        session.cite("III.A", "the basis of the answer")
        (cited,) = session.state.citations
        assert (cited.coverage, cited.presented, cited.reason) == ("cited", True, "the basis of the answer")
        with pytest.raises(RefusedError, match="already cited"):
            session.cite("III.A", source="discussed")

    def test_the_facilitator_can_withdraw_a_presented_clause_that_did_not_come_up(self, session: Session) -> None:
        session.deliver_next()
        outcome = session.execute(Withdraw(expected_seq=session.snapshot().seq, clause="III.A", reason="not raised"))
        assert isinstance(outcome, Committed) and session.state.citations == ()
        assert session.state.withdrawals[0].citation.source == "scenario"

    def test_delivering_the_same_inject_again_presents_nothing_twice(self, session: Session) -> None:
        session.deliver_next()
        session.deliver_next({"important_influence": True})
        again = session.execute(Jump(expected_seq=session.snapshot().seq, inject="quiet"))
        assert isinstance(again, Committed) and again.event.payload.type == "inject_delivered"
        assert again.event.payload.presented == ()
        assert [c.clause for c in session.state.citations_for("quiet")] == ["III.A"]

    def test_presented_clauses_stand_in_the_phase_the_room_then_determines(self, session: Session) -> None:
        session.deliver_next()
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        (waiting,) = session.state.citations_for("tension")
        assert waiting.phases == ("peacetime",)
        session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True}))
        (entered,) = session.state.citations_for("tension")
        assert entered.phases == ("emerging_threats",) and not entered.out_of_phase

    def test_status_report_and_coverage_count_the_presented_clauses_alike(
        self, session: Session, run: RunCli, tmp_path: Path
    ) -> None:
        from tabletop.report import build_report

        session.deliver_next()
        session.cite("IV.A.1", "the room's own")
        session.end()
        status, out, err = run("status", str(session.path), "--format", "json")
        assert status == 0, err
        data = json.loads(out)
        assert data["counts"]["citations"] == 2
        assert [(c["clause"], c["source"]) for c in data["citations"]] == [
            ("III.A", "scenario"),
            ("IV.A.1", "facilitator"),
        ]
        report = build_report(SessionRecord.load(session.path))
        assert report.summary.counts.citations == 2
        peacetime = report.coverage.phases[0]
        assert (peacetime.presented, peacetime.cited) == (1, 1)
        status, out, err = run("coverage", str(session.path), "--format", "json")
        assert status == 0, err
        chapters = {c["chapter"]: c for c in json.loads(out)["chapters"]}
        assert (chapters["III"]["presented"], chapters["IV"]["cited"]) == (1, 1)


class TestImprovementPlanAfterTheSeminar:
    def test_an_issue_and_a_corrective_action_are_enough_and_the_rest_follows(self, session: Session) -> None:
        session.add_improvement_item(issue="No shared picture", corrective_action="Build one with the JCG")
        (draft,) = session.state.improvement_plan
        assert draft.status == "draft" and draft.number == 1
        assert draft.missing == (
            "capability element",
            "responsible organisation",
            "point of contact",
            "start date",
            "completion date",
        )
        session.end("seminar over")
        session.complete_improvement_item(
            1,
            capability_element="Planning",
            responsible_organisation="Cabinet Secretariat",
            point_of_contact="Duty officer",
            start_date="2030-05-01",
            completion_date="2030-09-30",
        )
        assert session.state.improvement_plan[0].status == "open"
        session.close_improvement_item(1, "done")
        closed = session.state.improvement_plan[0]
        assert closed.status == "closed" and closed.closing_remark == "done"
        with pytest.raises(RefusedError, match="closed"):
            session.complete_improvement_item(1, point_of_contact="someone else")

    def test_an_ended_session_accepts_the_improvement_plan_and_nothing_else(self, session: Session) -> None:
        session.deliver_next()
        session.end()
        refused = session.execute(Note(expected_seq=session.snapshot().seq, text="late"))
        assert isinstance(refused, Refused) and refused.kind == "ended"
        assert "but its improvement plan" in refused.reason
        added = session.add_improvement_item(issue="Late liaison", corrective_action="Name one")
        assert added.seq == session.state.last_seq and session.state.ended
        with Session.open(session.path, readonly=True) as reopened:
            assert reopened.state == session.state

    def test_an_item_that_does_not_exist_or_dates_out_of_order_are_refused(self, session: Session) -> None:
        session.add_improvement_item(issue="x", corrective_action="y", start_date="2030-05-01")
        with pytest.raises(UsageError, match="no item 2"):
            session.complete_improvement_item(2, point_of_contact="z")
        with pytest.raises(UsageError, match="before the start date"):
            session.complete_improvement_item(1, completion_date="2030-01-01")
        assert len(session.events()) == 2

    def test_ip_lists_adds_completes_and_closes_through_the_journal(self, session: Session, run: RunCli) -> None:
        session.end()
        path = str(session.path)
        session.close()
        status, out, err = run("ip", "add", path, "--issue", "No shared picture", "--action", "Build one")
        assert status == 0, err and "1  draft   No shared picture" in out
        status, out, err = run(
            "ip", "complete", path, "1", "--capability", "Planning", "--organisation", "CAS", "--poc", "Duty officer",
            "--start", "2030-05-01", "--due", "2030-09-30",
        )  # fmt: skip
        assert status == 0, err
        status, out, err = run("ip", "close", path, "1", "--remark", "done", "--format", "json")
        assert status == 0, err
        (item,) = json.loads(out)["items"]
        assert (item["status"], item["point_of_contact"], item["completion_date"]) == (
            "closed",
            "Duty officer",
            "2030-09-30",
        )
        status, out, err = run("ip", "close", path, "3")
        assert status == 2 and "no item 3" in err
        status, out, err = run("ip", "complete", path, "1")
        assert status == 2 and "give at least one of" in err
        types = [e.type for e in SessionRecord.load(path).events]
        assert types[-3:] == ["improvement_item_added", "improvement_item_updated", "improvement_item_closed"]

    @pytest.mark.parametrize(
        ("dates", "said"),
        [
            (("--due", "2031-02-30"), "Invalid value for '--due': '2031-02-30' is not a date: day is out of range"),
            (("--start", "tomorrow"), "Invalid value for '--start': 'tomorrow' is not a date in the form YYYY-MM-DD"),
            (("--due", "2031-W01-1"), "'2031-W01-1' is not a date in the form YYYY-MM-DD"),
            (
                ("--start", "2031-03-01", "--due", "2031-01-01"),
                "improvement item 1: the completion date 2031-01-01 is before the start date 2031-03-01",
            ),
        ],
    )
    def test_ip_add_refuses_dates_that_do_not_exist_or_run_backwards_as_usage_errors(
        self, session: Session, run: RunCli, dates: tuple[str, ...], said: str
    ) -> None:
        session.end()
        path = str(session.path)
        session.close()
        status, out, err = run("ip", "add", path, "--issue", "No shared picture", "--action", "Build one", *dates)
        assert (status, out) == (2, "") and said in err
        assert "completion_date" not in err and "Value error" not in err
        assert [e.type for e in SessionRecord.load(path).events][-1] == "session_closed"

    def test_the_session_refuses_an_item_added_with_its_dates_backwards(self, session: Session) -> None:
        with pytest.raises(
            UsageError, match=r"^improvement item 1: the completion date 2030-01-01 is before the start"
        ):
            session.add_improvement_item(
                issue="x", corrective_action="y", start_date="2030-05-01", completion_date="2030-01-01"
            )
        assert [e.type for e in session.events()] == ["session_started"]

    def test_completing_an_item_with_nothing_to_change_says_so_in_a_sentence(self, session: Session) -> None:
        session.add_improvement_item(issue="x", corrective_action="y")
        with pytest.raises(InputError, match=r"^give at least one field to complete or correct$"):
            session.complete_improvement_item(1)
        assert len(session.events()) == 2

    def test_the_report_marks_drafts_open_and_what_is_still_to_settle(self, session: Session) -> None:
        from tabletop.report import build_report, render_report

        session.add_improvement_item(issue="No shared picture", corrective_action="Build one")
        session.end()
        record = session.record()
        (item,) = build_report(record).improvement_plan
        assert (item.number, item.status) == (1, "draft") and "point of contact" in item.missing
        (row,) = [
            line for line in render_report(record, "md").splitlines() if line.startswith("| 1 | No shared picture |")
        ]
        assert "| **draft**, open (to settle: capability element" in row


def test_a_journal_written_before_these_fields_exports_as_it_was_written(session: Session, tmp_path: Path) -> None:
    session.deliver_next()
    session.deliver_next({"important_influence": False})
    exported = tmp_path / "journal.jsonl"
    export_jsonl(session.path, exported)
    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()[1:]]
    declined = next(line["payload"] for line in lines if line["payload"]["type"] == "move_declined")
    assert "not_put" not in declined  # every gate was put
    first = lines[1]["payload"]
    assert first["presented"] == ["III.A"] and "move_pending" not in first


def test_the_room_may_not_mark_a_clause_discussed_after_citing_it(session: Session) -> None:
    session.deliver_next()
    session.execute(Cite(expected_seq=session.snapshot().seq, clause="IV.A.1", reason="basis"))
    late = session.execute(Cite(expected_seq=session.snapshot().seq, clause="IV.A.1", source="discussed"))
    assert isinstance(late, Refused) and "already cited" in late.reason


def test_ip_json_prints_the_documented_keys(session: Session, run: RunCli) -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "sessions.md").read_text(encoding="utf-8")
    table = text.split("<!-- contract: ip -->", 1)[1].split("\n\n", 1)[0]
    documented_items = table.split("| `items` | `[{", 1)[1].split("}]`", 1)[0]
    session.add_improvement_item(issue="x", corrective_action="y")
    session.close()
    status, out, err = run("ip", "list", str(session.path), "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert set(data) == {"session_id", "items"}
    assert list(data["items"][0]) == [key.strip() for key in documented_items.split(",")]


class TestDeterminedAheadOfItsPrerequisites:
    @pytest.fixture
    def at_landing(self, tmp_path: Path, ticking_clock: type[TickingClock]) -> Iterator[Session]:
        from tabletop.rules import load_rules
        from tabletop.scenario import load_scenario

        corpus = load_rules()
        session = Session.start(
            load_scenario("scenarios/southwest_islands.yaml", corpus),
            corpus,
            session_dir=tmp_path,
            clock=ticking_clock(),
        )
        session.deliver_next()
        session.deliver_next()
        session.take_option(0)
        yield session
        session.close()

    def test_the_snapshot_says_what_each_determination_needs_first_and_whether_it_is_met(
        self, at_landing: Session
    ) -> None:
        orders = {o.id: o for o in at_landing.snapshot().available_determinations}
        control = orders["coast_guard_control"]
        assert control.side == "japan"
        assert control.ahead_of == ("public_security_operation", "defense_operation_ordered")
        assert [r.met for r in control.requires if r.determinations] == [False]
        assert orders["prior_consultation"].side == "both" and orders["prior_consultation"].us_authority

    def test_a_determination_ahead_of_its_prerequisites_is_recorded_and_marked_never_refused(
        self, at_landing: Session, run: RunCli
    ) -> None:
        event = at_landing.determine("coast_guard_control", True, "exploring the order")
        assert event.payload.type == "determination_recorded"
        assert event.payload.ahead_of == ("public_security_operation", "defense_operation_ordered")
        at_landing.determine("public_security_operation", True)
        orders = {o.id: o for o in at_landing.snapshot().available_determinations}
        assert orders["coast_guard_control"].ahead_of == ()  # met now
        no = at_landing.determine("evacuation_instruction", False)
        assert no.payload.type == "determination_recorded"
        assert no.payload.ahead_of == ()  # a "no" is determined ahead of nothing
        with Session.open(at_landing.path, readonly=True) as reopened:
            assert reopened.state == at_landing.state
        status, out, err = run("status", str(at_landing.path))
        assert status == 0, err
        assert "coast_guard_control yes, ahead of public_security_operation, defense_operation_ordered" in out

    def test_the_report_says_it_was_determined_ahead_of_them(self, at_landing: Session) -> None:
        from tabletop.report import build_report, render_report

        at_landing.determine("coast_guard_control", True)
        record = at_landing.record()
        (order,) = build_report(record).summary.orders
        assert order.ahead_of == ("public_security_operation", "defense_operation_ordered")
        assert "determined ahead of `public_security_operation`, `defense_operation_ordered`" in render_report(
            record, "md"
        )


class _SteppedClock:
    """A clock the test moves on by hand: one second per reading, plus whatever it skips."""

    def __init__(self) -> None:
        self.now = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def test_the_hseep_report_puts_each_room_first_fact_in_its_section(
    drill: LoadedScenario, corpus: Corpus, session_dir: Path
) -> None:
    from tabletop.report import build_report, render_report

    clock = _SteppedClock()
    with Session.start(drill, corpus, session_dir=session_dir, clock=clock) as session:
        _to_tension(session)
        session.execute(DeliverNext(expected_seq=session.snapshot().seq, move_pending=True))
        clock.now += timedelta(minutes=7)  # the room discusses before it determines
        session.execute(DetermineMove(expected_seq=session.snapshot().seq, answers={"important_influence": True}))
        session.cite("IV.B.1", "the basis of the answer")
        session.add_improvement_item(issue="No shared picture", corrective_action="Build one")
        session.end()
        session.complete_improvement_item(
            1,
            capability_element="Planning",
            responsible_organisation="Cabinet Secretariat",
            point_of_contact="Duty officer",
            start_date="2030-05-01",
            completion_date="2030-09-30",
        )
        session.close_improvement_item(1, "picture shared weekly")
        record = session.record()
    report = build_report(record)
    html, markdown = render_report(record, "html"), render_report(record, "md")
    # 2. Determinations: the decision clock beside the answer.
    determinations = html.split('id="determinations"', 1)[1].split("</section>", 1)[0]
    assert """<span class="small muted nowrap" title="after the inject's delivery">+7 min</span>""" in determinations
    assert "<em>+N min</em>: the answer came N minutes after the inject was delivered." in determinations
    section = markdown.split("## 2. Determinations", 1)[1].split("## 3.", 1)[0]
    assert "**yes**, \\+7 min after the inject" in section  # `\+`: a `+` Markdown shows as it is
    # Appendix A: the item closed, with how.
    plan = html.split('id="improvement-plan"', 1)[1].split("</section>", 1)[0]
    closed_at = report.improvement_plan[0].closed_at
    assert closed_at is not None
    when = closed_at.strftime("%Y-%m-%d %H:%M UTC")
    assert (
        f'<td>closed <span class="nowrap">on {when}</span><br><span class="small muted">picture shared weekly</span></td>'
        in plan
    )
    (row,) = [line for line in markdown.splitlines() if line.startswith("| 1 | No shared picture |")]
    assert row.endswith(f"| closed on {when} (picture shared weekly) |")
    # The executive summary's share is what the room cited; the clauses only presented apart.
    summary = report.executive_summary
    assert summary.clauses_cited == sum(c.cited for c in report.coverage.chapters) >= 1
    assert summary.clauses_presented >= 1
    assert summary.clauses_exercised == summary.clauses_presented + summary.clauses_discussed + summary.clauses_cited
    front = markdown.split("## 1.", 1)[0]
    assert f"{summary.clauses_cited} of {summary.clauses_applicable} applicable clauses cited by the room" in front
    assert f"{summary.clauses_presented} only presented." in front
