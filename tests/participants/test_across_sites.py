"""Across sites: with the session's journal in PostgreSQL, each site runs its own participants'
page on the one session, its cells' answers appended to the one journal; each page shows the
prompts the facilitator opens elsewhere, and nothing is lost when two sites answer at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.participants.page_support import open_prompt, seat, serving

from tests.session.journal_support import new_target

from tabletop.session import DeliverNext, Session, SessionDatabase
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from pathlib import Path
from tests.conftest import RunCli


def test_two_sites_pages_answer_into_one_journal_in_the_database(
    database_url: str, islands: LoadedScenario, corpus: Corpus, tmp_path: Path
) -> None:
    target = new_target("postgres", islands, corpus, tmp_path / "sessions", database_url)
    database = SessionDatabase(database_url)
    facilitator = Session.from_journal(database.open(target.session_id))
    facilitator.execute(DeliverNext(expected_seq=facilitator.state.last_seq))
    tokyo_seat, washington_seat = seat(facilitator, "japan"), seat(facilitator, "us")
    prompt = open_prompt(facilitator, "poll", text="Escort the cutters?", options=("Yes", "No"))

    tokyo = Session.from_journal(database.open(target.session_id))
    washington = Session.from_journal(database.open(target.session_id))
    with serving(tokyo) as tokyo_page, serving(washington) as washington_page:
        japan = tokyo_page.join(tokyo_seat.code)
        us = washington_page.join(washington_seat.code)
        assert "Escort the cutters?" in tokyo_page.request("GET", "/", cookie=japan).text
        with ThreadPoolExecutor(2) as both:
            replies = list(
                both.map(
                    lambda sent: sent[0].answer(sent[1], prompt, choice=sent[2]).status,
                    [(tokyo_page, japan, "0"), (washington_page, us, "1")],
                )
            )
        assert replies == [303, 303]
    for opened in (tokyo, washington):
        opened.close()
    facilitator.close()

    with Session.from_journal(database.open(target.session_id, readonly=True)) as reader:
        (recorded,) = reader.state.prompts
        assert {(a.cell, a.seat, a.choice) for a in recorded.answers} == {("japan", "japan-1", 0), ("us", "us-1", 1)}
        assert all(a.by is not None and a.by.role == "participant" for a in recorded.answers)
        assert recorded.tally() == (1, 1)


def test_seat_cards_are_issued_in_a_session_of_the_database(
    database_url: str, islands: LoadedScenario, corpus: Corpus, tmp_path: Path, run_cli: RunCli
) -> None:
    target = new_target("postgres", islands, corpus, tmp_path / "sessions", database_url)
    cards = tmp_path / "cards.html"
    status, _, err = run_cli(
        "participants", "seats", target.session_id, "--db", database_url, "--cell", "japan=2", "--cell", "us=1",
        "--url", "https://192.168.10.5:8090", "-o", str(cards),
    )  # fmt: skip
    assert status == 0, err
    assert cards.read_text(encoding="utf-8").count('class="code"') == 3
    with Session.from_journal(SessionDatabase(database_url).open(target.session_id, readonly=True)) as reader:
        assert [s.seat for s in reader.state.seats] == ["japan-1", "japan-2", "us-1"]
