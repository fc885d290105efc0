"""Writing a scenario back out as YAML an author can read and edit.

Called by `tabletop.msel` (a workbook imported back into a scenario) and by
anything else that produces scenario files. It owns two things: the key order
authors use in the bundled samples (title, exercise, objectives, cells,
modules, agenda, contacts, acronyms, injects; in an inject: id, title, module, time, phase, ... and
narrative before its questions), and a block-style YAML writer (lists
indented under their key, multi-line text as `|` blocks, no flow style, no
anchors), so that the file reads like one written by hand.
"""

from __future__ import annotations

from typing import Any

import yaml

from tabletop.scenario._models import Scenario

__all__ = ["INJECT_KEY_ORDER", "SCENARIO_KEY_ORDER", "ordered", "scenario_data", "scenario_yaml"]

SCENARIO_KEY_ORDER = (
    "title",
    "exercise",
    "objectives",
    "cells",
    "modules",
    "agenda",
    "contacts",
    "acronyms",
    "include",
    "injects",
)
"""The top-level keys in the order the samples write them."""

INJECT_KEY_ORDER = (
    "id",
    "title",
    "module",
    "contingency",
    "time",
    "phase",
    "trigger",
    "gates",
    "to",
    "objectives",
    "tags",
    "narrative",
    "questions",
    "expected_actions",
    "cite",
    "facilitator_notes",
    "options",
    "next",
)
"""An inject's keys in the order the samples write them: where and when first, then what is said."""


def ordered(data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """`data` with the keys of `order` first, in that order, and any other keys after, as they were."""
    first = {key: data[key] for key in order if key in data}
    return {**first, **{key: value for key, value in data.items() if key not in first}}


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """A validated scenario as plain data (dicts, lists, text, booleans) in the samples' key order.

    Values left at their defaults are omitted (an empty list, `contingency:
    false`), so the data is what an author would have written; validating it
    again gives a scenario equal to `scenario`. `include:` is kept as written:
    the injects of included files are already merged into `injects`.
    """
    data = scenario.model_dump(mode="json", exclude_defaults=True)
    data["title"] = scenario.title
    data["injects"] = [ordered(inject, INJECT_KEY_ORDER) for inject in data.get("injects", [])]
    return ordered(data, SCENARIO_KEY_ORDER)


class _BlockDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing lists indented under their key as the samples do."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_LONG = 72
"""Text longer than this is written as a folded block (`>-`), wrapped to the line width."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text reads best as a literal block and a long line as a folded one, as in the
    # samples; PyYAML quotes the text instead when a block cannot hold it exactly.
    style = "|" if "\n" in value.strip("\n") else ">" if len(value) > _LONG else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _text)


def scenario_yaml(data: dict[str, Any]) -> str:
    """Plain scenario data as block-style YAML text (UTF-8 characters written as themselves)."""
    return yaml.dump(
        data,
        Dumper=_BlockDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
    )
