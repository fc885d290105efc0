"""`tabletop salvage` saves what a damaged session recorded before the damage, as a journal that
`tabletop import` reads back into a new session whose report says it was salvaged; every reader's
refusal of a damaged session names it. On a session file and on PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import psycopg
import pytest

from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import Session
from tests.conftest import RunCli
from tests.session.journal_support import Target, new_target, rechain, run_sql

BOGUS = json.dumps({"type": "note_recorded", "text": "written by another program", "bogus": 1})


def _count(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        (count,) = db.execute("SELECT count(*) FROM events").fetchone()
        return int(count)
    finally:
        db.close()


def _session_id(path: Path) -> str:
    return path.name.removesuffix(".ttx.sqlite")


def _bogus_row_appended(path: Path) -> int:
    """Another program appends a row this version cannot read, chaining the digest as a writer
    would; the number of events before it."""
    before = _count(path)
    run_sql(
        path,
        (
            "INSERT INTO events(seq, at, type, payload) SELECT max(seq) + 1, max(at), 'note_recorded', ? FROM events",
            (BOGUS,),
        ),
    )
    rechain(path)
    return before


def test_a_damaged_session_file_is_salvaged_up_to_the_damage_and_imports_as_a_new_session(
    run: RunCli, dry_session: Path, tmp_path: Path
) -> None:
    intact = _bogus_row_appended(dry_session)
    source = _session_id(dry_session)

    for command in ("status", "export", "report"):
        code, _, err = run(command, str(dry_session))
        assert code == 1 and "damaged" in err and f"tabletop salvage {dry_session} -o FILE" in err, (command, err)

    code, out, err = run("salvage", str(dry_session), "-o", "saved.jsonl", "--format", "json")
    assert code == 0, err
    told = json.loads(out)
    assert told["session"] == source and told["salvaged_session"] == f"{source}-salvaged"
    assert told["through_event"] == intact and told["events_stored"] == intact + 1
    assert f"event {intact + 1}" in told["damage"]
    assert _count(dry_session) == intact + 1  # the damaged file is only read

    code, out, err = run("import", "saved.jsonl", "--session-dir", "rescued")
    assert code == 0, err
    rescued = Path(out.strip())
    assert rescued.name == f"{source}-salvaged.ttx.sqlite"
    with Session.open(rescued, readonly=True) as opened:
        assert opened.state.last_seq == intact
        assert opened.state.session_id == f"{source}-salvaged"

    code, out, err = run("report", str(rescued), "--format", "md")
    assert code == 0, err
    assert "**SALVAGED**" in out and f"Salvaged from damaged session {source}: its events 1 to {intact}" in out
    code, out, err = run("report", str(rescued), "--format", "html")
    assert code == 0, err
    assert "SALVAGED" in out and f"its events 1 to {intact}" in out


def test_an_edited_event_in_a_session_file_is_salvaged_but_not_vouched_for(run: RunCli, dry_session: Path) -> None:
    count = _count(dry_session)
    run_sql(dry_session, ("UPDATE events SET at = replace(at, 'Z', '1Z') WHERE seq = 2", ()))
    code, out, err = run("salvage", str(dry_session), "-o", "saved.jsonl")
    assert code == 0, err
    assert f"salvaged events 1 to {count} of {count}" in out
    assert "cannot tell which" in out and "unvouched for" in out
    code, _, err = run("import", "saved.jsonl", "--session-dir", "rescued")
    assert code == 0, err


def test_an_intact_session_is_not_salvaged(run: RunCli, dry_session: Path) -> None:
    code, out, err = run("salvage", str(dry_session), "-o", "saved.jsonl")
    assert code == 1 and out == ""
    assert "not damaged" in err and "tabletop export" in err
    assert not Path("saved.jsonl").exists()


def test_a_session_without_its_texts_has_nothing_to_salvage(run: RunCli, dry_session: Path) -> None:
    run_sql(dry_session, ("DELETE FROM documents WHERE role = 'scenario'", ()))
    code, _, err = run("salvage", str(dry_session), "-o", "saved.jsonl")
    assert code == 1 and "nothing can be salvaged" in err
    assert not Path("saved.jsonl").exists()


# -- PostgreSQL ------------------------------------------------------------------------------------


@pytest.fixture
def target(database_url: str, drill: LoadedScenario, corpus: Corpus, tmp_path: Path) -> Target:
    found = new_target("postgres", drill, corpus, tmp_path / "sessions", database_url)
    with Session.from_journal(found.open_database()) as session:
        session.deliver_next()
        session.note("the cell asks for the latest picture")
    return found


def test_a_damaged_database_session_is_salvaged_and_imports_beside_it(run: RunCli, target: Target) -> None:
    with psycopg.connect(target.location, autocommit=True) as other:
        other.execute(
            "SELECT * FROM tabletop.append_event(%s, "
            "(SELECT max(seq) FROM tabletop.events WHERE session_id = %s), %s, 'note_recorded', %s)",
            (target.session_id, target.session_id, uuid.uuid4(), BOGUS),
        )
    db = ("--db", target.location)
    for command in ("status", "export", "report"):
        code, _, err = run(command, target.session_id, *db)
        assert code == 1 and f"tabletop salvage {target.session_id} -o FILE --db URL" in err, (command, err)

    code, out, err = run("salvage", target.session_id, "-o", "saved.jsonl", *db)
    assert code == 0, err
    assert f"salvaged events 1 to 3 of 4 from session {target.session_id}" in out

    code, out, err = run("import", "saved.jsonl", *db)
    assert code == 0, err
    code, out, err = run("report", f"{target.session_id}-salvaged", "--format", "md", *db)
    assert code == 0, err
    assert f"Salvaged from damaged session {target.session_id}: its events 1 to 3" in out
    assert "the cell asks for the latest picture" in out
