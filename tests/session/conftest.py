"""Shared fixtures for the session-engine tests: a small rules file and scenario, and sessions on them."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterator
from datetime import datetime, timedelta, UTC
from pathlib import Path

import pytest

from tabletop.rules import Corpus, load_rules
from tabletop.scenario import LoadedScenario, load_scenario
from tests.conftest import RunCli
from tests.session.journal_support import HOSTILE_NOTE
from tabletop.session import Session

FIXTURES = Path(__file__).parent / "fixtures"
RULES = FIXTURES / "rules.yaml"
DRILL = FIXTURES / "drill.yaml"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class TickingClock:
    """A deterministic UTC clock advancing one second per reading."""

    def __init__(self) -> None:
        self._ticks = itertools.count()
        self.origin = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.origin + timedelta(seconds=next(self._ticks))


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_rules(RULES)


@pytest.fixture(scope="session")
def drill(corpus: Corpus) -> LoadedScenario:
    return load_scenario(DRILL, corpus)


@pytest.fixture
def session_dir(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


@pytest.fixture
def ticking_clock() -> type[TickingClock]:
    """A factory of fresh deterministic clocks."""
    return TickingClock


@pytest.fixture
def session(drill: LoadedScenario, corpus: Corpus, session_dir: Path) -> Iterator[Session]:
    opened = Session.start(drill, corpus, session_dir=session_dir, clock=TickingClock())
    yield opened
    opened.close()


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> RunCli:
    """Run `tabletop --rules <fixture rules> ARGS...` in a fresh folder: (status, stdout, stderr)."""
    from tabletop.cli import cli
    from tabletop.cli import run_guarded

    monkeypatch.delenv("TABLETOP_SESSION_DIR", raising=False)
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> tuple[int, str, str]:
        status = run_guarded(cli, ["--rules", str(RULES), *args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return invoke


@pytest.fixture
def dry_session(run: RunCli) -> Path:
    """A dry-run of the drill, written by the command line (its path as printed)."""
    status, out, err = run("dry-run", str(DRILL))
    assert status == 0, err
    return Path(out.strip())


@pytest.fixture
def played(session: Session) -> Session:
    """A session with one event of most kinds, a hostile note among them, ended and closed."""
    session.deliver_next()
    session.cite("III.A", "coordination")
    session.rate("quiet", "a1", "S", "slow")
    session.note(HOSTILE_NOTE)
    session.deliver_next({"important_influence": True})
    session.take_option("Evacuate noncombatants")
    session.decide("Japan cell", "Evacuate")
    session.insert_adhoc("Ferry fire", "日本語の説明も記録される")
    session.hot_wash("improvement", "Information sharing lagged")
    session.end()
    session.close()
    return session
