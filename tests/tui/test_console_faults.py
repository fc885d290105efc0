"""Bad input and faults: text shown as typed, a session recorded elsewhere, a damaged file,
the participants' view, and a second program's inject reaching `follow` within a second."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import html
import re
import sys
import textwrap
import time
from pathlib import Path

import pytest
from textual.message import Message
from textual.notifications import Notify

from tabletop.scenario import load_scenario
from tabletop.errors import SessionFileError
from tabletop.session import Session, SessionRecord
from tabletop.tui import make_app, open_for_console, ConsoleApp
from tabletop.tui.screens.hotwash import HotWashScreen
from tabletop.tui.widgets import InjectDetail
from collections.abc import Callable
from tabletop.rules import Corpus
from tests.tui.conftest import NewSession, Settle
from tests.conftest import RunCli
from datetime import datetime

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "[@click=app.quit]Quit[/] [b]bold[/b] [link=app.quit]x[/link] [$accent]y"


def shown_text(app: ConsoleApp) -> str:
    svg = app.export_screenshot()
    return "\n".join(html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)).replace("\xa0", " ")


def flat(text: str) -> str:
    """Whitespace folded, and the edges of notifications (▌ ▐ ▊ ▎) taken out."""
    return re.sub(r"\s+", " ", re.sub(r"[▌▐▊▎]", "", text))


@pytest.fixture
def hostile_scenario(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        textwrap.dedent(f"""\
        title: "{HOSTILE}"
        injects:
          - id: first
            title: "Title {HOSTILE}"
            narrative: "Narrative {HOSTILE} \\e[2J\\e]0;pwned\\a end"
            questions: ["Question {HOSTILE}"]
            facilitator_notes: "Notes \\e[31m{HOSTILE}"
          - id: second
            title: Pending inject no participant may see
            narrative: Later.
        """),
        encoding="utf-8",
    )
    return path


def test_markup_and_escape_sequences_in_a_scenario_are_shown_as_typed(
    hostile_scenario: Path, corpus: Corpus, tmp_path: Path, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = Session.start(load_scenario(hostile_scenario, corpus), corpus, session_dir=tmp_path, clock=clock)
    session.deliver_next()
    session.note(f"Note {HOSTILE}")
    app = make_app(session, clock=clock)

    async def look() -> str:
        async with app.run_test(size=(200, 60)) as pilot:
            await settle(pilot)
            text = flat(shown_text(app))
            # Clicking the would-be link does nothing: the app is still running, on the same screen.
            await pilot.click("#detail", offset=(9, 0))  # on the heading, past the padding
            await settle(pilot)
            assert app.is_running and app.screen.query_one(InjectDetail).shown("inject-heading")
            return text

    text = asyncio.run(look())
    session.close()
    for part in ("Title ", "Narrative ", "Question ", "Notes ", "Note "):
        assert flat(part + HOSTILE) in text, part
    assert "\x1b" not in text and "pwned\x07" not in text and "end" in text


def test_follow_shows_the_room_nothing_for_the_facilitator_only(
    hostile_scenario: Path, corpus: Corpus, tmp_path: Path, clock: Callable[[], datetime], settle: Settle
) -> None:
    writer = Session.start(load_scenario(hostile_scenario, corpus), corpus, session_dir=tmp_path, clock=clock)
    writer.deliver_next()
    follower, banner = open_for_console(writer.path, "follow")
    app = make_app(follower, mode="follow", clock=clock, live=False)

    async def look() -> str:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("n", "b", "w", "e")  # facilitator keys do nothing here
            await settle(pilot)
            return flat(shown_text(app))

    text = asyncio.run(look())
    assert banner is None and "Following live: read-only" in text
    assert flat("Narrative " + HOSTILE) in text and flat("Question " + HOSTILE) in text
    assert "Notes" not in text and "Pending inject" not in text and "Note " not in text
    assert [e.type for e in writer.events()] == ["session_started", "inject_delivered"]
    writer.close()


def test_a_session_recorded_elsewhere_opens_read_only_with_a_banner_and_records_nothing(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    writer = new_session()  # holds the session's lock, as another console would
    writer.deliver_next()
    session, banner = open_for_console(writer.path)
    assert session.readonly and banner
    app = make_app(session, banner=banner, clock=clock, live=False)
    told: list[str] = []

    def hear(message: Message) -> None:
        if isinstance(message, Notify):
            told.append(message.notification.message)

    async def try_to_record() -> str:
        async with app.run_test(size=(120, 40), message_hook=hear) as pilot:
            await settle(pilot)
            await pilot.press("n", "space")
            await settle(pilot)
            return flat(shown_text(app))

    text = asyncio.run(try_to_record())
    assert "another console is recording this session" in text
    assert told == ["This screen is read-only: nothing can be recorded here."] * 2
    assert [e.type for e in writer.events()] == ["session_started", "inject_delivered"]


def test_a_read_only_console_records_once_the_other_program_lets_go(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    writer = new_session()
    writer.deliver_next()
    session, banner = open_for_console(writer.path)
    app = make_app(session, banner=banner, clock=clock)

    async def take_over() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert app.session is not None and app.session.readonly
            writer.close()
            for _ in range(100):  # a retry every two seconds at most
                await asyncio.sleep(0.05)
                if not app.session.readonly:
                    break
            await settle(pilot)
            assert not app.session.readonly and app.banner is None
            await pilot.press("n")
            await settle(pilot)

    asyncio.run(take_over())
    events = [e.payload.type for e in SessionRecord.load(writer.path).events]
    assert events == ["session_started", "inject_delivered", "inject_delivered"]


def test_a_damaged_session_is_one_line_exit_1_and_untouched(new_session: NewSession, run_cli: RunCli) -> None:
    session = new_session()
    session.deliver_next()
    session.close()
    path = session.path
    assert isinstance(path, Path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 512] = b"\x00" * 512
    path.write_bytes(bytes(data))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for command in ("resume", "follow"):
        status, out, err = run_cli(command, str(path))
        assert status == 1 and out == ""
        assert len(err.strip().splitlines()) == 1 and "damaged" in err and "Traceback" not in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_opening_a_session_for_the_console_leaves_the_collector_as_it_found_it(new_session: NewSession) -> None:
    """The open pauses the garbage collector and puts what it read out of its reach (it lives as
    long as the console); the collector runs again afterwards, even when the file is damaged, and a
    caller that paused it finds it still paused."""
    session = new_session()
    session.deliver_next()
    session.close()
    path = session.path
    assert isinstance(path, Path)
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    opened, _ = open_for_console(path)
    try:
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen
        assert not any(o is opened for o in gc.get_objects())  # frozen: no collection walks it
    finally:
        opened.close()
    gc.disable()
    try:
        open_for_console(path, "follow")[0].close()
        assert not gc.isenabled()
    finally:
        gc.enable()
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 512] = b"\x00" * 512
    path.write_bytes(bytes(data))
    with pytest.raises(SessionFileError):
        open_for_console(path)
    assert gc.isenabled()


def test_run_names_a_missing_scenario_and_the_bundled_ones(run_cli: RunCli, tmp_path: Path) -> None:
    status, _, err = run_cli("run", str(tmp_path / "nowhere.yaml"))
    assert status == 2 and "no such scenario file" in err and "tabletop scenarios" in err


def test_follow_shows_a_second_programs_new_inject_within_a_second(
    new_session: NewSession, clock: Callable[[], datetime]
) -> None:
    writer = new_session()
    writer.deliver_next()
    path = writer.path
    writer.close()
    follower, _ = open_for_console(path, "follow")
    app = make_app(follower, mode="follow", clock=clock)
    second = textwrap.dedent(f"""\
        import sys
        from tabletop.session import Session, SessionRecord
        with Session.open({str(path)!r}) as session:
            sys.stdin.readline()
            session.deliver_next()
            print("committed", flush=True)
        """)

    async def watch() -> float:
        async with app.run_test(size=(100, 30)):
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-c", second, cwd=ROOT, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
            )
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(b"go\n")
            await process.stdin.drain()
            assert (await process.stdout.readline()).strip() == b"committed"
            committed = time.monotonic()
            detail = app.screen.query_one(InjectDetail)
            while "The fleet shelters" not in str(detail.shown("inject-heading")) and time.monotonic() - committed < 5:
                await asyncio.sleep(0.02)
            seen = time.monotonic() - committed
            await process.wait()
            return seen

    assert asyncio.run(watch()) < 1.0


def test_the_palette_offers_every_action(
    new_session: NewSession, clock: Callable[[], datetime], settle: Settle
) -> None:
    session = new_session()
    session.deliver_next()
    app = make_app(session, clock=clock)

    async def palette() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*"hot wash")
            await asyncio.sleep(0.3)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, HotWashScreen)

    asyncio.run(palette())


def test_follow_stops_once_when_the_file_is_changed_behind_its_back(
    new_session: NewSession, clock: Callable[[], datetime]
) -> None:
    """A following screen checks the file again each time it catches up: an event edited with
    another tool makes it stop, say why once, and keep showing the session as last read intact."""
    import sqlite3

    writer = new_session()
    writer.deliver_next()
    writer.note("the room's own words")
    follower, _ = open_for_console(writer.path, "follow")
    app = make_app(follower, mode="follow", clock=clock)
    told: list[str] = []

    def hear(message: Message) -> None:
        if isinstance(message, Notify):
            told.append(message.notification.title)

    async def watch() -> str:
        async with app.run_test(size=(120, 40), message_hook=hear):
            db = sqlite3.connect(writer.path)
            db.execute("UPDATE events SET payload = replace(payload, 'own words', 'forged words') WHERE seq = 3")
            db.commit()
            db.close()
            for _ in range(60):  # four catch-ups a second
                await asyncio.sleep(0.05)
                if told:
                    break
            await asyncio.sleep(0.6)  # long enough for two more catch-ups, were it still polling
            return flat(shown_text(app))

    text = asyncio.run(watch())
    assert told == ["Stopped following"]
    assert "Stopped following:" in text and "damaged" in text
    assert "A fishing fleet" in text  # the session as last read intact is still shown
