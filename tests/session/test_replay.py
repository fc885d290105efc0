"""The live state is always the replayed state, whatever the facilitator does (property-based)."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.errors import SessionFileError, TabletopError
from tabletop.session import Session, export_jsonl, import_jsonl, replay
from tabletop.rules import Corpus, Gate
from tabletop.scenario import LoadedScenario
from tests.session.conftest import TickingClock
from tests.session.journal_support import rechain, run_sql
import pytest

INJECTS = ["quiet", "tension", "evacuation", "quake", "missiles", "recovery", "adhoc-1", "nowhere"]
CLAUSES = ["III", "III.A", "IV.A.1", "IV.B", "IV.B.1", "IV.C.1", "VI", "IV.Z"]
TRIGGERS = ["threats_emerge", "attack_occurs", "de_escalate", "disaster_strikes", "recover", "bogus"]
ANSWERS = st.sampled_from(["none", "confirm", "deny", "without_move"])

OPERATIONS = st.one_of(
    st.tuples(st.just("deliver_next"), ANSWERS),
    st.tuples(st.just("jump"), st.sampled_from(INJECTS), ANSWERS),
    st.tuples(st.just("take_option"), st.sampled_from([0, 1, 2, "Hold and observe", "nonsense"]), ANSWERS),
    st.tuples(st.just("go_back")),
    st.tuples(st.just("fire"), st.sampled_from(TRIGGERS), ANSWERS),
    st.tuples(st.just("cite"), st.sampled_from(CLAUSES), st.text(max_size=8)),
    st.tuples(st.just("withdraw"), st.sampled_from(CLAUSES)),
    st.tuples(st.just("note"), st.text(max_size=12)),
    st.tuples(st.just("decide"), st.sampled_from(["Japan cell", "U.S. cell", ""]), st.text(min_size=1, max_size=8)),
    st.tuples(
        st.just("rate"), st.sampled_from(INJECTS), st.sampled_from(["a1", "a2", "a3", "0"]), st.sampled_from("PSMUX")
    ),
    st.tuples(st.just("hot_wash"), st.sampled_from(["strength", "improvement", "other"]), st.text(max_size=8)),
    st.tuples(st.just("adhoc"), st.text(min_size=0, max_size=8)),
    st.tuples(st.just("pause")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("end")),
    st.tuples(
        st.just("determine"),
        st.sampled_from(["security_operation", "security_operaton", "bogus"]),
        st.booleans(),
        st.text(max_size=8),
    ),
)


Operation = tuple[Any, ...]
"""A drawn operation: its name and its arguments, which are deliberately sometimes of the wrong
type or value (a rating "X", a hot wash kind "other"), for the session to refuse."""


def _answers(session: Session, mode: str, gates: Iterable[Gate]) -> dict[str, bool] | None:
    if mode in ("none", "without_move"):
        return None
    return {gate.id: mode == "confirm" for gate in gates}


def _entry_gates(session: Session, inject_id: str | None) -> tuple[Gate, ...]:
    try:
        return session.pending_gates(inject_id)
    except TabletopError:
        return ()


def _perform(session: Session, operation: Operation) -> None:
    name, *args = operation
    if name == "deliver_next":
        session.deliver_next(
            _answers(session, args[0], _entry_gates(session, None)), without_move=args[0] == "without_move"
        )
    elif name == "jump":
        session.jump(
            args[0], _answers(session, args[1], _entry_gates(session, args[0])), without_move=args[1] == "without_move"
        )
    elif name == "take_option":
        target = None
        current = session.state.current
        if current is not None and current in session.view:
            options = session.view.inject(current).options
            if isinstance(args[0], int) and args[0] < len(options):
                target = options[args[0]].goto
        gates = _entry_gates(session, target) if target else ()
        session.take_option(args[0], _answers(session, args[1], gates), without_move=args[1] == "without_move")
    elif name == "go_back":
        session.go_back()
    elif name == "fire":
        gates = next((m.gates for m in session.legal_moves() if m.trigger == args[0]), ())
        session.fire(args[0], _answers(session, args[1], gates))
    elif name == "cite":
        session.cite(args[0], args[1])
    elif name == "withdraw":
        session.withdraw(args[0])
    elif name == "note":
        session.note(args[0])
    elif name == "decide":
        session.decide(args[0], args[1])
    elif name == "rate":
        session.rate(args[0], args[1], args[2], "observed")
    elif name == "hot_wash":
        session.hot_wash(args[0], args[1])
    elif name == "adhoc":
        session.insert_adhoc(args[0], "improvised")
    elif name == "pause":
        session.pause_clock()
    elif name == "resume":
        session.resume_clock()
    elif name == "end":
        session.end()
    elif name == "determine":
        session.determine(args[0], args[1], args[2])


def run_operations(session: Session, operations: list[Operation]) -> int:
    """Perform the operations; check that each refusal recorded nothing. Return how many were accepted."""
    accepted = 0
    for operation in operations:
        before_seq = session.state.last_seq
        before_state = session.state
        try:
            _perform(session, operation)
        except TabletopError:
            assert session.state is before_state
            assert len(session.events()) == before_seq
        else:
            accepted += 1
            assert session.state.last_seq == before_seq + 1
            session.snapshot()  # as a console does after each command
    return accepted


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATIONS, max_size=40))
def test_live_state_equals_the_replayed_journal_the_reopened_file_and_an_imported_export(
    drill: LoadedScenario,
    corpus: Corpus,
    ticking_clock: type[TickingClock],
    tmp_path_factory: pytest.TempPathFactory,
    operations: list[Operation],
) -> None:
    # A fresh folder per example, inside pytest's temporary area (tmp_path is one per test).
    folder = tmp_path_factory.mktemp("replay")
    try:
        session = Session.start(drill, corpus, session_dir=folder, clock=ticking_clock())
        run_operations(session, operations)
        live = session.state
        view = session.snapshot()
        assert replay(session.events(), corpus, drill) == live
        session.close()
        with Session.open(session.path, readonly=True) as reopened:
            assert reopened.state == live
            again = reopened.snapshot()
            for part in (
                "injects",
                "current",
                "next",
                "options",
                "legal_moves",
                "determinations",
                "regions",
                "available_determinations",
                "recorded_determinations",
            ):
                assert getattr(again, part) == getattr(view, part), part
        export_jsonl(session.path, folder / "journal.jsonl")
        with Session.open(import_jsonl(folder / "journal.jsonl", folder / "imported"), readonly=True) as imported:
            assert imported.state == live
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_long_realistic_sequence_replays_exactly(session: Session, corpus: Corpus, drill: LoadedScenario) -> None:
    operations = [
        ("deliver_next", "none"),
        ("cite", "III.A", "ACM"),
        ("note", "convened"),
        ("rate", "quiet", "a1", "S"),
        ("deliver_next", "confirm"),
        ("take_option", 0, "none"),
        ("go_back",),
        ("take_option", 1, "none"),
        ("fire", "disaster_strikes", "none"),
        ("adhoc", "Ferry fire"),
        ("pause",),
        ("resume",),
        ("deliver_next", "confirm"),
        ("cite", "VI", "out of phase now"),
        ("withdraw", "VI"),
        ("hot_wash", "strength", "quick"),
        ("end",),
    ]
    assert run_operations(session, operations) >= 14
    assert replay(session.events(), corpus, drill) == session.state


@pytest.mark.parametrize("where", ["middle", "last"])
def test_a_stored_event_that_cannot_follow_is_refused_by_its_seq_and_type_with_the_digest_intact(
    drill: LoadedScenario, corpus: Corpus, tmp_path: Path, ticking_clock: type[TickingClock], where: str
) -> None:
    # A note dated at the current inject, edited to name an inject that is not current, and the
    # digest recomputed as a forger would: the fold refuses it, naming it, wherever it stands.
    with Session.start(drill, corpus, session_dir=tmp_path, clock=ticking_clock()) as session:
        session.deliver_next()
        session.note("first note")
        session.note("second note")
        session.note("third note")
        events = session.events()
    assert isinstance(session.path, Path)
    forged = 4 if where == "middle" else 5
    run_sql(
        session.path,
        ("UPDATE events SET payload = replace(payload, '\"quiet\"', '\"tension\"') WHERE seq = ?", (forged,)),
    )
    rechain(session.path)
    message = rf"event {forged}, note_recorded: 'tension' is not the current inject \('quiet'\)"
    with pytest.raises(SessionFileError, match=message):
        Session.open(session.path, readonly=True)
    with pytest.raises(SessionFileError, match=message):
        Session.open(session.path)
    note = events[forged - 1]
    events[forged - 1] = note.model_copy(update={"payload": note.payload.model_copy(update={"inject": "tension"})})
    with pytest.raises(SessionFileError, match=rf"event {forged} \(note_recorded\) cannot be replayed"):
        replay(events, corpus, drill)
