"""Export to JSON Lines and import back: the same session, or a clear error and no file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tabletop.errors import JournalImportError
from tabletop.session import JOURNAL_FORMAT_VERSION, Session, export_jsonl, import_jsonl


def export(session: Session, tmp_path: Path) -> Path:
    target = tmp_path / "journal.jsonl"
    export_jsonl(session.path, target)
    return target


def test_export_then_import_gives_the_identical_state(played: Session, tmp_path: Path) -> None:
    journal = export(played, tmp_path)
    imported = import_jsonl(journal, tmp_path / "elsewhere")
    with Session.open(played.path, readonly=True) as original, Session.open(imported, readonly=True) as copy:
        assert copy.state == original.state
        assert copy.events() == original.events()
        assert copy.documents() == original.documents()


def test_the_export_is_a_header_then_one_event_per_line(played: Session, tmp_path: Path) -> None:
    lines = export(played, tmp_path).read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert (header["format"], header["version"]) == ("tabletop-journal", JOURNAL_FORMAT_VERSION)
    assert {d["role"] for d in header["documents"]} == {"scenario", "rules"}
    events = [json.loads(line) for line in lines[1:]]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["payload"]["type"] == "session_started"
    assert events[-1]["payload"]["type"] == "session_closed"


def test_export_replaces_the_target_atomically_and_leaves_no_temporary_file(played: Session, tmp_path: Path) -> None:
    target = tmp_path / "journal.jsonl"
    target.write_text('{"format":"tabletop-journal","version":1}\nan earlier export\n', encoding="utf-8")
    export_jsonl(played.path, target)
    assert target.read_text(encoding="utf-8").startswith('{"format":"tabletop-journal"')
    assert "an earlier export" not in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.jsonl", "sessions"]


def _import_fails(journal: Path, tmp_path: Path, message: str) -> None:
    target = tmp_path / "imported"
    with pytest.raises(JournalImportError, match=message):
        import_jsonl(journal, target)
    assert not target.exists() or list(target.iterdir()) == []


def _rewrite(journal: Path, number: int, edit: Callable[[str], str]) -> None:
    lines = journal.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = edit(lines[number - 1])
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_line_that_is_not_json_is_reported_with_its_number(played: Session, tmp_path: Path) -> None:
    journal = export(played, tmp_path)
    _rewrite(journal, 4, lambda line: line[:-3])
    _import_fails(journal, tmp_path, r"journal.jsonl:4: not a valid event")


def test_an_event_with_an_unknown_field_is_reported_with_its_line(played: Session, tmp_path: Path) -> None:
    journal = export(played, tmp_path)
    _rewrite(journal, 5, lambda line: line.replace('"payload":{', '"payload":{"extra":1,'))
    _import_fails(journal, tmp_path, r":5: not a valid event")


def test_an_event_that_cannot_follow_is_reported_with_its_line(played: Session, tmp_path: Path) -> None:
    journal = export(played, tmp_path)
    lines = journal.read_text(encoding="utf-8").splitlines()
    lines[3], lines[4] = lines[4], lines[3]
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _import_fails(journal, tmp_path, r":4: event 4 where event 3 should be: lines are missing or out of order")


def test_a_stored_text_that_does_not_match_its_hash_is_refused(played: Session, tmp_path: Path) -> None:
    journal = export(played, tmp_path)
    _rewrite(journal, 1, lambda line: line.replace("Quiet start", "Loud start"))
    _import_fails(journal, tmp_path, r":1: document 'drill.yaml' does not match its SHA-256")


def test_a_journal_from_a_newer_version_is_refused(played: Session, tmp_path: Path) -> None:
    journal = export(played, tmp_path)
    _rewrite(
        journal,
        1,
        lambda line: line.replace(f'"version":{JOURNAL_FORMAT_VERSION}', f'"version":{JOURNAL_FORMAT_VERSION + 1}'),
    )
    _import_fails(journal, tmp_path, "newer")


def test_something_that_is_not_a_journal_is_refused(tmp_path: Path) -> None:
    journal = tmp_path / "notes.jsonl"
    journal.write_text('{"hello": "world"}\n', encoding="utf-8")
    _import_fails(journal, tmp_path, ":1: not a tabletop journal header")


def test_importing_twice_into_the_same_folder_is_refused(played: Session, tmp_path: Path) -> None:
    journal = export(played, tmp_path)
    import_jsonl(journal, tmp_path / "imported")
    with pytest.raises(JournalImportError, match="exists already"):
        import_jsonl(journal, tmp_path / "imported")


def test_a_failure_on_the_last_line_writes_nothing(played: Session, tmp_path: Path) -> None:
    journal = export(played, tmp_path)
    text = journal.read_text(encoding="utf-8")
    journal.write_text(text + '{"seq": 99}\n', encoding="utf-8")
    lines = len(text.splitlines()) + 1
    _import_fails(journal, tmp_path, rf":{lines}:")


def test_text_with_unicode_line_separators_survives_the_round_trip(session: Session, tmp_path: Path) -> None:
    session.note("first\u2028second\x85third\r\nfourth")
    session.close()
    journal = tmp_path / "journal.jsonl"
    export_jsonl(session.path, journal)
    with Session.open(import_jsonl(journal, tmp_path / "imported"), readonly=True) as copy:
        assert copy.state.notes[-1].text == "first\u2028second\x85third\r\nfourth"


def test_the_export_shows_no_raw_control_or_line_separator_characters_and_reads_back(
    session: Session, tmp_path: Path
) -> None:
    # A note pasted from a chat tool can carry an 8-bit CSI, a line separator or a
    # direction override: the export must stay one event per line, safe to view.
    hostile = "Pasted\x9b2J note\u2028second line \u202eesrever"
    session.deliver_next()
    session.note(hostile)
    session.close()
    journal = export(session, tmp_path)
    text = journal.read_text(encoding="utf-8")
    assert not any(ch in text for ch in "\x9b\u2028\u202e")
    lines = text.splitlines()
    assert [json.loads(line)["payload"]["type"] for line in lines[1:]][-1] == "note_recorded"
    assert json.loads(lines[-1])["payload"]["text"] == hostile
    imported = import_jsonl(journal, tmp_path / "elsewhere")
    with Session.open(session.path, readonly=True) as original, Session.open(imported, readonly=True) as copy:
        assert copy.state == original.state


@pytest.mark.parametrize(
    "at, why",
    [
        ("0001-01-01T00:00:00Z", "0001-01-01 is before 1970"),
        ("1969-12-31T23:59:59Z", "1969-12-31 is before 1970"),
        ("9999-12-31T23:59:59-05:00", "the time is out of range"),
    ],
)
def test_an_event_dated_where_no_session_can_be_is_refused_at_its_line(
    played: Session, tmp_path: Path, at: str, why: str
) -> None:
    journal = export(played, tmp_path)
    lines = journal.read_text(encoding="utf-8").splitlines()
    for number in range(1, len(lines)):  # every event, so that none goes backwards
        event = json.loads(lines[number])
        event["at"] = at
        lines[number] = json.dumps(event)
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _import_fails(journal, tmp_path, rf"journal.jsonl:2: not a valid event \(at: .*{why}")
