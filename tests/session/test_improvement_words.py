"""An improvement item says something: its issue and corrective action must have words, whoever
records it (`tabletop ip`, the console, a script through the session); every text is kept without
the spaces around it, and a field of only spaces is not given, so the item stays a draft. A
journal written before holds such fields as they were typed, and reads them the same way."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.errors import InputError, SeatTaken
from tabletop.session import (
    AddImprovementItem,
    CompleteImprovementItem,
    Event,
    Refused,
    Session,
    SessionJournal,
    event_types,
)
from tests.conftest import RunCli

BLANKS = st.text(alphabet=" \t\n\r\u00a0\u3000", max_size=6)
"""Text of only spaces (ASCII, no-break, ideographic), tabs and line breaks; empty included."""

PADDED = st.text(alphabet="abc ", min_size=1, max_size=8).filter(lambda text: text.strip() != "")


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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blank=BLANKS, which=st.sampled_from(["issue", "corrective_action"]))
def test_the_session_refuses_an_item_without_words_and_records_nothing(
    session: Session, blank: str, which: str
) -> None:
    before = session.journal_head()
    fields = {"issue": "Late legal advice", "corrective_action": "Pre-draft the orders", which: blank}
    with pytest.raises(InputError, match=r"needs an? (issue|corrective action) in words"):
        session.add_improvement_item(**fields)
    outcome = session.execute(AddImprovementItem(expected_seq=before, **fields))
    assert isinstance(outcome, Refused) and outcome.kind == "invalid"
    assert "String should" not in outcome.reason and "nothing was recorded" in outcome.reason
    assert session.journal_head() == before and session.state.improvement_plan == ()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blank=BLANKS, issue=PADDED, action=PADDED)
def test_a_field_of_only_spaces_is_not_given_and_the_item_stays_a_draft(
    session: Session, blank: str, issue: str, action: str
) -> None:
    session.add_improvement_item(
        issue=issue,
        corrective_action=action,
        capability_element="Planning",
        responsible_organisation=blank,
        point_of_contact=f" Duty officer {blank}",
        start_date="2031-01-01",
        completion_date="2031-02-01",
    )
    item = session.state.improvement_plan[-1]
    assert (item.issue, item.corrective_action) == (issue.strip(), action.strip())
    assert (item.responsible_organisation, item.point_of_contact) == ("", "Duty officer")
    assert item.status == "draft" and item.missing == ("responsible organisation",)
    recorded = session.events()[-1].payload.model_dump()
    assert recorded["responsible_organisation"] == "" and recorded["issue"] == issue.strip()


def test_completing_with_only_spaces_changes_nothing_and_a_blank_action_is_refused(session: Session) -> None:
    session.add_improvement_item(issue="Late legal advice", corrective_action="Pre-draft the orders")
    head = session.journal_head()
    outcome = session.execute(CompleteImprovementItem(expected_seq=head, item=1, point_of_contact="   "))
    assert isinstance(outcome, Refused) and "give at least one field" in outcome.reason
    with pytest.raises(InputError, match="needs a corrective action in words"):
        session.complete_improvement_item(1, corrective_action=" \t ")
    assert session.journal_head() == head
    session.complete_improvement_item(1, point_of_contact="  Duty officer  ", corrective_action=" Draft now ")
    item = session.state.improvement_plan[0]
    assert (item.point_of_contact, item.corrective_action) == ("Duty officer", "Draft now")


@pytest.mark.parametrize("option", ["--issue", "--action"])
@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_ip_add_refuses_a_blank_issue_or_action_as_a_usage_error_in_plain_words(
    run: RunCli, session: Session, option: str, blank: str
) -> None:
    path = _ended_with_an_item(session)
    given = {"--issue": "Late legal advice", "--action": "Pre-draft the orders", option: blank}
    status, out, err = run("ip", "add", path, *[word for pair in given.items() for word in pair])
    assert (status, out) == (2, "")
    assert f"Invalid value for '{option}': it is blank; an improvement item needs" in err
    assert "String should" not in err and "least 1 character" not in err
    assert len(_items(run, path)) == 1


def test_ip_add_with_a_blank_owner_keeps_the_item_a_draft(run: RunCli, session: Session) -> None:
    path = _ended_with_an_item(session)
    status, out, err = run(
        "ip", "add", path, "--issue", "  Blank owner test ", "--action", "x", "--capability", "planning",
        "--organisation", "  ", "--poc", " ", "--start", "2027-01-01", "--due", "2027-02-01",
    )  # fmt: skip
    assert status == 0, err
    assert "2  draft   Blank owner test" in out
    assert "Planning; 2027-01-01 to 2027-02-01" in out and "Planning;  " not in out
    item = _items(run, path)[1]
    assert (item["status"], item["issue"], item["responsible_organisation"]) == ("draft", "Blank owner test", "")
    assert item["missing"] == ["responsible organisation", "point of contact"]


def test_ip_complete_with_only_blank_fields_is_a_usage_error(run: RunCli, session: Session) -> None:
    path = _ended_with_an_item(session)
    status, out, err = run("ip", "complete", path, "1", "--poc", "   ", "--organisation", "")
    assert (status, out) == (2, "")
    assert "give at least one of" in err and "only spaces is no value" in err
    status, out, err = run("ip", "complete", path, "1", "--action", "  ")
    assert (status, out) == (2, "")
    assert "needs a corrective action in words" in err


def test_a_journal_written_before_reads_a_blank_field_as_not_given(run: RunCli, session: Session) -> None:
    session.end()
    path = session.path
    assert isinstance(path, Path)
    seq = session.journal_head()
    last = session.events()[-1].at
    session.close()
    added = event_types()["improvement_item_added"]
    updated = event_types()["improvement_item_updated"]
    with SessionJournal.open(path, exclusive=False) as journal:
        # As an earlier tabletop recorded what it was given, spaces and all.
        payload = added(
            issue=" Late advice ",
            corrective_action="Pre-draft",
            capability_element="Planning",
            responsible_organisation="  ",
            point_of_contact=" ",
            start_date="2031-01-01",
            completion_date="2031-02-01",
        )
        journal.append(Event(seq=seq + 1, at=last + timedelta(seconds=1), payload=payload), expected_seq=seq)
        blank_update = updated(item=1, responsible_organisation="   ")
        journal.append(Event(seq=seq + 2, at=last + timedelta(seconds=2), payload=blank_update), expected_seq=seq + 1)
    (item,) = _items(run, str(path))
    assert (item["status"], item["issue"], item["responsible_organisation"]) == ("draft", "Late advice", "")
    assert item["missing"] == ["responsible organisation", "point of contact"]


def _hold_the_seat(session: Session) -> tuple[str, Session]:
    path = _ended_with_an_item(session)
    return path, Session.open(path)  # this program holds the facilitator's seat, as a console would


@pytest.mark.parametrize(
    ("command", "advice"),
    [
        (("add", "--issue", "i", "--action", "a"), "its hot wash screen (w), then p"),
        (("complete", "1", "--poc", "Duty officer"), "The console does not complete items: run this again once"),
        (("close", "1"), "The console does not close items: run this again once it has quit (q)"),
    ],
)
def test_ip_while_a_console_holds_the_seat_says_what_to_do_for_that_command(
    run: RunCli, session: Session, command: tuple[str, ...], advice: str
) -> None:
    path, console = _hold_the_seat(session)
    try:
        verb, *rest = command
        status, out, err = run("ip", verb, path, *rest)
    finally:
        console.close()
    assert (status, out) == (1, "")
    assert f"and `tabletop ip {verb}` records as the facilitator; nothing was recorded." in err
    assert advice in err
    assert "--seat" not in err and "tabletop join" not in err
    assert _items(run, path)[0]["status"] == "draft"


def test_the_console_s_refusal_is_a_seat_taken_error_whoever_asks(session: Session) -> None:
    path, console = _hold_the_seat(session)
    try:
        with pytest.raises(SeatTaken):
            Session.open(path)
    finally:
        console.close()
