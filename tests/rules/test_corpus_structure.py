"""The clause tree of the bundled corpus is the official structure of the 2015 Guidelines.

The expected tree below is written out by hand from the Guidelines' table of
contents; it is the public contract for clause ids (scenarios, reports and
other tools cite them), so any change to it must be deliberate.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from tabletop.rules import Corpus

# (id, official heading, children). The Guidelines give II.A-II.D no heading: None.
Node = tuple[str, str | None, list["Node"]]
"""A clause: its id, its official heading (None: it has none), its children."""

OFFICIAL_STRUCTURE: list[Node] = [
    ("I", "Defense Cooperation and the Aim of the Guidelines", []),
    (
        "II",
        "Basic Premises and Principles",
        [
            ("II.A", None, []),
            ("II.B", None, []),
            ("II.C", None, []),
            ("II.D", None, []),
        ],
    ),
    (
        "III",
        "Strengthened Alliance Coordination",
        [
            ("III.A", "Alliance Coordination Mechanism", []),
            ("III.B", "Enhanced Operational Coordination", []),
            ("III.C", "Bilateral Planning", []),
        ],
    ),
    (
        "IV",
        "Seamlessly Ensuring Japan’s Peace and Security",
        [
            (
                "IV.A",
                "Cooperative Measures from Peacetime",
                [
                    ("IV.A.1", "Intelligence, Surveillance, and Reconnaissance", []),
                    ("IV.A.2", "Air and Missile Defense", []),
                    ("IV.A.3", "Maritime Security", []),
                    ("IV.A.4", "Asset Protection", []),
                    ("IV.A.5", "Training and Exercises", []),
                    ("IV.A.6", "Logistic Support", []),
                    ("IV.A.7", "Use of Facilities", []),
                ],
            ),
            (
                "IV.B",
                "Responses to Emerging Threats to Japan’s Peace and Security",
                [
                    ("IV.B.1", "Noncombatant Evacuation Operations", []),
                    ("IV.B.2", "Maritime Security", []),
                    ("IV.B.3", "Measures to Deal with Refugees", []),
                    ("IV.B.4", "Search and Rescue", []),
                    ("IV.B.5", "Protection of Facilities and Areas", []),
                    ("IV.B.6", "Logistic Support", []),
                    ("IV.B.7", "Use of Facilities", []),
                ],
            ),
            (
                "IV.C",
                "Actions in Response to an Armed Attack against Japan",
                [
                    ("IV.C.1", "When an Armed Attack against Japan is Anticipated", []),
                    (
                        "IV.C.2",
                        "When an Armed Attack against Japan Occurs",
                        [
                            ("IV.C.2.a", "Principles for Coordinated Actions", []),
                            (
                                "IV.C.2.b",
                                "Concept of Operations",
                                [
                                    ("IV.C.2.b.i", "Operations to Defend Airspace", []),
                                    ("IV.C.2.b.ii", "Operations to Counter Ballistic Missile Attacks", []),
                                    ("IV.C.2.b.iii", "Operations to Defend Maritime Areas", []),
                                    ("IV.C.2.b.iv", "Operations to Counter Ground Attacks", []),
                                    ("IV.C.2.b.v", "Cross-Domain Operations", []),
                                ],
                            ),
                            (
                                "IV.C.2.c",
                                "Operational Support Activities",
                                [
                                    ("IV.C.2.c.i", "Communications and Electronics", []),
                                    ("IV.C.2.c.ii", "Search and Rescue", []),
                                    ("IV.C.2.c.iii", "Logistic Support", []),
                                    ("IV.C.2.c.iv", "Use of Facilities", []),
                                    ("IV.C.2.c.v", "Chemical, Biological, Radiological, and Nuclear Protection", []),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
            (
                "IV.D",
                "Actions in Response to an Armed Attack against a Country other than Japan",
                [
                    ("IV.D.1", "Asset Protection", []),
                    ("IV.D.2", "Search and Rescue", []),
                    ("IV.D.3", "Maritime Operations", []),
                    ("IV.D.4", "Operations to Counter Ballistic Missile Attacks", []),
                    ("IV.D.5", "Logistics Support", []),
                ],
            ),
            ("IV.E", "Cooperation in Response to a Large-scale Disaster in Japan", []),
        ],
    ),
    (
        "V",
        "Cooperation for Regional and Global Peace and Security",
        [
            (
                "V.A",
                "Cooperation in International Activities",
                [
                    ("V.A.1", "Peacekeeping Operations", []),
                    ("V.A.2", "International Humanitarian Assistance/Disaster Relief", []),
                    ("V.A.3", "Maritime Security", []),
                    ("V.A.4", "Partner Capacity Building", []),
                    ("V.A.5", "Noncombatant Evacuation Operations", []),
                    ("V.A.6", "Intelligence, Surveillance, and Reconnaissance", []),
                    ("V.A.7", "Training and Exercises", []),
                    ("V.A.8", "Logistic Support", []),
                ],
            ),
            ("V.B", "Trilateral and Multilateral Cooperation", []),
        ],
    ),
    (
        "VI",
        "Space and Cyberspace Cooperation",
        [
            ("VI.A", "Cooperation on Space", []),
            ("VI.B", "Cooperation on Cyberspace", []),
        ],
    ),
    (
        "VII",
        "Bilateral Enterprise",
        [
            ("VII.A", "Defense Equipment and Technology Cooperation", []),
            ("VII.B", "Intelligence Cooperation and Information Security", []),
            ("VII.C", "Educational and Research Exchanges", []),
        ],
    ),
    ("VIII", "Processes for Reviewing the Guidelines", []),
]

# The short names the programme uses for some headings: each must name the same clause.
SHORT_NAMES = {
    "IV.A.1": "ISR",
    "IV.C.2.b.i": "Airspace",
    "IV.C.2.b.ii": "Counter Ballistic Missile Attacks",
    "IV.C.2.b.iii": "Maritime Areas",
    "IV.C.2.b.iv": "Counter Ground Attacks",
    "IV.C.2.c.v": "CBRN Protection",
    "V.A.2": "International HA/DR",
    "V.A.5": "NEO",
    "V.A.6": "ISR",
    "VI.A": "Space",
    "VI.B": "Cyberspace",
}


def _flatten(nodes: list[Node], parent: str | None = None) -> Iterator[tuple[str, str | None, str | None, list[str]]]:
    for clause_id, title, children in nodes:
        yield clause_id, title, parent, [child[0] for child in children]
        yield from _flatten(children, clause_id)


EXPECTED = list(_flatten(OFFICIAL_STRUCTURE))


def test_clause_tree_is_exactly_the_official_structure_in_document_order(corpus: Corpus) -> None:
    actual = [(c.id, c.parent, list(c.children)) for c in corpus]
    assert actual == [(i, parent, children) for i, _, parent, children in EXPECTED]


def test_corpus_has_sixty_nine_clauses(corpus: Corpus) -> None:
    # A count a reader can check against the table of contents at a glance.
    assert len(corpus) == len(EXPECTED) == 69


@pytest.mark.parametrize("clause_id, title", [(i, t) for i, t, _, _ in EXPECTED if t], ids=str)
def test_titles_are_the_official_headings(corpus: Corpus, clause_id: str, title: str) -> None:
    clause = corpus.clause(clause_id)
    assert clause.title == title
    assert not clause.editorial_title


def test_untitled_premises_have_editorial_titles_marked_as_such(corpus: Corpus) -> None:
    untitled = [i for i, t, _, _ in EXPECTED if t is None]
    assert untitled == ["II.A", "II.B", "II.C", "II.D"]
    for clause_id in untitled:
        clause = corpus.clause(clause_id)
        assert clause.editorial_title
        assert 3 <= len(clause.title) <= 60
    assert [c.id for c in corpus if c.editorial_title] == untitled


@pytest.mark.parametrize("clause_id, short", sorted(SHORT_NAMES.items()))
def test_programme_short_names_find_their_clause(corpus: Corpus, clause_id: str, short: str) -> None:
    clause = corpus.clause(clause_id)
    words = set(" ".join([clause.title, *clause.keywords]).casefold().split())
    assert set(short.casefold().split()) <= words


def test_sub_items_of_concept_of_operations_and_support_activities_are_i_to_v(corpus: Corpus) -> None:
    for parent in ("IV.C.2.b", "IV.C.2.c"):
        assert corpus.clause(parent).children == tuple(f"{parent}.{n}" for n in ("i", "ii", "iii", "iv", "v"))


def test_every_tag_is_in_the_vocabulary_and_every_vocabulary_tag_is_used(corpus: Corpus) -> None:
    used = {tag for clause in corpus for tag in clause.tags}
    assert used <= set(corpus.tags)
    assert set(corpus.tags) <= used, "a tag nobody uses is noise in the vocabulary"
    for slug, description in corpus.tags.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", slug)
        assert description.strip()


def test_every_clause_below_chapter_level_is_tagged(corpus: Corpus) -> None:
    untagged = [c.id for c in corpus if c.depth > 0 and not c.tags]
    assert untagged == []


def test_keywords_are_unique_per_clause_and_not_blank(corpus: Corpus) -> None:
    for clause in corpus:
        folded = [k.casefold() for k in clause.keywords]
        assert len(folded) == len(set(folded)), clause.id
        assert all(k.strip() == k and k for k in clause.keywords), clause.id


@pytest.mark.parametrize(
    "clause_id, keyword",
    [
        ("IV.C.2.b.ii", "BMD"),
        ("IV.C.2.b.ii", "intercept"),
        ("IV.D.4", "BMD"),
        ("IV.B.1", "NEO"),
        ("IV.B.1", "evacuation"),
        ("IV.D.3", "minesweeping"),
        ("IV.D.3", "mines"),
        ("IV.C.2.b.iii", "SLOC"),
        ("V.A.2", "HA/DR"),
        ("III.A", "ACM"),
        ("V.A.1", "PKO"),
        ("VI.B", "cyber attack"),
        ("IV.E", "tsunami"),
        ("IV.E", "earthquake"),
        ("IV.C.2.c.v", "CBRN"),
    ],
)
def test_facilitator_words_are_curated_keywords(corpus: Corpus, clause_id: str, keyword: str) -> None:
    assert keyword in corpus.clause(clause_id).keywords


# -- phase combinations --------------------------------------------------------


def test_a_phase_combination_comes_back_once_each_in_region_order(corpus: Corpus) -> None:
    assert corpus.phase_combination(["disaster", "attack"]) == ("attack", "disaster")
    assert corpus.phase_combination(["attack", "attack"]) == ("attack",)
    assert corpus.phase_combination("disaster") == ("disaster",)
    assert corpus.phase_combination([]) == ()


def test_two_phases_of_one_region_cannot_hold_at_once(corpus: Corpus) -> None:
    from tabletop.errors import InputError, PhaseConflictError, UsageError

    with pytest.raises(PhaseConflictError, match="'peacetime' and 'attack' cannot hold at once") as caught:
        corpus.phase_combination(["peacetime", "attack"])
    # A person named them (a --phase option, say): a usage error, exit 2, like a mistyped slug.
    assert isinstance(caught.value, UsageError) and isinstance(caught.value, InputError)
    assert caught.value.exit_status == 2


def test_an_unknown_phase_in_a_combination_suggests_the_nearest(corpus: Corpus) -> None:
    from tabletop.errors import UnknownPhaseError

    with pytest.raises(UnknownPhaseError, match="did you mean 'disaster'"):
        corpus.phase_combination(["attack", "disastr"])


def test_defined_phases_name_the_phases_a_clause_defines(corpus: Corpus) -> None:
    for clause in corpus:
        expected = tuple(slug for slug in corpus.phase_slugs if clause.id in corpus.defining_ids(slug))
        assert corpus.defined_phases(clause.id) == expected
    assert "attack" in corpus.defined_phases("IV.C.2.b.ii")


def test_the_source_is_said_to_be_japans_english_text_kept_as_a_web_copy(corpus: Corpus) -> None:
    # Japan's text reads "Japan-U.S."; the U.S. text reads "U.S.-Japan". "Verbatim" holds
    # against the kept copy, and the document block says so.
    from pathlib import Path

    from tabletop.rules import default_rules_path

    version = " ".join(corpus.document.version.split())
    assert version.startswith("Japan's English text of the Guidelines of April 27, 2015")
    assert "web copy kept at sources/guidelines_2015_en.txt" in version
    assert '"Verbatim" in this file means verbatim against that copy.' in version
    source = (Path(default_rules_path()).parent / corpus.document.source).read_text(encoding="utf-8")
    assert "Japan-U.S." in source and "U.S.-Japan" not in source
