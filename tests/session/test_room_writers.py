"""Several writers in one room: a command is refused as stale only when the room's play moved
since the state it was decided on; the others' annotations never refuse it, and a race at the
journal is settled inside the session. On a session file and on PostgreSQL alike."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import (
    ClaimSeat,
    ReissueSeat,
    AddImprovementItem,
    AnswerPrompt,
    Cite,
    CloseImprovementItem,
    ClosePrompt,
    Command,
    Committed,
    CompleteImprovementItem,
    Decide,
    Declined,
    DeliverNext,
    Determine,
    End,
    Fire,
    GoBack,
    HotWash,
    InsertAdHoc,
    IssueSeat,
    Jump,
    Note,
    OpenPrompt,
    PauseClock,
    Rate,
    Refused,
    ResumeClock,
    RevealPrompt,
    RevokeSeat,
    Seat,
    Session,
    SessionDatabase,
    Withdraw,
    event_types,
)
from tests.session.journal_support import Target, new_target

EVALUATOR = Seat(role="evaluator", name="Aiko Tanaka")


@dataclass
class Room:
    """One session with two writers on one journal: the facilitator's program and a second one."""

    target: Target
    open_writer: Callable[[Seat | None], Session]

    def writers(self, seat: Seat | None = None) -> tuple[Session, Session]:
        return self.open_writer(None), self.open_writer(seat)


@pytest.fixture(params=["sqlite", "postgres"])
def room(request: pytest.FixtureRequest, drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Iterator[Room]:
    engine: str = request.param
    url = request.getfixturevalue("database_url") if engine == "postgres" else None
    target = new_target(engine, drill, corpus, tmp_path / "sessions", url)
    opened: list[Session] = []

    def open_writer(seat: Seat | None) -> Session:
        if target.engine == "sqlite":
            session = Session.open(target.location, exclusive=False, seat=seat)
        else:
            session = Session.from_journal(SessionDatabase(target.location).open(target.session_id), seat=seat)
        opened.append(session)
        return session

    yield Room(target, open_writer)
    for session in opened:
        session.close()


CLAIMANT = Seat(role="participant", cell="japan", name="japan-1")
"""The participant who claims seat japan-1 with its card (the participants' page records it so)."""


def run(session: Session, command: Callable[[int], Command]) -> Committed | Declined:
    """`command` decided on the session as it stands (caught up first), and recorded (a seat's
    claim as its participant, as the participants' page records it)."""
    session.refresh()
    decided = command(session.snapshot(suggest=False).seq)
    issuer = CLAIMANT if isinstance(decided, ClaimSeat) else None
    outcome = session.execute(decided, seat=issuer, suggest=False)
    assert isinstance(outcome, Committed | Declined), outcome
    return outcome


def _seat(seq: int) -> IssueSeat:
    expires = datetime.now(UTC) + timedelta(days=1)
    return IssueSeat(expected_seq=seq, seat="japan-1", cell="japan", code_sha256="ab" * 32, expires_at=expires)


def _item(seq: int) -> AddImprovementItem:
    return AddImprovementItem(expected_seq=seq, issue="Liaison late", corrective_action="Name a liaison officer")


def _prompt(seq: int) -> OpenPrompt:
    return OpenPrompt(expected_seq=seq, kind="question", text="Which channel is open?", prompt="p1")


Recipe = tuple[tuple[Callable[[int], Command], ...], Callable[[int], Command]]

ANNOTATIONS: dict[str, Recipe] = {
    "note_recorded": ((), lambda seq: Note(expected_seq=seq, text="the JCG liaison arrived")),
    "decision_recorded": (
        (),
        lambda seq: Decide(expected_seq=seq, decided_by="Japan cell", decision="Raise readiness"),
    ),
    "determination_recorded": (
        (),
        lambda seq: Determine(expected_seq=seq, determination="security_operation", answer=True),
    ),
    "action_rated": ((), lambda seq: Rate(expected_seq=seq, inject="quiet", action="a1", rating="S")),
    "clause_cited": ((), lambda seq: Cite(expected_seq=seq, clause="IV.A")),
    "citation_withdrawn": ((), lambda seq: Withdraw(expected_seq=seq, clause="III.A")),
    "hotwash_recorded": ((), lambda seq: HotWash(expected_seq=seq, kind="strength", text="Quick coordination")),
    "improvement_item_added": ((), _item),
    "improvement_item_updated": (
        (_item,),
        lambda seq: CompleteImprovementItem(expected_seq=seq, item=1, point_of_contact="J3 desk"),
    ),
    "improvement_item_closed": ((_item,), lambda seq: CloseImprovementItem(expected_seq=seq, item=1)),
    "clock_paused": ((), lambda seq: PauseClock(expected_seq=seq, reason="coffee")),
    "clock_resumed": ((lambda seq: PauseClock(expected_seq=seq),), lambda seq: ResumeClock(expected_seq=seq)),
    "participant_seat_issued": ((), _seat),
    "participant_seat_revoked": ((_seat,), lambda seq: RevokeSeat(expected_seq=seq, seat="japan-1")),
    "participant_seat_claimed": (
        (_seat,),
        lambda seq: ClaimSeat(expected_seq=seq, seat="japan-1", device_sha256="cd" * 32, code_sha256="ab" * 32),
    ),
    "participant_seat_reissued": (
        (_seat,),
        lambda seq: ReissueSeat(
            expected_seq=seq, seat="japan-1", code_sha256="ef" * 32, expires_at=datetime.now(UTC) + timedelta(days=1)
        ),
    ),
    "prompt_opened": ((), _prompt),
    "prompt_answered": (
        (_prompt,),
        lambda seq: AnswerPrompt(expected_seq=seq, prompt="p1", for_cell="japan", text="The ACM"),
    ),
    "prompt_closed": ((_prompt,), lambda seq: ClosePrompt(expected_seq=seq, prompt="p1")),
    "prompt_revealed": (
        (_prompt, lambda seq: ClosePrompt(expected_seq=seq, prompt="p1")),
        lambda seq: RevealPrompt(expected_seq=seq, prompt="p1"),
    ),
}
"""For each event type that annotates play: what sets it up, and the command that records it."""

PLAY_MOVES: dict[str, Recipe] = {
    "inject_delivered": ((), lambda seq: DeliverNext(expected_seq=seq, move_pending=True)),
    "went_back": (
        (lambda seq: DeliverNext(expected_seq=seq, move_pending=True),),
        lambda seq: GoBack(expected_seq=seq),
    ),
    "adhoc_inject_inserted": ((), lambda seq: InsertAdHoc(expected_seq=seq, title="A ferry in distress")),
    "phase_trigger_fired": (
        (),
        lambda seq: Fire(expected_seq=seq, trigger="threats_emerge", answers={"important_influence": True}),
    ),
    "move_declined": (
        (),
        lambda seq: Fire(expected_seq=seq, trigger="threats_emerge", answers={"important_influence": False}),
    ),
    "session_closed": ((), lambda seq: End(expected_seq=seq, summary="Stopped early")),
}
"""For each event type that moves play (but the session's start): what sets it up, and the command."""

BEGUN_BEFORE: dict[str, Callable[[int], Command]] = {
    "note": lambda seq: Note(expected_seq=seq, text="about the quiet start"),
    "rating": lambda seq: Rate(expected_seq=seq, inject="quiet", action="a2", rating="P"),
    "citation": lambda seq: Cite(expected_seq=seq, clause="III"),
    "jump": lambda seq: Jump(expected_seq=seq, inject="evacuation"),
}
"""What a second writer begins on the state before the facilitator moves play."""


def test_every_event_type_says_whether_it_moves_play_and_each_kind_is_tried_here() -> None:
    moving = {name for name, model in event_types().items() if getattr(model, "moves_play", None) is not None}
    annotating = set(event_types()) - moving
    assert moving == {*PLAY_MOVES, "session_started"}
    assert annotating == set(ANNOTATIONS)


@pytest.mark.parametrize("caught_up", [False, True], ids=["behind", "caught-up"])
@pytest.mark.parametrize("kind", sorted(ANNOTATIONS))
def test_another_writers_annotation_never_makes_a_command_stale(room: Room, kind: str, caught_up: bool) -> None:
    facilitator, evaluator = room.writers(EVALUATOR)
    run(facilitator, lambda seq: DeliverNext(expected_seq=seq))
    setup, annotate = ANNOTATIONS[kind]
    for step in setup:
        run(facilitator, step)
    evaluator.refresh()
    decided_on = evaluator.snapshot(suggest=False).seq
    recorded = run(facilitator, annotate)
    assert recorded.event.type == kind
    if caught_up:
        evaluator.refresh()
    outcome = evaluator.execute(Note(expected_seq=decided_on, text="begun before it"), suggest=False)
    assert isinstance(outcome, Committed), outcome
    assert outcome.event.seq == recorded.event.seq + 1
    note = outcome.snapshot.notes[-1]
    assert (note.text, note.inject) == ("begun before it", "quiet")


@pytest.mark.parametrize("begun", sorted(BEGUN_BEFORE))
@pytest.mark.parametrize("kind", sorted(PLAY_MOVES))
def test_a_record_begun_before_play_moved_is_refused_not_filed_under_what_came_after(
    room: Room, kind: str, begun: str
) -> None:
    facilitator, second = room.writers()
    run(facilitator, lambda seq: DeliverNext(expected_seq=seq))
    setup, move = PLAY_MOVES[kind]
    for step in setup:
        run(facilitator, step)
    second.refresh()
    decided_on = second.snapshot(suggest=False).seq
    moved = run(facilitator, move)
    assert moved.event.type == kind
    outcome = second.execute(BEGUN_BEFORE[begun](decided_on), suggest=False)
    assert isinstance(outcome, Refused) and outcome.kind == "moved_on", outcome
    assert outcome.reason.startswith("the session moved on: ") and "nothing was recorded" in outcome.reason
    assert str(type(moved.event.payload).moves_play) in outcome.reason
    assert outcome.snapshot.seq == moved.event.seq  # caught up: the screen shows what moved
    assert len(room.target.replay().events()) == moved.event.seq


def test_the_commands_own_checks_refuse_it_in_their_own_words_after_an_annotation(room: Room) -> None:
    facilitator, second = room.writers()
    run(facilitator, lambda seq: DeliverNext(expected_seq=seq))
    run(facilitator, _prompt)
    second.refresh()
    decided_on = second.snapshot(suggest=False).seq
    run(facilitator, lambda seq: ClosePrompt(expected_seq=seq, prompt="p1"))
    closed = second.execute(ClosePrompt(expected_seq=decided_on, prompt="p1"), suggest=False)
    assert isinstance(closed, Refused) and closed.kind != "moved_on"
    assert "p1" in closed.reason and "moved on" not in closed.reason


@pytest.mark.parametrize("writers", [2, 3])
def test_writers_appending_at_once_are_all_recorded_after_the_sessions_retry(room: Room, writers: int) -> None:
    sessions = [room.open_writer(None) for _ in range(writers)]
    run(sessions[0], lambda seq: DeliverNext(expected_seq=seq))
    for session in sessions:
        session.refresh()
    per_writer = 15
    start = threading.Barrier(writers)
    outcomes: list[object] = []

    def write(number: int, session: Session) -> None:
        start.wait()
        for n in range(per_writer):
            # Each decides on what it last saw, never catching up itself: the session does.
            seq = session.snapshot(suggest=False).seq
            outcomes.append(session.execute(Note(expected_seq=seq, text=f"w{number}-{n}"), suggest=False))

    threads = [threading.Thread(target=write, args=(n, s)) for n, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(isinstance(outcome, Committed) for outcome in outcomes), [
        o.reason for o in outcomes if isinstance(o, Refused)
    ]
    with room.target.replay() as replayed:
        texts = [n.text for n in replayed.state.notes]
        assert sorted(texts) == sorted(f"w{w}-{n}" for w in range(writers) for n in range(per_writer))
        assert {n.inject for n in replayed.state.notes} == {"quiet"}


# -- two writers interleaved: one moves play, the other annotates ---------------------------------

MOVES = ("next", "back", "adhoc")
STEPS = st.lists(
    st.sampled_from(["play decides", "play sends", "notes decides", "notes sends", "notes catches up"]),
    min_size=1,
    max_size=14,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, moves=st.lists(st.sampled_from(MOVES), min_size=14, max_size=14))
def test_interleaved_writers_file_every_record_under_the_inject_it_was_decided_on(
    drill: LoadedScenario, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory, steps: list[str], moves: list[str]
) -> None:
    target = new_target("sqlite", drill, corpus, tmp_path_factory.mktemp("room"))
    play = Session.open(target.location, exclusive=False)
    notes = Session.open(target.location, exclusive=False, seat=Seat(role="notes", name="Sam Lee"))
    try:
        run(play, lambda seq: DeliverNext(expected_seq=seq))
        notes.refresh()
        decided: dict[str, tuple[Command, str | None]] = {}
        for number, step in enumerate(steps):
            writer, _, action = step.partition(" ")
            session = play if writer == "play" else notes
            if action == "catches up":
                session.refresh()
            elif action == "decides":
                shown = session.snapshot(suggest=False)
                current = shown.current.id if shown.current is not None else None
                command: Command
                if writer == "notes":
                    command = Note(expected_seq=shown.seq, text=f"note {number}")
                elif moves[number] == "back":
                    command = GoBack(expected_seq=shown.seq)
                elif moves[number] == "adhoc":
                    command = InsertAdHoc(expected_seq=shown.seq, title=f"ad hoc {number}")
                else:
                    command = DeliverNext(expected_seq=shown.seq, move_pending=True)
                decided[writer] = (command, current)
            elif writer in decided:
                command, current = decided.pop(writer)
                outcome = session.execute(command, suggest=False)
                if isinstance(command, Note) and isinstance(outcome, Committed):
                    # Filed under the inject on screen when it was decided, never another.
                    assert outcome.snapshot.notes[-1].inject == current
                elif isinstance(command, Note):
                    # Refused only because play moved since it was decided: no annotation refuses it.
                    assert isinstance(outcome, Refused) and outcome.kind == "moved_on", outcome
                    since = session.events(since=command.expected_seq)
                    assert any(event.payload.moves_play is not None for event in since), outcome.reason
                else:
                    # The notes written meanwhile never make the facilitator's move stale.
                    assert not (isinstance(outcome, Refused) and outcome.kind == "moved_on"), outcome.reason
    finally:
        play.close()
        notes.close()
    with target.replay() as replayed:
        assert replayed.state.last_seq == len(replayed.events())
