"""The page in a real room: a restart of the page, a prompt closed or the exercise ended while a
person was typing, a new inject while a prompt is open, several seats of one cell. Nothing typed
vanishes, and the page says where the room is."""

from __future__ import annotations

import html
import re

from tests.participants.page_support import Clock, open_prompt, prompt_of, seat, Served, serving

from tabletop.session import AnswerPrompt, ClosePrompt, Committed, DeliverNext, End, RevokeSeat, Session


def problem_of(text: str) -> str:
    found = re.search(r'<p class="problem"[^>]*>([^<]*)</p>', text)
    return html.unescape(found.group(1)) if found else ""


def box_of(text: str, prompt: str) -> str:
    """What the answer box of `prompt` holds on a page."""
    found = re.search(rf'<textarea id="text-{prompt}"[^>]*>([^<]*)</textarea>', text)
    assert found is not None, f"no box for {prompt}"
    return html.unescape(found.group(1))


class TestAPageRestart:
    def test_a_form_filled_in_before_the_page_restarted_is_recorded_after_it(
        self, session: Session, clock: Clock
    ) -> None:
        prompt = open_prompt(session, text="Position?")
        with serving(session, clock) as before:
            cookie = before.join(seat(session, "japan").code)
            csrf = before.csrf(cookie)
        with serving(session, clock) as after:
            reply = after.answer(cookie, prompt, csrf=csrf, text="Hold the line")
            assert reply.status == 303, problem_of(reply.text)
        assert prompt_of(session.state, prompt).answers[-1].text == "Hold the line"

    def test_the_form_token_is_the_devices_own_after_a_restart_too(self, session: Session, clock: Clock) -> None:
        prompt = open_prompt(session, text="Position?")
        with serving(session, clock) as before:
            mine = before.join(seat(session, "japan").code)
            theirs = before.join(seat(session, "japan").code)
            their_token = before.csrf(theirs)
        with serving(session, clock) as after:
            assert after.answer(mine, prompt, csrf=their_token, text="forged").status == 403
        assert prompt_of(session.state, prompt).answers == ()

    def test_a_refused_form_gives_its_typed_answer_back_in_its_box(self, session: Session, served: Served) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Position?")
        reply = served.answer(cookie, prompt, csrf="0" * 64, text="Two paragraphs\nof thought")
        assert reply.status == 403
        assert "nothing was recorded" in problem_of(reply.text)
        assert box_of(reply.text, prompt) == "Two paragraphs\nof thought"
        # The page given back carries a token that passes: sending again records the answer.
        marker = 'name="csrf" value="'
        start = reply.text.index(marker) + len(marker)
        again = served.answer(cookie, prompt, csrf=reply.text[start : reply.text.index('"', start)], text="again")
        assert again.status == 303

    def test_too_many_answers_in_a_minute_keeps_the_typed_answer(self, session: Session, served: Served) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Position?")
        csrf = served.csrf(cookie)
        while (reply := served.answer(cookie, prompt, csrf=csrf, text="the last word")).status == 303:
            pass
        assert reply.status == 429 and box_of(reply.text, prompt) == "the last word"

    def test_a_seat_taken_back_while_typing_shows_what_was_written(self, session: Session, served: Served) -> None:
        issued = seat(session, "japan")
        cookie = served.join(issued.code)
        prompt = open_prompt(session, text="Position?")
        csrf = served.csrf(cookie)
        session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=issued.seat))
        reply = served.answer(cookie, prompt, csrf=csrf, text="what I wrote")
        assert reply.status == 403 and "what I wrote</textarea>" in reply.text


def close(session: Session, prompt: str) -> None:
    outcome = session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=prompt))
    assert isinstance(outcome, Committed), outcome


def end(session: Session) -> None:
    outcome = session.execute(End(expected_seq=session.state.last_seq))
    assert isinstance(outcome, Committed), outcome


def kept_of(text: str, prompt: str) -> str:
    """The read-only copy of what a person wrote to `prompt` that was not recorded ("" if none)."""
    found = re.search(rf'<textarea id="kept-{prompt}"[^>]*readonly[^>]*>([^<]*)</textarea>', text)
    return html.unescape(found.group(1)) if found else ""


class TestAPromptClosedWhileTyping:
    def test_the_page_says_the_facilitator_closed_it_and_shows_what_was_written(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Position?")
        csrf = served.csrf(cookie)
        close(session, prompt)
        before = len(session.events())
        reply = served.answer(cookie, prompt, csrf=csrf, text="A long considered <answer>")
        assert reply.status == 409
        problem = problem_of(reply.text)
        assert f"The facilitator closed {prompt}" in problem and "nothing was recorded" in problem
        assert kept_of(reply.text, prompt) == "A long considered <answer>"
        assert f'id="text-{prompt}"' not in reply.text  # no box to send it in again
        assert len(session.events()) == before

    def test_a_poll_vote_on_a_closed_poll_says_so_too(self, session: Session, served: Served) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, "poll", text="Escort?", options=("Yes", "No"))
        csrf = served.csrf(cookie)
        close(session, prompt)
        reply = served.answer(cookie, prompt, csrf=csrf, choice="0", text="")
        assert reply.status == 409 and f"The facilitator closed {prompt}" in problem_of(reply.text)


class TestTheEnd:
    def test_once_ended_no_prompt_is_open_in_the_state(self, session: Session) -> None:
        first, second = open_prompt(session, text="One?"), open_prompt(session, text="Two?")
        close(session, first)
        end(session)
        assert [p.is_open for p in session.state.prompts] == [False, False]
        assert [p.closed_by_end for p in session.state.prompts] == [False, True]
        assert prompt_of(session.state, second).closed_at == session.state.ended_at

    def test_the_page_says_the_exercise_has_ended_offers_no_box_and_stops_reloading(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Position?")
        end(session)
        page = served.request("GET", "/", cookie=cookie)
        assert page.status == 200
        assert "The exercise has ended" in page.text and "Thank you for taking part" in page.text
        assert f'id="text-{prompt}"' not in page.text and 'name="csrf"' not in page.text
        assert "Still open when the exercise ended" in page.text
        assert 'http-equiv="refresh"' not in page.text

    def test_an_answer_sent_after_the_end_says_so_and_shows_what_was_written(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Position?")
        csrf = served.csrf(cookie)
        end(session)
        reply = served.answer(cookie, prompt, csrf=csrf, text="my last thoughts")
        assert reply.status == 409
        assert "The exercise has ended, so your answer was not recorded" in problem_of(reply.text)
        assert kept_of(reply.text, prompt) == "my last thoughts"


class TestWhichInjectAPromptWasAskedAt:
    def test_an_open_proposal_names_its_inject_and_the_clauses_that_applied_there(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        first = session.snapshot().current
        assert first is not None
        prompt = open_prompt(session, "proposal", text="What do you propose?")
        page = served.request("GET", "/", cookie=cookie).text
        assert f"Asked at: <b>{html.escape(first.title)}</b>" in page and "the clauses that apply now" in page
        assert "an earlier inject" not in page
        session.execute(DeliverNext(expected_seq=session.state.last_seq))
        now = session.snapshot().current
        assert now is not None and now.title != first.title
        page = served.request("GET", "/", cookie=cookie).text
        assert f"Asked at: <b>{html.escape(first.title)}</b>" in page and "an earlier inject" in page
        assert f"the clauses that applied at {html.escape(first.title)}" in page
        assert "the clauses that apply now" not in page
        assert f'id="text-{prompt}"' in page  # still open: it can be answered

    def test_a_self_rating_after_the_next_inject_says_which_injects_action_it_rates(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        first = session.snapshot().current
        assert first is not None
        open_prompt(session, "self_rating", action="a1")
        session.execute(DeliverNext(expected_seq=session.state.last_seq))
        page = served.request("GET", "/", cookie=cookie).text
        assert f"How did your cell perform it at {html.escape(first.title)}?" in page


class TestWhatACellAnswered:
    def test_the_box_is_the_seats_own_and_the_cells_other_answers_show_read_only(
        self, session: Session, served: Served
    ) -> None:
        one, two = seat(session, "japan"), seat(session, "japan")
        first, second = served.join(one.code), served.join(two.code)
        prompt = open_prompt(session, text="Position?")
        assert served.answer(first, prompt, text="Hold the line").status == 303
        paper = session.execute(
            AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, for_cell="japan", text="From the sheet")
        )
        assert isinstance(paper, Committed)
        page = served.request("GET", "/", cookie=second).text
        assert "Your cell's answer" not in page and f'<label for="text-{prompt}">Your answer</label>' in page
        assert box_of(page, prompt) == ""
        others = page[page.index("What others in") :]
        assert f'Hold the line <span class="paper">(seat {one.seat})</span>' in others
        assert 'From the sheet <span class="paper">(on paper)</span>' in others
        # Another cell sees none of it before it is revealed.
        us = served.join(seat(session, "us").code)
        assert "Hold the line" not in served.request("GET", "/", cookie=us).text
