"""Every field of the scenario format that the MSEL can hold survives export and import.

A scenario setting every field of every model is exported, imported back, and imported over its
own file: the scenario is the same and the file is left byte for byte. A field added to the
models and not to this scenario fails the first test, so the workbook cannot drop it unnoticed.
"""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from tests.msel.msel_support import edit, headers, import_workbook, render_workbook, row_of

from tabletop.msel import MselError
from tabletop.rules import Corpus
from tabletop.scenario import Scenario, load_scenario, load_scenario_text
from tests.conftest import RunCli
from openpyxl import Workbook

EVERY_FIELD = """\
# yaml-language-server: $schema=scenario.schema.json
title: Every field of the format
exercise:
  id: TTX-ALL-01
  version: "1.0"
  classification: UNCLASSIFIED // FOR TRAINING USE
  summary: A scenario that sets every field the format has.
  sponsor: Programme office
  authors: [Lead planner, Scenario writer]
  start_phase: peacetime
  purpose: To check that nothing is lost.
  scope: Two days, one module.
  date: 2031-02-03
  end_date: 2031-02-04
  location: Ichigaya, Tokyo
  ground_rules: [Speak freely.]
  assumptions: [The scenario is plausible.]
objectives:
  - id: coord
    text: Examine bilateral coordination.
    capability: Operational Coordination
cells:
  - id: japan
    name: Japan cell
    role: player
    side: japan
    organisations: [Cabinet Secretariat]
  - id: us
    name: U.S. cell
    side: united_states
  - id: control
    name: Control
    role: control
    side: control
modules:
  - id: m1
    title: "Module 1: Grey zone"
    summary: Tension rises.
    key_issues: [Who decides what to share]
agenda:
  - time: "09:00"
    activity: Module 1
    module: m1
    day: 2
contacts:
  - name: Exercise director
    role: Director
    organisation: Programme office
    email: director@example.org
    phone: "+81 3 5555 0100"
acronyms:
  ACM: Alliance Coordination Mechanism
injects:
  - id: patrol
    title: Patrol boats gather
    module: m1
    time: "D-10 09:00"
    phase: peacetime
    to: [japan, us]
    narrative: Thirty patrol boats gather near the strait.
    cite: [IV.A.1]
    tags: [isr]
    objectives: [coord]
    questions:
      - What is shared, and how?
      - text: Who decides?
        cell: japan
        organisation: Cabinet Secretariat
    expected_actions:
      - action: Share the picture via the ACM.
        responsible: MOD and USFJ
        objective: coord
        cells: [japan, us]
    facilitator_notes: Let the room argue.
    options:
      - label: Escalate
        goto: threat
        default: true
        notes: The usual path.
      - label: Side branch
        goto: branch
  - id: branch
    title: A side branch
    contingency: true
    narrative: Nothing much happens.
    next: threat
  - id: threat
    title: Threat emerges
    time: "D-7"
    trigger: threats_emerge
    gates: {important_influence: true}
    determinations: {maritime_security_operation: true}
    narrative: The boats block the strait.
"""

NOT_IN_A_WORKBOOK = {(Scenario, "include")}
"""A workbook holds the whole scenario as one: the files it included are merged in."""


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds: `list[str | Question]` gives Question."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for argument in typing.get_args(annotation) for model in _models(argument)]


def _fields_of_every_model(model: type[BaseModel], found: dict[type[BaseModel], set[str]]) -> None:
    if model in found:
        return
    found[model] = {name for name in model.model_fields if (model, name) not in NOT_IN_A_WORKBOOK}
    for field in model.model_fields.values():
        for inner in _models(field.annotation):
            _fields_of_every_model(inner, found)


def _fields_set(model: type[BaseModel], data: Any, used: dict[type[BaseModel], set[str]]) -> None:
    used.setdefault(model, set()).update(data)
    for name, value in data.items():
        inner = _models(model.model_fields[name].annotation)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and inner:
                _fields_set(inner[0], item, used)


def test_the_scenario_sets_every_field_of_every_model_of_the_format() -> None:
    expected: dict[type[BaseModel], set[str]] = {}
    _fields_of_every_model(Scenario, expected)
    used: dict[type[BaseModel], set[str]] = {}
    _fields_set(Scenario, yaml.safe_load(EVERY_FIELD), used)
    missing = {model.__name__: sorted(names - used.get(model, set())) for model, names in expected.items()}
    assert {name: fields for name, fields in missing.items() if fields} == {}


def test_every_field_survives_export_and_import(corpus: Corpus) -> None:
    loaded = load_scenario_text(EVERY_FIELD, "every_field.yaml", corpus, files={})
    imported = import_workbook(render_workbook(loaded, corpus), "every_field.xlsx", corpus)
    assert imported.loaded.scenario == loaded.scenario
    assert imported.warnings == []


def test_an_unchanged_workbook_of_every_field_leaves_its_file_byte_for_byte(run_cli: RunCli, tmp_path: Path) -> None:
    scenario = tmp_path / "every_field.yaml"
    scenario.write_text(EVERY_FIELD, encoding="utf-8")
    workbook = tmp_path / "every_field.xlsx"
    assert run_cli("msel", "export", str(scenario), "-o", str(workbook))[0] == 0
    status, out, err = run_cli("msel", "import", str(workbook), "-o", str(scenario))
    assert (status, out, err) == (0, "", f"{scenario}: already holds this scenario; left as it is\n")
    assert scenario.read_text(encoding="utf-8") == EVERY_FIELD
    assert sorted(path.name for path in tmp_path.iterdir()) == ["every_field.xlsx", "every_field.yaml"]


def test_a_side_and_the_cells_of_an_expected_action_edited_in_the_workbook_land_in_the_file(
    run_cli: RunCli, tmp_path: Path, corpus: Corpus
) -> None:
    scenario = tmp_path / "every_field.yaml"
    scenario.write_text(EVERY_FIELD, encoding="utf-8")
    workbook = tmp_path / "every_field.xlsx"
    run_cli("msel", "export", str(scenario), "-o", str(workbook))

    def review(book: Workbook) -> None:
        cells = book["Cells"]
        cells.cell(3, headers(cells)["Side"]).value = "other"
        msel = book["MSEL"]
        actions = msel.cell(row_of(msel, "patrol"), headers(msel)["Expected actions"])
        actions.value = "• Share the picture via the ACM. [responsible: MOD and USFJ; objective: coord; cells: japan]"

    workbook.write_bytes(edit(workbook.read_bytes(), review))
    assert run_cli("msel", "import", str(workbook), "-o", str(scenario))[0] == 0
    edited = load_scenario(scenario, corpus).scenario
    assert [cell.side for cell in edited.cells] == ["japan", "other", "control"]
    assert edited.injects[0].expected_actions[0].cells == ["japan"]
    changed = set(scenario.read_text(encoding="utf-8").splitlines()) ^ set(EVERY_FIELD.splitlines())
    assert changed == {
        "    side: united_states",
        "    side: other",
        "        cells: [japan, us]",
        "        cells: [japan]",
    }


def test_a_list_written_in_brackets_inside_the_attributes_says_how_to_write_it(corpus: Corpus) -> None:
    loaded = load_scenario_text(EVERY_FIELD, "every_field.yaml", corpus, files={})

    def review(book: Workbook) -> None:
        msel = book["MSEL"]
        actions = msel.cell(row_of(msel, "patrol"), headers(msel)["Expected actions"])
        actions.value = "• Share the picture. [objective: coord; cells: [japan, us]]"

    with pytest.raises(MselError) as caught:
        import_workbook(edit(render_workbook(loaded, corpus), review), "msel.xlsx", corpus)
    assert [str(d) for d in caught.value.diagnostics] == [
        "msel.xlsx:MSEL!N2: error: inject 'patrol': Expected actions, line 1: a `[` inside the attributes: write a list without "
        "brackets, its items separated by commas (`[cells: japan, us]`), and `\\[` or `\\]` for a bracket in a value"
    ]
