"""One command path: `Session.execute(command)` answers every command with a value - committed,
declined or refused - and refuses a command decided on a state the journal has moved past, in
memory and in the file, with nothing recorded."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tabletop.errors import GatesUnanswered, SessionMovedOn
from tabletop.phases import Entry, PhasePolicy
from tabletop.session import (
    Command,
    Cite,
    Committed,
    Declined,
    DeliverNext,
    End,
    Jump,
    Note,
    Rate,
    Refused,
    Session,
    SessionRecord,
)
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario

REPO = Path(__file__).resolve().parents[2]


def journal_length(session: Session) -> int:
    return len(session.events())


class TestOutcomes:
    def test_a_committed_command_carries_its_event_and_the_snapshot_after_it(self, session: Session) -> None:
        seq = session.snapshot().seq
        outcome = session.execute(DeliverNext(expected_seq=seq))
        assert isinstance(outcome, Committed)
        assert outcome.event.type == "inject_delivered" and outcome.event.seq == seq + 1
        assert outcome.snapshot.current is not None
        assert outcome.snapshot.seq == seq + 1 and outcome.snapshot.current.id == "quiet"
        assert [e.seq for e in session.events()][-1] == seq + 1

    def test_the_rooms_no_is_declined_recorded_and_the_phase_stays(self, session: Session) -> None:
        session.deliver_next()
        step = session.snapshot().next
        assert step.move is not None
        gate = step.move.gates[0].id
        outcome = session.execute(DeliverNext(expected_seq=session.snapshot().seq, answers={gate: False}))
        assert isinstance(outcome, Declined)
        assert outcome.declined.trigger == step.move.trigger and outcome.event.type == "move_declined"
        assert outcome.snapshot.phases == ("peacetime",) and outcome.snapshot.next.declined

    @pytest.mark.parametrize(
        ("command", "kind", "words"),
        [
            (lambda seq: Jump(expected_seq=seq, inject="quak"), "invalid", "did you mean 'quake'"),
            (lambda seq: Cite(expected_seq=seq, clause="IV.A.1"), "refused", "no inject has been delivered yet"),
            (
                lambda seq: Rate(expected_seq=seq, inject="quiet", action="a1", rating="S"),
                "refused",
                "not been delivered",
            ),
            (lambda seq: Note(expected_seq=seq, text=""), "invalid", "text"),
        ],
        ids=["unknown inject", "cite before any inject", "rating an inject not delivered", "empty note"],
    )
    def test_a_refusal_is_a_value_with_one_line_and_nothing_recorded(
        self, session: Session, command: Callable[[int], Command], kind: str, words: str
    ) -> None:
        before = journal_length(session)
        outcome = session.execute(command(session.snapshot().seq))
        assert isinstance(outcome, Refused)
        assert outcome.kind == kind and words in outcome.reason and "\n" not in outcome.reason
        assert outcome.snapshot.seq == before and journal_length(session) == before

    def test_unanswered_gates_are_refused_as_a_value_naming_them(self, session: Session) -> None:
        session.deliver_next()
        outcome = session.execute(DeliverNext(expected_seq=session.snapshot().seq))
        assert isinstance(outcome, Refused) and outcome.kind == "unanswered"
        assert "important_influence" in outcome.reason

    def test_after_the_end_every_command_is_refused_as_ended(self, session: Session) -> None:
        session.execute(End(expected_seq=session.snapshot().seq))
        outcome = session.execute(Note(expected_seq=session.snapshot().seq, text="too late"))
        assert isinstance(outcome, Refused) and outcome.kind == "ended"

    def test_a_read_only_session_refuses_every_command_as_a_value(self, session: Session) -> None:
        session.deliver_next()
        with Session.open(session.path, readonly=True) as reader:
            outcome = reader.execute(Note(expected_seq=reader.snapshot().seq, text="here"))
        assert isinstance(outcome, Refused) and outcome.kind == "read_only"
        assert journal_length(session) == 2

    def test_the_convenience_methods_still_raise(self, session: Session) -> None:
        session.deliver_next()
        with pytest.raises(GatesUnanswered):
            session.deliver_next()


class TestExpectedSeq:
    def test_a_command_decided_on_an_earlier_state_is_refused_and_records_nothing(self, session: Session) -> None:
        seen = session.snapshot()
        assert isinstance(session.execute(DeliverNext(expected_seq=seen.seq)), Committed)
        before = journal_length(session)
        outcome = session.execute(DeliverNext(expected_seq=seen.seq))  # decided on what was on screen before
        assert isinstance(outcome, Refused) and outcome.kind == "moved_on"
        assert outcome.reason.startswith("the session moved on: an inject was delivered after this was begun")
        assert journal_length(session) == before and outcome.snapshot.seq == before

    def test_two_writers_notes_decided_on_one_state_are_both_recorded_in_one_file(
        self, drill: LoadedScenario, corpus: Corpus, session_dir: Path
    ) -> None:
        first = Session.start(drill, corpus, session_dir=session_dir)
        first.close()
        one = Session.open(first.path, exclusive=False)
        two = Session.open(first.path, exclusive=False)
        try:
            # Both decide on the same state; neither has seen the other's event.
            assert one.snapshot().seq == two.snapshot().seq == 1
            assert isinstance(one.execute(Note(expected_seq=1, text="from one")), Committed)
            outcome = two.execute(Note(expected_seq=1, text="from two"))
            # A note never makes another stale: the second is recorded after the first, caught up.
            assert isinstance(outcome, Committed) and outcome.event.seq == 3
            assert [n.text for n in outcome.snapshot.notes] == ["from one", "from two"]
            # Play moved by one writer refuses what the other decided before it.
            assert isinstance(one.execute(DeliverNext(expected_seq=3)), Committed)
            stale = two.execute(Note(expected_seq=3, text="about the state before"))
            assert isinstance(stale, Refused) and stale.kind == "moved_on"
            assert "an inject was delivered" in stale.reason and stale.snapshot.seq == 4
        finally:
            one.close()
            two.close()
        record = SessionRecord.load(first.path)  # verified: the chain is whole
        assert [n.text for n in record.state().notes] == ["from one", "from two"]

    def test_the_facilitators_seat_keeps_a_second_facilitator_out_and_lets_other_seats_in(
        self, session: Session
    ) -> None:
        from tabletop.errors import RefusedError
        from tabletop.session import Seat

        with pytest.raises(RefusedError, match="facilitator's seat of this session is open in another program"):
            Session.open(session.path)
        with Session.open(session.path, seat=Seat(role="evaluator", name="Aiko")) as evaluator:
            assert evaluator.snapshot().seq == session.snapshot().seq

    def test_the_journal_itself_refuses_an_append_at_a_seq_it_has_passed(self, session: Session) -> None:
        from tabletop.session import SessionJournal

        session.deliver_next()
        event = session.events()[-1]
        session.close()
        with SessionJournal.open(session.path, exclusive=False) as journal:
            assert journal.head() == 2
            with pytest.raises(SessionMovedOn, match="the session moved on: event 2 was recorded meanwhile") as refused:
                journal.append(event, expected_seq=1)
            assert refused.value.head == 2
            assert journal.head() == 2


# Opens the session beside the other racer, decides on the state it sees, says it is ready, and
# records at the parent's word, so that both decide on one state and commit at the same moment.
RACER = textwrap.dedent("""
    import sys
    from tabletop.session import Note, Refused, Session
    path, name = sys.argv[1], sys.argv[2]
    with Session.open(path, exclusive=False) as session:
        seq = session.snapshot().seq
        print("ready", seq, flush=True)
        sys.stdin.readline()
        outcome = session.execute(Note(expected_seq=seq, text=name))
        print(type(outcome).__name__, outcome.reason if isinstance(outcome, Refused) else outcome.event.seq)
""")


@pytest.mark.slow
def test_two_programs_noting_on_one_state_at_one_moment_are_both_recorded(
    drill: LoadedScenario, corpus: Corpus, session_dir: Path
) -> None:
    started = Session.start(drill, corpus, session_dir=session_dir)
    started.close()
    for round_number in range(3):
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", RACER, str(started.path), f"round {round_number} {name}"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=REPO,
            )
            for name in ("one", "two")
        ]
        outputs = [racer.stdout for racer in racers]  # pipes: never None
        seen = {stdout.readline().split()[1] for stdout in outputs if stdout is not None}
        assert seen == {str(2 * round_number + 1)}  # both decided on the same state
        for racer in racers:
            assert racer.stdin is not None
            racer.stdin.write("go\n")
            racer.stdin.flush()
        results = [racer.communicate(timeout=60) for racer in racers]
        assert all(racer.returncode == 0 for racer in racers), results
        said = sorted(out.split(" ", 1)[0] for out, _ in results)
        assert said == ["Committed", "Committed"], results  # the one that came second appended again
    record = SessionRecord.load(started.path)  # the digest chains every committed note
    assert len(record.state().notes) == 6


class TestOneQuestionPerKeypress:
    @pytest.fixture
    def asked(self, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, str | None]]:
        """Every question put to the phase policy about an inject's entry: (phase, trigger)."""
        questions: list[tuple[str | None, str | None]] = []
        real = PhasePolicy.entry

        def counted(self: PhasePolicy, phases: tuple[str, ...], *, phase: str | None, trigger: str | None) -> Entry:
            questions.append((phase, trigger))
            return real(self, phases, phase=phase, trigger=trigger)

        monkeypatch.setattr(PhasePolicy, "entry", counted)
        return questions

    def test_delivering_the_step_on_screen_asks_the_phase_policy_once(
        self, session: Session, asked: list[tuple[str | None, str | None]]
    ) -> None:
        """The step on screen carries the policy's answer: executing it asks nothing, and the one
        question is for the next step the new snapshot shows."""
        session.deliver_next()  # quiet
        session.deliver_next({"important_influence": True})  # tension, a decision point
        session.take_option(0)  # evacuation: next is quake, which enters the disaster phase
        shown = session.snapshot()
        assert shown.next.inject == "quake" and shown.next.move is not None and shown.options == ()
        asked.clear()
        outcome = session.execute(DeliverNext(expected_seq=shown.seq))
        assert isinstance(outcome, Committed) and outcome.snapshot.current is not None
        assert outcome.snapshot.current.id == "quake"
        assert "disaster" in outcome.snapshot.phases
        assert asked == [("attack", None)]  # missiles, the next step shown; none for the delivery

    def test_a_decision_point_asks_once_for_each_inject_it_offers(
        self, session: Session, asked: list[tuple[str | None, str | None]]
    ) -> None:
        session.deliver_next()
        shown = session.snapshot()
        asked.clear()
        outcome = session.execute(DeliverNext(expected_seq=shown.seq, answers={"important_influence": True}))
        assert isinstance(outcome, Committed) and outcome.snapshot.current is not None
        assert outcome.snapshot.current.id == "tension"
        offered = {o.target for o in outcome.snapshot.options} | {outcome.snapshot.next.inject}
        assert offered == {"evacuation", "quake"} and len(asked) == len(offered)


def test_reading_the_record_while_a_worker_records_never_sees_half_a_command(session: Session) -> None:
    """The thread rule has no gap: `record()`, `events()`, `state` and `entry_plan()` take the
    session's lock as every command does, so a report written in one thread while commands run
    in another reads one whole state (its events and its folded state agree)."""
    import threading

    session.deliver_next()
    failures: list[BaseException] = []
    done = threading.Event()

    def record_notes() -> None:
        try:
            for n in range(60):
                outcome = session.execute(Note(expected_seq=session.state.last_seq, text=f"note {n}"))
                assert isinstance(outcome, Committed), outcome
        except BaseException as exc:
            failures.append(exc)
        finally:
            done.set()

    writer = threading.Thread(target=record_notes)
    writer.start()
    reads = 0
    while not done.is_set() or reads < 5:
        record = session.record()
        assert len(record.events) == record.state().last_seq
        assert len(session.events()) >= record.state().last_seq
        session.entry_plan()
        reads += 1
    writer.join()
    assert failures == [] and reads >= 5
    assert len(session.state.notes) == 60


def test_closing_a_session_while_a_worker_catches_up_ends_the_catching_up_quietly(session: Session) -> None:
    """The console closes its session as it quits while a worker thread may be asking whether
    another seat recorded something: the close waits for the question, and afterwards the
    journal reports nothing new (a query on a connection being closed crashed the program)."""
    import threading

    session.deliver_next()
    failures: list[BaseException] = []
    asked = threading.Event()
    answers: list[tuple[object, ...]] = []

    def catch_up() -> None:
        try:
            for _ in range(5000):
                answers.append(session.refresh())
                asked.set()
        except BaseException as exc:
            failures.append(exc)

    worker = threading.Thread(target=catch_up)
    worker.start()
    asked.wait(10)
    session.close()
    worker.join()
    assert failures == []
    assert len(answers) == 5000 and all(answer == () for answer in answers)
