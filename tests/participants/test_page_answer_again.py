"""A seat's page after it answered: "Change your answer" opens with the answer given so far in
its box (escaped, as typed), and each prompt counts its cell's answers as the console's cells
screen counts them, a seat revoked since marked so."""

from __future__ import annotations

import html
import re

from tests.participants.page_support import Served, open_prompt, prompt_of, seat

from tabletop.session import AnswerPrompt, Committed, RevokeSeat, Session

HOSTILE = 'Hold </textarea><script>alert(1)</script> & "escort"\nline two'


def box_of(text: str, prompt: str) -> str:
    """What the answer box of `prompt` holds on a page, as a browser shows it."""
    found = re.search(rf'<textarea id="text-{prompt}"[^>]*>([^<]*)</textarea>', text)
    assert found is not None, f"no box for {prompt}"
    return html.unescape(found.group(1))


def article_of(text: str, prompt: str) -> str:
    """The words of `prompt`'s part of a page, tags left out."""
    found = re.search(rf'<article id="{prompt}".*?</article>', text, re.S)
    assert found is not None, f"no article for {prompt}"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0))).split())


class TestChangeYourAnswer:
    def test_the_box_opens_with_the_answer_given_escaped(self, session: Session, served: Served) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Position?")
        assert served.answer(cookie, prompt, text=HOSTILE).status == 303
        page = served.request("GET", "/", cookie=cookie).text
        assert "Change your answer" in page
        assert box_of(page, prompt) == HOSTILE
        assert "<script>" not in page and page.count("</textarea>") == 1

    def test_a_self_ratings_reason_and_a_proposals_clause_come_back_as_given(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        rating = open_prompt(session, "self_rating", action="a1")
        proposal = open_prompt(session, "proposal", text="What do you propose?")
        clause = prompt_of(session.state, proposal).clauses[-1].clause
        assert served.answer(cookie, rating, rating="M", text="Slow to convene").status == 303
        assert served.answer(cookie, proposal, clause=clause, text="Share the picture").status == 303
        page = served.request("GET", "/", cookie=cookie).text
        assert box_of(page, rating) == "Slow to convene"
        assert 'name="rating" value="M" required checked' in page
        assert box_of(page, proposal) == "Share the picture"
        assert f'name="clause" value="{clause}" checked' in page
        assert 'name="clause" value="" checked' not in page

    def test_what_was_typed_and_refused_comes_back_rather_than_the_answer_given(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Position?")
        assert served.answer(cookie, prompt, text="first thoughts").status == 303
        refused = served.answer(cookie, prompt, csrf="0" * 64, text="second thoughts")
        assert refused.status == 403 and box_of(refused.text, prompt) == "second thoughts"
        assert prompt_of(session.state, prompt).answers[-1].text == "first thoughts"

    def test_a_seat_that_has_not_answered_gets_an_empty_box(self, session: Session, served: Served) -> None:
        mine = served.join(seat(session, "japan").code)
        theirs = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Position?")
        assert served.answer(theirs, prompt, text="Theirs").status == 303
        page = served.request("GET", "/", cookie=mine).text
        assert box_of(page, prompt) == "" and "Change your answer" not in page


def test_a_prompt_counts_the_cells_answers_as_the_console_does(session: Session, served: Served) -> None:
    mine, theirs = seat(session, "japan"), seat(session, "japan")
    cookie = served.join(mine.code)
    other = served.join(theirs.code)
    prompt = open_prompt(session, text="Position?")
    assert served.answer(other, prompt, text="Escort").status == 303
    session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=theirs.seat))
    paper = AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, for_cell="japan", text="Sheet")
    assert isinstance(session.execute(paper), Committed)
    said = article_of(served.request("GET", "/", cookie=cookie).text, prompt)
    assert "Japan cell: 0/1 seats answered, 1 on paper, 1 from a seat revoked since" in said
    assert f"Escort (seat {theirs.seat}, revoked since)" in said and "Sheet (on paper)" in said
