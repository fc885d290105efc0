"""`tabletop dry-run`: play a scenario's default path headlessly into a real session file.

Called by the CLI (and by authors' scripts) so that an author can preview the
after-action report without a seminar. It owns the dry-run's choices, each of
them recorded in the journal so that nobody mistakes the result for a played
session: the session is marked `dry_run`, decision points take their default
option, each inject's phase is entered through the phase machine with the
gate answers the scenario states (source `scenario`) or, where it states
nothing, a confirmation recorded with source `dry-run default`, and the
scenario's citations are applied with source `scenario`.

All events go into one transaction of a file built under a temporary name:
a dry-run that fails leaves no file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tabletop.rules.corpus import Corpus
from tabletop.session.engine import Clock, Session

__all__ = ["DRY_RUN_DEFAULT", "dry_run", "dry_run_loaded"]

DRY_RUN_DEFAULT = "dry-run default"
"""The answer source recorded for a gate the scenario states no answer for."""


def dry_run(
    scenario_path: str | os.PathLike[str],
    corpus: Corpus,
    *,
    session_dir: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
) -> Path:
    """Validate a scenario file, walk its default path into a new session file and return its path.

    An invalid scenario raises `ScenarioError` with the validator's messages.
    """
    from tabletop.scenario import load_scenario

    return dry_run_loaded(load_scenario(scenario_path, corpus), corpus, session_dir=session_dir, clock=clock)


def dry_run_loaded(
    scenario: Any,
    corpus: Corpus,
    *,
    session_dir: str | os.PathLike[str] | None = None,
    clock: Clock | None = None,
) -> Path:
    """The dry-run of an already loaded scenario (see `dry_run`)."""
    with Session._building(scenario, corpus, session_dir=session_dir, clock=clock, dry_run=True) as session:
        _walk(session)
        session.end("dry-run along the scenario's default path")
        path = session.path
    return path


def _walk(session: Session) -> None:
    view = session.view
    seen: set[str] = set()
    while True:
        chosen = next((o for o in session.options() if o.default), None)
        option = chosen.label if chosen is not None else None
        target = chosen.target if chosen is not None else session._fold.next_inject()
        if target is None or target in seen:
            return
        seen.add(target)
        plan = session.entry_plan(target)
        answers: dict[str, bool] = {}
        sources: dict[str, str] = {}
        if plan is not None:
            for gate in plan.gates:
                if gate.id in plan.stated:
                    answers[gate.id], sources[gate.id] = bool(plan.stated[gate.id]), "scenario"
                else:
                    answers[gate.id], sources[gate.id] = True, DRY_RUN_DEFAULT
        via = "option" if option is not None else "next"
        session._deliver(target, via, option, answers, sources)
        for clause_id in dict.fromkeys(view.inject(target).cite):
            session.cite(clause_id, "cited by scenario", source="scenario")
