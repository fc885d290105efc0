"""Edges of a session that the page and the facilitator's commands share with a console: a card
that has expired or was revoked is told so (it is a real card, not a typo, and does not count
as a wrong code); and `participants seats`, `revoke` and `key`, which record as the facilitator,
are refused while a console holds the facilitator's seat, naming who holds it, nothing recorded."""

from __future__ import annotations

import string
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import RunCli
from tests.participants.page_support import Clock, Served, open_prompt, seat

from tabletop.participants import JOINS_PER_MINUTE
from tabletop.session import RevokeSeat, Session, code_refusal, new_seat_code


class TestWhyACodeAdmitsNobody:
    def test_the_core_says_unknown_revoked_or_expired(self, session: Session, clock: Clock) -> None:
        lapsing, lost, standing = seat(session, "japan", hours=1), seat(session, "us"), seat(session, "jcg")
        session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=lost.seat, reason="card lost"))
        later = clock() + timedelta(hours=1)
        state = session.state
        assert code_refusal(state, new_seat_code(), later) == "unknown"
        assert code_refusal(state, lapsing.code, later) == "expired"
        assert code_refusal(state, lost.code, later) == "revoked"
        assert code_refusal(state, standing.code, later) is None
        assert code_refusal(state, lapsing.code.lower(), clock()) is None  # typed loosely, still good

    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(typed=st.text(alphabet=string.ascii_letters + string.digits + " -", max_size=24))
    def test_anything_typed_that_is_no_card_of_this_session_is_unknown(
        self, session: Session, clock: Clock, typed: str
    ) -> None:
        assert code_refusal(session.state, typed, clock()) == "unknown"


class TestALapsedCardOnThePage:
    def test_an_expired_card_is_told_so_and_is_not_a_wrong_code(
        self, session: Session, served: Served, clock: Clock
    ) -> None:
        issued = seat(session, "japan", hours=1)
        clock.now += timedelta(hours=1, seconds=1)
        replies = [served.scan(issued.code) for _ in range(JOINS_PER_MINUTE + 5)]
        assert {reply.status for reply in replies} == {403}
        assert all("This card has expired: ask the facilitator for a new card." in r.text for r in replies)
        assert not any("check it against your card" in r.text or r.cookie for r in replies)
        # None of them counted: a code no card bears is still met with the usual answer, not 429.
        guessed = served.scan(new_seat_code())
        assert guessed.status == 403 and "check it against your card" in guessed.text

    def test_a_revoked_card_is_told_so(self, session: Session, served: Served) -> None:
        issued = seat(session, "us")
        session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=issued.seat, reason="card lost"))
        reply = served.request("POST", "/join", {"code": issued.code})
        assert reply.status == 403 and reply.cookie is None
        assert "taken back by the facilitator: ask them for a new card" in reply.text

    def test_guessed_codes_still_count_against_the_address(self, served: Served) -> None:
        served.page.slow_join_seconds = 0.2
        replies = [served.scan(new_seat_code()).status for _ in range(JOINS_PER_MINUTE + 2)]
        assert replies[:JOINS_PER_MINUTE] == [403] * JOINS_PER_MINUTE and set(replies[JOINS_PER_MINUTE:]) == {429}


class TestTheFacilitatorsCommandsBesideAConsole:
    """A console holding the facilitator's seat is another program; within one program a second
    claim of the seat is refused the same way, so the console is a `Session.open` of the test."""

    def test_revoke_key_and_seats_are_refused_while_a_console_holds_the_seat(
        self, session: Session, run_cli: RunCli, tmp_path: Path
    ) -> None:
        issued = seat(session, "japan")
        prompt = open_prompt(session, text="Escort the cutters?")
        path = str(session.path)
        before = len(session.events())
        commands = {
            "revoke": ("participants", "revoke", path, issued.seat),
            "key": ("participants", "key", path, "--prompt", prompt, "--cell", "us", "--text", "on paper"),
            "seats": (
                "participants",
                "seats",
                path,
                "--cell",
                "us=1",
                "--url",
                "http://127.0.0.1:8090",
                "-o",
                str(tmp_path / "cards.html"),
            ),
        }
        for name, args in commands.items():
            status, _, err = run_cli(*args)
            assert status == 1, (name, err)
            assert "the facilitator's seat is held by another program on this computer" in err, err
            assert f"`tabletop participants {name}` records as the facilitator; nothing was recorded" in err
            assert "Traceback" not in err and err.count("\n") == 1
        assert "its cells screen (k), then x" in run_cli(*commands["revoke"])[2]
        assert "its cells screen (k), then y" in run_cli(*commands["key"])[2]
        assert "Issue a seat on that console instead: its cells screen (k), then s" in run_cli(*commands["seats"])[2]
        assert not (tmp_path / "cards.html").exists()
        session.refresh()
        assert len(session.events()) == before
        assert session.state.seat(issued.seat) is not None and session.state.seat(issued.seat).revoked_at is None  # type: ignore[union-attr]

    def test_with_no_console_holding_the_seat_they_record(
        self, session: Session, run_cli: RunCli, tmp_path: Path
    ) -> None:
        issued = seat(session, "japan")
        path = str(session.path)
        session.close()
        status, _, err = run_cli("participants", "revoke", path, issued.seat, "--reason", "card lost")
        assert status == 0, err
        with Session.open(path, readonly=True) as reader:
            revoked = reader.state.seat(issued.seat)
            assert revoked is not None and revoked.revoked_at is not None
            assert revoked.by is not None and revoked.by.role == "facilitator"
