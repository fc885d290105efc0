"""The session database's schema: created and migrated by `tabletop db init`, checked on every open.

Used by `tabletop.session._pgstore`. The schema lives in its own PostgreSQL
schema, `tabletop`, so that one database may hold other things too. Its
version is the highest row of `tabletop.schema_version`; the migrations are the
ordered SQL files of `tabletop/session/migrations/` (`0001_journal.sql`, ...),
each applied once, in order, in the same transaction as the row recording it,
under an advisory lock so that two `db init` at once apply each migration once.
A database whose schema is newer than this tabletop knows is refused, never
written to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import psycopg
from psycopg.rows import TupleRow

from tabletop.errors import DatabaseError

__all__ = [
    "SCHEMA_NAME",
    "DATABASE_SCHEMA_VERSION",
    "Migration",
    "ServerFacts",
    "applied_version",
    "apply_migrations",
    "migrations",
    "require_schema",
    "server_facts",
]

SCHEMA_NAME = "tabletop"
DATABASE_SCHEMA_VERSION = 2
"""The schema this tabletop writes and reads; `migrations()` holds one file per version up to it."""
_LOCK = (1414813779, 0)
"""The advisory lock `db init` holds while it migrates (the sessions' locks use the same first key)."""

Connection = psycopg.Connection[TupleRow]


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    """The file's name without its number and `.sql`: what the migration brings."""
    sql: str


@cache
def migrations() -> tuple[Migration, ...]:
    """Every migration shipped with this tabletop, in order; numbered 1, 2, 3, ... without gaps."""
    folder = resources.files("tabletop.session") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = re.fullmatch(r"(\d{4})_(\w+)\.sql", entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    if [migration.version for migration in found] != list(range(1, DATABASE_SCHEMA_VERSION + 1)):
        raise RuntimeError(
            f"the schema migrations shipped are {[m.version for m in found]}, not 1..{DATABASE_SCHEMA_VERSION}"
        )
    return tuple(found)


def applied_version(connection: Connection) -> int:
    """The schema version of the database (0 when `db init` never ran in it)."""
    row = connection.execute("SELECT to_regclass('tabletop.schema_version') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        return 0
    version = connection.execute("SELECT coalesce(max(version), 0) FROM tabletop.schema_version").fetchone()
    return int(version[0]) if version is not None else 0


def require_schema(connection: Connection, shown: str) -> None:
    """Refuse a database whose schema this tabletop cannot use, saying what to do."""
    version = applied_version(connection)
    if version == DATABASE_SCHEMA_VERSION:
        return
    if version == 0:
        raise DatabaseError(
            f"{shown}: the database holds no tabletop sessions yet; "
            "its owner creates the schema with `tabletop db init --db URL`"
        )
    if version > DATABASE_SCHEMA_VERSION:
        raise DatabaseError(_newer(shown, version))
    raise DatabaseError(
        f"{shown}: the database's tabletop schema is version {version}, older than this tabletop's "
        f"({DATABASE_SCHEMA_VERSION}); its owner migrates it with `tabletop db init --db URL`"
    )


def _newer(shown: str, version: int) -> str:
    return (
        f"{shown}: the database's tabletop schema is version {version}, newer than this tabletop knows "
        f"({DATABASE_SCHEMA_VERSION}); upgrade tabletop to use it (nothing was changed)"
    )


def apply_migrations(connection: Connection, shown: str, tabletop_version: str) -> tuple[int, list[Migration]]:
    """Create or migrate the schema, in one transaction; (the version before, the migrations applied).

    Running it again applies nothing. A database in another encoding than
    UTF-8, or whose schema is newer, is refused with nothing changed.
    """
    with connection.transaction():
        connection.execute("SELECT pg_advisory_xact_lock(%s, %s)", _LOCK)
        row = connection.execute(
            "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
        ).fetchone()
        encoding = str(row[0]) if row is not None else "?"
        if encoding != "UTF8":
            raise DatabaseError(
                f"{shown}: the database's encoding is {encoding}, and sessions hold text in every script; "
                "create the database with ENCODING 'UTF8' (see docs/sessions.md) and run `tabletop db init` there"
            )
        before = applied_version(connection)
        if before > DATABASE_SCHEMA_VERSION:
            raise DatabaseError(_newer(shown, before))
        if before == 0:
            connection.execute("CREATE SCHEMA IF NOT EXISTS tabletop")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS tabletop.schema_version ("
                " version integer PRIMARY KEY,"
                " name text NOT NULL,"
                " applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),"
                " applied_by text NOT NULL DEFAULT current_user,"
                " tabletop_version text NOT NULL)"
            )
        pending = [migration for migration in migrations() if migration.version > before]
        for migration in pending:
            connection.execute(migration.sql.encode("utf-8"))
            connection.execute(
                "INSERT INTO tabletop.schema_version (version, name, tabletop_version) VALUES (%s, %s, %s)",
                (migration.version, migration.name, tabletop_version),
            )
    return before, pending


@dataclass(frozen=True, slots=True)
class ServerFacts:
    """What `tabletop db status` says about the server behind a connection."""

    server_version: str
    database: str
    user: str
    encryption: str | None
    """The TLS protocol and cipher of this connection, or None when it is not encrypted."""
    schema_version: int
    sessions: int | None
    """How many sessions the database holds (None without a schema, or when they cannot be read)."""
    durable: list[str]
    """Server settings that lose acknowledged events on a crash (`fsync = off`, ...): empty when none."""
    sslmode: str
    """How this connection asked for TLS (libpq's `sslmode`, from the URL, a service file or `PGSSLMODE`)."""
    local: bool
    """Whether the server is on this machine (a Unix socket or a loopback address)."""


def server_facts(connection: Connection) -> ServerFacts:
    row = connection.execute(
        "SELECT current_setting('server_version'), current_database(), current_user, "
        "(SELECT version || ' ' || cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl), "
        "current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')"
    ).fetchone()
    assert row is not None
    version, database, user, encryption, fsync, synchronous_commit, full_page_writes = (
        str(v) if v else None for v in row
    )
    schema = applied_version(connection)
    sessions = None
    if schema:
        try:
            with connection.transaction():
                counted = connection.execute("SELECT count(*) FROM tabletop.sessions").fetchone()
            sessions = int(counted[0]) if counted is not None else None
        except psycopg.errors.InsufficientPrivilege:
            sessions = None
    risky = [
        f"{name} = {value}"
        for name, value, safe in (
            ("fsync", fsync, "on"),
            ("synchronous_commit", synchronous_commit, None),
            ("full_page_writes", full_page_writes, "on"),
        )
        if (value != safe if safe else value == "off")
    ]
    host = connection.info.host
    local = host.startswith("/") or host in {"localhost", "127.0.0.1", "::1"}
    sslmode = connection.info.get_parameters().get("sslmode", "prefer")
    return ServerFacts(str(version), str(database), str(user), encryption, schema, sessions, risky, sslmode, local)
