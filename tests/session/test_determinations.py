"""Determinations the room records without a move: the grey zone's orders and the like."""

from __future__ import annotations

import json

import pytest

from tabletop.errors import JournalImportError, RefusedError, UsageError
from tabletop.session import Session, export_jsonl, import_jsonl
from collections.abc import Callable
from pathlib import Path


def test_an_order_is_recorded_with_who_decides_and_the_diet_and_changes_no_phase(session: Session) -> None:
    session.deliver_next()
    before = session.state.phases
    event = session.determine("security_operation", True, "ordered by telephone")
    assert event.type == "determination_recorded"
    view = session.snapshot()
    assert view.phases == before == ("peacetime",)
    assert view.state.transitions == ()
    [recorded] = view.recorded_determinations
    assert recorded.determination == "security_operation"
    assert recorded.authority == "Prime Minister (a Cabinet decision)"
    assert recorded.diet == "The order is referred to the Diet for approval within 20 days."
    assert (recorded.answer, recorded.remark, recorded.assumed, recorded.inject) == (
        True,
        "ordered by telephone",
        False,
        "quiet",
    )
    # The gate answers of moves are a different record: this one is not among them.
    assert view.determinations == ()


def test_the_snapshot_lists_the_determinations_open_in_the_phases_in_force(session: Session) -> None:
    [open_now] = session.snapshot().available_determinations
    assert (open_now.id, open_now.title) == ("security_operation", "Security operation ordered")
    assert open_now.reference == "Self-Defense Forces Act, Article 78"
    assert open_now.basis == "Cooperation from peacetime."
    assert open_now.available_in == ("peacetime", "emerging_threats")
    session.fire("disaster_strikes")
    session.fire("threats_emerge", {"important_influence": True})
    assert [d.id for d in session.snapshot().available_determinations] == ["security_operation"]
    session.fire("attack_occurs", {"attack_determined": True, "diet_approval": True})
    assert session.snapshot().available_determinations == ()


def test_an_unknown_id_is_refused_with_the_nearest_and_records_nothing(session: Session) -> None:
    with pytest.raises(UsageError, match=r"did you mean 'security_operation'\?") as refused:
        session.determine("security_operaton", True)
    assert "\n" not in str(refused.value)
    assert session.state.last_seq == 1 and session.snapshot().recorded_determinations == ()


def test_an_order_not_open_in_the_phases_in_force_is_refused_naming_where_it_is(session: Session) -> None:
    session.fire("attack_occurs", {"attack_determined": True, "diet_approval": True})
    seq = session.state.last_seq
    with pytest.raises(RefusedError, match="it is open in: peacetime, emerging_threats"):
        session.determine("security_operation", True)
    assert session.state.last_seq == seq


def test_the_room_may_decide_not_to_order_and_it_is_kept(session: Session) -> None:
    session.determine("security_operation", False, "the police can still handle it")
    session.determine("security_operation", True)
    answers = [(d.answer, d.remark) for d in session.snapshot().recorded_determinations]
    assert answers == [(False, "the police can still handle it"), (True, "")]


def test_participants_see_the_orders_given_but_not_the_ones_open(session: Session) -> None:
    session.determine("security_operation", True, "by telephone")
    shown = session.snapshot().for_participants()
    assert shown.available_determinations == ()
    assert [d.determination for d in shown.recorded_determinations] == ["security_operation"]


def test_recorded_orders_survive_reopening_and_an_export_import(session: Session, tmp_path: Path) -> None:
    session.deliver_next()
    session.determine("security_operation", True, "by telephone")
    live = session.state
    session.close()
    with Session.open(session.path, readonly=True) as reopened:
        assert reopened.state.recorded_determinations == live.recorded_determinations
    export_jsonl(session.path, tmp_path / "journal.jsonl")
    lines = (tmp_path / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    payload = json.loads(lines[-1])["payload"]
    assert payload["type"] == "determination_recorded" and payload["phases"] == ["peacetime"]
    with Session.open(import_jsonl(tmp_path / "journal.jsonl", tmp_path / "imported"), readonly=True) as imported:
        assert imported.state == live


def test_a_journal_recording_an_order_outside_its_phases_is_refused_on_import(session: Session, tmp_path: Path) -> None:
    session.fire("attack_occurs", {"attack_determined": True, "diet_approval": True})
    session.close()
    export_jsonl(session.path, tmp_path / "journal.jsonl")
    forged = {
        "seq": 3,
        "at": "2030-04-01T10:00:00Z",
        "payload": {
            "type": "determination_recorded",
            "determination": "security_operation",
            "answer": True,
            "phases": ["attack"],
        },
    }
    with (tmp_path / "journal.jsonl").open("a", encoding="utf-8") as journal:
        journal.write(json.dumps(forged) + "\n")
    with pytest.raises(
        JournalImportError,
        match=r"journal.jsonl:4: event 3 \(determination_recorded\) cannot follow: .*cannot be recorded in attack",
    ):
        import_jsonl(tmp_path / "journal.jsonl", tmp_path / "imported")


def test_nothing_is_recorded_after_the_session_ended(session: Session) -> None:
    session.end()
    with pytest.raises(Exception, match="ended"):
        session.determine("security_operation", True)


def test_a_session_file_of_the_previous_format_still_opens(session: Session) -> None:
    import sqlite3

    session.deliver_next()
    session.close()
    db = sqlite3.connect(session.path)
    db.execute("PRAGMA user_version=2")
    db.execute("UPDATE metadata SET value = '2' WHERE key = 'format_version'")
    db.commit()
    db.close()
    with Session.open(session.path) as reopened:
        assert reopened.state.current == "quiet" and reopened.state.recorded_determinations == ()
        reopened.determine("security_operation", True)
        assert len(reopened.state.recorded_determinations) == 1


# -- `tabletop status` -------------------------------------------------------------------------


@pytest.fixture
def status_of(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[..., tuple[int, str]]:
    from tabletop.cli import cli, run_guarded

    monkeypatch.chdir(tmp_path)

    def invoke(path: Path | str, *args: str) -> tuple[int, str]:
        code = run_guarded(cli, ["status", str(path), *args])
        return code, capsys.readouterr().out

    return invoke


def test_status_shows_the_orders_recorded_and_those_open_now(
    session: Session, status_of: Callable[..., tuple[int, str]]
) -> None:
    session.deliver_next()
    session.determine("security_operation", True, "by telephone \x1b[31mred\x1b[0m")
    session.close()
    code, out = status_of(session.path)
    assert code == 0
    assert "ordered     security_operation yes (Prime Minister (a Cabinet decision)): by telephone" in out
    assert "\x1b" not in out
    assert "may order   security_operation" in out


def test_status_json_adds_the_orders_without_renaming_anything(
    session: Session, status_of: Callable[..., tuple[int, str]]
) -> None:
    session.determine("security_operation", False, "not yet")
    session.close()
    code, out = status_of(session.path, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["counts"]["recorded_determinations"] == 1
    [recorded] = data["recorded_determinations"]
    assert (recorded["determination"], recorded["answer"], recorded["remark"], recorded["assumed"]) == (
        "security_operation",
        False,
        "not yet",
        False,
    )
    assert recorded["diet"].startswith("The order is referred to the Diet")
    [open_now] = data["available_determinations"]
    assert open_now["id"] == "security_operation" and open_now["available_in"] == ["peacetime", "emerging_threats"]
    assert {"citations", "counts", "phases", "position"} <= set(data)
