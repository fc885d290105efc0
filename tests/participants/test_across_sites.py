"""Across sites: with the session's journal in PostgreSQL, each site runs its own participants'
page on the one session, its cells' answers appended to the one journal; each page shows the
prompts the facilitator opens elsewhere, and nothing is lost when two sites answer at once: a
dozen seats answering together through two pages on one journal are all recorded. While the
journal cannot be reached a page says so in its own words, keeps what was typed, and works again
once it can; the facilitator's commands wait for the console holding its seat."""

from __future__ import annotations

import logging
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from benchmarks.postgres_server import PostgresServer
from tests.link_support import CuttableLink, cuttable_link

from tests.participants.page_support import Reply, Served, open_prompt, seat, serving

from tests.session.journal_support import new_target

from tabletop.participants import issue_seats
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


def _through(link: CuttableLink, server: PostgresServer, url: str) -> str:
    """The database at `url`, reached over TCP through `link`, which the test can cut."""
    database = urllib.parse.urlsplit(url).path.lstrip("/")
    return f"postgresql://postgres:{server.password}@127.0.0.1:{link.port}/{database}?sslmode=disable"


def test_a_page_whose_journal_cannot_be_reached_says_so_keeps_the_answer_and_recovers(
    postgres_server: PostgresServer,
    database_url: str,
    islands: LoadedScenario,
    corpus: Corpus,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    target = new_target("postgres", islands, corpus, tmp_path / "sessions", database_url)
    facilitator = Session.from_journal(SessionDatabase(database_url).open(target.session_id))
    facilitator.execute(DeliverNext(expected_seq=facilitator.state.last_seq))
    issued = seat(facilitator, "us")
    prompt = open_prompt(facilitator, text="Escort the cutters?")
    with cuttable_link(postgres_server.port) as link:
        site = Session.from_journal(
            SessionDatabase(_through(link, postgres_server, database_url)).open(target.session_id, retry_for=1.0)
        )
        try:
            with serving(site) as page, caplog.at_level(logging.WARNING, logger="tabletop.participants"):
                cookie = page.join(issued.code)
                csrf = page.csrf(cookie)
                link.cut()
                time.sleep(0.6)  # past the page's half-second between two looks at the journal
                sent = page.answer(cookie, prompt, csrf=csrf, text="Yes, <b>with</b> the JCG in the lead")
                assert sent.status == 503, sent.text
                assert "your answer was not recorded; it is kept below, send it again in a moment" in sent.text
                assert ">Yes, &lt;b&gt;with&lt;/b&gt; the JCG in the lead</textarea>" in sent.text
                time.sleep(0.6)
                looked = page.request("GET", "/", cookie=cookie)
                assert looked.status == 503 and "cannot be reached" in looked.text
                assert "Server got itself in trouble" not in sent.text + looked.text
                assert any("the session's journal cannot be reached" in r.getMessage() for r in caplog.records)
                # The link is back: the same page records, without a restart.
                link.heal()
                time.sleep(0.6)
                again = page.answer(cookie, prompt, csrf=csrf, text="Yes, with the JCG in the lead")
                assert again.status == 303, again.text
        finally:
            site.close()
    facilitator.refresh()
    recorded = facilitator.state.prompt(prompt)
    assert recorded is not None and [a.text for a in recorded.answers] == ["Yes, with the JCG in the lead"]
    facilitator.close()


def test_the_facilitators_commands_are_refused_while_a_console_holds_the_seat_in_the_database(
    database_url: str, islands: LoadedScenario, corpus: Corpus, tmp_path: Path, run_cli: RunCli
) -> None:
    console = Session.start(islands, corpus, facilitator="Kenji Sato", database=SessionDatabase(database_url))
    try:
        issued = seat(console, "japan")
        before = len(console.events())
        status, _, err = run_cli("participants", "revoke", console.id, issued.seat, "--db", database_url)
        assert status == 1, err
        assert "the facilitator's seat is held by Kenji Sato on host" in err
        assert "`tabletop participants revoke` records as the facilitator; nothing was recorded" in err
        assert "its cells screen (k), then x" in err
        console.refresh()
        assert len(console.events()) == before
    finally:
        console.close()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_twelve_seats_answering_at_once_through_two_pages_on_one_journal_are_all_recorded(
    engine: str, islands: LoadedScenario, corpus: Corpus, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = request.getfixturevalue("database_url") if engine == "postgres" else None
    target = new_target(engine, islands, corpus, tmp_path / "sessions", url)

    def open_session() -> Session:
        if engine == "sqlite":
            return Session.open(target.location, exclusive=False)
        return Session.from_journal(SessionDatabase(target.location).open(target.session_id))

    facilitator = open_session()
    facilitator.execute(DeliverNext(expected_seq=facilitator.state.last_seq))
    seats = issue_seats(facilitator, {"japan": 6, "us": 6}, valid_for=timedelta(hours=8))
    prompts = [open_prompt(facilitator, "question", text=f"Question {n}?") for n in range(1, 6)]

    tokyo, washington = open_session(), open_session()
    with serving(tokyo) as tokyo_page, serving(washington) as washington_page:
        pages = {"japan": tokyo_page, "us": washington_page}
        joined = [(pages[s.cell], pages[s.cell].join(s.code), s.seat) for s in seats]
        forms = [(page, cookie, page.csrf(cookie), seat_id) for page, cookie, seat_id in joined]

        def answer_all(form: tuple[Served, str, str, str]) -> list[Reply]:
            page, cookie, csrf, seat_id = form
            return [page.answer(cookie, prompt, csrf=csrf, text=f"{seat_id} on {prompt}") for prompt in prompts]

        with ThreadPoolExecutor(len(forms)) as everyone:
            replies = [reply for answered in everyone.map(answer_all, forms) for reply in answered]
    for opened in (tokyo, washington):
        opened.close()

    refused = [reply.text for reply in replies if reply.status != 303]
    assert refused == [], [r[r.find("problem") :][:300] for r in refused]
    facilitator.refresh()
    answers = {(a.seat, p.prompt) for p in facilitator.state.prompts for a in p.answers}
    assert answers == {(s.seat, prompt) for s in seats for prompt in prompts}  # 60 answers, none lost
    facilitator.close()
