"""Safe, located YAML reading for the rules file and scenarios.

Called by `tabletop.rules.loader` and `tabletop.scenario.loader`. It owns the
one YAML loader the project uses: libyaml's C parser with PyYAML's *safe*
constructor (never the full loader, so `!!python/...` tags are errors, never
executed), plus a check for duplicate mapping keys, which PyYAML would
otherwise resolve silently by keeping the last value.

The happy path parses a file once. Line numbers are recovered only when
something is wrong: `locate()` composes the text again and walks the node
tree along a validation error's location.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pydantic

import yaml

from tabletop.errors import Diagnostic

__all__ = ["YamlLoadError", "decode", "load", "locate", "validation_diagnostics"]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlLoadError(Exception):
    """The text could not be read as YAML; carries located diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(map(str, diagnostics)))


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing duplicate keys in a mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = key_node.value
            if key in seen:
                first = seen[key].start_mark
                raise _DuplicateKey(
                    None,
                    None,
                    f"duplicate key {key!r} (first defined at line {first.line + 1}); "
                    "YAML would silently keep only the last one: merge or rename them",
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_mapping)


def decode(data: bytes, path: str) -> str:
    """Decode a file's bytes as UTF-8 (a byte-order mark is accepted and dropped)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlLoadError(
            [
                Diagnostic(
                    path,
                    line,
                    column,
                    f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                )
            ]
        ) from None
    return text


def load(text: str, path: str) -> Any:
    """Parse `text` as one YAML document with the safe loader.

    Raises `YamlLoadError` with a located diagnostic on a syntax error, a
    duplicate key or an unsafe tag.
    """
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or str(exc)
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
            problem = f"{problem.strip()}; only plain YAML is allowed (no tags)"
        elif exc.context and not isinstance(exc, _DuplicateKey):
            problem = f"{problem} ({exc.context})"
        raise YamlLoadError([Diagnostic(path, line, column, problem)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reader errors without marks
        raise YamlLoadError([Diagnostic(path, 0, 0, str(exc))]) from None


def locate(text: str, loc: Sequence[str | int]) -> tuple[int, int]:
    """Return the 1-based (line, column) of the node at `loc` in `text`.

    `loc` is a path of mapping keys and sequence indices, as in a pydantic
    error. When the path leads to a key that is missing, the nearest existing
    parent is returned; a path into nothing returns (1, 1).
    """
    try:
        node = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return (1, 1)
    if node is None:
        return (1, 1)
    best = node.start_mark
    for step in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(step):
                    child = value_node
                    best = key_node.start_mark
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if 0 <= step < len(node.value):
                child = node.value[step]
                best = child.start_mark
        if child is None:
            break
        node = child
    return (best.line + 1, best.column + 1)


def validation_diagnostics(
    exc: "pydantic.ValidationError", text: str, path: str, model: type | None = None
) -> list[Diagnostic]:
    """Turn a pydantic validation error into located diagnostics, one per problem.

    Unknown keys get a "did you mean" from the fields `model` allows at that place.
    """
    import difflib

    diagnostics = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        line, column = locate(text, loc)
        if error["type"] == "extra_forbidden" and loc:
            where, message = loc[:-1], f"unknown key {loc[-1]!r}"
            allowed = _allowed_fields(model, loc[:-1]) if model else []
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            if close:
                message += f"; did you mean {close[0]!r}?"
            elif allowed:
                message += f"; allowed here: {', '.join(allowed)}"
        elif error["type"] == "missing" and loc:
            where, message = loc[:-1], f"missing required key {loc[-1]!r}"
        else:
            where, message = loc, error["msg"]
        prefix = ".".join(str(step) for step in where)
        diagnostics.append(Diagnostic(path, line, column, f"{prefix}: {message}" if prefix else message))
    return diagnostics


def _allowed_fields(model: type, loc: tuple) -> list[str]:
    """The field names the model allows at `loc` (a path of keys and indices)."""
    import typing

    from pydantic import BaseModel

    current: object = model
    for step in loc:
        if isinstance(step, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or step not in fields:
            return []
        annotation = fields[step].annotation
        current = _first_model(annotation, typing, BaseModel)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return sorted(fields) if fields else []


def _first_model(annotation: object, typing, base) -> type | None:
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    for arg in typing.get_args(annotation):
        found = _first_model(arg, typing, base)
        if found is not None:
            return found
    return None
