"""A seat card admits one device: the first device to join with its code (scanned or typed)
holds the seat, through a claim recorded in the journal, and the code admits nobody after it:
an address left in a shared computer's history, or a card photographed on the table, opens
nothing. The facilitator gives a person who lost the seat a new card for the same seat; the
claim survives a restart of the page and holds across pages sharing one journal."""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.conftest import RunCli
from tests.participants.page_support import Clock, Reply, Served, open_prompt, prompt_of, seat, seat_of, serving
from tests.session.journal_support import new_target

from tabletop.participants import reissue_seats
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import (
    ClaimSeat,
    Committed,
    DeliverNext,
    Refused,
    RevokeSeat,
    Seat,
    Session,
    SessionDatabase,
    device_token_digest,
    new_device_token,
    new_seat_code,
    seat_code_digest,
)

CARD_USED = "This card has already been used on another device: ask the facilitator for a new card."


def scan(served: Served, code: str, cookie: str | None = None) -> Reply:
    """A device opening a card's address (its QR code), with the cookie it holds, if any."""
    return served.scan(code, cookie)


def typed(served: Served, code: str) -> Reply:
    """A device typing a card's code on the join form."""
    return served.request("POST", "/join", {"code": code}, headers={"Origin": f"http://{served.host}"})


class TestOneCardOneDevice:
    def test_the_first_device_holds_the_seat_and_a_second_with_the_same_code_is_refused(
        self, session: Session, served: Served
    ) -> None:
        issued = seat(session, "japan")
        prompt = open_prompt(session, text="Who tells the United States?")
        first = served.join(issued.code)
        later = scan(served, issued.code)
        assert later.status == 403 and CARD_USED in later.text
        assert later.cookie is None
        typed_later = typed(served, issued.code.lower())
        assert typed_later.status == 403 and CARD_USED in typed_later.text
        assert served.answer(first, prompt, text="MOD, through the ACM").status == 303
        assert [a.text for a in prompt_of(session.state, prompt).answers] == ["MOD, through the ACM"]

    @pytest.mark.parametrize(
        ("method", "headers"),
        [
            ("GET", {"Sec-Purpose": "prefetch;prerender"}),
            ("GET", {"Sec-Purpose": "prefetch"}),
            ("GET", {"Purpose": "prefetch"}),
            ("HEAD", {}),
        ],
    )
    def test_a_browser_loading_the_cards_address_ahead_of_the_person_claims_nothing(
        self, session: Session, served: Served, method: str, headers: dict[str, str]
    ) -> None:
        issued = seat(session, "japan")
        ahead = served.request(method, "/join?" + urlencode({"code": issued.code}), headers=headers)
        assert ahead.status == 503 and ahead.cookie is None
        assert not [e for e in session.events() if e.type == "participant_seat_claimed"]
        cookie = served.join(issued.code)  # the person's own load still holds the seat
        assert served.request("GET", "/", cookie=cookie).status == 200

    def test_the_first_device_keeps_its_seat_on_reload_and_on_scanning_its_card_again(
        self, session: Session, served: Served
    ) -> None:
        issued = seat(session, "us")
        prompt = open_prompt(session, text="Escort the cutters?")
        cookie = served.join(issued.code)
        for _ in range(3):
            page = served.request("GET", "/", cookie=cookie)
            assert page.status == 200 and "seat us-1" in page.text
        again = scan(served, issued.code, cookie=cookie)  # the back button, or the card scanned again
        assert again.status == 200 and "Joined as us-1" in again.text and again.cookie is None
        assert served.answer(cookie, prompt, text="Yes").status == 303
        claims = [e for e in session.events() if e.type == "participant_seat_claimed"]
        assert len(claims) == 1

    def test_the_journal_keeps_the_tokens_digest_never_the_token_or_the_code(
        self, session: Session, served: Served
    ) -> None:
        issued = seat(session, "japan")
        token = served.join(issued.code)
        (claim,) = [e for e in session.events() if e.type == "participant_seat_claimed"]
        assert claim.payload.model_dump(mode="json") == {
            "type": "participant_seat_claimed",
            "seat": "japan-1",
            "device_sha256": hashlib.sha256(token.encode()).hexdigest(),
            "by": {"role": "participant", "cell": "japan", "name": "japan-1"},
        }
        journal = Path(session.path).read_bytes()
        assert token.encode() not in journal and issued.code.encode() not in journal
        assert not any(token in e.model_dump_json() or issued.code in e.model_dump_json() for e in session.events())

    def test_a_claim_holds_after_the_page_and_the_session_are_opened_again(
        self, session: Session, clock: Clock
    ) -> None:
        issued = seat(session, "japan")
        with serving(session, clock) as served:
            cookie = served.join(issued.code)
        path = session.path
        session.close()
        with Session.open(path, exclusive=False, clock=clock) as reopened:
            prompt = open_prompt(reopened, text="Still there?")
            with serving(reopened, clock) as served:
                assert "seat japan-1" in served.request("GET", "/", cookie=cookie).text
                assert served.answer(cookie, prompt, text="Yes").status == 303
                refused = scan(served, issued.code)
                assert refused.status == 403 and CARD_USED in refused.text

    def test_a_revoked_seats_device_is_out_at_once_and_its_code_admits_nobody(
        self, session: Session, served: Served
    ) -> None:
        issued = seat(session, "jcg")
        cookie = served.join(issued.code)
        session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=issued.seat, reason="left"))
        page = served.request("GET", "/", cookie=cookie)
        assert "has been revoked or has expired" in page.text and 'name="csrf"' not in page.text
        refused = scan(served, issued.code)
        assert refused.status == 403 and "taken back by the facilitator" in refused.text and refused.cookie is None

    def test_a_card_used_on_another_device_is_no_guess_and_never_slows_the_address(
        self, session: Session, served: Served
    ) -> None:
        from tabletop.participants import JOINS_PER_MINUTE

        issued = seat(session, "japan")
        served.join(issued.code)
        for _ in range(JOINS_PER_MINUTE + 5):
            refused = scan(served, issued.code)
            assert refused.status == 403 and CARD_USED in refused.text
        guessed = scan(served, new_seat_code())
        assert guessed.status == 403 and "check it against your card" in guessed.text


class TestANewCardForTheSameSeat:
    def test_a_new_card_admits_a_new_device_shuts_out_the_old_and_the_answers_carry_on(
        self, session: Session, served: Served
    ) -> None:
        issued = seat(session, "japan")
        prompt = open_prompt(session, text="Who owns the incident?")
        old_phone = served.join(issued.code)
        assert served.answer(old_phone, prompt, text="The Coast Guard").status == 303

        (card,) = reissue_seats(session, [issued.seat], valid_for=timedelta(hours=4), reason="new phone")
        assert card.seat == issued.seat and card.code != issued.code
        assert "has been revoked or has expired, or a new card" in served.request("GET", "/", cookie=old_phone).text
        assert served.answer(old_phone, prompt, csrf="x" * 64, text="still me?").status == 403
        assert "admits nobody" in scan(served, issued.code).text

        new_phone = served.join(card.code)
        assert "seat japan-1" in served.request("GET", "/", cookie=new_phone).text
        assert served.answer(new_phone, prompt, text="The Coast Guard, with MOD informed").status == 303
        (answer,) = prompt_of(session.state, prompt).answers
        assert (answer.seat, answer.text) == ("japan-1", "The Coast Guard, with MOD informed")
        assert CARD_USED in scan(served, card.code).text
        assert seat_of(session.state, issued.seat).cards == 2

    def test_a_revoked_seat_gets_no_new_card(self, session: Session) -> None:
        from tabletop.errors import RefusedError

        issued = seat(session, "us")
        session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=issued.seat))
        with pytest.raises(RefusedError, match="has been revoked: issue a new seat instead"):
            reissue_seats(session, [issued.seat], valid_for=timedelta(hours=1))

    def test_the_command_line_writes_a_new_card_for_a_seat(
        self, session: Session, clock: Clock, tmp_path: Path, run_cli: RunCli
    ) -> None:
        issued = seat(session, "japan")
        with serving(session, clock) as served:
            served.join(issued.code)
        path = session.path
        session.close()
        cards = tmp_path / "card.html"
        status, _, err = run_cli(
            "participants", "seats", str(path), "--seat", "japan-1", "--reason", "lost the cookie",
            "--url", "http://192.168.10.5:8090", "-o", str(cards),
        )  # fmt: skip
        assert status == 0, err
        text = cards.read_text(encoding="utf-8")
        assert text.count('class="code"') == 1 and "Seat japan-1" in text
        with Session.open(path, readonly=True) as reader:
            (reissued,) = [e for e in reader.events() if e.type == "participant_seat_reissued"]
            assert reissued.payload.model_dump(mode="json")["reason"] == "lost the cookie"
            assert not seat_of(reader.state, "japan-1").claimed
        status, _, err = run_cli(
            "participants", "seats", str(path), "--seat", "japan-9", "--url", "http://192.168.10.5:8090",
            "-o", str(tmp_path / "none.html"),
        )  # fmt: skip
        assert status == 2 and "no seat 'japan-9'" in err
        status, _, err = run_cli(
            "participants", "seats", str(path), "--url", "http://192.168.10.5:8090", "-o", str(tmp_path / "n.html")
        )
        assert status == 2 and "--cell CELL=N" in err and "--seat SEAT" in err


class TestTwoDevicesAtOnce:
    def test_two_claims_decided_on_one_state_record_one(self, session: Session, clock: Clock) -> None:
        issued = seat(session, "japan")
        other = Session.open(session.path, exclusive=False, clock=clock)
        try:
            seq = session.state.last_seq
            assert other.state.last_seq == seq
            as_seat = Seat(role="participant", cell="japan", name=issued.seat)
            tokens = [new_device_token(), new_device_token()]
            card = seat_code_digest(issued.code)
            first = session.execute(
                ClaimSeat(
                    expected_seq=seq, seat=issued.seat, device_sha256=device_token_digest(tokens[0]), code_sha256=card
                ),
                seat=as_seat,
            )
            second = other.execute(
                ClaimSeat(
                    expected_seq=seq, seat=issued.seat, device_sha256=device_token_digest(tokens[1]), code_sha256=card
                ),
                seat=as_seat,
            )
            assert isinstance(first, Committed)
            # Decided on the state before the first claim, the second is judged on the state now,
            # by its own check: the card is used.
            assert isinstance(second, Refused) and "already been used on another device" in second.reason
            assert [e.type for e in other.events()].count("participant_seat_claimed") == 1
            again = other.execute(
                ClaimSeat(
                    expected_seq=other.state.last_seq,
                    seat=issued.seat,
                    device_sha256=device_token_digest(tokens[1]),
                    code_sha256=card,
                ),
                seat=as_seat,
            )
            assert isinstance(again, Refused) and "already been used on another device" in again.reason
        finally:
            other.close()

    def test_a_card_replaced_at_the_moment_it_is_used_claims_nothing(self, session: Session) -> None:
        """The page looks at the card, then claims its seat: a new card issued in between (the
        facilitator shutting out a card left on the table) must win, not the old card."""
        issued = seat(session, "japan")
        looked = session.state.last_seq  # the page found the old card's seat standing, unclaimed
        [new_card] = reissue_seats(session, [issued.seat], valid_for=timedelta(hours=2), reason="left on a table")
        as_seat = Seat(role="participant", cell="japan", name=issued.seat)
        old = session.execute(
            ClaimSeat(
                expected_seq=looked,
                seat=issued.seat,
                device_sha256=device_token_digest(new_device_token()),
                code_sha256=seat_code_digest(issued.code),
            ),
            seat=as_seat,
        )
        assert isinstance(old, Refused) and "has been replaced by a new one" in old.reason
        assert not seat_of(session.state, issued.seat).claimed
        new = session.execute(
            ClaimSeat(
                expected_seq=session.state.last_seq,
                seat=issued.seat,
                device_sha256=device_token_digest(new_device_token()),
                code_sha256=seat_code_digest(new_card.code),
            ),
            seat=as_seat,
        )
        assert isinstance(new, Committed) and seat_of(session.state, issued.seat).claimed

    def test_only_the_seat_itself_claims_it(self, session: Session) -> None:
        issued = seat(session, "japan")
        digest, card = device_token_digest(new_device_token()), seat_code_digest(issued.code)
        by_facilitator = session.execute(
            ClaimSeat(expected_seq=session.state.last_seq, seat=issued.seat, device_sha256=digest, code_sha256=card)
        )
        assert isinstance(by_facilitator, Refused) and by_facilitator.kind == "not_permitted"
        by_another = session.execute(
            ClaimSeat(expected_seq=session.state.last_seq, seat=issued.seat, device_sha256=digest, code_sha256=card),
            seat=Seat(role="participant", cell="japan", name="japan-2"),
        )
        assert isinstance(by_another, Refused) and not seat_of(session.state, issued.seat).claimed

    @pytest.mark.parametrize("pages", [1, 2])
    def test_of_two_devices_joining_with_one_card_at_once_exactly_one_holds_the_seat(
        self, session: Session, clock: Clock, pages: int
    ) -> None:
        issued = seat(session, "us")
        # Two pages on the one session file (two programs), or two devices on one page.
        other = Session.open(session.path, exclusive=False, clock=clock) if pages == 2 else session
        try:
            with serving(session, clock) as here, serving(other, clock) as there, ThreadPoolExecutor(2) as both:
                replies = list(both.map(lambda page: scan(page, issued.code), [here, there if pages == 2 else here]))
            admitted = [reply for reply in replies if reply.status == 200 and reply.cookie]
            refused = [reply for reply in replies if reply.status == 403]
            assert len(admitted) == 1 and len(refused) == 1, [r.status for r in replies]
            assert CARD_USED in refused[0].text
            claims = [e for e in session.events() if e.type == "participant_seat_claimed"]
            assert len(claims) == 1
            assert claims[0].payload.model_dump()["device_sha256"] == device_token_digest(str(admitted[0].cookie))
        finally:
            if other is not session:
                other.close()


class TestOlderJournals:
    def test_a_seat_issued_in_a_format_6_journal_is_claimed_by_its_first_device(
        self, session: Session, clock: Clock
    ) -> None:
        import sqlite3

        issued = seat(session, "japan")
        path = session.path
        session.close()
        db = sqlite3.connect(path)  # as tabletop wrote it before claims: format 6
        db.execute("UPDATE metadata SET value = '6' WHERE key = 'format_version'")
        db.execute("PRAGMA user_version=6")
        db.commit()
        db.close()
        with Session.open(path, exclusive=False, clock=clock) as older:
            assert older.metadata()["format_version"] == "6"
            with serving(older, clock) as served:
                cookie = served.join(issued.code)
                assert "seat japan-1" in served.request("GET", "/", cookie=cookie).text
                assert CARD_USED in scan(served, issued.code).text
        with Session.open(path, readonly=True) as reader:
            assert seat_of(reader.state, "japan-1").claimed


def test_across_sites_a_card_used_at_one_site_admits_nobody_at_another(
    database_url: str, islands: LoadedScenario, corpus: Corpus, tmp_path: Path
) -> None:
    target = new_target("postgres", islands, corpus, tmp_path / "sessions", database_url)
    database = SessionDatabase(database_url)
    facilitator = Session.from_journal(database.open(target.session_id))
    facilitator.execute(DeliverNext(expected_seq=facilitator.state.last_seq))
    issued = seat(facilitator, "japan")
    tokyo = Session.from_journal(database.open(target.session_id))
    washington = Session.from_journal(database.open(target.session_id))
    try:
        with serving(tokyo) as tokyo_page, serving(washington) as washington_page:
            with ThreadPoolExecutor(2) as both:
                replies = list(both.map(lambda page: scan(page, issued.code), [tokyo_page, washington_page]))
            assert sorted(reply.status for reply in replies) == [200, 403]
            cookie = next(reply.cookie for reply in replies if reply.cookie)
            holder, elsewhere = (tokyo_page, washington_page) if replies[0].cookie else (washington_page, tokyo_page)
            assert CARD_USED in scan(elsewhere, issued.code).text
            assert "seat japan-1" in holder.request("GET", "/", cookie=cookie).text
            # The cookie's claim is the journal's: the other site's page admits the device too.
            assert "seat japan-1" in elsewhere.request("GET", "/", cookie=cookie).text
    finally:
        tokyo.close()
        washington.close()
    # The facilitator's session has not seen the claim made at a site: the new card is issued all the same.
    (card,) = reissue_seats(facilitator, ["japan-1"], valid_for=timedelta(hours=2))
    facilitator.close()
    with Session.from_journal(database.open(target.session_id)) as later, serving(later) as page:
        joined = scan(page, card.code)
        assert joined.status == 200 and joined.cookie
    with Session.from_journal(database.open(target.session_id, readonly=True)) as reader:
        kinds = [e.type for e in reader.events() if e.type.startswith("participant_seat")]
        assert kinds == [
            "participant_seat_issued",
            "participant_seat_claimed",
            "participant_seat_reissued",
            "participant_seat_claimed",
        ]


def test_in_a_browser_the_address_left_in_history_opens_nothing_on_another_device(
    session: Session, clock: Clock
) -> None:
    import asyncio

    from playwright.async_api import async_playwright

    from tests.browser_support import CHROMIUM_ARGS, chromium

    issued = seat(session, "japan")
    executable = chromium()

    async def drive(base: str) -> None:
        address = issued.join_url(base)  # what the card's QR code opens
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                phone = await (await browser.new_context()).new_page()
                await phone.goto(address)  # the card's QR code scanned
                await phone.wait_for_selector("text=Japan cell · seat japan-1")
                assert "code=" not in phone.url
                await phone.reload()
                await phone.wait_for_selector("text=Japan cell · seat japan-1")
                await phone.goto(address)  # the card scanned again, or its address from this phone's history
                await phone.wait_for_selector("text=Japan cell · seat japan-1")

                shared = await (await browser.new_context()).new_page()
                reply = await shared.goto(address)  # the same address, read from a shared computer's history
                assert reply is not None and reply.status == 403
                body = await shared.inner_text("body")
                assert CARD_USED in body and "seat japan-1" not in body
                assert await shared.context.cookies() == []
                await shared.goto(base + "/")
                assert "seat japan-1" not in await shared.inner_text("body")
            finally:
                await browser.close()

    with serving(session, clock) as served:
        asyncio.run(drive(f"http://127.0.0.1:{served.port}"))


def test_leaving_says_the_card_is_used_up_and_forgets_the_seat_on_this_device(session: Session, served: Served) -> None:
    issued = seat(session, "japan")
    cookie = served.join(issued.code)
    left = served.request("POST", "/leave", {}, cookie=cookie, headers={"Origin": f"http://{served.host}"})
    assert left.status == 200 and "ask the facilitator for a new card" in left.text
    assert any(
        header.startswith(f'{served.page.cookie}=""') or header.startswith(f"{served.page.cookie}=;")
        for header in left.headers.get_all("Set-Cookie") or ()
    ), left.headers.get_all("Set-Cookie")
    assert CARD_USED in scan(served, issued.code).text


def test_after_the_end_a_seated_device_still_reads_and_an_unused_card_joins_nobody(
    session: Session, served: Served
) -> None:
    from tabletop.session import End

    seated, unused = seat(session, "japan"), seat(session, "us")
    cookie = served.join(seated.code)
    session.execute(End(expected_seq=session.state.last_seq))
    assert "seat japan-1" in served.request("GET", "/", cookie=cookie).text
    late = scan(served, unused.code)
    assert late.status == 403 and "The exercise has ended" in late.text and late.cookie is None
