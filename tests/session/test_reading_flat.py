"""A long journal reads to what its events say, at the same cost for each event however many
come before it: the exercise clock and the decision clock are the journal's, pause by pause and
delivery by delivery; each seat's tally is its events'; and the faster paths a reader takes (a
record given its fields in order, a line that fits the terminal, the collector held until a
one-command process ends) give exactly what the general ones give."""

from __future__ import annotations

import gc
import random
import shutil
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.cli.layout import fill, wrap_at
from tabletop.rules import Corpus
from tabletop.safetext import terminal_safe
from tabletop.scenario import LoadedScenario
from tabletop.session import (
    ROLES,
    Determination,
    Event,
    NoteRecord,
    RecordedDetermination,
    Seat,
    Session,
    SessionState,
    meanwhile,
    records_by_seat,
    replay,
)
from tabletop.strictmodel import built
from tests.conftest import RunCli
from tests.session.conftest import TickingClock
from tests.session.test_replay import OPERATIONS, Operation, run_operations

_SHOWN = {"inject_delivered", "went_back", "adhoc_inject_inserted"}
"""The events that put an inject in front of the room."""


def _clock_from_events(events: list[Event]) -> tuple[list[tuple[int, datetime, datetime | None, str]], timedelta]:
    """Every break (seq, paused, resumed, reason) and the time run, read off the events alone."""
    pauses: list[tuple[int, datetime, datetime | None, str]] = []
    run = timedelta(0)
    since: datetime | None = None
    for event in events:
        if event.type == "session_started":
            since = event.at
        elif event.type in ("clock_paused", "session_closed") and since is not None:
            run += event.at - since
            since = None
        elif event.type == "clock_resumed":
            since = event.at
        if event.type == "clock_paused":
            pauses.append((event.seq, event.at, None, getattr(event.payload, "reason", "")))
        elif event.type == "clock_resumed":
            seq, paused, _, reason = pauses[-1]
            pauses[-1] = (seq, paused, event.at, reason)
    if since is not None:
        run += events[-1].at - since
    return pauses, run


def _last_shown_before(events: list[Event], inject: str | None, seq: int) -> datetime | None:
    """When `inject` was last put in front of the room by an event before event `seq`."""
    if inject is None:
        return None
    shown = [e.at for e in events if e.seq < seq and e.type in _SHOWN and getattr(e.payload, "inject", None) == inject]
    return shown[-1] if shown else None


def _assert_clocks_are_the_journals(state: SessionState, events: list[Event]) -> None:
    pauses, run = _clock_from_events(events)
    assert [(p.seq, p.paused_at, p.resumed_at, p.reason) for p in state.clock.pauses] == pauses
    assert state.clock.elapsed(state.last_at) == run
    for answer in state.determinations:
        assert answer.delivered_at == _last_shown_before(events, answer.inject, answer.seq)
    for order in state.recorded_determinations:
        assert order.delivered_at == _last_shown_before(events, order.inject, order.seq)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATIONS, max_size=80))
def test_the_exercise_clock_each_decision_clock_and_what_was_recorded_meanwhile_are_what_the_journal_says(
    drill: LoadedScenario,
    corpus: Corpus,
    tmp_path_factory: pytest.TempPathFactory,
    operations: list[Operation],
) -> None:
    folder = tmp_path_factory.mktemp("clocks")
    try:
        with Session.start(drill, corpus, session_dir=folder, clock=TickingClock()) as session:
            run_operations(session, operations)
            events = session.events()
            _assert_clocks_are_the_journals(session.state, events)
            path = session.path
        with Session.open(path, readonly=True) as reopened:
            assert reopened.state == replay(events, corpus, drill)
            _assert_clocks_are_the_journals(reopened.state, events)
            _assert_meanwhile_is_the_journals(reopened.state, events)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _meanwhile_from_the_journal(state: SessionState, events: list[Event], determination: Any) -> Any:
    """What `meanwhile` says, read off the events and the state's records by walking all of them."""
    shown = [
        e.seq
        for e in events
        if e.seq <= determination.seq
        and e.type in _SHOWN
        and determination.inject is not None
        and getattr(e.payload, "inject", None) == determination.inject
    ]
    if not shown or shown[-1] == determination.seq:
        return None
    start, end = shown[-1], determination.seq

    def between(records: Any) -> list[int]:
        return sorted(r.seq for r in records if start < r.seq < end)

    cited = [c for c in state.citations if c.source != "scenario"]
    cited += [w.citation for w in state.withdrawals if w.citation.source != "scenario"]
    return {
        "notes": between(state.notes),
        "decisions": between(state.decisions),
        "citations": between(cited),
        "ratings": between(state.ratings),
        "orders": between(state.recorded_determinations),
    }


def _assert_meanwhile_is_the_journals(state: SessionState, events: list[Event]) -> None:
    determinations: list[Determination | RecordedDetermination] = [
        *state.determinations,
        *state.recorded_determinations,
    ]
    for determination in determinations:
        done = meanwhile(state, determination)
        expected = _meanwhile_from_the_journal(state, events, determination)
        if expected is None:
            assert done is None
            continue
        assert done is not None
        assert {
            "notes": [r.seq for r in done.notes],
            "decisions": [r.seq for r in done.decisions],
            "citations": [r.seq for r in done.citations],
            "ratings": [r.seq for r in done.ratings],
            "orders": [r.seq for r in done.orders],
        } == expected


def test_a_long_journal_of_breaks_and_returns_reads_back_break_by_break(
    drill: LoadedScenario, corpus: Corpus, session_dir: Path
) -> None:
    moves = random.Random(5)
    with Session.start(drill, corpus, session_dir=session_dir, clock=TickingClock()) as session:
        for _ in range(300):
            operation: Operation = moves.choice(
                [("pause",), ("resume",), ("deliver_next", "confirm"), ("go_back",), ("note", "talk")]
            )
            run_operations(session, [operation])
        live = session.state
        events = session.events()
        path = session.path
    assert len(live.clock.pauses) > 20 and len(live.visits) > 5
    with Session.open(path, readonly=True) as reopened:
        assert reopened.state == live
        _assert_clocks_are_the_journals(reopened.state, events)


# -- who recorded what ---------------------------------------------------------------------------

_SEATS = [
    Seat(role="facilitator", name="Aiko"),
    Seat(role="evaluator", name="Ben"),
    Seat(role="evaluator"),
    Seat(role="notes", name="Chie"),
    Seat(role="recorder", cell="JP", name="Dai"),
    Seat(role="recorder", cell="US", name="Dai"),
    Seat(role="participant", cell="JP", name="seat-1"),
]
_KINDS = ["note_recorded", "decision_recorded", "hotwash_recorded", "action_rated", "clause_cited", "clock_paused"]
_TALLIED = {"note_recorded": "notes", "decision_recorded": "decisions", "hotwash_recorded": "hot_wash"}


def _copy(seat: Seat) -> Seat:
    """An equal seat that is another object, as each event read from a journal holds its own."""
    return Seat.model_validate(seat.model_dump())


@settings(max_examples=200)
@given(
    recorded=st.lists(st.tuples(st.sampled_from(range(len(_SEATS) + 1)), st.sampled_from(_KINDS)), max_size=40),
    rated=st.lists(st.sampled_from(range(len(_SEATS) + 1)), max_size=6),
)
def test_each_seat_is_tallied_once_with_its_own_events_facilitator_first_then_as_each_first_recorded(
    recorded: list[tuple[int, str]], rated: list[int]
) -> None:
    def seat(n: int) -> Seat | None:
        return _copy(_SEATS[n]) if n < len(_SEATS) else None  # the last: an event recorded before seats

    events = [SimpleNamespace(type=kind, payload=SimpleNamespace(type=kind, by=seat(n))) for n, kind in recorded]
    ratings = [SimpleNamespace(by=seat(n)) for n in rated]
    tallies = records_by_seat(events, ratings)

    # Ratings count as the state's latest ones say (`ratings`), not event by event.
    firsts: list[Seat] = []
    for e in events:
        by = e.payload.by
        if by is not None and by.role != "participant" and e.type != "action_rated" and by not in firsts:
            firsts.append(by)
    for r in ratings:
        if r.by is not None and r.by not in firsts:
            firsts.append(r.by)
    facilitators = [s for s in firsts if s.role == "facilitator"]
    assert [t.seat for t in tallies] == facilitators + [s for s in firsts if s.role != "facilitator"]
    for tally in tallies:
        mine = Counter(
            _TALLIED.get(e.type, "other")
            for e in events
            if e.payload.by == tally.seat and e.type != "action_rated" and tally.seat.role != "participant"
        )
        assert (tally.notes, tally.decisions, tally.hot_wash, tally.other) == (
            mine["notes"],
            mine["decisions"],
            mine["hot_wash"],
            mine["other"],
        )
        assert tally.ratings == sum(1 for r in ratings if r.by == tally.seat)
    assert all(t.seat.role in ROLES for t in tallies)


# -- the faster paths give what the general ones give --------------------------------------------

_AT = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)


@settings(max_examples=200)
@given(
    text=st.text(max_size=20),
    inject=st.one_of(st.none(), st.text(min_size=1, max_size=8)),
    by=st.one_of(st.none(), st.sampled_from(_SEATS)),
    order=st.randoms(use_true_random=False),
    in_order=st.booleans(),
)
def test_a_record_given_its_fields_in_any_order_is_the_one_model_construct_makes(
    text: str, inject: str | None, by: Seat | None, order: random.Random, in_order: bool
) -> None:
    values: dict[str, Any] = {"seq": 7, "at": _AT, "by": by, "type": "note_recorded", "text": text, "inject": inject}
    names = list(values)
    if not in_order:
        order.shuffle(names)
    given_values = {name: values[name] for name in names}
    fast, general = built(NoteRecord, dict(given_values)), NoteRecord.model_construct(**given_values)
    assert fast == general
    assert repr(fast) == repr(general)
    assert list(fast.__dict__) == list(general.__dict__) == list(NoteRecord.model_fields)
    assert fast.model_fields_set == general.model_fields_set
    assert fast.model_dump_json() == general.model_dump_json()


_WORDS = st.text(st.sampled_from("ab yz.,:-[]() \t\u3042\u30fc\u3002\x07\n"), max_size=90)
_KEEP = ("[out of phase]",)


@settings(max_examples=400)
@given(
    text=st.one_of(_WORDS, _WORDS.map(lambda t: t.replace("[]", "[out of phase]"))),
    width=st.integers(40, 130),
    first=st.sampled_from(["", "  ", "notes       ", "      ＊ "]),
)
def test_a_line_wrapped_at_a_width_asked_once_is_what_filling_it_gives(text: str, width: int, first: str) -> None:
    indent = " " * 14
    safe = terminal_safe(text, one_line=True)
    expected = f"{first}{safe}" if not safe.strip() else fill(safe, width, initial=first, indent=indent, keep=_KEEP)
    assert wrap_at(text, indent, width, first=first, keep=_KEEP) == expected
    assert wrap_at(text, indent, None, first=first, keep=_KEEP) == f"{first}{safe}"  # a pipe: never wrapped


# -- the collector ------------------------------------------------------------------------------


@pytest.fixture
def recorded(drill: LoadedScenario, corpus: Corpus, session_dir: Path) -> Path:
    with Session.start(drill, corpus, session_dir=session_dir, clock=TickingClock()) as session:
        session.deliver_next()
        for number in range(30):
            session.note(f"note {number}")
        return Path(session.path)


@pytest.mark.parametrize("command", [("status",), ("report",), ("export",)])
def test_a_reading_command_inside_a_longer_program_leaves_the_collector_as_it_found_it(
    recorded: Path, run: RunCli, command: tuple[str, ...]
) -> None:
    frozen = gc.get_freeze_count()
    status, _, err = run(*command, str(recorded))
    assert status == 0, err
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # nothing kept from a later collection


@pytest.mark.parametrize("command", [("status",), ("report",), ("export",)])
def test_a_reading_command_that_ends_its_process_keeps_what_it_read_from_the_collector_and_says_the_same(
    recorded: Path, run: RunCli, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    common = sys.modules["tabletop.cli._common"]
    status, said, err = run(*command, str(recorded))
    assert status == 0, err
    frozen = gc.get_freeze_count()
    monkeypatch.setattr(common, "_ENDS_WITH_COMMAND", True)
    try:
        status, said_ending, err = run(*command, str(recorded))
        assert gc.get_freeze_count() > frozen
    finally:
        gc.unfreeze()
    assert status == 0, err
    assert gc.isenabled()
    assert said_ending == said
