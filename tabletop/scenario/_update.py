"""A scenario file changed to hold new data, its author's comments and layout kept where nothing changed.

Called by `tabletop msel import` when it writes into a scenario file that already exists: the
workbook gives the new data, and the file keeps its `# yaml-language-server` line, its comments,
its key order, its quotes and its block or flow style wherever the data is the same. This uses
ruamel.yaml's round-trip mode, which keeps comments beside the values they follow. Only the values
that changed are written anew, in the block style `scenario_yaml` writes; an inject (an objective,
a cell, a module) is matched by its id, so one moved, added or removed takes its comments with it.

`updated_scenario_text` refuses, with the reason (`UpdateRefused`), whatever it cannot keep
exactly: a text that is not a YAML mapping, that uses anchors and aliases, that includes other
files, that mixes kinds of line end, or whose layout the round trip would change even with no
data changed. A byte-order mark and Windows (CRLF) line ends are kept. The caller then
writes beside the file instead of over it. The caller also checks that the text returned
validates into the scenario meant (see `tabletop.msel.merge_into`).
"""

from __future__ import annotations

import datetime
import io
import re
import typing
from typing import Any

from pydantic import BaseModel

from tabletop.errors import InputError
from tabletop.scenario._dump import scenario_yaml
from tabletop.scenario._models import Scenario

__all__ = ["UpdateRefused", "updated_scenario_text"]


class UpdateRefused(InputError):
    """The file cannot take the new data with its comments and layout kept; `reason` says why."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


_INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (2, 4, 0), (3, 5, 2))
"""(mapping, sequence, dash offset) layouts tried, most common first: the samples' is the first."""
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s\[\]{},]")
_MISSING = object()


def _yaml(indent: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    handler = YAML(typ="rt", pure=True)
    handler.preserve_quotes = True
    handler.width = 4096  # never re-wrap a line the author wrote
    handler.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return handler


def _dump(handler: Any, data: Any) -> str:
    out = io.StringIO()
    handler.dump(data, out)
    return out.getvalue()


def updated_scenario_text(original: str, data: dict[str, Any]) -> str:
    """`original`, a scenario file's text, changed to hold `data` (plain scenario data, as
    `scenario_data` or an import gives it). Raises `UpdateRefused` with the reason when the
    comments and layout could not be kept."""
    # A byte-order mark and Windows line ends are the file's, as the author's editor saves it: the
    # round trip reads and writes `\n`, so the text is merged without them and given them back.
    bom = "\ufeff" if original.startswith("\ufeff") else ""
    original = original.removeprefix(bom)
    windows = "\r\n" in original
    if windows:
        if original.count("\n") != original.count("\r\n") or "\r" in original.replace("\r\n", ""):
            raise UpdateRefused(
                "its lines end in both the Windows way (CRLF) and another; save it with one kind of line end"
            )
        original = original.replace("\r\n", "\n")
    if _ANCHOR_OR_ALIAS.search(original) and _uses_anchors(original):
        raise UpdateRefused("it uses YAML anchors and aliases, which a merge could silently break")
    handler, document = _read(original)
    if not hasattr(document, "keys"):
        raise UpdateRefused("it does not hold a scenario (a mapping of keys)")
    if "include" in document:
        raise UpdateRefused("it includes other files, and the workbook holds the whole scenario as one")
    _merge_mapping(document, data, Scenario)
    merged = _dump(handler, document)
    return bom + (merged.replace("\n", "\r\n") if windows else merged)


def _uses_anchors(text: str) -> bool:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return any(
            isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) for event in yaml.parse(text, loader)
        )
    except yaml.YAMLError:
        return False


def _read(text: str) -> tuple[Any, Any]:
    """The round-trip handler whose dump gives `text` back exactly, and the document it read."""
    from ruamel.yaml.error import YAMLError

    for indent in _INDENTS:
        handler = _yaml(indent)
        try:
            document = handler.load(text)
        except (YAMLError, ValueError) as exc:
            raise UpdateRefused(f"it cannot be read as YAML ({str(exc).splitlines()[0]})") from None
        if document is None:
            raise UpdateRefused("it is empty")
        if _dump(handler, document) == text:
            return handler, document
    raise UpdateRefused("its layout is one a rewrite would change even where nothing changed")


# -- what the models say a missing key means --------------------------------------------------


def _field_type(model: Any, key: Any) -> Any:
    if isinstance(model, type) and issubclass(model, BaseModel):
        field = model.model_fields.get(key)
        return field.annotation if field is not None else None
    return None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation holds (`ExerciseInfo | None` gives ExerciseInfo), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        if isinstance(argument, type) and issubclass(argument, BaseModel):
            return argument
    return None


def _list_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a list's items (`list[Inject]` gives Inject), if any."""
    for argument in typing.get_args(annotation):
        if typing.get_origin(argument) is list:
            return _list_model(argument)
        if isinstance(argument, type) and issubclass(argument, BaseModel):
            return argument
    return None


def _default(model: Any, key: str) -> Any:
    if isinstance(model, type) and issubclass(model, BaseModel) and key in model.model_fields:
        field = model.model_fields[key]
        if not field.is_required():
            return field.get_default(call_default_factory=True)
    return _MISSING


# -- comparing and merging ---------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A round-trip value as plain data, to compare with the new data."""
    if hasattr(value, "items"):
        return {str(k) if isinstance(k, str) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    return value


def _same(old: Any, new: Any) -> bool:
    return bool(_plain(old) == _plain(new))


def _merge_mapping(old: Any, new: dict[str, Any], model: Any) -> None:
    """Change the round-trip mapping `old` in place to hold `new`."""
    for key in list(old.keys()):
        if key in new:
            continue
        default = _default(model, key)
        if default is not _MISSING and _same(old[key], default):
            continue  # `contingency: false` written out: the same data, kept as the author wrote it
        del old[key]
    previous = None
    for key, value in new.items():
        if key in old:
            if not _same(old[key], value):
                old[key] = _merged(old[key], value, _field_type(model, key))
        else:
            default = _default(model, key)
            if default is not _MISSING and _same(value, default):
                continue  # `role: player` where the author left the role out: the same data
            position = list(old.keys()).index(previous) + 1 if previous is not None else 0
            old.insert(position, key, _node(value))
        previous = key


def _merged(old: Any, new: Any, annotation: Any) -> Any:
    """`old` changed to `new`: in place where both are mappings or lists, else a new value."""
    if hasattr(old, "items") and isinstance(new, dict):
        _merge_mapping(old, new, _model_of(annotation))
        return old
    if isinstance(old, list) and isinstance(new, list):
        return _merge_list(old, new, _list_model(annotation))
    return _scalar(old, new)


def _merge_list(old: Any, new: list[Any], item_model: type[BaseModel] | None) -> Any:
    def ids(items: list[Any]) -> list[Any] | None:
        found = [item.get("id") if hasattr(item, "get") else None for item in items]
        return found if all(isinstance(i, str) for i in found) and len(set(found)) == len(found) else None

    old_ids, new_ids = ids(list(old)), ids(new)
    if old_ids is not None and new_ids is not None:
        # Injects, objectives, cells, modules: matched by id, so each keeps its comments.
        for index in reversed(range(len(old))):
            if old_ids[index] not in new_ids:
                del old[index]
        for position, item in enumerate(new):
            current = [entry.get("id") for entry in old]
            if item["id"] in current:
                at = current.index(item["id"])
                entry = old[at]
                if at != position:
                    del old[at]
                    old.insert(position, entry)
                if not _same(entry, item):
                    _merge_mapping(entry, item, item_model)
            else:
                old.insert(position, _like_siblings(_node(item), old))
        return old
    if len(old) == len(new):
        for index, item in enumerate(new):
            if not _same(old[index], item):
                old[index] = _merged(old[index], item, item_model) if item_model else _scalar(old[index], item)
        return old
    replaced = _node(new)
    if getattr(old, "fa", None) is not None and old.fa.flow_style():
        replaced.fa.set_flow_style()
    return replaced


def _like_siblings(item: Any, siblings: Any) -> Any:
    """A new item's lists in flow style (`to: [japan, us]`) where its siblings write them so."""
    for key, value in item.items():
        if isinstance(value, list) and hasattr(value, "fa"):
            flows = [
                entry[key].fa.flow_style()
                for entry in siblings
                if entry is not item and hasattr(entry, "get") and hasattr(entry.get(key), "fa")
            ]
            if flows and all(flows):
                value.fa.set_flow_style()
    return item


def _scalar(old: Any, new: Any) -> Any:
    """`new` written as `old` was (quoted the same way) when it is short text on one line."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(new, str) and "\n" not in new and len(new) <= 72:
        if isinstance(old, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(new)
        if isinstance(old, SingleQuotedScalarString):
            return SingleQuotedScalarString(new)
    return _node(new)


def _node(value: Any) -> Any:
    """`value` as a round-trip node in the samples' style (`scenario_yaml`'s: block lists,
    long text folded)."""
    if not isinstance(value, (dict, list, str)):
        return value
    handler = _yaml(_INDENTS[0])
    return handler.load(scenario_yaml({"value": value}))["value"]
