"""Advice in a workbook's words: where the validator tells a scenario's author which key to write
(`default: true`, `next`, `trigger:`, `modules:`, `date:`), `msel import` tells the planner which
sheet, row or column of the workbook to fill instead."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import pytest
from openpyxl import Workbook
from tests.msel.msel_support import edit, import_workbook, letter, render_workbook, row_of
from tests.phases.phase_support import with_two_ways_into_emerging_threats

from tabletop.msel import MselError
from tabletop.rules import Corpus, load_rules
from tabletop.scenario import load_scenario_text

CORPUS = load_rules()

SCENARIO = """\
title: Advice
exercise:
  date: 2030-04-01
  end_date: 2030-04-02
objectives:
  - id: coord
    text: Coordinate.
modules:
  - id: m1
    title: One
agenda:
  - day: 1
    time: "09:00"
    activity: Opening
    module: m1
  - day: 1
    time: "10:00"
    activity: Module one
injects:
  - id: first
    title: First
    narrative: x
    module: m1
    objectives: [coord]
    options:
      - label: Go on
        goto: second
        default: true
      - label: Detour
        goto: detour
  - id: second
    title: Second
    narrative: x
  - id: detour
    title: Detour
    narrative: x
    contingency: true
    next: second
"""

YAML_KEY = re.compile(
    r"`(?:next|options|trigger|phase|contingency|day|date|objectives|modules|cells)\b[^`]*`|`\w+: (?:true|false)`"
)
"""A key as the scenario file writes it, in backquotes: never in a workbook's message."""


def exported(text: str = SCENARIO, corpus: Corpus = CORPUS) -> bytes:
    """The workbook `msel export` writes for the scenario `text`."""
    return render_workbook(load_scenario_text(text, "advice.yaml", corpus), corpus)


@functools.cache
def exported_sample() -> bytes:
    return exported()


def told(change: Callable[[Workbook], None], data: bytes | None = None, corpus: Corpus = CORPUS) -> list[str]:
    """Every problem `msel import` reports for the workbook once `change` is made to it."""
    try:
        found = import_workbook(edit(data or exported_sample(), change), "msel.xlsx", corpus).warnings
    except MselError as exc:
        found = exc.diagnostics
    messages = [str(problem) for problem in found]
    assert not [message for message in messages if YAML_KEY.search(message)], messages
    return messages


def set_cell(book: Workbook, inject: str, header: str, value: object) -> None:
    sheet = book["MSEL"]
    sheet[f"{letter(sheet, header)}{row_of(sheet, inject)}"] = value


def exercise_row(book: Workbook, label: str, value: object) -> None:
    for name, cell in book["Exercise"].iter_rows(min_row=1, max_col=2):
        if name.value == label:
            cell.value = value
            return
    raise KeyError(label)


def clear_sheet(book: Workbook, sheet: str) -> None:
    book[sheet].delete_rows(2, book[sheet].max_row)


def test_a_second_default_option_is_told_as_the_options_cell_writes_it() -> None:
    messages = told(
        lambda book: set_cell(
            book, "first", "Options", "Go on [goto: second; default: yes]\nDetour [goto: detour; default: yes]"
        )
    )
    assert any(
        re.search(r"inject 'first': Options, line 2: more than one option is marked `default: yes`; mark one$", m)
        for m in messages
    ), messages


def test_options_and_next_together_name_both_columns() -> None:
    messages = told(lambda book: set_cell(book, "first", "Next", "second"))
    assert any(
        m.endswith(
            "inject 'first': has both Options and Next; play continues through the chosen option, so remove Next "
            "(or make it an option)"
        )
        for m in messages
    ), messages


@pytest.mark.parametrize(("sheet", "kind"), [("Objectives", "objective"), ("Modules", "module")])
def test_a_name_with_nothing_declared_is_to_be_declared_on_its_sheet(sheet: str, kind: str) -> None:
    messages = told(lambda book: clear_sheet(book, sheet))
    unknown = [m for m in messages if f"unknown {kind} " in m]
    assert unknown, messages
    assert all(m.endswith(f"; declare it on the {sheet} sheet") for m in unknown), unknown


def test_an_agenda_out_of_order_is_told_to_give_the_item_its_day() -> None:
    messages = told(lambda book: book["Agenda"].__setitem__(f"{letter(book['Agenda'], 'Time')}3", "08:00"))
    assert any(m.endswith("list the agenda in the order it runs (or give the item its Day)") for m in messages), (
        messages
    )


def test_an_end_date_without_a_first_day_names_the_date_row() -> None:
    messages = told(lambda book: exercise_row(book, "Date", None))
    assert any(
        m.endswith(
            "End date: give the first day in the Date row of the Exercise sheet too (the End date row of the "
            "Exercise sheet is the last day of several)"
        )
        for m in messages
    ), messages


def test_an_end_date_before_the_first_day_names_the_date_row() -> None:
    messages = told(lambda book: exercise_row(book, "End date", "2030-03-30"))
    assert any(m.endswith("the last day must be on or after the Date row of the Exercise sheet") for m in messages), (
        messages
    )


def test_a_default_path_of_contingencies_only_is_told_to_write_no_in_contingency() -> None:
    def every_inject_a_contingency(book: Workbook) -> None:
        for inject in ("first", "second"):
            set_cell(book, inject, "Contingency", "yes")

    messages = told(every_inject_a_contingency)
    assert any(m.endswith("make the opening inject a regular one (`no` in Contingency)") for m in messages), messages


def test_a_default_path_going_back_is_told_to_point_next_forward() -> None:
    messages = told(lambda book: set_cell(book, "second", "Next", "first"))
    assert any(m.endswith("and would never end; point Next or the default option forward") for m in messages), messages


def test_a_contingency_nothing_leads_to_says_no_option_or_next_does() -> None:
    messages = told(lambda book: set_cell(book, "first", "Options", None))
    assert any(
        m.endswith("inject 'detour' is never reached: no option or Next leads to this contingency inject")
        for m in messages
    ), messages


def test_a_phase_meaning_no_disaster_is_told_to_write_the_move_that_ends_it_in_trigger() -> None:
    messages = told(lambda book: set_cell(book, "second", "Phase", "no_disaster"))
    assert any(
        "; ending a phase is a move, not a phase: write `recover` in Trigger instead of Phase (it ends disaster" in m
        for m in messages
    ), messages


def test_a_phase_several_moves_reach_is_told_to_name_the_move_in_the_trigger_column() -> None:
    corpus = with_two_ways_into_emerging_threats()
    text = SCENARIO.replace(
        "    title: Second\n", "    title: Second\n    phase: emerging_threats\n    trigger: tension_rises\n"
    )
    messages = told(lambda book: set_cell(book, "second", "Trigger", None), exported(text, corpus), corpus)
    assert any(
        m.endswith(
            "inject 'second': several moves lead from peacetime into 'emerging_threats' (threats_emerge, "
            "tension_rises); name the one meant in the Trigger column"
        )
        for m in messages
    ), messages


STARTABLE = "peacetime, emerging_threats, anticipated_attack, attack, disaster"
"""The phases the bundled rules let an exercise start in (third_country_attack cannot hold beside
peacetime, where Japan's own situation starts)."""


@pytest.mark.parametrize("written", ["no_disaster", "No large-scale disaster"])
def test_a_start_phase_meaning_no_disaster_says_the_exercise_starts_there_in_the_start_phase_row(
    written: str,
) -> None:
    messages = told(lambda book: exercise_row(book, "Start phase", written))
    assert (
        f"msel.xlsx:Exercise!B9: error: Start phase: unknown phase {written!r}; 'No large-scale disaster' is not a "
        "phase: every exercise starts there already; leave the Start phase row of the Exercise sheet empty or name "
        f"a phase an exercise may start in: {STARTABLE}"
    ) in messages, messages
    assert not [m for m in messages if "Trigger" in m or "trigger" in m], messages


def test_a_start_phase_that_is_no_phase_lists_the_phases_an_exercise_may_start_in() -> None:
    messages = told(lambda book: exercise_row(book, "Start phase", "third_country_atack"))
    assert (
        "msel.xlsx:Exercise!B9: error: Start phase: unknown phase 'third_country_atack'; name a phase an exercise "
        f"may start in: {STARTABLE}"
    ) in messages, messages


def test_a_misspelt_start_phase_suggests_a_phase_an_exercise_may_start_in() -> None:
    messages = told(lambda book: exercise_row(book, "Start phase", "peactime"))
    assert "msel.xlsx:Exercise!B9: error: Start phase: unknown phase 'peactime'; did you mean 'peacetime'?" in messages


def test_a_blank_title_is_told_to_be_written_in_the_title_row() -> None:
    messages = told(lambda book: exercise_row(book, "Title", None))
    assert (
        "msel.xlsx:Exercise!B2: error: Title: the exercise needs one; write it in the Title row of the Exercise sheet"
        in (messages)
    ), messages
