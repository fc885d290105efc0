"""The one base of every data model read from a file: unknown keys are errors, values never change.

The rules file, scenarios and the session journal are all read into pydantic models built on
`StrictModel`: a misspelt key is reported instead of ignored (`extra="forbid"`), a loaded
model cannot be changed by accident (`frozen`), and each field's docstring becomes its
description in the JSON Schema (`use_attribute_docstrings`).

`built(Model, values)` makes a model from values that were validated already (the fields of
another model): the session's fold and the report build one such record per event, tens of
thousands for a long session, where pydantic's `model_construct` costs more than reading the
event did.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = ["StrictModel", "built"]


class StrictModel(BaseModel):
    """A frozen pydantic model that refuses unknown fields and documents each field."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


_Model = TypeVar("_Model", bound=BaseModel)
_REQUIRED = object()
"""Stands in a template for a field that has no default."""
_TEMPLATES: dict[type[BaseModel], tuple[dict[str, Any], frozenset[str]] | None] = {}


def built(model: type[_Model], values: dict[str, Any]) -> _Model:
    """`model.model_construct(**values)` for values already validated, several times faster.

    The same object as `model_construct` makes: every field in the model's order, a default
    where `values` has none, and the fields given as the fields set. A model with field aliases,
    default factories, mutable defaults or a `model_post_init`, or values that are not all
    fields or leave a required one out, is built by `model_construct` itself.
    """
    try:
        plan = _TEMPLATES[model]
    except KeyError:
        plan = _TEMPLATES[model] = _template(model)
    if plan is None:
        return model.model_construct(**values)
    template, required = plan
    data = {**template, **values}
    if len(data) != len(template) or not required.issubset(values):
        return model.model_construct(**values)
    made = model.__new__(model)
    object.__setattr__(made, "__dict__", data)
    object.__setattr__(made, "__pydantic_fields_set__", set(values))
    object.__setattr__(made, "__pydantic_extra__", None)
    object.__setattr__(made, "__pydantic_private__", None)
    return made


def _template(model: type[BaseModel]) -> tuple[dict[str, Any], frozenset[str]] | None:
    """Each field's default (or `_REQUIRED`), in the model's order, and the required fields; None
    when `built` cannot stand in for `model_construct` (see there)."""
    if model.__pydantic_post_init__ or model.__pydantic_root_model__ or model.model_config.get("extra") == "allow":
        return None
    template: dict[str, Any] = {}
    for name, field in model.__pydantic_fields__.items():
        if field.alias not in (None, name) or field.validation_alias not in (None, name):
            return None
        if field.default_factory is not None:
            return None
        if field.is_required():
            template[name] = _REQUIRED
        elif isinstance(field.default, (str, int, float, bool, bytes, tuple, frozenset, type(None))):
            template[name] = field.default
        else:  # a default model_construct would copy for each model
            return None
    return template, frozenset(name for name, value in template.items() if value is _REQUIRED)
