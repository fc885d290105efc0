"""The user documentation stays true to the program it documents.

README.md and docs/*.md promise commands, options, links and JSON fields.
These tests read the documents as a user would and check each promise
against the real command tree and the real output:

- every `tabletop ...` line in a fenced code block, and every command synopsis
  in a table or heading, parses against the click command tree (known
  command, known options, right number of arguments) without running it;
- every relative link points at an existing file, and at an existing
  heading when it names one; every document is reachable from the README;
- the README's "Set up" section holds exactly two commands;
- every JSON contract table (marked `<!-- contract: NAME -->`) lists exactly
  the keys the command prints, run in-process on a bundled sample;
- every `TABLETOP_*` variable named in the documents is one the program reads;
- every Python example runs, and every `$ tabletop ...` sample output in a
  console block is what the command prints.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest

from tabletop.cli import cli
from tests.conftest import RunCli

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SAMPLE = ROOT / "scenarios" / "southwest_islands.yaml"


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- reading Markdown ---------------------------------------------------------------------------

_FENCE = re.compile(r"^(```+|~~~+)\s*([\w-]*)")


@dataclass(frozen=True)
class CodeBlock:
    path: Path
    line: int  # 1-based line of the opening fence
    language: str
    lines: tuple[str, ...]


def code_blocks(path: Path) -> list[CodeBlock]:
    """The fenced code blocks of a Markdown file, in order."""
    blocks: list[CodeBlock] = []
    opened: str | None = None
    language, start = "", 0
    body: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fence = _FENCE.match(line.strip())
        if opened is None and fence:
            opened, language, start, body = fence.group(1), fence.group(2), number, []
        elif opened is not None and line.strip().startswith(opened):
            blocks.append(CodeBlock(path, start, language, tuple(body)))
            opened = None
        elif opened is not None:
            body.append(line)
    return blocks


def prose_lines(path: Path) -> list[str]:
    """The lines of a Markdown file outside fenced code blocks."""
    lines, inside = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        fence = _FENCE.match(line.strip())
        if inside is None and fence:
            inside = fence.group(1)
        elif inside is not None and line.strip().startswith(inside):
            inside = None
        elif inside is None:
            lines.append(line)
    return lines


# --- command lines in code blocks ---------------------------------------------------------------

_SUBSTITUTION = re.compile(r"\$\(([^()]*)\)")
_SHELL_SEPARATORS = re.compile(r"\s(?:&&|\|\||\||;|>>?|2>|<)\s")


def shell_commands(text: str) -> list[str]:
    """The simple commands of one shell line: `$(...)` contents, then each piece of a pipeline."""
    inner = _SUBSTITUTION.findall(text)
    text = _SUBSTITUTION.sub("SUBSTITUTED", text)
    text = re.sub(r"\s+#\s.*$", "", text)  # a trailing comment
    pieces = []
    for piece in [*inner, *_SHELL_SEPARATORS.split(f" {text} ")]:
        pieces.extend(_SHELL_SEPARATORS.split(f" {piece} "))
    return [piece.strip() for piece in pieces if piece.strip()]


def synopsis_to_example(command: str) -> str:
    """Turn a usage synopsis (`[--limit N]`, `TEXT...`, `text|json`) into a command that parses."""
    command = re.sub(r"\[(--?[\w-]+)(?: ([^\]]+))?\](?:\.\.\.|…)?", r"\1 \2", command)
    command = command.replace("[", "").replace("]", "")
    command = re.sub(r"(\S)(?:\.\.\.|…)(?=\s|$)", r"\1", command)
    command = re.sub(r"\b([\w-]+)(?:\\?\|[\w-]+)+", r"\1", command)
    return re.sub(r"(?<=\s)N(?=\s|$)", "1", command)  # a number placeholder


@dataclass(frozen=True)
class DocumentedCommand:
    where: str
    text: str
    argv: tuple[str, ...]
    partial: bool = False  # a heading may name a command without its arguments


def _command(where: str, command: str, partial: bool = False) -> DocumentedCommand | None:
    if command.split()[0] != "tabletop":
        return None
    example = synopsis_to_example(command) if "[" in command or "|" in command else command
    return DocumentedCommand(where, command, tuple(shlex.split(example)[1:]), partial)


def documented_commands() -> list[DocumentedCommand]:
    """Every `tabletop ...` invocation in the documents' code blocks, tables and headings.

    Tables and headings hold synopses in inline code (`tabletop cite --phase SLUG [--tag TAG] TEXT`);
    prose may quote part of a command, so it is not read.
    """
    found = []
    for path in DOCUMENTS:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.startswith(("|", "#")):
                for span in re.findall(r"`(tabletop [^`]+)`", line):
                    for piece in re.split(r"\s+/\s+", span.replace("\\|", "|")):
                        command = _command(f"{_name(path)}:{number}", piece, partial=line.startswith("#"))
                        if command:
                            found.append(command)
        for block in code_blocks(path):
            if block.language in {"yaml", "json", "python", "mermaid"}:
                continue
            for offset, raw in enumerate(block.lines, start=1):
                line = raw.strip()
                if block.language == "console":
                    if not line.startswith("$ "):
                        continue  # sample output
                    line = line[2:]
                for piece in shell_commands(line):
                    command = _command(f"{_name(path)}:{block.line + offset}", piece)
                    if command:
                        found.append(command)
    return found


def parse(argv: list[str], partial: bool = False) -> click.Context | None:
    """Parse a command line against the real command tree without running anything.

    Raises click's usage errors for an unknown command or option, a missing or
    surplus argument, a missing required option or an invalid choice; with
    `partial`, not for a missing argument or option (click reports those only
    after it has parsed every option).
    """
    try:
        return _parse(argv)
    except click.MissingParameter:
        if not partial:
            raise
        return None


def _parse(argv: list[str]) -> click.Context:
    context = cli.make_context("tabletop", list(argv))
    command: click.Command = cli
    while isinstance(command, click.Group):
        # click 8.2 renamed `protected_args` (the sub-command's name and arguments) to `_protected_args`.
        protected = getattr(context, "_protected_args", None)
        rest = [*(protected if protected is not None else context.protected_args), *context.args]
        if not rest:
            break
        name, found, rest = command.resolve_command(context, rest)
        assert name is not None and found is not None, rest
        command = found
        context = command.make_context(name, rest, parent=context)
    return context


COMMANDS = documented_commands()


def test_the_documents_show_commands() -> None:
    # Guards the extraction itself: if it silently found nothing, every test below would pass.
    assert len(COMMANDS) >= 40
    assert {command.argv[0] for command in COMMANDS if command.argv} >= {
        "clauses",
        "cite",
        "phases",
        "validate",
        "schema",
        "new",
        "scenarios",
        "dry-run",
        "status",
        "export",
        "import",
    }


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.where)
def test_documented_command_parses_against_the_command_tree(command: DocumentedCommand) -> None:
    try:
        parse(list(command.argv), command.partial)
    except click.exceptions.Exit as done:  # --help and --version stop parsing, successfully
        assert done.exit_code == 0
    except click.ClickException as error:
        pytest.fail(f"{command.where}: `{command.text}` does not parse: {error.format_message()}")


@pytest.mark.parametrize(
    "argv",
    [
        ["nosuch"],
        ["validate"],
        ["clauses", "show"],
        ["clauses", "show", "IV", "V"],
        ["cite", "missiles"],
        ["status", "x", "--frobnicate"],
        ["phases", "--format", "yaml"],
    ],
)
def test_command_line_check_rejects_what_the_program_rejects(argv: list[str]) -> None:
    with pytest.raises(click.UsageError):
        parse(argv)


@pytest.mark.parametrize("argv", [["nosuch"], ["clauses", "shw"], ["status", "--frobnicate"]])
def test_heading_check_still_rejects_unknown_commands_and_options(argv: list[str]) -> None:
    with pytest.raises(click.UsageError):
        parse(argv, partial=True)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('tabletop status "$(tabletop dry-run s.yaml)"', ["tabletop dry-run s.yaml", 'tabletop status "SUBSTITUTED"']),
        ("tabletop schema > x.json   # for editors", ["tabletop schema", "x.json"]),
        (
            "python -m venv v && . v/bin/activate && tabletop phases",
            ["python -m venv v", ". v/bin/activate", "tabletop phases"],
        ),
    ],
)
def test_shell_lines_are_split_into_commands(line: str, expected: list[str]) -> None:
    assert shell_commands(line) == expected


def test_synopsis_becomes_a_command_line() -> None:
    assert (
        synopsis_to_example("tabletop clauses search TEXT... [--phase SLUG]... [--limit N] [--format text|json]")
        == "tabletop clauses search TEXT --phase SLUG --limit 1 --format text"
    )


# --- environment variables ----------------------------------------------------------------------


def _envvars(command: click.Command) -> set[str]:
    names = {param.envvar for param in command.params if isinstance(param.envvar, str)}
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            names |= _envvars(sub)
    return names


def test_every_documented_environment_variable_is_read_by_the_program() -> None:
    documented = {name for path in DOCUMENTS for name in re.findall(r"\bTABLETOP_[A-Z_]+\b", path.read_text("utf-8"))}
    assert documented, "the documents name no TABLETOP_* variable"
    assert documented - _envvars(cli) == set(), "documented but never read by the program"


# --- links --------------------------------------------------------------------------------------

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def heading_anchors(path: Path) -> set[str]:
    """The anchors GitHub gives a file's headings (lower case, punctuation dropped, spaces to hyphens)."""
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose_lines(path):
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def relative_links() -> list[tuple[str, Path, str]]:
    links = []
    for path in DOCUMENTS:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            for target in _LINK.findall(line):
                if not re.match(r"[a-z][a-z0-9+.-]*:", target):
                    links.append((f"{_name(path)}:{number}", path, target))
    return links


LINKS = relative_links()


def test_the_documents_link_to_each_other() -> None:
    assert len(LINKS) >= 10


@pytest.mark.parametrize(("where", "source", "target"), LINKS, ids=[where for where, *_ in LINKS])
def test_relative_link_resolves(where: str, source: Path, target: str) -> None:
    file_part, _, anchor = target.partition("#")
    destination = (source.parent / file_part).resolve() if file_part else source
    assert destination.exists(), f"{where}: {target} points at a missing file"
    if anchor and destination.suffix == ".md":
        assert anchor in heading_anchors(destination), f"{where}: {target}: no such heading"


def test_every_document_is_reachable_from_the_readme() -> None:
    reached, queue = {ROOT / "README.md"}, [ROOT / "README.md"]
    while queue:
        source = queue.pop()
        for _, origin, target in LINKS:
            if origin == source and target.partition("#")[0].endswith(".md"):
                destination = (source.parent / target.partition("#")[0]).resolve()
                if destination not in reached and destination.exists():
                    reached.add(destination)
                    queue.append(destination)
    assert set(DOCUMENTS) - reached == set()


def test_anchor_slugs_follow_github() -> None:
    doc = ROOT / "docs" / "sample_scenarios.md"
    assert "southwest_islands--from-grey-zone-to-armed-attack" in heading_anchors(doc)


# --- the README's set-up section ----------------------------------------------------------------


def section(path: Path, title: str) -> list[str]:
    lines = path.read_text("utf-8").splitlines()
    start = lines.index(f"## {title}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def test_readme_set_up_has_exactly_two_commands() -> None:
    readme = ROOT / "README.md"
    text = "\n".join(section(readme, "Set up"))
    commands = [
        line
        for block in code_blocks(readme)
        if "\n".join(block.lines) in text
        for line in block.lines
        if line.strip() and not line.strip().startswith("#")
    ]
    assert len(commands) == 2, commands
    assert "pip install ." in commands[0] and "tabletop" in commands[0]
    assert "pip install '.[test]'" in commands[1] and "python -m pytest" in commands[1]


# --- JSON contracts -----------------------------------------------------------------------------
#
# Each contract is a Markdown table whose header is `| key | value |`: the first column names
# keys in backticks; a value cell may describe a nested object as `{a, b: [{c}]}` (the first
# backticked span starting with `{` or `[{`).


Shape = dict[str, "Shape | None"]
"""The keys of a JSON object, each with the shape of its value when that is an object (or a list of them)."""


def parse_shape(text: str) -> Shape:
    """`{a, b: {c}, d: [{e}]}` -> {"a": None, "b": {"c": None}, "d": {"e": None}}."""
    position = 0

    def skip() -> None:
        nonlocal position
        while position < len(text) and text[position] == " ":
            position += 1

    def value() -> Shape:
        nonlocal position
        skip()
        if text[position] == "[":
            position += 1
            inner = value()
            skip()
            assert text[position] == "]", text
            position += 1
            return inner
        assert text[position] == "{", text
        position += 1
        keys: Shape = {}
        while True:
            skip()
            found = re.match(r"\w+", text[position:])
            assert found, text
            name = found.group()
            position += len(name)
            skip()
            keys[name] = None
            if text[position] == ":":
                position += 1
                keys[name] = value()
                skip()
            if text[position] == "}":
                position += 1
                return keys
            assert text[position] == ",", text
            position += 1

    return value()


def contract_table(path: Path, marker: str) -> Shape:
    """The documented shape in the first `| key | value |` table after the line holding `marker`."""
    lines = path.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if marker in line)
    header = next(i for i in range(start, len(lines)) if re.match(r"\|\s*key\s*\|", lines[i]))
    shape: Shape = {}
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        key_cell, value_cell = [cell.strip() for cell in line.strip().strip("|").split("|", 1)]
        keys = re.findall(r"`(\w+)`", key_cell)
        nested = next(
            (span for span in re.findall(r"`([^`]+)`", value_cell) if span[:1] == "{" or span[:2] == "[{"), None
        )
        for key in keys:
            shape[key] = parse_shape(nested) if nested and len(keys) == 1 else None
    return shape


def real_shape(value: object) -> Shape | None:
    """The keys of a JSON value, recursively; list items are merged. None for scalars and empty lists."""
    if isinstance(value, list):
        shapes = [shape for shape in (real_shape(item) for item in value) if shape is not None]
        if not shapes:
            return None
        merged: Shape = {}
        for shape in shapes:
            for key, inner in shape.items():
                merged[key] = merged.get(key) or inner
        return merged
    if isinstance(value, dict):
        return {key: real_shape(inner) for key, inner in value.items()}
    return None


def assert_same_keys(documented: Shape, real: Shape, where: str = "") -> None:
    assert set(documented) == set(real), (
        f"{where or 'top level'}: documented but not printed {sorted(set(documented) - set(real))}; "
        f"printed but not documented {sorted(set(real) - set(documented))}"
    )
    for key, inner in documented.items():
        printed = real[key]
        if inner is not None and printed is not None:
            assert_same_keys(inner, printed, f"{where}.{key}".lstrip("."))
        elif inner is None and printed is not None:
            pytest.fail(f"{where}.{key}: prints an object whose keys are not documented")


@pytest.fixture(scope="module")
def sample_session(tmp_path_factory: pytest.TempPathFactory, run_cli_module: RunCli) -> str:
    folder = tmp_path_factory.mktemp("sessions")
    status, out, err = run_cli_module("dry-run", str(SAMPLE), "--session-dir", str(folder))
    assert status == 0, err
    return out.strip()


@pytest.fixture(scope="module")
def run_cli_module() -> RunCli:
    from click.testing import CliRunner

    from tabletop.cli import run_guarded

    def run(*args: str) -> tuple[int, str, str]:
        with CliRunner().isolation() as (out, err, *_):
            status = run_guarded(cli, list(args))
            return status, out.getvalue().decode(), err.getvalue().decode()

    return run


def _json(run: RunCli, *args: str) -> Any:
    status, out, err = run(*args)
    assert status == 0, err
    return json.loads(out)


CONTRACTS = {
    # name: (document, marker line before the table, command line; SESSION / SAMPLE substituted)
    "status": ("docs/sessions.md", "<!-- contract: status -->", ["status", "SESSION", "--format", "json"]),
    "cite": (
        "docs/citations.md",
        "<!-- contract: cite -->",
        ["cite", "--phase", "attack", "--tag", "missile_defense", "--cited", "VI", "--format", "json", "missile"],
    ),
    "clauses search": (
        "docs/citations.md",
        "<!-- contract: clauses search -->",
        ["clauses", "search", "--format", "json", "minesweeping"],
    ),
    "clauses": ("docs/corpus.md", "<!-- contract: clauses -->", ["clauses", "--format", "json"]),
    "clauses show": (
        "docs/corpus.md",
        "<!-- contract: clauses show -->",
        ["clauses", "show", "IV.C.2.b", "--format", "json"],
    ),
    "phases": ("docs/phases.md", "<!-- contract: phases -->", ["phases", "--format", "json"]),
    "scenarios": ("docs/sample_scenarios.md", "<!-- contract: scenarios -->", ["scenarios", "--format", "json"]),
    "validate": ("docs/scenario_format.md", "<!-- contract: validate -->", ["validate", "--format", "json", "SAMPLE"]),
    "report": ("docs/reports.md", "<!-- contract: report -->", ["report", "SESSION", "--format", "json"]),
    "sessions": (
        "docs/sessions.md",
        "<!-- contract: sessions -->",
        ["sessions", "--session-dir", "SESSION_DIR", "--format", "json"],
    ),
    "tags": ("docs/corpus.md", "<!-- contract: tags -->", ["tags", "--format", "json"]),
}


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_documented_json_contract_lists_the_printed_keys(
    name: str, run_cli_module: RunCli, sample_session: str
) -> None:
    document, marker, argv = CONTRACTS[name]
    argv = [sample_session if word == "SESSION" else str(SAMPLE) if word == "SAMPLE" else word for word in argv]
    argv = [str(Path(sample_session).parent) if word == "SESSION_DIR" else word for word in argv]
    documented = contract_table(ROOT / document, marker)
    if name == "clauses show":  # `show` prints a clause as `clauses` does, plus the keys of its own table
        documented = {**contract_table(ROOT / "docs/corpus.md", CONTRACTS["clauses"][1]), **documented}
    real = real_shape(_json(run_cli_module, *argv))
    assert real, f"{name}: the command printed nothing to compare"
    assert_same_keys(documented, real, name)


def test_contract_check_catches_a_missing_and_an_extra_key() -> None:
    with pytest.raises(AssertionError, match="printed but not documented"):
        assert_same_keys({"a": None}, {"a": None, "b": None})
    with pytest.raises(AssertionError, match="documented but not printed"):
        assert_same_keys({"a": {"x": None, "y": None}}, {"a": {"x": None}})


def test_shape_notation_parses_nested_objects_and_lists() -> None:
    assert parse_shape("{running, elapsed_seconds, pauses: [{paused_at, reason}]}") == {
        "running": None,
        "elapsed_seconds": None,
        "pauses": {"paused_at": None, "reason": None},
    }


# --- Python examples ----------------------------------------------------------------------------

PYTHON_EXAMPLES = [
    pytest.param(block, id=f"{_name(block.path)}:{block.line}")
    for path in DOCUMENTS
    for block in code_blocks(path)
    if block.language == "python"
]


def test_the_documents_show_python_examples() -> None:
    assert len(PYTHON_EXAMPLES) >= 4


@pytest.mark.parametrize("block", PYTHON_EXAMPLES)
def test_python_example_runs(
    block: CodeBlock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    # From a scratch folder holding the samples, so that sessions it starts land there.
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TABLETOP_SESSION_DIR", raising=False)
    if "TABLETOP_DATABASE_URL" in "\n".join(block.lines):  # an example of sessions in a database: a real one
        request.applymarker(pytest.mark.postgres)
        monkeypatch.setenv("TABLETOP_DATABASE_URL", request.getfixturevalue("database_url"))
    code = compile("\n".join(block.lines), f"{_name(block.path)}:{block.line}", "exec")
    exec(code, {"__name__": "doc_example"})


# --- sample output ------------------------------------------------------------------------------


def console_samples() -> list[object]:
    """(where, argv, expected output) for each `$ tabletop ...` line followed by its output."""
    samples: list[object] = []
    for path in DOCUMENTS:
        for block in code_blocks(path):
            if block.language != "console":
                continue
            for index, line in enumerate(block.lines):
                if not line.startswith("$ tabletop ") or "#" in line:
                    continue
                output = []
                for following in block.lines[index + 1 :]:
                    if following.startswith("$ "):
                        break
                    output.append(following.rstrip())
                argv = shlex.split(line[2:])[1:]
                # A sample run on the reader's own file (draft.yaml) cannot be replayed here.
                needs_own_file = any(
                    re.search(r"\.(ya?ml|jsonl|sqlite)$", word) and not (ROOT / word).exists() for word in argv
                )
                if output and not needs_own_file:
                    where = f"{_name(path)}:{block.line + index + 1}"
                    samples.append(pytest.param(argv, output, id=where))
    return samples


CONSOLE_SAMPLES = console_samples()


def test_the_documents_show_sample_output() -> None:
    assert len(CONSOLE_SAMPLES) >= 3


@pytest.mark.parametrize(("argv", "expected"), CONSOLE_SAMPLES)
def test_sample_output_is_what_the_command_prints(
    argv: list[str], expected: list[str], run_cli_module: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a sample's file names are relative to a scratch folder
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    _status, out, err = run_cli_module(*argv)
    printed = [line.rstrip() for line in (out + err).splitlines()]
    assert printed == expected
