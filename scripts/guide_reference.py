"""The parts of the facilitator guide and the scenario format that are generated, so that they cannot drift.

docs/facilitator_guide.md and docs/scenario_format.md hold blocks between
`<!-- generated: NAME -->` and `<!-- end generated: NAME -->` lines. Each is made here
from the code itself:

- `fields`: the scenario format's field reference, from the pydantic models' docstrings
  (the models `tabletop.scenario` exports), the same text `tabletop schema` gives an editor;
- `diagram`: the Mermaid state diagram of the phase machine (`tabletop phases --format mermaid`);
- `phases`: each phase with its region, how many clauses apply in it and what defines it.

    python scripts/guide_reference.py           # rewrite the blocks in both documents
    python scripts/guide_reference.py --check   # exit 1, naming the blocks, if any is out of date

tests/test_guide.py runs the check: a changed docstring, phase or transition fails the tests
until the documents are regenerated.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import re
import sys
import types
import typing
from pathlib import Path

from pydantic.fields import FieldInfo

from tabletop.atomicfile import atomic_write

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "facilitator_guide.md"
FORMAT = Path(__file__).resolve().parents[1] / "docs" / "scenario_format.md"

# The models an author writes, in the order a scenario file meets them.
MODELS = (
    "Scenario",
    "ExerciseInfo",
    "Objective",
    "Cell",
    "Module",
    "AgendaItem",
    "Contact",
    "Inject",
    "Question",
    "ExpectedAction",
    "Option",
    "ScenarioPart",
)


def _type_name(annotation: object) -> str:
    """A field's type in an author's words: text, yes/no, a list of ..., a mapping, one of ..."""
    origin = typing.get_origin(annotation)
    arguments = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in arguments)
    if origin is list:
        return f"list of {_type_name(arguments[0])}"
    if origin is dict:
        return f"mapping of {_type_name(arguments[0])} to {_type_name(arguments[1])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{value}`" for value in typing.get_args(annotation))
    names = {str: "text", bool: "true/false", int: "number", datetime.date: "date (YYYY-MM-DD)"}
    if annotation in names:
        return names[annotation]
    assert isinstance(annotation, type), annotation
    return f"[{annotation.__name__}](#{annotation.__name__.lower()})"


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    default = field.get_default(call_default_factory=True)
    if default in (None, [], {}):
        return "—"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    return f"`{default}`"


def fields() -> str:
    """The field reference: one table per model, each field with its type, default and docstring."""
    import tabletop.scenario as models
    from tabletop import strictmodel

    parts = []
    for name in MODELS:
        model = getattr(models, name)
        summary = " ".join((model.__doc__ or "").split())
        parts.append(f"#### {name}\n\n{summary}\n\n| field | type | default | what it is |\n|---|---|---|---|")
        docs = strictmodel.field_docs(model)
        for key, field in model.model_fields.items():
            description = " ".join(docs.get(key, "").split()).replace("|", "\\|")
            parts.append(f"| `{key}` | {_type_name(field.annotation)} | {_default(field)} | {description} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"


def diagram() -> str:
    from tabletop.phases import PhaseMachine
    from tabletop.rules import load_rules

    return f"```mermaid\n{PhaseMachine(load_rules()).to_mermaid().rstrip()}\n```\n"


def phases() -> str:
    from tabletop.rules import load_rules

    corpus = load_rules()
    rows = ["| phase | region | clauses that apply | defined by |", "|---|---|---|---|"]
    for phase in corpus.phases:
        defined = ", ".join(f"`{clause}`" for clause in phase.defined_by)
        rows.append(
            f"| `{phase.slug}`: {phase.title} | `{phase.region}` | "
            f"{len(corpus.applicable_ids([phase.slug]))} | {defined} |"
        )
    return "\n".join(rows) + "\n"


BLOCKS = {"fields": fields, "diagram": diagram, "phases": phases}

DOCUMENTS = {GUIDE: ("fields", "diagram", "phases"), FORMAT: ("fields",)}
"""Each document with generated blocks, and the blocks it holds."""


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated: {name} -->\n)(.*?)(<!-- end generated: {name} -->)", re.S)


def _replace(found: re.Match[str], made: str) -> str:
    return f"{found.group(1)}\n{made}\n{found.group(3)}"


def regenerate(text: str, names: tuple[str, ...] = DOCUMENTS[GUIDE], document: Path = GUIDE) -> str:
    """The document's text with every generated block it holds (`names`) made afresh."""
    for name in names:
        pattern = _pattern(name)
        if not pattern.search(text):
            raise SystemExit(f"{document.name}: no block `<!-- generated: {name} -->`")
        made = BLOCKS[name]()
        text = pattern.sub(functools.partial(_replace, made=made), text)
    return text


def stale(text: str, names: tuple[str, ...] = DOCUMENTS[GUIDE], document: Path = GUIDE) -> list[str]:
    """The names of the blocks whose text differs from what the code makes now."""
    fresh = regenerate(text, names, document)
    return [name for name in names if _block(name, text) != _block(name, fresh)]


def _block(name: str, text: str) -> str:
    found = _pattern(name).search(text)
    assert found is not None, f"no block `{name}`"
    return found.group(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Only say which blocks are out of date (exit 1).")
    arguments = parser.parse_args(argv)
    out_of_date = False
    for document, names in DOCUMENTS.items():
        text = document.read_text(encoding="utf-8")
        if arguments.check:
            for name in stale(text, names, document):
                out_of_date = True
                print(
                    f"{document}: the generated block '{name}' is out of date; run python scripts/guide_reference.py",
                    file=sys.stderr,
                )
            continue
        with atomic_write(document) as stream:
            stream.write(regenerate(text, names, document))
    return 1 if out_of_date else 0


if __name__ == "__main__":
    sys.exit(main())
