"""The rules file as data: the Guidelines' clauses, the tag vocabulary, the phases and their gates.

`tabletop.rules.loader` validates `rules/guidelines_phases.yaml` into these
models; everything else reads the corpus through `Corpus` (see `corpus.py`).
Nothing here names a clause id or a phase slug: those live in the rules file.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import Field

from tabletop.strictmodel import StrictModel

__all__ = [
    "Applicability",
    "ClauseNode",
    "DocumentInfo",
    "Gate",
    "PhaseSpec",
    "Region",
    "RulesFile",
    "TransitionSpec",
]

CLAUSE_ID_PATTERN = r"^(?:[IVX]+)(?:\.[A-Z](?:\.[0-9]+(?:\.[a-z](?:\.[ivx]+)?)?)?)?$"
SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"

_CLAUSE_ID = re.compile(CLAUSE_ID_PATTERN)


_Strict = StrictModel


class DocumentInfo(_Strict):
    """Which text the clauses quote, so that any citation can be traced to it."""

    title: str
    """The document's title, e.g. "The Guidelines for Japan-U.S. Defense Cooperation"."""
    date: date
    """The date the document was released."""
    version: str
    """Which English version the clause texts follow."""
    source: str
    """Path of the source text the clauses were taken from, relative to the rules file."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 of the source file, as bytes on disk."""
    typography: str
    """How quotation marks and apostrophes are treated (kept as in the source, or normalised)."""
    repairs: list[str] = []
    """The extraction damage in the source that the clause texts repair, one line each."""


class ClauseNode(_Strict):
    """One clause of the Guidelines: a chapter, section or item, with its own verbatim text."""

    id: str = Field(pattern=CLAUSE_ID_PATTERN)
    """The citation people say aloud, e.g. `IV.C.2.b.ii`. A public contract: never renumber."""
    title: str
    """The official heading, repaired (spaces restored); for the few items the Guidelines
    leave without a heading, an editorial label (see `editorial_title`)."""
    editorial_title: bool = False
    """True when the Guidelines give this item no heading and `title` is an editorial label."""
    text: str = ""
    """The clause's own verbatim text, without its children's. Paragraphs are separated by a
    blank line; items of a bulleted list start with `- `."""
    tags: list[str] = []
    """Domain tags, from the file's `tags` vocabulary."""
    keywords: list[str] = []
    """Curated terms and synonyms that help a facilitator's words find this clause."""
    children: list[ClauseNode] = []
    """Sub-clauses, in document order; each id extends this one's by one step."""


class Applicability(_Strict):
    """A reason some clauses apply in a phase: the clauses and the sentence that says so."""

    clauses: list[str] = Field(min_length=1)
    """Clause ids that apply. Each includes its sub-clauses unless `subtree` is false."""
    subtree: bool = True
    """Whether the named clauses' sub-clauses apply too."""
    basis: str = Field(min_length=1)
    """The Guidelines sentence (quoted verbatim) that makes these clauses apply."""


class Region(_Strict):
    """A set of mutually exclusive phases; the exercise is in at most one phase of each region.

    The security situation is one region; a large-scale disaster is another, so that a disaster
    can strike during any security phase without the security phase being lost. Regions are
    orthogonal: a transition moves within one region and neither reads nor changes another.
    A region whose `initial` is null starts empty; only such a region may be left empty again.
    """

    id: str = Field(pattern=SLUG_PATTERN)
    """The region's slug."""
    title: str
    """What the region describes, for people."""
    initial: str | None = None
    """The phase an exercise starts in, or null when the region starts empty (no disaster)."""
    empty_title: str | None = None
    """What the region's empty state is called for people (e.g. "No disaster"); required when
    the region can be empty, that is when `initial` is null."""


class PhaseSpec(_Strict):
    """A doctrinal phase of the Guidelines."""

    slug: str = Field(pattern=SLUG_PATTERN)
    """The phase's slug, e.g. `emerging_threats`. A public contract."""
    title: str
    """The phase's name for people."""
    region: str
    """The region this phase belongs to."""
    summary: str = ""
    """One or two sentences a facilitator can read aloud."""
    defined_by: list[str] = Field(min_length=1)
    """The clauses that define this phase."""
    applies: list[Applicability] = Field(min_length=1)
    """The clauses that apply while in this phase, each with its basis."""


class Gate(_Strict):
    """A determination the facilitator must confirm (the room decides) before a transition fires."""

    id: str = Field(pattern=SLUG_PATTERN)
    """The gate's slug, used to record the answer."""
    question: str = Field(min_length=1)
    """The question shown to the facilitator, worded neutrally (answered yes or no)."""
    authority: str = Field(min_length=1)
    """Who makes this determination, e.g. "Cabinet", "National Diet", "the two governments"."""
    strength: Literal["policy", "statutory"]
    """Whether the requirement comes from the Guidelines (policy) or from Japanese law (statutory)."""
    reference: str = Field(min_length=1)
    """Where the requirement is written: a clause id and quotation, or a statute and article."""


class TransitionSpec(_Strict):
    """A named move between phases."""

    trigger: str = Field(pattern=SLUG_PATTERN)
    """The trigger's slug, e.g. `attack_occurs`."""
    title: str = ""
    """A short label for people, e.g. "An armed attack against Japan occurs"."""
    source: list[str | None] = Field(min_length=1)
    """Phases this trigger may fire from. A null entry means "while the region of `dest` is
    empty" (no disaster yet): the move fires from the empty state of its own region, whatever
    phase other regions are in."""
    dest: str | None
    """The phase it leads to; null leaves the source's region empty (the disaster is over).
    All of a transition's phases (sources and destination) belong to one region."""
    basis: str = Field(min_length=1)
    """The Guidelines passage (quoted verbatim) that justifies this move."""
    gates: list[Gate] = []
    """Determinations to confirm before the move."""


class RulesFile(_Strict):
    """The whole rules file."""

    document: DocumentInfo
    """The document the clauses quote."""
    tags: dict[str, str]
    """The closed tag vocabulary: slug to description."""
    clauses: list[ClauseNode] = Field(min_length=1)
    """The clause tree: the chapters, in order."""
    regions: list[Region] = Field(min_length=1)
    """The phase regions."""
    phases: list[PhaseSpec] = Field(min_length=1)
    """The doctrinal phases."""
    transitions: list[TransitionSpec] = []
    """The legal moves between phases."""


def is_clause_id(text: str) -> bool:
    """Whether `text` has the form of a clause id (it may still name no clause)."""
    return bool(_CLAUSE_ID.match(text))
