"""The participants' page under attack: every way in without a standing seat of this session is
refused, every form needs the page's own origin and the seat's CSRF token, answers are bounded
and rate-limited, a seat never reads another cell's answers before the reveal, and what anyone
typed shows as text, never as markup or a terminal command. Each refusal records nothing."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from tests.participants.page_support import open_prompt, prompt_of, seat, serving, Clock, Served

from tabletop.errors import UsageError
from tabletop.listening import listening_socket
from tabletop.participants import SUBMISSIONS_PER_MINUTE
from tabletop.session import ClosePrompt, RevealPrompt, RevokeSeat, new_seat_code, Session
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from pathlib import Path
from tests.conftest import RunCli


def journal_length(session: Session) -> int:
    return len(session.events())


class TestTheWayIn:
    def test_a_guessed_code_gets_no_cookie(self, served: Served) -> None:
        reply = served.scan(new_seat_code())
        assert reply.status == 403 and reply.cookie is None and "admits nobody" in reply.text

    def test_a_cookie_made_up_gets_the_join_form_not_a_seat(self, served: Served) -> None:
        reply = served.request("GET", "/", cookie=new_seat_code())
        assert reply.status == 200 and "Join your cell" in reply.text and 'name="csrf"' not in reply.text

    def test_an_expired_code_and_its_cookie_are_refused(self, session: Session, served: Served, clock: Clock) -> None:
        issued = seat(session, "japan", hours=1)
        cookie = served.join(issued.code)
        prompt = open_prompt(session, text="Anything?")
        csrf = served.csrf(cookie)
        clock.now += timedelta(hours=1, seconds=1)
        assert served.scan(issued.code).status == 403
        before = journal_length(session)
        assert served.answer(cookie, prompt, csrf=csrf, text="late").status == 403
        assert journal_length(session) == before

    def test_a_revoked_seats_cookie_replayed_is_refused_at_once(self, session: Session, served: Served) -> None:
        issued = seat(session, "japan")
        cookie = served.join(issued.code)
        prompt = open_prompt(session, text="Anything?")
        csrf = served.csrf(cookie)
        session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=issued.seat, reason="card lost"))
        page = served.request("GET", "/", cookie=cookie)
        assert "revoked or has expired" in page.text and 'name="csrf"' not in page.text
        before = journal_length(session)
        assert served.answer(cookie, prompt, csrf=csrf, text="replayed").status == 403
        assert served.scan(issued.code).status == 403
        assert journal_length(session) == before

    def test_another_sessions_code_admits_nobody_here(
        self, session: Session, islands: LoadedScenario, corpus: Corpus, tmp_path: Path, clock: Clock
    ) -> None:
        from tabletop.session import Session

        other = Session.start(islands, corpus, session_dir=tmp_path / "other", clock=clock)
        theirs = seat(other, "japan")
        other.close()
        with serving(session, clock) as page:
            assert page.scan(theirs.code).status == 403
            assert "Join your cell" in page.request("GET", "/", cookie=theirs.code).text

    def test_codes_tried_too_fast_from_one_address_are_answered_late(self, served: Served) -> None:
        served.page.slow_join_seconds = 0.5
        replies = [served.scan(new_seat_code()).status for _ in range(20)]
        started = time.monotonic()
        late = served.scan(new_seat_code())
        assert replies == [403] * 20 and late.status == 429 and time.monotonic() - started >= 0.5
        assert "answered 0.5 seconds late" in late.text and late.cookie is None

    def test_a_request_naming_another_host_is_refused_even_with_a_seat(self, session: Session, served: Served) -> None:
        cookie = served.join(seat(session, "japan").code)
        reply = served.request("GET", "/", cookie=cookie, headers={"Host": f"rebind.example:{served.port}"})
        assert reply.status == 403 and "Japan cell" not in reply.text

    def test_the_cookie_is_http_only_and_strict_and_the_address_is_cleaned(
        self, session: Session, served: Served
    ) -> None:
        reply = served.scan(seat(session, "japan").code)
        (header,) = [h for h in reply.headers.get_all("Set-Cookie") or () if h.startswith("tabletop-seat-")]
        assert "HttpOnly" in header and "SameSite=Strict" in header
        assert '<meta http-equiv="refresh" content="0; url=/">' in reply.text

    def test_every_page_forbids_scripts_and_framing(self, served: Served) -> None:
        reply = served.request("GET", "/")
        assert reply.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert reply.headers["X-Frame-Options"] == "DENY" and "<script" not in reply.text


class TestForms:
    def test_an_answer_without_the_seats_csrf_token_records_nothing(self, session: Session, served: Served) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Anything?")
        before = journal_length(session)
        assert served.answer(cookie, prompt, csrf="", text="forged").status == 403
        assert served.answer(cookie, prompt, csrf="0" * 64, text="forged").status == 403
        assert journal_length(session) == before

    def test_another_seats_csrf_token_does_not_pass(self, session: Session, served: Served) -> None:
        mine = served.join(seat(session, "japan").code)
        theirs = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Anything?")
        assert served.answer(mine, prompt, csrf=served.csrf(theirs), text="forged").status == 403

    @pytest.mark.parametrize(
        "headers",
        [{"Origin": "http://evil.example"}, {"Origin": "http://127.0.0.1:1"}, {"Sec-Fetch-Site": "cross-site"}],
    )
    def test_a_form_posted_from_another_site_or_port_records_nothing(
        self, session: Session, served: Served, headers: dict[str, str]
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Anything?")
        before = journal_length(session)
        assert served.answer(cookie, prompt, headers=headers, text="forged").status == 403
        assert journal_length(session) == before

    def test_an_answer_over_the_limit_is_refused_whole_and_says_the_limit(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Anything?")
        before = journal_length(session)
        reply = served.answer(cookie, prompt, text="x" * 2001)
        assert reply.status == 413 and "at most 2,000 characters" in reply.text
        body = served.request("POST", "/answer", "text=" + "y" * 40_000, cookie=cookie)
        assert body.status == 413
        assert journal_length(session) == before

    def test_a_seat_flooding_answers_is_slowed_and_nothing_beyond_the_limit_is_recorded(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Anything?")
        csrf = served.csrf(cookie)
        before = journal_length(session)
        statuses = [
            served.answer(cookie, prompt, csrf=csrf, text=f"answer {n}").status
            for n in range(SUBMISSIONS_PER_MINUTE + 5)
        ]
        assert statuses[:SUBMISSIONS_PER_MINUTE] == [303] * SUBMISSIONS_PER_MINUTE
        assert set(statuses[SUBMISSIONS_PER_MINUTE:]) == {429}
        assert journal_length(session) == before + SUBMISSIONS_PER_MINUTE


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> \x1b]0;owned\x07\x1b[2J [b]bold[/b] {{ 7*7 }}"


class TestWhatOthersTyped:
    def test_a_seat_reads_no_other_cells_answer_before_the_reveal(self, session: Session, served: Served) -> None:
        japan = served.join(seat(session, "japan").code)
        us = served.join(seat(session, "us").code)
        prompt = open_prompt(session, text="Your position?")
        served.answer(japan, prompt, text="Japan's confidential position")
        assert "confidential" not in served.request("GET", "/", cookie=us).text
        session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=prompt))
        assert "confidential" not in served.request("GET", "/", cookie=us).text
        session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt=prompt))
        assert "Japan&#39;s confidential position" in served.request("GET", "/", cookie=us).text

    def test_script_markup_and_terminal_escapes_in_an_answer_show_as_text(
        self, session: Session, served: Served
    ) -> None:
        japan = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Your position?")
        assert served.answer(japan, prompt, text=HOSTILE).status == 303
        (recorded,) = prompt_of(session.state, prompt).answers
        assert "\x1b" not in recorded.text and "\x07" not in recorded.text  # plain text recorded
        session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=prompt))
        session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt=prompt))
        page = served.request("GET", "/", cookie=japan).text
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
        assert "{{ 7*7 }}" in page


class TestListening:
    def test_binding_beyond_loopback_needs_to_be_told(self) -> None:
        with pytest.raises(UsageError, match="--allow-remote"):
            listening_socket("0.0.0.0", 0, allow_remote=False, exposes="the participants' page")

    def test_the_command_refuses_to_listen_beyond_loopback_untold(self, session: Session, run_cli: RunCli) -> None:
        status, _, err = run_cli("participants", str(session.path), "--host", "0.0.0.0", "--port", "8097")
        assert status == 2 and "--allow-remote" in err and "participants' page" in err
