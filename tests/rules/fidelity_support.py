"""Repairing the raw source text of the Guidelines, so that clause texts can be checked against it.

A helper of the corpus fidelity tests (`tests/rules/test_corpus_fidelity.py`), run by anyone
who edits the corpus and wants to prove that its clause texts still quote the source
(`rules/sources/guidelines_2015_en.txt`) word for word; it ships with the tests, not the package. It owns the documented repair of
that web copy: which lines are not Guidelines text and are dropped, how headings are
recognised, and how text is cut into sentences for comparison.

The source is an extraction from a web page. Its damage, and what `repaired_source` does:

- the web page's chrome (a posting-date line, "No comments:", "Post a Comment") is dropped;
- lines that end in a long-form date ("... April 27, 2015") are dropped: they are the page's
  posting date and the document's title-and-date lines printed above the text (the
  Guidelines' own sentences always end in punctuation, never in a bare date);
- page-image placeholders (`page4image16440 page4image16864 ...`) and bare page numbers
  are dropped;
- whitespace is normalised: each line is stripped, runs of whitespace (including
  non-breaking spaces) become one space, empty lines are dropped.

`guidelines_body` then drops the heading lines and the enumeration labels ("A.", "2.", "iv.")
in front of text, which leaves only the words of the Guidelines' clauses, in the source's
order. Headings are recognised from data (the corpus's titles), never from a list kept
here: spaces are ignored and case folded, so run-together headings such as
`OperationstoCounterBallisticMissileAttacks` are recognised too.

Nothing here names a clause id: the structure lives in the rules file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "Comparison",
    "compare",
    "guidelines_body",
    "heading_key",
    "heading_segments",
    "normalise_whitespace",
    "repaired_source",
    "sentences",
    "source_headings",
    "strip_list_markers",
]

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATELINE = re.compile(rf"\b(?:{_MONTHS}) \d{{1,2}}, \d{{4}}$")
_WEB_CHROME = re.compile(r"^(?:(?:No|\d+) comments?:?|Post a Comment)$", re.IGNORECASE)
_PAGE_IMAGES = re.compile(r"^(?:page\d+image\d+\s*)+$")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")

# An enumeration label as the Guidelines print them: chapter (IV.), section (C.),
# item (2.), sub-item (b.) and sub-sub-item (ii.). The web copy also prints some
# sub-sub-items with digits, which the digit form covers.
_LABEL = r"(?:[IVX]+|[A-Z]|[0-9]{1,2}|[a-z]|[ivx]+)\."
_LEADING_LABEL = re.compile(rf"^{_LABEL}\s+")
_SEGMENT_START = re.compile(rf"(?:^|\s)({_LABEL})\s+")
_LIST_MARKER = re.compile(r"(?m)^- ")

# Abbreviations ending in a full stop that do not end a sentence.
_ABBREVIATIONS = ("U.S.",)
_SENTENCE_END = re.compile(r"[.?!][\"”’)]?(?=\s)")


def normalise_whitespace(text: str) -> str:
    """Collapse every run of whitespace (newlines and non-breaking spaces too) into one space."""
    return " ".join(text.split())


def strip_list_markers(text: str) -> str:
    """Remove the corpus's `- ` list-item markers at the start of lines."""
    return _LIST_MARKER.sub("", text)


def heading_key(text: str) -> str:
    """A heading's comparison key: no whitespace at all, case folded.

    Spaces are ignored so that the source's run-together headings match the
    repaired titles; case is ignored because the web copy's capitalisation of a
    heading is not always the official one.
    """
    return "".join(text.split()).casefold()


def repaired_source(raw: str) -> str:
    """The source text without its extraction damage, one stripped line per source line.

    Drops the web page's chrome, date lines, page-image placeholders and bare page
    numbers; normalises whitespace. Headings are kept (see `guidelines_body`).
    """
    lines = []
    for line in raw.splitlines():
        line = normalise_whitespace(line)
        if not line:
            continue
        if _WEB_CHROME.match(line) or _DATELINE.search(line) or _PAGE_IMAGES.match(line) or _PAGE_NUMBER.match(line):
            continue
        lines.append(line)
    return "\n".join(lines)


def heading_segments(line: str, titles: Iterable[str]) -> list[str] | None:
    """The headings a line consists of, or None when the line is not made only of headings.

    A heading line is one or more `LABEL Title` segments (the source prints two
    headings on one line in one place); every title must be one of `titles`,
    compared by `heading_key`. Returns the segments' titles as printed.
    """
    keys = {heading_key(title) for title in titles}
    starts = list(_SEGMENT_START.finditer(line))
    if not starts or starts[0].start() != 0:
        return None
    found = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(line)
        title = line[match.end() : end].strip()
        if heading_key(title) not in keys:
            return None
        found.append(title)
    return found


def source_headings(raw: str, titles: Iterable[str]) -> list[str]:
    """Every heading printed in the source, in the source's order, as printed."""
    titles = list(titles)
    found: list[str] = []
    for line in repaired_source(raw).splitlines():
        found.extend(heading_segments(line, titles) or ())
    return found


def guidelines_body(raw: str, titles: Iterable[str]) -> str:
    """The words of the Guidelines' clauses in the source's order: no headings, no labels.

    `titles` are the corpus's clause titles, used to recognise heading lines.
    Lines are kept (one per source line) so that callers can still see the
    source's layout; normalise the whitespace to compare.
    """
    titles = list(titles)
    lines = []
    for line in repaired_source(raw).splitlines():
        if heading_segments(line, titles) is not None:
            continue
        lines.append(_LEADING_LABEL.sub("", line, count=1))
    return "\n".join(lines)


def sentences(text: str) -> list[str]:
    """Cut text into sentences, whitespace-normalised.

    A sentence ends at a full stop, question or exclamation mark (optionally
    followed by a closing quote or parenthesis) before whitespace, except after
    an abbreviation such as "U.S.". List items joined by semicolons stay in the
    sentence that introduces them, as they do in the Guidelines.
    """
    text = normalise_whitespace(text)
    found = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if any(text[start:end].endswith(abbreviation) for abbreviation in _ABBREVIATIONS):
            continue
        found.append(text[start:end].strip())
        start = end
    rest = text[start:].strip()
    if rest:
        found.append(rest)
    return found


@dataclass(frozen=True)
class Comparison:
    """How a corpus's clause texts differ from the source they claim to quote."""

    unquoted: list[int]
    """Positions (in the order given) of texts that do not occur verbatim in the source."""
    lost: list[str]
    """Sentences of the source that no text quotes (once per missing occurrence)."""
    extra: list[str]
    """Sentences quoted more often than the source has them, or not in the source at all."""

    @property
    def faithful(self) -> bool:
        """Every text is a verbatim quotation and together they quote every sentence once."""
        return not (self.unquoted or self.lost or self.extra)


def compare(raw: str, titles: Iterable[str], texts: Sequence[str]) -> Comparison:
    """Compare clause texts (in document order, list markers allowed) with the raw source.

    `titles` recognise the source's heading lines (see `guidelines_body`).
    """
    body = guidelines_body(raw, titles)
    source = normalise_whitespace(body)
    quoted = [normalise_whitespace(strip_list_markers(text)) for text in texts]
    unquoted = [index for index, text in enumerate(quoted) if text and text not in source]
    in_source = Counter(sentences(body))
    in_texts = Counter(sentences(" ".join(text for text in quoted if text)))
    return Comparison(
        unquoted=unquoted,
        lost=list((in_source - in_texts).elements()),
        extra=list((in_texts - in_source).elements()),
    )
