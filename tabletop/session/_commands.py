"""The commands a session accepts, and what becomes of each: the vocabulary of the command path.

Built by whoever records into a session: the console (from the snapshot it shows), the command
line's `dry-run`, a script, and next a second seat or a participant's page. Executed by
`Session.execute(command)`, the one path every writer takes; see docs/sessions.md.

A command is a frozen value: what the room decided, and `expected_seq`, the `seq` of the state
it was decided on (`SessionSnapshot.seq`). Each command class names the seats' roles that may
issue it (`permitted`, see `tabletop.session._seats`): the facilitator's alone, unless a command
says otherwise. The session refuses a command decided on a state that
is no longer the journal's, and the journal refuses an event whose place another writer took
first, so two writers can never record two decisions made on one state.

Executing a command gives one `Outcome`, a value, never an exception:

- `Committed`: its event is in the journal (durable), with the snapshot after it;
- `Declined`: the room answered "no" to a gate of the move the command asked for; that answer
  is recorded (`move_declined`) and the phases and the current inject stay;
- `Refused`: nothing was recorded, with a one-line reason and the snapshot as it stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from tabletop.session._events import (
    AnswerSource,
    CitationSource,
    Event,
    HotWashKind,
    MoveDeclined,
    PromptKind,
    Rating,
)
from tabletop.session._seats import Role

if TYPE_CHECKING:
    from tabletop.session._snapshot import SessionSnapshot

__all__ = [
    "AddImprovementItem",
    "AnswerPrompt",
    "Cite",
    "ClaimSeat",
    "CloseImprovementItem",
    "ClosePrompt",
    "Command",
    "CompleteImprovementItem",
    "Committed",
    "Decide",
    "Declined",
    "DeliverNext",
    "Determine",
    "DetermineMove",
    "End",
    "Fire",
    "GoBack",
    "HotWash",
    "InsertAdHoc",
    "IssueSeat",
    "Jump",
    "Note",
    "OpenPrompt",
    "Outcome",
    "PauseClock",
    "Rate",
    "RefusalKind",
    "Refused",
    "ResumeClock",
    "ReissueSeat",
    "RevealPrompt",
    "RevokeSeat",
    "TakeOption",
    "Withdraw",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Command:
    """What every command carries: the `seq` of the state it was decided on."""

    expected_seq: int
    """`SessionSnapshot.seq` (or `SessionState.last_seq`) of the state the decision was made on."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"facilitator"})
    """The roles of the seats that may issue it: the facilitator's alone moves play."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _Delivery(_Command):
    """A delivery: the room's answers to the gates of the move it makes, if it makes one."""

    answers: Mapping[str, bool] = field(default_factory=dict)
    """The room's answer to each gate of the move (`Step.move.gates`): all yes fires it, a no
    declines it (`Declined`), a gate left unanswered without a no among the answers refuses
    the delivery."""
    remarks: Mapping[str, str] = field(default_factory=dict)
    """The facilitator's remark on any gate's answer."""
    sources: Mapping[str, AnswerSource] = field(default_factory=dict)
    """Who answered a gate when it was not the room (`scenario`, `dry-run default`): recorded as
    assumed."""
    without_move: bool = False
    """Deliver it without the move into its phase (recorded, and marked as such); takes no answers."""
    move_pending: bool = False
    """Deliver it now and leave the move into its phase for the room to determine once it has
    heard and discussed the inject (`DetermineMove`); takes no answers. A delivery that makes no
    move ignores it."""
    scenario_time: str | None = None
    """The scenario time at which the room determined it (`D 05:30`, validated like a scenario's
    `time:`); by default the inject's own scenario time."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliverNext(_Delivery):
    """Deliver the inject that follows the current one (`SessionSnapshot.next`)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Jump(_Delivery):
    """Deliver any inject, chosen by the facilitator."""

    inject: str


@dataclass(frozen=True, slots=True, kw_only=True)
class TakeOption(_Delivery):
    """Take one of the current inject's decision options, by label or 0-based index."""

    choice: str | int


@dataclass(frozen=True, slots=True, kw_only=True)
class GoBack(_Command):
    """Return to the inject shown before the current one (phases are not undone)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class InsertAdHoc(_Command):
    """Deliver an inject the facilitator improvises; `next` then continues where play was heading."""

    title: str
    narrative: str = ""
    tags: tuple[str, ...] = ()
    inject: str | None = None
    """Its id (`adhoc-N` by default)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Fire(_Command):
    """Make a phase move by hand, with the room's answers to its gates."""

    trigger: str
    answers: Mapping[str, bool] = field(default_factory=dict)
    remarks: Mapping[str, str] = field(default_factory=dict)
    scenario_time: str | None = None
    """The scenario time at which the room determined it (`D 05:30`, validated like a scenario's
    `time:`); by default the current inject's own scenario time."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DetermineMove(_Command):
    """The room's answers to the gates of the move left pending when the current inject was
    delivered (`SessionSnapshot.pending`): every gate yes makes the move; the first "no" settles
    it (declined), and the gates not answered are recorded as never put."""

    answers: Mapping[str, bool] = field(default_factory=dict)
    remarks: Mapping[str, str] = field(default_factory=dict)
    sources: Mapping[str, AnswerSource] = field(default_factory=dict)
    scenario_time: str | None = None
    """The scenario time at which the room determined it (`D 05:30`, validated like a scenario's
    `time:`); by default the inject's own scenario time."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Cite(_Command):
    """Cite a clause for the current inject (marked out of phase when it does not apply now)."""

    clause: str
    reason: str = ""
    source: CitationSource = "facilitator"


@dataclass(frozen=True, slots=True, kw_only=True)
class Withdraw(_Command):
    """Withdraw a citation (of the current inject by default)."""

    clause: str
    reason: str = ""
    inject: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Note(_Command):
    """A note, attached to the current inject if there is one."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"facilitator", "evaluator", "notes", "recorder"})

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Decide(_Command):
    """Who decided what, attached to the current inject if there is one."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"facilitator", "notes", "recorder"})

    decided_by: str
    decision: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Determine(_Command):
    """The room's answer to a determination that changes no phase (`available_determinations`)."""

    determination: str
    answer: bool
    remark: str = ""
    source: AnswerSource = "facilitator"
    scenario_time: str | None = None
    """The scenario time at which the room determined it (`D 05:30`, validated like a scenario's
    `time:`); by default the current inject's own scenario time."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Rate(_Command):
    """Rate an expected action of a delivered inject, by its key (`a1`, `a2`, ...)."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"facilitator", "evaluator"})

    inject: str
    action: str
    rating: Rating
    observation: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class HotWash(_Command):
    """A hot-wash entry: a strength or an area for improvement, tied to an objective or not."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"facilitator", "evaluator", "notes"})

    kind: HotWashKind
    text: str
    objective: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AddImprovementItem(_Command):
    """An item of the improvement plan: an issue and a corrective action are enough (a draft);
    the rest may be completed later (`CompleteImprovementItem`). Accepted after the end too."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"facilitator", "evaluator"})

    issue: str
    corrective_action: str
    capability_element: str = ""
    responsible_organisation: str = ""
    point_of_contact: str = ""
    start_date: date | str | None = None
    completion_date: date | str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CompleteImprovementItem(_Command):
    """Complete or correct fields of improvement item `item` (1 for the first); None leaves a
    field as it is. Accepted after the end too (the After-Action Meeting)."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"facilitator", "evaluator"})

    item: int
    corrective_action: str | None = None
    capability_element: str | None = None
    responsible_organisation: str | None = None
    point_of_contact: str | None = None
    start_date: date | str | None = None
    completion_date: date | str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseImprovementItem(_Command):
    """Close improvement item `item` (1 for the first). Accepted after the end too."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"facilitator", "evaluator"})

    item: int
    remark: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PauseClock(_Command):
    """Stop the exercise clock for a break."""

    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResumeClock(_Command):
    """Run the exercise clock again."""


@dataclass(frozen=True, slots=True, kw_only=True)
class End(_Command):
    """End the session: nothing more is recorded in it."""

    summary: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueSeat(_Command):
    """Issue a seat on the participants' page to one person of a cell; the journal keeps the
    SHA-256 of its code (`tabletop.session.new_seat_code`, `seat_code_digest`), never the code."""

    seat: str
    cell: str
    code_sha256: str
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class RevokeSeat(_Command):
    """Take a seat back: its code and its browser's cookie admit nobody from now on."""

    seat: str
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReissueSeat(_Command):
    """A new card for a seat: a new code replaces the old (the journal keeps its SHA-256), the
    device that held the seat is out, and the next device to join with the new card holds it.
    The seat's answers so far stay its own."""

    seat: str
    code_sha256: str
    expires_at: datetime
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimSeat(_Command):
    """A device joining with a seat's card: the participants' page issues it as the seat
    (`Session.execute(command, seat=...)`) with the SHA-256 of the token it gives the device's
    browser. Refused once the seat is claimed: a card admits one device."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"participant"})

    seat: str
    device_sha256: str
    code_sha256: str
    """The SHA-256 of the code the device joined with (`seat_code_digest`): refused unless it is
    the seat's current card's, so that a card replaced by a new one claims nothing, even at the
    moment the new one is issued. Checked, not recorded: the journal keeps the device's token's
    digest only."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenPrompt(_Command):
    """Put a prompt to some or all cells: a question, a poll, a self-rating of an expected action
    of the current inject (by its key, `a1`), or a proposal with the clauses that apply now."""

    kind: PromptKind
    text: str = ""
    """The question; for a self-rating, the expected action's text unless given."""
    cells: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    action: str | None = None
    """A self-rating's expected action of the current inject, by its key (`a1`, `a2`, ...)."""
    prompt: str | None = None
    """Its id (`p1`, `p2`, ... by default)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerPrompt(_Command):
    """A cell's answer to an open prompt: a participant's, issued as their seat (the page passes
    it to `Session.execute(command, seat=...)`), or a cell's paper answer the facilitator keys in
    (`for_cell`)."""

    permitted: ClassVar[frozenset[Role]] = frozenset({"participant", "facilitator"})

    prompt: str
    for_cell: str | None = None
    """The cell whose paper answer the facilitator keys in (None for a participant's)."""
    text: str = ""
    choice: int | None = None
    rating: Rating | None = None
    clause: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClosePrompt(_Command):
    """Close a prompt: no more answers."""

    prompt: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RevealPrompt(_Command):
    """Show a closed prompt's answers to the room: the participants' page and the projector."""

    prompt: str


Command = (
    DeliverNext
    | Jump
    | TakeOption
    | GoBack
    | InsertAdHoc
    | Fire
    | DetermineMove
    | Cite
    | Withdraw
    | Note
    | Decide
    | Determine
    | Rate
    | HotWash
    | AddImprovementItem
    | CompleteImprovementItem
    | CloseImprovementItem
    | PauseClock
    | ResumeClock
    | End
    | IssueSeat
    | RevokeSeat
    | ReissueSeat
    | ClaimSeat
    | OpenPrompt
    | AnswerPrompt
    | ClosePrompt
    | RevealPrompt
)
"""Every command a session accepts."""


# -- outcomes ------------------------------------------------------------------------------------

RefusalKind = Literal[
    "moved_on", "ended", "read_only", "not_permitted", "unanswered", "invalid", "refused", "not_recorded", "link_down"
]
"""Why a command was refused: the session moved on since it was decided; the session has ended;
it is open read-only; the session's seat may not issue it (only the facilitator moves play); a
gate of the move is unanswered; a value is wrong (an unknown id, a bad date); the state does not
allow it (an illegal move, nothing to go back to); the store could not record it (a full disk);
the link to the session's database is down (nothing was recorded, or nothing twice: see
`Refused.reason`)."""


@dataclass(frozen=True, slots=True)
class Committed:
    """The command's event is in the journal."""

    events: tuple[Event, ...]
    """What was recorded, in order (one event for every command today)."""
    snapshot: SessionSnapshot
    """The session after it."""

    @property
    def event(self) -> Event:
        return self.events[-1]


@dataclass(frozen=True, slots=True)
class Declined:
    """The room said no to a gate of the move the command asked for: its answers are recorded
    (`move_declined`); the phases and the current inject stay."""

    event: Event
    snapshot: SessionSnapshot

    @property
    def declined(self) -> MoveDeclined:
        assert isinstance(self.event.payload, MoveDeclined)
        return self.event.payload


@dataclass(frozen=True, slots=True)
class Refused:
    """Nothing was recorded."""

    reason: str
    """Why, in one line, for the person who issued the command."""
    kind: RefusalKind
    snapshot: SessionSnapshot
    """The session as it stands (after catching up with the journal when it had moved on)."""


Outcome = Committed | Declined | Refused
"""What executing a command gives."""
