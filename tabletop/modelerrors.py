"""A pydantic validation error turned into located diagnostics, in the words of the file's author.

Called by the loaders of every file a person writes against a model: the rules file and its term
bank (`tabletop.rules`), scenarios (`tabletop.scenario`) and MSEL import maps (`tabletop.msel`).
It owns how a model's complaint is said: an unknown key with the nearest allowed one, a value of
the wrong type with what was expected and how YAML read it ("put it in quotes"), a union of
"text or a mapping" reported once, a misspelt required key reported as the one mistake it is;
each located in the file through `tabletop.yamlsource.Locator`.
"""

from __future__ import annotations

import datetime
import re
import typing
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tabletop.errors import Diagnostic, Subject, ValueKind, close_matches, did_you_mean
from tabletop.yamlsource import Locator

if TYPE_CHECKING:
    import pydantic

__all__ = ["WRITTEN_DATE", "impossible_date", "validation_diagnostics"]

_Loc = tuple[str | int, ...]
"""A location in a model: keys and list indices."""


_TYPE_NAMES = {
    dict: "a mapping",
    list: "a list",
    str: "text",
    bool: "true/false",
    int: "a number",
    float: "a number",
    type(None): "nothing (null)",
    datetime.date: "a date",
    datetime.datetime: "a date and time",
}

_EXPECTED: dict[str, tuple[ValueKind, str]] = {
    "string_type": ("text", "text"),
    "bool_type": ("true/false", "true or false"),
    "bool_parsing": ("true/false", "true or false"),
    "list_type": ("list", "a list"),
    "dict_type": ("mapping", "a mapping"),
    "model_type": ("mapping", "a mapping"),
    "model_attributes_type": ("mapping", "a mapping"),
    "int_type": ("whole number", "a whole number"),
    "int_parsing": ("whole number", "a whole number"),
}
"""pydantic's type errors: the kind of value expected (`Subject.expected`), and how a message says it."""


_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}
"""A number out of its field's bounds: the bound's key in the error's context, and its words."""

_DATE_ERRORS = frozenset({"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"})
"""pydantic's ways of saying a value is not a date; the author is told the one format to write."""


def _describe(value: Any) -> str:
    for kind, name in _TYPE_NAMES.items():
        if type(value) is kind:
            return name
    return type(value).__name__


def validation_diagnostics(
    exc: pydantic.ValidationError,
    text: str,
    path: str,
    model: type | None = None,
    *,
    locator: Locator | None = None,
    name: Callable[[tuple[str | int, ...]], str | None] | None = None,
) -> list[Diagnostic]:
    """Turn a pydantic validation error into located diagnostics, one per problem.

    Unknown keys get a "did you mean" from the fields `model` allows at that
    place; type errors say what was expected and what was found. Union errors
    (one per alternative) are reported once per location. Each message starts
    with where the problem is: `name(where)` when it says it in the author's
    words (`inject 'landing'`), else the path of keys (`exercise.version`).
    """
    locator = locator or Locator(text)
    diagnostics: list[Diagnostic] = []
    seen: set[tuple[_Loc, str]] = set()
    errors = [
        _key_error(dict(error), locator)
        for error in exc.errors(include_url=False, include_context=True, include_input=True)
    ]
    # A union such as "text or a mapping" yields one error per alternative: keep the
    # alternative the author evidently meant (a mapping's errors for a mapping), else one line.
    plain_inputs: dict[_Loc, Any] = {}
    for error in errors:
        branch = _union_branch(tuple(error["loc"]))
        if branch is not None and not _MODEL_NAME.match(branch[1]):
            plain_inputs[branch[0]] = error.get("input")
    # A misspelt required key ("narative") is one mistake: report the unknown key with its
    # "did you mean", not also the missing key it was meant to be.
    misspelt: set[_Loc] = set()
    for error in errors:
        loc = _plain_loc(tuple(error["loc"]), keep_last=True)
        if error["type"] == "extra_forbidden" and loc and model is not None:
            close = close_matches(str(loc[-1]), _allowed_fields(model, loc[:-1]), n=1)
            if close:
                misspelt.add((*loc[:-1], close[0]))
    for error in errors:
        kind = error["type"]
        if kind == "missing" and _plain_loc(tuple(error["loc"])) in misspelt:
            continue
        branch = _union_branch(tuple(error["loc"]))
        if branch is not None and branch[0] in plain_inputs:
            value_is_mapping = isinstance(plain_inputs[branch[0]], dict)
            if _MODEL_NAME.match(branch[1]):
                if not value_is_mapping:
                    continue
            elif value_is_mapping:
                continue
            else:
                error = {**error, "type": "union_text_or_mapping"}
                kind = "union_text_or_mapping"
        loc = _plain_loc(tuple(error["loc"]), keep_last=kind in ("extra_forbidden", "key_not_text"))
        wanted: ValueKind | None = None
        if kind == "extra_forbidden" and loc:
            where = loc[:-1]
            message = f"unknown key {loc[-1]!r}"
            allowed = _allowed_fields(model, where) if model else []
            close = close_matches(str(loc[-1]), allowed, n=1)
            if close:
                message += did_you_mean(close)
            elif allowed:
                message += f"; allowed here: {', '.join(allowed)}"
            position = locator(loc)
        elif kind == "missing" and loc:
            where, message = loc[:-1], f"missing required key {loc[-1]!r}"
            position = locator(where)
        elif kind == "key_not_text":
            where = loc
            written = str(loc[-1]) if loc else _written(error["input"])
            message = (
                f"the key {written} is read by YAML as {_describe(error['input'])}; a key must be text: "
                f'put it in quotes: "{written}"'
            )
            position = locator(loc)
        elif kind == "union_text_or_mapping":
            where = loc
            wanted = "text or mapping"
            message = f"expected text or a mapping, found {_describe(error.get('input'))}"
            position = locator(loc)
        elif kind in _EXPECTED:
            where = loc
            wanted, said = _EXPECTED[kind]
            message = f"expected {said}, found {_describe(error.get('input'))}"
            value = error.get("input")
            if kind == "string_type" and type(value) in (int, float, bool):
                message += _quote_hint(value, locator.source(loc))
            elif kind == "list_type" and type(value) in (str, int, float):
                written = locator.source(loc) or str(value)
                message += f"; write it as a list: [{written}]"
            position = locator(loc)
        elif kind == "literal_error":
            where = loc
            expected = str(error.get("ctx", {}).get("expected", ""))
            allowed = re.findall(r"'([^']*)'", expected)
            value = error.get("input")
            closest = _closest_word(str(value), allowed) if isinstance(value, str) else None
            message = f"expected {expected}, found {value!r}" if expected else error["msg"]
            if closest:
                message += did_you_mean([closest])
            position = locator(loc)
        elif kind in _DATE_ERRORS:
            where = loc
            value = error.get("input")
            shown = locator.source(loc) or _written(value)
            wanted = "date"
            impossible = impossible_date(value)
            if impossible is not None:
                message = f"{shown} is not a date ({impossible}); write a real date as YYYY-MM-DD (e.g. 2030-04-01)"
            else:
                message = f"expected a date written YYYY-MM-DD (e.g. 2030-04-01), found {shown!r}"
            position = locator(loc)
        elif kind == "string_pattern_mismatch" and loc and loc[-1] == "id":
            where = loc
            message = (
                f"{error.get('input')!r} is not a valid id: use lower-case letters, digits, "
                "'_' and '-', starting with a letter or digit (e.g. 'ship-sighted')"
            )
            position = locator(loc)
        elif kind in _BOUNDS:
            where = loc
            limit = error.get("ctx", {}).get(_BOUNDS[kind][0])
            message = f"must be {_BOUNDS[kind][1]} {limit}, found {_written(error.get('input'))}"
            position = locator(loc)
        else:
            where, message = loc, error["msg"]
            if kind == "too_short" and isinstance(error.get("input"), list):
                message = "must not be empty"
            position = locator(loc)
        dedupe = (where, message)
        if dedupe in seen:
            continue
        seen.add(dedupe)
        prefix = (name(tuple(where)) if name is not None else None) or ".".join(str(step) for step in where)
        about = Subject(
            at=loc,
            named=tuple(where),
            problem=message,
            expected=wanted,
            found=error.get("input") if wanted is not None else None,
        )
        diagnostics.append(Diagnostic(path, *position, f"{prefix}: {message}" if prefix else message, about=about))
    return diagnostics


def _key_error(error: dict[str, Any], locator: Locator) -> dict[str, Any]:
    """A mapping key that YAML read as a date, a number or true/false, said in the author's words.

    pydantic names such a key by its Python repr (`datetime.date(2001, 1, 1)`) in the location,
    or by a number for true/false; the author wrote `2001-01-01` or `NO`, and that is what the
    location and the message must say.
    """
    loc = tuple(error["loc"])
    if not (error["type"] == "invalid_key" or (loc and loc[-1] == "[key]")):
        return error
    key = error.get("input")
    if isinstance(key, str):
        return error
    steps = [step for step in loc if step != "[key]"]
    named = next(
        (i for i in range(len(steps) - 1, -1, -1) if steps[i] == repr(key) or (steps[i] == key and type(key) is bool)),
        None,
    )
    written = _written(key)
    if named is not None:
        written = locator.key_source(steps[:named], key) or written
        steps[named] = written
    return {**error, "type": "key_not_text", "loc": tuple(steps)}


WRITTEN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""A date as people write one, YYYY-MM-DD (`date.fromisoformat` also takes 20300401 and week dates)."""


def impossible_date(value: Any) -> str | None:
    """Why text written YYYY-MM-DD (`2030-02-30`, quoted or not) is no date on the calendar (`day
    is out of range for month`); None when it is a date, or is not written as one."""
    if not isinstance(value, str) or WRITTEN_DATE.fullmatch(value.strip()) is None:
        return None
    try:
        datetime.date.fromisoformat(value.strip())
    except ValueError as exc:
        return str(exc)
    return None


def _written(value: Any) -> str:
    """A YAML scalar as it was most likely written in the file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _quote_hint(value: Any, source: str | None) -> str:
    """Why a value written as text was read as a number or true/false, and how to quote it."""
    if source is None:
        return " (put it in quotes)"
    read = {True: "true", False: "false"}.get(value) if isinstance(value, bool) else repr(value)
    if source != read:
        return f'; YAML reads {source} as {read}: put it in quotes: "{source}"'
    return f'; put it in quotes: "{source}"'


def _closest_word(word: str, allowed: list[str]) -> str | None:
    for candidate in allowed:
        if candidate.casefold() == word.strip().casefold():
            return candidate
    close = close_matches(word.casefold(), allowed, n=1)
    return close[0] if close else None


def _plain_loc(loc: _Loc, keep_last: bool = False) -> _Loc:
    """Drop the union-member labels pydantic inserts (`str`, `Question`, ...) from a location.

    Field names are lower-case, so a capitalised step is a model's name; the
    last step of an unknown-key error is the author's own key and is kept.
    """
    plain = []
    last = len(loc) - 1
    for index, step in enumerate(loc):
        if isinstance(step, str) and not (keep_last and index == last):
            if step in _UNION_LABELS or _MODEL_NAME.match(step):
                continue
        plain.append(step)
    return tuple(plain)


def _union_branch(loc: _Loc) -> tuple[_Loc, str] | None:
    """(location of the value, label of the alternative) when `loc` runs through a union."""
    for index, step in enumerate(loc):
        if isinstance(step, str) and index and isinstance(loc[index - 1], int):
            if step in _UNION_LABELS or _MODEL_NAME.match(step):
                return loc[:index], step
    return None


_UNION_LABELS = frozenset({"str", "int", "bool", "float", "list", "dict"})
_MODEL_NAME = re.compile(r"^[A-Z][A-Za-z]+$")


def _allowed_fields(model: type, loc: _Loc) -> list[str]:
    """The field names the model allows at `loc` (a path of keys and indices)."""
    from pydantic import BaseModel

    current: object = model
    for step in loc:
        if isinstance(step, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or step not in fields:
            return []
        current = _first_model(fields[step].annotation, BaseModel)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return sorted(fields) if fields else []


def _first_model(annotation: object, base: type) -> type | None:
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    for arg in typing.get_args(annotation):
        found = _first_model(arg, base)
        if found is not None:
            return found
    return None
