"""Forms as people and programs send them: an answer of the full length in any script is
recorded, one too long keeps its text, a form the page cannot read is a 400 in plain words
(never a 500, whatever is sent to whichever route), and a hand-made form's wrong field is named
in the page's own words."""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings, strategies as st
from tests.participants.page_support import open_prompt, prompt_of, seat, Served

from tabletop.session import Session


def journal_length(session: Session) -> int:
    return len(session.events())


def problem_of(text: str) -> str:
    found = re.search(r'<p class="problem"[^>]*>([^<]*)</p>', text)
    return html.unescape(found.group(1)) if found else ""


class TestTheAnswersLength:
    def test_two_thousand_characters_of_kanji_or_of_emoji_are_recorded(self, session: Session, served: Served) -> None:
        cookie = served.join(seat(session, "japan").code)
        for text in ("日" * 2000, "😀" * 2000, "日本語\r\n" * 400):
            prompt = open_prompt(session, text="Position?")
            reply = served.answer(cookie, prompt, text=text)
            assert reply.status == 303, problem_of(reply.text) or reply.text[:300]
            mine = prompt_of(session.state, prompt).answers[-1].text
            assert mine == text.replace("\r\n", "\n")

    def test_an_answer_one_character_too_long_says_its_length_and_keeps_its_text(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Position?")
        before = journal_length(session)
        reply = served.answer(cookie, prompt, text="日" * 2001)
        assert reply.status == 413
        assert "at most 2,000 characters; yours has 2,001" in problem_of(reply.text)
        assert "日" * 2001 + "</textarea>" in reply.text
        assert journal_length(session) == before

    def test_a_body_far_over_the_limit_says_how_much_was_sent(self, session: Session, served: Served) -> None:
        cookie = served.join(seat(session, "japan").code)
        reply = served.request("POST", "/answer", "text=" + "y" * 40_000, cookie=cookie)
        assert reply.status == 413 and "at most 2,000 characters" in reply.text and "40,005 bytes" in reply.text


BROKEN_MULTIPART = 'Content-Disposition: form-data; name="code"\r\n\r\n'


class TestFormsThePageCannotRead:
    def test_a_truncated_multipart_body_is_a_400_in_plain_words_with_or_without_a_seat(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        headers = {"Content-Type": "multipart/form-data; boundary=X"}
        for path, given_cookie in (("/join", None), ("/answer", cookie)):
            reply = served.request("POST", path, "--X\r\n" + BROKEN_MULTIPART, headers=headers, cookie=given_cookie)
            assert reply.status == 400, (path, reply.text[:300])
            assert "Your browser sent a form this page cannot read" in reply.text

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        path=st.sampled_from(["/", "/join", "/answer", "/leave", "/page.css", "/nowhere"]),
        content_type=st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=latin-1",
                "application/x-www-form-urlencoded; charset=nonsense",
                "multipart/form-data; boundary=X",
                "multipart/form-data",
                "multipart/mixed; boundary=X",
                "text/plain",
                "application/json",
            ]
        ),
        body=st.one_of(
            st.binary(max_size=300),
            st.text(max_size=200).map(str.encode),
            st.lists(st.sampled_from(["--X\r\n", BROKEN_MULTIPART, "--X--\r\n", "text=%FF%FE", "&", "=", "x"]))
            .map("".join)
            .map(str.encode),
        ),
        with_seat=st.booleans(),
    )
    def test_no_body_sent_to_any_route_gets_a_server_error(
        self, session: Session, served: Served, path: str, content_type: str, body: bytes, with_seat: bool
    ) -> None:
        cookie = served.join(seat(session, "japan").code) if with_seat else None
        reply = served.request(
            "POST", path, body.decode("latin-1"), headers={"Content-Type": content_type}, cookie=cookie
        )
        assert reply.status < 500, (reply.status, reply.text[:300])


class TestHandMadeForms:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        fields=st.dictionaries(
            st.sampled_from(["prompt", "choice", "rating", "clause", "text", "for_cell"]),
            st.one_of(st.text(max_size=30), st.sampled_from(["p1", "0", "1", "P", "9" * 5000, "-1", "IV.A"])),
        )
    )
    def test_no_field_of_a_hand_made_answer_gets_a_server_error(
        self, session: Session, served: Served, fields: dict[str, str]
    ) -> None:
        cookie = served.join(seat(session, "japan").code)  # a seat each: no rate limit in the way
        if session.state.prompt("p1") is None:
            open_prompt(session, "poll", text="Escort?", options=("Yes", "No"))
        form = {"csrf": served.csrf(cookie), **fields}
        reply = served.request("POST", "/answer", form, cookie=cookie)
        assert reply.status in (303, 400, 409, 413), (reply.status, fields, reply.text[:300])

    def test_a_wrong_field_is_named_in_the_pages_words_as_a_400_and_records_nothing(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        poll = open_prompt(session, "poll", text="Escort?", options=("Yes", "No"))
        question = open_prompt(session, text="Position?")
        before = journal_length(session)
        cases = [
            (poll, {"choice": "abc"}, "Choose one of the poll's options"),
            (poll, {"choice": "-1"}, "Choose one of the poll's options"),
            (poll, {"choice": "2"}, "Choose one of the poll's options"),
            (poll, {"choice": "9" * 5000}, "Choose one of the poll's options"),
            (poll, {"choice": "٣"}, "Choose one of the poll's options"),
            (question, {"rating": "<b>", "text": "x"}, "Rate your cell with one of P, S, M, U"),
            (question, {"clause": "no-such-clause", "text": "x"}, "Choose one of the clauses"),
            ("p$", {"text": "x"}, "names no question put to your cell"),
        ]
        for prompt, fields, said in cases:
            form = {"csrf": served.csrf(cookie), "prompt": prompt, **fields}
            reply = served.request("POST", "/answer", form, cookie=cookie)
            assert reply.status == 400, (fields, reply.status)
            problem = problem_of(reply.text)
            assert said in problem, (fields, problem)
            assert "Input should" not in reply.text and "String should" not in reply.text
        assert journal_length(session) == before
