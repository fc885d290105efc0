"""`tabletop db init` and `tabletop db status`: the PostgreSQL database that holds sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tabletop.version import __version__
from tabletop.cli._common import database_option, open_database, terminal_safe, wrap
from tabletop.errors import UsageError

if TYPE_CHECKING:
    from tabletop.session import SessionDatabase

__all__ = ["register"]

_LABEL = 11


@click.group()
def db() -> None:
    """The PostgreSQL database that holds sessions for several seats and sites.

    Sessions are files by default. A database (--db URL, or
    TABLETOP_DATABASE_URL) holds many sessions that several programs record
    and follow at once, across sites. Its owner creates its schema once with
    `tabletop db init`; see docs/sessions.md for the roles, TLS and backups.
    """


def _database(url: str | None) -> SessionDatabase:
    database = open_database(url)
    if database is None:
        raise UsageError("no session database given: pass --db URL or set TABLETOP_DATABASE_URL")
    return database


def _row(label: str, value: str) -> None:
    first = f"{label:<{_LABEL}} "
    click.echo(wrap(terminal_safe(value, one_line=True), " " * len(first), first=first))


@db.command()
@database_option("The database to create or migrate the schema in.")
def init(database_url: str | None) -> None:
    """Create the tabletop schema in a database, or migrate it to this version.

    Run it as the database's owner, once when the database is new and again
    after upgrading tabletop; it changes nothing when the schema is current.
    Each migration is applied in one transaction, so a failure leaves the
    schema as it was. A schema newer than this tabletop knows is refused, and
    so is a database whose encoding is not UTF-8. Prints the version, and
    warns when the server's settings could lose recorded events in a crash or
    the link to it is not encrypted.
    """
    database = _database(database_url)  # first: it says how to install the driver when it is missing
    from tabletop.session import DATABASE_SCHEMA_VERSION

    change = database.init_schema(__version__)
    if change.applied:
        done = ", ".join(f"{migration.version} ({migration.name.replace('_', ' ')})" for migration in change.applied)
        verb = "created the tabletop schema" if change.before == 0 else f"migrated from version {change.before}"
        click.echo(terminal_safe(f"{database.shown}: {verb}: applied {done}; schema version {change.after}"))
    else:
        click.echo(
            terminal_safe(f"{database.shown}: the tabletop schema is current (version {DATABASE_SCHEMA_VERSION})")
        )
    for warning in _warnings(database, change.facts):
        click.echo(terminal_safe(f"tabletop: warning: {warning}"), err=True)


@db.command()
@database_option("The database to describe.")
def status(database_url: str | None) -> None:
    """Say what tabletop finds at the database: the server, the user, whether the link is
    encrypted and the server's certificate checked, the schema version and the sessions."""
    database = _database(database_url)  # first: it says how to install the driver when it is missing
    from tabletop.session import DATABASE_SCHEMA_VERSION

    facts = database.facts()
    _row("database", database.shown)
    _row("server", f"PostgreSQL {facts.server_version}")
    _row("user", facts.user)
    _row("link", _link(database, facts))
    if facts.schema_version == 0:
        schema = "none yet: the owner runs `tabletop db init`"
    elif facts.schema_version == DATABASE_SCHEMA_VERSION:
        schema = f"version {facts.schema_version} (current)"
    else:
        schema = f"version {facts.schema_version}; this tabletop uses version {DATABASE_SCHEMA_VERSION}"
    _row("schema", schema)
    if facts.schema_version:
        _row("sessions", "cannot be read by this user" if facts.sessions is None else str(facts.sessions))
    _row("durability", "; ".join(facts.durable) + " (recorded events can be lost)" if facts.durable else "on")
    for warning in _warnings(database, facts):
        click.echo(terminal_safe(f"tabletop: warning: {warning}"), err=True)


def _link(database: SessionDatabase, facts: Any) -> str:
    mode = facts.sslmode
    if facts.encryption is None:
        return "not encrypted" + (" (the server is on this machine)" if facts.local else "")
    checked = {
        "verify-full": "the server's certificate and name checked (verify-full)",
        "verify-ca": "the server's certificate checked, not its name (verify-ca)",
    }.get(mode, f"the server's certificate not checked (sslmode={mode})")
    return f"encrypted, {facts.encryption}; {checked}"


def _warnings(database: SessionDatabase, facts: Any) -> list[str]:
    found = []
    if facts.durable:
        found.append(
            f"the server runs with {', '.join(facts.durable)}: a crash of its machine can lose events "
            "it has acknowledged; see docs/sessions.md"
        )
    if not facts.local and facts.sslmode != "verify-full":
        found.append(
            "the link to the server is not checked with sslmode=verify-full: across sites, anyone on the "
            "way could read or change what is recorded; see docs/sessions.md"
        )
    return found


def register(cli: click.Group) -> None:
    cli.add_command(db)
