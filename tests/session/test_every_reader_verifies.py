"""No reader of a session skips a check: every command and screen that reads a session refuses the
same tampered files with one line and exit status 1, and `follow` refuses them while it follows.

Each tampering leaves a file whose events still replay one by one (a note's text edited, the last
event removed, a middle note removed and the rest renumbered), or whose texts still match their
hashes (the scenario edited with its hash recomputed), or whose metadata alone was changed (a
bogus digest, another facilitator's name): only the journal digest, the `session_started` hashes
or the facilitator recorded in the journal give them away.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tabletop.errors import SessionFileError
from tabletop.session import Session, SessionRecord
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tests.conftest import RunCli
from tests.session.conftest import TickingClock
from tests.session.journal_support import rechain, run_sql


def edited_event(path: Path) -> None:
    run_sql(path, ("UPDATE events SET payload = replace(payload, 'second note', 'forged note') WHERE seq = 4", ()))


def deleted_last_event(path: Path) -> None:
    run_sql(path, ("DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events)", ()))


def deleted_middle_event_renumbered(path: Path) -> None:
    run_sql(path, ("DELETE FROM events WHERE seq = 4", ()), ("UPDATE events SET seq = seq - 1 WHERE seq > 4", ()))


def bogus_digest(path: Path) -> None:
    run_sql(path, ("UPDATE metadata SET value = ? WHERE key = 'journal_sha256'", ("0" * 64,)))


def scenario_edited_hash_recomputed(path: Path) -> None:
    db = sqlite3.connect(path)
    (text,) = db.execute("SELECT text FROM documents WHERE role = 'scenario'").fetchone()
    text += "\n# edited after the session\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    db.execute("UPDATE documents SET text = ?, sha256 = ? WHERE role = 'scenario'", (text, digest))
    db.commit()
    db.close()


def forged_facilitator(path: Path) -> None:
    run_sql(path, ("UPDATE metadata SET value = 'Someone Else' WHERE key = 'facilitator'", ()))


TAMPERINGS = [
    edited_event,
    deleted_last_event,
    deleted_middle_event_renumbered,
    bogus_digest,
    scenario_edited_hash_recomputed,
    forged_facilitator,
]


@pytest.fixture
def recorded(drill: LoadedScenario, corpus: Corpus, tmp_path: Path, ticking_clock: type[TickingClock]) -> Path:
    """A session a room played, named for its facilitator: notes between deliveries, a citation."""
    with Session.start(
        drill, corpus, session_dir=tmp_path / "sessions", clock=ticking_clock(), facilitator="Col. A. Sato"
    ) as session:
        session.deliver_next()
        session.note("first note")
        session.note("second note")  # event 4
        session.cite("IV.A.1", "ISR")
        session.note("third note")
    assert isinstance(session.path, Path)
    return session.path


def _one_line_refusal(status: int, out: str, err: str) -> str:
    assert status == 1, (status, out, err)
    assert out == "", out
    assert err.startswith("tabletop: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


READING_COMMANDS = [
    ("status",),
    ("status", "--format", "json"),
    ("export",),
    ("report",),
    ("report", "--format", "html"),
    ("report", "--format", "json"),
    ("coverage",),
    ("coverage", "--format", "html"),
    ("coverage", "--format", "json"),
    ("resume",),
    ("follow",),
]


@pytest.mark.parametrize("tamper", TAMPERINGS)
def test_the_untampered_session_reads_and_each_tampering_is_refused_by_every_reader(
    recorded: Path, tamper: Callable[[Path], None], run: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tabletop.tui import ConsoleApp, open_for_console

    # A console that would start is a refusal that did not happen: it must not get that far.
    started: list[object] = []
    monkeypatch.setattr(ConsoleApp, "run", lambda self, **_: started.append(self))
    clean = tmp_path / "clean.ttx.sqlite"
    clean.write_bytes(recorded.read_bytes())
    for command in READING_COMMANDS[:9]:
        status, _, err = run(*command, str(clean))
        assert status == 0, (command, err)

    follower = Session.follow(recorded)
    tamper(recorded)
    before = recorded.read_bytes()
    for command in READING_COMMANDS:
        err = _one_line_refusal(*run(*command, str(recorded)))
        assert "damaged" in err, (command, err)
    status, out, err = run("export", str(recorded), "-o", str(tmp_path / "journal.jsonl"))
    assert "damaged" in _one_line_refusal(status, out, err) and not (tmp_path / "journal.jsonl").exists()
    assert started == []

    # The Python readers: the record the documents are made from, the console's resume, and a
    # follower that opened the session before it was tampered with.
    for read in (SessionRecord.load, open_for_console, lambda path: open_for_console(path, "follow")):
        with pytest.raises(SessionFileError, match="damaged") as refused:
            read(recorded)
        assert "\n" not in str(refused.value)
    with pytest.raises(SessionFileError, match="damaged") as refused:
        follower.refresh()
    assert "\n" not in str(refused.value)
    follower.close()

    # `sessions` lists the file with the reason it cannot be read, and the others still.
    status, out, _ = run("sessions", "--session-dir", str(recorded.parent))
    assert status == 0 and "cannot be read" in out and "damaged" in out
    assert recorded.read_bytes() == before  # no reader changed anything


def test_the_facilitator_on_the_cover_is_the_one_the_journal_recorded(recorded: Path) -> None:
    record = SessionRecord.load(recorded)
    assert record.facilitator == "Col. A. Sato" == record.metadata["facilitator"]
    started = record.events[0].payload
    assert started.type == "session_started" and started.facilitator == "Col. A. Sato"


def test_a_journal_written_before_it_recorded_the_facilitator_keeps_the_metadatas(
    recorded: Path, tmp_path: Path
) -> None:
    """Journals of format 3 and older name the facilitator in the metadata only; they still read,
    and export as they were written."""
    run_sql(
        recorded,
        ("UPDATE events SET payload = replace(payload, ',\"facilitator\":\"Col. A. Sato\"', '') WHERE seq = 1", ()),
        ("UPDATE metadata SET value = '3' WHERE key = 'format_version'", ()),
        ("PRAGMA user_version = 3", ()),
    )
    rechain(recorded)
    record = SessionRecord.load(recorded)
    assert record.events[0].payload.type == "session_started"
    assert record.events[0].payload.facilitator is None and record.facilitator == "Col. A. Sato"
    with Session.open(recorded, readonly=True) as session:
        assert session.state.notes[-1].text == "third note"
