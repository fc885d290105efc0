"""Probe tests for tests/test_ci_policy.py, run only when it names this file (the name matches no
test file pattern): a PostgreSQL test that skips, and one whose server cannot be started."""

import pytest


@pytest.mark.postgres
def test_a_postgres_test_that_skips() -> None:
    pytest.skip("no server here")


def test_a_test_whose_server_cannot_start(database_url: str) -> None:
    raise AssertionError("never reached: there is no server")
