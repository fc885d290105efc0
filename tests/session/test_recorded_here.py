"""What was recorded at the inject in front of the room is indexed as it is recorded: the state
holds the notes and decisions of the current inject, exactly those a scan of the whole record
would find, however the room moves back and forth."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import Session, SessionState

Step = tuple[str, int]

steps = st.lists(
    st.tuples(st.sampled_from(["next", "back", "note", "decide"]), st.integers(min_value=0, max_value=999)),
    max_size=30,
)


def _scanned(state: SessionState) -> tuple[tuple[int, ...], tuple[int, ...]]:
    here = state.current
    notes = tuple(note.seq for note in state.notes if here is not None and note.inject == here)
    decisions = tuple(decision.seq for decision in state.decisions if here is not None and decision.inject == here)
    return notes, decisions


def _indexed(state: SessionState) -> tuple[tuple[int, ...], tuple[int, ...]]:
    return tuple(n.seq for n in state.current_notes), tuple(d.seq for d in state.current_decisions)


def _play(session: Session, played: list[Step]) -> None:
    for what, number in played:
        state = session.state
        # Only a delivery the phases allow: gone back past a move, the next inject may need one
        # that cannot fire from where the room stands now.
        if what == "next" and state.next_inject is not None and session.snapshot().next.refused is None:
            gates = session.pending_gates()
            session.deliver_next({gate.id: True for gate in gates} if gates else None)
        elif what == "back" and state.back_to is not None:
            session.go_back()
        elif what == "note" and state.current is not None:
            session.note(f"note {number}")
        elif what == "decide" and state.current is not None:
            session.decide("Alliance Coordination Group", f"decision {number}")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(played=steps)
def test_the_records_at_the_current_inject_are_those_a_scan_of_the_whole_record_finds(
    corpus: Corpus, drill: LoadedScenario, tmp_path: Path, played: list[Step]
) -> None:
    with Session.building(drill, corpus, session_dir=tmp_path) as session:
        _play(session, played)
        assert _indexed(session.state) == _scanned(session.state)
        path = Path(session.path)
    with Session.open(path) as reopened:  # the same after a replay of the journal
        assert _indexed(reopened.state) == _scanned(reopened.state)
        path.unlink()


def test_the_room_sees_the_decisions_recorded_here_and_never_the_notes(
    corpus: Corpus, drill: LoadedScenario, tmp_path: Path
) -> None:
    with Session.building(drill, corpus, session_dir=tmp_path) as session:
        session.deliver_next()
        session.note("facilitator only: the Japan cell hesitates")
        session.decide("Prime Minister", "convene the National Security Council")
        room = session.snapshot().for_participants()
        assert room.state.current_notes == ()
        assert [d.decision for d in room.state.current_decisions] == ["convene the National Security Council"]
        facilitator = session.snapshot()
        assert [n.text for n in facilitator.state.current_notes] == ["facilitator only: the Japan cell hesitates"]
