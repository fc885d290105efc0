"""Properties: any valid scenario survives export and import unchanged; cell entries read back exactly."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from tests.msel.msel_support import SAMPLES, edit, import_workbook, load_sample, render_workbook, without_include

from tabletop.errors import ScenarioError
from tabletop.msel import join_entries, read_entry, read_lines, write_entry, write_line
from tabletop.rules import load_rules
from tabletop.scenario import LoadedScenario, load_scenario_text, scenario_yaml
from openpyxl import Workbook

CORPUS = load_rules()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any text a scenario can hold and a workbook can store: no control characters but tab and line
# feed (a carriage return and the rest are refused on export, with the inject named), and the
# characters the cell grammar gives a meaning to, often.
CHARACTERS = st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn")),
    st.sampled_from(list("\n\t []\\;:•-*, ") + ["\u2028", "\u00a0"]),
)
ANY_TEXT = st.text(CHARACTERS, max_size=30)
TEXT = ANY_TEXT.filter(lambda text: text.strip())
SLUG = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
T = TypeVar("T")
CLAUSES = st.sampled_from(CORPUS.ids)
TAGS = st.sampled_from(sorted(CORPUS.tags))
SIDES = st.sampled_from(["japan", "united_states", "local_government", "control", "other"])
CLOCK = st.from_regex(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]", fullmatch=True)
EMAIL = st.from_regex(r"[a-z0-9.]{1,8}@[a-z0-9]{1,8}\.org", fullmatch=True)
ACRONYM = st.from_regex(r"[A-Z][A-Z0-9&/]{1,5}", fullmatch=True)
EMERGE = next(t for t in CORPUS.transitions if t.source == ["peacetime"] and t.dest == "emerging_threats")


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Valid scenarios as data: every field of the format, decision points and contingencies."""

    def some(strategy: st.SearchStrategy[T]) -> T | None:
        return draw(st.one_of(st.none(), strategy))

    objectives: list[dict[str, Any]] = [
        {"id": i, "text": draw(TEXT), **({"capability": c} if (c := some(TEXT)) else {})}
        for i in draw(st.lists(SLUG, max_size=3, unique=True))
    ]
    cells: list[dict[str, Any]] = [
        {
            "id": i,
            "name": draw(TEXT),
            "role": draw(st.sampled_from(["player", "control", "observer"])),
            **({"side": side} if (side := some(SIDES)) else {}),
            "organisations": draw(st.lists(ANY_TEXT, max_size=3)),
        }
        for i in draw(st.lists(SLUG, max_size=3, unique=True))
    ]
    modules: list[dict[str, Any]] = [
        {"id": i, "title": draw(TEXT), **({"summary": s} if (s := some(TEXT)) else {})}
        for i in draw(st.lists(SLUG, max_size=2, unique=True))
    ]
    objective_ids = [o["id"] for o in objectives]
    cell_ids = [c["id"] for c in cells]

    def question() -> str | dict[str, str]:
        text = draw(ANY_TEXT)
        form = draw(st.sampled_from(["plain", "cell", "organisation", "bare"] if cell_ids else ["plain", "bare"]))
        if form == "plain":
            return text
        if form == "cell":
            return {"text": text, "cell": draw(st.sampled_from(cell_ids))}
        if form == "organisation":
            return {"text": text, "organisation": draw(ANY_TEXT)}
        return {"text": text}

    def action() -> dict[str, Any]:
        found: dict[str, Any] = {"action": draw(ANY_TEXT)}
        if draw(st.booleans()):
            found["responsible"] = draw(ANY_TEXT)
        if bool(objective_ids) and draw(st.booleans()):
            found["objective"] = draw(st.sampled_from(objective_ids))
        if bool(cell_ids) and draw(st.booleans()):
            found["cells"] = draw(st.lists(st.sampled_from(cell_ids), min_size=1, max_size=3, unique=True))
        return found

    ids = draw(st.lists(SLUG, min_size=1, max_size=6, unique=True))
    injects: list[dict[str, Any]] = []
    phase = "peacetime"
    for inject_id in ids:
        inject: dict[str, Any] = {"id": inject_id, "title": draw(TEXT), "narrative": draw(TEXT)}
        if bool(modules) and draw(st.booleans()):
            inject["module"] = draw(st.sampled_from([m["id"] for m in modules]))
        if phase == "peacetime" and draw(st.booleans()):
            phase = inject["phase"] = "emerging_threats"
            if draw(st.booleans()):
                inject["gates"] = {gate.id: True for gate in EMERGE.gates}
        if cell_ids:
            inject["to"] = draw(st.lists(st.sampled_from(cell_ids), max_size=2, unique=True))
        if objective_ids:
            inject["objectives"] = draw(st.lists(st.sampled_from(objective_ids), max_size=2, unique=True))
        inject["tags"] = draw(st.lists(TAGS, max_size=2, unique=True))
        inject["cite"] = draw(st.lists(CLAUSES, max_size=3, unique=True))
        inject["questions"] = [question() for _ in range(draw(st.integers(0, 3)))]
        inject["expected_actions"] = [action() for _ in range(draw(st.integers(0, 2)))]
        if draw(st.booleans()):
            inject["facilitator_notes"] = draw(TEXT)
        injects.append(inject)
    # A decision point: an option to a contingency inject placed after it, one to where play goes on.
    if len(injects) >= 2 and draw(st.booleans()):
        k = draw(st.integers(0, len(injects) - 2))
        contingency: dict[str, Any] = {
            "id": "branch-" + injects[k]["id"],
            "title": draw(TEXT),
            "narrative": draw(TEXT),
            "contingency": True,
        }
        options: list[dict[str, Any]] = [
            {"label": draw(ANY_TEXT), "goto": injects[k + 1]["id"]},
            {"label": draw(ANY_TEXT), "goto": contingency["id"]},
        ]
        if draw(st.booleans()):
            options[draw(st.integers(0, 1))]["default"] = True
        if draw(st.booleans()):
            options[1]["notes"] = draw(ANY_TEXT)
        injects[k]["options"] = options
        if draw(st.booleans()) and k + 2 < len(injects):
            contingency["next"] = injects[k + 2]["id"]
        injects.insert(k + 1, contingency)
    days = sorted(draw(st.lists(st.integers(-30, 30), min_size=len(injects), max_size=len(injects))))
    for inject, day in zip(injects, days, strict=True):
        if draw(st.booleans()):
            inject["time"] = f"D{day:+d}" if day else "D"
    data: dict[str, Any] = {"title": draw(TEXT)}
    if draw(st.booleans()):
        data["exercise"] = {
            "classification": draw(TEXT),
            "id": some(TEXT),
            "version": some(TEXT),
            "summary": some(TEXT),
            "authors": draw(st.lists(ANY_TEXT, max_size=2)),
            "start_phase": some(st.just("peacetime")),
            "sponsor": some(TEXT),
            "purpose": some(TEXT),
            "scope": some(TEXT),
            "location": some(TEXT),
            "ground_rules": some(st.lists(TEXT, min_size=1, max_size=2)),
            "assumptions": some(st.lists(TEXT, min_size=1, max_size=2)),
        }
        first = some(st.dates(datetime.date(2020, 1, 1), datetime.date(2040, 1, 1)))
        if first is not None:
            data["exercise"]["date"] = first
            data["exercise"]["end_date"] = some(st.just(first + datetime.timedelta(days=1)))
    times = sorted(draw(st.lists(CLOCK, max_size=3)))
    module_ids = [m["id"] for m in modules]
    data["agenda"] = [
        {"time": time, "activity": draw(TEXT), "module": some(st.sampled_from(module_ids)) if module_ids else None}
        for time in times
    ]
    data["contacts"] = [
        {
            "name": draw(TEXT),
            "role": some(TEXT),
            "organisation": some(TEXT),
            "email": some(EMAIL),
            "phone": some(TEXT),
        }
        for _ in range(draw(st.integers(0, 2)))
    ]
    data["acronyms"] = draw(st.dictionaries(ACRONYM, TEXT, max_size=3))
    data.update(objectives=objectives, cells=cells, modules=modules, injects=injects)
    data = _without_none(data)
    return data


def _without_none(value: Any) -> Any:
    """Scenario data with the keys drawn as None left out, as an author leaves them out."""
    if isinstance(value, dict):
        return {key: _without_none(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_none(item) for item in value]
    return value


@SETTINGS
@given(data=scenarios())
def test_any_valid_scenario_exported_and_imported_is_the_same_scenario(data: dict[str, Any]) -> None:
    try:
        loaded = load_scenario_text(scenario_yaml(data), "generated.yaml", CORPUS, files={})
    except ScenarioError:
        assume(False)
    imported = import_workbook(render_workbook(loaded, CORPUS), "generated.xlsx", CORPUS)
    assert imported.loaded.scenario == loaded.scenario
    assert [w for w in imported.warnings if "not imported" in w.message] == []


def test_a_cell_holding_only_a_no_break_space_is_text_not_an_empty_cell() -> None:
    # A no-break space is text in a line of a list and in a narrative, as the scenario holds it:
    # the workbook's cell of it must not read back as blank (the organisation lost, the inject's
    # narrative "missing").
    data: dict[str, Any] = {
        "title": "No-break spaces",
        "cells": [{"id": "japan", "name": "Japan cell", "organisations": ["\u00a0"]}],
        "injects": [{"id": "first", "title": "First", "narrative": "\u00a0"}],
    }
    loaded = load_scenario_text(scenario_yaml(data), "nbsp.yaml", CORPUS, files={})
    imported = import_workbook(render_workbook(loaded, CORPUS), "nbsp.xlsx", CORPUS)
    assert imported.loaded.scenario.cells[0].organisations == ["\u00a0"]
    assert imported.loaded.scenario.injects[0].narrative == "\u00a0"
    assert imported.loaded.scenario == loaded.scenario


@given(
    text=ANY_TEXT,
    attributes=st.one_of(st.none(), st.lists(st.tuples(SLUG, ANY_TEXT), max_size=3, unique_by=lambda pair: pair[0])),
)
def test_an_entry_and_its_attributes_read_back_exactly(text: str, attributes: list[tuple[str, str]] | None) -> None:
    line = write_entry(text, attributes)
    assert "\n" not in line
    assert read_entry(line) == (text, None if attributes is None else dict(attributes))


@given(items=st.lists(ANY_TEXT, max_size=5))
def test_a_list_of_lines_reads_back_exactly(items: list[str]) -> None:
    assert read_lines(join_entries([write_line(item) for item in items])) == items


def test_entries_of_a_real_scenario_read_as_plain_sentences() -> None:
    line = write_entry("Who decides?", [("cell", "japan")])
    assert line == "• Who decides? [cell: japan]"
    assert write_entry("- a dash; and [a bracket]") == "• \\- a dash; and \\[a bracket]"
    assert read_entry("- typed with a dash [goto: x; default: yes]") == (
        "typed with a dash",
        {"goto": "x", "default": "yes"},
    )


_EXPORTED: dict[Path, tuple[LoadedScenario, bytes]] = {}


def _sample_workbook(path: Path) -> tuple[LoadedScenario, bytes]:
    if path not in _EXPORTED:
        loaded = load_sample(path, CORPUS)
        _EXPORTED[path] = (loaded, render_workbook(loaded, CORPUS))
    return _EXPORTED[path]


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_a_sample_with_its_rows_in_any_order_imports_as_the_sample(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(SAMPLES), label="sample")
    loaded, workbook = _sample_workbook(path)
    order = data.draw(st.permutations(range(len(loaded.scenario.injects))), label="order")

    def shuffle(book: Workbook) -> None:
        sheet = book["MSEL"]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
        for number, index in enumerate(order, start=2):
            for column, value in enumerate(rows[index], start=1):
                sheet.cell(number, column).value = value

    imported = import_workbook(edit(workbook, shuffle), "sorted.xlsx", CORPUS)
    assert imported.loaded.scenario == without_include(loaded.scenario)
