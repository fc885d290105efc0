"""`tabletop clauses` and `tabletop clauses show`: what a facilitator reads on screen."""

from __future__ import annotations

import json

import pytest
from tabletop.rules import Corpus
from tests.conftest import RunCli


def test_clauses_prints_every_clause_in_document_order_with_its_title(run_cli: RunCli, corpus: Corpus) -> None:
    status, out, err = run_cli("clauses")
    assert status == 0, err
    lines = out.splitlines()
    assert len(lines) == len(corpus)
    for line, clause in zip(lines, corpus, strict=True):
        assert line.split()[0] == clause.id
        assert line.rstrip().endswith(clause.title)
        assert line.startswith("  " * clause.depth + clause.id)


def test_clauses_json_lists_every_clause_with_its_text(run_cli: RunCli, corpus: Corpus) -> None:
    status, out, _ = run_cli("clauses", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert [entry["id"] for entry in data] == corpus.ids
    for entry, clause in zip(data, corpus, strict=True):
        assert set(entry) == {"id", "title", "text", "tags", "keywords", "parent", "phases"}
        assert (entry["title"], entry["text"], entry["parent"]) == (clause.title, clause.text, clause.parent)
        assert (entry["tags"], entry["keywords"]) == (list(clause.tags), list(clause.keywords))
        assert entry["phases"] == corpus.phases_of(clause.id)


def test_show_prints_the_verbatim_text_parent_chain_tags_and_phases(run_cli: RunCli, corpus: Corpus) -> None:
    status, out, err = run_cli("clauses", "show", "IV.C.2.b.ii")
    assert status == 0, err
    clause = corpus.clause("IV.C.2.b.ii")
    flowing = " ".join(out.split())
    for paragraph in clause.text.split("\n\n"):
        assert " ".join(paragraph.split()) in flowing
    for ancestor in ("IV Seamlessly Ensuring Japan’s Peace and Security", "IV.C.2.b Concept of Operations"):
        assert ancestor in out
    assert "IV.C.2.b.ii Operations to Counter Ballistic Missile Attacks" in out
    assert "missile_defense" in out
    for phase in corpus.phases_of("IV.C.2.b.ii"):
        assert phase in out


def test_show_keeps_list_items_on_their_own_lines(run_cli: RunCli) -> None:
    status, out, _ = run_cli("clauses", "show", "IV")
    assert status == 0
    assert "- assess the situation;" in out.splitlines()
    assert "- share information; and" in out.splitlines()


@pytest.mark.parametrize("clause_id", ["I", "IV.E", "VI.B", "VIII", "IV.C.2.c.v"])
def test_show_json_has_the_public_fields(run_cli: RunCli, corpus: Corpus, clause_id: str) -> None:
    status, out, _ = run_cli("clauses", "show", clause_id, "--format", "json")
    assert status == 0
    data = json.loads(out)
    clause = corpus.clause(clause_id)
    assert data["id"] == clause_id
    assert data["title"] == clause.title
    assert data["text"] == clause.text
    assert data["tags"] == list(clause.tags)
    assert data["phases"] == corpus.phases_of(clause_id)


def test_show_of_a_clause_without_its_own_text_says_so(run_cli: RunCli) -> None:
    status, out, _ = run_cli("clauses", "show", "IV.C.2.b")
    assert status == 0
    assert "(no text of its own)" in out
    assert "IV.C.2.b.i" in out


@pytest.mark.parametrize(
    "typed, suggested",
    [("IV.C.2.b.vi", "IV.C.2.b.v"), ("iv.e", "IV.E"), ("VI.C", "VI.B"), ("IX", "IV")],
)
def test_unknown_id_is_a_usage_error_that_suggests_the_nearest_ids(run_cli: RunCli, typed: str, suggested: str) -> None:
    status, out, err = run_cli("clauses", "show", typed)
    assert (status, out) == (2, "")
    # One line naming what was typed, then the suggestions; the typed id itself is never
    # among them, so the nearest id must come from the suggestion list.
    message, _, rest = err.partition("; did you mean ")
    assert message == f"tabletop: error: no clause has the id '{typed}'"
    assert rest.endswith("?\n") and rest.count("\n") == 1
    suggestions = [s.strip("'") for s in rest.removesuffix("?\n").split(" or ")]
    assert suggested in suggestions and typed not in suggestions


def test_tree_for_a_disaster_during_an_attack_is_the_union_of_both_phases(run_cli: RunCli, corpus: Corpus) -> None:
    status, out, err = run_cli("clauses", "--phase", "attack", "--phase", "disaster", "--format", "json")
    assert status == 0, err
    ids = [entry["id"] for entry in json.loads(out)]
    assert ids == [c.id for c in corpus.applicable(["attack", "disaster"])]
    assert "IV.E" in ids and "IV.C.2.b.ii" in ids and "IV.D.4" not in ids


def test_tree_refuses_two_phases_of_one_region(run_cli: RunCli) -> None:
    status, out, err = run_cli("clauses", "--phase", "peacetime", "--phase", "attack")
    assert (status, out) == (2, "")
    assert err.startswith("tabletop: error: phases 'peacetime' and 'attack' cannot hold at once")


def test_tree_with_an_unknown_phase_suggests_the_nearest(run_cli: RunCli) -> None:
    status, out, err = run_cli("clauses", "--phase", "atack")
    assert (status, out) == (2, "")
    assert err.startswith("tabletop: error: no phase has the slug 'atack'; did you mean 'attack'?")
