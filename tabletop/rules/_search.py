"""Free-text clause search over the Guidelines corpus, ranked by SQLite FTS5's bm25().

Called by `tabletop clauses search`, by citation ranking
(`tabletop.session._citations`) on every facilitator step, and by the console's
look-up box. It owns the full-text index and the one place where a person's
words become an FTS5 query.

The index lives in an in-memory SQLite database (the standard library's
`sqlite3`; FTS5 with the porter stemmer over unicode61), one row per clause,
with five searchable columns:

    title     the clause's heading
    text      its own verbatim text
    keywords  curated terms and synonyms from the rules file
    context   the headings of its parent chain, so that "armed attack" pulls
              the items under "Actions in Response to an Armed Attack ..."
    terms     one token for each term of the term bank (`tabletop.rules._terms`)
              that points at the clause

Terms of the term bank ("PAC-3", "存立危機事態") are recognised in the text
first; each stands for its concept, scored at `CONCEPT_WEIGHT` beside the
person's own words, and a hit reports them as "PAC-3 → ballistic missile
defense". Stop words include the room's filler and the pronoun "us"; a few
words ("lines", "order", "systems", "fire") count only beside a word they form a
phrase with in some clause. `Hit.strong` says whether a match is clear
evidence, for the citation floor.

Each column has a bm25() weight (`ColumnWeights`). A search is scored as FTS5
scores the whole query, from each term's own bm25, asked of SQLite once and
kept (`ClauseIndex._scores`). A person's text is never handed to FTS5 as
syntax: it is cut into words, stop words are dropped and every remaining word
becomes a quoted phrase, so `"`, `NEAR(`, `*`, `AND` or `-` are just words (or
nothing). The words that matched each hit are reported
back in the person's own spelling ("sea lines of communication"), grouped into
a phrase only where the words stand together inside one heading, text, keyword
or parent heading (a second table holds those pieces one per row), so two
neighbouring keywords never read as one phrase.

Building the index takes a few milliseconds; `ClauseIndex.for_corpus()` keeps
one per rules file (by its SHA-256) so that a session builds it once.
"""

from __future__ import annotations

import functools
import math
import re
import sqlite3
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from tabletop.errors import TabletopError
from tabletop.rules._corpus import Clause, Corpus
from tabletop.rules._functions import FunctionTable, load_functions
from tabletop.rules._terms import EMPTY as NO_TERMS
from tabletop.rules._terms import TermBank, TermMatch, fold_text, load_terms

__all__ = [
    "ClauseIndex",
    "ColumnWeights",
    "DEFAULT_WEIGHTS",
    "FILLER_WORDS",
    "Hit",
    "MIN_SCORE",
    "QueryTerms",
    "SETTING_WEIGHT",
    "STOP_WORDS",
    "explain_term",
    "find_clauses",
    "parse_query",
]

MIN_SCORE = 1e-3
"""The least bm25 score that counts as evidence. A clause matched only by words found in most
clauses ("Japan", "cooperation") scores about zero: beside a real match, listing it (at the end
of every search, in document order) would be noise, so it is dropped."""


@dataclass(frozen=True, slots=True)
class ColumnWeights:
    """bm25() weights of the searchable columns; a match in a heavier column counts for more.

    Headings and curated keywords say what a clause is about far more reliably than a word
    in its prose; the parent chain's headings only break ties between look-alike items (the
    "Search and Rescue" of each phase). Checked on hand-written facilitator situations
    (`tests/session/gold_citations.yaml`): against equal weights, these raise first-place
    hits of plain search (no phase filter) from 87% to 95%, and on a second batch written
    after the keywords were curated from 76% to 84% (search) and 84% to 92% (citations in
    phase). Finer changes (title 2-8, keywords 3-6, context 0-1) made no difference there.
    """

    title: float = 4.0
    text: float = 1.0
    keywords: float = 4.0
    context: float = 0.5
    terms: float = 4.0
    """The term bank's pointers: a term that names this clause, or one of its tags."""

    def params(self) -> tuple[float, ...]:
        """The weights in the order of the index's columns, as bm25() takes them."""
        return (self.title, self.text, self.keywords, self.context, self.terms)


DEFAULT_WEIGHTS = ColumnWeights()

CLEAR_SHARE = 0.65
"""See `Hit.strong`. On the bundled rules a heading scores about 8 for itself, so one word must
score about 4.8: "pilot" (a keyword of the three search-and-rescue items) does, "foreign"
(4.6, in the body of four clauses) and "ready" (3.9) do not."""

RARE_CLAUSES = 2
"""A word found in at most this many clauses is evidence on its own, wherever it is found."""

CONCEPT_WEIGHT = 0.6
"""What a term of the term bank counts for, against the person's own words (1.0): the bm25
of its concept and pointers is multiplied by this."""

SETTING_WEIGHT = 0.15
"""What a term that names where a situation takes place (`Term.setting`: Okinawa, the
Senkakus) counts for, in place of `CONCEPT_WEIGHT`: the islands it stands for say where the
room is, and only beside nothing else what it asks (docs/citations.md has the figures)."""

SPECIFICITY_MARGIN = 0.2
"""A parent ranks below a descendant that scores at least (1 - margin) of the parent's score.

A chapter or section lead-in repeats the words of its items in general terms;
when both match about equally, the item is the clause that answers.
"""

# English function words and the Guidelines' own boilerplate ("the two governments ... as
# appropriate"), which occur in nearly every clause and only dilute a query.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "etc",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "may",
        "me",
        "might",
        "more",
        "most",
        "must",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "shall",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "very",
        "via",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "you",
        "your",
        "yours",
        "appropriate",
        "governments",
        "government",
        "two",
        "s",
        "t",
        "us",
    ]
)

# Words a room says around what matters ("we need to ask them for help with one more thing"):
# they match clauses by accident ("system", "order", "point", "across", "exercising") and must
# never be shown as the reason a clause was suggested. "us" is a pronoun, never the United
# States: that is "U.S." (its letters alone are too short to search), "United States",
# "America" or "American".
FILLER_WORDS = frozenset(
    [
        "one",
        "ones",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "dozen",
        "dozens",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "first",
        "second",
        "next",
        "last",
        "another",
        "every",
        "ask",
        "asks",
        "asked",
        "asking",
        "want",
        "wants",
        "wanted",
        "wanting",
        "need",
        "needs",
        "needed",
        "needing",
        "help",
        "helps",
        "helped",
        "helping",
        "get",
        "gets",
        "got",
        "getting",
        "make",
        "makes",
        "made",
        "making",
        "take",
        "takes",
        "took",
        "taken",
        "taking",
        "give",
        "gives",
        "gave",
        "given",
        "giving",
        "keep",
        "keeps",
        "kept",
        "keeping",
        "go",
        "goes",
        "going",
        "gone",
        "went",
        "come",
        "comes",
        "came",
        "coming",
        "let",
        "lets",
        "put",
        "puts",
        "say",
        "says",
        "said",
        "saying",
        "tell",
        "tells",
        "told",
        "telling",
        "know",
        "knows",
        "knew",
        "known",
        "think",
        "thinks",
        "thought",
        "see",
        "sees",
        "saw",
        "seen",
        "seeing",
        "look",
        "looks",
        "looked",
        "looking",
        "like",
        "likes",
        "try",
        "tries",
        "tried",
        "trying",
        "seem",
        "seems",
        "seemed",
        "happen",
        "happens",
        "happened",
        "happening",
        "start",
        "starts",
        "started",
        "starting",
        "begin",
        "begins",
        "began",
        "work",
        "works",
        "worked",
        "working",
        "exercising",
        "exercised",
        "thing",
        "things",
        "something",
        "anything",
        "nothing",
        "everything",
        "someone",
        "anyone",
        "everyone",
        "somebody",
        "anybody",
        "nobody",
        "everybody",
        "way",
        "ways",
        "kind",
        "kinds",
        "sort",
        "sorts",
        "side",
        "sides",
        "lot",
        "lots",
        "bit",
        "number",
        "matter",
        "matters",
        "issue",
        "issues",
        "question",
        "questions",
        "problem",
        "problems",
        "situation",
        "situations",
        "point",
        "points",
        "level",
        "levels",
        "case",
        "cases",
        "event",
        "events",
        "time",
        "times",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "hour",
        "hours",
        "minute",
        "minutes",
        "today",
        "tonight",
        "tomorrow",
        "yesterday",
        "morning",
        "evening",
        "night",
        "now",
        "soon",
        "later",
        "already",
        "yet",
        "still",
        "even",
        "ever",
        "again",
        "instead",
        "really",
        "quite",
        "rather",
        "pretty",
        "much",
        "many",
        "well",
        "maybe",
        "perhaps",
        "probably",
        "actually",
        "whether",
        "though",
        "although",
        "yes",
        "ok",
        "okay",
        "please",
        "able",
        "across",
        "behind",
        "around",
        "away",
        "back",
        "together",
        "arrange",
        "arranged",
        "arranges",
        "arranging",
        "new",
        "old",
        "big",
        "small",
        "good",
        "bad",
        "great",
        "little",
        "long",
        "short",
    ]
)

STOP_WORDS = FUNCTION_WORDS | FILLER_WORDS
"""Words never searched for and never shown as a reason."""

PHRASE_ONLY_WORDS = frozenset(
    {
        "line",
        "lines",
        "order",
        "orders",
        "system",
        "systems",
        "fire",
        "fires",
        "fired",
        "firing",
        "raid",
        "raids",
        "site",
        "sites",
        "korean",
        "spare",
        "show",
        "handle",
        "handles",
        "handled",
        "handling",
    }
)
"""Words that mean something only together with a neighbour: "sea lines", "maritime order",
"space systems", "live fire", "air raid", "site surveys", "Korean Peninsula", "spare parts", "show
of force", "handling refugees". Alone ("behind enemy lines", "the order was given", "the system is
down", "under fire", "before a shot is fired", "raid the radar site", "Korean nationals", "spare
seats", "the pictures show", "a show of resolve", "who handles it?") they are filler, so a query keeps one only where it stands beside a word it forms a
phrase with in some clause."""

# Words that may join two matched words into one reported phrase ("lines of communication").
CONNECTORS = frozenset({"of", "and", "for", "on", "to", "the", "in", "against", "from"})
# A word is a run of letters and digits. The underscore is a separator, as it is for FTS5's
# unicode61 tokenizer, so that query words and indexed tokens are cut the same way.
_WORD = re.compile(r"[^\W_]+")
# Punctuation (and a line break: an inject's title, narrative and questions arrive one per
# line) that ends a phrase when the matched words are reported back.
_PHRASE_BREAK = re.compile(r"[,;:.!?()\[\]{}\"“”\n]")

_TOKENIZER = "porter unicode61 remove_diacritics 2"
_CACHE_SIZE = 4


@dataclass(frozen=True, slots=True)
class Hit:
    """One clause found by a search, with the words that found it."""

    id: str
    title: str
    score: float
    """Relevance (bm25, sign flipped so that larger is better); only comparable within one search."""
    matched: tuple[str, ...]
    """The query's words that occur in this clause, as the person wrote them, grouped into phrases."""
    order: int
    """The clause's position in document order."""
    via: tuple[tuple[str, str], ...] = ()
    """Terms of the term bank that found this clause: (the term as written, its concept)."""
    about: float = 0.0
    """The part of `score` found in what the clause is about: its heading, its keywords and the
    terms of the term bank that point at it (not its prose, nor its parents' headings). Worked
    out only when asked for (`ClauseIndex.search_terms(..., about=True)`); without the
    adjustment of a parent below its items (`SPECIFICITY_MARGIN`)."""
    terms: frozenset[str] = frozenset()
    """The search terms found in this clause: the person's informative words (normalised) and
    what their recognised terms stand for (concept words, term tokens)."""
    strong: bool = True
    """The match is clear evidence: two informative words of the situation, a word found in at
    most `RARE_CLAUSES` clauses, a term of the term bank, or a score of at least `CLEAR_SHARE`
    of what a heading scores for itself. One ordinary word in the body of a few clauses or in a
    keyword among many ("foreign", "ready", "ships") is not."""
    spoken: frozenset[str] = frozenset()
    """The person's own search terms that `matched` is made of (`ClauseIndex.with_phrases`)."""

    @property
    def explained(self) -> tuple[str, ...]:
        """Every word that carried the score: the matched phrases, then "PAC-3 → ballistic missile defense"."""
        return self.matched + tuple(explain_term(spelled, concept) for spelled, concept in self.via)

    @property
    def reason(self) -> str:
        """`matches: minesweeping, sea lines of communication, PAC-3 → ballistic missile defense`."""
        return "matches: " + ", ".join(self.explained)


@dataclass(frozen=True, slots=True)
class _Word:
    start: int
    end: int
    term: str | None
    """The normalised search term, or None for a stop word."""
    spelled: str
    """The word as written, casefolded (what a phrase is probed with)."""
    after_break: bool
    """Punctuation or a line break stands between this word and the one before."""


@dataclass(frozen=True, slots=True)
class QueryTerms:
    """A person's text cut into search terms, remembering where each word was."""

    text: str
    words: tuple[_Word, ...]
    found: tuple[TermMatch, ...] = ()
    """Terms of the term bank recognised in the text (their words are not searched one by one)."""
    _terms: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)
    # The term lists below, worked out once: a ranking asks for them at every step.

    @property
    def terms(self) -> tuple[str, ...]:
        """The distinct search terms of the person's own words, in the order they first appear."""
        terms = self._terms.get("terms")
        if terms is None:
            terms = self._terms["terms"] = tuple(dict.fromkeys(w.term for w in self.words if w.term is not None))
        return terms

    @property
    def concept_terms(self) -> tuple[str, ...]:
        """The search terms the recognised terms stand for: their concepts' words and tokens."""
        terms = self._terms.get("concept")
        if terms is None:
            extra: list[str] = []
            for match in self.found:
                extra.append(match.term.token)
                extra.extend(_terms_of(match.term.concept))
            own = set(self.terms)
            terms = self._terms["concept"] = tuple(t for t in dict.fromkeys(extra) if t not in own)
        return terms

    @property
    def translated_terms(self) -> tuple[str, ...]:
        """The concept terms of the terms written in Japanese: the clauses are English, so a
        Japanese word is searched as the English words it translates, counted as the person's
        own (a term of the room's English, "PAC-3", stands for a concept it only points at)."""
        terms = self._terms.get("translated")
        if terms is None:
            extra: list[str] = []
            for match in self.found:
                if not match.spelled.isascii():
                    extra.append(match.term.token)
                    extra.extend(_terms_of(match.term.concept))
            own = set(self.terms)
            terms = self._terms["translated"] = tuple(t for t in dict.fromkeys(extra) if t not in own)
        return terms

    @property
    def setting_terms(self) -> tuple[str, ...]:
        """The concept terms that only terms naming where the situation takes place stand for
        (`Term.setting`), scored at `SETTING_WEIGHT` (`setting_query`)."""
        terms = self._terms.get("setting")
        if terms is None:
            setting: list[str] = []
            other: set[str] = set()
            for match in self.found:
                words = (match.term.token, *_terms_of(match.term.concept))
                if match.term.setting:
                    setting.extend(words)
                else:
                    other.update(words)
            own = self.terms
            terms = self._terms["setting"] = tuple(t for t in dict.fromkeys(setting) if t not in other and t not in own)
        return terms

    @property
    def concepts(self) -> tuple[frozenset[str], ...]:
        """The search terms of each recognised term's concept, one set for each term (what
        "beef up the guard" stands for: reinforced, protection, facilities, areas)."""
        return tuple(frozenset(_terms_of(match.term.concept)) for match in self.found)

    def own_terms(self) -> tuple[str, ...]:
        """The person's own terms, and the words their Japanese terms translate to, in the
        order they are searched (`fts_query`)."""
        terms = self._terms.get("own")
        if terms is None:
            setting = set(self.setting_terms)
            terms = self._terms["own"] = (*self.terms, *(t for t in self.translated_terms if t not in setting))
        return terms

    def other_concept_terms(self) -> tuple[str, ...]:
        """Every other term the recognised terms stand for, in the order they are searched
        (`concept_query`)."""
        terms = self._terms.get("other")
        if terms is None:
            skipped = set(self.translated_terms) | set(self.setting_terms)
            terms = self._terms["other"] = tuple(term for term in self.concept_terms if term not in skipped)
        return terms

    def weighed_terms(self) -> tuple[tuple[tuple[str, ...], float], ...]:
        """The three searches a ranking adds up, each with what it counts for: the person's own
        terms (1.0), the concepts of the terms they used (`CONCEPT_WEIGHT`), and the concepts of
        the terms naming the setting (`SETTING_WEIGHT`)."""
        return (
            (self.own_terms(), 1.0),
            (self.other_concept_terms(), CONCEPT_WEIGHT),
            (self.setting_terms, SETTING_WEIGHT),
        )

    def fts_query(self) -> str:
        """An FTS5 query matching any of the person's own terms, and the words their Japanese
        terms translate to; every term is a quoted string, never syntax."""
        return " OR ".join(_quote(term) for term in self.own_terms())

    def concept_query(self) -> str:
        """An FTS5 query matching any other term the recognised terms stand for ("" if none)."""
        return " OR ".join(_quote(term) for term in self.other_concept_terms())

    def setting_query(self) -> str:
        """An FTS5 query matching what the terms naming the situation's setting stand for."""
        return " OR ".join(_quote(term) for term in self.setting_terms)

    def phrases(self, matched_terms: frozenset[str], together: Callable[[str], bool] | None = None) -> tuple[str, ...]:
        """The person's words that matched, as phrases in their own spelling and order.

        Adjacent matched words form one phrase, and so do two joined by one connecting word
        ("sea lines of communication", "search and rescue"); punctuation ends a phrase.
        With `together`, a run of words is kept as one phrase only where `together` says the
        words occur together in the clause (given them lower-cased and space-separated), so
        "minesweeping sea lines" reads as "minesweeping", "sea lines".
        """
        phrases: list[str] = []
        for run in self._runs(matched_terms):
            start = 0
            while start < len(run):
                end = start + 1  # run[start:end] is a phrase; grow it while it still occurs
                if together is not None:
                    probe = end
                    while probe < len(run):
                        probe += 1
                        if run[probe - 1].term is None:  # a connector never ends a phrase
                            continue
                        if not together(" ".join(w.spelled for w in run[start:probe])):
                            break
                        end = probe
                else:
                    end = len(run)
                phrases.append(self.text[run[start].start : run[end - 1].end])
                start = end
                while start < len(run) and run[start].term is None:
                    start += 1
        seen: set[str] = set()
        unique = []
        for phrase in phrases:
            key = phrase.casefold()
            if key not in seen:
                seen.add(key)
                unique.append(phrase)
        return tuple(unique)

    def _runs(self, matched_terms: frozenset[str]) -> list[list[_Word]]:
        """Maximal runs of matched words, joined at most by one connecting word each."""
        runs: list[list[_Word]] = []
        run: list[_Word] = []
        gap: list[_Word] = []  # a connecting word after the run, kept only if a match follows

        def close() -> None:
            if run:
                runs.append(list(run))
            run.clear()
            gap.clear()

        for word in self.words:
            if run and word.after_break:
                close()
            if word.term is not None and word.term in matched_terms:
                run.extend(gap)
                gap.clear()
                run.append(word)
            elif run and not gap and word.spelled in CONNECTORS:
                gap.append(word)
            elif run:
                close()
        close()
        return runs


def explain_term(spelled: str, concept: str) -> str:
    """How a reason shows a term of the term bank: "PAC-3 → ballistic missile defense", or the
    term alone where the concept only repeats it ("Alliance Coordination Mechanism")."""
    if _terms_of(spelled) == _terms_of(concept):
        return spelled
    return f"{spelled} → {concept}"


def parse_query(text: str, terms: TermBank = NO_TERMS) -> QueryTerms:
    """Cut free text into search terms: casefolded words, stop words and single letters dropped.

    Terms of the term bank are recognised first; their words are not searched one by one
    ("Taiwan Strait" stands for straits and sea lines of communication, not for "Taiwan").
    """
    # Everything a phrase needs to know about a word is worked out here, once per text:
    # `phrases()` runs once for every clause the text finds.
    found = terms.find(text)
    covered = [(m.start, m.end) for m in found]
    # Where punctuation stands, found once: whether one stands between two words is then a
    # look at the next of them, not a search of the gap.
    breaks = [m.start() for m in _PHRASE_BREAK.finditer(text)]
    next_break = 0
    words = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        spelled = word.casefold() if word.isascii() else fold_text(word)[0]  # "ＩＲＢＭ" is searched as "irbm"
        term = None if _is_stop(spelled) else spelled
        if term is not None and covered and any(s < end and start < e for s, e in covered):
            term = None
        after_break = next_break < len(breaks) and breaks[next_break] < start
        while next_break < len(breaks) and breaks[next_break] < end:
            next_break += 1
        words.append(_Word(start, end, term, spelled, after_break))
    return QueryTerms(text, tuple(words), tuple(found))


def _is_stop(word: str) -> bool:
    """A casefolded word that is never searched: a stop word, a single letter, a bare number."""
    return word in STOP_WORDS or (len(word) == 1 and word.isascii()) or word.isdigit()


@functools.lru_cache(maxsize=4096)
def _terms_of(text: str) -> tuple[str, ...]:
    """The search terms of a curated phrase (a term's concept). Kept: the same few concepts
    are read for every clause a situation finds."""
    return tuple(w for w in (m.group().casefold() for m in _WORD.finditer(text)) if not _is_stop(w))


_NO_SCORES: dict[int, tuple[float, float]] = {}
"""The bm25 of a term found in no clause (never written to: `ClauseIndex._scores` copies before adding)."""


def _basis_key(function_id: str, clause_id: str) -> str:
    return f"{function_id} {clause_id}"


def _frame_key(function_id: str, clause_id: str) -> str:
    return f"{function_id} {clause_id} listed under"


def _quote(term: str) -> str:
    # An FTS5 string: double quotes inside are doubled. `_WORD` never yields one, but the
    # quoting must not depend on that.
    return '"' + term.replace('"', '""') + '"'


class _Recognised:
    """The terms of the term bank recognised in one query, and which clauses each one found
    (`Hit.via`): a clause the term points at, or one that contains every informative word of
    its concept (loosely: any of them, for a clause found by nothing else)."""

    __slots__ = ("_known", "_loose", "_loose_rows", "_matches", "_strict")

    def __init__(
        self, found: tuple[TermMatch, ...], term_rows: dict[str, frozenset[int]], concepts: dict[str, list[str]]
    ) -> None:
        self._matches = [(match.term.name, match.spelled, match.term.concept) for match in found]
        # Which of the matches find each clause, as the bits of one number (bit i for the i-th
        # match): `via` is asked for every clause a search finds, and answers with a look-up.
        self._strict: dict[int, int] = {}
        self._loose_rows: list[frozenset[int]] = []
        for i, match in enumerate(found):
            pointed = term_rows[match.term.token]
            words = [term_rows[t] for t in concepts[match.term.name]]
            for rowid in pointed | frozenset.intersection(*words) if words else pointed:
                self._strict[rowid] = self._strict.get(rowid, 0) | 1 << i
            self._loose_rows.append(pointed | frozenset.union(*words) if words else pointed)
        self._loose: dict[int, int] | None = None  # the same for `loose`, worked out when first asked
        # Clauses found by the same terms read the same: the answer by which terms found them.
        self._known: dict[int, tuple[tuple[str, str], ...]] = {}

    def via(self, rowid: int, loose: bool = False) -> tuple[tuple[str, str], ...]:
        """The terms that found this clause: (the term as written, its concept), each term once,
        its spellings joined ("fuel, ammunition")."""
        if not self._matches:
            return ()
        finds = (self._loose_finds() if loose else self._strict).get(rowid, 0)
        via = self._known.get(finds)
        if via is None:
            chosen: dict[str, tuple[str, str]] = {}
            for i, (name, spelled_here, concept) in enumerate(self._matches):
                found = finds >> i & 1
                if name in chosen:
                    spelled, concept = chosen[name]
                    if spelled_here.casefold() not in spelled.casefold().split(", "):
                        chosen[name] = (f"{spelled}, {spelled_here}", concept)
                elif found:
                    chosen[name] = (spelled_here, concept)
            via = self._known[finds] = tuple(chosen.values())
        return via

    def _loose_finds(self) -> dict[int, int]:
        if self._loose is None:
            self._loose = {}
            for i, rows in enumerate(self._loose_rows):
                for rowid in rows:
                    self._loose[rowid] = self._loose.get(rowid, 0) | 1 << i
        return self._loose


class ClauseIndex:
    """The corpus's clauses in an FTS5 table, searchable by free text.

    Safe to share between threads (queries are serialised on one connection).
    Use `ClauseIndex.for_corpus(corpus)` to reuse the index built for the same rules file.
    """

    _cache: OrderedDict[tuple[str, str, str, ColumnWeights], ClauseIndex] = OrderedDict()
    _cache_lock = threading.Lock()

    def __init__(
        self,
        corpus: Corpus,
        weights: ColumnWeights = DEFAULT_WEIGHTS,
        terms: TermBank | None = None,
        functions: FunctionTable | None = None,
    ) -> None:
        """Index `corpus`; `terms` is its term bank and `functions` its function table (by
        default those beside its rules file: `load_terms`, `load_functions`)."""
        self.corpus = corpus
        self.weights = weights
        self.terms = load_terms(corpus) if terms is None else terms
        self.functions = load_functions(corpus) if functions is None else functions
        # What a clause is about: its heading, keywords and term pointers, without its prose or
        # its parents' headings (`Hit.about`).
        self._about_weights = replace(weights, text=0.0, context=0.0)
        self._basis_keys: dict[str, frozenset[str]] = {}
        self._clauses: list[Clause] = list(corpus)
        self._deepest_first = sorted(range(1, len(self._clauses) + 1), key=lambda r: -self._clauses[r - 1].depth)
        # The rows of each clause's parent chain, nearest first: walked for every clause that
        # every search finds (`_prefer_specific`), so worked out once here.
        row_of = {c.id: rowid for rowid, c in enumerate(self._clauses, start=1)}
        self._ancestor_rows: list[tuple[int, ...]] = [()] + [
            tuple(row_of[a.id] for a in reversed(corpus.ancestors(c.id))) for c in self._clauses
        ]
        self._lock = threading.Lock()
        self._term_rows: dict[str, frozenset[int]] = {}
        self._term_bm25: dict[str, dict[int, tuple[float, float]]] = {}
        self._clear: float | None = None
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        # Close the in-memory database when the index is dropped (e.g. evicted from the cache).
        weakref.finalize(self, self._db.close)
        try:
            self._db.execute(
                "CREATE VIRTUAL TABLE clause_fts USING fts5("
                f"id UNINDEXED, title, text, keywords, context, terms, tokenize = '{_TOKENIZER}')"
            )
            # One row per heading, text, keyword and parent heading of each clause: a phrase
            # reported back to a person must occur inside one of them, never straddle two
            # keywords that happen to sit side by side in `clause_fts`.
            self._db.execute(
                f"CREATE VIRTUAL TABLE clause_piece_fts USING fts5(clause UNINDEXED, piece, tokenize = '{_TOKENIZER}')"
            )
        except sqlite3.OperationalError as exc:  # a Python built against SQLite without FTS5
            raise TabletopError(
                f"clause search needs SQLite's FTS5 extension, which this Python's sqlite3 "
                f"(SQLite {sqlite3.sqlite_version}) lacks: {exc}"
            ) from None
        # The term bank points terms at clauses (by id or by tag); each term is one token in the
        # `terms` column of the clauses it points at, so bm25 weighs it like any rare word.
        tokens: dict[str, list[str]] = {c.id: [] for c in self._clauses}
        for term in self.terms:
            for clause_id in sorted(self.terms.clause_ids(term, corpus)):
                tokens[clause_id].append(term.token)
        rows = []
        pieces: list[tuple[int, str]] = []
        for rowid, clause in enumerate(self._clauses, start=1):
            headings = [a.title for a in corpus.ancestors(clause.id)]
            # The " ; " only makes the columns readable; bm25 ignores it, and so would a
            # phrase query, which is why phrases are checked against `clause_piece_fts`.
            rows.append(
                (
                    rowid,
                    clause.id,
                    clause.title,
                    clause.text,
                    " ; ".join(clause.keywords),
                    " ; ".join(headings),
                    " ".join(tokens[clause.id]),
                )
            )
            pieces.extend(
                (rowid, piece) for piece in (clause.title, clause.text, *clause.keywords, *headings, *tokens[clause.id])
            )
        self._db.executemany(
            "INSERT INTO clause_fts (rowid, id, title, text, keywords, context, terms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self._db.executemany("INSERT INTO clause_piece_fts (clause, piece) VALUES (?, ?)", pieces)
        self._db.execute("INSERT INTO clause_fts (clause_fts) VALUES ('optimize')")
        self._db.execute("INSERT INTO clause_piece_fts (clause_piece_fts) VALUES ('optimize')")
        # The sentence that makes each clause an instance of each of its functions, to tell
        # which of a clause's functions the words of a situation are about.
        self._db.execute(f"CREATE VIRTUAL TABLE basis_fts USING fts5(key UNINDEXED, basis, tokenize = '{_TOKENIZER}')")
        self._db.executemany(
            "INSERT INTO basis_fts (key, basis) VALUES (?, ?)",
            [(_basis_key(f.id, clause_id), basis) for f in self.functions for clause_id, basis in f.bases]
            + [(_frame_key(f.id, clause_id), frame) for f in self.functions for clause_id, frame in f.frames],
        )
        self._search_sql = (
            "SELECT rowid, -bm25(clause_fts, 0.0, ?, ?, ?, ?, ?) AS score FROM clause_fts "
            "WHERE clause_fts MATCH ? ORDER BY score DESC, rowid"
        )
        self._term_sql = (
            "SELECT rowid, -bm25(clause_fts, 0.0, ?, ?, ?, ?, ?), -bm25(clause_fts, 0.0, ?, ?, ?, ?, ?) "
            "FROM clause_fts WHERE clause_fts MATCH ?"
        )
        self._both_params = weights.params() + self._about_weights.params()

    @classmethod
    def for_corpus(cls, corpus: Corpus, weights: ColumnWeights = DEFAULT_WEIGHTS) -> ClauseIndex:
        """The index of this corpus, its term bank and its function table, built on first use
        and then shared (keyed by the SHA-256 of the three files)."""
        terms = load_terms(corpus)
        functions = load_functions(corpus)
        key = (corpus.sha256, terms.sha256, functions.sha256, weights)
        with cls._cache_lock:
            index = cls._cache.get(key)
            if index is not None:
                cls._cache.move_to_end(key)
                return index
        index = cls(corpus, weights, terms, functions)
        with cls._cache_lock:
            index = cls._cache.setdefault(key, index)
            cls._cache.move_to_end(key)
            while len(cls._cache) > _CACHE_SIZE:
                cls._cache.popitem(last=False)
        return index

    def search(
        self,
        text: str,
        phases: Iterable[str] | None = None,
        limit: int | None = 10,
    ) -> list[Hit]:
        """Clauses relevant to `text`, best first; only those applicable in `phases` if given.

        Unknown phase slugs raise `UnknownPhaseError`. Text with no searchable word (empty,
        only stop words or punctuation) finds nothing. Ties keep document order.
        """
        allowed = self.corpus.applicable_ids(phases) if phases is not None else None
        return self.search_terms(self.parse(text), allowed, limit)

    def parse(self, text: str) -> QueryTerms:
        """`parse_query()` with this index's term bank, keeping a `PHRASE_ONLY_WORDS` word only
        where it forms a phrase of some clause with the word before or after it."""
        query = parse_query(text, self.terms)
        if PHRASE_ONLY_WORDS.isdisjoint(word.term for word in query.words):
            return query
        words = list(query.words)
        for i, word in enumerate(words):
            if word.term is None or word.spelled not in PHRASE_ONLY_WORDS:
                continue
            pairs = []
            if i > 0 and words[i - 1].term is not None and not word.after_break:
                pairs.append(f"{words[i - 1].spelled} {word.spelled}")
            if i + 1 < len(words) and words[i + 1].term is not None and not words[i + 1].after_break:
                pairs.append(f"{word.spelled} {words[i + 1].spelled}")
            with self._lock:
                if not any(self._rows_matching(pair) for pair in pairs):
                    words[i] = replace(word, term=None)
        return replace(query, words=tuple(words))

    def search_terms(
        self,
        query: QueryTerms,
        allowed: frozenset[str] | None = None,
        limit: int | None = 10,
        *,
        about: bool = False,
        phrases: bool = True,
    ) -> list[Hit]:
        """`search()` for an already parsed query, restricted to the clause ids in `allowed`;
        with `about`, each hit also says how much of its score its heading, keywords and terms
        carry (`Hit.about`); without `phrases`, the words that matched are left to be grouped
        into phrases on demand (`with_phrases`), for a caller that shows only a few hits."""
        if limit is not None and limit <= 0:
            return []
        terms = query.terms
        if not terms and not query.found:
            return []
        concept_terms = query.concept_terms
        with self._lock:
            scored = self._scores(query, about)
            term_rows = {term: self._rows_matching(term) for term in (*terms, *concept_terms)}
            common = {t for t, found in term_rows.items() if len(found) > len(self._clauses) / 2}
            recognised = self._recognised(query, term_rows, common)
            ranked = self._rank([(rowid, both[0]) for rowid, both in scored.items()], allowed, limit)
            clear = self._clear_score() if ranked else 0.0
            # Which terms each hit holds, worked out term by term over the hits' rows (a set
            # intersection each) rather than hit by hit over every term.
            rows = {rowid for rowid, _ in ranked}
            spoken_in: dict[int, list[str]] = {rowid: [] for rowid in rows}
            for term in terms:
                for rowid in term_rows[term] & rows:
                    spoken_in[rowid].append(term)
            concepts_in: dict[int, list[str]] = {rowid: [] for rowid in rows}
            for term in concept_terms:
                if term not in common:
                    for rowid in term_rows[term] & rows:
                        concepts_in[rowid].append(term)
            rare = frozenset(t for t in terms if t not in common and len(term_rows[t]) <= RARE_CLAUSES)
            hits = []
            for rowid, score in ranked:
                clause = self._clauses[rowid - 1]
                spoken = spoken_in[rowid]
                matched = frozenset(spoken)
                via = recognised.via(rowid)
                # Words found in most clauses carry no weight in bm25; naming them as the
                # reason ("matches: Japan") would mislead, unless nothing else matched.
                informative = frozenset(t for t in spoken if t not in common) if common else matched
                strong = bool(via) or len(informative) >= 2 or score >= clear or not rare.isdisjoint(informative)
                if not informative and not via:  # found only by a word or two of a concept
                    via = recognised.via(rowid, loose=True)
                if informative or via:
                    matched = informative
                found = informative | frozenset(concepts_in[rowid])
                hits.append(
                    Hit(
                        clause.id,
                        clause.title,
                        score,
                        self._phrases(query, matched, rowid) if phrases else (),
                        clause.order,
                        via,
                        scored[rowid][1],
                        found,
                        strong,
                        matched,
                    )
                )
        return hits

    def with_phrases(self, hit: Hit, query: QueryTerms) -> Hit:
        """`hit` with the words that matched grouped into the person's phrases (`Hit.matched`),
        for a hit found with `search_terms(..., phrases=False)`."""
        if hit.matched or not hit.spoken:
            return hit
        with self._lock:
            matched = self._phrases(query, hit.spoken, hit.order + 1)
        return Hit(
            hit.id, hit.title, hit.score, matched, hit.order, hit.via, hit.about, hit.terms, hit.strong, hit.spoken
        )

    def _recognised(self, query: QueryTerms, term_rows: dict[str, frozenset[int]], common: set[str]) -> _Recognised:
        """The recognised terms of `query` and the clauses each one finds, the rows of the
        informative words of their concepts added to `term_rows`. Called with the lock held."""
        concepts: dict[str, list[str]] = {}
        for match in query.found:
            if match.term.name not in concepts:
                words = _terms_of(match.term.concept)
                for word in words:
                    if word not in term_rows:
                        term_rows[word] = self._rows_matching(word)
                concepts[match.term.name] = [t for t in words if t not in common]
        return _Recognised(query.found, term_rows, concepts)

    def _clear_score(self) -> float:
        """The bm25 score above which one word is clear evidence on its own: `CLEAR_SHARE` of
        what a clause's own heading typically scores when searched for (the median over the
        clauses), so that the bar follows the size and wording of the rules file. Worked out
        on first use. Called with the lock held."""
        if self._clear is None:
            tops = []
            for clause in self._clauses:
                query = " OR ".join(_quote(t) for t in dict.fromkeys(_terms_of(clause.title)))
                if query:
                    row = self._db.execute(self._search_sql + " LIMIT 1", (*self.weights.params(), query)).fetchone()
                    if row is not None:
                        tops.append(row[1])
            tops.sort()
            self._clear = CLEAR_SHARE * tops[len(tops) // 2] if tops else 0.0
        return self._clear

    def _scores(self, query: QueryTerms, about: bool = False) -> dict[int, tuple[float, float]]:
        """bm25 of the person's words plus `CONCEPT_WEIGHT` times bm25 of what their recognised
        terms stand for, by rowid; beside it, with `about`, the same with the weights of what a
        clause is about (heading, keywords, terms), else 0. Called with the lock held.

        FTS5's bm25 of `"a" OR "b" OR ...` is, row by row, 0.0 plus each term's own bm25 in the
        query's order (a term's weight depends on the table and that term alone), so each
        search is that sum over the terms' scores kept from earlier rankings (`_term_scores`):
        the same floating-point additions in the same order, without asking SQLite again."""
        scores: dict[int, tuple[float, float]] = {}
        for terms, factor in query.weighed_terms():
            if not terms:
                continue
            summed = self._term_scores(terms[0])  # read only: it is kept for the next ranking
            if len(terms) > 1:
                summed = dict(summed)
                for term in terms[1:]:
                    for rowid, both in self._term_scores(term).items():
                        before = summed.get(rowid)
                        summed[rowid] = both if before is None else (before[0] + both[0], before[1] + both[1])
            for rowid, (score, about_score) in summed.items():
                before = scores.get(rowid, (0.0, 0.0))
                scores[rowid] = (before[0] + factor * score, before[1] + factor * (about_score if about else 0.0))
        return scores

    def _term_scores(self, term: str) -> dict[int, tuple[float, float]]:
        # One search term's bm25 by rowid, with the column weights and with those of what a
        # clause is about. Called with the lock held.
        scores = self._term_bm25.get(term)
        if scores is None:
            found = self._db.execute(self._term_sql, (*self._both_params, _quote(term))).fetchall()
            # Most words of a long text are in no clause: they share one empty answer.
            scores = {rowid: (score, about) for rowid, score, about in found} if found else _NO_SCORES
            if len(self._term_bm25) < 100_000:
                self._term_bm25[term] = scores
        return scores

    def _rank(
        self, rows: list[tuple[int, float]], allowed: frozenset[str] | None, limit: int | None
    ) -> list[tuple[int, float]]:
        scored: dict[int, float] = {}
        for rowid, score in rows:
            if allowed is None or self._clauses[rowid - 1].id in allowed:
                scored[rowid] = score
        # Matches on words found in most clauses are no evidence beside a real match; alone,
        # they are all there is ("Japan" finds the clauses that mention Japan).
        if any(score >= MIN_SCORE for score in scored.values()):
            scored = {rowid: score for rowid, score in scored.items() if score >= MIN_SCORE}
        ranked = sorted(self._prefer_specific(scored).items(), key=lambda item: (-item[1], item[0]))
        return ranked if limit is None else ranked[:limit]

    def _phrases(self, query: QueryTerms, matched: frozenset[str], rowid: int) -> tuple[str, ...]:
        # Called with the lock held.
        return query.phrases(matched, lambda phrase: rowid in self._rows_matching(phrase))

    def basis_share(self, hit: Hit, function_id: str) -> float:
        """The share of the words that found `hit` (`Hit.terms`) that are in the sentence making
        its clause an instance of the function (its `basis`): which of a clause's functions the
        words are about (IV.E's "transportation, supply, medical services" are logistic support,
        its "disaster-related drills" are not)."""
        return self.basis_holds(hit.terms, function_id, hit.id)

    def basis_holds(self, terms: frozenset[str], function_id: str, clause_id: str) -> float:
        """The share of `terms` (search terms, as in `Hit.terms`) that are in the basis making
        `clause_id` an instance of the function: whether the words that found another clause are
        also this one's (a phase's summary, `Function.summaries`)."""
        if not terms:
            return 0.0
        key = _basis_key(function_id, clause_id)
        with self._lock:
            inside = sum(key in self._basis_matching(term) for term in terms)
        return inside / len(terms)

    def frame_holds(self, term: str, function_id: str, clause_id: str) -> bool:
        """Whether a search term is in the words that say what a summary's list is for
        (`Function.frames`: IV.C.1's postures, deployments and preparations)."""
        key = _frame_key(function_id, clause_id)
        with self._lock:
            return key in self._basis_matching(term)

    def _basis_matching(self, term: str) -> frozenset[str]:
        # The (function, clause) keys whose basis contains the term. Called with the lock held.
        keys = self._basis_keys.get(term)
        if keys is None:
            found = self._db.execute("SELECT key FROM basis_fts WHERE basis_fts MATCH ?", (_quote(term),)).fetchall()
            keys = frozenset(k for (k,) in found)
            if len(self._basis_keys) < 100_000:
                self._basis_keys[term] = keys
        return keys

    def _rows_matching(self, term: str) -> frozenset[int]:
        # Which clauses contain a term, or a phrase of space-separated words inside one of
        # their pieces (heading, text, one keyword, one parent heading), asked of FTS5 itself
        # so that stemming and case folding agree with the ranking. Few distinct words occur
        # in facilitator text, so the answers are kept. Called with the lock held.
        rows = self._term_rows.get(term)
        if rows is None:
            found = self._db.execute(
                "SELECT DISTINCT clause FROM clause_piece_fts WHERE clause_piece_fts MATCH ?", (_quote(term),)
            ).fetchall()
            rows = frozenset(r for (r,) in found)
            if len(self._term_rows) < 100_000:
                self._term_rows[term] = rows
        return rows

    def _prefer_specific(self, scored: dict[int, float]) -> dict[int, float]:
        """Rank a parent just below its best descendant when that one scores about as well."""
        adjusted = dict(scored)
        best_below: dict[int, float] = {}  # by rowid
        # Deepest first: when a clause is reached, every descendant's final score is known.
        for rowid in self._deepest_first:
            score = adjusted.get(rowid)
            if score is None:
                continue
            best = best_below.get(rowid)
            if best is not None and best >= score * (1 - SPECIFICITY_MARGIN):
                score = adjusted[rowid] = min(score, best * (1 - 1e-6))
            for parent in self._ancestor_rows[rowid]:
                if best_below.get(parent, -math.inf) < score:
                    best_below[parent] = score
        return adjusted

    def terms_in(self, clause_id: str, query: QueryTerms) -> tuple[str, ...]:
        """The query's words that occur in one clause, as phrases in the person's spelling,
        then the recognised terms that point at it ("PAC-3 → ballistic missile defense")."""
        rowid = self.corpus.clause(clause_id).order + 1
        with self._lock:
            found = {t: self._rows_matching(t) for t in (*query.terms, *query.concept_terms)}
            common = {t for t, rows in found.items() if len(rows) > len(self._clauses) / 2}
            matched = frozenset(t for t in query.terms if rowid in found[t])
            informative = frozenset(t for t in matched if t not in common)
            via = self._recognised(query, found, common).via(rowid)
            phrases = self._phrases(query, informative if informative or via else matched, rowid)
            return phrases + tuple(explain_term(spelled, concept) for spelled, concept in via)

    def __len__(self) -> int:
        return len(self._clauses)

    def __repr__(self) -> str:
        return f"ClauseIndex({len(self._clauses)} clauses, rules sha256 {self.corpus.sha256[:12]})"


def find_clauses(
    index: ClauseIndex,
    text: str | QueryTerms,
    *,
    within: frozenset[str] | None = None,
    limit: int | None = 10,
    by_name: bool = False,
    about: bool = False,
    phrases: bool = True,
) -> list[Hit]:
    """The clauses `text` finds, best first: the one clause search of `clauses search`, of the
    ranking `cite` and the console's suggestions make, and of the console's cite dialog and
    palette.

    The full-text hits are BM25 over headings, curated keywords and text, each with the words
    that matched (`ClauseIndex.search_terms`). With `by_name`, for a person typing an id or a
    title, the clauses `text` names come first: the id it is, then the ids it begins, then the
    titles it occurs in (each with an empty `matched`). `within` keeps only those clause ids;
    `limit` bounds the full-text hits and, separately, the named ones; `about` and `phrases` are
    `ClauseIndex.search_terms`'s (for the citation ranking). `text` may be already parsed
    (`ClauseIndex.parse`), for a caller that needs the parse too; its names are then not looked
    up. Safe from any thread.
    """
    named = _named(index.corpus, text, within, limit) if by_name and isinstance(text, str) else []
    shown = {hit.id for hit in named}
    query = index.parse(text) if isinstance(text, str) else text
    found = index.search_terms(query, within, limit, about=about, phrases=phrases)
    return named + [hit for hit in found if hit.id not in shown]


def _named(corpus: Corpus, text: str, within: frozenset[str] | None, limit: int | None) -> list[Hit]:
    wanted = text.strip().casefold()
    if not wanted:
        return []
    clauses = [c for c in corpus if within is None or c.id in within]
    exact = [c for c in clauses if c.id.casefold() == wanted]
    begun = [c for c in clauses if c.id.casefold().startswith(wanted)]
    titled = [c for c in clauses if wanted in c.title.casefold()]
    named = list({c.id: c for c in (*exact, *begun, *titled)}.values())
    return [Hit(c.id, c.title, math.inf, (), c.order) for c in named[:limit]]
