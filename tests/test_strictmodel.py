"""The models' field docstrings: read from the source only when a JSON Schema or a document asks,
and then exactly what pydantic's `use_attribute_docstrings` would have made of them."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import BaseModel

from tabletop.strictmodel import documented_schema, field_docs

ROOT = Path(__file__).resolve().parents[1]

# Shapes whose description pydantic places in different ways: a plain field, a field named
# `default` (whose keys the schema leaves unsorted), a model by `$ref` with and without a
# description of its own, an optional and a list of models, an explicit description that
# wins over the docstring, a field without a docstring, a docstring indented over several
# lines, fields inherited from a documented base, and a nested class.
MODELS = '''
from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from BASE_MODULE import BASE_CLASS as _Base


class Area(_Base):
    """Where it happens."""

    name: str
    """The area's name."""


class Documented(_Base):
    """A base that documents a field its subclasses inherit."""

    reference: str = ""
    """The exercise's reference,
        written as the programme office files it."""


class Situation(Documented):
    """A situation the room discusses."""

    model_config = ConfigDict(title="a situation")

    default: bool = False
    """Whether the default path takes it; otherwise the first."""
    area: Area
    """Where it happens."""
    other_area: Area
    """Another area, described in its own words."""
    maybe: Area | None = None
    """An area that may be left out."""
    areas: list[Area] = []
    """Every area touched."""
    kind: Literal["drill", "exercise"] = "drill"
    """What it is: `drill` or `exercise`."""
    explicit: int = Field(default=1, ge=1, description="Given to Field, not as a docstring.")
    """Never the description: the Field's wins."""
    undocumented: dict[str, bool] = {}
    tags: list[str] = Field(default=[], json_schema_extra={"examples": [["a"]]})
    """Tags, with examples."""

    class Note(_Base):
        """A note inside the situation."""

        text: str
        """What the note says."""

    note: Note | None = None
    """A note, of the nested class."""
'''

_PYDANTIC_BASE = """
from pydantic import BaseModel, ConfigDict


class DocumentedBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
"""


def _models(module: str, base: str) -> str:
    return MODELS.replace("BASE_MODULE", module).replace("BASE_CLASS", base)


def _module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str) -> ModuleType:
    path = tmp_path / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, name, module)  # as an imported module: its source can be found
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def twins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, ModuleType]:
    """The same models twice: on `StrictModel`, and on a base where pydantic reads the docstrings."""
    _module(tmp_path, monkeypatch, "documented_base", _PYDANTIC_BASE)
    ours = _module(tmp_path, monkeypatch, "ours", _models("tabletop.strictmodel", "StrictModel"))
    pydantic_s = _module(tmp_path, monkeypatch, "pydantic_s", _models("documented_base", "DocumentedBase"))
    return ours, pydantic_s


def test_the_schema_describes_each_field_exactly_as_pydantic_s_attribute_docstrings_do(
    twins: tuple[ModuleType, ModuleType],
) -> None:
    ours, pydantic_s = twins
    for mode in ("validation", "serialization"):
        made = documented_schema(ours.Situation, mode)
        expected = pydantic_s.Situation.model_json_schema(mode=mode)
        # The same text, byte for byte: key order included.
        assert json.dumps(made, indent=2) == json.dumps(expected, indent=2)
    properties = documented_schema(ours.Situation)["properties"]
    assert properties["default"]["description"] == "Whether the default path takes it; otherwise the first."
    assert properties["explicit"]["description"] == "Given to Field, not as a docstring."
    assert "description" not in properties["undocumented"]


def test_field_docs_are_the_docstrings_pydantic_would_read(twins: tuple[ModuleType, ModuleType]) -> None:
    ours, pydantic_s = twins
    for name in ("Area", "Documented", "Situation"):
        ours_model: type[BaseModel] = getattr(ours, name)
        theirs: type[BaseModel] = getattr(pydantic_s, name)
        expected = {
            key: field.description
            for key, field in theirs.model_fields.items()
            if field.description is not None and key != "explicit"
        }
        # `explicit` is described by its Field; its docstring is still its docstring.
        assert {key: doc for key, doc in field_docs(ours_model).items() if key != "explicit"} == expected
    assert field_docs(ours.Situation)["reference"] == (
        "The exercise's reference,\nwritten as the programme office files it."
    )
    assert field_docs(ours.Situation.Note) == {"text": "What the note says."}


def test_the_models_are_built_without_reading_their_source() -> None:
    code = (
        "import linecache\n"
        "import tabletop.scenario, tabletop.rules, tabletop.report, tabletop.session, tabletop.msel\n"
        "read = [name for name in linecache.cache if 'tabletop' in name]\n"
        "print(read)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_scenario_schema_describes_every_field_from_its_docstring() -> None:
    from tabletop.scenario import Inject, scenario_schema

    inject = scenario_schema()["$defs"]["Inject"]["properties"]
    for name, doc in field_docs(Inject).items():
        assert inject[name]["description"] == doc
