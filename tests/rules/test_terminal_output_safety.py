"""What the look-up commands print never drives the terminal, whatever a rules file or a person writes.

`clauses`, `clauses show`, `clauses search`, `cite` and `phases` print titles, texts, bases
and questions from the rules file (any file, with --rules) and the facilitator's own words.
An escape sequence in any of them must reach the screen as nothing, not as a command.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import RunCli

FIXTURE = Path(__file__).with_name("search_fixture.yaml")

# YAML double-quoted escapes: \e is ESC, \a BEL; \x9b is the 8-bit CSI; \u202e reverses text.
HOSTILE = r"\e[2J\e]0;owned\a\x9b31m\u202e"
# Anything a terminal would obey: ESC, BEL, 8-bit controls, bidirectional overrides.
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    replacements = {
        "    title: Alliance Coordination Mechanism": f'    title: "Alliance {HOSTILE}Coordination Mechanism"',
        "            title: Air and Missile Defense": f'            title: "Air and {HOSTILE}Missile Defense"',
        "    title: Security situation": f'    title: "Security {HOSTILE}situation"',
        "    title: Armed attack against Japan\n": f'    title: "Armed attack {HOSTILE}against Japan"\n',
        "  title: The Guidelines for Japan-U.S. Defense Cooperation": f'  title: "The Guidelines{HOSTILE}"',
        "    source: [peacetime]\n    dest: emerging_threats\n    basis: fixture": f'    source: [peacetime]\n    dest: emerging_threats\n    basis: "fixture {HOSTILE}basis"\n'
        f'    gates:\n      - id: asked\n        question: "Is it {HOSTILE}so?"\n'
        f'        authority: "the {HOSTILE}Cabinet"\n        strength: policy\n'
        f'        reference: "IV.B {HOSTILE}"',
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path_factory.mktemp("hostile") / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _assert_inert(out: str) -> None:
    assert not CONTROLS.search(out), repr(CONTROLS.search(out))


@pytest.mark.parametrize(
    "args",
    [
        ["clauses"],
        ["clauses", "show", "III.A"],
        ["clauses", "show", "IV.A.2"],
        ["clauses", "search", "alliance coordination missile"],
        ["cite", "--phase", "attack", "missile coordination"],
        ["phases"],
        ["phases", "--format", "mermaid"],
    ],
)
def test_text_from_the_rules_file_reaches_the_terminal_without_control_sequences(
    run_cli: RunCli, hostile_rules: Path, args: list[str]
) -> None:
    status, out, err = run_cli("--rules", str(hostile_rules), *args)
    assert status == 0, err
    _assert_inert(out)
    # The words around the sequence survive.
    assert any(
        words in out
        for words in ("Coordination Mechanism", "Missile Defense", "Security situation", "Armed attack against Japan")
    )


@pytest.mark.parametrize(
    "args",
    [
        ["clauses", "--format", "json"],
        ["clauses", "show", "III.A", "--format", "json"],
        ["clauses", "search", "--format", "json", "alliance coordination"],
        ["cite", "--phase", "attack", "--format", "json", "missile coordination"],
        ["phases", "--format", "json"],
    ],
)
def test_json_escapes_control_characters_but_keeps_the_value(
    run_cli: RunCli, hostile_rules: Path, args: list[str]
) -> None:
    status, out, err = run_cli("--rules", str(hostile_rules), *args)
    assert status == 0, err
    _assert_inert(out)
    assert "\u202e" in json.dumps(json.loads(out), ensure_ascii=False)  # the data itself is intact


def test_the_persons_own_words_are_echoed_without_control_sequences(run_cli: RunCli) -> None:
    # Control characters between two matched words would be echoed inside the reported phrase.
    words = "ballistic\x07missile\u202e launch\x9b2J coordination\x1b[8m hidden"
    for args in (
        ["clauses", "search", words],
        ["clauses", "search", "\x1b]0;title\x07zzqx"],
        ["cite", "--phase", "attack", words],
    ):
        status, out, err = run_cli("--rules", str(FIXTURE), *args)
        assert status == 0, err
        _assert_inert(out)
        _assert_inert(err)


def test_an_unknown_id_with_control_characters_is_reported_inertly(run_cli: RunCli) -> None:
    status, _out, err = run_cli("--rules", str(FIXTURE), "clauses", "show", "IV.\x1b[2J\u202eA")
    assert status == 2
    _assert_inert(err)
    assert "no clause has the id" in err
