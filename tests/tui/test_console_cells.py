"""The console's cells screen (`k`): the facilitator opens prompts for the cells, sees who has
answered as the participants' answers come in (within a second, without a key), closes a prompt,
reveals it to the room, keys in a paper answer and revokes a seat; each through the command path."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta, datetime
from pathlib import Path

from tests.tui.test_console_seminar import choose_in_radio, type_text, screen_text as screen_cells
from textual.widgets import RadioSet, Static

from tabletop.participants import IssuedSeat, issue_seats
from tabletop.session import (
    AnswerPrompt,
    ClosePrompt,
    Committed,
    DeliverNext,
    OpenPrompt,
    RevokeSeat,
    Seat,
    Session,
)
from tests.participants.page_support import AnswerFields, prompt_of, seat_of
from typing import Unpack
from tabletop.tui import make_app, ConsoleApp
from tabletop.tui.screens.cells import CellsScreen
from tabletop.tui.screens.dialogs import ChoiceDialog, FormDialog, PickDialog
from collections.abc import Callable
from tests.tui.conftest import NewSession, Settle


def screen_text(app: ConsoleApp) -> str:
    """The screen's characters, spaces as typed, the pieces of a row (and the rows) run together."""
    return screen_cells(app).replace("\xa0", " ").replace("\n", "")


def answer_from_the_page(session: Session, prompt: str, seat: IssuedSeat, **given: Unpack[AnswerFields]) -> None:
    """What the participants' page does for a seat's answer (tests/participants drive the page)."""
    outcome = session.execute(
        AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt, **given),
        seat=Seat(role="participant", cell=seat.cell, name=seat.seat),
    )
    assert isinstance(outcome, Committed) and outcome.event.payload.type == "prompt_answered"
    assert outcome.event.payload.prompt == prompt


def test_a_poll_opened_from_the_console_shows_the_cells_votes_as_they_come(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    japan, _ = issue_seats(session, {"japan": 1, "us": 1}, valid_for=timedelta(hours=4))
    app = make_app(session, clock=clock)

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            assert isinstance(app.screen, CellsScreen)
            assert "Japan cell: 1 seat(s) japan-1" in screen_text(app)
            await pilot.press("2")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await type_text(pilot, "Escort the cutters?")
            await pilot.press("tab")
            await type_text(pilot, "Yes | No")
            await pilot.press("tab")
            await type_text(pilot, "japan, us")
            await pilot.press("enter")
            await settle(pilot)
            (poll,) = session.state.prompts
            assert (poll.kind, poll.options, poll.cells) == ("poll", ("Yes", "No"), ("japan", "us"))
            assert "japan: 0/1 seats answered; us: 0/1 seats answered" in screen_text(app)

            answer_from_the_page(session, poll.prompt, japan, choice=1)
            await pilot.pause(1.0)  # no key pressed: the console notices the page's answer by itself
            text = screen_text(app)
            assert "japan: 1/1 seats answered; us: 0/1 seats answered" in text and "Japan cell (japan-1): No" in text

            await pilot.press("c")
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("r")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert prompt_of(session.state, poll.prompt).revealed
            assert "[revealed]" in screen_text(app)

    asyncio.run(drive())


def test_a_paper_answer_is_keyed_in_as_the_cells_and_a_seat_revoked(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    (japan,) = issue_seats(session, {"japan": 1}, valid_for=timedelta(hours=4))
    app = make_app(session, clock=clock)

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            await pilot.press("1")
            await settle(pilot)
            await type_text(pilot, "Who owns the incident?")
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            await pilot.press("enter")  # the one open prompt
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            radios = app.screen.query_one(RadioSet)
            radios.focus()
            await choose_in_radio(pilot, 3)  # japan, us, jcg, local: the local government cell
            await pilot.press("tab")
            await type_text(pilot, "The prefecture is told first")
            app.screen.submit()
            await settle(pilot)
            (answer,) = session.state.prompts[0].answers
            assert (answer.cell, answer.on_paper, answer.text) == ("local", True, "The prefecture is told first")
            assert "(on paper): The prefecture is told first" in screen_text(app)

            await pilot.press("x")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert seat_of(session.state, japan.seat).revoked_at is not None
            assert "revoked japan-1" in screen_text(app)

    asyncio.run(drive())


def test_what_a_participant_typed_shows_as_typed_on_the_console(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    from tabletop.session import OpenPrompt

    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    (japan,) = issue_seats(session, {"japan": 1}, valid_for=timedelta(hours=4))
    session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind="question", text="Position?"))
    answer_from_the_page(session, "p1", japan, text="[@click=app.quit]quit[/] [b]bold[/b] \x1b[2J\x1b]0;owned\x07")
    app = make_app(session, clock=clock)

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            text = screen_text(app)
            assert "[@click=app.quit]quit[/] [b]bold[/b]" in text and "owned" not in text
            assert app.is_running

    asyncio.run(drive())


def test_a_revealed_poll_shows_on_the_projector_and_an_unrevealed_one_does_not(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    from tabletop.session import ClosePrompt, OpenPrompt, RevealPrompt

    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    japan, us = issue_seats(session, {"japan": 1, "us": 1}, valid_for=timedelta(hours=4))
    session.execute(
        OpenPrompt(expected_seq=session.state.last_seq, kind="poll", text="Escort the cutters?", options=("Yes", "No"))
    )
    answer_from_the_page(session, "p1", japan, choice=0)
    answer_from_the_page(session, "p1", us, choice=1, text="Not yet: it signals escalation")
    app = make_app(session, clock=clock)

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("v")
            await settle(pilot)
            assert "What the cells answered" not in screen_text(app)
            session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt="p1"))
            session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt="p1"))
            await pilot.pause(1.0)
            text = screen_text(app)
            assert "What the cells answered: Escort the cutters?" in text
            assert "U.S. cell  No: Not yet: it signals escalation" in text

    asyncio.run(drive())


def test_a_new_card_for_a_seat_is_shown_once_and_its_old_card_and_device_admit_nobody(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    from tabletop.session import (
        ClaimSeat,
        admitted_seat,
        carded_seat,
        device_token_digest,
        new_device_token,
        seat_code_digest,
    )

    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    japan, _ = issue_seats(session, {"japan": 1, "us": 1}, valid_for=timedelta(hours=4))
    token = new_device_token()
    claimed = session.execute(
        ClaimSeat(
            expected_seq=session.state.last_seq,
            seat=japan.seat,
            device_sha256=device_token_digest(token),
            code_sha256=seat_code_digest(japan.code),
        ),
        seat=Seat(role="participant", cell="japan", name=japan.seat),
    )
    assert isinstance(claimed, Committed)
    app = make_app(session, clock=clock)
    shown: list[str] = []

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            seats = screen_text(app)
            assert "card not used yet: us-1" in seats and "card not used yet: japan-1" not in seats
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, PickDialog)
            assert "japan-1 Japan cell · in use on a device" in screen_text(app)
            await pilot.press("enter")  # japan-1, the first
            await settle(pilot)
            shown.append(screen_text(app))
            await pilot.press("enter")  # Done
            await settle(pilot)
            assert isinstance(app.screen, CellsScreen)
            assert "Japan cell: 1 seat(s) japan-1; card not used yet: japan-1" in screen_text(app)

    asyncio.run(drive())
    (text,) = shown
    assert "New card for seat japan-1" in text and "Give this code to the person of seat japan-1" in text
    found = re.findall(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", text)
    assert found, text
    now = clock()
    assert admitted_seat(session.state, token, now) is None  # the old device is out
    assert carded_seat(session.state, japan.code, now) is None  # the old card admits nobody
    new_seat = carded_seat(session.state, found[0], now)
    assert new_seat is not None and new_seat.seat == "japan-1" and not new_seat.claimed
    assert new_seat.expires_at == japan.expires_at  # the seat's own time, not 12 hours from now
    assert found[0].replace("-", "") not in "".join(e.model_dump_json() for e in session.events())


def test_a_person_arriving_late_gets_a_seat_from_the_console_with_its_code_shown_once(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    from tabletop.session import carded_seat

    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    japan_1, us_1 = issue_seats(session, {"japan": 1, "us": 1}, valid_for=timedelta(hours=4))
    revoked = session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=us_1.seat, reason="left"))
    assert isinstance(revoked, Committed)
    app = make_app(session, clock=clock)
    shown: list[str] = []

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            await choose_in_radio(pilot, [cell.id for cell in app.cells()].index("us"))
            await pilot.press("tab", "enter")  # to the Issue button, and press it
            await settle(pilot)
            shown.append(screen_text(app))
            await pilot.press("enter")  # Done
            await settle(pilot)
            assert isinstance(app.screen, CellsScreen)
            assert "U.S. cell: 1 seat(s) us-2; card not used yet: us-2; revoked us-1" in screen_text(app)

    asyncio.run(drive())
    (text,) = shown
    # A revoked seat's number is never given again: the new seat is us-2.
    assert "New seat us-2" in text and "Give this code to the person of seat us-2" in text
    found = re.findall(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", text)
    assert found, text
    seat = carded_seat(session.state, found[0], clock())
    assert seat is not None and (seat.seat, seat.cell, seat.claimed) == ("us-2", "us", False)
    # It lasts as long as the seminar's other cards (us-1 revoked, the room's japan-1 stands).
    assert seat.expires_at == japan_1.expires_at == clock() + timedelta(hours=4)
    assert found[0].replace("-", "") not in "".join(e.model_dump_json() for e in session.events())
    assert carded_seat(session.state, japan_1.code, clock()) is not None  # the others' cards still admit


def test_with_no_seat_issued_the_cells_screen_says_how_to_issue_one_here(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    session = new_session()
    app = make_app(session, clock=clock)

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            assert "No seats issued yet: s issues one here, its code shown once" in screen_text(app)

    asyncio.run(drive())


def test_every_command_a_console_key_records_is_the_facilitators_to_issue() -> None:
    import tabletop.session as session
    import tabletop.tui.screens.main  # noqa: F401  (every screen, loaded)
    from tabletop.tui.keys import KEYS
    from tabletop.tui.screens.base import SnapshotScreen

    screens: list[type[SnapshotScreen]] = []
    found: list[type[SnapshotScreen]] = [SnapshotScreen]
    while found:
        screen = found.pop()
        screens.append(screen)
        found.extend(screen.__subclasses__())
    names = {name for screen in screens for recorded in screen.RECORDS.values() for name in recorded}
    names |= {name for key in KEYS for name in key.records}
    assert {"IssueSeat", "ReissueSeat"} <= names and "ClaimSeat" not in names
    facilitator = Seat.facilitator()
    assert [name for name in sorted(names) if not facilitator.may(getattr(session, name))] == []


def test_the_end_dialog_says_how_many_prompts_are_still_open(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    japan, _ = issue_seats(session, {"japan": 2}, valid_for=timedelta(hours=4))
    for text in ("One?", "Two?", "Three?"):
        session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind="question", text=text))
    session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=session.state.prompts[0].prompt))
    answer_from_the_page(session, "p2", japan, text="Hold")
    paper = AnswerPrompt(expected_seq=session.state.last_seq, prompt="p3", for_cell="us", text="Sheet")
    assert isinstance(session.execute(paper), Committed)
    app = make_app(session, clock=clock)

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, FormDialog)
            said = str(app.screen.query_one(".dialog-intro", Static).content)
            assert (
                "2 prompts are still open (p2: 1/2 seats answered; p3: 0/2 seats answered, 1 on paper): "
                "ending closes them" in said
            )
            await pilot.click("#submit")
            await settle(pilot)
            assert session.state.ended
            assert not any(p.is_open for p in session.state.prompts)

    asyncio.run(drive())


def test_the_cells_screen_counts_every_answer_it_lists(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    session = new_session()
    session.execute(DeliverNext(expected_seq=session.state.last_seq))
    first, second = issue_seats(session, {"japan": 2}, valid_for=timedelta(hours=4))
    session.execute(OpenPrompt(expected_seq=session.state.last_seq, kind="question", text="Position?"))
    (prompt,) = session.state.prompts
    answer_from_the_page(session, prompt.prompt, first, text="Hold")
    answer_from_the_page(session, prompt.prompt, second, text="Escort")
    session.execute(RevokeSeat(expected_seq=session.state.last_seq, seat=second.seat))
    for cell in ("control", "japan"):
        paper = AnswerPrompt(expected_seq=session.state.last_seq, prompt=prompt.prompt, for_cell=cell, text="Sheet")
        assert isinstance(session.execute(paper), Committed)
    app = make_app(session, clock=clock)

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            text = screen_text(app)
            assert "japan: 1/1 seats answered, 1 on paper, 1 from a seat revoked since" in text
            assert "control: 1 on paper" in text and "control: 0/0" not in text
            assert f"Japan cell ({second.seat}, revoked since): Escort" in text
            assert text.count("Japan cell (") == 3

    asyncio.run(drive())


def _new_seat_dialog(app: ConsoleApp, settle: Settle, size: tuple[int, int]) -> tuple[str, str]:
    """The dialog the cells screen shows for a new seat of the first cell, at `size`: its text,
    and the screen's characters (each run of one style whole only where it fits on its row)."""
    shown: list[tuple[str, str]] = []

    async def drive() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("k")
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            await pilot.press("tab", "enter")  # the first cell, and the Issue button
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, ChoiceDialog)
            shown.append((dialog.body.plain, screen_cells(app)))

    asyncio.run(drive())
    return shown[0]


def test_a_new_seats_code_comes_with_the_pages_address_and_join_link_when_the_console_serves_it(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime], tmp_path: Path
) -> None:
    for size in ((80, 24), (120, 40)):
        session = new_session(folder=tmp_path / f"{size[0]}x{size[1]}")
        app = make_app(session, clock=clock, page_url="http://192.168.10.5:8090/")
        body, screen = _new_seat_dialog(app, settle, size)
        (code,) = re.findall(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", body)
        link = f"http://192.168.10.5:8090/join?code={code.replace('-', '')}"
        assert f"they open http://192.168.10.5:8090/ and type it under Join, or open at once:\n   {link}\n" in body
        rows = [row.replace("\xa0", " ").strip() for row in screen.splitlines()]
        assert link in rows, screen  # on a row of its own, whole, at either size
        assert "It admits one device, until 2030-04-01 21:00 UTC, and is shown only now." in body


def test_without_the_pages_address_the_code_says_where_the_person_finds_the_page(
    new_session: NewSession, settle: Settle, clock: Callable[[], datetime]
) -> None:
    app = make_app(new_session(), clock=clock)
    body, _screen = _new_seat_dialog(app, settle, (120, 40))
    assert (
        "On their device they open the participants' page (the address on the seat cards, or the one "
        "`tabletop participants` gave when it started) and type it under Join.\n"
    ) in body
    assert "/join?code=" not in body
