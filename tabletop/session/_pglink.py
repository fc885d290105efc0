"""The link to a session database: its address as it may be shown, and a connection that comes back.

Used by `tabletop.session._pgstore` (the PostgreSQL journal) and
`tabletop.session._pgschema` (`tabletop db init`). It owns two promises:

- a password never leaves this module: not in a message, a log line or a
  journal. The URL is parsed once (`DatabaseAddress.parse`), shown only as
  `postgresql://USER@HOST:PORT/DATABASE`, and every message the server or
  libpq writes is cleaned of the secrets it was given before it is repeated.
  libpq reads passwords from `PGPASSWORD`, a service file or `~/.pgpass` by
  itself; none of them passes through here.
- a link that drops is made again, with backoff, for as long as its
  `retry_for` allows; every change is reported (`LinkStatus`, and a warning
  in the `tabletop.session` log), and when it stays down the caller gets one
  clear `DatabaseUnavailable`. Only work that is safe to repeat is retried:
  reads, and appends, which carry an event id the server recognises.
"""

from __future__ import annotations

import contextlib
import logging
import random
import re
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import TupleRow

from tabletop.errors import DatabaseError, DatabaseUnavailable, UsageError
from tabletop.session._database import DATABASE_URL_ENV, LinkStatus

__all__ = ["DatabaseAddress", "Link", "database_problem"]

_log = logging.getLogger("tabletop.session")

_T = TypeVar("_T")

_SECRET_KEYS = ("password", "sslpassword")
# Set unless the URL says otherwise: a dead peer is noticed within seconds, not the
# operating system's two hours, and the server's log names the program.
_DEFAULTS = {
    "application_name": "tabletop",
    "connect_timeout": "5",
    "keepalives": "1",
    "keepalives_idle": "5",
    "keepalives_interval": "2",
    "keepalives_count": "3",
    "tcp_user_timeout": "10000",
}
_URL_FORM = "postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full (or service=NAME)"


@dataclass(frozen=True)
class DatabaseAddress:
    """Where the session database is, and how to log in; `shown` is all of it that is ever printed."""

    shown: str
    """`postgresql://USER@HOST:PORT/DATABASE`, or the service's name: never a password."""
    _params: Mapping[str, str] = field(repr=False)
    _secrets: tuple[str, ...] = field(repr=False)

    @classmethod
    def parse(cls, url: str) -> DatabaseAddress:
        """Read a connection URL (`postgresql://...`) or a libpq `key=value` string.

        A URL that cannot be read is refused without being repeated: it may hold a password.
        """
        if not url.strip():
            raise UsageError(f"no session database given: pass --db URL or set {DATABASE_URL_ENV} ({_URL_FORM})")
        try:
            params = {key: str(value) for key, value in conninfo_to_dict(url).items()}
        except psycopg.ProgrammingError as exc:
            raise UsageError(
                f"the session database's URL cannot be read ({_parse_problem(str(exc))}); write it as {_URL_FORM}. "
                "It is not repeated here, as it may hold a password"
            ) from None
        secrets = tuple(params[key] for key in _SECRET_KEYS if params.get(key))
        return cls(_shown(params), params, _with_encoded(secrets))

    @property
    def has_password(self) -> bool:
        """Whether the URL itself carries a password (rather than `~/.pgpass`, `PGPASSWORD` or a service file)."""
        return bool(self._params.get("password"))

    def connect(self, *, readonly: bool = False) -> psycopg.Connection[TupleRow]:
        """A new connection in autocommit mode (each statement its own transaction unless opened
        explicitly). `readonly` makes the server refuse every write on it. Raises
        `DatabaseUnavailable` naming the reason, never the password."""
        try:
            return self.connect_raw(readonly=readonly)
        except psycopg.Error as exc:
            raise DatabaseUnavailable(
                f"cannot connect to the session database {self.shown}: {self.clean(exc)}"
            ) from None

    def connect_raw(self, *, readonly: bool = False) -> psycopg.Connection[TupleRow]:
        """`connect`, letting the driver's error through (for a caller that retries)."""
        params = {**_DEFAULTS, **self._params, "client_encoding": "UTF8"}
        if readonly:
            params["options"] = f"{params.get('options', '')} -c default_transaction_read_only=on".strip()
        return psycopg.connect(make_conninfo("", **params), autocommit=True)

    def clean(self, exc: BaseException | str) -> str:
        """A driver's or server's message on one line, without any secret this address holds."""
        text = str(exc).strip()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # libpq writes "connection to server at ... failed: REASON" and then a hint; the reason is
        # what the reader needs, and the address is named by the caller already.
        first = lines[0] if lines else type(exc).__name__ if isinstance(exc, BaseException) else ""
        first = re.sub(r"^(?:connection failed|connection is bad):\s*", "", first)
        first = re.sub(r'^connection to server (?:at|on socket) "[^"]*"(?:, port \d+)? failed:\s*', "", first)
        first = re.sub(r"^FATAL:\s*", "", first)
        if first in ("Connection refused", "No such file or directory"):
            first = f"no server is answering there ({first[0].lower()}{first[1:]})"
        for secret in self._secrets:
            first = first.replace(secret, "***")
        return first or "no reason given"


def database_problem(address: DatabaseAddress, exc: psycopg.Error, doing: str) -> DatabaseError:
    """A refusal from the server while `doing` something, as the error a person reads."""
    reason = address.clean(exc)
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return DatabaseError(f"{address.shown}: {doing} was refused: {reason}")
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
        return DatabaseError(f"{address.shown}: {doing} was refused: the connection is read-only")
    return DatabaseError(f"{address.shown}: {doing} failed: {reason}")


def _parse_problem(message: str) -> str:
    # libpq quotes the part it could not read, which may be the password: say only what kind of mistake.
    if "invalid connection option" in message:
        return "an unknown connection option"
    if "percent-encoded" in message:
        return "a '%' that does not start a %XX escape"
    if 'missing "="' in message:
        return "a word without '=' in a key=value string"
    if "unterminated quoted string" in message:
        return "an unterminated quoted string"
    return "not a connection URL"


def _shown(params: Mapping[str, str]) -> str:
    if params.get("service") and not params.get("host"):
        return f"service {params['service']}" + (f" (database {params['dbname']})" if params.get("dbname") else "")
    host = params.get("host") or params.get("hostaddr") or ""
    user = f"{urllib.parse.quote(params['user'], safe='')}@" if params.get("user") else ""
    database = urllib.parse.quote(params.get("dbname", ""), safe="")
    if host.startswith("/") or not host:  # a Unix socket: its folder as libpq's URLs say it
        query = urllib.parse.urlencode({k: params[k] for k in ("host", "port") if params.get(k)}, safe="/")
        return f"postgresql://{user}/{database}" + (f"?{query}" if query else "")
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{user}{host}{port}/{database}"


def _with_encoded(secrets: tuple[str, ...]) -> tuple[str, ...]:
    """Each secret as given and as it may appear percent-encoded, longest first."""
    forms = {form for secret in secrets for form in (secret, urllib.parse.quote(secret, safe="")) if form}
    return tuple(sorted(forms, key=len, reverse=True))


def backoff_delays(first: float = 0.05, longest: float = 1.0) -> Callable[[int], float]:
    """The wait before attempt `n` (1, 2, ...): doubling from `first` up to `longest`, jittered so
    that writers cut off together do not all come back at the same instant."""

    def delay(attempt: int) -> float:
        return min(longest, first * 2.0 ** (attempt - 1)) * random.uniform(0.5, 1.0)

    return delay


class Link:
    """One connection to the session database that is made again when it drops.

    `run(work)` calls `work(connection)`; when the connection is lost (the
    server restarted, the network dropped), it reconnects with backoff and
    calls `work` again on the new connection, for at most `retry_for` seconds.
    `setup` runs on every new connection (a `LISTEN`, for instance).
    `on_status` hears every change: the link dropped (and each failed attempt
    to make it again), and the link back.
    """

    def __init__(
        self,
        address: DatabaseAddress,
        *,
        readonly: bool = False,
        retry_for: float = 10.0,
        on_status: Callable[[LinkStatus], None] | None = None,
        setup: Callable[[psycopg.Connection[TupleRow]], None] | None = None,
    ) -> None:
        self.address = address
        self.readonly = readonly
        self.retry_for = retry_for
        self.on_status = on_status
        self._setup = setup
        self._connection: psycopg.Connection[TupleRow] | None = None
        self.generation = 0
        """How many connections this link has made: a follower notices a reconnection by it."""
        self._delay = backoff_delays()

    def open(self) -> None:
        """Connect now, once, without retrying: a wrong address or password is reported at once."""
        try:
            self._connect()
        except psycopg.Error as exc:
            raise DatabaseUnavailable(
                f"cannot connect to the session database {self.address.shown}: {self.address.clean(exc)}"
            ) from None

    def run(
        self,
        work: Callable[[psycopg.Connection[TupleRow]], _T],
        *,
        doing: str,
        retry_for: float | None = None,
        event_id: object = None,
    ) -> _T:
        """`work` on the connection, made again as often as needed for `retry_for` seconds.

        `doing` says what for, in messages ("record event 12"). `event_id`
        marks work that writes: when the link drops after it was sent, the
        error says it may have been recorded.
        """
        deadline = time.monotonic() + (self.retry_for if retry_for is None else retry_for)
        attempt = 0
        sent = False
        last = ""
        while True:
            try:
                connection = self._connection if self._connection is not None else self._connect()
                sent = sent or event_id is not None
                result = work(connection)
            except psycopg.OperationalError as exc:
                if self._connection is not None and not self._connection.broken:
                    raise  # the server refused the work itself (a lock timeout, a cancelled query)
                last = self.address.clean(exc)
                self._drop()
            else:
                if attempt:
                    self._report(LinkStatus(True, f"the link to {self.address.shown} is back"))
                return result
            attempt += 1
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise self._unavailable(doing, last, attempt, sent, event_id)
            self._report(
                LinkStatus(
                    False,
                    f"{self.address.shown} does not answer ({last}); trying again (attempt {attempt})",
                    attempt,
                )
            )
            time.sleep(min(remaining, self._delay(attempt)))

    def _unavailable(self, doing: str, last: str, attempts: int, sent: bool, event_id: object) -> DatabaseUnavailable:
        tried = f"tried {attempts} time{'s' if attempts != 1 else ''} in {self.retry_for:g} s"
        if sent:
            outcome = (
                "it may have been recorded before the link dropped; recording the same event again "
                "once the link is back records it at most once"
            )
        else:
            outcome = "nothing was recorded" if event_id is not None else "nothing was read"
        return DatabaseUnavailable(
            f"cannot reach the session database {self.address.shown} to {doing} ({last}; {tried}): {outcome}",
            event_id=event_id,
            maybe_recorded=sent,
        )

    def _connect(self) -> psycopg.Connection[TupleRow]:
        connection = self.address.connect_raw(readonly=self.readonly)
        try:
            if self._setup is not None:
                self._setup(connection)
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        self.generation += 1
        return connection

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(psycopg.Error):
                self._connection.close()
        self._connection = None

    def _report(self, status: LinkStatus) -> None:
        (_log.info if status.up else _log.warning)("%s", status.detail)
        if self.on_status is not None:
            self.on_status(status)

    def close(self) -> None:
        """End the link. The locks its connection holds (a facilitator's seat) are given up first:
        the server frees them by itself only once it notices the connection gone, which on a busy
        server can be after the facilitator, having quit, opens the session again. A link found
        down has no connection left to ask; one that went down unnoticed fails the request within
        the `tcp_user_timeout` every round trip of the link has (`_DEFAULTS`), and closes then."""
        if self._connection is not None and not self._connection.closed:
            with contextlib.suppress(psycopg.Error):
                self._connection.execute("SELECT pg_advisory_unlock_all()")
        self._drop()
