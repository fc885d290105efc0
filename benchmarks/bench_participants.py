"""The participants' page under a room's load: sixty seats answering one poll within ten seconds.

    python -m benchmarks.bench_participants [--seats 60] [--within 10]

Runs `tabletop participants` as its own process over a session of the bundled Southwestern
Islands sample at its first inject, with `--seats` seats issued across three cells and one poll
open; then `--seats` participants, arriving at random moments spread over `--within` seconds,
each join with their seat's code (`/join`), load their page, and vote (`/answer`), as a phone
does. Every request's response time is measured as the participant waits for it; afterwards
the session is read back: every vote must be in the journal, once. The reference, measured in
the same run on the same machine, is a bare aiohttp server answering a form post with a line.
Target: p95 at most 200 ms, and nothing lost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parents[1]
P95_MS = 200.0
CELLS = ("japan", "us", "jcg")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepared_session(folder: Path, seats: int) -> tuple[Path, list[str]]:
    """A session at its first inject with `seats` seats across three cells and one poll open;
    the session file and the seats' codes."""
    from tabletop.participants import issue_seats
    from tabletop.session import DeliverNext, OpenPrompt, start_session

    session = start_session(ROOT / "scenarios" / "southwest_islands.yaml", session_dir=folder)
    try:
        session.execute(DeliverNext(expected_seq=session.state.last_seq))
        counts = {cell: seats // len(CELLS) + (1 if n < seats % len(CELLS) else 0) for n, cell in enumerate(CELLS)}
        issued = issue_seats(session, counts, valid_for=timedelta(hours=2))
        session.execute(
            OpenPrompt(
                expected_seq=session.state.last_seq,
                kind="poll",
                text="Escort the cutters now?",
                options=("Yes", "No, not yet", "Only with the Coast Guard's consent"),
            )
        )
        assert isinstance(session.path, Path)
        return session.path, [seat.code for seat in issued]
    finally:
        session.close()


@contextlib.contextmanager
def running(argv: list[str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode() if process.stderr else "the server stopped")
            time.sleep(0.05)
        yield process
    finally:
        process.terminate()
        process.wait(10)


_BARE_SERVER = """
import sys
from aiohttp import web
async def answer(request):
    await request.post()
    return web.Response(status=303, headers={"Location": "/"})
async def page(request):
    return web.Response(text="<!DOCTYPE html><p>ok</p>", content_type="text/html")
app = web.Application()
app.add_routes([web.post("/answer", answer), web.get("/", page), web.get("/join", page)])
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""


async def participant(base: str, code: str, delay: float, timings: list[float], failures: list[str]) -> None:
    import aiohttp

    await asyncio.sleep(delay)
    async with aiohttp.ClientSession() as client:
        started = time.perf_counter()
        # A scanned card: the browser says the person opened the address.
        scanned = {"Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"}
        async with client.get(f"{base}/join", params={"code": code}, headers=scanned, allow_redirects=False) as reply:
            await reply.read()
            cookie = reply.headers.get("Set-Cookie", "").split(";", 1)[0]
        timings.append(time.perf_counter() - started)
        headers = {"Cookie": cookie} if cookie else {}
        started = time.perf_counter()
        async with client.get(f"{base}/", headers=headers) as reply:
            text = await reply.text()
        timings.append(time.perf_counter() - started)
        found = re.search(r'name="csrf" value="([0-9a-f]+)"', text)
        form = {"csrf": found.group(1) if found else "", "prompt": "p1", "choice": str(random.randrange(3))}
        started = time.perf_counter()
        async with client.post(f"{base}/answer", data=form, headers=headers, allow_redirects=False) as reply:
            await reply.read()
            if reply.status != 303:
                failures.append(f"{code[:4]}…: {reply.status}")
        timings.append(time.perf_counter() - started)


async def room(base: str, codes: list[str], within: float, seed: int) -> tuple[list[float], list[str], float]:
    chance = random.Random(seed)
    timings: list[float] = []
    failures: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(participant(base, code, chance.uniform(0, within), timings, failures) for code in codes))
    return timings, failures, time.perf_counter() - started


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Measured(TypedDict):
    """What `measure` found: seconds, counts and what failed."""

    p50: float
    p95: float
    bare_p95: float
    wall: float
    recorded: int
    seats: int
    failures: list[str]


def measure(seats: int = 60, within: float = 10.0, seed: int = 7, folder: Path | None = None) -> Measured:
    """Sixty participants (`seats`) voting within `within` seconds: the page's p50 and p95, the
    bare server's p95, the wall time, the votes recorded and the failures."""
    from tabletop.session import SessionRecord

    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        path, codes = prepared_session(Path(scratch), seats)
        env_port = free_port()
        page = [sys.executable, "-m", "tabletop", "participants", str(path), "--port", str(env_port)]
        with running(page, env_port):
            timings, failures, wall = asyncio.run(room(f"http://127.0.0.1:{env_port}", codes, within, seed))
        bare_port = free_port()
        with running([sys.executable, "-c", _BARE_SERVER, str(bare_port)], bare_port):
            bare, _, _ = asyncio.run(room(f"http://127.0.0.1:{bare_port}", codes, within, seed))
        state = SessionRecord.load(path).state()
        (poll,) = state.prompts
        recorded = len({answer.seat for answer in poll.answers})
    return {
        "p50": percentile(timings, 0.5),
        "p95": percentile(timings, 0.95),
        "bare_p95": percentile(bare, 0.95),
        "wall": wall,
        "recorded": recorded,
        "seats": seats,
        "failures": failures,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_participants", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--seats", type=int, default=60)
    parser.add_argument("--within", type=float, default=10.0)
    args = parser.parse_args(argv)
    found = measure(args.seats, args.within)
    print(
        f"{found['seats']} seats within {args.within:g} s: p50 {found['p50'] * 1000:.1f} ms, "
        f"p95 {found['p95'] * 1000:.1f} ms (bare aiohttp p95 {found['bare_p95'] * 1000:.1f} ms), "
        f"{found['recorded']} of {found['seats']} votes recorded, wall {found['wall']:.1f} s"
    )
    met = found["p95"] * 1000 <= P95_MS and found["recorded"] == found["seats"] and not found["failures"]
    return 0 if met else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    sys.exit(main())
