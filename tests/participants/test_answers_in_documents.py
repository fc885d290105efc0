"""What the cells answered reaches the record: `tabletop status` and the after-action report show
the answers by cell, a poll's votes and a cell's self-rating beside the evaluator's rating of the
same action, when each answer came and each prompt closed, and the answers of seats revoked
later; text anyone typed is escaped in every format and stripped of terminal controls."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from typing import Unpack

import pytest

from tests.participants.page_support import AnswerFields, Clock, open_prompt, seat

from tabletop.report import render_report
from tabletop.session import AnswerPrompt, ClosePrompt, Rate, RevealPrompt, RevokeSeat, Seat, SessionRecord, Session
from tests.conftest import RunCli


@pytest.fixture
def clock() -> Clock:
    """A seminar on one morning: the report writes a time alone when it falls on the day the session
    started, so a test begun minutes before midnight must not see its seminar cross it."""
    morning = Clock()
    morning.now = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)
    return morning


HOSTILE = "<script>alert(1)</script> **bold** [link](http://evil.example) | pipe \x1b]0;owned\x07\x1b[31mred"


def answer(session: Session, prompt: str, cell: str, seat_id: str | None = None, **given: Unpack[AnswerFields]) -> None:
    """A participant's answer as their seat (`seat_id`), or the cell's paper answer keyed in."""
    if seat_id is None:
        session.execute(AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, for_cell=cell, **given))
        return
    session.execute(
        AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, **given),
        seat=Seat(role="participant", cell=cell, name=seat_id),
    )


def seminar(session: Session) -> tuple[str, str, str]:
    """Three cells answer a question and a poll, two rate an action the evaluator rated too."""
    japan, us, jcg = seat(session, "japan"), seat(session, "us"), seat(session, "jcg")
    question = open_prompt(session, text="Who owns the incident?")
    answer(session, question, "japan", japan.seat, text="The Coast Guard, as law enforcement")
    answer(session, question, "us", us.seat, text=HOSTILE)
    answer(session, question, "local", None, text="The prefecture must be told first")
    poll = open_prompt(session, "poll", text="Escort the cutters?", options=("Yes", "No"))
    answer(session, poll, "japan", japan.seat, choice=1)
    answer(session, poll, "us", us.seat, choice=1)
    answer(session, poll, "jcg", jcg.seat, choice=0)
    rating = open_prompt(session, "self_rating", action="a1")
    answer(session, rating, "japan", japan.seat, rating="S", text="Slow to agree the channel")
    answer(session, rating, "us", us.seat, rating="P")
    session.execute(
        Rate(
            expected_seq=session.state.last_seq,
            inject="fleet_sighted",
            action="a1",
            rating="M",
            observation="No common assessment",
        )
    )
    for prompt in (question, poll, rating):
        session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=prompt))
    session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt=poll))
    return question, poll, rating


def test_the_report_shows_answers_by_cell_poll_votes_and_self_ratings_beside_the_evaluators(session: Session) -> None:
    seminar(session)
    data = json.loads(render_report(SessionRecord.load(session.path), "json"))
    question, poll, rating = data["prompts"]
    assert [c["cell_name"] for c in question["by_cell"]] == ["Japan cell", "U.S. cell", "Local government cell"]
    assert question["by_cell"][2]["answers"][0]["seat"] is None  # the paper answer
    assert [(r["option"], r["votes"]) for r in poll["poll"]] == [("Yes", 1), ("No", 2)] and poll["revealed"]
    assert rating["evaluator_rating"] == "M" and rating["evaluator_observation"] == "No common assessment"
    assert {c["cell"]: c["answers"][0]["rating"] for c in rating["by_cell"]} == {"japan": "S", "us": "P"}
    markdown = render_report(SessionRecord.load(session.path), "md")
    assert "## 6. What the cells answered" in markdown
    assert "Evaluator's rating: **M** (performed with major challenges): No common assessment." in markdown


def test_hostile_answers_are_text_in_every_format_of_the_report(session: Session) -> None:
    seminar(session)
    record = SessionRecord.load(session.path)
    html = render_report(record, "html")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    markdown = render_report(record, "md")
    assert "<script>" not in markdown and "\\<script\\>" in markdown
    assert "\\[link\\](http://evil.example)" in markdown  # shown as typed, not a link
    for text in (html, markdown, render_report(record, "json")):
        assert "\x1b" not in text and "\x07" not in text


def test_status_lists_each_prompt_with_its_answers_by_cell_and_votes(session: Session, run_cli: RunCli) -> None:
    seminar(session)
    status, out, _ = run_cli("status", str(session.path), "--full")
    assert status == 0
    assert "seats       3 on the participants' page" in out
    assert "prompts     3 (0 open)" in out
    assert "p2 poll [revealed] Escort the cutters?: 3 answer(s) (japan 1, us 1, jcg 1); votes 1/2" in out
    assert "local (on paper): The prefecture must be told first" in out
    assert "\x1b" not in out and "\x07" not in out
    status, out, _ = run_cli("status", str(session.path), "--format", "json")
    data = json.loads(out)
    assert data["counts"]["answers"] == 8 and data["prompts"][1]["answers"][2] == {
        **data["prompts"][1]["answers"][2],
        "cell": "jcg",
        "choice": 0,
    }


def test_the_who_recorded_table_leaves_the_participants_to_section_8(session: Session) -> None:
    seminar(session)
    data = json.loads(render_report(SessionRecord.load(session.path), "json"))
    assert [seat["role"] for seat in data["seats"]] == ["facilitator"]
    assert {a["seat"] for p in data["prompts"] for c in p["by_cell"] for a in c["answers"]} >= {"japan-1", "us-1"}


def test_the_report_says_when_each_answer_came_when_its_prompt_closed_and_which_seat_was_revoked_later(
    session: Session, clock: Clock
) -> None:
    japan, us = seat(session, "japan"), seat(session, "us")
    opened_at = clock.now
    question = open_prompt(session, text="Who owns the incident?")
    clock.now += timedelta(minutes=4)
    answer(session, question, "japan", japan.seat, text="The Coast Guard")
    answered_at = clock.now
    clock.now += timedelta(minutes=3)
    answer(session, question, "us", us.seat, text="Ask the Alliance Coordination Mechanism")
    us_answered_at = clock.now
    answer(session, question, "local", None, text="The prefecture")
    clock.now += timedelta(minutes=5)
    session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=question))
    closed_at = clock.now
    clock.now += timedelta(minutes=8)
    session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=us.seat, reason="card left on the train"))
    revoked_at = clock.now
    record = SessionRecord.load(session.path)

    def when(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M UTC")

    markdown = render_report(record, "md")
    assert f"opened {when(opened_at)}, closed {when(closed_at)}" in markdown
    assert f"The Coast Guard (seat {japan.seat}, {when(answered_at)})" in markdown
    assert (
        f"Ask the Alliance Coordination Mechanism (seat {us.seat}, {when(us_answered_at)}; "
        f"**seat revoked afterwards**, {when(revoked_at)})"
    ) in markdown
    assert f"The prefecture (on paper, {when(us_answered_at)})" in markdown
    html = render_report(record, "html")
    assert "<th>at</th>" in html and f'<td class="nowrap">{answered_at:%H:%M} UTC</td>' in html
    assert f"seat revoked afterwards, {revoked_at:%H:%M} UTC" in html
    assert html.count("seat revoked afterwards") == 1
    data = json.loads(render_report(record, "json"))
    (entry,) = data["prompts"]
    assert entry["closed_at"] is not None
    assert [a["seat_revoked_at"] is not None for c in entry["by_cell"] for a in c["answers"]] == [False, True, False]


def test_a_prompt_left_open_says_so(session: Session) -> None:
    open_prompt(session, text="Anything else?")
    markdown = render_report(SessionRecord.load(session.path), "md")
    assert ", never closed; not revealed." in markdown
