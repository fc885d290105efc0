"""The term bank (`rules/terms.yaml`): checked like the rules file, recognised on word boundaries."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tabletop.errors import RulesError
from tabletop.rules import (
    TERMS_FILENAME,
    ClauseIndex,
    Corpus,
    Term,
    TermBank,
    fold_text,
    form_pattern,
    load_rules,
    load_terms,
    terms_path_for,
)
from tests.conftest import RunCli

FIXTURE = Path(__file__).with_name("search_fixture.yaml")


@pytest.fixture(scope="module")
def bank(corpus: Corpus) -> TermBank:
    return load_terms(corpus)


def names(bank: TermBank, text: str) -> list[tuple[str, str]]:
    return [(m.spelled, m.term.name) for m in bank.find(text)]


# -- the bundled term bank ---------------------------------------------------


def test_the_bundled_term_bank_covers_the_rooms_vocabulary(bank: TermBank) -> None:
    known = {form.casefold() for term in bank for form in term.forms}
    for word in [
        "PAC-3",
        "SM-3",
        "Aegis",
        "P-8",
        "F-35",
        "Osprey",
        "JCG",
        "INDOPACOM",
        "USFJ",
        "JJOC",
        "ACM",
        "BPM",
        "GSDF",
        "MSDF",
        "ASDF",
        "Senkaku",
        "Yonaguni",
        "Okinawa",
        "Sakishima",
        "East China Sea",
        "Taiwan Strait",
        "Kadena",
        "Yokosuka",
        "NEO",
        "HA/DR",
        "SLOC",
        "ISR",
        "BMD",
        "CBRN",
        "ROE",
        "存立危機事態",
        "重要影響事態",
        "武力攻撃事態",
        "武力攻撃予測事態",
        "グレーゾーン",
        "海上警備行動",
        "治安出動",
        "防衛出動",
        "集団的自衛権",
    ]:
        assert word.casefold() in known, word
    for term in bank:
        assert term.meaning and term.concept, term.name


def test_the_names_of_islands_and_of_the_services_are_marked_as_the_setting_and_nothing_else_is(
    bank: TermBank,
) -> None:
    """Where the room is (the islands, Taiwan) and which service acts (the GSDF, MSDF, ASDF, the
    Seventh Fleet) are the setting of what is asked, never what is asked."""
    setting = {term.name for term in bank if term.setting}
    assert setting == {"Senkaku", "Yonaguni", "Okinawa", "island", "Taiwan", "GSDF", "MSDF", "ASDF", "Seventh Fleet"}
    # Matched in either language, a setting term is scored apart from the other terms' concepts.
    for text in ("Marines on Okinawa", "沖縄の海兵隊", "SOF teams working together on the island"):
        query = ClauseIndex.for_corpus(load_rules()).parse(text)
        assert "islands" in query.setting_terms
        assert '"islands"' not in query.fts_query() and '"islands"' not in query.concept_query()
    for text in ("get our nationals out of Taiwan", "台湾在留邦人の退避"):
        query = ClauseIndex.for_corpus(load_rules()).parse(text)
        assert "regional crisis" in " ".join(query.setting_terms)
        assert "regional" not in query.fts_query() and "regional" not in query.concept_query()
    for text in ("JGSDF and US SOF to work together on the raid", "陸自と米軍の特殊部隊が共同で作戦"):
        query = ClauseIndex.for_corpus(load_rules()).parse(text)
        assert "ground" in query.setting_terms
        assert '"ground"' not in query.fts_query() and '"ground"' not in query.concept_query()


def test_the_bundled_rules_find_the_bundled_term_bank(corpus: Corpus) -> None:
    assert terms_path_for(corpus).name == TERMS_FILENAME
    assert len(load_terms(corpus)) > 50


def test_a_rules_file_without_a_term_bank_beside_it_has_an_empty_one() -> None:
    assert len(load_terms(load_rules(FIXTURE))) == 0


# -- recognition -------------------------------------------------------------


def _term(bank: TermBank, name: str) -> Term:
    return next(term for term in bank if term.name == name)


def test_a_public_security_operation_points_at_chapter_iv_not_at_infiltration_or_facilities(
    bank: TermBank, run_cli: RunCli
) -> None:
    # SDF Act Art. 78: order where the police cannot maintain public security, such as an armed
    # landing short of an armed attack: the chapter's "situations when an armed attack against
    # Japan is not involved", not IV.C.2.b.iv (ground attacks) or IV.B.5 (facilities).
    public_security = _term(bank, "治安出動")
    assert public_security.clauses == ("IV",)
    assert public_security.concept == "situations when an armed attack against Japan is not involved"
    status, out, _ = run_cli(
        "cite",
        "--phase",
        "peacetime",
        "--format",
        "json",
        "armed men landed on a remote island; public security operation 治安出動",
    )
    assert status == 0
    assert json.loads(out)[0]["id"] == "IV"


def test_a_guarding_operation_has_its_own_term_for_the_security_of_facilities(bank: TermBank) -> None:
    guarding = _term(bank, "警護出動")
    assert {"guarding operation", "Article 81-2"} <= set(guarding.forms)
    assert guarding.clauses == ("IV.A.7", "IV.B.5") and guarding.tags == ("facilities",)
    assert names(bank, "a guarding operation (警護出動) for the base") == [
        ("guarding operation", "警護出動"),
        ("警護出動", "警護出動"),
    ]


def test_terms_are_recognised_whatever_the_spacing_hyphens_case_or_plural(bank: TermBank) -> None:
    assert names(bank, "PAC-3, pac 3, PAC3 and two PAC-3s") == [
        ("PAC-3", "PAC-3"),
        ("pac 3", "PAC-3"),
        ("PAC3", "PAC-3"),
        ("PAC-3s", "PAC-3"),
    ]
    assert names(bank, "Ospreys and P-8s over the SLOCs") == [("Ospreys", "Osprey"), ("P-8s", "P-8"), ("SLOCs", "SLOC")]


def test_terms_match_on_word_boundaries_only(bank: TermBank) -> None:
    assert names(bank, "ASM-31 is not SM-3") == [("SM-3", "SM-3")]
    assert names(bank, "22 ships") == []  # "2+2" is the ministers' meeting, not any 22
    assert names(bank, "a neon sign in Kadenas town") == [("Kadenas", "Kadena")]
    assert names(bank, "acme corp; check the roe") == [("roe", "ROE")]  # forms match in any case


def test_the_pronoun_us_is_never_the_united_states(bank: TermBank) -> None:
    assert names(bank, "a neighbour asked us for help; US too") == []


def test_japanese_terms_match_inside_a_sentence_and_the_longest_form_wins(bank: TermBank) -> None:
    assert names(bank, "閣議で存立危機事態が認定された") == [("存立危機事態", "存立危機事態")]
    assert names(bank, "武力攻撃予測事態と武力攻撃事態") == [
        ("武力攻撃予測事態", "武力攻撃予測事態"),
        ("武力攻撃事態", "武力攻撃事態"),
    ]
    assert names(bank, "国連安保理の決議") == [("国連安保理", "UN Security Council")]
    assert names(bank, "PAC-3部隊が展開") == [("PAC-3", "PAC-3"), ("展開", "展開")]


@given(st.text(max_size=80))
def test_recognised_terms_never_overlap_and_quote_the_text(text: str) -> None:
    bank = load_terms(load_rules())
    end = 0
    for match in bank.find(text):
        assert match.start >= end
        assert text[match.start : match.end] == match.spelled
        end = match.end


_FORM_WORDS = sorted({word for term in load_terms(load_rules()) for form in term.forms for word in form.split()})


_SITUATION_TEXT = st.lists(
    st.one_of(
        st.sampled_from(_FORM_WORDS),
        st.sampled_from(_FORM_WORDS).map(lambda word: word.upper().replace("I", "ı")),
        st.text(alphabet="aeiksIKSı İKſ-‐ 3２ＡＰ・的", max_size=6),
    ),
    max_size=12,
).map(" ".join)
"""Situations made of the words of the term bank's forms (also upper-cased, with a dotless ı),
among spacing, hyphens, plurals, full-width letters and Japanese."""


@example("AEGıS destroyers and ıntercepts")
@given(_SITUATION_TEXT)
def test_terms_found_without_compiling_every_form_are_those_every_form_finds(text: str) -> None:
    """A form is compiled only where the text holds its first word: never a different answer."""
    bank = load_terms(load_rules())
    assert bank.find(text) == EveryForm(bank.terms, bank.sha256, bank.path).find(text)


class EveryForm(TermBank):
    """A term bank that tries every candidate form by its pattern, wherever the text may hold it."""

    def _english_candidates(self, key: str) -> list[tuple[str | None, str, Term]]:
        return [(None, form, term) for _, form, term in super()._english_candidates(key)]


@example("PAC-3s and pac 3es, Osprey-es, ospreys and ıRBM")
@example("SM-3 ASM-31 sm‐3s")
@example("Ospreyı, PAC-3ı and AEGISı")
@given(_SITUATION_TEXT)
def test_terms_matched_piece_by_piece_are_those_the_forms_patterns_match(text: str) -> None:
    """A form of plain letters and digits is matched without compiling its regular expression:
    never a different answer from its pattern."""
    bank = load_terms(load_rules())
    assert bank.find(text) == EveryPattern(bank.terms, bank.sha256, bank.path).find(text)


class EveryPattern(EveryForm):
    """A term bank that matches every candidate form by its regular expression."""

    def _matcher(self, form: str) -> Callable[[str, str, int], int]:
        matcher = _PATTERNS.get(form)
        if matcher is None:
            pattern = form_pattern(form)
            matcher = _PATTERNS[form] = lambda folded, probe, start: (
                m.end() if (m := pattern.match(folded, start)) else -1
            )
        return matcher


_PATTERNS: dict[str, Callable[[str, str, int], int]] = {}


# -- load errors: located, with the nearest names ------------------------------


def _rules_with_terms(tmp_path: Path, terms: str) -> Path:
    rules = tmp_path / "rules.yaml"
    shutil.copy(FIXTURE, rules)
    (tmp_path / TERMS_FILENAME).write_text(terms, encoding="utf-8")
    return rules


GOOD_ENTRY = """  - term: PAC-3
    meaning: A missile interceptor.
    concept: ballistic missile defense
    tags: [missile_defense]
"""


def test_a_valid_term_bank_beside_a_rules_file_is_used(tmp_path: Path) -> None:
    corpus = load_rules(_rules_with_terms(tmp_path, "terms:\n" + GOOD_ENTRY))
    bank = load_terms(corpus)
    assert [t.name for t in bank] == ["PAC-3"]
    assert bank.clause_ids(bank.terms[0], corpus) == {c.id for c in corpus if "missile_defense" in c.tags}


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        (
            "  - term: SM-3\n    meaning: An interceptor.\n    concept: missile\n    tags: [missile_defence]\n",
            9,
            "term 'SM-3': unknown tag 'missile_defence'; did you mean 'missile_defense'?",
        ),
        (
            "  - term: SM-3\n    meaning: An interceptor.\n    concept: missile\n    clauses: [IV.C.2.b.iii, IV.D.33]\n",
            9,
            "term 'SM-3': no clause has the id 'IV.D.33'; did you mean 'IV.D.3'",
        ),
        (
            "  - term: Patriot\n    also: [pac 3]\n    meaning: The same system.\n    concept: missile\n",
            7,
            "'pac 3' is already a form of the term 'PAC-3'",
        ),
        ("  - term: SM-3\n    concept: missile\n", 6, "meaning"),
        ("  - term: SM-3\n    meaning: An interceptor.\n    concpet: missile\n", 8, "concept"),
    ],
)
def test_term_bank_errors_are_located_and_suggest_the_nearest_name(
    tmp_path: Path, entry: str, line: int, message: str
) -> None:
    rules = _rules_with_terms(tmp_path, "terms:\n" + GOOD_ENTRY + entry)
    with pytest.raises(RulesError) as caught:
        load_terms(load_rules(rules))
    text = str(caught.value)
    assert f"{TERMS_FILENAME}:{line}:" in text
    assert message in text


def test_a_broken_term_bank_is_a_one_line_error_with_exit_status_1(tmp_path: Path, run_cli: RunCli) -> None:
    rules = _rules_with_terms(tmp_path, "terms:\n" + GOOD_ENTRY.replace("missile_defense", "missile_defence"))
    status, out, err = run_cli("--rules", str(rules), "cite", "--phase", "attack", "missile")
    assert status == 1
    assert f"{TERMS_FILENAME}:5:" in err and "did you mean 'missile_defense'" in err
    assert "Traceback" not in err and out == ""


# -- text as it reads, not as it is typed ----------------------------------------


def test_terms_are_recognised_as_they_read_whatever_the_width_or_the_middle_dots(bank: TermBank) -> None:
    # Full-width letters and digits, as a Japanese keyboard types them, are the ASCII ones; the
    # reason quotes them as written.
    assert names(bank, "北朝鮮のＩＲＢＭにはＰＡＣ－３で") == [("ＩＲＢＭ", "ICBM"), ("ＰＡＣ－３", "PAC-3")]
    # Half-width katakana with a separate voiced sound mark is the full-width word.
    assert names(bank, "ｲｰｼﾞｽ艦の位置") == [("ｲｰｼﾞｽ艦", "Aegis")]
    # A middle dot or a space between two Japanese words of a term changes nothing...
    assert [m.term.name for m in bank.find("捜索・救難を要請")] == ["SAR"]
    assert [m.term.name for m in bank.find("捜索 救難を要請")] == ["SAR"]
    # ...but one between two English words still separates them.
    assert names(bank, "SM-3・PAC-3") == [("SM-3", "SM-3"), ("PAC-3", "PAC-3")]


@given(st.sampled_from(sorted({f for t in load_terms(load_rules()) for f in t.forms if not f.isascii()})), st.data())
def test_a_japanese_form_is_found_with_middle_dots_or_spaces_between_its_characters(
    form: str, data: st.DataObject
) -> None:
    bank = load_terms(load_rules())
    cuts = data.draw(st.lists(st.sampled_from(["・", " ", "　", "･"]), min_size=len(form) - 1, max_size=len(form) - 1))
    written = form[0] + "".join(cut + ch for cut, ch in zip(cuts, form[1:], strict=True))
    if any(ch.isascii() and ch.isalnum() for ch in form):
        return  # a form mixing scripts ("95条の2") keeps its separators where it meets ASCII
    [found] = bank.find(f"「{written}」")
    assert fold_text(found.term.name)[0] == fold_text(form)[0] or fold_text(form)[0] in {
        fold_text(f)[0] for f in found.term.forms
    }
    assert found.spelled == written
