"""In CI (.ci/run sets TABLETOP_CI=1) a PostgreSQL test never passes by being skipped: a skip, or a
server that cannot be started, fails it; elsewhere both are skips, with the reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _probe(ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TABLETOP_CI", "PYTEST_XDIST_WORKER")}
    env["TABLETOP_PG_BINDIR"] = "/nonexistent"  # as on a machine without PostgreSQL's server
    if ci:
        env["TABLETOP_CI"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "tests/ci_postgres_probe.py", "-n0", "-p", "no:cacheprovider", "-rA"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("ci", [True, False], ids=["in CI", "elsewhere"])
def test_a_skipped_postgres_test_fails_only_in_ci(ci: bool) -> None:
    result = _probe(ci)
    if ci:
        assert result.returncode == 1, result.stdout
        assert "1 failed, 1 error" in result.stdout  # the skip fails; the missing server fails its setup
        assert "a PostgreSQL test was skipped, which CI does not allow: " in result.stdout
        assert "PostgreSQL is required in CI: PostgreSQL's server programs (initdb, pg_ctl) are not installed" in (
            result.stdout
        )
    else:
        assert result.returncode == 0, result.stdout
        assert "2 skipped" in result.stdout
