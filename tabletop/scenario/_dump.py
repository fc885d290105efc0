"""Writing a scenario back out as YAML an author can read and edit.

Called by `tabletop.msel` (a workbook imported back into a scenario) and by
anything else that produces scenario files. It owns two things: the key order
authors use in the bundled samples (title, exercise, objectives, cells,
modules, agenda, contacts, acronyms, injects; in an inject: id, title, module, time, phase, ... and
narrative before its questions), and a block-style YAML writer (multi-line
text as `|` blocks, long lines folded, no flow style, no anchors), so that the
file reads like one written by hand. It writes through libyaml's emitter
(eight times PyYAML's own on a large MSEL import), which puts a list's dashes
at its key's indentation, and then indents each such list under its key
(`_indent_lists`); PyYAML's own emitter, where libyaml is missing, writes the
same text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from tabletop.scenario._models import Scenario
from tabletop.yamlsource import collector_paused

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


class _BlockDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The safe dumper, libyaml's where it is installed, with the samples' text styles."""


_WIDTH = 88
"""The width the text is wrapped to."""

_LONG = 72
"""Text longer than this is written as a folded block (`>-`), wrapped to the line width."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text reads best as a literal block and a long line as a folded one, as in the
    # samples; PyYAML quotes the text instead when a block cannot hold it exactly. Only one line
    # is ever folded: folding text with line breaks or leading blanks loses some of them.
    if "\n" in value.strip("\n"):
        style: str | None = "|"
    elif len(value) > _LONG and "\n" not in value and not value[:1].isspace():
        style = ">"
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _text)


def scenario_yaml(data: dict[str, Any]) -> str:
    """Plain scenario data as block-style YAML text (UTF-8 characters written as themselves)."""
    with collector_paused():  # the emitter allocates a great deal and frees none of it meanwhile
        text = yaml.dump(
            data,
            Dumper=_BlockDumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=_WIDTH - 4,  # the lists' indentation, added afterwards, takes up to four columns
        )
    return _indent_lists(text)


_BLOCK_HEADER = re.compile(r"(?:^|[:\-] )[|>][0-9]?[+-]?[0-9]?$")
"""The end of a line that opens a literal or folded block (`key: |`, `- >-`)."""


def _indent_lists(text: str) -> str:
    """The emitter's YAML with every list that is a mapping's value indented under its key.

    The emitter writes such a list's dashes at the key's own indentation; each line inside one
    or more of them moves right by two columns per list. A block's text moves with the line that
    opens it (its lines are recognised by being indented deeper than that line), so no line of
    an author's text is ever read as structure.
    """
    lines = text.split("\n")
    out: list[str] = []
    lists: list[int] = []  # the indentation of each open list written at its key's indentation
    block: tuple[int, int] | None = None  # (indentation of the line that opened it, its shift)
    after_key: int | None = None  # indentation of a `key:` line with its value below it
    for line in lines:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block is not None:
            if not stripped or indent > block[0]:
                out.append(" " * block[1] + line if stripped else line)
                continue
            block = None
        if not stripped:
            out.append(line)
            continue
        item = stripped.startswith("- ") or stripped == "-"
        while lists and (lists[-1] > indent or (lists[-1] == indent and not item)):
            lists.pop()
        if item and after_key == indent and (not lists or lists[-1] != indent):
            lists.append(indent)
        shift = 2 * len(lists)
        out.append(" " * shift + line)
        # Where the line's last node starts: past its dashes (`- - key: value`).
        rest = stripped
        while rest.startswith("- "):
            rest = rest[2:]
        column = indent + len(stripped) - len(rest)
        after_key = column if rest.endswith(":") else None
        if _BLOCK_HEADER.search(stripped):
            # A block's text is indented deeper than the key that holds it, or than the dash
            # of the item it is.
            block = (column if rest[:1] not in "|>" else column - 2, shift)
    return "\n".join(out)
