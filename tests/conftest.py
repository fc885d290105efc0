"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tabletop.cli import cli


@pytest.fixture(scope="session")
def corpus():
    """The bundled rules file, loaded once."""
    from tabletop.rules import load_rules

    return load_rules()


@pytest.fixture
def run_cli():
    """Run the command line in-process; returns (exit status, stdout, stderr)."""
    from tabletop.cli._common import run_guarded

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
