"""An improvement item's capability element is one of HSEEP's five (planning, organisation,
equipment, training, exercises), whoever records it: `tabletop ip add`/`ip complete` refuse any
other with a usage error naming them, and so does the session; a journal written before they were
checked still opens and shows what it holds."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.errors import UsageError
from tabletop.session import (
    CAPABILITY_ELEMENTS,
    CompleteImprovementItem,
    Event,
    Refused,
    Session,
    SessionJournal,
    SessionRecord,
    capability_element,
    event_types,
)
from tests.conftest import RunCli


def _ended_with_an_item(session: Session) -> str:
    session.add_improvement_item(issue="No shared picture", corrective_action="Build one")
    session.end()
    path = str(session.path)
    session.close()
    return path


def _items(run: RunCli, path: str) -> list[dict[str, object]]:
    status, out, err = run("ip", "list", path, "--format", "json")
    assert status == 0, err
    items: list[dict[str, object]] = json.loads(out)["items"]
    return items


@pytest.mark.parametrize("command", [("add", "--issue", "i", "--action", "a"), ("complete", "1")])
def test_ip_refuses_a_capability_element_hseep_does_not_have(
    run: RunCli, session: Session, command: tuple[str, ...]
) -> None:
    path = _ended_with_an_item(session)
    verb, *rest = command
    status, out, err = run("ip", verb, path, *rest, "--capability", "Bogus")
    assert (status, out) == (2, "")
    assert "Invalid value for '--capability': 'Bogus' is not one of" in err
    assert all(f"'{element.lower()}'" in err for element in CAPABILITY_ELEMENTS)
    assert [item["capability_element"] for item in _items(run, path)] == [""]


@pytest.mark.parametrize(
    ("given_as", "kept"),
    [("TRAINING", "Training"), ("planning", "Planning"), ("Organization", "Organisation"), ("exercise", "Exercises")],
)
def test_ip_takes_an_element_in_any_case_and_keeps_hseep_s_spelling(
    run: RunCli, session: Session, given_as: str, kept: str
) -> None:
    path = _ended_with_an_item(session)
    status, _, err = run("ip", "complete", path, "1", "--capability", given_as)
    assert status == 0, err
    assert [item["capability_element"] for item in _items(run, path)] == [kept]


def test_the_help_lists_the_elements(run: RunCli) -> None:
    status, out, _ = run("ip", "add", "--help")
    assert status == 0
    assert "[planning|organisation|equipment|training|exercises]" in out


def test_the_session_refuses_another_element_and_records_nothing(session: Session) -> None:
    with pytest.raises(UsageError, match="capability element 'Bogus' is not one of HSEEP's: Planning, Organisation"):
        session.add_improvement_item(issue="i", corrective_action="a", capability_element="Bogus")
    assert not [item.issue for item in session.state.improvement_plan]
    session.add_improvement_item(issue="i", corrective_action="a")
    refused = session.execute(
        CompleteImprovementItem(expected_seq=session.snapshot().seq, item=1, capability_element="Logistics")
    )
    assert isinstance(refused, Refused) and "Logistics" in refused.reason
    assert [item.capability_element for item in session.state.improvement_plan] == [""]


@given(st.text(max_size=20))
def test_only_the_five_elements_are_named(text: str) -> None:
    found = capability_element(text)
    assert found is None or found in CAPABILITY_ELEMENTS
    if text.strip().casefold() in {e.casefold() for e in CAPABILITY_ELEMENTS}:
        assert found is not None and found.casefold() == text.strip().casefold()


def test_a_journal_written_before_the_check_still_opens_with_its_free_text(run: RunCli, session: Session) -> None:
    session.add_improvement_item(issue="No shared picture", corrective_action="Build one")
    path = session.path
    assert isinstance(path, Path)
    seq = session.snapshot().seq
    last = session.events()[-1].at
    session.close()
    updated = event_types()["improvement_item_updated"]
    with SessionJournal.open(path, exclusive=False) as journal:
        journal.append(
            Event(seq=seq + 1, at=last + timedelta(seconds=1), payload=updated(item=1, capability_element="Bogus")),
            expected_seq=seq,
        )
    assert SessionRecord.load(path).state().improvement_plan[0].capability_element == "Bogus"
    assert [item["capability_element"] for item in _items(run, str(path))] == ["Bogus"]
    status, out, err = run("report", str(path), "--format", "md")
    assert status == 0, err and "Bogus" in out


def test_the_command_line_offers_the_session_s_elements() -> None:
    from tabletop.cli.improvement import CAPABILITY_CHOICES

    assert CAPABILITY_CHOICES == CAPABILITY_ELEMENTS
