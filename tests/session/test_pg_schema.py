"""`tabletop db init` creates the schema once and migrates it in order; a newer schema, a database
that cannot hold every script's text and a user who may not create it are refused with what to do;
`tabletop db status` says what is there."""

from __future__ import annotations

import threading

import psycopg
import pytest

from tabletop.errors import DatabaseError
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import DATABASE_SCHEMA_VERSION, SessionDatabase
from benchmarks.postgres_server import PostgresServer
from tests.conftest import RunCli


def test_init_creates_the_schema_then_has_nothing_to_do(run: RunCli, empty_database_url: str) -> None:
    status, out, err = run("db", "init", "--db", empty_database_url)
    assert status == 0, err
    shown = SessionDatabase(empty_database_url).shown
    assert out == (
        f"{shown}: created the tabletop schema: applied 1 (journal), 2 (facilitator seat); schema version 2\n"
    )
    status, out, err = run("db", "init", "--db", empty_database_url)
    assert status == 0, err
    assert out == f"{shown}: the tabletop schema is current (version 2)\n"
    with psycopg.connect(empty_database_url) as connection:
        versions = connection.execute("SELECT version, name FROM tabletop.schema_version ORDER BY version").fetchall()
    assert versions == [(1, "journal"), (2, "facilitator_seat")]


def test_init_migrates_a_database_of_the_first_version_and_keeps_its_sessions(
    run: RunCli, empty_database_url: str, drill: LoadedScenario, corpus: Corpus
) -> None:
    from importlib import resources

    from tabletop.session import Session

    first = (resources.files("tabletop.session") / "migrations" / "0001_journal.sql").read_text(encoding="utf-8")
    with psycopg.connect(empty_database_url, autocommit=True) as connection:
        connection.execute("CREATE SCHEMA tabletop")
        connection.execute(
            "CREATE TABLE tabletop.schema_version (version integer PRIMARY KEY, name text NOT NULL, "
            "applied_at timestamptz NOT NULL DEFAULT clock_timestamp(), applied_by text NOT NULL DEFAULT current_user, "
            "tabletop_version text NOT NULL)"
        )
        connection.execute(first.encode("utf-8"))
        connection.execute(
            "INSERT INTO tabletop.schema_version (version, name, tabletop_version) VALUES (1, 'journal', 'old')"
        )
    with pytest.raises(
        DatabaseError, match="older than this tabletop's \\(2\\); its owner migrates it with `tabletop db init"
    ):
        SessionDatabase(empty_database_url).session_ids()
    status, out, err = run("db", "init", "--db", empty_database_url)
    assert status == 0, err
    assert out.endswith(": migrated from version 1: applied 2 (facilitator seat); schema version 2\n")
    started = Session.start(drill, corpus, facilitator="Kenji Sato", database=SessionDatabase(empty_database_url))
    started.close()
    assert SessionDatabase(empty_database_url).session_ids() == [started.id]


def test_the_schema_version_is_the_last_migration_shipped() -> None:
    from importlib import resources

    shipped = sorted(entry.name for entry in (resources.files("tabletop.session") / "migrations").iterdir())
    assert shipped[-1].startswith(f"{DATABASE_SCHEMA_VERSION:04d}_")
    assert [name[:4] for name in shipped] == [f"{n:04d}" for n in range(1, DATABASE_SCHEMA_VERSION + 1)]


def test_a_schema_newer_than_this_tabletop_is_refused_and_left_alone(run: RunCli, database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(
            "INSERT INTO tabletop.schema_version (version, name, tabletop_version) VALUES (3, 'later', '9.9')"
        )
    status, out, err = run("db", "init", "--db", database_url)
    assert status == 1 and out == ""
    assert "the database's tabletop schema is version 3, newer than this tabletop knows (2); upgrade tabletop" in err
    with pytest.raises(DatabaseError, match="newer than this tabletop knows"):
        SessionDatabase(database_url).session_ids()
    with psycopg.connect(database_url) as connection:
        assert connection.execute("SELECT count(*) FROM tabletop.schema_version").fetchone() == (3,)


def test_a_database_not_in_utf8_is_refused_with_nothing_created(run: RunCli, postgres_server: PostgresServer) -> None:
    with postgres_server.admin() as admin:
        admin.execute("CREATE DATABASE latin TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'")
    url = postgres_server.url("latin")
    status, _, err = run("db", "init", "--db", url)
    assert status == 1
    assert "the database's encoding is LATIN1" in err and "ENCODING 'UTF8'" in err
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT to_regnamespace('tabletop')").fetchone() == (None,)


def test_two_inits_at_once_apply_each_migration_once(empty_database_url: str) -> None:
    errors: list[BaseException] = []

    def init() -> None:
        try:
            SessionDatabase(empty_database_url).init_schema("test")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=init) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with psycopg.connect(empty_database_url) as connection:
        assert connection.execute("SELECT version FROM tabletop.schema_version ORDER BY version").fetchall() == [
            (1,),
            (2,),
        ]


def test_a_user_who_may_not_create_the_schema_is_told_who_can(
    run: RunCli, postgres_server: PostgresServer, empty_database_url: str
) -> None:
    with postgres_server.admin() as admin:
        admin.execute("DROP ROLE IF EXISTS bystander")
        admin.execute("CREATE ROLE bystander LOGIN")
    url = empty_database_url.replace("postgresql://postgres@", "postgresql://bystander@")
    status, _, err = run("db", "init", "--db", url)
    assert status == 1
    assert "create the tabletop schema was refused: permission denied for database" in err


def test_status_says_what_is_there(run: RunCli, database_url: str) -> None:
    status, out, err = run("db", "status", "--db", database_url)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == f"database    {SessionDatabase(database_url).shown}"
    assert lines[1].startswith("server      PostgreSQL 1")
    assert "user        postgres" in lines
    assert "link        not encrypted (the server is on this machine)" in lines
    assert "schema      version 2 (current)" in lines
    assert "sessions    0" in lines
    # The tests' server runs without fsync: said plainly, as it would be of a real one.
    assert "durability  fsync = off; full_page_writes = off (recorded events can be lost)" in lines
    assert "a crash of its machine can lose events it has acknowledged" in err


def test_status_of_a_database_without_the_schema_says_who_creates_it(run: RunCli, empty_database_url: str) -> None:
    status, out, _ = run("db", "status", "--db", empty_database_url)
    assert status == 0
    assert "schema      none yet: the owner runs `tabletop db init`" in out.splitlines()


def test_db_commands_need_a_database(run: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TABLETOP_DATABASE_URL", raising=False)
    status, _, err = run("db", "init")
    assert status == 2
    assert "no session database given: pass --db URL or set TABLETOP_DATABASE_URL" in err


def test_the_database_may_come_from_the_environment(
    run: RunCli, monkeypatch: pytest.MonkeyPatch, empty_database_url: str
) -> None:
    monkeypatch.setenv("TABLETOP_DATABASE_URL", empty_database_url)
    status, out, err = run("db", "init")
    assert status == 0, err
    assert "created the tabletop schema" in out
