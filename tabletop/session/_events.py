"""The session journal's vocabulary: one typed event per facilitator action.

Written by `tabletop.session._engine` (live play, dry-runs), read back by
`tabletop.session._fold` (replay), `tabletop.session._store` (SQLite rows) and
`tabletop.session._interchange` (JSON Lines export and import). Every event has
the same envelope - `seq` (1, 2, 3, ... without gaps), `at` (UTC) and `type` -
and a typed `payload`. The set of events and their fields is the journal
format; `JOURNAL_FORMAT_VERSION` changes whenever an old reader could no
longer read what a new writer writes.

Events record facts as they happened in the room, including what the state
looked like when it mattered (the phases before and after a transition,
whether a cited clause was out of phase), so that a report made years later
does not have to re-derive them.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, UTC
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    field_validator,
    model_serializer,
    model_validator,
)

from tabletop.scenario import TIME_PATTERN as SCENARIO_TIME_PATTERN
from tabletop.session._seats import Seat
from tabletop.strictmodel import StrictModel

__all__ = [
    "ANSWER_SOURCES",
    "ActionRated",
    "AdHocInjectInserted",
    "AnswerSource",
    "CAPABILITY_ELEMENTS",
    "CITATION_SOURCES",
    "CITATION_WEIGHT",
    "CapabilityElement",
    "CitationSource",
    "CitationWithdrawn",
    "ClauseCited",
    "ClockPaused",
    "ClockResumed",
    "DecisionRecorded",
    "DeterminationRecorded",
    "Event",
    "EventPayload",
    "GateAnswer",
    "HOT_WASH_KINDS",
    "HotWashKind",
    "HotWashRecorded",
    "IMPROVEMENT_FIELDS",
    "IMPROVEMENT_PLAN_EVENTS",
    "ITEM_NEEDS_WORDS",
    "ImprovementItemAdded",
    "ImprovementItemClosed",
    "ImprovementItemUpdated",
    "InjectDelivered",
    "JOURNAL_FORMAT_VERSION",
    "MAX_ANSWER_CHARS",
    "MoveDeclined",
    "NoteRecorded",
    "PROMPT_KINDS",
    "ParticipantSeatClaimed",
    "ParticipantSeatIssued",
    "ParticipantSeatReissued",
    "ParticipantSeatRevoked",
    "Payload",
    "PhaseTriggerFired",
    "PromptAnswered",
    "PromptClosed",
    "PromptKind",
    "PromptOpened",
    "PromptRevealed",
    "ProposalClause",
    "RATINGS",
    "Rating",
    "RecordedPayload",
    "SessionClosed",
    "SessionStarted",
    "TransitionFact",
    "WentBack",
    "capability_element",
    "event_adapter",
    "event_types",
    "payload_adapter",
    "stated_reason",
    "stored_moment",
]

JOURNAL_FORMAT_VERSION = 7
"""Version of the journal format (events and their payloads, the SQLite tables, the JSONL header).

7 lets a seat card's code admit one device: the first device to join with it claims the seat
(`participant_seat_claimed`, the SHA-256 of the token its browser holds), and a new card for the
same seat replaces the code and clears the claim (`participant_seat_reissued`). Version 6 and
older journals read, and export, as they were written; their seats, never claimed, are claimed
by the next device to join with their cards.

6 keeps the decision clock in scenario time: the scenario time at which the room made each
determination (`GateAnswer.scenario_time`, `determination_recorded.scenario_time`). Version 5 and
older journals read, and export, as they were written.

5 follows the room: an inject delivered with its move pending (`inject_delivered.move_pending`)
and the move determined afterwards (`phase_trigger_fired.inject`), the clauses the scenario cites
recorded as presented at delivery (`inject_delivered.presented`), the gates a "no" left unput
(`move_declined.not_put`), improvement items as drafts completed and closed later
(`improvement_item_updated`, `improvement_item_closed`, which an ended session still accepts).
It also records who wrote each event (`by`: the seat's role, its cell and the person's name, in
every payload), so that several seats record one session and the report says who recorded what,
and brought the participants' page: seats issued to cells and revoked, prompts opened,
answered, closed and revealed.
Version 4 and older journals read, and export, as they were written; their events name no seat,
and a session of an older format records on without seats (one facilitator, as before).

4 brought the facilitator's name into the journal (`session_started.facilitator`), so that the
journal digest covers it: a name edited in the file's metadata no longer matches. Version 3 and
older journals read as before; their facilitator, if any, is the metadata's.

3 added the determinations the room records without a move (`determination_recorded`: the
grey zone's orders, an armed attack situation found on imminent danger). Version 2 and 1
journals read as before.

2 added the room's "no" (`move_declined`), delivery without the move
(`inject_delivered.without_move`), who decides each gate and the
facilitator's remark (`GateAnswer.authority`, `.remark`), and citations taken
from the suggestions (source `suggestion`). Version 1 journals read as before."""

Rating = Literal["P", "S", "M", "U"]
"""HSEEP ratings of an expected action: P performed without challenges, S with some
challenges, M with major challenges, U unable to be performed."""
RATINGS: tuple[Rating, ...] = get_args(Rating)
"""Every rating, in the scale's order (for a select widget)."""

HotWashKind = Literal["strength", "improvement"]
"""A hot-wash entry is a strength or an area for improvement."""
HOT_WASH_KINDS: tuple[HotWashKind, ...] = get_args(HotWashKind)

AnswerSource = Literal["facilitator", "scenario", "dry-run default"]
"""Who answered a gate: the room (through the facilitator), the scenario's stated answer, or a
dry-run confirming a gate the scenario says nothing about. Only `facilitator` answers are the
room's; the other two are assumed."""
ANSWER_SOURCES: tuple[AnswerSource, ...] = get_args(AnswerSource)

CitationSource = Literal["facilitator", "suggestion", "scenario", "discussed"]
"""Who cited a clause: the facilitator by hand, the facilitator taking a ranked suggestion, the
scenario (presented to the room with its inject), or the room discussing it without citing it as
a basis (the facilitator marks it discussed)."""
CITATION_SOURCES: tuple[CitationSource, ...] = get_args(CitationSource)


CapabilityElement = Literal["Planning", "Organisation", "Equipment", "Training", "Exercises"]
"""HSEEP's capability elements (POETE), the part of a capability an improvement item's corrective
action builds."""
CAPABILITY_ELEMENTS: tuple[CapabilityElement, ...] = get_args(CapabilityElement)

ITEM_NEEDS_WORDS: dict[str, str] = {"issue": "an issue", "corrective_action": "a corrective action"}
"""The improvement item's fields that must say something whenever they are given, in the plan's
words: the session refuses a blank one, and the command line says so before opening it."""

_CAPABILITY_SPELLINGS: dict[str, CapabilityElement] = {
    **{element.casefold(): element for element in CAPABILITY_ELEMENTS},
    # HSEEP's own spellings, as its templates print them.
    "organization": "Organisation",
    "exercise": "Exercises",
}


def capability_element(given: str) -> CapabilityElement | None:
    """The capability element `given` names, in any case (HSEEP's `Organization` and `Exercise`
    too), or None when it names none. A journal written before the elements were checked may hold
    any text in `capability_element`: it still reads, as written."""
    return _CAPABILITY_SPELLINGS.get(given.strip().casefold())


def stated_reason(reason: str, source: str) -> str:
    """A citation's reason as a record shows it beside its source: "" when it says no more than
    who cited it (`cited by the scenario` for a clause the scenario presented), else as recorded.
    The report and `tabletop status` both show a citation as its source and this."""
    return "" if reason in (f"cited by {source}", f"cited by the {source}") else reason


CITATION_WEIGHT: dict[str, int] = {"scenario": 0, "discussed": 1, "facilitator": 2, "suggestion": 2}
"""How far the room took a clause up: presented by the scenario, discussed, cited by the room. A
clause already recorded for an inject may be recorded again only further along this scale."""

_ID = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""No event is dated before this: a journal that says so was not recorded by a computer's clock."""


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamps must carry a time zone (UTC)")
    try:
        moment = value.astimezone(UTC)
    except OverflowError:  # 9999-12-31 in a time zone west of UTC
        raise ValueError("the time is out of range (after the year 9999 in UTC)") from None
    if moment < EARLIEST:
        raise ValueError(f"{moment.date().isoformat()} is before 1970: no event of a session is dated then")
    return moment


def _without_defaults(data: dict[str, Any], model: BaseModel, names: tuple[str, ...]) -> dict[str, Any]:
    """`data` less the fields `names` where they hold their default: a journal written before
    those fields existed reads, and exports, exactly as it was written."""
    for name in names:
        if getattr(model, name) == type(model).model_fields[name].get_default(call_default_factory=True):
            data.pop(name, None)
    return data


# -- pieces shared by several payloads -------------------------------------


class GateAnswer(StrictModel):
    """The answer to one gate of a phase transition, and who gave it."""

    gate: str
    """The gate's slug, as in the rules file."""
    answer: bool
    """True when the determination was confirmed."""
    source: AnswerSource
    """Who answered: the facilitator (the room decided), the scenario's stated answer, or a
    dry-run confirming a gate the scenario says nothing about."""
    authority: str = ""
    """Who decides this determination, as the rules file says (empty in version 1 journals)."""
    remark: str = ""
    """The facilitator's remark on the room's answer."""
    scenario_time: str | None = Field(default=None, pattern=SCENARIO_TIME_PATTERN)
    """The scenario time at which the room answered (`D 05:30`), as the facilitator gave it or the
    inject's own time by default; None when neither was known (and in journals before format 6)."""

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _without_defaults(handler(self), self, ("scenario_time",))


class TransitionFact(StrictModel):
    """A phase transition the phase machine accepted."""

    trigger: str
    """The trigger that fired, as in the rules file."""
    before: tuple[str, ...]
    """The phases that held before, in region order."""
    after: tuple[str, ...]
    """The phases that hold after, in region order."""
    answers: tuple[GateAnswer, ...] = ()
    """The gate answers the transition was fired with."""

    @property
    def answer_map(self) -> dict[str, bool]:
        return {a.gate: a.answer for a in self.answers}


# -- payloads ----------------------------------------------------------------


class RecordedPayload(StrictModel):
    """What every payload carries besides its own fields: the seat that recorded it."""

    by: Seat | None = None
    """The seat that recorded the event (its role, cell and the person's name); None, and left
    out of the journal, in a journal written before format 5 (see `JOURNAL_FORMAT_VERSION`)."""

    moves_play: ClassVar[str | None]
    """Whether recording this event moves the room's play: what it did, in words for a refusal
    ("an inject was delivered"), or None for an annotation of play (a note, a decision, a
    rating, a citation, an answer, the clock, ...). A command decided on the state before an
    event that moves play is stale, and refused (it would be filed under what the room is at
    now); one decided before annotations alone is decided again on the state now
    (`Session.execute`). Every event type says which it is, in its own class: a type that does
    not is refused when it is defined."""

    _left_out_when_none: ClassVar[tuple[str, ...]] = ("by",)
    """Fields an older journal did not have: left out when unset, so that it reads and exports
    exactly as it was written."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        # An event type is a payload naming its own `type`; a record made from one inherits it.
        names_its_type = "type" in vars(cls).get("__annotations__", {})
        if names_its_type and "moves_play" not in vars(cls):
            raise TypeError(
                f"event payload {cls.__name__} must say whether it moves the room's play "
                "(`moves_play`: what it did, in words, or None for an annotation)"
            )

    @model_serializer(mode="wrap")
    def _without_unrecorded_fields(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for name in self._left_out_when_none:
            if getattr(self, name) is None:
                data.pop(name, None)
        if "by" in data:
            data["by"] = data.pop("by")  # last, after the fact it signs
        return data


class SessionStarted(RecordedPayload):
    """The session began: what it was started from."""

    type: Literal["session_started"] = "session_started"
    """The event type: `session_started`."""
    moves_play: ClassVar[str | None] = "the session started"
    session_id: str = Field(pattern=_ID)
    """The session's id (also its file name without the extension)."""
    scenario_title: str
    """The scenario's title."""
    scenario_name: str
    """The scenario's main file name, as stored in the session's documents."""
    scenario_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the scenario text the session stores."""
    rules_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the rules file the session stores."""
    phases: tuple[str, ...]
    """The phases that held at the start, in region order."""
    dry_run: bool = False
    """True when the session was written by `tabletop dry-run`, not played in a room."""
    tabletop_version: str = ""
    """The version of tabletop that started the session."""
    facilitator: str | None = None
    """Who facilitated ("" when nobody was named), as given when the session was started; None
    (and left out of the journal) in a journal written before format 4, whose facilitator is
    only in the file's metadata."""

    _left_out_when_none: ClassVar[tuple[str, ...]] = ("by", "facilitator")


class InjectDelivered(RecordedPayload):
    """An inject was put in front of the room (it becomes the current inject)."""

    type: Literal["inject_delivered"] = "inject_delivered"
    """The event type: `inject_delivered`."""
    moves_play: ClassVar[str | None] = "an inject was delivered"
    inject: str
    """The inject's id."""
    via: Literal["next", "jump", "option"]
    """How play got here: the next inject, a jump chosen by the facilitator, or a decision option."""
    option: str | None = None
    """With `via: option`, the label of the option taken at the previous inject."""
    transition: TransitionFact | None = None
    """The phase transition delivering it made (the inject's phase was entered), if any."""
    without_move: bool = False
    """True when it was delivered without the move into its phase: the room declined a gate,
    or the facilitator took it out of phase. The phases did not change."""
    move_pending: str | None = None
    """The move into its phase (a trigger), left for the room to determine once it has heard and
    discussed the inject: the phases did not change yet; `phase_trigger_fired` with this inject
    (every gate yes) or `move_declined` (a "no") settles it later."""
    presented: tuple[str, ...] = ()
    """The clauses the scenario cites for this inject, presented to the room with it: each is
    recorded as a citation with source `scenario` (those already cited for it are not repeated)."""

    @model_validator(mode="after")
    def _option_only_with_option(self) -> InjectDelivered:
        if (self.via == "option") != (self.option is not None):
            raise ValueError("`option` is given exactly when `via` is 'option'")
        if self.without_move and self.transition is not None:
            raise ValueError("an inject delivered `without_move` has no transition")
        if self.move_pending is not None and (self.without_move or self.transition is not None):
            raise ValueError("an inject delivered with its move pending has neither a transition nor `without_move`")
        return self

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _without_defaults(handler(self), self, ("move_pending", "presented"))


class MoveDeclined(RecordedPayload):
    """The room answered "no" to a gate of a move: its determinations are recorded, the phases stay."""

    type: Literal["move_declined"] = "move_declined"
    """The event type: `move_declined`."""
    moves_play: ClassVar[str | None] = "the room declined a phase move"
    trigger: str
    """The move the room was asked to confirm."""
    inject: str | None = None
    """The inject whose delivery would have made the move, or None for a move fired by hand."""
    phases: tuple[str, ...]
    """The phases that held (and still hold), in region order."""
    answers: tuple[GateAnswer, ...] = Field(min_length=1)
    """The room's answers, at least one of them "no"; gates left unanswered are not listed."""
    not_put: tuple[str, ...] = ()
    """The move's gates never put to the room: the first "no" settled the move before they were
    asked. Neither a yes nor a no is recorded for them."""

    @model_validator(mode="after")
    def _one_no(self) -> MoveDeclined:
        if all(answer.answer for answer in self.answers):
            raise ValueError("a declined move has at least one gate answered no")
        if set(self.not_put) & {answer.gate for answer in self.answers}:
            raise ValueError("a gate answered is not among those never put")
        return self

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _without_defaults(handler(self), self, ("not_put",))


class WentBack(RecordedPayload):
    """The facilitator returned to the inject shown before the current one."""

    type: Literal["went_back"] = "went_back"
    """The event type: `went_back`."""
    moves_play: ClassVar[str | None] = "play went back to an earlier inject"
    inject: str
    """The inject returned to (it becomes the current inject again)."""


class AdHocInjectInserted(RecordedPayload):
    """The facilitator improvised an inject; it is delivered at once."""

    type: Literal["adhoc_inject_inserted"] = "adhoc_inject_inserted"
    """The event type: `adhoc_inject_inserted`."""
    moves_play: ClassVar[str | None] = "an ad-hoc inject was delivered"
    inject: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    """The id given to the improvised inject (never one of the scenario's)."""
    title: str = Field(min_length=1)
    """Its title."""
    narrative: str = ""
    """What the facilitator told the room (Markdown)."""
    tags: tuple[str, ...] = ()
    """Tags from the rules' vocabulary, used to suggest clauses."""
    resume: str | None = None
    """The inject that `next` continues with afterwards (the one that was next before it)."""


class PhaseTriggerFired(RecordedPayload):
    """The facilitator fired a phase trigger."""

    type: Literal["phase_trigger_fired"] = "phase_trigger_fired"
    """The event type: `phase_trigger_fired`."""
    moves_play: ClassVar[str | None] = "a phase move was made"
    transition: TransitionFact
    """The transition the phase machine accepted."""
    inject: str | None = None
    """The inject delivered with this move pending, whose move the room has now determined
    (None: a move the facilitator made by hand)."""

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _without_defaults(handler(self), self, ("inject",))


class ClauseCited(RecordedPayload):
    """A clause was cited for an inject."""

    type: Literal["clause_cited"] = "clause_cited"
    """The event type: `clause_cited`."""
    moves_play: ClassVar[str | None] = None
    inject: str
    """The inject the citation belongs to (the current inject when cited)."""
    clause: str
    """The clause id."""
    reason: str = ""
    """Why it applies, in the facilitator's words (or the suggestion's reason)."""
    out_of_phase: bool = False
    """True when the clause did not apply in the phases that held when it was cited."""
    phases: tuple[str, ...] = ()
    """The phases that held when it was cited."""
    source: CitationSource = "facilitator"
    """Who cited it: the facilitator by hand, the facilitator taking a suggestion, the scenario
    (presented with its inject), or `discussed` (the room discussed it without citing it as a
    basis). A clause presented or discussed may be cited again by the room, which takes it up."""


class CitationWithdrawn(RecordedPayload):
    """A citation was withdrawn."""

    type: Literal["citation_withdrawn"] = "citation_withdrawn"
    """The event type: `citation_withdrawn`."""
    moves_play: ClassVar[str | None] = None
    inject: str
    """The inject the citation belonged to."""
    clause: str
    """The clause id."""
    reason: str = ""
    """Why it was withdrawn, if the facilitator said."""


class NoteRecorded(RecordedPayload):
    """A free-text note."""

    type: Literal["note_recorded"] = "note_recorded"
    """The event type: `note_recorded`."""
    moves_play: ClassVar[str | None] = None
    text: str = Field(min_length=1)
    """The note (Markdown)."""
    inject: str | None = None
    """The inject that was current, if any."""


class DecisionRecorded(RecordedPayload):
    """Who decided what."""

    type: Literal["decision_recorded"] = "decision_recorded"
    """The event type: `decision_recorded`."""
    moves_play: ClassVar[str | None] = None
    decided_by: str = Field(min_length=1)
    """Who decided: a cell, an organisation or a person."""
    decision: str = Field(min_length=1)
    """What was decided."""
    inject: str | None = None
    """The inject that was current, if any."""


class DeterminationRecorded(RecordedPayload):
    """The room's answer to one of the rules' determinations that change no phase: an order of the
    grey zone (a maritime or public security operation, ...) or a situation determined before a
    move (an armed attack situation on imminent danger). The phases stay as they are."""

    type: Literal["determination_recorded"] = "determination_recorded"
    """The event type: `determination_recorded`."""
    moves_play: ClassVar[str | None] = None
    determination: str = Field(pattern=_ID)
    """The determination's id, as in the rules file's `determinations:`."""
    answer: bool
    """True when the order was given (the situation determined); False when the room decided not to."""
    source: AnswerSource = "facilitator"
    """Who answered: the facilitator (the room decided), or the scenario's stated answer (a dry-run)."""
    title: str = ""
    """The determination's title, as the rules file said when it was recorded."""
    authority: str = ""
    """Who decides it, as the rules file said when it was recorded."""
    diet: str = ""
    """Whether and when the National Diet approves it, as the rules file said when it was recorded."""
    remark: str = ""
    """The facilitator's remark on the room's answer."""
    inject: str | None = None
    """The inject that was current, if any."""
    phases: tuple[str, ...] = ()
    """The phases that held (and still hold), in region order."""
    ahead_of: tuple[str, ...] = ()
    """The determinations the rules say come first (`requires`) that were not recorded yes, nor
    met by a phase in force, when this was recorded: the room determined it ahead of them (a
    seminar may explore that; it is never refused)."""
    scenario_time: str | None = Field(default=None, pattern=SCENARIO_TIME_PATTERN)
    """The scenario time at which the room determined it (`D 05:30`), as the facilitator gave it
    or the current inject's own time by default; None when neither was known (and in journals
    before format 6)."""

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return _without_defaults(handler(self), self, ("ahead_of", "scenario_time"))


class ActionRated(RecordedPayload):
    """An expected action rated on the HSEEP scale, with the evaluator's observation."""

    type: Literal["action_rated"] = "action_rated"
    """The event type: `action_rated`."""
    moves_play: ClassVar[str | None] = None
    inject: str
    """The inject whose expected action is rated."""
    action: int = Field(ge=0)
    """The expected action's index in the inject's `expected_actions` (0 is the first)."""
    rating: Rating
    """P performed without challenges, S with some challenges, M with major challenges,
    U unable to be performed."""
    observation: str = ""
    """What was observed."""


class HotWashRecorded(RecordedPayload):
    """An entry of the hot wash held right after play."""

    type: Literal["hotwash_recorded"] = "hotwash_recorded"
    """The event type: `hotwash_recorded`."""
    moves_play: ClassVar[str | None] = None
    kind: HotWashKind
    """A strength, or an area for improvement."""
    text: str = Field(min_length=1)
    """The entry."""
    objective: str | None = None
    """The objective it relates to, if any."""


class ImprovementItemAdded(RecordedPayload):
    """An item of the improvement plan. An issue and a corrective action are enough at the hot
    wash: the rest is completed at the After-Action Meeting (`improvement_item_updated`); an item
    with any field of the plan still to settle (its capability element, owner, point of contact
    or dates) is a draft."""

    type: Literal["improvement_item_added"] = "improvement_item_added"
    """The event type: `improvement_item_added`."""
    moves_play: ClassVar[str | None] = None
    issue: str = Field(min_length=1)
    """The issue or area for improvement."""
    corrective_action: str = Field(min_length=1)
    """What will be done about it."""
    capability_element: str = ""
    """The capability element, one of `CAPABILITY_ELEMENTS` ("" until completed; a journal written
    before they were checked may hold other text)."""
    responsible_organisation: str = ""
    """Who is responsible ("" until completed)."""
    point_of_contact: str = ""
    """Who to ask ("" until completed)."""
    start_date: date | None = None
    """When the corrective action starts (None until completed)."""
    completion_date: date | None = None
    """When it is due (None until completed)."""


class ImprovementItemUpdated(RecordedPayload):
    """Fields of an improvement item completed or corrected after it was added (the After-Action
    Meeting settles owners, points of contact and dates). Only the fields given change."""

    type: Literal["improvement_item_updated"] = "improvement_item_updated"
    """The event type: `improvement_item_updated`."""
    moves_play: ClassVar[str | None] = None
    item: int = Field(ge=1)
    """The item's number in the plan (1 for the first added)."""
    corrective_action: str | None = Field(default=None, min_length=1)
    """The corrective action, corrected (None: unchanged)."""
    capability_element: str | None = Field(default=None, min_length=1)
    """The capability element, one of `CAPABILITY_ELEMENTS` (None: unchanged)."""
    responsible_organisation: str | None = Field(default=None, min_length=1)
    """Who is responsible (None: unchanged)."""
    point_of_contact: str | None = Field(default=None, min_length=1)
    """Who to ask (None: unchanged)."""
    start_date: date | None = None
    """When the corrective action starts (None: unchanged)."""
    completion_date: date | None = None
    """When it is due (None: unchanged)."""

    @model_validator(mode="after")
    def _something_changes(self) -> ImprovementItemUpdated:
        if not any(getattr(self, name) is not None for name in IMPROVEMENT_FIELDS):
            raise ValueError("give at least one field to complete or correct")
        return self


IMPROVEMENT_FIELDS: tuple[str, ...] = (
    "corrective_action",
    "capability_element",
    "responsible_organisation",
    "point_of_contact",
    "start_date",
    "completion_date",
)
"""The fields of an improvement item that can be completed or corrected after it was added."""


class ImprovementItemClosed(RecordedPayload):
    """An improvement item closed: the corrective action is done (or dropped, as the remark says)."""

    type: Literal["improvement_item_closed"] = "improvement_item_closed"
    """The event type: `improvement_item_closed`."""
    moves_play: ClassVar[str | None] = None
    item: int = Field(ge=1)
    """The item's number in the plan (1 for the first added)."""
    remark: str = ""
    """How it was closed, if said."""


IMPROVEMENT_PLAN_EVENTS: tuple[str, ...] = (
    "improvement_item_added",
    "improvement_item_updated",
    "improvement_item_closed",
)
"""The events an ended session still accepts: the improvement plan is settled at the After-Action
Meeting, after the seminar."""


class ClockPaused(RecordedPayload):
    """The exercise clock stopped (a break)."""

    type: Literal["clock_paused"] = "clock_paused"
    """The event type: `clock_paused`."""
    moves_play: ClassVar[str | None] = None
    reason: str = ""
    """Why, if the facilitator said."""


class ClockResumed(RecordedPayload):
    """The exercise clock runs again."""

    type: Literal["clock_resumed"] = "clock_resumed"
    """The event type: `clock_resumed`."""
    moves_play: ClassVar[str | None] = None


class SessionClosed(RecordedPayload):
    """The session ended; nothing more is recorded."""

    type: Literal["session_closed"] = "session_closed"
    """The event type: `session_closed`."""
    moves_play: ClassVar[str | None] = "the session ended"
    summary: str = ""
    """A closing remark, if any."""


PromptKind = Literal["question", "poll", "self_rating", "proposal"]
"""What a prompt asks the cells: a discussion question answered in words, a poll answered by
choosing one of its options, a P/S/M/U self-rating of an expected action, or a proposed action
with the clause it rests on."""
PROMPT_KINDS: tuple[PromptKind, ...] = get_args(PromptKind)

MAX_ANSWER_CHARS = 2000
"""The longest answer a participant may give, in characters: a paragraph or two, enough for a
cell's position, too short to paste a document into the journal."""

_SEAT_ID = r"^[a-z0-9][a-z0-9_-]*$"


class ParticipantSeatIssued(RecordedPayload):
    """A seat on the participants' page: a card handed to one person of a cell. The journal keeps
    only the SHA-256 of the card's code, never the code."""

    type: Literal["participant_seat_issued"] = "participant_seat_issued"
    """The event type: `participant_seat_issued`."""
    moves_play: ClassVar[str | None] = None
    seat: str = Field(pattern=_SEAT_ID, max_length=64)
    """The seat's id, e.g. `japan-3`: the cell's id and the seat's number in it."""
    cell: str = Field(pattern=_SEAT_ID)
    """The cell the seat answers for (a cell id of the scenario)."""
    code_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 (hex) of the seat's code, the secret printed on its card."""
    expires_at: datetime
    """When the code and the page's cookie stop admitting the seat (UTC)."""

    _check_expires = field_validator("expires_at")(_utc)


class ParticipantSeatClaimed(RecordedPayload):
    """A seat's card used on a device: the first device to join with the card's code holds the
    seat, and the code admits nobody else. Recorded as the seat itself (`by`). The journal keeps
    only the SHA-256 of the random token the device's browser holds in its cookie, never the
    token, and never the code."""

    type: Literal["participant_seat_claimed"] = "participant_seat_claimed"
    """The event type: `participant_seat_claimed`."""
    moves_play: ClassVar[str | None] = None
    seat: str = Field(pattern=_SEAT_ID, max_length=64)
    """The seat's id."""
    device_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 (hex) of the token in the claiming device's cookie."""


class ParticipantSeatReissued(RecordedPayload):
    """A new card for a seat (a participant whose device lost its cookie, or who changes
    device): a new code replaces the old, and the device that held the seat is out. The seat's
    answers so far stay its own. The journal keeps only the SHA-256 of the new code."""

    type: Literal["participant_seat_reissued"] = "participant_seat_reissued"
    """The event type: `participant_seat_reissued`."""
    moves_play: ClassVar[str | None] = None
    seat: str = Field(pattern=_SEAT_ID, max_length=64)
    """The seat's id."""
    code_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 (hex) of the new card's code."""
    expires_at: datetime
    """When the new code and the cookie of the device that claims it stop admitting the seat (UTC)."""
    reason: str = ""
    """Why, if the facilitator said (a lost cookie, a new phone, a card left on the table)."""

    _check_expires = field_validator("expires_at")(_utc)


class ParticipantSeatRevoked(RecordedPayload):
    """A seat the facilitator took back: its code and cookie admit nobody from now on."""

    type: Literal["participant_seat_revoked"] = "participant_seat_revoked"
    """The event type: `participant_seat_revoked`."""
    moves_play: ClassVar[str | None] = None
    seat: str = Field(pattern=_SEAT_ID, max_length=64)
    """The seat's id."""
    reason: str = ""
    """Why, if the facilitator said (a lost card, a person who left)."""


class ProposalClause(StrictModel):
    """One clause of a proposal prompt's clause picker, with why it applies now."""

    clause: str
    """The clause's id."""
    reason: str = ""
    """Why it was suggested, in one short sentence (as the console's suggestions say it)."""


class PromptOpened(RecordedPayload):
    """A prompt the facilitator put to some or all cells, answered on the participants' page (or
    on paper, keyed in by the facilitator)."""

    type: Literal["prompt_opened"] = "prompt_opened"
    """The event type: `prompt_opened`."""
    moves_play: ClassVar[str | None] = None
    prompt: str = Field(pattern=_SEAT_ID, max_length=64)
    """The prompt's id (`p1`, `p2`, ...)."""
    kind: PromptKind
    """What it asks for: `question`, `poll`, `self_rating` or `proposal`."""
    text: str = Field(min_length=1, max_length=MAX_ANSWER_CHARS)
    """What the participants read: the question, the poll's question, the expected action to
    rate, or what to propose."""
    cells: tuple[str, ...] = ()
    """The cells asked (cell ids); empty means every player cell."""
    inject: str | None = None
    """The inject in front of the room when it was opened."""
    options: tuple[str, ...] = ()
    """A poll's options, in order (two or more); fixed once opened."""
    action: int | None = Field(default=None, ge=0)
    """A self-rating's expected action (0-based index into the inject's expected actions)."""
    clauses: tuple[ProposalClause, ...] = ()
    """A proposal's clause picker: the clauses that applied in the phases when it was opened,
    best first, each with its reason."""

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> PromptOpened:
        if self.kind == "poll" and len(self.options) < 2:
            raise ValueError("a poll needs two options or more")
        if self.kind != "poll" and self.options:
            raise ValueError("only a poll has options")
        if self.kind == "poll" and len(set(self.options)) != len(self.options):
            raise ValueError("a poll's options must differ")
        if (self.kind == "self_rating") != (self.action is not None):
            raise ValueError("a self-rating, and only a self-rating, names an expected action")
        if self.kind == "self_rating" and self.inject is None:
            raise ValueError("a self-rating names the inject of its expected action")
        return self


class PromptAnswered(RecordedPayload):
    """A cell's answer to a prompt: a participant's, recorded as their seat (`by`: role
    `participant`, the seat's cell, and the seat's id as its name), or a cell's paper answer
    the facilitator keys in (`for_cell`). A later answer from the same seat (or the same cell's
    paper) replaces the earlier one while the prompt is open."""

    type: Literal["prompt_answered"] = "prompt_answered"
    """The event type: `prompt_answered`."""
    moves_play: ClassVar[str | None] = None
    prompt: str = Field(pattern=_SEAT_ID, max_length=64)
    """The prompt answered."""
    for_cell: str | None = Field(default=None, pattern=_SEAT_ID)
    """The cell whose paper answer the facilitator keys in; None for a participant's answer,
    whose seat says its cell."""
    text: str = Field(default="", max_length=MAX_ANSWER_CHARS)
    """The answer in words (a question's answer, a proposal, a remark on a vote or rating)."""
    choice: int | None = Field(default=None, ge=0)
    """A poll's option chosen (0-based)."""
    rating: Rating | None = None
    """A self-rating: P, S, M or U."""
    clause: str | None = None
    """A proposal's clause, from the prompt's clause picker."""


class PromptClosed(RecordedPayload):
    """The facilitator closed a prompt: no more answers."""

    type: Literal["prompt_closed"] = "prompt_closed"
    """The event type: `prompt_closed`."""
    moves_play: ClassVar[str | None] = None
    prompt: str = Field(pattern=_SEAT_ID, max_length=64)
    """The prompt closed."""


class PromptRevealed(RecordedPayload):
    """The facilitator showed a closed prompt's answers to the room (the participants' page and
    the projector)."""

    type: Literal["prompt_revealed"] = "prompt_revealed"
    """The event type: `prompt_revealed`."""
    moves_play: ClassVar[str | None] = None
    prompt: str = Field(pattern=_SEAT_ID, max_length=64)
    """The prompt revealed."""


Payload = (
    SessionStarted
    | InjectDelivered
    | WentBack
    | AdHocInjectInserted
    | PhaseTriggerFired
    | MoveDeclined
    | ClauseCited
    | CitationWithdrawn
    | NoteRecorded
    | DecisionRecorded
    | DeterminationRecorded
    | ActionRated
    | HotWashRecorded
    | ImprovementItemAdded
    | ImprovementItemUpdated
    | ImprovementItemClosed
    | ClockPaused
    | ClockResumed
    | SessionClosed
    | ParticipantSeatIssued
    | ParticipantSeatRevoked
    | ParticipantSeatClaimed
    | ParticipantSeatReissued
    | PromptOpened
    | PromptAnswered
    | PromptClosed
    | PromptRevealed
)
"""Every event type's payload model."""
EventPayload = Annotated[Payload, Field(discriminator="type")]


class Event(StrictModel):
    """One journal entry: the envelope every event shares, and its typed payload."""

    # Its validator (the envelope around the union of every payload) is built by the first event
    # validated: a reader builds its events from validated payloads without it (`built`).
    model_config = ConfigDict(defer_build=True)

    seq: int = Field(ge=1, strict=True)
    """Position in the journal: 1 for the first event, then without gaps (a JSON integer, never
    `"53"` or `53.0`)."""
    at: datetime
    """When the event was recorded (UTC)."""
    payload: EventPayload
    """What happened; `payload.type` names the kind of event."""

    _check_at = field_validator("at")(_utc)

    @property
    def type(self) -> str:
        return self.payload.type


@functools.cache
def event_adapter() -> TypeAdapter[Event]:
    """The validator for one event (as JSON or Python data). Built when first asked for: a
    session's own writes and its reads of the journal's rows (`payload_adapter`) never ask."""
    return TypeAdapter(Event)


@functools.cache
def payload_adapter() -> TypeAdapter[Payload]:
    """The validator for one event's payload alone (as JSON or Python data): the same checks the
    event's `payload` field makes, for a reader that builds the envelope from a stored row
    (`tabletop.session._store.events_from_rows`). Built when first asked for."""
    return TypeAdapter(EventPayload)


def stored_moment(at: object) -> datetime | None:
    """An event's time from its stored form (`2026-11-02T00:30:07.000000Z`, as both stores keep
    it), or None when `at` is in any other form or is refused: then the event's own validation
    (`Event.at`) decides, with its message. For such a form the value is the one that
    validation gives: the same instant, in UTC."""
    if type(at) is not str or len(at) != 27 or _STORED_AT.fullmatch(at) is None:
        return None
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    return moment if moment >= EARLIEST else None


_STORED_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")


def event_types() -> dict[str, type[BaseModel]]:
    """Every event type's name and payload model, in the order above."""
    members: tuple[type[BaseModel], ...] = get_args(Payload)
    return {model.model_fields["type"].default: model for model in members}
