"""Clause search: ranking, matched words, phase filtering and hostile input (`tabletop clauses search`)."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.errors import UnknownPhaseError
from tabletop.rules import ClauseIndex, ColumnWeights, Corpus, QueryTerms, find_clauses, load_rules, parse_query
from tests.conftest import RunCli

FIXTURE = Path(__file__).with_name("search_fixture.yaml")

HOSTILE = [
    '"',
    '""',
    "NEAR(",
    "NEAR(missile ballistic, 2)",
    "*",
    "missile*",
    "AND",
    "OR OR OR",
    "NOT missile",
    "-",
    "- missile",
    "^missile",
    "title:missile",
    "{title text}: missile",
    "missile + ballistic",
    "(((",
    "'; DROP TABLE clause_fts; --",
    "弾道ミサイルの迎撃",
    "ミサイル防衛 missile",
    "\x00\x01",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def fixture_corpus() -> Corpus:
    return load_rules(FIXTURE)


@pytest.fixture(scope="module")
def index(fixture_corpus: Corpus) -> ClauseIndex:
    return ClauseIndex.for_corpus(fixture_corpus)


def _tiny_rules(tmp_path: Path, clauses_yaml: str) -> Path:
    """A minimal valid rules file around the given clause tree (chapter I).

    Unrelated chapters stand beside it: in a corpus of one clause every word would be in
    "most clauses", which bm25 counts as no evidence at all.
    """
    filler = (
        "  - id: II\n    title: Harvest Festival\n    text: Farmers sell apples.\n"
        "  - id: III\n    title: Library Hours\n    text: Readers borrow novels.\n"
        "  - id: IV\n    title: Choir Practice\n    text: Singers rehearse hymns.\n"
        "  - id: V\n    title: Garden Club\n    text: Members prune roses.\n"
    )
    text = (
        FIXTURE.read_text(encoding="utf-8").split("clauses:\n")[0]
        + "clauses:\n"
        + clauses_yaml
        + filler
        + "regions:\n  - id: security\n    title: Security\n    initial: peacetime\n"
        + "phases:\n  - slug: peacetime\n    title: Peacetime\n    region: security\n"
        + "    defined_by: [I]\n    applies:\n      - clauses: [I, II, III, IV, V]\n        basis: test\n"
        + "transitions: []\n"
    )
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_ranks_the_clause_that_answers_first(index: ClauseIndex) -> None:
    hits = index.search("minesweeping to keep the sea lines of communication open")
    assert hits[0].id == "IV.D.3"
    assert "IV.C.2.b.iii" in [hit.id for hit in hits]


def test_curated_keywords_find_a_clause_whose_text_lacks_the_word(index: ClauseIndex) -> None:
    hits = index.search("BMD")
    assert {hit.id for hit in hits} == {"IV.A.2", "IV.C.2.b.ii"}


def test_stemming_matches_other_forms_of_a_word(index: ClauseIndex) -> None:
    assert index.search("intercepting missiles")[0].id == "IV.C.2.b.ii"


def test_reports_the_matched_words_in_the_users_own_spelling(index: ClauseIndex) -> None:
    hit = index.search("Minesweeping to keep the Sea Lines of Communication open")[0]
    assert hit.matched == ("Minesweeping", "Sea Lines of Communication")
    assert hit.reason == "matches: Minesweeping, Sea Lines of Communication"


def test_splits_matched_words_that_do_not_occur_together_in_the_clause(index: ClauseIndex) -> None:
    hit = index.search("minesweeping sea lines of communication")[0]
    assert hit.id == "IV.D.3"
    assert hit.matched == ("minesweeping", "sea lines of communication")


def test_neighbouring_keywords_are_never_reported_as_one_phrase(tmp_path: Path) -> None:
    path = _tiny_rules(
        tmp_path,
        (
            "  - id: I\n    title: Alpha\n    text: Crews stand by.\n"
            "    keywords: [ballistic missile, missile defense]\n"
        ),
    )
    hit = ClauseIndex(load_rules(path)).search("missile missile defense")[0]
    assert hit.matched == ("missile", "missile defense")


def test_words_of_two_parent_headings_are_never_reported_as_one_phrase(tmp_path: Path) -> None:
    path = _tiny_rules(
        tmp_path,
        (
            "  - id: I\n    title: Harbour Pilots\n    children:\n"
            "      - id: I.A\n        title: Board Ships\n        children:\n"
            "          - id: I.A.1\n            title: Gamma\n            text: Crews stand by.\n"
        ),
    )
    hits = ClauseIndex(load_rules(path)).search("pilots board")
    item = next(hit for hit in hits if hit.id == "I.A.1")
    assert item.matched == ("pilots", "board")


def _stands_in_one_piece(pieces: list[str], phrase: str) -> bool:
    """Whether `phrase` occurs inside one of `pieces`, with FTS5's own stemming (so that
    "consultation dialogue" stands in "consultative dialogue")."""
    import sqlite3

    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(piece, tokenize = 'porter unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO t (piece) VALUES (?)", [(p,) for p in pieces])
    (found,) = db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (f'"{phrase}"',)).fetchone()
    db.close()
    return bool(found > 0)


def test_every_reported_phrase_stands_in_one_field_of_the_clause(corpus: Corpus) -> None:
    # Each pair of neighbouring keywords, searched as one phrase, must come back split
    # wherever the two words do not stand together in one heading, text or keyword.
    index = ClauseIndex.for_corpus(corpus)
    checked = 0
    for clause in corpus:
        pieces = [clause.title, clause.text, *clause.keywords, *(a.title for a in corpus.ancestors(clause.id))]
        for first, second in itertools.pairwise(clause.keywords):
            phrase = f"{first.split()[-1]} {second.split()[0]}"
            hit = next((h for h in index.search(phrase, limit=None) if h.id == clause.id), None)
            if hit is None or _stands_in_one_piece(pieces, phrase):
                continue
            assert phrase not in hit.matched, (clause.id, phrase)
            checked += 1
    assert checked > 100


def test_punctuation_ends_a_reported_phrase(index: ClauseIndex) -> None:
    hit = index.search("search, and rescue")[0]
    assert hit.matched == ("search", "rescue")
    hit = index.search("Search\nand rescue")[0]
    assert hit.matched == ("Search", "rescue")


def test_only_words_that_occur_in_the_clause_are_reported(index: ClauseIndex) -> None:
    hits = {hit.id: hit for hit in index.search("tsunami and minesweeping")}
    assert hits["IV.E"].matched == ("tsunami",)
    assert hits["IV.D.3"].matched == ("minesweeping",)


def test_words_found_in_most_clauses_are_not_named_as_the_reason(index: ClauseIndex) -> None:
    hit = index.search("Japan minesweeping")[0]
    assert hit.id == "IV.D.3"
    assert hit.matched == ("minesweeping",)
    # ... unless nothing else matched: the reason is never empty.
    assert index.search("Japan")[0].matched == ("Japan",)


def test_phase_filter_returns_only_applicable_clauses(index: ClauseIndex, fixture_corpus: Corpus) -> None:
    hits = index.search("ballistic missile", phases=["peacetime"])
    assert hits, "the peacetime missile-defense clause should be found"
    assert "IV.C.2.b.ii" not in {hit.id for hit in hits}
    assert {hit.id for hit in hits} <= fixture_corpus.applicable_ids(["peacetime"])


def test_two_phases_search_the_union_of_what_applies(index: ClauseIndex) -> None:
    ids = {hit.id for hit in index.search("search and rescue earthquake", phases=["peacetime", "disaster"])}
    assert "IV.E" in ids
    assert "IV.B.4" not in ids


def test_unknown_phase_is_a_usage_error_with_a_suggestion(index: ClauseIndex) -> None:
    with pytest.raises(UnknownPhaseError, match="did you mean 'attack'"):
        index.search("missile", phases=["atack"])


def test_limit_caps_the_number_of_hits(index: ClauseIndex) -> None:
    assert len(index.search("the two governments will cooperate maritime missile", limit=2)) == 2
    assert index.search("missile", limit=0) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_never_search_syntax(index: ClauseIndex, text: str) -> None:
    hits = index.search(text)
    assert all(hit.id for hit in hits)


def test_operator_words_are_searched_as_plain_words(index: ClauseIndex) -> None:
    assert index.search("NOT missile")[0].id == index.search("missile")[0].id
    assert index.search("NEAR(missile ballistic, 2)")[0].id == "IV.C.2.b.ii"
    assert index.search("'; DROP TABLE clause_fts; --") == []
    assert index.search("missile")  # the table is still there


def test_text_without_searchable_words_finds_nothing(index: ClauseIndex) -> None:
    for text in ("", "the and of", "*** --- !!!", "a b c"):
        assert index.search(text) == []


def test_japanese_text_is_searched_without_error(index: ClauseIndex) -> None:
    assert index.search("弾道ミサイルの迎撃") == []
    assert index.search("ミサイル防衛 missile")[0].id == "IV.A.2"


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(max_size=80),
    phases=st.lists(
        st.sampled_from(["peacetime", "emerging_threats", "attack", "third_country_attack", "disaster"]),
        max_size=2,
        unique=True,
    ),
)
def test_any_text_gives_applicable_hits_best_first(
    index: ClauseIndex, fixture_corpus: Corpus, text: str, phases: list[str]
) -> None:
    hits = index.search(text, phases=phases or None, limit=None)
    allowed = fixture_corpus.applicable_ids(phases) if phases else set(fixture_corpus.ids)
    assert {hit.id for hit in hits} <= allowed
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert len({hit.id for hit in hits}) == len(hits)


def test_equally_relevant_item_outranks_its_chapter(tmp_path: Path) -> None:
    path = _tiny_rules(
        tmp_path,
        (
            "  - id: I\n    title: Alpha\n    text: Harbour pilots board the ships.\n    children:\n"
            "      - id: I.A\n        title: Beta\n        text: Harbour pilots board the ships.\n"
        ),
    )
    hits = ClauseIndex(load_rules(path)).search("harbour pilots")
    assert [hit.id for hit in hits] == ["I.A", "I"]


def test_clearly_more_relevant_chapter_keeps_its_place(tmp_path: Path) -> None:
    path = _tiny_rules(
        tmp_path,
        (
            "  - id: I\n    title: Harbour pilots\n    text: Harbour pilots board the ships.\n    children:\n"
            "      - id: I.A\n        title: Beta\n        text: Pilots, among many other duties, also board.\n"
        ),
    )
    hits = ClauseIndex(load_rules(path)).search("harbour pilots")
    assert [hit.id for hit in hits] == ["I", "I.A"]


def test_ties_keep_document_order(tmp_path: Path) -> None:
    path = _tiny_rules(
        tmp_path,
        (
            "  - id: I\n    title: Alpha\n    children:\n"
            "      - id: I.A\n        title: Beta\n        text: Harbour pilots board.\n"
            "      - id: I.B\n        title: Gamma\n        text: Harbour pilots board.\n"
        ),
    )
    hits = ClauseIndex(load_rules(path)).search("pilots")
    assert [hit.id for hit in hits] == ["I.A", "I.B"]


def test_title_weight_lifts_the_clause_named_after_the_words(tmp_path: Path) -> None:
    path = _tiny_rules(
        tmp_path,
        (
            "  - id: I\n    title: Alpha\n    children:\n"
            "      - id: I.A\n        title: Beta\n        text: Pilots, one word among several here.\n"
            "      - id: I.B\n        title: Pilots\n        text: Another word among several here.\n"
        ),
    )
    rules = load_rules(path)
    assert [h.id for h in ClauseIndex(rules).search("pilots")] == ["I.B", "I.A"]
    text_only = ClauseIndex(rules, ColumnWeights(title=0.0, text=1.0, keywords=0.0, context=0.0))
    # Without a title weight, I.B's match (in its title only) is no evidence beside I.A's.
    assert [h.id for h in text_only.search("pilots")] == ["I.A"]


def test_index_is_built_once_per_rules_file(fixture_corpus: Corpus) -> None:
    first = ClauseIndex.for_corpus(fixture_corpus)
    assert ClauseIndex.for_corpus(fixture_corpus) is first
    assert ClauseIndex.for_corpus(load_rules()) is not first


def test_parse_query_drops_stop_words_and_keeps_order() -> None:
    assert parse_query("The minesweeping of the Sea-Lanes, and AND or").terms == ("minesweeping", "sea", "lanes")


def test_terms_in_names_the_words_one_clause_matches(index: ClauseIndex) -> None:
    query = parse_query("earthquake and ballistic missile")
    assert index.terms_in("IV.C.2.b.ii", query) == ("ballistic missile",)
    assert index.terms_in("VI.A", query) == ()


# -- the command line ---------------------------------------------------------


def test_search_command_prints_ranked_clauses_with_reasons(run_cli: RunCli) -> None:
    status, out, err = run_cli("--rules", str(FIXTURE), "clauses", "search", "minesweeping", "sea", "lanes")
    assert status == 0, err
    first = out.splitlines()[0]
    assert first.split()[:2] == ["1.", "IV.D.3"]
    assert "matches: minesweeping, sea" in out


def test_search_command_json_is_a_ranked_list_with_text_and_tags(run_cli: RunCli) -> None:
    status, out, err = run_cli(
        "--rules", str(FIXTURE), "clauses", "search", "--phase", "attack", "--format", "json", "ballistic missile"
    )
    assert status == 0, err
    data = json.loads(out)
    assert data[0]["id"] == "IV.C.2.b.ii"
    assert {"id", "title", "score", "reason", "text", "tags", "phases"} <= set(data[0])
    assert data[0]["tags"] == ["missile_defense"]
    assert [d["score"] for d in data] == sorted((d["score"] for d in data), reverse=True)


def test_search_command_limit(run_cli: RunCli) -> None:
    status, out, _ = run_cli(
        "--rules", str(FIXTURE), "clauses", "search", "--limit", "1", "--format", "json", "maritime"
    )
    assert status == 0
    assert len(json.loads(out)) == 1


def test_search_command_unknown_phase_exits_2_with_suggestion(run_cli: RunCli) -> None:
    status, _, err = run_cli("--rules", str(FIXTURE), "clauses", "search", "--phase", "peactime", "mines")
    assert status == 2
    assert "did you mean 'peacetime'" in err
    assert "Traceback" not in err


def test_search_command_says_so_when_nothing_matches(run_cli: RunCli) -> None:
    status, out, _ = run_cli("--rules", str(FIXTURE), "clauses", "search", "--phase", "disaster", "minesweeping")
    assert status == 0
    assert "No clause matches 'minesweeping'" in out


def test_one_index_serves_concurrent_searches(index: ClauseIndex) -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = ["minesweeping", "ballistic missile", "earthquake rescue", "cyber attack", "ISR flights"] * 40
    expected = [index.search(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(index.search, texts)) == expected


def test_search_command_without_words_is_a_usage_error(run_cli: RunCli) -> None:
    status, out, err = run_cli("--rules", str(FIXTURE), "clauses", "search", "  ")
    assert status == 2
    assert out == ""
    assert "give the words to search for" in err


def test_search_command_explains_that_common_words_are_not_searched(run_cli: RunCli) -> None:
    status, out, _ = run_cli("--rules", str(FIXTURE), "clauses", "search", "the", "of", "will")
    assert status == 0
    assert "No clause matches 'the of will' (common words such as 'the' and 'will' are not searched)." in out


def test_clauses_matched_only_by_a_word_in_most_clauses_are_dropped_beside_a_real_match() -> None:
    hits = ClauseIndex(load_rules()).search("refugees fleeing to Japan", limit=None)
    assert hits[0].id == "IV.B.3"
    assert all(set(hit.matched) - {"Japan"} for hit in hits), [h.id for h in hits if h.matched == ("Japan",)]


class _WholeQueryIndex(ClauseIndex):
    """Scores each search as SQLite does when handed the whole query at once: the reference
    for the index's sums of each term's own bm25."""

    def _scores(self, query: QueryTerms, about: bool = False) -> dict[int, tuple[float, float]]:
        weights = self.weights.params()
        about_weights = replace(self.weights, text=0.0, context=0.0).params()
        sql = (
            "SELECT rowid, -bm25(clause_fts, 0.0, ?, ?, ?, ?, ?), -bm25(clause_fts, 0.0, ?, ?, ?, ?, ?) "
            "FROM clause_fts WHERE clause_fts MATCH ?"
        )
        scores: dict[int, tuple[float, float]] = {}
        factors = [factor for _, factor in query.weighed_terms()]
        for fts_query, factor in zip(
            (query.fts_query(), query.concept_query(), query.setting_query()), factors, strict=True
        ):
            if fts_query:
                for rowid, score, about_score in self._db.execute(sql, (*weights, *about_weights, fts_query)):
                    before = scores.get(rowid, (0.0, 0.0))
                    scores[rowid] = (before[0] + factor * score, before[1] + factor * (about_score if about else 0.0))
        return scores


@pytest.fixture(scope="module")
def whole_query_index(corpus: Corpus) -> ClauseIndex:
    return _WholeQueryIndex(corpus)


def _words_of_the_rules(corpus: Corpus) -> list[str]:
    words = {w for clause in corpus for piece in (clause.title, *clause.keywords) for w in piece.split()}
    forms = {form for term in ClauseIndex.for_corpus(corpus).terms for form in term.forms}
    return sorted(words | forms)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_scores_summed_term_by_term_are_exactly_the_whole_querys(
    corpus: Corpus, whole_query_index: ClauseIndex, data: st.DataObject
) -> None:
    # The words of headings, keywords and the term bank (English and Japanese, so that concepts,
    # settings and translated terms are searched too), among arbitrary text.
    piece = st.one_of(st.sampled_from(_words_of_the_rules(corpus)), st.text(max_size=12))
    text = " ".join(data.draw(st.lists(piece, max_size=14)))
    index = ClauseIndex.for_corpus(corpus)
    for about in (False, True):
        fast = find_clauses(index, text, limit=None, about=about)
        slow = find_clauses(whole_query_index, text, limit=None, about=about)
        assert fast == slow
