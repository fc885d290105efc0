"""Every clause text quotes the Guidelines word for word, and together they quote all of it.

These tests read the source copy kept in the repository
(`rules/sources/guidelines_2015_en.txt`), repair it with the documented repair
in `fidelity_support`, and compare. The repaired source is derived from
the raw file here, never from the corpus: headings are recognised with the
corpus's titles, and a title that is not printed in the source is an error.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from tests.rules import fidelity_support as fidelity
from tabletop.rules import Corpus

# The one heading the web copy leaves out (before the last paragraph).
RESTORED_HEADINGS = {"VIII"}


@pytest.fixture(scope="module")
def source_path(corpus: Corpus) -> Path:
    return corpus.path.parent / corpus.document.source


@pytest.fixture(scope="module")
def raw(source_path: Path) -> str:
    return source_path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def titles(corpus: Corpus) -> list[str]:
    return [c.title for c in corpus if not c.editorial_title]


@pytest.fixture(scope="module")
def body(raw: str, titles: list[str]) -> str:
    return fidelity.guidelines_body(raw, titles)


def _quoted(text: str) -> str:
    return fidelity.normalise_whitespace(fidelity.strip_list_markers(text))


def test_source_copy_is_the_file_the_document_block_names(corpus: Corpus, source_path: Path) -> None:
    assert source_path.is_file()
    assert corpus.document.source == "sources/guidelines_2015_en.txt"
    assert hashlib.sha256(source_path.read_bytes()).hexdigest() == corpus.document.sha256


def test_document_block_says_which_text_the_clauses_follow(corpus: Corpus) -> None:
    document = corpus.document
    assert document.title == "The Guidelines for Japan-U.S. Defense Cooperation"
    assert document.date.isoformat() == "2015-04-27"
    assert "April 27, 2015" in document.version and "English" in document.version
    assert "’" in document.typography
    assert len(document.repairs) >= 8


def test_every_clause_text_occurs_verbatim_in_the_repaired_source(corpus: Corpus, body: str) -> None:
    source = fidelity.normalise_whitespace(body)
    missing = [c.id for c in corpus if c.text and _quoted(c.text) not in source]
    assert missing == []


def test_every_paragraph_and_list_item_occurs_in_the_repaired_source(corpus: Corpus, body: str) -> None:
    # Finer than the whole text: names the paragraph that drifted.
    source = fidelity.normalise_whitespace(body)
    for clause in corpus:
        for line in clause.text.splitlines():
            if line:
                assert _quoted(line) in source, (clause.id, line)


def test_clause_texts_cover_every_sentence_of_the_source_exactly_once(corpus: Corpus, body: str) -> None:
    quoted = fidelity.sentences(" ".join(_quoted(c.text) for c in corpus if c.text))
    source = fidelity.sentences(body)
    lost = Counter(source) - Counter(quoted)
    extra = Counter(quoted) - Counter(source)
    assert not lost, f"sentences of the source no clause quotes: {list(lost)}"
    assert not extra, f"sentences quoted more often than the source has them: {list(extra)}"
    assert len(source) > 200


def test_clause_texts_in_document_order_follow_the_source_order(corpus: Corpus, body: str) -> None:
    # With headings removed the source reads in document order (chapter I's heading,
    # printed after its text, and the VII heading, printed inside VII.A, no longer interfere).
    quoted = fidelity.sentences(" ".join(_quoted(c.text) for c in corpus if c.text))
    assert quoted == fidelity.sentences(body)


def test_every_official_heading_is_printed_in_the_source_except_the_restored_one(
    corpus: Corpus, raw: str, titles: list[str]
) -> None:
    printed = Counter(fidelity.heading_key(h) for h in fidelity.source_headings(raw, titles))
    expected = Counter(
        fidelity.heading_key(c.title) for c in corpus if not c.editorial_title and c.id not in RESTORED_HEADINGS
    )
    assert printed == expected
    for clause_id in RESTORED_HEADINGS:
        assert fidelity.heading_key(corpus.clause(clause_id).title) not in printed


def test_the_restored_heading_stands_before_the_last_paragraph_of_the_source(corpus: Corpus, body: str) -> None:
    last_source_sentence = fidelity.sentences(body)[-1]
    assert corpus.clause("VIII").text.endswith(last_source_sentence)


_DAMAGE = {
    "page image placeholder": re.compile(r"page\d+image\d*"),
    "run-together words": re.compile(r"[a-z]{2}[A-Z][a-z]"),
    "web page chrome": re.compile(r"No comments|Post a Comment|Wednesday, April 29", re.I),
    "bare page number": re.compile(r"(?m)^\s*\d{1,3}\s*$"),
    "enumeration label": re.compile(r"(?m)^(?:[IVX]+|[A-Za-z]|\d{1,2})\.\s"),
    "leftover whitespace": re.compile(r"(?m)^[ \t\u00a0]|[ \t\u00a0]$|[ \u00a0]{2}|\n{3}"),
}


@pytest.mark.parametrize("damage", sorted(_DAMAGE))
def test_no_clause_text_or_title_carries_extraction_damage(corpus: Corpus, damage: str) -> None:
    pattern = _DAMAGE[damage]
    damaged = [c.id for c in corpus if pattern.search(c.text) or pattern.search(c.title)]
    assert damaged == []


def test_titles_have_no_labels_or_run_together_words(corpus: Corpus) -> None:
    for clause in corpus:
        assert clause.title == clause.title.strip()
        assert not re.match(r"^(?:[IVX]+|[A-Za-z]|\d+)\.\s", clause.title), clause.id
        assert " " in clause.title, clause.id


def test_lists_follow_their_lead_in_and_read_as_one_sentence(corpus: Corpus) -> None:
    lists = 0
    for clause in corpus:
        for block in clause.text.split("\n\n"):
            lines = block.split("\n")
            items = [line for line in lines if line.startswith("- ")]
            if not items:
                assert len(lines) == 1, (clause.id, "a paragraph is one line")
                continue
            lists += 1
            lead_in, *rest = lines
            assert lead_in.endswith(":") and rest == items, clause.id
            assert all(item.endswith(";") for item in items[:-2]), clause.id
            assert items[-2].endswith("; and") and items[-1].endswith("."), clause.id
    assert lists == 4  # I, IV, VI.B and VII.A


def test_typographic_apostrophes_and_quotes_are_kept_as_in_the_source(corpus: Corpus, raw: str) -> None:
    text = "\n".join(c.text + c.title for c in corpus)
    assert text.count("’") == raw.count("’")
    assert "“the Guidelines”" in corpus.clause("I").text
    assert '"National Security Strategy"' in corpus.clause("I").text
    assert "'" not in text


def test_clauses_that_only_group_their_children_have_no_text(corpus: Corpus) -> None:
    assert [c.id for c in corpus if not c.text] == ["IV.C.2", "IV.C.2.b", "VI"]
    assert all(corpus.clause(i).children for i in ("IV.C.2", "IV.C.2.b", "VI"))


@pytest.mark.parametrize(
    "clause_id, joined",
    [
        ("III.B", "to facilitate coordination from peacetime to contingencies"),
        ("IV", "the whole-of-government Alliance Coordination Mechanism, as appropriate, to:"),
        ("IV.C.2.a", "repel an armed attack against Japan as expeditiously as possible"),
        ("IV.C.2.c.iii", "based on their respective capabilities and availability."),
        ("VI.B", "depend to accomplish their missions"),
    ],
)
def test_sentences_broken_by_a_page_break_are_rejoined(corpus: Corpus, clause_id: str, joined: str) -> None:
    assert joined in corpus.clause(clause_id).text


def test_the_bundled_corpus_compares_clean_against_its_source(corpus: Corpus, raw: str, titles: list[str]) -> None:
    result = fidelity.compare(raw, titles, [c.text for c in corpus])
    assert result.faithful, result
