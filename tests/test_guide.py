"""The facilitator guide stays complete and true: its generated parts equal the code, every
command appears with a real example, and its worked example is a scenario that validates."""

from __future__ import annotations

import importlib.util
from types import ModuleType
import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from tabletop.cli import cli
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "facilitator_guide.md"
TEXT = GUIDE.read_text(encoding="utf-8")


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _blocks(language: str | None = None) -> list[tuple[str, str]]:
    """(language, body) of each fenced block of the guide."""
    return [
        (lang, body)
        for lang, body in re.findall(r"^```(\w*)\n(.*?)^```", TEXT, re.S | re.M)
        if language is None or lang == language
    ]


# --- generated parts ----------------------------------------------------------------------------


def test_generated_parts_equal_what_the_code_makes_now() -> None:
    reference = _script("guide_reference")
    assert reference.stale(TEXT) == [], "run: python scripts/guide_reference.py"


def test_the_drift_check_notices_a_changed_docstring(monkeypatch: pytest.MonkeyPatch) -> None:
    reference = _script("guide_reference")
    from tabletop import strictmodel
    from tabletop.scenario import Inject

    documented = strictmodel.field_docs

    def edited(model: type) -> dict[str, str]:
        docs = documented(model)
        return {**docs, "narrative": "Something else entirely."} if model is Inject else docs

    monkeypatch.setattr(strictmodel, "field_docs", edited)
    assert reference.stale(TEXT) == ["fields"]


def test_the_field_reference_names_every_field_of_every_model() -> None:
    import tabletop.scenario as models
    from tabletop.strictmodel import field_docs

    reference = _script("guide_reference")
    for name in reference.MODELS:
        docs = field_docs(getattr(models, name))
        for key in getattr(models, name).model_fields:
            assert f"| `{key}` |" in TEXT
            assert " ".join(docs[key].split()).replace("|", "\\|") in TEXT, f"{name}.{key}"


def test_the_scenario_format_s_field_reference_equals_what_the_code_makes_now() -> None:
    reference = _script("guide_reference")
    text = reference.FORMAT.read_text(encoding="utf-8")
    assert reference.stale(text, reference.DOCUMENTS[reference.FORMAT], reference.FORMAT) == [], (
        "run: python scripts/guide_reference.py"
    )


def test_the_field_reference_covers_every_model_an_author_writes() -> None:
    """A model added to the format (as a field's type) must be added to the reference too."""
    import typing

    from pydantic import BaseModel

    import tabletop.scenario as models

    reference = _script("guide_reference")
    found: set[str] = set()
    todo: list[type[BaseModel]] = [models.Scenario, models.ScenarioPart]
    while todo:
        model = todo.pop()
        if model.__name__ in found:
            continue
        found.add(model.__name__)
        for field in model.model_fields.values():
            stack = [field.annotation]
            while stack:
                annotation = stack.pop()
                if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                    todo.append(annotation)
                stack.extend(typing.get_args(annotation))
    assert found == set(reference.MODELS)


def _numbered_after(text: str, marker: str) -> list[str]:
    block = text.split(marker, 1)[1].strip().split("\n\n", 1)[0]
    return [re.sub(r"^\d+\. ", "", line) for line in block.splitlines()]


def test_the_standard_ground_rules_and_assumptions_are_the_ones_documented() -> None:
    from tabletop.scenario import STANDARD_ASSUMPTIONS, STANDARD_GROUND_RULES

    text = (ROOT / "docs" / "scenario_format.md").read_text(encoding="utf-8")
    assert _numbered_after(text, "<!-- standard ground rules -->") == list(STANDARD_GROUND_RULES)
    assert _numbered_after(text, "<!-- standard assumptions -->") == list(STANDARD_ASSUMPTIONS)


def test_the_diagram_is_the_machine_s() -> None:
    from tabletop.phases import PhaseMachine
    from tabletop.rules import load_rules

    diagrams = [body for _, body in _blocks("mermaid")]
    assert diagrams == [PhaseMachine(load_rules()).to_mermaid().rstrip() + "\n"]


# --- every command, with an example -------------------------------------------------------------


def _leaves(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if isinstance(command, click.Group) and command.list_commands(click.Context(command)):
            yield from _leaves(command, (*prefix, name))
            if getattr(command, "invoke_without_command", False):
                yield (*prefix, name)
        else:
            yield (*prefix, name)


def _examples() -> set[tuple[str, ...]]:
    """The command paths of every `tabletop ...` line in the guide's shell blocks."""
    found = set()
    for language, body in _blocks():
        if language not in ("sh", "console", ""):
            continue
        for line in body.splitlines():
            line = line.removeprefix("$ ")
            for piece in re.split(r"\s(?:&&|\||;)\s", line):
                words = shlex.split(piece.split(" #")[0]) if piece.strip().startswith("tabletop") else []
                words = [w for w in words[1:] if not w.startswith("-")] if words else []
                group: click.Command = cli
                path: tuple[str, ...] = ()
                for word in words:
                    found_command = (
                        group.get_command(click.Context(group), word) if isinstance(group, click.Group) else None
                    )
                    if found_command is None:
                        break
                    group = found_command
                    path = (*path, word)
                if path:
                    found.add(path)
    return found


@pytest.mark.parametrize("path", sorted(_leaves(cli)), ids=" ".join)
def test_every_command_appears_in_the_guide_with_an_example(path: tuple[str, ...]) -> None:
    assert path in _examples(), f"`tabletop {' '.join(path)}` has no example in a code block of the guide"


def test_the_guide_is_long_enough_to_be_complete() -> None:
    words = re.findall(
        r"[A-Za-z][\w'’-]*", re.sub(r"<!-- generated: (\w+) -->.*?<!-- end generated: \1 -->", "", TEXT, flags=re.S)
    )
    assert len(words) >= 2500


def test_every_image_the_guide_shows_exists() -> None:
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", TEXT)
    assert images
    for image in images:
        assert (GUIDE.parent / image).is_file(), image


# --- the worked example -------------------------------------------------------------------------


def _worked_example() -> str:
    marker = TEXT.index("<!-- worked example: strait_incident.yaml -->")
    found = re.search(r"```yaml\n(.*?)```", TEXT[marker:], re.S)
    assert found, "the worked example has no YAML block"
    return found.group(1)


@pytest.fixture
def exercise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exercises").mkdir()
    path = tmp_path / "exercises" / "strait_incident.yaml"
    path.write_text(_worked_example(), encoding="utf-8")
    return path


def test_the_worked_example_validates_strictly_and_plays_into_an_armed_attack(
    run_cli: RunCli, exercise: Path, tmp_path: Path
) -> None:
    status, out, err = run_cli("validate", "--strict", str(exercise))
    assert status == 0, out + err
    assert "1 valid, 0 invalid (0 errors, 0 warnings)" in err
    status, out, err = run_cli("dry-run", str(exercise), "--session-dir", str(tmp_path / "sessions"))
    assert status == 0, err
    status, out, _ = run_cli("status", out.strip(), "--format", "json")
    import json

    state = json.loads(out)
    assert state["phases"] == ["attack"]
    assert state["path"] == ["survey_ships", "mines_reported", "frigate_fires"]


def test_the_first_inject_alone_already_validates(run_cli: RunCli, tmp_path: Path) -> None:
    found = re.search(r"Write the first inject:\n\n```yaml\n(.*?)```", TEXT, re.S)
    assert found, "the guide shows no first inject"
    first = found.group(1)
    path = tmp_path / "first.yaml"
    path.write_text(first, encoding="utf-8")
    status, out, err = run_cli("validate", str(path))
    assert status == 0, out + err


def test_the_draft_s_mistakes_are_reported_as_the_guide_shows(run_cli: RunCli, exercise: Path) -> None:
    text = exercise.read_text(encoding="utf-8")
    text = text.replace("phase: emerging_threats", "phase: emerging_threat")
    text = text.replace("  - id: frigate_fires\n    title:", "  - id: frigate_fires\n    titel:")
    text = text.replace("cite: [IV.C.2.b.iii]", "cite: [IV.C.2.b.3]")
    (exercise.parent / "draft.yaml").write_text(text, encoding="utf-8")
    found = re.search(r"```console\n\$ tabletop validate exercises/draft.yaml\n(.*?)```", TEXT, re.S)
    assert found, "the guide shows no validation of the draft"
    sample = found.group(1)
    status, out, err = run_cli("validate", "exercises/draft.yaml")
    assert status == 1
    assert (out + err).splitlines() == sample.splitlines()


def test_the_key_table_names_every_key_of_the_console_with_what_it_does() -> None:
    from tabletop.tui.keys import KEYS

    table = TEXT[TEXT.index("| key | what it does |") :]
    table = table[: table.index("\n\n")]
    rows = {row.split("|")[1].strip(): row.split("|")[2].strip() for row in table.splitlines()[2:]}
    for key in KEYS:
        shown = key.display or key.keys.split(",")[0]
        assert any(f"`{shown}`" in cell for cell in rows), f"key {shown} ({key.help}) is not in the guide's table"
