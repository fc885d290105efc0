"""`tabletop serve`: the browser console listens on loopback unless told otherwise, says where,
serves the session it starts once however many pages open, and only to the browser the address
it prints let in (a real WebSocket client here; the ticket and the key in
test_console_serve_ticket.py; a real browser in test_console_serve_browser.py)."""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
from tests.tui.serve_support import (
    note_from_a_seats_page,
    ROOT,
    free_port,
    handshake_status,
    open_console,
    read_until,
    run,
    serving,
    recorded,
    type_keys,
    wait_for,
)
from tests.conftest import RunCli
from tests.tui.serve_support import Served
from tests.tui.conftest import NewSession

TITLE = "Southwestern Islands"


def listening_addresses(port: int) -> set[str]:
    """The local addresses a TCP socket listens on at `port` (Linux /proc)."""
    return _sockets(port, "0A")


def _sockets(port: int, state: str) -> set[str]:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            local, status = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if status == state and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_serve_prints_an_address_with_a_ticket_and_the_key_apart_and_listens_on_loopback_only(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:
        assert served.url.startswith(f"http://127.0.0.1:{served.port}/?ticket=")
        assert len(served.ticket) >= 40
        assert re.fullmatch(r"([2-9A-HJKMNP-Z]{4}-){6}[2-9A-HJKMNP-Z]{4}", served.key)
        assert served.key.replace("-", "") not in served.url
        assert listening_addresses(served.port) == {"0100007F"}  # 127.0.0.1, nothing else
        with socket.create_connection(("127.0.0.1", served.port), timeout=5) as connection:
            connection.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            assert b"403 Forbidden" in connection.recv(200)


def test_each_serve_has_its_own_ticket_and_key(tmp_path: Path) -> None:
    with (
        serving(tmp_path / "a", "run", "southwest_islands") as one,
        serving(tmp_path / "b", "run", "southwest_islands") as other,
    ):
        assert one.key != other.key and one.ticket != other.ticket


def test_the_assets_need_the_cookie_the_ticket_becomes_a_strict_cookie_and_the_page_needs_it(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        base = f"http://127.0.0.1:{served.port}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as client:
            for path in ("/static/js/textual.js", "/static/fonts/RobotoMono-VariableFont_wght.ttf", "/download/x"):
                async with client.get(base + path, allow_redirects=False) as response:
                    assert response.status == 403, path
                    assert "tabletop serve printed" in await response.text()
            for path in ("/", f"/?key={served.key}"):
                async with client.get(base + path, allow_redirects=False) as response:
                    page = await response.text()
                    assert 'name="key"' in page and "ws://" not in page, path
            async with client.get(served.url, allow_redirects=False) as response:
                assert response.status == 200
                cookie = response.headers["Set-Cookie"]
                assert cookie.startswith(f"tabletop-console-{served.port}=")
                assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
                assert served.key.replace("-", "") not in cookie
                # The page moves on to the bare address: the ticket leaves the address bar.
                assert '<meta http-equiv="refresh" content="0; url=/">' in await response.text()
            headers = {"Cookie": cookie.split(";")[0]}
            async with client.get(base + "/", headers=headers) as response:
                assert response.status == 200
                assert "default-src 'self'" in response.headers["Content-Security-Policy"]
                assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
                page = await response.text()
                assert f"ws://127.0.0.1:{served.port}/ws" in page
                assert "googleapis" not in page and "https://" not in page
            async with client.get(base + "/static/js/textual.js", headers=headers) as response:
                assert response.status == 200
            # The cookie goes with a page's requests from any port of this host: not honoured there.
            elsewhere = {**headers, "Sec-Fetch-Site": "same-site"}
            async with client.get(base + "/static/js/textual.js", headers=elsewhere) as response:
                assert response.status == 403
            async with client.get(base + "/", headers=elsewhere) as response:
                assert "ws://" not in await response.text()

    with serving(tmp_path, "run", "southwest_islands") as served:
        run(check(served))


def test_a_websocket_without_the_key_from_another_origin_or_for_another_host_is_refused(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        other_port = f"http://127.0.0.1:{served.port + 1}"
        refused = {
            "no key": {"Cookie": ""},
            "a wrong cookie": {"Cookie": f"tabletop-console-{served.port}=guessed"},
            "the key as the cookie": {"Cookie": f"tabletop-console-{served.port}={served.key.replace('-', '')}"},
            "the ticket as the cookie": {"Cookie": f"tabletop-console-{served.port}={served.ticket}"},
            "another site": {"Origin": "http://evil.example"},
            "another port of this machine": {"Origin": other_port},
            "no origin": {"Origin": ""},
            "a request another page makes": {"Sec-Fetch-Site": "same-site"},
            "a rebound host name": {
                "Host": f"evil.example:{served.port}",
                "Origin": f"http://evil.example:{served.port}",
            },
        }
        for what, headers in refused.items():
            assert await handshake_status(served, **headers) == 403, what

    with serving(tmp_path, "run", "southwest_islands") as served:
        run(check(served))
        # None of them got a console: the session is started by the first page let in.
        assert served.sessions() == []


def test_the_key_holders_page_reaches_the_console_and_records(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        client, websocket = await open_console(served)
        async with client:
            await read_until(websocket, TITLE)
            await type_keys(websocket, "/")
            await asyncio.sleep(0.5)
            await type_keys(websocket, "heard in the browser\r")
            await read_until(websocket, "Note recorded")
            await websocket.close()

    with serving(tmp_path, "run", "southwest_islands", "--facilitator", "J. Tanaka") as served:
        assert served.sessions() == []  # not before the first page: the clock starts with the room
        run(check(served))
        (session,) = served.sessions()
        assert recorded(session) == (["heard in the browser"], "J. Tanaka")


def test_consoles_beyond_the_cap_are_refused_until_a_page_closes(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        opened = [await open_console(served) for _ in range(2)]
        for _, websocket in opened:
            await read_until(websocket, TITLE)
        assert await handshake_status(served) == 503
        page = f"http://127.0.0.1:{served.port}/"
        async with aiohttp.ClientSession() as client, client.get(page, headers={"Cookie": served.cookie}) as response:
            assert response.status == 503
            assert "2 consoles are open, the most this server allows" in await response.text()
        client, websocket = opened.pop()
        await websocket.close()
        await client.close()
        third, websocket = await open_console(served)
        async with third:
            await read_until(websocket, TITLE)
        for client, websocket in opened:
            await websocket.close()
            await client.close()

    with serving(tmp_path, "run", "southwest_islands", "--max-consoles", "2") as served:
        run(check(served))


def test_a_flood_of_websockets_starts_no_more_consoles_than_the_cap(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        statuses = await asyncio.gather(*(handshake_status(served) for _ in range(20)))
        assert statuses.count(503) >= 20 - 3
        assert set(statuses) <= {101, 503}

    with serving(tmp_path, "run", "southwest_islands", "--max-consoles", "3") as served:
        run(check(served))


def test_a_reloaded_page_records_again_instead_of_opening_read_only(tmp_path: Path) -> None:
    async def check(served: Served) -> None:
        client, websocket = await open_console(served)
        async with client:
            await read_until(websocket, TITLE)
            await websocket.close()
        client, websocket = await open_console(served)  # the reload, at once
        async with client:
            screen = await read_until(websocket, TITLE)
            await type_keys(websocket, "/")
            await asyncio.sleep(0.5)
            await type_keys(websocket, "after the reload\r")
            screen += await read_until(websocket, "Note recorded")
            assert "Read-only" not in screen
            await websocket.close()

    with serving(tmp_path, "run", "southwest_islands") as served:
        run(check(served))
        (session,) = served.sessions()
        assert recorded(session)[0] == ["after the reload"]


def test_serve_refuses_an_empty_or_wildcard_host_unless_told(run_cli: RunCli) -> None:
    status, _, err = run_cli("serve", "run", "southwest_islands", "--host", "")
    assert status == 2 and "--host is empty" in err
    for host in ("0.0.0.0", "::"):
        status, _, err = run_cli("serve", "run", "southwest_islands", "--host", host)
        assert status == 2 and "--allow-remote" in err and "every network interface" in err


def test_serve_says_in_one_line_that_a_non_ascii_host_is_no_address(run_cli: RunCli) -> None:
    status, _, err = run_cli("serve", "run", "southwest_islands", "--host", "サーバー")
    assert status == 2
    assert err.count("\n") == 1 and "not an IP address nor a host name" in err
    assert "Traceback" not in err


def test_serve_on_every_interface_when_told_prints_a_usable_address(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands", "--host", "0.0.0.0", "--allow-remote") as served:
        assert not served.url.startswith("http://:")
        assert served.url.split("/")[2].rsplit(":", 1)[0] == socket.gethostname().lower()
        assert listening_addresses(served.port) == {"00000000"}


def test_serve_restarts_on_the_same_port_while_its_last_connections_wait(tmp_path: Path) -> None:
    port = free_port()
    with serving(tmp_path, "run", "southwest_islands", port=port):
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
                connection.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                while connection.recv(4096):
                    pass
    assert _sockets(port, "06"), "the test needs connections in TIME_WAIT"
    with serving(tmp_path, "run", "southwest_islands", port=port) as served:
        assert served.port == port


def test_serve_follow_needs_a_session(run_cli: RunCli) -> None:
    status, _, err = run_cli("serve", "follow")
    assert status == 2 and "serve follow takes one SESSION" in err


def test_facilitator_is_only_for_a_session_serve_starts(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    status, out, _ = run_cli("dry-run", "southwest_islands", "--session-dir", str(folder))
    assert status == 0
    status, _, err = run_cli("serve", "follow", out.strip(), "--facilitator", "X")
    assert status == 2 and "--facilitator names who runs a new session" in err


def test_other_commands_do_not_load_textual() -> None:
    code = (
        "import sys\n"
        "from tabletop.cli import main\n"
        "try:\n"
        "    main(['phases'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_serve', 'rich')"
        " or m.startswith('tabletop.tui')), file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "[]"


def test_serve_stops_its_consoles_when_it_stops(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:

        async def check() -> list[int]:
            client, websocket = await open_console(served)
            async with client:
                await read_until(websocket, TITLE)
                consoles = _children_of(served.process.pid)
                assert consoles
                served.process.terminate()
                served.process.wait(timeout=20)
                return consoles

        consoles = run(check())
    wait_for(lambda: not any(Path(f"/proc/{pid}").exists() for pid in consoles), what="the consoles ending")


def _children_of(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.append(int(status.parent.name))
    return found


def test_serve_join_records_from_another_seat_and_the_seat_is_in_the_journal(tmp_path: Path) -> None:
    from tabletop.rules import load_rules
    from tabletop.scenario import bundled_scenarios_dir, load_scenario
    from tabletop.session import Seat, Session

    corpus = load_rules()
    scenario = load_scenario(bundled_scenarios_dir() / "southwest_islands.yaml", corpus)
    with Session.start(scenario, corpus, session_dir=tmp_path / "sessions", facilitator="J. Tanaka") as started:
        path = started.path

    with serving(tmp_path, "join", str(path), "--seat", "evaluator", "--name", "Aiko") as served:
        run(note_from_a_seats_page(served, "evaluator (Aiko)", "observed in the browser"))
    with Session.open(path, readonly=True) as opened:
        assert [(n.text, n.by) for n in opened.state.notes] == [
            ("observed in the browser", Seat(role="evaluator", name="Aiko"))
        ]


def test_serve_join_needs_a_seat_and_the_other_modes_take_none(run_cli: RunCli) -> None:
    code, _, err = run_cli("serve", "join", "SESSION-ID")
    assert code == 2 and "serve join SESSION takes --seat" in err
    code, _, err = run_cli("serve", "run", "southwest_islands", "--seat", "evaluator")
    assert code == 2 and "serve join SESSION takes --seat" in err


def test_serve_run_session_names_the_exercise_on_the_key_form_and_the_console_page(
    tmp_path: Path, new_session: NewSession
) -> None:
    """Not the session file's name: the title the room knows the exercise by."""
    session = new_session(folder=tmp_path / "sessions")
    session_id, file_name = session.id, Path(session.path).name
    session.close()
    exercise = "Southwestern Islands: from grey zone to armed attack"

    async def check(served: Served) -> None:
        base = f"http://127.0.0.1:{served.port}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as client:
            async with client.get(base + "/", allow_redirects=False) as response:
                form = await response.text()
            async with client.get(base + "/", headers={"Cookie": served.cookie}) as response:
                page = await response.text()
        for shown in (form, page):
            assert f"<title>{exercise}" in shown and file_name not in shown and "tabletop run" not in shown
        assert f'<p class="exercise">{exercise}</p>' in form
        assert f"Opening the console: {exercise}" in page

    with serving(tmp_path, "run", session_id) as served:
        run(check(served))
