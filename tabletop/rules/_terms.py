"""The term bank: the words a room uses for what the Guidelines describe, as data.

Called by clause search (`tabletop.rules._search.ClauseIndex`), which reads the
term bank that sits beside the rules file (`rules/terms.yaml` for the bundled
Guidelines). It owns that file's models, its checks and the recognition of
terms in a person's text.

A practitioner says "PAC-3", "JJOC", "Yonaguni" or "存立危機事態" where a clause
says "ballistic missile", "operational coordination", "islands" or "an armed
attack against a foreign country ... threatens Japan's survival". Each entry of
the term bank names a term, the other ways it is written or said (`also`), its
meaning for a reviewer, and what it stands for in the Guidelines: a `concept`
(words of the clauses, searched in its place and shown in the reason as
"PAC-3 → ballistic missile defense"), and optionally `tags` and `clauses` it
points at directly. Like the rules file, it is checked whole, each problem
located by file and line; an unknown tag or clause id is refused with the
nearest ones.

Terms are recognised on word boundaries (an English form never matches inside
another word: "SM-3" not in "ASM-31") and case-insensitively; a Japanese form
matches wherever it occurs, since Japanese writes no spaces between words. The
longest form wins where two overlap ("武力攻撃予測事態" over "武力攻撃"). Text and
forms are compared as they read, not as they are typed (`fold_text`): full-width
letters and digits are the ASCII ones ("ＰＡＣ－３" is PAC-3), half-width katakana
the full-width ones, and a middle dot or a space between two Japanese characters
is no difference ("捜索・救難" is "捜索救難").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from tabletop.errors import did_you_mean
from tabletop.rules._companion import load_companion
from tabletop.rules._corpus import Corpus, nearest
from tabletop.rules._loader import companion_path
from tabletop.strictmodel import StrictModel

__all__ = [
    "TERMS_FILENAME",
    "Term",
    "TermBank",
    "TermMatch",
    "TermsFile",
    "fold_text",
    "form_pattern",
    "load_terms",
    "terms_path_for",
]

TERMS_FILENAME = "terms.yaml"

_ASCII_WORD_CHAR = "A-Za-z0-9"
# Where an English form may start: a run of ASCII letters and digits not preceded by one.
_ENGLISH_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+")


# What may stand between the words of a Japanese term without making it another term:
# "捜索・救難" and "捜索 救難" are "捜索救難" (the half-width "･" is narrowed to "・" first).
_JAPANESE_JOINERS = frozenset("・")

# Full-width letters, digits and punctuation and the ideographic space, as a Japanese keyboard
# types them, are the ASCII ones; half-width katakana are the full-width ones (their separate
# voiced sound marks are joined to the kana by `fold_text`). Each is one character for one, so a
# translation table does it at C speed; the rest of NFKC (ligatures, circled digits) is left
# alone.
_NARROW = {
    code: narrow
    for code in (*range(0xFF01, 0xFF5F), 0x3000, *range(0xFF61, 0xFFA0))
    if len(narrow := unicodedata.normalize("NFKC", chr(code))) == 1
}
# What makes the positions of the folded text differ from the text's.
_REALIGNS = re.compile(r"[\s・\u3099\u309a]")


def fold_text(text: str) -> tuple[str, list[tuple[int, int]] | None]:
    """`text` as the term bank compares it, and where each of its characters comes from.

    Casefolded, with full-width letters and digits narrowed ("ＰＡＣ－３" reads "pac-3") and
    half-width katakana widened ("ｲｰｼﾞｽ" reads "イージス"), and without the middle dots and
    spaces that stand between two Japanese characters. The list gives, for each character of
    the folded text, the span of `text` it comes from; None when each comes from the character
    at the same place, as in ASCII text.
    """
    if text.isascii():
        return text.casefold(), None
    narrowed = text.translate(_NARROW)
    folded = narrowed.casefold()
    if len(folded) == len(text) and not _REALIGNS.search(folded):
        return folded, None
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    # after[i]: the first character from i on that is not a joiner ("" if none)
    after = [""] * (len(narrowed) + 1)
    for i in range(len(narrowed) - 1, -1, -1):
        after[i] = after[i + 1] if _joins(narrowed[i]) else narrowed[i]
    for i, ch in enumerate(narrowed):
        if out and ch in "\u3099\u309a" and len(joined := unicodedata.normalize("NFC", out[-1] + ch)) == 1:
            out[-1] = joined  # a half-width voiced sound mark joins its kana: "ｼﾞ" is "ジ"
            spans[-1] = (spans[-1][0], i + 1)
            continue
        if _joins(ch) and out and not out[-1].isascii() and after[i + 1] and not after[i + 1].isascii():
            continue
        piece = ch.casefold()
        out.extend(piece)
        spans.extend([(i, i + 1)] * len(piece))
    return "".join(out), spans


def _joins(ch: str) -> bool:
    return ch in _JAPANESE_JOINERS or ch.isspace()


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")


def _leading_key(word: str) -> str:
    """At most the first two of the letters, or of the digits, a word starts with, casefolded:
    "Osprey" and "Ospreys" -> "os", "PAC-3" and "pac3" -> "pa", "2+2" -> "2". Asked for every
    word of every situation, so without a regular expression."""
    kind = _LETTERS if word[:1] in _LETTERS else _DIGITS if word[:1] in _DIGITS else None
    if kind is None:
        return word[:1]
    return (word[:2] if word[1:2] in kind else word[:1]).casefold()


class TermEntry(StrictModel):
    """One term of the room's vocabulary and what it stands for in the Guidelines."""

    term: str = Field(min_length=1)
    """The name as shown in a reason, e.g. `PAC-3` or `存立危機事態`."""
    also: list[str] = []
    """Other ways the same thing is written or said: spellings, abbreviations, the Japanese."""
    meaning: str = Field(min_length=1)
    """What the term means, in a sentence a reviewer can check against public sources."""
    concept: str = Field(min_length=1)
    """What it stands for in the Guidelines' own words; searched in the term's place and
    shown after the arrow in a reason ("PAC-3 → ballistic missile defense")."""
    tags: list[str] = []
    """Tags (from the rules file's vocabulary) of the clauses the term points at."""
    clauses: list[str] = []
    """Clause ids the term points at directly."""
    setting: bool = False
    """The term names where a situation takes place (an island, a prefecture) or the service
    that acts in it (the GSDF), not what is done there: its concept counts for less than another
    term's (`SETTING_WEIGHT` in clause search), so that "the Marines on Okinawa run low on fuel"
    is about fuel and "the GSDF's special forces and U.S. SOF work together" about the SOF."""


class TermsFile(StrictModel):
    """The term bank file: a list of entries."""

    terms: list[TermEntry]
    """The entries, grouped by kind in the file (platforms, units, places, acronyms, legal terms)."""


@dataclass(frozen=True, slots=True)
class Term:
    """A checked entry of the term bank."""

    index: int
    name: str
    forms: tuple[str, ...]
    meaning: str
    concept: str
    tags: tuple[str, ...]
    clauses: tuple[str, ...]
    setting: bool = False
    """It names where a situation takes place or who acts, not what is done (`TermEntry.setting`)."""

    @property
    def token(self) -> str:
        """The search token standing for this term in the index of the clauses it points at."""
        return f"termbank{self.index}"


@dataclass(frozen=True, slots=True)
class TermMatch:
    """A term found in a person's text."""

    term: Term
    start: int
    end: int
    spelled: str
    """The term as the person wrote it."""


class TermBank:
    """The checked term bank of one rules file; `find()` recognises its terms in text."""

    def __init__(self, terms: tuple[Term, ...] = (), sha256: str = "", path: Path | None = None) -> None:
        self.terms = terms
        self.sha256 = sha256
        self.path = path
        # Candidate forms by how they start, so that `find` tries only the few forms that can
        # begin at each word (English) or character (Japanese), longest first: one alternation
        # of every form costs milliseconds per situation.
        # An English form is matched only where the text holds its first word where a word
        # starts, and piece by piece (`_form_matcher`): a command ranks a sentence or two, and
        # compiling the pattern of each form a text's words start like (about a millisecond
        # each) cost more than the rest of the search.
        self._english_forms: dict[str, list[tuple[int, str, Term]]] = {}
        self._english: dict[str, list[tuple[str | None, str, Term]]] = {}
        self._compiled: dict[str, Callable[[str, str, int], int]] = {}
        self._other: dict[str, list[tuple[int, str, Term]]] = {}
        for term in terms:
            for form in term.forms:
                form = form.strip()
                folded, _ = fold_text(form)
                if folded[0].isascii():
                    self._english_forms.setdefault(_leading_key(folded), []).append((len(folded), folded, term))
                else:
                    self._other.setdefault(folded[0], []).append((len(folded), folded, term))
        for english in self._english_forms.values():
            english.sort(key=lambda c: -c[0])
        for other in self._other.values():
            other.sort(key=lambda c: -c[0])

    def _english_candidates(self, key: str) -> list[tuple[str | None, str, Term]]:
        """The English forms that begin like `key`, longest first, each with the text its match
        must start with (None when that cannot be told without the pattern)."""
        candidates = self._english.get(key)
        if candidates is None:
            candidates = [(_first_piece(form), form, term) for _, form, term in self._english_forms.get(key, ())]
            self._english[key] = candidates
        return candidates

    def _matcher(self, form: str) -> Callable[[str, str, int], int]:
        matcher = self._compiled.get(form)
        if matcher is None:
            matcher = self._compiled[form] = _form_matcher(form)
        return matcher

    def find(self, text: str) -> list[TermMatch]:
        """The terms in `text`, in text order, never overlapping (the longest form wins)."""
        if not self.terms:
            return []
        folded, spans = fold_text(text)
        starts: list[tuple[int, str | None]] = [(m.start(), m.group()) for m in _ENGLISH_START.finditer(folded)]
        if not folded.isascii():
            starts += [(i, None) for i, ch in enumerate(folded) if ch in self._other]
            starts.sort(key=lambda s: s[0])
        # The case-blind patterns match an `i` in a form to a dotless `ı` too (the one character a
        # casefolded text may hold that matches an ASCII letter or digit other than itself).
        probe = folded.replace("\u0131", "i")
        found: list[TermMatch] = []
        end = 0
        for start, word in starts:
            if start < end:
                continue
            best: tuple[int, Term] | None = None
            if word is not None:
                for opening, form, term in self._english_candidates(_leading_key(word)):
                    if opening is not None and not probe.startswith(opening, start):
                        continue  # it cannot match here: not worth compiling
                    match_end = self._matcher(form)(folded, probe, start)
                    if match_end >= 0 and (best is None or match_end > best[0]):
                        best = (match_end, term)
            else:
                for length, form, term in self._other[folded[start]]:
                    if folded.startswith(form, start):
                        best = (start + length, term)
                        break
            if best is not None:
                first, last = (start, best[0]) if spans is None else (spans[start][0], spans[best[0] - 1][1])
                found.append(TermMatch(best[1], first, last, text[first:last]))
                end = best[0]
        return found

    def clause_ids(self, term: Term, corpus: Corpus) -> frozenset[str]:
        """The clauses a term points at: those it names and those carrying one of its tags."""
        return frozenset(term.clauses) | frozenset(
            clause.id for clause in corpus if not set(clause.tags).isdisjoint(term.tags)
        )

    def __len__(self) -> int:
        return len(self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __repr__(self) -> str:
        return f"TermBank({len(self.terms)} terms, sha256 {self.sha256[:12]})"


EMPTY = TermBank()


def terms_path_for(corpus: Corpus) -> Path:
    """Where the term bank of a rules file lives: `terms.yaml` beside it; for the bundled
    Guidelines (also when a session carries its own copy of them), the bundled term bank."""
    return companion_path(corpus, TERMS_FILENAME)


def load_terms(corpus: Corpus, path: str | Path | None = None) -> TermBank:
    """The term bank for `corpus` (from `terms_path_for(corpus)` by default), checked against it.

    A rules file with no term bank beside it has an empty one. Problems raise `RulesError`
    with one located diagnostic each; a broken term bank is never half-loaded.
    """
    path = Path(path) if path is not None else terms_path_for(corpus)
    return load_companion(corpus, path, TermsFile, _problems, _bank, lambda: EMPTY)


def _bank(parsed: TermsFile, data: bytes, path: Path) -> TermBank:
    terms = tuple(
        Term(
            index=index,
            name=entry.term.strip(),
            forms=tuple(dict.fromkeys(f.strip() for f in (entry.term, *entry.also))),
            meaning=entry.meaning.strip(),
            concept=entry.concept.strip(),
            tags=tuple(entry.tags),
            clauses=tuple(entry.clauses),
            setting=entry.setting,
        )
        for index, entry in enumerate(parsed.terms)
    )
    return TermBank(terms, hashlib.sha256(data).hexdigest(), path)


def _problems(parsed: TermsFile, corpus: Corpus) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(location, message) for every entry that names what does not exist or repeats a form."""
    seen: dict[str, str] = {}
    for index, entry in enumerate(parsed.terms):
        loc = ("terms", index)
        subject = f"term {entry.term.strip()!r}"
        for f_index, form in enumerate((entry.term, *entry.also)):
            where = (*loc, "term") if f_index == 0 else (*loc, "also", f_index - 1)
            key = _form_key(form)
            if not re.search(r"[^\W_]", form):
                yield where, f"{subject}: {form!r} has no letter or digit to recognise"
            elif key in seen and seen[key] != entry.term:
                yield where, f"{subject}: {form.strip()!r} is already a form of the term {seen[key]!r}"
            seen.setdefault(key, entry.term)
        for t_index, tag in enumerate(entry.tags):
            if tag not in corpus.tags:
                yield (
                    (*loc, "tags", t_index),
                    (f"{subject}: unknown tag {tag!r}{did_you_mean(nearest(tag, corpus.tags, 3))}"),
                )
        for c_index, clause_id in enumerate(entry.clauses):
            if clause_id not in corpus:
                yield (
                    (*loc, "clauses", c_index),
                    (f"{subject}: no clause has the id {clause_id!r}{did_you_mean(corpus.suggest_clause(clause_id))}"),
                )


def _form_key(form: str) -> str:
    """Forms compare as they are matched (`fold_text`) and without spaces or hyphens ("PAC-3",
    "pac 3", "PAC3" and "ＰＡＣ３" are one; so are "捜索・救難" and "捜索救難")."""
    return re.sub(r"[\s\-‐‑]+", "", fold_text(form.strip())[0])


_SEPARATOR = r"[\s\-‐‑]*"


def _pieces(form: str) -> list[str]:
    """The pieces of an English form between which any spacing or hyphen may stand: its words,
    and its letters and digits where they meet ("PAC-3" and "pac3" are `pac`, `3`)."""
    pieces = re.split(r"[\s\-‐‑]+", form.strip())
    pieces = [p for piece in pieces for p in re.split(r"(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])", piece)]
    return [piece for piece in pieces if piece]


def _first_piece(folded_form: str) -> str | None:
    """What a casefolded text must hold where a form's match starts (a dotless `ı` read as `i`): its
    first piece, when that is plain lower-case ASCII; None when only the pattern can tell."""
    pieces = _pieces(folded_form)
    first = pieces[0] if pieces else ""
    return first if first and first.isascii() and first == first.lower() else None


_SEPARATORS = re.compile(_SEPARATOR)
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _form_matcher(form: str) -> Callable[[str, str, int], int]:
    """Where a match of a casefolded English form that starts at `start` of a casefolded text
    ends (-1: none), given the text and its `probe` (a dotless `ı` read as `i`).

    The answer is `_form_pattern`'s, matched case-blind. A form of plain ASCII pieces (nearly
    all) is matched piece by piece, without compiling its pattern: compiling one costs about
    a millisecond, and a command that ranks one situation would pay it for every form the
    situation's words start like. In a casefolded text the only character a case-blind ASCII
    letter matches besides itself is the dotless `ı`, which `probe` reads as `i`.
    """
    form = form.strip()
    pieces = _pieces(form)
    if not pieces or not all(piece.isascii() and piece == piece.lower() for piece in pieces):
        pattern = form_pattern(form)

        def by_pattern(folded: str, probe: str, start: int) -> int:
            match = pattern.match(folded, start)
            return match.end() if match else -1

        return by_pattern
    last = len(pieces) - 1
    bounded = form[-1].isascii() and form[-1].isalnum()

    def by_pieces(folded: str, probe: str, start: int) -> int:
        at = start
        for i, piece in enumerate(pieces):
            if not probe.startswith(piece, at):
                return -1
            at += len(piece)
            if i < last:
                at = _SEPARATORS.match(folded, at).end()  # type: ignore[union-attr]  # `*` always matches
        if not bounded:
            return at
        # An optional plural "es" or "s", then no letter or digit: tried in the pattern's order.
        for ending in ("es", "s", ""):
            if probe.startswith(ending, at) and (
                at + len(ending) >= len(probe) or probe[at + len(ending)] not in _ASCII_ALNUM
            ):
                return at + len(ending)
        return -1

    return by_pieces


def form_pattern(form: str) -> re.Pattern[str]:
    """The regular expression an English form of the term bank is recognised by, matched
    case-blind where a word of the casefolded text starts: what `TermBank.find` finds (it
    matches a form of plain letters and digits piece by piece, with the same answer)."""
    return re.compile(_form_pattern(form), re.IGNORECASE)


def _form_pattern(form: str) -> str:
    """A regular expression for one English form, matched where a word starts: any spacing or
    hyphen where the form has one or where letters meet digits ("PAC-3", "PAC 3", "PAC3"), an
    optional plural `s`, and a word boundary at the end."""
    form = form.strip()
    body = _SEPARATOR.join(re.escape(piece) for piece in _pieces(form))
    if form[-1].isascii() and form[-1].isalnum():
        body = f"{body}(?:e?s)?(?![{_ASCII_WORD_CHAR}])"
    return f"(?:{body})"
