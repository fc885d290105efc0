"""Fixtures shared by every test folder."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from click.testing import CliRunner
from hypothesis import settings

from tabletop.cli import cli

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


@pytest.fixture(scope="session")
def corpus():
    """The bundled rules file, loaded once."""
    from tabletop.rules import load_rules

    return load_rules()


@pytest.fixture
def run_cli():
    """Run the command line in-process; returns (exit status, stdout, stderr)."""
    from tabletop.cli import run_guarded

    def run(*args: str):
        runner = CliRunner()
        holder = {}

        def invoke():
            holder["status"] = run_guarded(cli, list(args))

        with runner.isolation() as (out, err, *_):
            invoke()
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        return holder["status"], stdout, stderr

    return run
