"""What the page, the seat cards and the answer sheets show: every text cleaned of terminal
controls and bidirectional overrides, the scenario's classification marking at the top and bottom,
a revealed question nobody answered said to be so, and trouble beneath the page (a damaged session
file, any error of the core) answered in the page's own words with the answer kept in its box."""

from __future__ import annotations

import html
import shutil
import sqlite3
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.participants.page_support import ISLANDS, Clock, Served, open_prompt, seat, serving

from tabletop.participants import answer_sheets, issue_seats, seat_cards
from tabletop.rules import Corpus
from tabletop.scenario import load_scenario
from tabletop.session import ClosePrompt, DeliverNext, OpenPrompt, PromptKind, RevealPrompt, Session

MARKING = "UNCLASSIFIED // FOR TRAINING USE — FICTIONAL SCENARIO"
HOSTILE = "\u202eevil\u202c \x1b[31mred\x1b[0m \x1b]0;title\x07 \x9b2J \x85next \u2066iso\u2069 \x07bell"
"""Controls a text must never carry onto the page: a right-to-left override, CSI and OSC escapes,
an 8-bit CSI, a C1 next-line, bidi isolates, a bell."""
FORBIDDEN = ("\u202e", "\u202c", "\u2066", "\u2069", "\x1b", "\x9b", "\x85", "\x07")


def carries_no_control(html: str) -> bool:
    return not any(char in html for char in FORBIDDEN)


def copy_parts(data: dict[str, Any], folder: Path) -> None:
    """The sample's included parts, copied into `folder` where a copy of the sample is written."""
    for name in data["include"]:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ISLANDS.parent / name, folder / name)


@pytest.fixture
def hostile_session(corpus: Corpus, tmp_path: Path, clock: Clock) -> Iterator[Session]:
    """The sample with controls in its title, its first inject's narrative, questions and expected
    action, and its cells' names, at that inject."""
    data: dict[str, Any] = yaml.safe_load(ISLANDS.read_text(encoding="utf-8"))
    copy_parts(data, tmp_path)
    data["title"] += " " + HOSTILE
    first = data["injects"][0]
    first["narrative"] = HOSTILE + "\n\n" + first["narrative"]
    first["title"] += " " + HOSTILE
    for question in first["questions"]:
        question["text"] += " " + HOSTILE
    first["expected_actions"][0]["action"] += " " + HOSTILE
    for cell in data["cells"]:
        cell["name"] += " " + HOSTILE
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False), encoding="utf-8")
    opened = Session.start(load_scenario(path, corpus), corpus, session_dir=tmp_path / "sessions", clock=clock)
    opened.execute(DeliverNext(expected_seq=opened.state.last_seq))
    yield opened
    opened.close()


class TestControlsInText:
    def test_a_hostile_scenarios_texts_reach_the_page_cleaned(self, hostile_session: Session, clock: Clock) -> None:
        session = hostile_session
        assert HOSTILE in session.view.scenario.injects[0].narrative  # the test's premise
        rating = open_prompt(session, "self_rating", action="a1", cells=("japan",))
        poll = open_prompt(session, "poll", text="Vote " + HOSTILE, options=("yes " + HOSTILE, "no"))
        with serving(session, clock) as served:
            cookie = served.join(seat(session, "japan").code)
            served.answer(cookie, poll, choice="0", text="")
            page = served.request("GET", "/", cookie=cookie).text
        assert carries_no_control(page)
        assert "evil" in page and "red" in page and "Vote" in page and f'id="{rating}"' in page
        assert "Japan cell evil" in page  # the cell's name, cleaned, not dropped

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        text=st.text(
            alphabet=st.one_of(
                st.sampled_from(FORBIDDEN + ("\x00", "\x1f", "\x7f", "\x80", "\x9f", "\u202a", "\u202d")),
                st.characters(codec="utf-8", exclude_categories=["Cs"]),
            ),
            min_size=1,
            max_size=40,
        ).filter(lambda text: text.strip() != "")
    )
    def test_no_control_in_a_prompt_or_an_answer_reaches_the_page(
        self, session: Session, served: Served, text: str
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        outcome = session.execute(
            OpenPrompt(expected_seq=session.state.last_seq, kind="question", text=text, cells=("japan",))
        )
        page = served.request("GET", "/", cookie=cookie).text
        assert carries_no_control(page), (type(outcome).__name__, ascii(text))
        assert not any(char in page for char in "\x00\x1f\x7f\x80\x9f\u202a\u202d")

    def test_the_cards_and_the_sheets_are_cleaned_too(self, hostile_session: Session) -> None:
        issued = issue_seats(hostile_session, {"japan": 1}, valid_for=timedelta(hours=1))
        cards = seat_cards(issued, title=hostile_session.state.scenario_title, base_url="http://127.0.0.1:8090")
        sheets = answer_sheets(hostile_session)
        assert carries_no_control(cards) and carries_no_control(sheets)
        assert "Japan cell evil" in cards and "evil" in sheets


class TestTheMarking:
    @staticmethod
    def marked_top_and_bottom(html: str) -> bool:
        body = html[html.index("<body") :]
        lines = [line for line in body.splitlines() if line.strip() and not line.startswith("<script")]
        top = "\n".join(lines[:4])
        bottom = "\n".join(lines[-4:])
        return MARKING in top and MARKING in bottom

    def test_every_page_a_person_sees_carries_it_at_top_and_bottom(self, session: Session, served: Served) -> None:
        card = seat(session, "japan")
        assert self.marked_top_and_bottom(served.request("GET", "/").text)  # the join form
        joined = served.scan(card.code)
        assert self.marked_top_and_bottom(joined.text)
        cookie = joined.cookie
        assert cookie is not None
        assert self.marked_top_and_bottom(served.request("GET", "/", cookie=cookie).text)
        refused = served.request("GET", "/", headers={"Host": f"rebind.example:{served.port}"})
        assert refused.status == 403 and self.marked_top_and_bottom(refused.text)

    def test_the_seat_cards_and_the_answer_sheets_carry_it_on_screen_and_on_every_printed_page(
        self, session: Session
    ) -> None:
        issued = issue_seats(session, {"japan": 2}, valid_for=timedelta(hours=1))
        from tabletop.participants import classification_marking

        cards = seat_cards(
            issued,
            title=session.state.scenario_title,
            base_url="http://127.0.0.1:8090",
            marking=classification_marking(session),
        )
        sheets = answer_sheets(session)
        for document in (cards, sheets):
            assert self.marked_top_and_bottom(document)
            assert "@top-center" in document and "@bottom-center" in document  # every printed page
        # One sheet a cell, each a printed page of its own, each marked at both ends.
        assert sheets.count(f'<p class="marking screen" role="note">{MARKING}</p>') == 2 * sheets.count(
            '<section class="sheet">'
        )

    def test_a_scenario_without_a_marking_prints_none(self, corpus: Corpus, tmp_path: Path, clock: Clock) -> None:
        data: dict[str, Any] = yaml.safe_load(ISLANDS.read_text(encoding="utf-8"))
        copy_parts(data, tmp_path)
        del data["exercise"]["classification"]
        path = tmp_path / "unmarked.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        session = Session.start(load_scenario(path, corpus), corpus, session_dir=tmp_path / "s", clock=clock)
        try:
            with serving(session, clock) as served:
                assert 'class="marking' not in served.request("GET", "/").text
            assert "@top-center" not in answer_sheets(session)
        finally:
            session.close()


def test_a_revealed_question_nobody_answered_says_so(session: Session, served: Served) -> None:
    cookie = served.join(seat(session, "japan").code)
    asked: tuple[tuple[PromptKind, tuple[str, ...]], ...] = (("question", ()), ("poll", ("yes", "no")))
    for kind, options in asked:
        prompt = open_prompt(session, kind, text="Anyone?", options=options)
        session.execute(ClosePrompt(expected_seq=session.state.last_seq, prompt=prompt))
        session.execute(RevealPrompt(expected_seq=session.state.last_seq, prompt=prompt))
        page = served.request("GET", "/", cookie=cookie).text
        shown = page[page.index(f'id="{prompt}"') :]
        shown = shown[: shown.index("</article>")]
        assert "What the cells answered" in shown and "No cell answered" in shown
        assert "<table" not in shown


class TestTroubleBeneathThePage:
    def test_a_session_file_found_damaged_is_said_in_the_pages_words_and_the_answer_kept(
        self, session: Session, served: Served
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Who owns the incident?")
        csrf = served.csrf(cookie)
        with sqlite3.connect(session.path) as db:  # another program edits an old event
            db.execute(
                "UPDATE events SET payload = replace(payload, 'Who owns', 'Who edited') WHERE type = 'prompt_opened'"
            )
        time.sleep(0.6)  # the page reads the file again at most twice a second
        reply = served.answer(cookie, prompt, csrf=csrf, text="My long careful answer")
        shown = html.unescape(reply.text)
        assert reply.status == 500
        assert "Server got itself in trouble" not in shown and "Traceback" not in shown
        assert "The session's file is damaged" in shown and "Tell the facilitator" in shown
        assert "My long careful answer</textarea>" in shown
        again = served.request("GET", "/", cookie=cookie)
        assert again.status < 500 or "The session's" in html.unescape(again.text)
        assert "Server got itself in trouble" not in again.text

    def test_damage_found_in_the_answers_own_turn_is_said_as_damage_not_as_a_try_again(
        self, session: Session, served: Served, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Who owns the incident?")
        csrf = served.csrf(cookie)
        # The page's look at the journal before the answer finds nothing: the answer's own turn
        # at the journal is where the damage is found.
        monkeypatch.setattr(session, "refresh", lambda: ())
        with sqlite3.connect(session.path) as db:
            db.execute(
                "UPDATE events SET payload = replace(payload, 'Who owns', 'Who edited') WHERE type = 'prompt_opened'"
            )
        reply = served.answer(cookie, prompt, csrf=csrf, text="An answer the room needs")
        shown = html.unescape(reply.text)
        assert reply.status == 500
        assert "The session's file is damaged" in shown and "send it again in a moment" not in shown
        assert "An answer the room needs</textarea>" in shown
        assert session.damage is not None

    def test_any_other_error_of_the_core_is_said_in_the_pages_words_and_the_answer_kept(
        self, session: Session, served: Served, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        cookie = served.join(seat(session, "japan").code)
        prompt = open_prompt(session, text="Who owns the incident?")
        csrf = served.csrf(cookie)

        def broken(*args: object, **kwargs: object) -> NoReturn:
            raise RuntimeError("a secret detail of the core")

        monkeypatch.setattr(session, "execute", broken)
        reply = served.answer(cookie, prompt, csrf=csrf, text="Kept, please")
        shown = html.unescape(reply.text)
        assert reply.status == 500 and "Server got itself in trouble" not in shown
        assert "a secret detail" not in shown and "Traceback" not in shown
        assert "Something went wrong on this page's side" in shown and "Kept, please</textarea>" in shown
        monkeypatch.setattr(session, "refresh", broken)
        time.sleep(0.6)
        page = served.request("GET", "/", cookie=cookie)
        assert page.status == 500 and "Something went wrong" in page.text and "a secret detail" not in page.text
