"""The console's screenshots in the documentation, made from the real app.

Each picture is the console as `tabletop run` shows it (the app comes from the same factory,
`tabletop.tui.make_app`), driven by its keys on the bundled Southwestern Islands scenario,
and saved by Textual as SVG. The wall clock and session ids are frozen, so the same code
gives the same pictures, byte for byte:

- console-start.svg      the start screen: bundled scenarios, a session to resume
- console-main.svg       the main screen at the second inject, a note recorded
- console-waiting.svg    `n` into a gated phase: the inject shown, its move waiting for the room
- console-move.svg       then `g`: the move dialog and its gate
- console-projector.svg  `v`: the projector view
- console-hotwash.svg    `w`: the hot wash and the improvement plan

    python scripts/console_screenshots.py           # write them to docs/images/
    python scripts/console_screenshots.py --check   # exit 1, naming each picture that differs

tests/test_screenshots.py runs the check, so a change in a screen fails the tests until the
pictures are made again (and looked at).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, UTC
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from tabletop.session import Session

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
SIZE = (120, 40)
FROZEN = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)


def frozen() -> datetime:
    return FROZEN


@contextmanager
def _frozen_world() -> Iterator[Path]:
    """A scratch folder to work in, with session ids fixed (they end in a random suffix)."""
    token_hex = secrets.token_hex
    secrets.token_hex = lambda nbytes=None: "5eed00"
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        try:
            yield Path("sessions")
        finally:
            os.chdir(here)
            secrets.token_hex = token_hex


Prepared = tuple["Session | None", tuple[str, ...]]
"""A session made ready for a picture (None: the start screen), and the keys to press first."""


def _session(folder: Path) -> Session:
    from tabletop.rules import load_rules
    from tabletop.scenario import bundled_scenarios_dir, load_scenario
    from tabletop.session import Session

    corpus = load_rules()
    scenario = load_scenario(bundled_scenarios_dir() / "southwest_islands.yaml", corpus)
    return Session.start(scenario, corpus, session_dir=folder, clock=frozen)


def _at_the_landing(folder: Path) -> Session:
    """The seminar at the landing: the next inject moves the exercise through a gate."""
    session = _session(folder)
    session.deliver_next()
    session.deliver_next()
    session.take_option(0)
    return session


def _start(folder: Path) -> Prepared:
    earlier = _session(folder)
    earlier.deliver_next()
    earlier.close()
    return None, ()


def _main(folder: Path) -> Prepared:
    session = _session(folder)
    session.deliver_next()
    session.deliver_next()
    session.note("Coast Guard asks for guidance on the fleet's escorts")
    return session, ()


def _waiting(folder: Path) -> Prepared:
    return _at_the_landing(folder), ("n",)


def _move(folder: Path) -> Prepared:
    return _at_the_landing(folder), ("n", "g")


def _projector(folder: Path) -> Prepared:
    return _at_the_landing(folder), ("v",)


def _hot_wash(folder: Path) -> Prepared:
    session = _at_the_landing(folder)
    session.hot_wash(
        "strength",
        "The hand-off from the Coast Guard to the Self-Defense Forces was clear",
        objective="grey_zone_handoff",
    )
    session.hot_wash("improvement", "Public messaging lagged behind events")
    session.add_improvement_item(
        issue="Public messaging lagged behind events",
        corrective_action="Agree pre-approved messages",
        capability_element="Planning",
        responsible_organisation="Cabinet Public Relations Office",
        point_of_contact="Press secretary",
        start_date="2030-05-01",
        completion_date="2030-07-31",
    )
    session.add_improvement_item(
        issue="Nobody owned the residents' evacuation picture",
        corrective_action="Name an owner in the prefecture's plan",
    )
    return session, ("w",)


SHOTS: dict[str, tuple[str, Callable[[Path], Prepared]]] = {
    "console-start.svg": ("tabletop run", _start),
    "console-main.svg": ("tabletop run southwest_islands", _main),
    "console-waiting.svg": ("tabletop run southwest_islands: n", _waiting),
    "console-move.svg": ("tabletop run southwest_islands: n, g", _move),
    "console-projector.svg": ("tabletop run southwest_islands: v", _projector),
    "console-hotwash.svg": ("tabletop run southwest_islands: w", _hot_wash),
}


async def _shoot(title: str, prepare: Callable[[Path], Prepared], folder: Path) -> str:
    from tabletop.tui import make_app

    session, keys = prepare(folder)
    app = (
        make_app(session, session_dir=folder, clock=frozen)
        if session is not None
        else make_app(session_dir=folder, clock=frozen)
    )
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _settle(pilot)
            for key in keys:
                await pilot.press(key)
                await _settle(pilot)
            return app.export_screenshot(title=title)
    finally:
        if session is not None:
            session.close()


async def _settle(pilot: Pilot[None]) -> None:
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        await app.workers.wait_for_complete()
        # A new inject's suggested clauses are ranked once it is on screen: the picture shows them.
        snapshot = getattr(app, "snapshot", None)
        if snapshot is None or snapshot.suggestions_ranked or getattr(app, "mode", "run") != "run":
            break
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def screenshots() -> dict[str, str]:
    """Every picture, by file name, made afresh."""
    made = {}
    for name, (title, prepare) in SHOTS.items():
        with _frozen_world() as folder:
            made[name] = asyncio.run(_shoot(title, prepare, folder))
    return made


def stale(folder: Path = IMAGES) -> list[str]:
    """The pictures in `folder` that differ from what the console shows now (or are missing)."""
    return [
        name
        for name, svg in screenshots().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != svg
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=IMAGES, help="Where the pictures go (docs/images).")
    parser.add_argument("--check", action="store_true", help="Only say which pictures differ (exit 1).")
    arguments = parser.parse_args(argv)
    if arguments.check:
        names = stale(arguments.folder)
        for name in names:
            print(
                f"{arguments.folder / name}: differs from the console; run python scripts/console_screenshots.py",
                file=sys.stderr,
            )
        return 1 if names else 0
    from tabletop.atomicfile import atomic_write

    arguments.folder.mkdir(parents=True, exist_ok=True)
    for name, svg in screenshots().items():
        with atomic_write(arguments.folder / name) as stream:
            stream.write(svg)
        print(f"wrote {arguments.folder / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
