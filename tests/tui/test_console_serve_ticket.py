"""`tabletop serve`: the printed address lets one browser in, once; the key printed under it,
typed into the page's form, lets in another browser; wrong keys from one address are limited;
a page elsewhere cannot send the form; the key is in no address and no header the server sends.
(A real browser's history in test_console_serve_browser.py.)"""

from __future__ import annotations

import http.client
import itertools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings, strategies as st

from tabletop.tui.served import WRONG_KEYS_PER_MINUTE
from tests.tui.serve_support import Served, open_console, read_until, run, serving

TITLE = "Southwestern Islands"
OWN_FORM = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
"""What a browser sends with the page's own form (under `Referrer-Policy: no-referrer`)."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[str, str]]
    text: str

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")

    @property
    def cookie(self) -> str:
        """The `Cookie` header a browser sends after this answer, or "" if it set none."""
        return self.header("Set-Cookie").split(";")[0]

    @property
    def key_form(self) -> bool:
        return '<form method="post" action="/">' in self.text and 'name="key"' in self.text

    @property
    def console(self) -> bool:
        return "ws://" in self.text


def ask(
    served: Served, method: str, target: str, *, headers: dict[str, str] | None = None, body: str = "", source: str = ""
) -> Answer:
    """One request to the server, as from the address `source` (127.0.0.1 unless told)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", served.port, timeout=10, source_address=(source, 0) if source else None
    )
    sent = dict(headers or {})
    if body:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, target, body=body.encode() or None, headers=sent)
        response = connection.getresponse()
        return Answer(response.status, response.getheaders(), response.read().decode())
    finally:
        connection.close()


def send_key(served: Served, typed: str, *, headers: dict[str, str] = OWN_FORM, source: str = "") -> Answer:
    """The key form sent with `typed` in it, as the page's own form (unless `headers` say otherwise)."""
    return ask(served, "POST", "/", headers=headers, body=urlencode({"key": typed}), source=source)


def children_of(pid: int) -> int:
    count = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"\nPPid:\t{pid}\n" in status.read_text():
                count += 1
        except OSError:
            continue
    return count


def holds_no_key(served: Served, answer: Answer) -> bool:
    """Neither the key nor any part of it in a header or the page."""
    said = answer.text + "".join(f"{name}: {value}\n" for name, value in answer.headers)
    return served.key not in said and all(group not in said for group in served.key.split("-"))


async def records_a_note(served: Served, cookie: str) -> None:
    client, websocket = await open_console(served, Cookie=cookie)
    async with client:
        await read_until(websocket, TITLE)
        await websocket.close()


def test_the_printed_address_lets_one_browser_in_once_and_then_opens_only_the_key_form(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:
        target = served.url.removeprefix(served.origin)
        first = ask(served, "GET", target)
        assert first.status == 200 and first.cookie.startswith(f"tabletop-console-{served.port}=")
        assert "HttpOnly" in first.header("Set-Cookie") and "SameSite=Strict" in first.header("Set-Cookie")
        assert holds_no_key(served, first)

        again = ask(served, "GET", target)  # the address read from the history, say
        wrong = ask(served, "GET", "/?ticket=" + served.ticket[:-2] + "xx")
        nothing = ask(served, "GET", "/")
        for answer in (again, wrong, nothing):
            assert answer.key_form and not answer.console and answer.cookie == ""
        assert again.status == wrong.status == 403
        assert "This address opens nothing now" in again.text and "lets one browser in, once" in again.text
        # A spent ticket and one never handed out get the same page: it tells nothing of either.
        assert again.text == wrong.text
        assert children_of(served.process.pid) == 0 and served.sessions() == []

        # The browser let in keeps its way in: reloads, and the console itself.
        for _ in range(2):
            assert ask(served, "GET", "/", headers={"Cookie": first.cookie}).console
        run(records_a_note(served, first.cookie))


def test_the_key_typed_into_the_form_lets_another_browser_in_and_is_never_sent_back(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:
        typed = served.key.lower().replace("-", " ")  # as a person types it
        answer = send_key(served, typed)
        assert answer.status == 303 and answer.header("Location") == "/"
        assert answer.cookie.startswith(f"tabletop-console-{served.port}=")
        assert holds_no_key(served, answer)
        page = ask(served, "GET", answer.header("Location"), headers={"Cookie": answer.cookie})
        assert page.console and holds_no_key(served, page)
        run(records_a_note(served, answer.cookie))
        # Each browser gets a pass of its own; the printed address still lets one more in.
        assert send_key(served, served.key).cookie != answer.cookie
        assert ask(served, "GET", served.url.removeprefix(served.origin)).cookie


def test_wrong_keys_from_one_address_are_limited_and_cannot_lock_the_facilitator_out(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:
        for n in range(WRONG_KEYS_PER_MINUTE):
            answer = send_key(served, f"WRONG-KEY-{n}")
            assert answer.status == 403 and "not this console&#39;s key" in answer.text and answer.key_form
        limited = send_key(served, "WRONG-KEY-AGAIN")
        assert limited.status == 429 and "Too many wrong keys" in limited.text and limited.cookie == ""
        wrong_ticket = ask(served, "GET", "/?ticket=not-the-ticket")
        assert wrong_ticket.status == 429 and wrong_ticket.cookie == ""
        # Whoever floods the form from the same address cannot keep the right key or ticket out.
        right = send_key(served, served.key)
        assert right.status == 303 and right.cookie
        printed = ask(served, "GET", served.url.removeprefix(served.origin))
        assert printed.status == 200 and printed.cookie
        elsewhere = send_key(served, served.key, source="127.0.0.2")
        assert elsewhere.status == 303 and elsewhere.cookie


def test_a_key_form_sent_from_another_site_is_refused_and_uses_none_of_the_tries(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:
        foreign = {
            "another site": {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
            "another port": {"Origin": f"http://127.0.0.1:{served.port + 1}", "Sec-Fetch-Site": "same-site"},
            "a page that hides its origin": {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
            "a null origin no browser vouches for": {"Origin": "null"},
            "a rebound host name": {**OWN_FORM, "Host": f"evil.example:{served.port}"},
        }
        for what, headers in foreign.items():
            for _ in range(WRONG_KEYS_PER_MINUTE):
                answer = send_key(served, served.key, headers=headers)
                assert answer.status == 403 and answer.cookie == "", what
        assert send_key(served, served.key).status == 303


def test_a_browser_fetching_ahead_or_a_link_checker_does_not_spend_the_ticket(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:
        target = served.url.removeprefix(served.origin)
        ahead = ask(served, "GET", target, headers={"Sec-Purpose": "prefetch;prerender"})
        assert ahead.status == 503 and ahead.cookie == ""
        assert ask(served, "HEAD", target).cookie == ""
        assert ask(served, "GET", target).cookie


def test_no_text_typed_into_the_form_but_the_key_lets_anyone_in(tmp_path: Path) -> None:
    with serving(tmp_path, "run", "southwest_islands") as served:
        # Each try from an address of its own, so that the limit does not answer for the key.
        sources = (f"127.0.{n // 250}.{n % 250 + 2}" for n in itertools.count())
        pages: set[str] = set()

        @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(
            st.text(max_size=60)
            | st.text(alphabet="23456789ABCDEFGHJKMNPQRSTUVWXYZ- ", min_size=28, max_size=40)
            | st.just(served.key[:-1])
            | st.just(served.key + "2")
        )
        def typed(text: str) -> None:
            answer = send_key(served, text, source=next(sources))
            assert answer.status == 403 and answer.cookie == "" and answer.key_form
            assert holds_no_key(served, answer)
            pages.add(answer.text)

        typed()
        # The page says the same whatever was typed: nothing of it is shown back.
        assert len(pages) == 1
        assert children_of(served.process.pid) == 0
