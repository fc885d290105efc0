"""`--db URL` (and `TABLETOP_DATABASE_URL`) on every command that reads or records a session: the
same option, the same help and the same errors everywhere, and each command doing with a session
in the database what it does with a session file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import click
import psycopg
import pytest

from tests.conftest import RunCli
from tabletop.cli import cli
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import Seat, Session, SessionDatabase


SESSION_COMMANDS = {
    "run",
    "resume",
    "join",
    "follow",
    "serve",
    "status",
    "sessions",
    "report",
    "export",
    "salvage",
    "import",
    "dry-run",
    "coverage",
    "ip list",
    "ip add",
    "ip complete",
    "ip close",
    "participants serve",
    "participants seats",
    "participants sheets",
    "participants revoke",
    "participants key",
}
"""Every command that reads or records a session."""


def _commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        yield f"{prefix}{name}", command


def _reads_sessions(command: click.Command) -> bool:
    return any(
        isinstance(parameter, click.Argument) and parameter.name in ("session", "sessions")
        for parameter in command.params
    )


def test_every_command_that_reads_or_records_a_session_takes_db_with_the_same_help() -> None:
    commands = dict(_commands(cli))
    assert {name for name, command in commands.items() if _reads_sessions(command)} <= SESSION_COMMANDS
    tails = set()
    for name in sorted(SESSION_COMMANDS):
        options = {option.name: option for option in commands[name].params if isinstance(option, click.Option)}
        assert "database_url" in options, f"tabletop {name} has no --db"
        option = options["database_url"]
        assert option.opts == ["--db"] and option.metavar == "URL", name
        assert option.envvar == "TABLETOP_DATABASE_URL" and option.show_envvar, name
        help_text = option.help or ""
        tails.add(help_text[help_text.index(" A URL such as ") :])
    assert len(tails) == 1  # the same words about the URL and the password, everywhere


@pytest.fixture
def in_database(database_url: str, drill: LoadedScenario, corpus: Corpus) -> str:
    """A live session of the drill in the database, started by its facilitator; its id."""
    started = Session.start(drill, corpus, facilitator="Kenji Sato", database=SessionDatabase(database_url))
    started.deliver_next()
    started.cite("III.A", "coordination")
    started.close()
    return started.id


def test_a_session_the_database_lacks_is_the_same_one_line_for_every_command(
    run: RunCli, database_url: str, in_database: str
) -> None:
    misspelt = in_database[:-1] + ("x" if in_database[-1] != "x" else "y")
    said = set()
    for words in (
        ("status", misspelt),
        ("report", misspelt),
        ("export", misspelt, "--format", "jsonl"),
        ("coverage", misspelt),
        ("ip", "list", misspelt),
        ("ip", "add", misspelt, "--issue", "x", "--action", "y"),
        ("serve", "join", misspelt, "--seat", "evaluator"),
        ("serve", "follow", misspelt),
    ):
        status, out, err = run(*words, "--db", database_url)
        assert status == 2 and out == "", (words, err)
        said.add(err)
    assert len(said) == 1
    assert "TABLETOP_DATABASE_URL" not in os.environ  # serve hands the database to its pages only while serving
    (line,) = said
    assert f"no session {misspelt!r} in this database; did you mean {in_database!r}?" in line


def test_dry_run_writes_into_the_database_and_status_reads_it(run: RunCli, database_url: str) -> None:
    from tests.session.journal_support import HERE

    status, out, err = run("dry-run", str(HERE / "fixtures" / "drill.yaml"), "--db", database_url)
    assert status == 0, err
    assert out.startswith(SessionDatabase(database_url).shown) and " session " in out
    session_id = out.strip().rsplit(" ", 1)[1]
    assert SessionDatabase(database_url).session_ids() == [session_id]
    status, out, err = run("status", session_id, "--db", database_url, "--format", "json")
    assert status == 0, err
    shown = json.loads(out)
    assert shown["dry_run"] and shown["ended"]


def test_coverage_reads_sessions_from_the_database_as_from_files(
    run: RunCli, database_url: str, in_database: str, tmp_path: Path
) -> None:
    status, out, err = run("coverage", in_database, "--db", database_url, "--format", "json")
    assert status == 0, err
    from_database = json.loads(out)
    status, out, err = run("export", in_database, "--db", database_url, "-o", str(tmp_path / "s.jsonl"))
    assert status == 0, err
    status, out, err = run("import", str(tmp_path / "s.jsonl"), "--session-dir", str(tmp_path / "files"))
    assert status == 0, err
    in_file = out.strip()
    status, out, err = run("coverage", in_file, "--format", "json")
    assert status == 0, err
    from_file = json.loads(out)
    # Each names where its session was read from: the file, or the id in the database.
    assert [s.pop("file") for s in from_file["sessions"]] == [in_file]
    assert [s.pop("file") for s in from_database["sessions"]] == [in_database]
    assert from_file == from_database


def test_the_improvement_plan_is_kept_in_the_database_and_refused_while_the_facilitator_records(
    run: RunCli, database_url: str, in_database: str
) -> None:
    database = SessionDatabase(database_url)
    console = Session.from_journal(database.open(in_database, facilitator=True))
    try:
        status, out, err = run(
            "ip", "add", in_database, "--issue", "Slow JCG link", "--action", "Drill", "--db", database_url
        )
        assert status == 1 and out == ""
        assert "the facilitator's seat is held by Kenji Sato on host" in err
    finally:
        console.close()
    status, out, err = run(
        "ip", "add", in_database, "--issue", "Slow JCG link", "--action", "Drill", "--db", database_url
    )
    assert status == 0, err
    status, out, err = run("ip", "complete", in_database, "1", "--poc", "Maj. Ito", "--db", database_url)
    assert status == 0, err
    status, out, err = run("ip", "close", in_database, "1", "--remark", "done", "--db", database_url)
    assert status == 0, err
    status, out, err = run("ip", "list", in_database, "--db", database_url, "--format", "json")
    assert status == 0, err
    (item,) = json.loads(out)["items"]
    assert (item["issue"], item["point_of_contact"], item["status"]) == ("Slow JCG link", "Maj. Ito", "closed")
    with Session.from_journal(database.open(in_database, readonly=True)) as record:
        assert record.events()[-1].payload.by == Seat.facilitator("Kenji Sato")


def test_an_id_listed_without_a_session_is_said_to_hold_nothing_and_refuses_its_import_in_words(
    run: RunCli, database_url: str, in_database: str, drill: LoadedScenario, corpus: Corpus, tmp_path: Path
) -> None:
    with Session.start(drill, corpus, session_dir=tmp_path / "files") as recorded:
        path, session_id = recorded.path, recorded.id
    assert run("export", str(path), "-o", "e.jsonl")[0] == 0
    # Another program with the writer's INSERT puts a bare row under that id (and under another).
    with psycopg.connect(database_url, autocommit=True) as connection:
        for bare in (session_id, "bare-9413"):
            connection.execute("INSERT INTO tabletop.sessions (session_id) VALUES (%s)", (bare,))
    status, out, err = run("sessions", "--db", database_url)
    assert status == 0, err
    said = " ".join(out.split())
    assert "did you mean" not in said
    assert (
        "bare-9413 cannot be read: " in said
        and "the database lists this id but holds nothing: no metadata and no events" in said
        and "another program inserted this row" in said
    )
    listed = {item["id"]: item for item in json.loads(run("sessions", "--db", database_url, "--format", "json")[1])}
    assert "holds nothing" in listed["bare-9413"]["error"] and "error" not in listed[in_database]
    status, out, err = run("status", "bare-9413", "--db", database_url)
    assert (status, out) == (1, "") and "holds nothing" in err and "did you mean" not in err
    status, out, err = run("import", "e.jsonl", "--db", database_url)
    assert (status, out) == (1, "")
    said = " ".join(err.split())
    assert f"session {session_id}: the database lists this id but holds nothing" in said
    assert "no session can be started or imported under this id in this database" in said
    assert "nothing was imported (import it into another database)" in said and "exists already" not in said
