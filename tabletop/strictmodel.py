"""The one base of every data model read from a file: unknown keys are errors, values never change.

The rules file, scenarios and the session journal are all read into pydantic models built on
`StrictModel`: a misspelt key is reported instead of ignored (`extra="forbid"`), and a loaded
model cannot be changed by accident (`frozen`).

Each field is documented by the string right under it in the class body. `field_docs(Model)`
reads those docstrings and `documented_schema(Model)` makes the JSON Schema with each as its
field's description (`tabletop schema`, `tabletop report --schema`). They are read from the
source only when asked: pydantic's `use_attribute_docstrings` reads every model's source
file each time a model class is built, a seventh of a short command's start-up, for text that
only the schemas print.

`built(Model, values)` makes a model from values that were validated already (the fields of
another model): the session's fold and the report build one such record per event, tens of
thousands for a long session, where pydantic's `model_construct` costs more than reading the
event did.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
import textwrap
from collections.abc import Callable, Iterable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

__all__ = ["DocumentedSchema", "StrictModel", "built", "documented_schema", "field_docs", "maker"]


class StrictModel(BaseModel):
    """A frozen pydantic model that refuses unknown fields; each field documented by a docstring."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# -- field docstrings ---------------------------------------------------------


def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """Each field's docstring (the string right under its annotation), cleaned of its
    indentation (`inspect.cleandoc`), by field name; a field without one is left out.

    A field is documented where it is annotated: in the model itself, or in the nearest base
    class that annotates it. What pydantic's `use_attribute_docstrings` would give.
    """
    return dict(_field_docs(model))


@functools.cache
def _field_docs(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    for name in model.model_fields:
        for owner in model.__mro__:
            if name in inspect.get_annotations(owner):
                doc = _class_docstrings(owner).get(name)
                if doc is not None:
                    found[name] = doc
                break
    return tuple(found.items())


@functools.cache
def _class_docstrings(cls: type) -> dict[str, str]:
    """The attribute docstrings of one class's own body."""
    node = _class_node(cls)
    if node is None:
        return {}
    docs: dict[str, str] = {}
    for previous, statement in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(previous, ast.AnnAssign)
            and isinstance(previous.target, ast.Name)
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            docs[previous.target.id] = inspect.cleandoc(statement.value.value)
    return docs


def _class_node(cls: type) -> ast.ClassDef | None:
    """The class statement that made `cls`: found by its qualified name in its module's source
    (the last one, as at run time), else by `inspect` (a class made inside a function)."""
    module = _module_tree(cls.__module__)
    if module is not None and "<locals>" not in cls.__qualname__:
        scope: list[ast.stmt] = module.body
        node: ast.ClassDef | None = None
        for part in cls.__qualname__.split("."):
            node = next(
                (s for s in reversed(scope) if isinstance(s, ast.ClassDef) and s.name == part),
                None,
            )
            if node is None:
                break
            scope = node.body
        if node is not None:
            return node
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return None
    first = tree.body[0] if tree.body else None
    return first if isinstance(first, ast.ClassDef) else None


@functools.cache
def _module_tree(name: str) -> ast.Module | None:
    module = sys.modules.get(name)
    try:
        return ast.parse(inspect.getsource(module)) if module is not None else None
    except (OSError, TypeError, SyntaxError):
        return None


class DocumentedSchema(GenerateJsonSchema):
    """pydantic's JSON Schema generator, with each model field's docstring (`field_docs`) as its
    description where the field gives none of its own (`Field(description=...)`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._models: list[type[BaseModel]] = []

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        self._models.append(schema["cls"])
        try:
            return super().model_schema(schema)
        finally:
            self._models.pop()

    def model_fields_schema(self, schema: core_schema.ModelFieldsSchema) -> JsonSchemaValue:
        json_schema = super().model_fields_schema(schema)
        properties = json_schema.get("properties")
        if not self._models or not isinstance(properties, dict):
            return json_schema
        docs = field_docs(self._models[-1])
        for name, field in schema["fields"].items():
            doc = docs.get(name)
            key = next((k for k in (name, *_aliases(field)) if k in properties), None)
            if doc is None or key is None or "description" in properties[key]:
                continue
            # Placed as pydantic places a field's own description: before the title it makes from
            # the name (the order shows in a property named `default`, whose keys it leaves
            # unsorted), and beside a `$ref` only where the definition's differs.
            described = {k: v for k, v in properties[key].items() if k != "title"}
            described["description"] = doc
            if "title" in properties[key]:
                described["title"] = properties[key]["title"]
            properties[key] = self.handle_ref_overrides(described)
        return json_schema


def _aliases(field: core_schema.ModelField) -> tuple[str, ...]:
    found = (field.get("validation_alias"), field.get("serialization_alias"))
    return tuple(alias for alias in found if isinstance(alias, str))


def documented_schema(
    model: type[BaseModel], mode: Literal["validation", "serialization"] = "validation"
) -> dict[str, Any]:
    """`model.model_json_schema(mode=mode)` with every field's docstring as its description."""
    return model.model_json_schema(mode=mode, schema_generator=DocumentedSchema)


# -- records built from validated values ----------------------------------------


_Model = TypeVar("_Model", bound=BaseModel)
_REQUIRED = object()
"""Stands in a template for a field that has no default."""
_TEMPLATES: dict[type[BaseModel], tuple[dict[str, Any], frozenset[str], tuple[str, ...]] | None] = {}


def built(model: type[_Model], values: dict[str, Any]) -> _Model:
    """`model.model_construct(**values)` for values already validated, several times faster.

    The same object as `model_construct` makes: every field in the model's order, a default
    where `values` has none, and the fields given as the fields set. A model with field aliases,
    default factories, mutable defaults or a `model_post_init`, or values that are not all
    fields or leave a required one out, is built by `model_construct` itself. Values that give
    every field in the model's order (a record of an event is built so) are taken as they are:
    the dict becomes the model's own, so a caller hands over a fresh one and keeps no reference.
    """
    plan = _plan(model)
    if plan is None:
        return model.model_construct(**values)
    template, required, names = plan
    if len(values) == len(names) and tuple(values) == names:
        data = values
    else:
        data = {**template, **values}
        if len(data) != len(template) or not required.issubset(values):
            return model.model_construct(**values)
    return _made(model, data, values)


def maker(model: type[_Model], names: tuple[str, ...]) -> Callable[[dict[str, Any]], _Model]:
    """`built` for one model whose values always come as `names`, every field in the model's
    order (a dict literal in the caller): the plan is looked up and the names checked once, here,
    not for each record. Raises `TypeError` when `names` are not the model's fields in order or
    `built` could not stand in for `model_construct` (see there). A reader of a long journal makes
    one envelope per event."""
    plan = _plan(model)
    if plan is None or plan[2] != names:
        raise TypeError(f"{model.__name__} is not made from the fields {names}")
    return functools.partial(_made, model)


def _made(model: type[_Model], data: dict[str, Any], given: Iterable[str] | None = None) -> _Model:
    """What `model_construct` sets, through the slots' own setters (bound once: a long session
    makes one record per event): `data` as the fields, and `given` (`data`'s keys by default) as
    the fields set."""
    made = _new(model)
    _set(made, "__dict__", data)
    _set_fields_set(made, set(data if given is None else given))
    _set_extra(made, None)
    _set_private(made, None)
    return made


def _plan(model: type[BaseModel]) -> tuple[dict[str, Any], frozenset[str], tuple[str, ...]] | None:
    """`_template(model)`, made once per model."""
    if model not in _TEMPLATES:
        _TEMPLATES[model] = _template(model)
    return _TEMPLATES[model]


_new = object.__new__
_set = object.__setattr__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _template(model: type[BaseModel]) -> tuple[dict[str, Any], frozenset[str], tuple[str, ...]] | None:
    """Each field's default (or `_REQUIRED`), in the model's order, the required fields and every
    field's name in order; None when `built` cannot stand in for `model_construct` (see there)."""
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
    required = frozenset(name for name, value in template.items() if value is _REQUIRED)
    return template, required, tuple(template)
