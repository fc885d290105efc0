"""Seats: every event names the seat that recorded it, the facilitator's seat alone moves play, the
other seats record what their role records, and one facilitator records a session at a time while
any number of other seats record beside it. The rule is the session's, whoever issues the command."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from tabletop.errors import RefusedError, SessionFileError
from tabletop.session import (
    Command,
    Role,
    ROLES,
    AddImprovementItem,
    Cite,
    CloseImprovementItem,
    Committed,
    CompleteImprovementItem,
    Decide,
    DeliverNext,
    Determine,
    DetermineMove,
    End,
    Fire,
    GoBack,
    HotWash,
    InsertAdHoc,
    Jump,
    Note,
    PauseClock,
    Rate,
    Refused,
    ResumeClock,
    Seat,
    Session,
    SessionRecord,
    TakeOption,
    Withdraw,
)
from tabletop.rules import Corpus
from collections.abc import Callable, Iterator
from tabletop.scenario import LoadedScenario
from pathlib import Path

EVALUATOR = Seat(role="evaluator", name="Aiko Tanaka")
NOTE_TAKER = Seat(role="notes", name="Sam Lee")
US_RECORDER = Seat(role="recorder", cell="US", name="Chris Park")

MOVES_PLAY = (
    DeliverNext,
    Jump,
    TakeOption,
    GoBack,
    InsertAdHoc,
    Fire,
    DetermineMove,
    Determine,
    End,
    PauseClock,
    ResumeClock,
)
"""What only the facilitator's seat does: it moves play, cites and keeps the clock."""

IMPROVEMENT_PLAN = (AddImprovementItem, CompleteImprovementItem, CloseImprovementItem)
"""What settles the improvement plan, during the seminar and after its end."""

WHAT_EACH_SEAT_RECORDS = {
    "facilitator": {Note, Decide, Rate, HotWash, *IMPROVEMENT_PLAN, Cite, Withdraw, *MOVES_PLAY},
    "evaluator": {Note, Rate, HotWash, *IMPROVEMENT_PLAN},
    "notes": {Note, Decide, HotWash},
    "recorder": {Note, Decide},
    "participant": set(),
}


@pytest.fixture
def facilitated(drill: LoadedScenario, corpus: Corpus, session_dir: Path) -> Iterator[Session]:
    session = Session.start(drill, corpus, session_dir=session_dir, facilitator="Kenji Sato")
    yield session
    session.close()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_issue_exactly_the_commands_of_its_table(role: Role) -> None:
    every: set[type[Command]] = set().union(*WHAT_EACH_SEAT_RECORDS.values())
    seat = Seat(role=role, cell="JSDF" if role in ("recorder", "participant") else None)
    assert {command for command in every if seat.may(command)} == WHAT_EACH_SEAT_RECORDS[role]


def test_every_event_the_facilitator_records_names_the_facilitators_seat(facilitated: Session) -> None:
    facilitated.deliver_next()
    facilitated.note("the room is ready")
    seats = {event.payload.by for event in facilitated.events()}
    assert seats == {Seat(role="facilitator", name="Kenji Sato")}
    record = SessionRecord.load(facilitated.path)
    assert record.state().notes[0].by == Seat.facilitator("Kenji Sato")


def test_an_evaluator_rates_and_notes_beside_the_facilitator_and_each_record_names_its_seat(
    facilitated: Session,
) -> None:
    facilitated.deliver_next()
    with Session.open(facilitated.path, seat=EVALUATOR) as evaluator:
        seen = evaluator.snapshot()
        assert seen.current is not None
        assert seen.seat == EVALUATOR and seen.current.id == "quiet"
        key = seen.current.expected_actions[0].key
        rated = evaluator.execute(
            Rate(expected_seq=seen.seq, inject="quiet", action=key, rating="S", observation="slow")
        )
        assert isinstance(rated, Committed) and rated.event.payload.by == EVALUATOR
        noted = evaluator.execute(Note(expected_seq=rated.snapshot.seq, text="liaison arrived late"))
        assert isinstance(noted, Committed)
    facilitated.refresh()
    state = facilitated.state
    assert [(n.text, n.by) for n in state.notes] == [("liaison arrived late", EVALUATOR)]
    assert [r.by for r in state.ratings] == [EVALUATOR]


@pytest.mark.parametrize("command", MOVES_PLAY, ids=lambda c: c.__name__)
def test_only_the_facilitators_seat_moves_play_and_a_refused_seat_records_nothing(
    facilitated: Session, command: Callable[..., Command]
) -> None:
    facilitated.deliver_next()
    needs: dict[object, dict[str, object]] = {
        Jump: {"inject": "quake"},
        TakeOption: {"choice": 0},
        InsertAdHoc: {"title": "Walk-in"},
        Fire: {"trigger": "recover"},
        Determine: {"determination": "x", "answer": True},
    }
    values = needs.get(command, {})
    with Session.open(facilitated.path, seat=NOTE_TAKER) as note_taker:
        before = len(note_taker.events())
        outcome = note_taker.execute(command(expected_seq=note_taker.snapshot().seq, **values))
        assert isinstance(outcome, Refused) and outcome.kind == "not_permitted"
        assert "note-taker's seat cannot" in outcome.reason and "only the facilitator can" in outcome.reason
        assert len(note_taker.events()) == before
        # The convenience methods keep the same rule.
        with pytest.raises(RefusedError, match="note-taker's seat cannot deliver"):
            note_taker.deliver_next()


@pytest.mark.parametrize("command", (CompleteImprovementItem, CloseImprovementItem), ids=lambda c: c.__name__)
def test_after_the_end_only_the_seats_that_keep_the_plan_may_settle_an_item(
    facilitated: Session, command: Callable[..., Command]
) -> None:
    facilitated.add_improvement_item(issue="Liaison late", corrective_action="Post a liaison officer early")
    facilitated.end("done")
    values: dict[str, object] = (
        {"item": 1, "point_of_contact": "J3"} if command is CompleteImprovementItem else {"item": 1}
    )
    with Session.open(facilitated.path, seat=NOTE_TAKER) as note_taker:
        before = len(note_taker.events())
        refused = note_taker.execute(command(expected_seq=note_taker.snapshot().seq, **values))
        assert isinstance(refused, Refused) and refused.kind == "not_permitted"
        assert "note-taker's seat cannot" in refused.reason
        assert "only the evaluator or facilitator can" in refused.reason
        assert len(note_taker.events()) == before
    with Session.open(facilitated.path, seat=EVALUATOR) as evaluator:
        settled = evaluator.execute(command(expected_seq=evaluator.snapshot().seq, **values))
        assert isinstance(settled, Committed) and settled.event.payload.by == EVALUATOR


def test_a_cells_recorder_records_its_cells_decisions_but_rates_nothing(facilitated: Session) -> None:
    facilitated.deliver_next()
    with Session.open(facilitated.path, seat=US_RECORDER) as recorder:
        seq = recorder.snapshot().seq
        decided = recorder.execute(Decide(expected_seq=seq, decided_by="US", decision="Move the ARG north"))
        assert isinstance(decided, Committed) and decided.event.payload.by is not None
        assert decided.event.payload.by.label == "recorder, cell US (Chris Park)"
        assert decided.snapshot.current is not None
        key = decided.snapshot.current.expected_actions[0].key
        rated = recorder.execute(Rate(expected_seq=decided.snapshot.seq, inject="quiet", action=key, rating="P"))
        assert isinstance(rated, Refused) and rated.kind == "not_permitted"


def test_two_seats_deciding_on_one_state_one_commits_and_the_other_is_refused_and_caught_up(
    facilitated: Session,
) -> None:
    with Session.open(facilitated.path, seat=EVALUATOR) as evaluator:
        seq = facilitated.snapshot().seq
        assert evaluator.snapshot().seq == seq
        assert isinstance(facilitated.execute(DeliverNext(expected_seq=seq)), Committed)
        outcome = evaluator.execute(Note(expected_seq=seq, text="decided on the old screen"))
        assert isinstance(outcome, Refused) and outcome.kind == "moved_on"
        assert outcome.reason.startswith("the session moved on: an inject was delivered after this was begun")
        assert outcome.snapshot.current is not None
        assert outcome.snapshot.current.id == "quiet"  # the refused seat's screen has caught up
        again = evaluator.execute(Note(expected_seq=outcome.snapshot.seq, text="decided again"))
        assert isinstance(again, Committed)
    assert [n.text for n in SessionRecord.load(facilitated.path).state().notes] == ["decided again"]


def test_a_second_program_cannot_take_the_facilitators_seat_but_may_join_as_an_evaluator(facilitated: Session) -> None:
    def open_in_another_program(seat: str) -> subprocess.CompletedProcess[str]:
        code = (
            "import sys; from tabletop.session import Seat, Session; "
            f"s = Session.open({str(facilitated.path)!r}, seat=Seat.model_validate_json(sys.argv[1])); "
            "print(s.seat.label)"
        )
        return subprocess.run([sys.executable, "-c", code, seat], capture_output=True, text=True, timeout=60)

    second = open_in_another_program(Seat.facilitator("Other").model_dump_json())
    assert second.returncode != 0 and "facilitator's seat of this session is open in another program" in second.stderr
    joined = open_in_another_program(EVALUATOR.model_dump_json())
    assert joined.returncode == 0 and joined.stdout.strip() == "evaluator (Aiko Tanaka)"
    facilitated.close()
    assert open_in_another_program(Seat.facilitator("Other").model_dump_json()).returncode == 0


@pytest.mark.parametrize(
    "fields",
    [{"role": "recorder"}, {"role": "participant"}, {"role": "evaluator", "cell": "US"}, {"role": "umpire"}],
)
def test_a_seat_is_a_known_role_with_a_cell_exactly_when_it_sits_for_one(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Seat(**fields)


def test_a_session_of_an_older_format_reads_and_records_on_without_seats(old_session_file: Path) -> None:
    with Session.open(old_session_file) as facilitator:
        event = facilitator.note("recorded as before")
        assert event.payload.by is None and '"by"' not in event.payload.model_dump_json()
    with pytest.raises(SessionFileError, match="only its facilitator records into it"):
        Session.open(old_session_file, seat=EVALUATOR)


@pytest.fixture
def old_session_file(drill: LoadedScenario, corpus: Corpus, session_dir: Path) -> Path:
    """A session file as tabletop wrote it before seats (format 4): no event names a seat."""
    import hashlib
    import json
    import sqlite3

    from tabletop.session import JOURNAL_DIGEST_KEY

    with Session.start(drill, corpus, session_dir=session_dir, facilitator="Kenji Sato") as session:
        session.deliver_next()
        path = session.path
    db = sqlite3.connect(path)
    digest = ""
    for seq, at, kind, payload in db.execute("SELECT seq, at, type, payload FROM events ORDER BY seq").fetchall():
        unsigned = json.loads(payload)
        del unsigned["by"]
        payload = json.dumps(unsigned, ensure_ascii=False, separators=(",", ":"))
        db.execute("UPDATE events SET payload = ? WHERE seq = ?", (payload, seq))
        row = json.dumps([digest, seq, at, kind, payload], ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(row.encode("utf-8")).hexdigest()
    db.execute("UPDATE metadata SET value = ? WHERE key = ?", (digest, JOURNAL_DIGEST_KEY))
    db.execute("UPDATE metadata SET value = '4' WHERE key = 'format_version'")
    db.execute("PRAGMA user_version=4")
    db.commit()
    db.close()
    assert isinstance(path, Path)
    return path


def test_the_report_says_who_recorded_what_and_sums_up_the_seats(facilitated: Session) -> None:
    from tabletop.report import render_report

    facilitated.deliver_next()
    with Session.open(facilitated.path, seat=EVALUATOR) as evaluator:
        seq = evaluator.snapshot().seq
        current = evaluator.snapshot().current
        assert current is not None
        key = current.expected_actions[0].key
        rated = evaluator.execute(Rate(expected_seq=seq, inject="quiet", action=key, rating="M", observation="late"))
        evaluator.execute(Note(expected_seq=rated.snapshot.seq, text="the liaison arrived late"))
    with Session.open(facilitated.path, seat=NOTE_TAKER, exclusive=False) as note_taker:
        note_taker.decide("Cabinet", "Convene the NSC")
    record = SessionRecord.load(facilitated.path)
    markdown = render_report(record, "md")
    assert "- the liaison arrived late (" in markdown and ", evaluator (Aiko Tanaka))" in markdown
    assert "**Cabinet**: Convene the NSC (recorded by note-taker (Sam Lee))" in markdown
    assert "| late | evaluator (Aiko Tanaka) |" in markdown
    seats = markdown.split("Who recorded:")[1].split("Stored texts")[0]
    assert [line.split(" | ")[0] for line in seats.strip().splitlines()[2:]] == [
        "| facilitator (Kenji Sato)",
        "| evaluator (Aiko Tanaka)",
        "| note-taker (Sam Lee)",
    ]
    assert "| evaluator (Aiko Tanaka) | 1 | 0 | 1 | 0 | 0 |" in seats
    html = render_report(record, "html")
    assert "<h3>Who recorded</h3>" in html and "recorded by note-taker (Sam Lee)" in html


def test_a_session_recorded_by_its_facilitator_alone_names_nobody_beside_each_record(facilitated: Session) -> None:
    from tabletop.report import render_report

    facilitated.deliver_next()
    facilitated.note("only the facilitator here")
    markdown = render_report(SessionRecord.load(facilitated.path), "md")
    assert "- only the facilitator here (" in markdown and ", facilitator (Kenji Sato))" not in markdown
    assert "| facilitator (Kenji Sato) | 1 | 0 | 0 | 0 | 2 |" in markdown  # the summary of seats still says it
