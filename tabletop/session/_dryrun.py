"""`tabletop dry-run`: play a scenario's default path headlessly into a real session file.

Called by the CLI (and by authors' scripts) so that an author can preview the
after-action report without a seminar. It owns the dry-run's choices, each of
them recorded in the journal so that nobody mistakes the result for a played
session: the session is marked `dry_run`, decision points take their default
option, each inject's phase is entered through the phase machine with the
gate answers the scenario states (source `scenario`) or, where it states
nothing, a confirmation recorded with source `dry-run default`; the
scenario's citations are recorded as presented with each inject, as in a room.

All events go into one transaction of a file built under a temporary name:
a dry-run that fails leaves no file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, overload

from tabletop.rules import Corpus
from tabletop.session._engine import Clock, Session
from tabletop.session._events import AnswerSource
from tabletop.session._state import DecisionOption

if TYPE_CHECKING:
    from tabletop.session._pgstore import SessionDatabase

__all__ = ["DRY_RUN_DEFAULT", "dry_run", "dry_run_loaded", "play_path"]

DRY_RUN_DEFAULT: Final = "dry-run default"
"""The answer source recorded for a gate the scenario states no answer for."""


@overload
def dry_run(
    scenario_path: str | os.PathLike[str],
    corpus: Corpus,
    *,
    session_dir: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
    database: None = None,
) -> Path: ...


@overload
def dry_run(
    scenario_path: str | os.PathLike[str],
    corpus: Corpus,
    *,
    session_dir: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
    database: SessionDatabase,
) -> str: ...


def dry_run(
    scenario_path: str | os.PathLike[str],
    corpus: Corpus,
    *,
    session_dir: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
    database: SessionDatabase | None = None,
) -> Path | str:
    """Validate a scenario file, walk its default path into a new session file and return its path
    (with `database`, into a new session there, in one transaction: its label).

    An invalid scenario raises `ScenarioError` with the validator's messages.
    """
    from tabletop.scenario import load_scenario

    loaded = load_scenario(scenario_path, corpus, remember_parse=True)  # the texts the session will store
    if database is not None:
        with Session.building(loaded, corpus, clock=clock, dry_run=True, database=database) as session:
            _walk(session)
            label = str(session.path)
        return label
    return dry_run_loaded(loaded, corpus, session_dir=session_dir, clock=clock)


def dry_run_loaded(
    scenario: Any,
    corpus: Corpus,
    *,
    session_dir: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
) -> Path:
    """The dry-run of an already loaded scenario (see `dry_run`)."""
    with Session.building(scenario, corpus, session_dir=session_dir, clock=clock, dry_run=True) as session:
        _walk(session)
        path = Path(session.path)  # a file: building writes one
    return path


def _walk(session: Session) -> None:
    play_path(session)
    session.end("dry-run along the scenario's default path")


def play_path(
    session: Session, choose: Callable[[tuple[DecisionOption, ...]], DecisionOption | None] | None = None
) -> None:
    """Play from where the session stands until the path ends or comes back to an inject it
    delivered: each inject entered through its move with the answers the scenario states
    (source `scenario`) or a confirmation (source `dry-run default`), the scenario's
    citations presented with it (as every delivery records them). At a decision point `choose` picks the option (the default one by
    default; None continues with `next`)."""
    seen: set[str] = set()
    while True:
        options = session.options()
        chosen = choose(options) if choose is not None else next((o for o in options if o.default), None)
        target = chosen.target if chosen is not None else session.next_inject
        if target is None or target in seen:
            return
        seen.add(target)
        step = session.preview(target)
        answers: dict[str, bool] = {}
        sources: dict[str, AnswerSource] = {}
        for gate in step.move.gates if step.move is not None else ():
            if gate.stated is not None:
                answers[gate.id], sources[gate.id] = gate.stated, "scenario"
            else:
                answers[gate.id], sources[gate.id] = True, DRY_RUN_DEFAULT
        if chosen is not None:
            session.take_option(chosen.index, answers, sources=sources)
        else:
            session.deliver_next(answers, sources=sources)
        for determination, answer in getattr(session.inject(target), "determinations", {}).items():
            session.determine(determination, answer, "stated by scenario", source="scenario")
