"""The safe YAML reader: duplicate keys, unsafe tags, alias bombs, nesting, encodings."""

from __future__ import annotations

import re
import tracemalloc

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tabletop import yamlsource
from tabletop.yamlsource import YamlLoadError
from pathlib import Path


def only_message(text: str) -> str:
    with pytest.raises(YamlLoadError) as info:
        yamlsource.load(text, "f.yaml")
    [diagnostic] = info.value.diagnostics
    return str(diagnostic)


def test_duplicate_keys_are_refused_at_the_second_key() -> None:
    assert only_message("a: 1\nb: 2\na: 3\n") == (
        "f.yaml:3:1: error: duplicate key 'a' (first defined at line 1); "
        "YAML would silently keep only the last one: merge or rename them"
    )


def test_merge_keys_may_override_without_being_duplicates() -> None:
    assert yamlsource.load("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n", "f") == {
        "base": {"x": 1, "y": 2},
        "other": {"x": 1, "y": 3},
    }


def test_python_tags_are_errors_and_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    assert "only plain YAML is allowed" in only_message(text)
    assert not marker.exists()


def test_an_alias_bomb_is_refused_quickly_with_bounded_memory() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    tracemalloc.start()
    try:
        message = only_message("\n".join(lines) + "\n")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more than 1,000,000 values (an alias bomb?)" in message
    assert peak < 5_000_000


def test_moderate_alias_use_is_fine() -> None:
    assert yamlsource.load("q: &q [a, b]\nx: *q\ny: *q\n", "f") == {"q": ["a", "b"], "x": ["a", "b"], "y": ["a", "b"]}


def test_a_recursive_alias_is_refused() -> None:
    assert "refers to a value that contains it" in only_message("a: &a [*a]\n")


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "{a: " * 5000 + "1" + "}" * 5000, "- " * 5000 + "x"])
def test_deep_nesting_is_refused_without_crashing(text: str) -> None:
    assert "nested too deeply" in only_message(text)


def test_nesting_just_under_the_limit_loads() -> None:
    depth = 900
    assert yamlsource.load("{a: " * depth + "1" + "}" * depth, "f") is not None


def test_invalid_utf8_is_located_in_characters() -> None:
    with pytest.raises(YamlLoadError) as info:
        yamlsource.decode("a: 日本\nb: 語".encode() + b"\xff\n", "f.yaml")
    assert str(info.value) == "f.yaml:2:5: error: invalid UTF-8 (byte 0xff); save the file as UTF-8"


def test_a_byte_order_mark_is_dropped() -> None:
    assert yamlsource.decode(b"\xef\xbb\xbfa: 1\r\n", "f") == "a: 1\r\n"


def test_control_characters_are_located() -> None:
    assert only_message("a: 1\nb: x\x01y\n") == (
        "f.yaml:2:5: error: character U+0001 is not allowed in YAML "
        "(control characters cannot appear in a scenario, even in quotes)"
    )


def test_the_locator_finds_keys_and_list_items() -> None:
    locate = yamlsource.Locator("a:\n  b:\n    - x\n    - y\n")
    assert locate(("a", "b", 1)) == (4, 7)
    assert locate(("a", "missing")) == (2, 3) or locate(("a", "missing")) == (1, 1)
    assert locate(()) == (1, 1)


class TestQuotesInsideQuotedText:
    def test_double_quotes_inside_double_quoted_text_are_said_with_the_value_rewritten(self) -> None:
        text = 'title: X\ninjects:\n  - id: a\n    title: A\n    narrative: "He said "go" now"\n'
        assert only_message(text) == (
            "f.yaml:5:26: error: did not find expected key (while parsing a block mapping); there is text "
            'after the closing quote: a value in double quotes ends at its second `"`; for text holding '
            "double quotes, put the whole value in single quotes instead (narrative: 'He said \"go\" now'), "
            "or write it as a block scalar (`|`, then the text on the lines below, indented)"
        )

    def test_an_apostrophe_inside_single_quoted_text_is_to_be_written_twice(self) -> None:
        message = only_message("tags:\n  - 'it's'\n")
        assert message.startswith("f.yaml:2:9: error: ")
        assert message.endswith(
            "there is text after the closing quote: a value in single quotes ends at its second `'`; "
            "for an apostrophe inside it, write it twice (- 'it''s'), or put the whole value in double quotes"
        )

    def test_inside_brackets_the_advice_stands_without_a_rewritten_value(self) -> None:
        message = only_message('cite: ["a "b" c", d]\n')
        assert message.startswith("f.yaml:1:12: error: did not find expected ',' or ']'")
        assert "there is text after the closing quote" in message and "is not closed" not in message

    @pytest.mark.parametrize(
        ("text", "advice"),
        [
            ("a:\n  b: 1\n c: 2\n", "this key is indented 1 spaces but the key above it 2"),
            ('title: "x"\n  c: 2\n', "this key is indented 2 spaces but the key above it 0"),
            ('title: "Module 1": Rising\n', "text containing ': ' must be quoted"),
            ('narrative: "never closed\ntitle: x\nother: "y"\n', "this quoted text is never closed"),
        ],
    )
    def test_other_syntax_errors_keep_their_own_advice(self, text: str, advice: str) -> None:
        message = only_message(text)
        assert advice in message and "after the closing quote" not in message

    @settings(max_examples=200, deadline=None)
    @given(
        parts=st.lists(
            st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\#'), max_size=12),
            min_size=3,
            max_size=3,
        )
    )
    def test_the_rewritten_value_reads_back_as_the_text_meant(self, parts: list[str]) -> None:
        before, quoted, after = (part.strip() for part in parts)
        # Text that YAML could not read as a plain word after the closing quote fails otherwise.
        assume(quoted != "" and quoted[0] not in "-':?,[]{}&*!|>%@`")
        meant = f'{before} "{quoted}" {after}'.strip()
        written = f'narrative: "{meant}"\n'
        with pytest.raises(YamlLoadError) as info:
            yamlsource.load(written, "f.yaml")
        [diagnostic] = info.value.diagnostics
        assert "there is text after the closing quote" in diagnostic.message
        assert diagnostic.line == 1
        rewritten = re.search(r"\((narrative: '.*')\), or write it", diagnostic.message)
        assert rewritten is not None
        assert yamlsource.load(rewritten.group(1), "f.yaml") == {"narrative": meant}
