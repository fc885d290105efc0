"""The validator speaks an author's language: injects by id, the fix a facilitator would name,
no parser jargon, and one mistake never hides or contradicts another."""

from __future__ import annotations

import pytest

from tabletop.errors import ScenarioError
from tabletop.scenario import load_scenario_text
from tabletop.rules import Corpus


def _messages(text: str, corpus: Corpus) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "s.yaml", corpus)
    return [str(d) for d in caught.value.diagnostics]


def _inject(body: str, inject_id: str = "a") -> str:
    return f"title: T\ninjects:\n  - id: {inject_id}\n    title: A\n    narrative: N\n{body}"


class TestWhereAProblemIs:
    def test_a_field_of_an_inject_is_named_by_the_inject_s_id(self, corpus: Corpus) -> None:
        text = _inject("    options:\n      - {label: L}\n    questions: [{text: q, cel: x}]\n")
        assert _messages(text, corpus) == [
            "s.yaml:7:9: error: inject 'a', option 1: missing required key 'goto'",
            "s.yaml:8:27: error: inject 'a', question 1: unknown key 'cel'; did you mean 'cell'?",
        ]

    def test_an_inject_without_an_id_is_named_by_its_place_counted_from_one(self, corpus: Corpus) -> None:
        text = "title: T\ninjects:\n  - {id: a, title: A, narrative: N}\n  - {title: B, narrative: N}\n"
        assert _messages(text, corpus) == ["s.yaml:4:5: error: inject number 2 (no id): missing required key 'id'"]

    def test_no_message_names_an_inject_by_its_index(self, corpus: Corpus) -> None:
        text = _inject("    colour: red\n    tags: 5\n") + "cells:\n  - {id: japan, name: J, role: Player}\n"
        for message in _messages(text, corpus):
            assert "injects." not in message and "cells." not in message


class TestTheFixAFacilitatorWouldName:
    def test_a_phase_meaning_the_end_of_a_disaster_suggests_the_trigger(self, real_corpus: Corpus) -> None:
        text = _inject("    phase: disaster\n") + "  - {id: b, title: B, narrative: N, phase: no_disaster}\n"
        [message] = _messages(text, real_corpus)
        assert (
            "unknown phase 'no_disaster'; ending a phase is a move, not a phase: write `trigger: recover` "
            "instead of `phase:`" in message
        )

    def test_a_move_that_ends_a_phase_says_so_in_the_list_of_legal_moves(self, real_corpus: Corpus) -> None:
        text = _inject("    phase: disaster\n") + "  - {id: b, title: B, narrative: N, trigger: de_escalate}\n"
        joined = "\n".join(_messages(text, real_corpus))
        assert "recover (ends disaster)" in joined
        assert "(-> no phase)" not in joined and "(-> None)" not in joined

    @pytest.mark.parametrize(
        ("tag", "meant"),
        [("air", "air_defense"), ("missile", "missile_defense"), ("mines", "maritime"), ("maritme", "maritime")],
    )
    def test_an_unknown_tag_suggests_the_tag_meant(self, real_corpus: Corpus, tag: str, meant: str) -> None:
        [message] = _messages(_inject(f"    tags: [{tag}]\n"), real_corpus)
        assert f"unknown tag {tag!r}; did you mean {meant!r}" in message

    def test_a_keyword_cited_as_a_clause_names_the_clauses_it_is_a_keyword_of(self, real_corpus: Corpus) -> None:
        [message] = _messages(_inject("    cite: [BMD]\n"), real_corpus)
        assert "unknown clause 'BMD'; cite a clause by its id: 'BMD' is a keyword of IV.A.2, IV.C.2.b.ii" in message

    @pytest.mark.parametrize(
        ("written", "meant"), [("IV.C.2.b.3", "IV.C.2.b.iii"), ("4.C.2.b.ii", "IV.C.2.b.ii"), ("IV.3.2.2", "IV.C.2.b")]
    )
    def test_numbers_where_the_guidelines_use_letters_or_numerals(
        self, real_corpus: Corpus, written: str, meant: str
    ) -> None:
        [message] = _messages(_inject(f"    cite: [{written}]\n"), real_corpus)
        assert f"unknown clause {written!r}; did you mean {meant!r}?" in message


class TestOneMistakeOneMessage:
    def test_a_tab_is_said_without_parser_words_and_hides_nothing(self, real_corpus: Corpus) -> None:
        text = (
            "title: T\ninjects:\n  - id: a\n\ttitle: A\n    narrative: N\n    phase: atack\n"
            "  - {id: b, title: B, narrative: N, tags: [air]}\n"
        )
        messages = _messages(text, real_corpus)
        assert messages[0] == (
            "s.yaml:4:1: error: this line is indented with a tab; YAML indents with spaces "
            "only: replace the tab with spaces"
        )
        assert "scanning" not in messages[0] and "token" not in messages[0]
        assert any("unknown phase 'atack'; did you mean 'attack'?" in m for m in messages)
        assert any("unknown tag 'air'; did you mean 'air_defense'?" in m for m in messages)

    def test_every_line_indented_with_a_tab_is_named(self, real_corpus: Corpus) -> None:
        text = "title: T\ninjects:\n  - id: a\n\ttitle: A\n\tnarrative: N\n"
        assert [m.split(": error: ")[0] for m in _messages(text, real_corpus)] == ["s.yaml:4:1", "s.yaml:5:1"]

    def test_a_refused_trigger_is_not_followed_by_out_of_phase_warnings_it_contradicts(
        self, real_corpus: Corpus
    ) -> None:
        text = _inject("    phase: attack\n") + "  - {id: b, title: B, narrative: N, trigger: recover, cite: [IV.E]}\n"
        messages = _messages(text, real_corpus)
        assert len(messages) == 1 and "trigger 'recover' cannot fire from attack" in messages[0]


class TestWhatANewcomerTypes:
    def test_a_word_the_clauses_are_known_by_suggests_their_tags(self, real_corpus: Corpus) -> None:
        [message] = _messages(_inject("    phase: disaster\n    tags: [earthquake]\n"), real_corpus)
        assert "unknown tag 'earthquake'; did you mean 'disaster' or 'hadr'?" in message

    def test_a_sub_clause_of_a_clause_without_any_suggests_the_clause(self, real_corpus: Corpus) -> None:
        [message] = _messages(_inject("    phase: disaster\n    cite: [IV.E.1]\n"), real_corpus)
        assert "unknown clause 'IV.E.1'; did you mean 'IV.E' or" in message
        assert message.endswith("(IV.E has no sub-clauses)")
