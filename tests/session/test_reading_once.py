"""Reading a session does each piece of work once, and still checks everything: every event is
read and validated once by `status`, `report` and `export`; the journal digest is chained as the
events are read; the state's records, the digest's rows and the terminal's text are made by
faster paths that give exactly what the general ones give."""

from __future__ import annotations

import gc
import json
import sqlite3
import sys
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabletop.errors import SessionFileError
from tabletop.report import build_coverage
from tabletop.rules import Corpus
from tabletop.safetext import terminal_safe
from tabletop.scenario import LoadedScenario, load_scenario_text
from tabletop.session import (
    CitationRecord,
    NoteRecord,
    Session,
    SessionJournal,
    SessionRecord,
    chain,
    rebuild_sources,
)
from tabletop.strictmodel import built, maker

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def played(drill: LoadedScenario, corpus: Corpus, session_dir: Path, ticking_clock: Any) -> Path:
    """A session with notes, a citation and a decision, closed."""
    with Session.start(drill, corpus, session_dir=session_dir, clock=ticking_clock()) as session:
        session.deliver_next()
        for number in range(5):
            session.note(f"note {number}")
        session.cite("III.A", "coordination")
        session.decide("Cabinet", "convene")
        path = Path(session.path)
    return path


@pytest.fixture
def rows_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many stored events each read of a journal turned into events."""
    counts: list[int] = []
    store = sys.modules[SessionJournal.__module__]
    original = store.events_from_rows

    def counting(where: object, rows: Any, since: int, **options: Any) -> Any:
        events = original(where, rows, since, **options)
        counts.append(len(events))
        return events

    monkeypatch.setattr(store, "events_from_rows", counting)
    return counts


@pytest.mark.parametrize(
    "command",
    [("status",), ("status", "--format", "json"), ("report",), ("report", "--format", "html"), ("export",)],
)
def test_a_reading_command_reads_and_checks_every_event_once(
    played: Path, run: Run, rows_read: list[int], command: tuple[str, ...]
) -> None:
    head = len(Session.open(played, readonly=True).events())
    rows_read.clear()
    status, out, err = run(*command, str(played))
    assert status == 0, err
    assert sum(rows_read) == head  # each stored event read and validated once, none twice
    if command == ("export",):
        assert [json.loads(line)["seq"] for line in out.splitlines()[1:]] == list(range(1, head + 1))


def test_the_record_made_from_the_events_read_at_opening_equals_one_read_again(played: Path) -> None:
    with Session.open(played, readonly=True) as session:
        kept = session.record()
    assert kept == SessionRecord.load(played)
    assert kept.model_dump_json() == SessionRecord.load(played).model_dump_json()


def test_a_digest_tampered_with_is_still_found_after_the_events_were_chained_as_read(played: Path) -> None:
    db = sqlite3.connect(played)
    db.execute("UPDATE metadata SET value = ? WHERE key = 'journal_sha256'", ("0" * 64,))
    db.commit()
    db.close()
    with pytest.raises(SessionFileError, match="do not match the journal digest"):
        Session.open(played, readonly=True)
    with pytest.raises(SessionFileError, match="do not match the journal digest"):
        SessionRecord.load(played)


_ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
_PRINTABLE = st.text(st.characters(exclude_categories=["Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"]))


@settings(max_examples=25, deadline=None)
@given(notes=st.lists(_ANY_TEXT, min_size=1, max_size=4))
def test_the_journal_digest_is_the_documented_chain_of_its_rows_whatever_they_hold(
    drill: LoadedScenario, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory, notes: list[str]
) -> None:
    """SHA-256 of the previous digest and the row (seq, time, type, payload), written as JSON
    without ASCII escapes or spaces (docs/sessions.md), over texts with quotes, controls and
    any script."""
    import hashlib

    folder = tmp_path_factory.mktemp("digest")
    with Session.start(drill, corpus, session_dir=folder) as session:
        session.deliver_next()
        for text in notes:
            session.note(text)
        path = Path(session.path)
    db = sqlite3.connect(path)
    rows = db.execute("SELECT seq, at, type, payload FROM events ORDER BY seq").fetchall()
    (stored,) = db.execute("SELECT value FROM metadata WHERE key = 'journal_sha256'").fetchone()
    db.close()
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    digest = ""
    for row in rows:
        digest = hashlib.sha256(encoder.encode([digest, *row]).encode("utf-8")).hexdigest()
    assert digest == stored
    assert [n.text for n in SessionRecord.load(path).state().notes] == notes  # and it reads back


_ROW_VALUE = st.one_of(_ANY_TEXT, st.text(max_size=5), st.integers(), st.none(), st.floats(allow_nan=False))


@settings(max_examples=300)
@given(
    previous=st.one_of(st.just(""), st.text(max_size=70), st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
    rows=st.lists(
        st.one_of(
            st.tuples(st.integers(1), _ANY_TEXT, st.text(max_size=12), _ANY_TEXT),
            st.tuples(_ROW_VALUE, _ROW_VALUE, _ROW_VALUE, _ROW_VALUE),
        ),
        max_size=6,
    ),
)
def test_a_journal_chained_in_one_pass_gives_each_digest_the_documented_rule_gives(
    previous: str, rows: list[tuple[Any, ...]]
) -> None:
    """Every digest is SHA-256 of the JSON array of the digest before and the row, as documented,
    whatever the row holds and whatever digest the file held before it."""
    import hashlib

    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    expected, digest = [], previous
    for row in rows:
        digest = hashlib.sha256(encoder.encode([digest, *row]).encode("utf-8")).hexdigest()
        expected.append(digest)
    kept: list[str] = []
    assert chain(previous, rows, kept.append) == (expected[-1] if rows else previous)
    assert kept == expected
    assert chain(None, rows) is None  # a journal kept before digests has none


@settings(max_examples=300)
@given(text=_PRINTABLE, one_line=st.booleans())
def test_terminal_safe_returns_printable_text_as_the_patterns_leave_it(text: str, one_line: bool) -> None:
    # A control appended takes the patterns' path; it is removed, and the rest is as they leave it.
    assert terminal_safe(text, one_line=one_line) == terminal_safe(text + "\x00", one_line=one_line) == text


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("\x1b]0;title\x07x", "x"),
        ("a\u202eb", "ab"),
        ("one\ntwo", "one two"),
        ("bell\x07", "bell"),
        ("\x9b31mred", "red"),
    ],
)
def test_terminal_safe_still_removes_what_a_terminal_would_obey(text: str, safe: str) -> None:
    assert terminal_safe(text, one_line=True) == safe


@settings(max_examples=100)
@given(text=st.text(max_size=30), inject=st.one_of(st.none(), st.text(min_size=1, max_size=10)), seq=st.integers(1))
def test_a_state_record_built_from_checked_values_is_the_one_model_construct_makes(
    text: str, inject: str | None, seq: int
) -> None:
    from datetime import UTC, datetime

    at = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)
    values: dict[str, Any] = {"type": "note_recorded", "text": text, "inject": inject, "seq": seq, "at": at}
    fast, general = built(NoteRecord, dict(values)), NoteRecord.model_construct(**values)
    assert fast == general
    assert repr(fast) == repr(general)
    assert fast.model_fields_set == general.model_fields_set
    assert fast.model_dump_json() == general.model_dump_json()


def test_a_record_with_a_value_that_is_no_field_or_a_field_left_out_is_built_as_model_construct_builds_it() -> None:
    from datetime import UTC, datetime

    at = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)
    extra: dict[str, Any] = {"type": "note_recorded", "text": "x", "seq": 1, "at": at, "stray": 1}
    assert built(NoteRecord, dict(extra)).__dict__ == NoteRecord.model_construct(**extra).__dict__
    missing: dict[str, Any] = {"type": "clause_cited", "inject": "a", "clause": "III.A", "seq": 1}
    assert built(CitationRecord, dict(missing)).__dict__ == CitationRecord.model_construct(**missing).__dict__


@settings(max_examples=50)
@given(seq=st.integers(1), text=st.text(min_size=1, max_size=30))
def test_an_envelope_made_by_a_maker_is_the_one_model_construct_makes(seq: int, text: str) -> None:
    from datetime import UTC, datetime

    from tabletop.session import Event

    at = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)
    payload = Event.model_validate({"seq": 1, "at": at, "payload": {"type": "note_recorded", "text": text}}).payload
    made = maker(Event, ("seq", "at", "payload"))({"seq": seq, "at": at, "payload": payload})
    general = Event.model_construct(seq=seq, at=at, payload=payload)
    assert made == general and repr(made) == repr(general)
    assert made.model_fields_set == general.model_fields_set
    assert made.model_dump_json() == general.model_dump_json()


def test_a_maker_is_refused_for_names_that_are_not_the_models_fields_in_order() -> None:
    from tabletop.session import Event

    for names in (("at", "seq", "payload"), ("seq", "at"), ("seq", "at", "payload", "stray")):
        with pytest.raises(TypeError):
            maker(Event, names)
    from pydantic import BaseModel, Field

    class Listed(BaseModel):
        items: list[str] = Field(default_factory=list)

    with pytest.raises(TypeError):  # a default made for each record: model_construct's own work
        maker(Listed, ("items",))


def test_each_record_of_a_session_read_back_is_the_one_model_construct_makes_of_its_event(
    drill: LoadedScenario, corpus: Corpus, session_dir: Path, ticking_clock: Any
) -> None:
    from tabletop.session import DecisionRecord, HotWashEntry, NoteRecord

    with Session.start(drill, corpus, session_dir=session_dir, clock=ticking_clock()) as session:
        session.note("before any inject")
        session.deliver_next()
        session.note("a note")
        session.decide("Japan cell", "hold")
        session.hot_wash("strength", "quick hand-over")
    with Session.open(session.path, readonly=True) as read:
        state, events = read.state, {event.seq: event for event in read.events()}
    records: list[NoteRecord | DecisionRecord | HotWashEntry] = [*state.notes, *state.decisions, *state.hot_wash]
    assert [type(record) for record in records] == [NoteRecord, NoteRecord, DecisionRecord, HotWashEntry]
    for record in records:
        event = events[record.seq]
        values: dict[str, Any] = {"seq": event.seq, "at": event.at, **event.payload.__dict__}
        general = type(record).model_construct(**values)
        assert record == general and repr(record) == repr(general)
        assert record.model_fields_set == general.model_fields_set


# -- coverage: one session at a time ------------------------------------------------------------


def _variant(drill: LoadedScenario, corpus: Corpus, number: int) -> LoadedScenario:
    text = Path(drill.path).read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    return load_scenario_text(text.replace(title, f"title: Variant {number}", 1), "variant.yaml", corpus)


@pytest.fixture
def programme(drill: LoadedScenario, corpus: Corpus, session_dir: Path, ticking_clock: Any) -> list[Path]:
    """Four sessions of four distinct scenarios, each citing a clause."""
    paths = []
    for number in range(4):
        scenario = _variant(drill, corpus, number) if number else drill
        with Session.start(scenario, corpus, session_dir=session_dir / str(number), clock=ticking_clock()) as session:
            session.deliver_next()
            session.cite("III.A" if number % 2 else "IV.A.1", "discussed")
            paths.append(Path(session.path))
    return paths


def test_coverage_of_sessions_read_one_at_a_time_is_the_coverage_of_them_all_at_once(programme: list[Path]) -> None:
    at_once = build_coverage([SessionRecord.load(path) for path in programme])
    one_at_a_time = build_coverage(SessionRecord.load(path) for path in programme)
    assert one_at_a_time == at_once
    titles = {record.state().scenario_title for record in map(SessionRecord.load, programme)}
    assert {"Variant 1", "Variant 2", "Variant 3"} < titles
    assert {s.title for s in at_once.sessions} == titles
    assert {c.clause for c in at_once.clauses if c.sessions} >= {"III.A", "IV.A.1"}


def test_coverage_keeps_no_session_once_it_is_counted(programme: list[Path]) -> None:
    alive: list[weakref.ref[SessionRecord]] = []
    most_alive = 0

    def records() -> Iterator[SessionRecord]:
        nonlocal most_alive
        for path in programme:
            gc.collect()
            most_alive = max(most_alive, sum(1 for ref in alive if ref() is not None))
            record = SessionRecord.load(path)
            alive.append(weakref.ref(record))
            yield record

    build_coverage(records())
    assert most_alive <= 1  # the one being counted when the next is read, at most


def test_coverage_rebuilds_each_sessions_stored_scenario_once(
    programme: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = sys.modules[rebuild_sources.__module__]
    rebuilt: list[str] = []
    original = vars(sources)["_rebuild"]

    def counting(path: Any, documents: Any) -> Any:
        rebuilt.append(str(path))
        return original(path, documents)

    monkeypatch.setattr(sources, "_SOURCES", OrderedDict())
    monkeypatch.setattr(sources, "SOURCES_KEPT_CHARACTERS", 1)  # nothing kept but the last
    monkeypatch.setattr(sources, "_rebuild", counting)
    build_coverage(SessionRecord.load(path) for path in programme)
    assert len(rebuilt) == len(programme)


def test_the_rebuilt_scenarios_kept_are_bounded_by_their_text_and_the_last_is_always_kept(
    programme: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sources = sys.modules[rebuild_sources.__module__]

    def kept() -> list[tuple[Any, Any, int]]:
        return list(vars(sources)["_SOURCES"].values())

    monkeypatch.setattr(sources, "_SOURCES", OrderedDict())
    for path in programme:
        SessionRecord.load(path)
    sizes = [size for _, _, size in kept()]
    assert len(sizes) == len(programme)  # small texts: all kept
    monkeypatch.setattr(sources, "SOURCES_KEPT_CHARACTERS", sizes[0] * 2)
    monkeypatch.setattr(sources, "_SOURCES", OrderedDict())
    for path in programme:
        SessionRecord.load(path)
    assert 1 <= len(kept()) <= 2
    assert sum(size for _, _, size in kept()) <= sizes[0] * 2
    newest = SessionRecord.load(programme[-1]).sources()
    assert kept()[-1][:2] == newest
    monkeypatch.setattr(sources, "SOURCES_KEPT_CHARACTERS", 1)
    SessionRecord.load(programme[0])
    assert len(kept()) == 1  # the last is kept whatever its size
