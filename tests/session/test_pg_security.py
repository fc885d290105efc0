"""Security of sessions in PostgreSQL, against a real server: the roles exactly as docs/sessions.md
creates them (an owner, a writer that can only insert and read, a reader), TLS with `verify-full`
against a CA of the server's own, credentials from `.pgpass` and a service file, and a password
that never appears in anything tabletop prints or stores."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.session.journal_support import note
from tabletop.errors import DatabaseError, DatabaseUnavailable
from tabletop.session import LinkStatus, Session, SessionDatabase, write_jsonl
from tabletop.rules import Corpus
from collections.abc import Iterator
from tabletop.scenario import LoadedScenario
from benchmarks.postgres_server import PostgresServer

ROOT = Path(__file__).resolve().parents[2]
SESSIONS_DOC = ROOT / "docs" / "sessions.md"
HERE = Path(__file__).parent
RULES = HERE / "fixtures" / "rules.yaml"
PASSWORD = "Tr0ub4dor-and-3-Horses"  # the password these tests must never see printed or stored


def _sql_blocks() -> list[str]:
    text = SESSIONS_DOC.read_text(encoding="utf-8")
    section = text[text.index("### The database and its roles") :]
    return re.findall(r"```sql\n(.*?)```", section[: section.index("\n### ", 10)], re.S)


def _statements(block: str) -> list[bytes]:
    return [statement.strip().encode("utf-8") for statement in block.split(";") if statement.strip()]


def _tabletop(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in a process of its own: everything it prints is captured."""
    return subprocess.run(
        [sys.executable, "-m", "tabletop", "--rules", str(RULES), *args],
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k != "TABLETOP_DATABASE_URL"}, **(env or {})},
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def deployment(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[dict[str, str], dict[str, str], Path]]:
    """The documented deployment on the test server: the administrator's block as the superuser, the
    owner's `tabletop db init` and grants as the owner, passwords in a `.pgpass` file."""
    folder = tmp_path_factory.mktemp("deployment")
    administrator, owner_grants = _sql_blocks()
    with postgres_server.admin() as admin:
        for statement in _statements(administrator):  # as psql runs them: CREATE DATABASE alone
            admin.execute(statement)
    passfile = folder / "pgpass"
    passfile.write_text(
        "".join(
            f"localhost:{postgres_server.port}:tabletop:tabletop_{role}:{role}-password\n"
            for role in ("owner", "writer", "reader")
        ),
        encoding="utf-8",
    )
    passfile.chmod(0o600)
    env = {"PGPASSFILE": str(passfile)}
    os.environ.update(env)  # for the in-process connections of these tests
    urls = {
        role: postgres_server.url("tabletop", user=f"tabletop_{role}", tls=True)
        for role in ("owner", "writer", "reader")
    }
    result = _tabletop("db", "init", "--db", urls["owner"], env=env)
    assert result.returncode == 0, result.stderr
    with psycopg.connect(urls["owner"], autocommit=True) as owner:
        for statement in _statements(owner_grants):
            owner.execute(statement)
    yield urls, env, folder
    os.environ.pop("PGPASSFILE", None)


@pytest.fixture(scope="module")
def recorded(
    deployment: tuple[dict[str, str], dict[str, str], Path],
    drill: LoadedScenario,
    corpus: Corpus,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[str, Path]:
    """A session started on a laptop, imported into the database by the writer."""
    urls, env, folder = deployment
    started = Session.start(drill, corpus, session_dir=tmp_path_factory.mktemp("files"))
    exported = folder / "drill.jsonl"
    with open(exported, "w", encoding="utf-8") as out:
        write_jsonl(started.path, out)
    started.close()
    imported = _tabletop("import", str(exported), "--db", urls["writer"], env=env)
    assert imported.returncode == 0, imported.stderr
    return started.id, exported


class TestTheDocumentedRoles:
    def test_the_owner_created_the_schema_over_a_checked_link(
        self, deployment: tuple[dict[str, str], dict[str, str], Path]
    ) -> None:
        urls, env, _ = deployment
        result = _tabletop("db", "status", "--db", urls["owner"], env=env)
        assert result.returncode == 0, result.stderr
        assert "user        tabletop_owner" in result.stdout
        assert "schema      version 2 (current)" in result.stdout
        assert re.search(r"link        encrypted, TLSv1\.[23] \S+; the server's certificate and name", result.stdout)

    def test_the_writer_records_and_reads(
        self, deployment: tuple[dict[str, str], dict[str, str], Path], recorded: tuple[str, Path]
    ) -> None:
        urls, env, _ = deployment
        session_id, exported = recorded
        with SessionDatabase(urls["writer"]).open(session_id) as journal:
            head = journal.head()
            assert journal.append(note(head + 1, "recorded by the writer")).seq == head + 1
        back = _tabletop("export", session_id, "--db", urls["writer"], env=env)
        assert back.returncode == 0, back.stderr
        before = exported.read_text(encoding="utf-8").splitlines()
        after = back.stdout.splitlines()
        # The same events, and the one recorded since; the header counts it.
        assert after[1:-1] == before[1:] and "recorded by the writer" in after[-1]
        assert json.loads(after[0])["event_count"] == json.loads(before[0])["event_count"] + 1

    def test_the_writer_holds_the_facilitators_seat_and_a_second_writer_is_refused_it(
        self, deployment: tuple[dict[str, str], dict[str, str], Path], recorded: tuple[str, Path]
    ) -> None:
        from tabletop.errors import SeatTaken

        urls, _, _ = deployment
        session_id, _ = recorded
        with SessionDatabase(urls["writer"]).open(session_id, facilitator=True) as journal:
            head = journal.head()
            assert journal.append(note(head + 1, "recorded from the facilitator's seat")).seq == head + 1
            with pytest.raises(SeatTaken, match="the facilitator's seat is held by"):
                SessionDatabase(urls["writer"]).open(session_id, facilitator=True)
            with pytest.raises(SeatTaken):
                SessionDatabase(urls["reader"]).open(session_id, facilitator=True)

    @pytest.mark.parametrize(
        ("statement", "refusal"),
        [
            ("UPDATE tabletop.events SET payload = payload", "permission denied for table events"),
            ("DELETE FROM tabletop.events", "permission denied for table events"),
            ("TRUNCATE tabletop.events", "permission denied for table events"),
            ("UPDATE tabletop.documents SET text = 'edited'", "permission denied for table documents"),
            ("DELETE FROM tabletop.sessions", "permission denied for table sessions"),
            ("INSERT INTO tabletop.schema_version VALUES (99, 'x', now(), 'w', 'x')", "permission denied"),
            ("ALTER TABLE tabletop.events DISABLE TRIGGER USER", "must be owner of table events"),
            ("CREATE TABLE tabletop.side_notes (text text)", "permission denied for schema tabletop"),
            ("DROP FUNCTION tabletop.append_event", "must be owner of function"),
        ],
    )
    def test_the_writer_can_change_and_remove_nothing(
        self,
        deployment: tuple[dict[str, str], dict[str, str], Path],
        recorded: tuple[str, Path],
        statement: str,
        refusal: str,
    ) -> None:
        urls, _, _ = deployment
        with (
            psycopg.connect(urls["writer"], autocommit=True) as writer,
            pytest.raises(psycopg.errors.InsufficientPrivilege, match=refusal),
        ):
            writer.execute(statement)

    def test_the_reader_reads_and_follows_but_records_nothing(
        self, deployment: tuple[dict[str, str], dict[str, str], Path], recorded: tuple[str, Path]
    ) -> None:
        urls, env, _ = deployment
        session_id, _ = recorded
        assert _tabletop("export", session_id, "--db", urls["reader"], env=env).returncode == 0
        with SessionDatabase(urls["reader"]).open(session_id) as journal:
            head = journal.head()
            assert journal.wait_for_events(head - 1, 1)[0].seq == head
            with pytest.raises(
                DatabaseError, match=r"record event \d+ was refused: permission denied for table events"
            ):
                journal.append(note(head + 1, "the reader tries"))
        refused = _tabletop("import", str(recorded[1]), "--db", urls["reader"], env=env)
        assert refused.returncode == 1


class TestTLS:
    def test_verify_full_connects_by_the_certificates_name(
        self, deployment: tuple[dict[str, str], dict[str, str], Path]
    ) -> None:
        urls, _, _ = deployment
        assert "sslmode=verify-full" in urls["writer"] and "@localhost:" in urls["writer"]
        facts = SessionDatabase(urls["writer"]).facts()
        assert facts.sslmode == "verify-full" and facts.encryption is not None and facts.encryption.startswith("TLSv1.")

    def test_another_name_than_the_certificates_is_refused(
        self, postgres_server: PostgresServer, deployment: tuple[dict[str, str], dict[str, str], Path]
    ) -> None:
        urls, env, _ = deployment
        url = urls["writer"].replace("@localhost:", "@127.0.0.1:")
        result = _tabletop("db", "status", "--db", url, env=env)
        assert result.returncode == 1
        assert 'does not match host name "127.0.0.1"' in result.stderr
        assert len(result.stderr.splitlines()) == 1

    def test_a_server_signed_by_another_ca_is_refused(
        self, postgres_server: PostgresServer, deployment: tuple[dict[str, str], dict[str, str], Path], tmp_path: Path
    ) -> None:
        urls, env, _ = deployment
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                str(tmp_path / "k"),
                "-out",
                str(tmp_path / "other-ca.crt"),
                "-subj",
                "/CN=another CA",
                "-days",
                "1",
            ],
            check=True,
            capture_output=True,
        )
        url = urls["writer"].replace(str(postgres_server.ca_file), str(tmp_path / "other-ca.crt"))
        result = _tabletop("db", "status", "--db", url, env=env)
        assert result.returncode == 1
        assert "certificate verify failed" in result.stderr


def test_a_service_file_and_pgpass_hold_everything_but_the_url(
    postgres_server: PostgresServer, deployment: tuple[dict[str, str], dict[str, str], Path], tmp_path: Path
) -> None:
    _, env, _ = deployment
    service = tmp_path / "pg_service.conf"
    service.write_text(
        "[tabletop]\nhost=localhost\n"
        f"port={postgres_server.port}\ndbname=tabletop\nuser=tabletop_reader\n"
        f"sslmode=verify-full\nsslrootcert={postgres_server.ca_file}\n",
        encoding="utf-8",
    )
    result = _tabletop("db", "status", "--db", "service=tabletop", env={**env, "PGSERVICEFILE": str(service)})
    assert result.returncode == 0, result.stderr
    assert "database    service tabletop" in result.stdout
    assert "user        tabletop_reader" in result.stdout
    assert "(verify-full)" in result.stdout


class TestThePasswordIsNeverShown:
    @pytest.fixture(scope="class")
    def account(
        self, postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
    ) -> tuple[str, list[subprocess.CompletedProcess[str]], str]:
        """A role whose password is PASSWORD, its database with the schema and one session in it,
        set up through URLs that carry the password."""
        with postgres_server.admin() as admin:
            admin.execute(f"CREATE ROLE secretive LOGIN PASSWORD '{PASSWORD}'")
            admin.execute("CREATE DATABASE secretive OWNER secretive")
        url = postgres_server.url("secretive", user="secretive", password=PASSWORD, tls=True)
        folder = tmp_path_factory.mktemp("secretive")
        dry = _tabletop("dry-run", str(HERE / "fixtures" / "drill.yaml"), "--session-dir", str(folder))
        assert dry.returncode == 0, dry.stderr
        exported = folder / "drill.jsonl"
        assert _tabletop("export", dry.stdout.strip(), "-o", str(exported)).returncode == 0
        outputs = [
            _tabletop("db", "init", "--db", url, env=_NO_PGPASS),
            _tabletop("import", str(exported), "--db", url, env=_NO_PGPASS),
        ]
        return url, outputs, outputs[-1].stdout.strip().rsplit(" ", 1)[-1]

    def test_not_when_everything_works(
        self, account: tuple[str, list[subprocess.CompletedProcess[str]], str], tmp_path: Path
    ) -> None:
        url, outputs, session_id = account
        outputs = [
            *outputs,
            _tabletop("db", "status", "--db", url, env=_NO_PGPASS),
            _tabletop("export", session_id, "--db", url, "-o", str(tmp_path / "x.jsonl"), env=_NO_PGPASS),
            _tabletop("export", session_id, env={**_NO_PGPASS, "TABLETOP_DATABASE_URL": url}),
        ]
        for result in outputs:
            assert result.returncode == 0, result.stderr
            assert PASSWORD not in result.stdout + result.stderr
        assert "the password in --db can be read by other users of this machine" in outputs[0].stderr
        assert "can be read by other users" not in outputs[-1].stderr  # from the environment: no warning
        assert PASSWORD not in (tmp_path / "x.jsonl").read_text(encoding="utf-8")
        # Nothing the database holds of the session mentions it either.
        with psycopg.connect(url) as connection:
            row = connection.execute(
                "SELECT string_agg(t, ' ') FROM ("
                " SELECT m::text AS t FROM tabletop.metadata m UNION ALL SELECT d::text FROM tabletop.documents d"
                " UNION ALL SELECT e::text FROM tabletop.events e UNION ALL SELECT s::text FROM tabletop.sessions s"
                " UNION ALL SELECT v::text FROM tabletop.schema_version v) rows"
            ).fetchone()
        assert row is not None
        (stored,) = row
        assert session_id in stored and PASSWORD not in stored

    @pytest.mark.parametrize(
        ("url", "said", "commands"),
        [
            (
                "postgresql://secretive:{wrong}@localhost:{port}/secretive?sslmode=verify-full&sslrootcert={ca}",
                'password authentication failed for user "secretive"',
                # `db status` reads the server's facts, `export` opens a session: two paths to one refusal.
                [("db", "status"), ("export", "some-session")],
            ),
            (
                "postgresql://secretive:{password}@localhost:1/secretive",
                "no server is answering there",
                [("db", "status")],
            ),
            ("postgresql://secretive:{password}%zz@localhost/secretive", "cannot be read", [("db", "status")]),
            ("host=localhost user=secretive {password}", "cannot be read", [("export", "some-session")]),
            (
                "postgresql://secretive:{password}@localhost:{port}/secretive?sslmode=bogus",
                "sslmode",
                [("db", "status")],
            ),
        ],
    )
    def test_not_when_it_fails(
        self,
        account: tuple[str, list[subprocess.CompletedProcess[str]], str],
        postgres_server: PostgresServer,
        url: str,
        said: str,
        commands: list[tuple[str, str]],
    ) -> None:
        wrong = PASSWORD[::-1]
        url = url.format(password=PASSWORD, wrong=wrong, port=postgres_server.port, ca=postgres_server.ca_file)
        for command in commands:
            result = _tabletop(*command, "--db", url, env=_NO_PGPASS)
            seen = result.stdout + result.stderr
            assert result.returncode in (1, 2)
            assert said in result.stderr
            assert PASSWORD not in seen and wrong not in seen
            assert "Traceback" not in result.stderr

    def test_not_in_what_a_writer_reports_while_the_link_is_down(
        self,
        account: tuple[str, list[subprocess.CompletedProcess[str]], str],
        postgres_server: PostgresServer,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        url, _, session_id = account
        statuses: list[LinkStatus] = []
        with SessionDatabase(url).open(session_id, retry_for=1.0, on_status=statuses.append) as journal:
            head = journal.head()
            with postgres_server.admin() as admin:  # the link drops, and logging in again fails
                admin.execute("ALTER ROLE secretive NOLOGIN")
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'secretive'")
            try:
                with pytest.raises(DatabaseUnavailable) as down:
                    journal.append(note(head + 1, "while the link is down"))
            finally:
                with postgres_server.admin() as admin:
                    admin.execute("ALTER ROLE secretive LOGIN")
        said = [str(down.value), *(status.detail for status in statuses), caplog.text]
        assert statuses and "does not answer" in statuses[0].detail and not statuses[0].up
        assert 'role "secretive" is not permitted to log in' in str(down.value)
        assert all(PASSWORD not in text for text in said)


_NO_PGPASS = {"PGPASSFILE": "/nonexistent"}
