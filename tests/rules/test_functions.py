"""The function table (`rules/functions.yaml`): the Guidelines' structure as data, checked like
the rules file, each instance grounded in its clause's own words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tabletop.errors import RulesError
from tabletop.rules import FUNCTIONS_FILENAME, load_functions, load_rules, Corpus, FunctionTable
from tests.conftest import RunCli

FIXTURE = Path(__file__).with_name("search_fixture.yaml")


@pytest.fixture(scope="module")
def table(corpus: Corpus) -> FunctionTable:
    return load_functions(corpus)


# -- the bundled table ---------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "instances"),
    [
        ("maritime_security", {"IV.A.3", "IV.B.2", "IV.C.2.b.iii", "IV.D.3", "V.A.3"}),
        ("logistic_support", {"IV.A.6", "IV.B.6", "IV.C.2.c.iii", "IV.D.5", "V.A.8"}),
        ("asset_protection", {"IV.A.4", "IV.C.2.a", "IV.D.1"}),
        ("search_and_rescue", {"IV.B.4", "IV.C.2.c.ii", "IV.D.2"}),
        ("ballistic_missile_defense", {"IV.A.2", "IV.C.2.b.ii", "IV.D.4"}),
        ("isr", {"IV.A.1", "IV.C.2.b.v", "V.A.6"}),
        ("noncombatant_evacuation", {"IV.B.1", "V.A.5"}),
        ("use_of_facilities", {"IV.A.7", "IV.B.7", "IV.C.2.c.iv"}),
        ("protection_of_facilities", {"IV.B.5"}),
        ("refugees", {"IV.B.3"}),
        ("ship_inspection", {"IV.B.2", "IV.C.2.b.iii", "IV.D.3"}),
    ],
)
def test_the_bundled_table_names_each_function_in_each_section_that_carries_it(
    table: FunctionTable, function: str, instances: set[str]
) -> None:
    by_id = {f.id: f for f in table}
    assert instances <= set(by_id[function].instances)


def test_every_instance_is_grounded_in_its_clauses_own_words(table: FunctionTable, corpus: Corpus) -> None:
    for function in table:
        assert [clause_id for clause_id, _ in function.bases] == list(function.instances)
        for clause_id, basis in function.bases:
            assert " ".join(basis.split()) in " ".join(corpus.clause(clause_id).text.replace("\n- ", " ").split())


def test_every_function_has_a_title_to_read_aloud_and_no_clause_is_left_without_one(
    table: FunctionTable, corpus: Corpus
) -> None:
    assert all(f.title == f.title.strip() and f.title[0].islower() for f in table)
    for clause in corpus:
        assert table.of(clause.id), clause.id
        assert table.alone(clause.id).instances == (clause.id,)


def test_the_principles_and_lead_ins_are_broad_and_chapter_v_activities_a_setting(table: FunctionTable) -> None:
    assert {"I", "II", "II.B", "III", "III.A", "V", "V.B"} <= table.broad
    # The clauses that describe a phase's situation are not broad: words about the situation
    # itself answer with them.
    assert not {"IV.B", "IV.C.1", "IV.D", "IV.E"} & table.broad
    assert table.setting_of("V.A.3") == "V.A" and table.setting_of("IV.A.3") is None


# -- a table beside another rules file -------------------------------------------------


def _rules_with_functions(tmp_path: Path, text: str) -> Path:
    rules = tmp_path / "rules.yaml"
    shutil.copy(FIXTURE, rules)
    (tmp_path / FUNCTIONS_FILENAME).write_text(text, encoding="utf-8")
    return rules


GOOD = """functions:
  - id: maritime_security
    title: maritime security
    instances:
      - clause: IV.A.3
        basis: measures to maintain maritime order
      - clause: IV.D.3
        basis: >-
          will cooperate in minesweeping,
          as appropriate
"""


def test_a_valid_table_beside_a_rules_file_is_used(tmp_path: Path) -> None:
    corpus = load_rules(_rules_with_functions(tmp_path, GOOD + "broad: [III]\nsettings: [VI]\n"))
    table = load_functions(corpus)
    [function] = list(table)
    assert function.instances == ("IV.A.3", "IV.D.3")
    assert table.functions_of("IV.D.3") == ("maritime_security",)
    assert table.functions_of("IV.E") == ("IV.E",)  # in no function: a function of its own
    assert table.is_broad("III") and not table.is_broad("III.A")
    assert table.setting_of("VI.B") == "VI"


def test_the_protection_of_assets_names_the_activities_its_clause_names(table: FunctionTable) -> None:
    [protection] = [f for f in table if f.id == "asset_protection"]
    protects = dict(protection.protections)
    # IV.D.1 names NEO and BMD, in a cooperation that "will include, but not be limited to" them:
    # the other operations of IV.D too; IV.A.4 names every cooperative activity of IV.A. In the
    # order the rules file lists them, which is the order a ranking weighs them in.
    assert protects["IV.D.1"] == (
        "noncombatant_evacuation",
        "ballistic_missile_defense",
        "maritime_security",
        "logistic_support",
    )
    assert protects["IV.A.4"] == (
        "isr",
        "ballistic_missile_defense",
        "air_defense",
        "maritime_security",
        "logistic_support",
        "training_and_exercises",
    )
    assert "IV.C.2.a" not in protects  # the attack's principle names no activity
    assert protection in table.guards


def test_ivc1s_list_items_say_what_the_list_is_for(table: FunctionTable) -> None:
    """IV.C.1's preparations are listed under its postures, deployments and "the preparations":
    each list item of the table carries those words, its intelligence sharing (no list) does not."""
    framed = {f.id: dict(f.frames) for f in table}
    for function_id in ("logistic_support", "use_of_facilities", "protection_of_facilities"):
        assert framed[function_id]["IV.C.1"].endswith(
            "The preparations by the two governments may include, but would not be limited to"
        )
    assert "IV.C.1" not in framed["isr"]


def test_a_rules_file_without_a_table_beside_it_has_every_clause_answer_for_itself(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    shutil.copy(FIXTURE, rules)
    corpus = load_rules(rules)
    table = load_functions(corpus)
    assert len(table) == 0
    assert all(table.functions_of(c.id) == (c.id,) for c in corpus)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD.replace("clause: IV.D.3", "clause: IV.D.33"), 7, "no clause has the id 'IV.D.33'; did you mean 'IV.D.3'"),
        (
            GOOD.replace("maintain maritime order", "keep the sea lanes open"),
            6,
            "function 'maritime_security': the basis is not in the text of IV.A.3",
        ),
        (GOOD + GOOD.replace("functions:\n", ""), 11, "function 'maritime_security': duplicate id"),
        (GOOD.replace("clause: IV.D.3", "clause: IV.A.3"), 7, "IV.A.3 is listed twice"),
        (
            GOOD + "        defers_to: IV.C.2.b.iii\n",
            11,
            "IV.D.3 defers to 'IV.C.2.b.iii', which is not another of its instances (they are: IV.A.3)",
        ),
        (
            GOOD + "        protects:\n          functions: [mine_warfare]\n          basis: minesweeping\n",
            12,
            "IV.D.3 protects 'mine_warfare', which is no function of the table",
        ),
        (
            GOOD + "        protects:\n          functions: [maritime_security]\n          basis: escort duty\n",
            13,
            "the basis of what IV.D.3 protects is not in its text",
        ),
        (
            GOOD + "        listed_under: maritime order\n",
            11,
            "IV.D.3 has `listed_under` but is no summary",
        ),
        (
            GOOD + "        summary: true\n        listed_under: the preparations may include\n",
            12,
            "the words its list is listed under are not in the text of IV.D.3",
        ),
        (GOOD.replace("    title:", "    titel:"), 3, "titel"),
        (GOOD + "broad: [III.Z]\n", 11, "broad: no clause has the id 'III.Z'"),
        (GOOD.replace("id: maritime_security", "id: Maritime Security"), 2, "id"),
    ],
)
def test_table_errors_are_located_and_say_what_to_do(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(RulesError) as caught:
        load_functions(load_rules(_rules_with_functions(tmp_path, text)))
    found = str(caught.value)
    assert f"{FUNCTIONS_FILENAME}:{line}:" in found
    assert message in found


def test_a_broken_table_is_a_one_line_error_with_exit_status_1(tmp_path: Path, run_cli: RunCli) -> None:
    rules = _rules_with_functions(tmp_path, GOOD.replace("clause: IV.D.3", "clause: IV.D.33"))
    status, out, err = run_cli("--rules", str(rules), "cite", "--phase", "attack", "missile")
    assert status == 1
    assert f"{FUNCTIONS_FILENAME}:7:" in err and "did you mean 'IV.D.3'" in err
    assert "Traceback" not in err and out == ""


def function_table_markdown(corpus: Corpus, table: FunctionTable) -> str:
    """The function table by phase, as docs/citations.md prints it: one row per function, one
    column per phase (the clauses that define it), and one for the clauses that define none."""
    slugs = corpus.phase_slugs
    lines = [
        "| function | " + " | ".join(f"`{slug}`" for slug in slugs) + " | no phase |",
        "|" + "---|" * (len(slugs) + 2),
    ]
    for function in table:
        cells = [", ".join(i for i in function.instances if slug in corpus.defined_phases(i)) for slug in slugs]
        cells.append(", ".join(i for i in function.instances if not corpus.defined_phases(i)))
        lines.append(f"| {function.title} (`{function.id}`) | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def test_the_documented_function_table_is_the_bundled_one(table: FunctionTable, corpus: Corpus) -> None:
    docs = (Path(__file__).parents[2] / "docs" / "citations.md").read_text(encoding="utf-8")
    marker = "<!-- the function table: rules/functions.yaml -->\n"
    assert marker in docs
    assert docs.split(marker, 1)[1].startswith(function_table_markdown(corpus, table) + "\n")
