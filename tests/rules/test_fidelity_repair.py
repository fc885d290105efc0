"""The documented repair of the source text, and the fidelity check built on it, catch damage.

The corpus tests rely on `fidelity_support`; these tests show that it drops
exactly the non-Guidelines lines, recognises headings from titles alone, and that
the comparison fails when a clause text loses, repeats or alters a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.rules import fidelity_support as fidelity

TITLES = ["Alpha Measures", "Beta Operations to Counter Attacks", "Gamma"]

RAW = """Wednesday, April 29, 2015

The Sample Guidelines April 27, 2015

The Sample Guidelines April 27, 2015
The U.S. and Japan will act. Both will plan:
first item;
second item; and
third item.
page1image100 page1image200
I. Alpha Measures
1
A. The first premise holds.
II. BetaOperationstoCounterAttacks
The two governments will cooperate from
2
peacetime to contingencies.\u00a0
1. Gamma a. Alpha Measures
  Indented text stays text.

No comments:

Post a Comment"""


def test_repaired_source_drops_web_chrome_title_lines_page_images_and_page_numbers() -> None:
    lines = fidelity.repaired_source(RAW).splitlines()
    assert lines == [
        "The U.S. and Japan will act. Both will plan:",
        "first item;",
        "second item; and",
        "third item.",
        "I. Alpha Measures",
        "A. The first premise holds.",
        "II. BetaOperationstoCounterAttacks",
        "The two governments will cooperate from",
        "peacetime to contingencies.",
        "1. Gamma a. Alpha Measures",
        "Indented text stays text.",
    ]


def test_headings_are_recognised_from_titles_even_when_run_together() -> None:
    assert fidelity.heading_segments("II. BetaOperationstoCounterAttacks", TITLES) == ["BetaOperationstoCounterAttacks"]
    assert fidelity.heading_segments("1. Gamma a. Alpha Measures", TITLES) == [
        "Gamma",
        "Alpha Measures",
    ]
    assert fidelity.heading_segments("I. Alpha Measures are good", TITLES) is None
    assert fidelity.heading_segments("Alpha Measures", TITLES) is None  # no label: text


def test_body_has_no_headings_and_no_labels_and_keeps_every_word_in_order() -> None:
    body = fidelity.guidelines_body(RAW, TITLES)
    assert fidelity.normalise_whitespace(body) == (
        "The U.S. and Japan will act. Both will plan: first item; second item; and third item. "
        "The first premise holds. The two governments will cooperate from peacetime to "
        "contingencies. Indented text stays text."
    )


def test_source_headings_lists_every_printed_heading_in_order() -> None:
    assert fidelity.source_headings(RAW, TITLES) == [
        "Alpha Measures",
        "BetaOperationstoCounterAttacks",
        "Gamma",
        "Alpha Measures",
    ]


def test_sentences_do_not_end_at_us_abbreviation_or_inside_a_list() -> None:
    assert fidelity.sentences("Japan-U.S. Security Treaty holds. The U.S. Armed Forces act: a; b; and c. End") == [
        "Japan-U.S. Security Treaty holds.",
        "The U.S. Armed Forces act: a; b; and c.",
        "End",
    ]
    assert fidelity.sentences('the "National Defense Program Guidelines". The United States') == [
        'the "National Defense Program Guidelines".',
        "The United States",
    ]


_words = st.text(alphabet="abcdefghij", min_size=1, max_size=8)
_sentence = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(_words, min_size=1, max_size=8),
    st.sampled_from([".", "?", "!", ".”", ";", ","]),
)


@given(st.lists(_sentence, min_size=1, max_size=12), st.sampled_from([" ", "\n", "  \n\u00a0"]))
def test_sentences_lose_no_word_whatever_the_whitespace(parts: list[str], gap: str) -> None:
    text = gap.join(parts)
    assert " ".join(fidelity.sentences(text)) == fidelity.normalise_whitespace(text)


CORPUS_TEXTS = [
    "The U.S. and Japan will act. Both will plan:\n- first item;\n- second item; and\n- third item.",
    "The first premise holds.",
    "The two governments will cooperate from peacetime to contingencies.\n\nIndented text stays text.",
]


def test_faithful_texts_compare_clean() -> None:
    assert fidelity.compare(RAW, TITLES, CORPUS_TEXTS).faithful


@pytest.mark.parametrize(
    "damage, expect",
    [
        (lambda t: [t[0], "", t[2]], "lost"),
        (lambda t: [t[0], t[1], t[2] + "\n\nThe first premise holds."], "extra"),
        (lambda t: [t[0], t[1].replace("holds", "stands"), t[2]], "unquoted"),
        (lambda t: [t[0].replace("second item; and\n- ", "second item; and "), t[1], t[2]], None),
        (lambda t: [t[0], "A. " + t[1], t[2]], "extra"),
        (lambda t: [t[0], t[1] + " 1", t[2]], "unquoted"),
    ],
    ids=[
        "dropped sentence",
        "duplicated sentence",
        "changed word",
        "list layout only",
        "label kept",
        "page number kept",
    ],
)
def test_comparison_catches_lost_repeated_or_altered_sentences(
    damage: Callable[[list[str]], list[str]], expect: str | None
) -> None:
    result = fidelity.compare(RAW, TITLES, damage(CORPUS_TEXTS))
    if expect is None:
        assert result.faithful  # layout (list markers, line breaks) is not a change of words
    else:
        assert getattr(result, expect), result
        assert not result.faithful


def test_the_repair_names_no_clause_ids() -> None:
    # The structure lives in the rules file: the repair recognises headings from titles only.
    source = fidelity.__file__
    with open(source, encoding="utf-8") as handle:
        code = handle.read()
    assert not re.search(r"[\"'](?:I|II|III|IV|V|VI|VII|VIII)(?:\.[A-Z](?:\.\d)?)?[\"']", code)
