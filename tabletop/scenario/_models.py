"""The scenario format as pydantic models: the single source of truth for authors and code.

`tabletop.scenario._loader` validates each YAML file into these models; the
JSON Schema that `tabletop schema` prints (and editors use to complete and
check scenarios as they are typed) is generated from them, field
descriptions included. Cross-references (clause ids, phase slugs, inject ids,
cells, objectives) are checked by the loader, not here: only it knows the
rules corpus and the whole merged scenario.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from tabletop.strictmodel import StrictModel

__all__ = [
    "AgendaItem",
    "Cell",
    "Contact",
    "ExerciseInfo",
    "ExpectedAction",
    "Inject",
    "Module",
    "Objective",
    "Option",
    "Question",
    "Scenario",
    "ScenarioPart",
]

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
"""Ids of injects, cells, objectives and modules: lower-case letters, digits, `_` and `-`."""

TIME_PATTERN = r"^D(?:[+-][0-9]{1,5})?(?: (?:[01][0-9]|2[0-3]):[0-5][0-9])?$"
"""Scenario time: `D`, `D-N` or `D+N` (days from D-day), optionally followed by ` HH:MM`."""

CLOCK_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"
"""A time of day on the exercise's agenda: `HH:MM`, 24-hour."""

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
"""An e-mail address, checked only for its shape (`name@example.org`)."""

_ID_FIELD: dict[str, Any] = {"pattern": ID_PATTERN, "min_length": 1}


class _Strict(StrictModel):
    """The base of this module's models (a class, so that type checkers see each model's fields)."""


class Objective(_Strict):
    """An exercise objective: what the exercise sets out to examine (HSEEP practice)."""

    id: str = Field(**_ID_FIELD)
    """The objective's id, referenced by injects (`objectives:`) and expected actions."""
    text: str
    """The objective as a sentence, e.g. "Examine the coordination of ISR during rising tension"."""
    capability: str | None = None
    """The capability it exercises, e.g. "Operational coordination"."""


class Cell(_Strict):
    """A group of participants who play, control, observe or evaluate the exercise."""

    id: str = Field(**_ID_FIELD)
    """The cell's id, e.g. `japan`, used in `to:` and in questions."""
    name: str
    """The cell's name for people, e.g. "Japan cell"."""
    role: Literal["player", "control", "observer", "evaluator"] = "player"
    """What the cell does: `player` (discusses and decides), `control` (runs the exercise),
    `observer` or `evaluator`."""
    side: Literal["japan", "united_states", "local_government", "control", "other"] | None = None
    """The side the cell plays: `japan` (the Government of Japan, the Self-Defense Forces, the
    Coast Guard), `united_states`, `local_government` (prefectures and municipalities),
    `control`, or `other` (a third country, an international organisation)."""
    organisations: list[str] = []
    """Organisations represented in the cell, e.g. "Cabinet Secretariat", "USFJ"."""


class Module(_Strict):
    """A segment of the exercise that groups injects, usually one period of scenario time."""

    id: str = Field(**_ID_FIELD)
    """The module's id, referenced by injects (`module:`)."""
    title: str
    """The module's title, e.g. "Module 2: Armed attack"."""
    summary: str | None = None
    """What the module covers, for the facilitator's briefing (Markdown)."""
    key_issues: list[str] = []
    """The module's key issues, listed for the participants at the start of the module in the
    Situation Manual, e.g. "Who decides when the Japan Coast Guard hands over to the Self-Defense Forces"."""


class ExerciseInfo(_Strict):
    """Exercise metadata: what a programme office needs to file and mark the exercise."""

    id: str | None = None
    """The exercise's reference, e.g. "TTX-2026-03"."""
    version: str | None = None
    """The scenario's version, quoted, e.g. "1.0"."""
    classification: str | None = None
    """The classification marking shown on screens and reports, e.g. "UNCLASSIFIED // FOR TRAINING USE"."""
    summary: str | None = None
    """What the exercise is about (Markdown)."""
    sponsor: str | None = None
    """The organisation that sponsors the exercise."""
    authors: list[str] = []
    """Who wrote the scenario."""
    start_phase: str | None = None
    """The phase the exercise starts in (a phase slug); by default the rules' initial security phase."""
    purpose: str | None = None
    """Why the exercise is held, for the Situation Manual (Markdown); by default a standard
    sentence on discussing the scenario under the Guidelines and finding what to improve."""
    scope: str | None = None
    """What is in play and what is not: the seminar's format, the organisations taking part, the
    period of scenario time (Markdown); by default a summary made from the modules, injects and cells."""
    date: datetime.date | None = None
    """The day of the seminar, `YYYY-MM-DD` (the first day when it runs over several)."""
    end_date: datetime.date | None = None
    """The last day of a seminar that runs over several days, `YYYY-MM-DD`; not before `date`."""
    location: str | None = None
    """Where the seminar is held, e.g. "Joint Staff conference room, Ichigaya, Tokyo"."""
    ground_rules: list[str] | None = Field(default=None, min_length=1)
    """The rules of the discussion read out at the start (one sentence each). Without it the
    Situation Manual prints the standard ones: a no-fault discussion, current plans and
    authorities, nothing said sets a precedent, solutions over problems, nothing attributed."""
    assumptions: list[str] | None = Field(default=None, min_length=1)
    """The assumptions and artificialities the participants accept (one sentence each). Without
    it the Situation Manual prints the standard ones: the scenario is plausible and happens as
    presented, everyone hears an inject at once, time is compressed, determinations are simulated."""

    @field_validator("date", "end_date", mode="before")
    @classmethod
    def _a_date_is_written_as_one(cls, value: Any) -> Any:
        # pydantic would read a number as seconds since 1970; an author never means that.
        if isinstance(value, (int, float)):
            raise PydanticCustomError("date_type", "expected a date")
        return value


class AgendaItem(_Strict):
    """One slot of the seminar's schedule, as the Situation Manual's agenda prints it."""

    time: str = Field(json_schema_extra={"pattern": CLOCK_PATTERN, "examples": ["08:30", "13:15"]})
    """When it starts, 24-hour `HH:MM`, quoted: YAML reads 13:30 unquoted as a number."""
    activity: str
    """What happens, e.g. "Registration", "Welcome, ground rules and objectives", "Hot wash"."""
    module: str | None = None
    """The module discussed in this slot (a module id); its title is printed beside the activity."""
    day: int | None = Field(default=None, ge=1)
    """The day of a seminar that runs over several days (1 for the first); by default the first."""


class Contact(_Strict):
    """A point of contact for the exercise, listed at the end of the Situation Manual."""

    name: str
    """The person's name, or a post's, e.g. "Exercise director"."""
    role: str | None = None
    """Their part in the exercise, e.g. "Lead planner", "Lead facilitator", "Evaluation lead"."""
    organisation: str | None = None
    """Their organisation, e.g. "Joint Staff J-5"."""
    email: str | None = Field(default=None, json_schema_extra={"pattern": EMAIL_PATTERN})
    """An e-mail address, e.g. "ttx-office@example.org"."""
    phone: str | None = None
    """A telephone number as it should be dialled, e.g. "+81 3 5555 0100"."""


class Question(_Strict):
    """A discussion question, optionally addressed to one cell or organisation."""

    text: str
    """The question (Markdown)."""
    cell: str | None = None
    """The cell expected to answer (a cell id)."""
    organisation: str | None = None
    """The organisation expected to answer, when narrower than a cell."""


class ExpectedAction(_Strict):
    """An action the players are expected to take or discuss, used to rate their performance."""

    action: str
    """What should be done or decided."""
    responsible: str | None = None
    """The party responsible, e.g. "Ministry of Defense" or "USFJ"."""
    objective: str | None = None
    """The objective this action demonstrates (an objective id)."""
    cells: list[str] = []
    """The cells expected to take it (cell ids); a self-rating of it is put to them."""


class Option(_Strict):
    """One choice at a facilitator decision point, leading to another inject."""

    label: str
    """What the room decides, e.g. "The government requests evacuation support"."""
    goto: str
    """The inject delivered next when this option is taken (an inject id)."""
    default: bool = False
    """Whether the default path (and a dry-run) takes this option; otherwise the first option is the default."""
    notes: str | None = None
    """Facilitator-only notes about this choice; never shown to participants."""


class Inject(_Strict):
    """One inject: a piece of the scenario delivered to the participants."""

    id: str = Field(**_ID_FIELD)
    """A unique id, e.g. `m1-ship-sighted`; referenced by `next:` and options' `goto:`."""
    title: str
    """A short title shown on the facilitator's screen."""
    narrative: str
    """What the participants are told (Markdown)."""
    phase: str | None = None
    """The phase this inject happens in (a phase slug). Delivering it moves the exercise into this
    phase by one legal transition when it is not already there."""
    trigger: str | None = None
    """A transition to fire explicitly when the inject is delivered (e.g. to end a disaster),
    instead of inferring it from `phase`."""
    gates: dict[str, bool] = {}
    """The answers the author expects to the gates of this inject's transition (gate id to
    true/false). The facilitator is asked for any gate not answered here; a dry-run uses these."""
    determinations: dict[str, bool] = {}
    """The answers the author expects to determinations that change no phase, recorded once the
    inject is delivered (determination id to true/false, e.g. `maritime_security_operation: true`
    at an armed landing; `tabletop phases` lists them and the phases each is open in). The room
    decides in a session; a dry-run records these (marked assumed)."""
    cite: list[str] = []
    """Clause ids the author expects to be discussed, as `tabletop clauses` prints them."""
    tags: list[str] = []
    """Topic tags from the rules file's vocabulary, used to suggest clauses."""
    time: str | None = Field(
        default=None,
        json_schema_extra={"pattern": TIME_PATTERN, "examples": ["D-3 06:00", "D-1", "D", "D+2 18:30"]},
    )
    """Scenario time: `D`, `D-N` or `D+N`, optionally with ` HH:MM`, e.g. "D-3 06:00". Must not
    go backwards along any path through the scenario."""
    module: str | None = None
    """The module this inject belongs to (a module id)."""
    to: list[str] = []
    """The cells this inject is addressed to (cell ids); empty means everyone."""
    questions: list[str | Question] = []
    """Discussion questions: plain text, or a mapping with `text` and the `cell` or `organisation` to answer."""
    expected_actions: list[ExpectedAction] = []
    """Actions the players are expected to take, with the responsible party and objective."""
    objectives: list[str] = []
    """The objectives this inject tests (objective ids)."""
    facilitator_notes: str | None = None
    """Notes for the facilitator only; never shown to participants (Markdown)."""
    contingency: bool = False
    """True for a contingency inject: off the default path, reached only through an option or `next:`."""
    options: list[Option] = []
    """A facilitator decision point: the choices, each leading to another inject."""
    next: str | None = None
    """The inject delivered after this one; by default the next non-contingency inject in file order."""


class ScenarioPart(_Strict):
    """An included file: a fragment of a scenario, merged into the including one in order."""

    injects: list[Inject] = []
    """More injects, appended after the including file's own injects."""
    objectives: list[Objective] = []
    """More exercise objectives."""
    cells: list[Cell] = []
    """More cells."""
    modules: list[Module] = []
    """More modules."""
    include: list[str] = []
    """Further files to include, relative to this file and inside its folder."""


class Scenario(_Strict):
    """A tabletop exercise scenario. Only `title` and `injects` are required."""

    model_config = ConfigDict(
        title="tabletop scenario",
        json_schema_extra={"anyOf": [{"required": ["injects"]}, {"required": ["include"]}]},
    )

    title: str
    """The exercise's title."""
    injects: list[Inject] = []
    """The injects, in the order the default path delivers them (contingency injects aside).
    Required, and not empty, unless they all come from `include:`."""
    exercise: ExerciseInfo | None = None
    """Exercise metadata: reference, version, classification marking, sponsor, start phase."""
    objectives: list[Objective] = []
    """The exercise objectives that injects and expected actions refer to."""
    cells: list[Cell] = []
    """The participant cells, e.g. a Japan cell, a U.S. cell and a control cell."""
    modules: list[Module] = []
    """The modules (segments of scenario time) that group the injects."""
    agenda: list[AgendaItem] = []
    """The seminar's schedule, in order: registration, briefings, each module, breaks, the hot wash.
    Without it the Situation Manual lists the briefings, the modules and the hot wash, times to be set."""
    acronyms: dict[str, str] = {}
    """Acronyms the participants will meet, each with what it stands for, e.g.
    `ACM: Alliance Coordination Mechanism` (quote one YAML reads as true/false, such as "NO")."""
    contacts: list[Contact] = []
    """The exercise's points of contact: the director, lead planner, facilitator, evaluation lead."""
    include: list[str] = []
    """Other YAML files holding more injects, objectives, cells or modules, relative to this
    file and inside its folder; merged in order after this file's own."""
