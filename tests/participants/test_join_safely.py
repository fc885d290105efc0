"""Joining is the person's own act: a link on another site opens the join form filled in but claims
no seat and leaves the device's cookie as it was; a scanned card (the browser saying the person
opened the address) seats in one step; a device that holds a seat is asked, naming both seats,
before a card replaces it; and wrong codes from one address slow that address down without ever
keeping a right card out."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.participants.page_support import SCANNED, Served, seat, seat_of
from urllib.parse import urlencode

from tabletop.participants import JOINS_PER_MINUTE
from tabletop.session import Session, new_seat_code


def claims(session: Session) -> int:
    return sum(1 for event in session.events() if event.type == "participant_seat_claimed")


def replace_token(asked: str) -> str:
    """The token of the "take this seat instead" button on the page that asks."""
    marker = 'name="replace" value="'
    start = asked.index(marker) + len(marker)
    return asked[start : asked.index('"', start)]


def own_form(served: Served) -> dict[str, str]:
    return {"Origin": f"http://{served.host}", "Sec-Fetch-Site": "same-origin"}


class TestALinkFromAnotherSite:
    def test_a_cross_site_link_to_an_attackers_card_claims_nothing_and_keeps_the_victims_seat(
        self, session: Session, served: Served
    ) -> None:
        victim = served.join(seat(session, "japan").code)
        attackers = seat(session, "us")
        before = claims(session)
        followed = served.request(
            "GET",
            "/join?" + urlencode({"code": attackers.code}),
            headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate", "Referer": "http://evil.example/"},
            cookie=victim,
        )
        assert followed.status == 200 and followed.cookie is None
        assert "Set-Cookie" not in followed.headers
        assert claims(session) == before and not seat_of(session.state, attackers.seat).claimed
        page = served.request("GET", "/", cookie=victim).text
        assert "Japan cell · seat japan-1" in page and "seat us-" not in page

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        fetch_site=st.one_of(
            st.none(),
            st.sampled_from(["cross-site", "same-site", "same-origin", "None", ""]),
            st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=12),
        )
    )
    def test_no_load_of_a_cards_address_but_the_persons_own_claims_the_seat(
        self, session: Session, served: Served, fetch_site: str | None
    ) -> None:
        if fetch_site is not None and fetch_site.strip() == "none":
            return
        card = seat(session, "jcg")
        before = claims(session)
        headers = {} if fetch_site is None else {"Sec-Fetch-Site": fetch_site}
        reply = served.request("GET", "/join?" + urlencode({"code": card.code}), headers=headers)
        assert reply.status == 200 and reply.cookie is None and claims(session) == before
        # The form, filled in with the card's code, is there to press.
        assert f'value="{card.code}"' in reply.text and "press <b>Join</b>" in reply.text

    def test_over_plain_http_the_filled_in_form_seats_the_person_who_presses_join(
        self, session: Session, served: Served
    ) -> None:
        card = seat(session, "japan")
        shown = served.request("GET", "/join?" + urlencode({"code": card.code}))  # no Sec-Fetch-*: plain HTTP
        assert shown.cookie is None and f'value="{card.code}"' in shown.text
        pressed = served.request("POST", "/join", {"code": card.code}, headers={"Origin": f"http://{served.host}"})
        assert pressed.status == 200 and pressed.cookie
        assert "Japan cell" in served.request("GET", "/", cookie=pressed.cookie).text

    def test_a_form_on_another_site_posting_a_card_is_refused(self, session: Session, served: Served) -> None:
        card = seat(session, "us")
        for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
            reply = served.request("POST", "/join", {"code": card.code}, headers=headers)
            assert reply.status == 403 and reply.cookie is None
        assert not seat_of(session.state, card.seat).claimed

    def test_a_scanned_card_seats_in_one_step(self, session: Session, served: Served) -> None:
        card = seat(session, "japan")
        scanned = served.request("GET", "/join?" + urlencode({"code": card.code}), headers=SCANNED)
        assert scanned.status == 200 and scanned.cookie
        assert '<meta http-equiv="refresh" content="0; url=/">' in scanned.text
        assert seat_of(session.state, card.seat).claimed


class TestADeviceThatHoldsASeat:
    def test_is_asked_naming_both_seats_before_another_card_replaces_it(self, session: Session, served: Served) -> None:
        mine = served.join(seat(session, "japan").code)
        other = seat(session, "us")
        asked = served.scan(other.code, cookie=mine)
        assert asked.status == 200 and asked.cookie is None
        assert "This device already holds a seat" in asked.text
        assert "seat japan-1</b> (Japan cell)" in asked.text and "seat us-1</b> (U.S. cell)" in asked.text
        assert "Keep seat japan-1" in asked.text and not seat_of(session.state, other.seat).claimed
        # Typing the code on the join form asks too.
        typed = served.request("POST", "/join", {"code": other.code}, headers=own_form(served), cookie=mine)
        assert "This device already holds a seat" in typed.text and typed.cookie is None
        assert "Japan cell · seat japan-1" in served.request("GET", "/", cookie=mine).text

    def test_takes_the_new_seat_once_the_person_says_so(self, session: Session, served: Served) -> None:
        mine = served.join(seat(session, "japan").code)
        other = seat(session, "us")
        token = replace_token(served.scan(other.code, cookie=mine).text)
        taken = served.request(
            "POST", "/join", {"code": other.code, "replace": token}, headers=own_form(served), cookie=mine
        )
        assert taken.status == 200 and taken.cookie and taken.cookie != mine
        assert "U.S. cell · seat us-1" in served.request("GET", "/", cookie=taken.cookie).text

    def test_a_replacement_with_a_token_of_another_device_is_asked_again(
        self, session: Session, served: Served
    ) -> None:
        mine = served.join(seat(session, "japan").code)
        someone_elses = served.join(seat(session, "jcg").code)
        other = seat(session, "us")
        forged = replace_token(served.scan(other.code, cookie=someone_elses).text)
        reply = served.request(
            "POST", "/join", {"code": other.code, "replace": forged}, headers=own_form(served), cookie=mine
        )
        assert "This device already holds a seat" in reply.text and reply.cookie is None
        assert not seat_of(session.state, other.seat).claimed


class TestWrongCodesFromOneRouter:
    def test_a_room_behind_one_router_still_joins_after_twenty_wrong_codes_from_it(
        self, session: Session, served: Served
    ) -> None:
        served.page.slow_join_seconds = 0.5
        cards = [seat(session, "japan") for _ in range(3)]
        wrong = [served.scan(new_seat_code()).status for _ in range(JOINS_PER_MINUTE)]
        assert wrong == [403] * JOINS_PER_MINUTE
        for card in cards:
            started = time.monotonic()
            joined = served.scan(card.code)
            # Answered late, as every code from this address now is, but seated.
            assert joined.status == 200 and joined.cookie and time.monotonic() - started >= 0.5
        assert all(seat_of(session.state, card.seat).claimed for card in cards)

    def test_a_guess_past_the_limit_is_as_slow_as_a_right_code_and_says_why(self, served: Served) -> None:
        served.page.slow_join_seconds = 0.5
        for _ in range(JOINS_PER_MINUTE):
            served.scan(new_seat_code())
        started = time.monotonic()
        late = served.scan(new_seat_code())
        assert late.status == 429 and time.monotonic() - started >= 0.5 and late.cookie is None
        assert "Too many wrong codes were tried from this device in the last minute" in late.text
