"""The workbook's layout: its sheets, their columns, and which columns import back.

Shared by the export and the import of `tabletop.msel` so the two can never
disagree on a header or a field. A column's `field` is the scenario key it
holds; `kind` says how its cell is written (one text, a list of names, a list
of entries with attributes, ...); a column without a field is written for
reviewers and ignored on import.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass

from pydantic import BaseModel

from tabletop.scenario import Cell

__all__ = [
    "ACRONYM_COLUMNS",
    "AGENDA_COLUMNS",
    "CELL_COLUMNS",
    "CONTACT_COLUMNS",
    "Column",
    "EXERCISE_ROWS",
    "INJECT_FIELDS",
    "MODULE_COLUMNS",
    "MSEL_COLUMNS",
    "OBJECTIVE_COLUMNS",
    "SHEETS",
    "normal_header",
]


@dataclass(frozen=True)
class Column:
    header: str
    field: str | None
    """The scenario key the column holds; None for a column written only for reviewers."""
    kind: str
    """How the cell is written: `text` (as is), `name` (one id or slug, spaces trimmed), `count`
    (a whole number), `names`
    (a list separated by commas or lines), `lines` (one entry per line), `entries` (one entry
    per line with `[attributes]`), `gates`, `cite`, `flag` (yes or blank), `number`, `derived`."""
    width: float
    note: str
    """What the read-me sheet says about the column."""


def _one_of(model: type[BaseModel], name: str) -> str:
    """The values a field of `model` allows (a `Literal`, optional or not), as its model says:
    `player, control, observer or evaluator`."""
    annotation = model.model_fields[name].annotation
    literal = next(
        (arg for arg in (annotation, *typing.get_args(annotation)) if typing.get_origin(arg) is typing.Literal), None
    )
    *rest, last = [str(value) for value in typing.get_args(literal)]
    return f"{', '.join(rest)} or {last}" if rest else last


MSEL_COLUMNS = (
    Column(
        "No.",
        "number",
        "number",
        5,
        "Play order: rows are imported sorted by this number (3.5 goes "
        "between 3 and 4); a row without one follows the row above it.",
    ),
    Column("Time", "time", "name", 10, "Scenario time: D, D-N or D+N, optionally with HH:MM (D-3 06:00)."),
    Column("Module", "module", "name", 12, "The module's id (see the Modules sheet)."),
    Column("Phase", "phase", "name", 16, "The phase the inject happens in (tabletop phases lists them)."),
    Column(
        "Move",
        None,
        "derived",
        28,
        "The move into that phase along the default path "
        "(or the first path reaching the inject), with the gates the room must confirm.",
    ),
    Column("Trigger", "trigger", "name", 13, "A transition to fire explicitly instead of inferring it from the phase."),
    Column("Gates", "gates", "gates", 18, "The answers the scenario expects, one per line: gate_id: yes (or no)."),
    Column("From", None, "derived", 11, "The control cells that deliver the injects."),
    Column("To", "to", "names", 11, "The cells addressed (ids, separated by commas); blank means everyone."),
    Column(
        "ID",
        "id",
        "name",
        16,
        "The inject's id (a-z, 0-9, _ and -). Keep it: options and Next refer to it. "
        "A new row without an ID gets one made from its title.",
    ),
    Column("Title", "title", "text", 24, "A short title (required)."),
    Column("Narrative", "narrative", "text", 55, "What the participants are told (required)."),
    Column(
        "Discussion questions",
        "questions",
        "entries",
        40,
        "One per line; to address one cell or "
        "organisation, end the line with [cell: japan] or [organisation: Japan Coast Guard].",
    ),
    Column(
        "Expected actions",
        "expected_actions",
        "entries",
        40,
        "One per line, ending with [responsible: who; objective: objective_id; cells: japan, us] "
        "when known (cells: the cells expected to take it, separated by commas).",
    ),
    Column("Objectives", "objectives", "names", 16, "The objective ids the inject tests (see the Objectives sheet)."),
    Column(
        "Clauses cited",
        "cite",
        "cite",
        32,
        "One clause per line: its id, then ' — ' and its title "
        "(only the id is read back; tabletop clauses lists them).",
    ),
    Column("Tags", "tags", "names", 12, "Topic tags from the rules' vocabulary, separated by commas."),
    Column(
        "Options",
        "options",
        "entries",
        32,
        "A decision point: one choice per line, ending with "
        "[goto: inject_id], and '; default: yes' on the one the default path takes; '; notes: ...' "
        "for a facilitator-only note.",
    ),
    Column(
        "Next",
        "next",
        "name",
        12,
        "The inject delivered after this one, when not the next row (not together with Options).",
    ),
    Column("Contingency", "contingency", "flag", 12, "yes: reached only through an option or Next."),
    Column("Facilitator notes", "facilitator_notes", "text", 40, "Never shown to participants."),
    Column(
        "Determinations",
        "determinations",
        "gates",
        18,
        "Orders the room may record without a move, with "
        "the answer the scenario expects, one per line: determination_id: yes (or no).",
    ),
)
"""The MSEL sheet, one row per inject, in the order planners read it."""

INJECT_FIELDS = tuple(column.field for column in MSEL_COLUMNS if column.field not in (None, "number"))

EXERCISE_ROWS = (
    ("Title", "title", "text"),
    ("Exercise id", "id", "text"),
    ("Version", "version", "text"),
    ("Classification", "classification", "text"),
    ("Summary", "summary", "text"),
    ("Sponsor", "sponsor", "text"),
    ("Authors", "authors", "lines"),
    ("Start phase", "start_phase", "name"),
    ("Date", "date", "name"),
    ("End date", "end_date", "name"),
    ("Location", "location", "text"),
    ("Purpose", "purpose", "text"),
    ("Scope", "scope", "text"),
    ("Ground rules", "ground_rules", "lines"),
    ("Assumptions", "assumptions", "lines"),
)
"""The Exercise sheet: one row per item, its label in column A and its value in column B."""

OBJECTIVE_COLUMNS = (
    Column("ID", "id", "name", 24, "The objective's id, as injects and expected actions name it."),
    Column("Objective", "text", "text", 80, "The objective as a sentence."),
    Column("Capability", "capability", "text", 30, "The capability it exercises."),
    Column("Tested by", None, "derived", 40, "The injects that name the objective."),
)
CELL_COLUMNS = (
    Column("ID", "id", "name", 14, "The cell's id, as To and questions name it."),
    Column("Name", "name", "text", 28, "The cell's name for people."),
    Column("Role", "role", "name", 12, f"{_one_of(Cell, 'role')}."),
    Column(
        "Side",
        "side",
        "name",
        16,
        f"The side the cell plays: {_one_of(Cell, 'side')}; blank for none.",
    ),
    Column("Organisations", "organisations", "lines", 60, "One organisation per line."),
)
MODULE_COLUMNS = (
    Column("ID", "id", "name", 16, "The module's id, as the MSEL's Module column names it."),
    Column("Title", "title", "text", 40, "The module's title."),
    Column("Summary", "summary", "text", 80, "What the module covers."),
    Column("Key issues", "key_issues", "lines", 60, "The module's key issues, one per line."),
)
AGENDA_COLUMNS = (
    Column("Day", "day", "count", 6, "The day of a seminar of several days (1, 2, ...); blank for the first."),
    Column("Time", "time", "name", 8, "When it starts, 24-hour HH:MM (08:30)."),
    Column("Activity", "activity", "text", 60, "What happens (required)."),
    Column("Module", "module", "name", 16, "The module discussed, by its id (see the Modules sheet)."),
)
CONTACT_COLUMNS = (
    Column("Name", "name", "text", 28, "The person's or post's name (required)."),
    Column("Role", "role", "text", 24, "Their part in the exercise, e.g. Lead planner."),
    Column("Organisation", "organisation", "text", 32, "Their organisation."),
    Column("Email", "email", "name", 30, "An e-mail address."),
    Column("Phone", "phone", "text", 20, "A telephone number."),
)
ACRONYM_COLUMNS = (
    Column("Acronym", "acronym", "text", 14, "The acronym as the participants will meet it."),
    Column("Meaning", "meaning", "text", 80, "What it stands for."),
)

SHEETS = {
    "MSEL": MSEL_COLUMNS,
    "Objectives": OBJECTIVE_COLUMNS,
    "Cells": CELL_COLUMNS,
    "Modules": MODULE_COLUMNS,
    "Agenda": AGENDA_COLUMNS,
    "Contacts": CONTACT_COLUMNS,
    "Acronyms": ACRONYM_COLUMNS,
}
"""The list sheets, by name, with the scenario key each one's rows go to (lower-cased name).
The Acronyms sheet's rows become the `acronyms:` mapping, acronym to meaning."""


def normal_header(text: str) -> str:
    """A header as it is compared: case, spacing and a trailing colon do not matter."""
    return " ".join(text.replace(":", " ").split()).casefold()
