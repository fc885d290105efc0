"""Fixtures shared by every test folder."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Generator, Iterator
from typing import NoReturn, Protocol

import pluggy
import pytest
from click.testing import CliRunner
from hypothesis import settings

from benchmarks.postgres_server import PostgresServer
from tabletop.cli import cli
from tabletop.rules import Corpus

# Speed is measured by the benchmarks, never by tests: a busy machine must not fail a
# property on time. In CI the examples are derived from each test, so a run can be
# repeated exactly; elsewhere they are random, to keep finding new cases.
settings.register_profile("tabletop", deadline=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("tabletop"), derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "tabletop")

# The compiled rules (tabletop.rules._cache) go to this run's own cache folder, not the user's.
_CACHE = tempfile.mkdtemp(prefix="tabletop-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
# A session database in the developer's environment must never receive the tests' sessions:
# tests that use a database name their own.
os.environ.pop("TABLETOP_DATABASE_URL", None)


class RunCli(Protocol):
    """The command line run in-process: `run(*args)` gives (exit status, stdout, stderr)."""

    def __call__(self, *args: str) -> tuple[int, str, str]: ...


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The bundled rules file, loaded once."""
    from tabletop.rules import load_rules

    return load_rules()


@pytest.fixture
def run_cli() -> RunCli:
    """Run the command line in-process; returns (exit status, stdout, stderr)."""
    from tabletop.cli import run_guarded

    def run(*args: str) -> tuple[int, str, str]:
        runner = CliRunner()
        holder: dict[str, int] = {}

        def invoke() -> None:
            holder["status"] = run_guarded(cli, list(args))

        with runner.isolation() as (out, err, *_):
            invoke()
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        return holder["status"], stdout, stderr

    return run


# --- a real PostgreSQL server ---------------------------------------------------------------------
#
# One server per test worker (pytest-xdist runs each worker in its own process, so a session
# fixture is per worker), started from Debian's binaries in a temporary folder and stopped at
# the end; each test gets a database of its own. A test that uses one is marked `postgres`.
# Under .ci/run (TABLETOP_CI=1) such a test never skips: a missing server fails it.

POSTGRES_FIXTURES = {"postgres_server", "database_url", "empty_database_url"}
_TEMPLATE = "tabletop_template"


def _postgres_missing(reason: str) -> NoReturn:
    if os.environ.get("TABLETOP_CI"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this worker's own (`benchmarks.postgres_server.PostgresServer`)."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _postgres_missing("psycopg is not installed: pip install '.[test]'")
    from benchmarks.postgres_server import ServerUnavailable

    try:
        server = PostgresServer()
    except ServerUnavailable as exc:
        _postgres_missing(str(exc))
    try:
        server.start()
        server.create_database(_TEMPLATE)
        from tabletop.session import SessionDatabase

        SessionDatabase(server.url(_TEMPLATE)).init_schema("test")
    except BaseException:
        server.remove()
        raise
    yield server
    server.remove()


@pytest.fixture
def empty_database_url(postgres_server: PostgresServer) -> str:
    """A new, empty database (no tabletop schema); its URL over the Unix socket."""
    import uuid

    return postgres_server.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def database_url(postgres_server: PostgresServer) -> str:
    """A new database with the tabletop schema; its URL over the Unix socket."""
    import uuid

    return postgres_server.create_database(f"t_{uuid.uuid4().hex[:12]}", template=_TEMPLATE)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pluggy.Result[pytest.TestReport], None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("TABLETOP_CI") and item.get_closest_marker("postgres"):
        report.outcome = "failed"
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"a PostgreSQL test was skipped, which CI does not allow: {reason}"
