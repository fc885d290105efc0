"""The session's convenience methods: one method per command, raising where `execute` refuses.

Mixed into `Session`. Each method builds the command of the same name, decided on the state the
session stands at when it runs (`tabletop.session._commands`), records it through the one command
path, and returns its event; a refusal raises the `TabletopError` saying why (`GatesUnanswered`,
`SessionEnded`, `UsageError`, ...), with nothing recorded. For scripts, tests and the dry-run,
which want an exception; a screen or a second writer uses `Session.execute` and its `Outcome`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

import tabletop.session._events as ev
from tabletop.lazyexports import lazy_module

if TYPE_CHECKING:
    import tabletop.session._commands as cmd
else:
    # Imported by the first command: a process that only reads a session (`status`, the
    # reports, `export`) never builds the commands' classes.
    cmd = lazy_module("tabletop.session._commands")

__all__ = ["SessionShortcuts"]

_NOW = -1
"""The `expected_seq` a convenience method's command is built with: `_run` decides it on the
state the session stands at when it runs."""


class SessionShortcuts:
    """The convenience methods of `Session` (see the module docstring)."""

    def _run(self, command: cmd.Command) -> ev.Event:
        raise NotImplementedError

    # -- navigation ----------------------------------------------------------

    def deliver_next(
        self,
        answers: Mapping[str, bool] | None = None,
        *,
        remarks: Mapping[str, str] | None = None,
        without_move: bool = False,
        sources: Mapping[str, ev.AnswerSource] | None = None,
    ) -> ev.Event:
        """Deliver the inject that follows the current one (the first, at the start).

        If it enters a new phase through a gated move, `answers` holds the room's answer to
        each gate (`snapshot().next.move.gates` lists them) and `remarks` the facilitator's
        remark on any of them. Every gate yes: the move fires and the inject is delivered.
        A gate answered no: the room's determinations are recorded (`move_declined`), the
        phases and the current inject stay, and that event is returned; the facilitator then
        delivers without the move (`without_move=True`), takes another branch, or stays.
        Gates left unanswered with no "no" among the answers raise `GatesUnanswered`.
        `sources` says, per gate, who answered when it was not the room (`scenario`, or a
        dry-run's `dry-run default`): such answers are recorded as assumed.
        """
        return self._run(
            cmd.DeliverNext(
                expected_seq=_NOW,
                answers=answers or {},
                remarks=remarks or {},
                sources=sources or {},
                without_move=without_move,
            )
        )

    def jump(
        self,
        inject_id: str,
        answers: Mapping[str, bool] | None = None,
        *,
        remarks: Mapping[str, str] | None = None,
        without_move: bool = False,
    ) -> ev.Event:
        """Deliver any inject, chosen by the facilitator.

        An inject of another phase either fires its move through the gates (as for
        `deliver_next`) or, with `without_move=True`, is delivered out of phase and recorded
        as such. A phase more than one move away can only be entered out of phase (or by
        firing the moves that lead there first).
        """
        return self._run(
            cmd.Jump(
                expected_seq=_NOW,
                inject=inject_id,
                answers=answers or {},
                remarks=remarks or {},
                without_move=without_move,
            )
        )

    def take_option(
        self,
        choice: str | int,
        answers: Mapping[str, bool] | None = None,
        *,
        remarks: Mapping[str, str] | None = None,
        without_move: bool = False,
        sources: Mapping[str, ev.AnswerSource] | None = None,
    ) -> ev.Event:
        """Take one of the current inject's decision options (by label or 0-based index);
        the answers as for `deliver_next`."""
        return self._run(
            cmd.TakeOption(
                expected_seq=_NOW,
                choice=choice,
                answers=answers or {},
                remarks=remarks or {},
                sources=sources or {},
                without_move=without_move,
            )
        )

    def go_back(self) -> ev.Event:
        """Return to the inject shown before the current one (phases are not undone)."""
        return self._run(cmd.GoBack(expected_seq=_NOW))

    def insert_adhoc(
        self, title: str, narrative: str = "", *, tags: Sequence[str] = (), inject_id: str | None = None
    ) -> ev.Event:
        """Deliver an inject the facilitator improvises; `next` then continues where play was heading."""
        return self._run(
            cmd.InsertAdHoc(expected_seq=_NOW, title=title, narrative=narrative, tags=tuple(tags), inject=inject_id)
        )

    def fire(
        self, trigger: str, answers: Mapping[str, bool] | None = None, *, remarks: Mapping[str, str] | None = None
    ) -> ev.Event:
        """Fire a phase trigger with the room's gate answers, through the phase machine.

        A trigger not legal here raises `TransitionRefused` (naming the legal triggers) and
        records nothing. A gate answered no records the room's determinations
        (`move_declined`) and leaves the phases as they are.
        """
        return self._run(cmd.Fire(expected_seq=_NOW, trigger=trigger, answers=answers or {}, remarks=remarks or {}))

    # -- the record ----------------------------------------------------------

    def cite(self, clause_id: str, reason: str = "", *, source: ev.CitationSource = "facilitator") -> ev.Event:
        """Cite a clause for the current inject; it is marked out of phase when it does not apply now.

        `source` says who cited it: `facilitator` (by hand), `suggestion` (a ranked
        suggestion taken) or `scenario`."""
        return self._run(cmd.Cite(expected_seq=_NOW, clause=clause_id, reason=reason, source=source))

    def withdraw(self, clause_id: str, reason: str = "", *, inject_id: str | None = None) -> ev.Event:
        """Withdraw a citation (of the current inject by default)."""
        return self._run(cmd.Withdraw(expected_seq=_NOW, clause=clause_id, reason=reason, inject=inject_id))

    def note(self, text: str) -> ev.Event:
        """Record a note (attached to the current inject, if any)."""
        return self._run(cmd.Note(expected_seq=_NOW, text=text))

    def decide(self, decided_by: str, decision: str) -> ev.Event:
        """Record who decided what (attached to the current inject, if any)."""
        return self._run(cmd.Decide(expected_seq=_NOW, decided_by=decided_by, decision=decision))

    def determine(
        self, determination_id: str, answer: bool, remark: str = "", *, source: ev.AnswerSource = "facilitator"
    ) -> ev.Event:
        """Record the room's answer to a determination that changes no phase (a grey-zone order such
        as a maritime security operation, a situation found on imminent danger): the snapshot's
        `available_determinations` lists those open now. An unknown id raises `UsageError` (with
        the nearest ids), one not open in the phases in force `RefusedError`; either records nothing."""
        return self._run(
            cmd.Determine(
                expected_seq=_NOW, determination=determination_id, answer=answer, remark=remark, source=source
            )
        )

    def rate(self, inject_id: str, action: str, rating: ev.Rating, observation: str = "") -> ev.Event:
        """Rate an expected action of a delivered inject P, S, M or U, with an observation.

        `action` is the action's key (`a1`, `a2`, ...: the rating sheet and the snapshot
        show it). An inject not delivered yet is refused: the room has not seen it.
        """
        return self._run(
            cmd.Rate(expected_seq=_NOW, inject=inject_id, action=action, rating=rating, observation=observation)
        )

    def hot_wash(self, kind: ev.HotWashKind, text: str, *, objective: str | None = None) -> ev.Event:
        """Record a hot-wash entry: `strength` or `improvement` (area for improvement)."""
        return self._run(cmd.HotWash(expected_seq=_NOW, kind=kind, text=text, objective=objective))

    def add_improvement_item(
        self,
        *,
        issue: str,
        corrective_action: str,
        capability_element: str = "",
        responsible_organisation: str = "",
        point_of_contact: str = "",
        start_date: date | str | None = None,
        completion_date: date | str | None = None,
    ) -> ev.Event:
        """Add an item to the improvement plan (an issue and a corrective action are enough: the
        rest may be completed later). `capability_element` is one of `CAPABILITY_ELEMENTS`, in
        any case; another raises `UsageError`."""
        return self._run(
            cmd.AddImprovementItem(
                expected_seq=_NOW,
                issue=issue,
                corrective_action=corrective_action,
                capability_element=capability_element,
                responsible_organisation=responsible_organisation,
                point_of_contact=point_of_contact,
                start_date=start_date,
                completion_date=completion_date,
            )
        )

    def complete_improvement_item(
        self,
        item: int,
        *,
        corrective_action: str | None = None,
        capability_element: str | None = None,
        responsible_organisation: str | None = None,
        point_of_contact: str | None = None,
        start_date: date | str | None = None,
        completion_date: date | str | None = None,
    ) -> ev.Event:
        """Complete or correct fields of improvement item `item` (1 for the first)."""
        return self._run(
            cmd.CompleteImprovementItem(
                expected_seq=_NOW,
                item=item,
                corrective_action=corrective_action,
                capability_element=capability_element,
                responsible_organisation=responsible_organisation,
                point_of_contact=point_of_contact,
                start_date=start_date,
                completion_date=completion_date,
            )
        )

    def close_improvement_item(self, item: int, remark: str = "") -> ev.Event:
        """Close improvement item `item` (1 for the first)."""
        return self._run(cmd.CloseImprovementItem(expected_seq=_NOW, item=item, remark=remark))

    def pause_clock(self, reason: str = "") -> ev.Event:
        """Stop the exercise clock for a break."""
        return self._run(cmd.PauseClock(expected_seq=_NOW, reason=reason))

    def resume_clock(self) -> ev.Event:
        """Run the exercise clock again."""
        return self._run(cmd.ResumeClock(expected_seq=_NOW))

    def end(self, summary: str = "") -> ev.Event:
        """End the session: afterwards every operation is refused with `SessionEnded`."""
        return self._run(cmd.End(expected_seq=_NOW, summary=summary))
