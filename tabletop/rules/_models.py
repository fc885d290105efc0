"""The rules file as data: the Guidelines' clauses, the tag vocabulary, the phases and their gates.

`tabletop.rules._loader` validates `rules/guidelines_phases.yaml` into these
models; everything else reads the corpus through `Corpus` (see `_corpus.py`).
Nothing here names a clause id or a phase slug: those live in the rules file.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from tabletop.strictmodel import StrictModel

__all__ = [
    "Applicability",
    "ClauseNode",
    "Determination",
    "DocumentInfo",
    "Gate",
    "PhaseConstraint",
    "PhaseSpec",
    "Region",
    "Requirement",
    "RulesFile",
    "Side",
    "TransitionSpec",
]

CLAUSE_ID_PATTERN = r"^(?:[IVX]+)(?:\.[A-Z](?:\.[0-9]+(?:\.[a-z](?:\.[ivx]+)?)?)?)?$"
SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"


class _Strict(StrictModel):
    """The base of this module's models (a class, so that type checkers see each model's fields)."""


Side = Literal["japan", "united_states", "both"]
"""Whose decision a gate or a determination is: Japan's, the United States', or each government's
on its own (the two governments')."""


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

    Japan's own situation is one region, an armed attack against another country a second and
    a large-scale disaster a third, so that situations the law lets coexist hold at once.
    A transition moves within one region; the only link between regions is a
    `PhaseConstraint` (two phases that cannot hold at once).
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
    prepares: list[Applicability] = []
    """Clauses that do not apply outright in this phase but whose measures "may be taken"
    before the situation they belong to is determined (IV.B's measures in peacetime): a
    weaker applicability, cited and suggested as such, never as if the situation held."""


class Requirement(_Strict):
    """One thing a gate or a determination needs before it can be made: a deliberation, a
    decision, an approval, a request, a consent, or another determination recorded first."""

    kind: str = Field(pattern=SLUG_PATTERN)
    """The kind of step, from the rules file's `requirement_kinds` vocabulary (e.g.
    `nsc_deliberation`, `cabinet_decision`, `diet_prior_approval`, `request`)."""
    detail: str = Field(min_length=1)
    """Who does what, and where the law says so, in plain words."""
    discretionary: bool = False
    """True when the law leaves it to the decider whether this step is taken (the Prime Minister
    consults the National Security Council on it "when deemed necessary")."""
    after: bool = False
    """True when the step may, or must, come after the decision takes effect (the Diet's approval
    sought after the order, a report to the Diet): it does not hold the decision back."""
    determinations: list[str] = []
    """Determinations that must come first: any one of them recorded yes meets this requirement."""
    gates: list[str] = []
    """On a gate: other gates of the same move that must be answered first."""
    satisfied_in: list[str] = []
    """Phases in which this requirement is already met, because the move into them asked it
    (the basic response plan of an armed attack situation, asked by `attack_occurs`)."""


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
    side: Side = "japan"
    """Whose decision it is: `japan`, `united_states`, or `both` (each government on its own)."""
    us_authority: str | None = None
    """Who decides on the U.S. side, for a gate that is the two governments' (`side: both`);
    absent otherwise."""
    requires: list[Requirement] = []
    """What must happen before the answer can be yes (deliberation, a Cabinet decision, the
    Diet's approval, another gate of the same move), in the order it usually happens."""
    uncertain: str | None = None
    """What about this gate's legal detail is not verified, with what is known and from where;
    absent when every detail was checked."""


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


class PhaseConstraint(_Strict):
    """Two phases of different regions that cannot hold at once, and why.

    Regions are otherwise independent. Where the text makes a combination impossible, the
    phase machine refuses any move into it, except that a move into `prevails` ends the
    other phase in the same move (its region is left empty) instead of being refused.
    """

    phases: list[str] = Field(min_length=2, max_length=2)
    """The two phase slugs, of two different regions."""
    prevails: str | None = None
    """The phase whose entry ends the other one (null: entering either is refused while the
    other holds). The phase that gives way must belong to a region that can be empty."""
    basis: str = Field(min_length=1)
    """The Guidelines sentence (quoted verbatim) that rules the combination out."""
    reason: str = Field(min_length=1)
    """The reason in plain words, shown when a move is refused or a phase gives way."""


class Determination(_Strict):
    """A decision the room can record while the phases stay as they are.

    The grey zone's orders (public security and maritime security operations), the orders and
    measures of every phase (civil protection, noncombatant evacuation, disaster relief, ...),
    determinations that precede or follow a move (an armed attack situation found on imminent
    danger, a basic response plan abolished) and the U.S. side's decisions (a request, prior
    consultation, action under Article V of the Treaty) have legal effects, but none of them
    is one of the Guidelines' phases: recording one never changes a phase.
    """

    id: str = Field(pattern=SLUG_PATTERN)
    """The determination's slug, used to record it."""
    title: str = Field(min_length=1)
    """What is decided, for people."""
    authority: str = Field(min_length=1)
    """Who decides, e.g. "Prime Minister (Cabinet decision)"."""
    diet: str = Field(min_length=1)
    """Whether and when the National Diet approves it, or that it does not."""
    reference: str = Field(min_length=1)
    """The statute and article (and any Cabinet decision) it rests on."""
    available_in: list[str] = Field(min_length=1)
    """The phases in which the room may record it."""
    basis: str = Field(min_length=1)
    """The Guidelines sentence (quoted verbatim) under which it sits in those phases."""
    side: Side = "japan"
    """Whose decision it is: `japan`, `united_states` (`authority` is then the U.S. side's), or
    `both` (each government on its own; `us_authority` says who decides on the U.S. side)."""
    us_authority: str | None = None
    """Who decides on the U.S. side, for a determination that is the two governments'
    (`side: both`); absent otherwise."""
    requires: list[Requirement] = []
    """What must happen before it can be made, in the order it usually happens."""
    uncertain: str | None = None
    """What about its legal detail is not verified, with what is known and from where; absent
    when every detail was checked."""


class RulesFile(_Strict):
    """The whole rules file."""

    document: DocumentInfo
    """The document the clauses quote."""
    tags: dict[str, str]
    """The closed tag vocabulary: slug to description."""
    tag_names: dict[str, str] = {}
    """What a reason read aloud calls a tag ("maritime security" for `maritime`); a tag without
    one is called by its slug, underscores read as spaces."""
    clauses: list[ClauseNode] = Field(min_length=1)
    """The clause tree: the chapters, in order."""
    regions: list[Region] = Field(min_length=1)
    """The phase regions."""
    phases: list[PhaseSpec] = Field(min_length=1)
    """The doctrinal phases."""
    transitions: list[TransitionSpec] = []
    """The legal moves between phases."""
    constraints: list[PhaseConstraint] = []
    """Combinations of phases of different regions that cannot hold at once."""
    determinations: list[Determination] = []
    """Decisions the room can record without changing phase."""
    requirement_kinds: dict[str, str] = {}
    """The closed vocabulary of what a gate or a determination may need first: slug to
    description (`nsc_deliberation`, `cabinet_decision`, ...)."""
