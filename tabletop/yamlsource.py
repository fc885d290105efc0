"""Safe, bounded, located YAML reading for the rules file and scenarios.

Called by `tabletop.rules._loader` and `tabletop.scenario._loader` (and, to locate a
problem in a file, by `tabletop.modelerrors`). It owns the
one YAML loader the project uses: libyaml's C parser with PyYAML's *safe*
constructor (never the full loader, so `!!python/...` tags are errors, never
executed), plus a check for duplicate mapping keys, which PyYAML would
otherwise resolve silently by keeping the last value.

Hostile input is refused with a located message rather than a crash:

- files larger than `MAX_BYTES` are refused before they are read whole;
- invalid UTF-8 is reported at its line and column; a byte-order mark and
  CRLF line endings are accepted;
- nesting is bounded by libyaml (it refuses documents nested more than 1000
  levels), mappings and sequences are constructed without recursion, and a
  `RecursionError` from any other path is caught and reported;
- a date that does not exist (`2030-02-30`, which YAML's resolver takes for one) is read
  as the text written, as if quoted, so that it is reported where a date is expected,
  with the file's other problems, rather than stopping the parse;
- alias bombs ("billion laughs") are measured after construction with a
  memoised walk (linear in the distinct values) and refused when they would
  expand to more than `MAX_EXPANDED_VALUES` values. The walk only runs when
  the text can contain an anchor and an alias at all.

The happy path parses a file once. Line numbers are recovered only when
something is wrong: a `Locator` composes the text once more and walks the
node tree along each diagnostic's location.
"""

from __future__ import annotations

import gc
import math
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from tabletop.atomicfile import NotRegularFileError, read_regular
from tabletop.errors import Diagnostic

__all__ = [
    "Locator",
    "MAX_BYTES",
    "MAX_EXPANDED_VALUES",
    "NotRegularFileError",
    "YamlLoadError",
    "collector_paused",
    "decode",
    "load",
    "locate",
    "parser_version",
    "read_bytes",
]

MAX_BYTES = 16 * 1024 * 1024
"""The largest YAML file read at all (16 MiB): a 5,000-inject exercise is well under 5 MiB."""

MAX_EXPANDED_VALUES = 1_000_000
"""The most values a document may expand to once its aliases are followed."""

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# An anchor (`&name`) and an alias (`*name`) can only start after whitespace or
# a flow indicator; ordinary prose ("R&D", "**bold**") rarely looks like both.
_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s\[\]{},*]")


class YamlLoadError(Exception):
    """The text could not be read as YAML; carries located diagnostics.

    When the only trouble was tabs in the indentation, `read_anyway` holds what the text
    says with each tab indentation put right (and `respaced` that text), so that a caller
    can check the rest of the file instead of stopping at the tab.
    """

    def __init__(self, diagnostics: list[Diagnostic], read_anyway: Any = None, respaced: str | None = None) -> None:
        self.diagnostics = diagnostics
        self.read_anyway = read_anyway
        self.respaced = respaced
        super().__init__("\n".join(map(str, diagnostics)))


_BITS_PER_DIGIT = math.log2(10)


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing duplicate keys in a mapping.

    Only `construct_mapping` is replaced: the safe loader's own mapping
    constructor (a generator, so nested mappings are built without recursion)
    calls it for every mapping.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        pairs = node.value
        try:
            # The common case, checked at C speed: every key is a distinct scalar.
            if len({key_node.value for key_node, _ in pairs}) == len(pairs):
                mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
                return mapping
        except TypeError:  # a collection used as a key: fall through to the careful check
            pass
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
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
        checked: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return checked

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            value: int = super().construct_yaml_int(node)
            # Written in binary, octal or hexadecimal, a number is read whatever its length, and
            # then cannot be written in decimal (in a message, or a cache entry): refused alike.
            limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
            if limit and value.bit_length() > limit * _BITS_PER_DIGIT:
                raise ValueError(node.value)
            return value
        except ValueError:
            # Python refuses to convert more than 4,300 digits (a guard against slow conversions).
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a number of {len(node.value):,} characters is too long to read; "
                "put it in quotes if it is meant as text",
                node.start_mark,
            ) from None

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            # `2030-02-30` looks like a date to YAML, but is none: it is read as the text written,
            # as if quoted, so that a field expecting a date says so where it is, with every other
            # problem of the file (a parse error would hide them all).
            return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


@contextmanager
def collector_paused(*, then_freeze: bool = False) -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while a large document is built and checked.

    Reading a scenario creates hundreds of thousands of dicts, lists and model objects, all
    still alive when the read ends. Each allocation counts towards the collector's next run,
    and each run walks every live object of its generation: a 5,000-inject scenario (1.8 MB)
    triggered so many full walks that they cost more than the parse and the checks together
    (2.2 s of 3.1 s for 3,000 injects read back from an MSEL workbook, where the workbook's
    cells were alive too). Nothing built here is cyclic garbage, so nothing is lost by
    waiting; the collector resumes (when it was running) as the block ends, even on error.

    With `then_freeze`, for what lives as long as the process (a one-shot command's reading, a
    console's session), what is alive when the block ends without error is moved out of the
    collector's reach (`gc.freeze`) before it resumes: its first collections would otherwise walk
    all of it, for no garbage.
    """
    paused_here = gc.isenabled()  # when already paused by a caller, the caller resumes it
    if paused_here:
        gc.disable()
    try:
        yield
        if then_freeze:
            gc.freeze()
    finally:
        if paused_here:
            gc.enable()


def parser_version() -> str:
    """PyYAML's version and whether libyaml parses: what a remembered parse depends on."""
    return f"{yaml.__version__} libyaml={getattr(yaml, '__with_libyaml__', False)}"


def read_bytes(path: Path, shown: str, limit: int | None = None) -> bytes:
    """Read a file's bytes, refusing files larger than `limit` without reading them whole.

    Raises `OSError` as the operating system reports it (the caller decides
    whether that is a usage error), `NotRegularFileError` for anything but a
    regular file (a FIFO would otherwise block for ever), and `YamlLoadError`
    for an oversized file.
    """
    limit = MAX_BYTES if limit is None else limit
    data = read_regular(path, limit)
    if len(data) > limit:
        raise YamlLoadError(
            [Diagnostic(shown, 0, 0, f"file is larger than the {_megabytes(limit)} limit; split it with `include:`")]
        )
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB"


def decode(data: bytes, path: str) -> str:
    """Decode a file's bytes as UTF-8 (a byte-order mark is accepted and dropped)."""
    encoding = _utf16(data)
    if encoding is not None:
        raise YamlLoadError(
            [
                Diagnostic(
                    path,
                    1,
                    1,
                    f"the file is saved as {encoding}, not UTF-8; save it again choosing the "
                    "UTF-8 encoding (in Notepad: File > Save as > Encoding: UTF-8)",
                )
            ]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        prefix = data[line_start:start].decode("utf-8", errors="replace")
        if line == 1:
            prefix = prefix.removeprefix("\ufeff")
        raise YamlLoadError(
            [
                Diagnostic(
                    path,
                    line,
                    len(prefix) + 1,
                    f"invalid UTF-8 (byte 0x{data[start]:02x}); save the file as UTF-8",
                )
            ]
        ) from None


def _utf16(data: bytes) -> str | None:
    """The name of the UTF-16 or UTF-32 encoding `data` is in (by its byte-order mark, or by the
    zero bytes ASCII text has in them), or None."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32 (little-endian)" if data[:1] == b"\xff" else "UTF-32 (big-endian)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 (little-endian)" if data[:1] == b"\xff" else "UTF-16 (big-endian)"
    head = data[:64]
    if len(head) >= 8 and len(head) % 4 == 0 and head.count(0) * 4 >= len(head) * 3 - 3:
        if all(head[i + 1 : i + 4] == b"\x00\x00\x00" for i in range(0, len(head), 4)):
            return "UTF-32 (little-endian)"
        if all(head[i : i + 3] == b"\x00\x00\x00" for i in range(0, len(head), 4)):
            return "UTF-32 (big-endian)"
    if len(head) >= 4 and head.count(0) * 2 >= len(head) - 1:
        if all(byte == 0 for byte in head[1::2]):
            return "UTF-16 (little-endian)"
        if all(byte == 0 for byte in head[0::2]):
            return "UTF-16 (big-endian)"
    return None


def load(text: str, path: str, *, max_values: int = MAX_EXPANDED_VALUES) -> Any:
    """Parse `text` as one YAML document with the safe loader.

    Raises `YamlLoadError` with a located diagnostic on a syntax error, a
    duplicate key, an unsafe tag, a document nested too deeply or an alias bomb.
    """
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        tabbed = mark is not None and "\t" in _indentation(_line_at(text, mark))
        if "tab character" in str(exc.problem) or tabbed:
            raise _tab_error(text, path, max_values, exc) from None
        raise YamlLoadError([_marked_diagnostic(exc, text, path)]) from None
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise YamlLoadError(
            [
                Diagnostic(
                    path,
                    line,
                    column,
                    f"character U+{ord(character):04X} is not allowed in YAML "
                    "(control characters cannot appear in a scenario, even in quotes)",
                )
            ]
        ) from None
    except RecursionError:
        raise YamlLoadError([Diagnostic(path, 0, 0, "the document is nested too deeply to read")]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml errors without marks
        raise YamlLoadError([Diagnostic(path, 0, 0, str(exc).replace("\n", " "))]) from None
    ampersand = text.find("&")
    if ampersand >= 0 and _ANCHOR.search(text, max(ampersand - 1, 0)) and _ALIAS.search(text):
        _check_expansion(data, path, max_values)
    return data


_TAB_INDENT = re.compile(r"^([ \t]*\t[ \t]*)(\S?)", re.MULTILINE)


def _tab_error(text: str, path: str, max_values: int, exc: yaml.MarkedYAMLError) -> YamlLoadError:
    """One message per line indented with a tab, and the file read with spaces in their place.

    Each tab indentation becomes the indentation the line evidently means: that of the line
    above, or deeper by two after a line that opens a mapping (`key:`) or a list entry. If the
    text then reads, the caller checks everything else in it; if not, the tabs are what is said.
    """
    lines = text.split("\n")
    diagnostics = []
    for number, line in enumerate(lines):
        leading = _indentation(line)
        if "\t" not in leading or not line.strip():
            continue
        diagnostics.append(
            Diagnostic(
                path,
                number + 1,
                leading.index("\t") + 1,
                "this line is indented with a tab; YAML indents with spaces only: replace the tab with spaces",
            )
        )
        lines[number] = " " * _meant_indent(lines, number) + line.lstrip(" \t")
    if not diagnostics:  # the tab is somewhere else than in an indentation: say what YAML says
        return YamlLoadError([_marked_diagnostic(exc, text, path)])
    respaced = "\n".join(lines)
    try:
        read_anyway = load(respaced, path, max_values=max_values)
    except YamlLoadError:
        return YamlLoadError(diagnostics)
    return YamlLoadError(diagnostics, read_anyway, respaced)


def _indentation(line: str) -> str:
    """The spaces and tabs a line begins with."""
    return line[: len(line) - len(line.lstrip(" \t"))]


def _meant_indent(lines: list[str], number: int) -> int:
    """The indentation a tab-indented line evidently means, from the line above it."""
    for above in range(number - 1, -1, -1):
        content = lines[above]
        if not content.strip() or content.lstrip().startswith("#"):
            continue
        indent = len(content) - len(content.lstrip(" "))
        entry = re.match(r" *- +", content)
        if content.rstrip().endswith(":"):
            return (len(entry.group()) if entry else indent) + 2
        return len(entry.group()) if entry else indent
    return 0


def _marked_diagnostic(exc: yaml.MarkedYAMLError, text: str, path: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = (exc.problem or str(exc)).strip()
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
        problem = f"{problem}; only plain YAML is allowed (no tags such as !!python/...)"
    elif "maximum nesting depth" in problem:
        problem = "the document is nested too deeply (libyaml refuses more than 1000 levels)"
    elif exc.context == "expected a single document in the stream":
        problem = (
            "a second YAML document starts here; a file holds one document: remove this `---` line and what follows"
        )
    elif exc.context and not isinstance(exc, _DuplicateKey):
        problem = f"{problem} ({exc.context})"
    if "tab character" in problem:
        problem += "; indent with spaces"
    elif mark is not None and not isinstance(exc, (_DuplicateKey, yaml.constructor.ConstructorError)):
        unclosed = _unclosed_quote(text, mark)
        if unclosed is not None:
            return Diagnostic(
                path,
                unclosed[0],
                unclosed[1],
                f"this quoted text is never closed: add the closing {unclosed[2]} at the end of "
                f"the value (YAML read on to line {line} looking for it)",
            )
        after_quote = _text_after_quote(text, mark) if "did not find expected" in problem else None
        if after_quote is not None:
            return Diagnostic(path, line, column, f"{problem}; {after_quote}")
        opened = exc.context_mark
        if (
            ("expected ',' or ']'" in problem or "expected ',' or '}'" in problem)
            and opened is not None
            and opened.line < mark.line
        ):
            opener, closer = ("[", "]") if "]" in problem else ("{", "}")
            return Diagnostic(
                path,
                opened.line + 1,
                opened.column + 1,
                f"this `{opener}` is never closed: add `{closer}` at the end (YAML read on to "
                f"line {line} looking for it); quote items that contain `,` or `: `",
            )
        previous = _previous_line(text, mark)
        if previous is not None:
            number, content = previous
            dash = re.match(r"(\s*)-[^\s-]", content)
            no_space = re.match(r"(\s*(?:-\s+)?[^\s:#'\"]+:)[^\s:/]", content)
            if dash and ("mapping values" in problem or "expected key" in problem or "expected ':'" in problem):
                return Diagnostic(
                    path,
                    number,
                    len(dash.group(1)) + 1,
                    "a list entry needs a space after the `-` (write `- " + content.strip()[1:] + "`)",
                )
            if no_space and ("expected ':'" in problem or "mapping values" in problem):
                return Diagnostic(
                    path, number, len(no_space.group(1)) + 1, "a key needs a space after its `:` (write `key: value`)"
                )
        problem += _syntax_hint(problem, text, mark, exc)
    return Diagnostic(path, line, column, problem)


def _previous_line(text: str, mark: Any) -> tuple[int, str] | None:
    """The 1-based number and text of the last non-blank, non-comment line before the error's line."""
    lines = text.splitlines()
    for number in range(min(mark.line, len(lines)) - 1, -1, -1):
        content = lines[number]
        if content.strip() and not content.lstrip().startswith("#"):
            return number + 1, content
    return None


def _line_at(text: str, mark: Any) -> str:
    lines = text.splitlines()
    return lines[mark.line] if 0 <= mark.line < len(lines) else ""


def _syntax_hint(problem: str, text: str, mark: Any, exc: yaml.MarkedYAMLError) -> str:
    """What to do about one of libyaml's syntax errors, judged from the line it points at."""
    line = _line_at(text, mark)
    stripped = line.lstrip()
    here = line[mark.column : mark.column + 1]
    if "cannot start any token" in problem:
        if here == "\t":
            return "; YAML indents with spaces, not tabs"
        if here in ("`", "@", "%"):
            return f"; text that starts with {here} must be quoted: put the whole value in quotes"
        return "; put the value in quotes"
    if re.match(r"-[^\s-]", stripped):
        return "; a list entry needs a space after the `-`"
    key_value = re.match(r"(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s+(\S.*)$", line)
    if (
        "mapping values are not allowed" in problem
        and key_value
        and mark.column > len(key_value.group(1)) + len(key_value.group(2))
    ):
        value = key_value.group(3).strip()
        quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return (
            f"; text containing ': ' must be quoted: {key_value.group(2)}: {quoted}"
            " (or, if this is meant as a new key, put it on its own line)"
        )
    if "mapping values are not allowed" in problem:
        previous = _previous_line(text, mark)
        above = re.match(r"(\s*(?:-\s+)?)[^\s:#-][^:#]*:\s", previous[1]) if previous else None
        indent = len(line) - len(stripped)
        if above and indent > len(above.group(1)):
            return (
                f"; this key is indented {indent} spaces but the key above it {len(above.group(1))}: "
                "align it with the keys of its mapping"
            )
        return "; this line is indented more than the key above it, or a value needs quotes"
    if "could not find expected ':'" in problem:
        if re.match(r"(?:-\s+)?[^\s:]+:[^\s]", stripped):
            return "; put a space after the `:` of a key (key: value)"
        return "; a key needs `:` after it, or this line continues the one above and is indented wrongly"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        context = exc.context_mark
        opener = "[" if "]" in problem else "{"
        closer = "]" if opener == "[" else "}"
        where = f" on line {context.line + 1}" if context is not None else ""
        return f"; the `{opener}`{where} is not closed: add `{closer}`, and quote items that contain `,` or `: `"
    if re.match(r"[^\s:#-][^:#]*:(?:\s|$)", stripped) and ("expected key" in problem or "expected '-'" in problem):
        previous = _previous_line(text, mark)
        if previous is not None:
            above = re.match(r"(\s*(?:-\s+)?)[^\s:#-][^:#]*:(?:\s|$)", previous[1])
            indent = len(line) - len(stripped)
            dash = above.group(1).find("-") if above else -1
            if above and dash == indent:
                return (
                    f"; this key lines up with the `-` of the list entry above it: indent it by "
                    f"{len(above.group(1)) - indent} more to add it to that entry, or remove that `-` "
                    "if a mapping (not a list) is meant here"
                )
            if above and len(above.group(1)) != indent:
                return (
                    f"; this key is indented {indent} spaces but the key above it {len(above.group(1))}: "
                    "align it with the keys of its mapping"
                )
    if stripped.startswith("- ") and ("expected key" in problem or "expected '-'" in problem):
        return "; a list entry (`- `) cannot stand among the keys of a mapping: indent it under its key, or check the line above"
    if "expected '-' indicator" in problem:
        return (
            "; this line should be another list entry (`- ...`) at this indentation: "
            "indent it as the keys of the entry above, or check that entry's `-`"
        )
    if "expected key" in problem:
        return "; this line is not indented like the keys above it: align it with them"
    if "end of stream" in problem:
        return "; a quote or bracket opened earlier is never closed"
    return ""


def _text_after_quote(text: str, mark: Any) -> str | None:
    """What to do when the error is text right after a quoted value's closing quote on its line
    (`narrative: "He said "go" now"`: the value ended at the quote before `go`), or None.

    The author meant the quote as part of the text: the advice names the quotes that can hold
    it, with the value rewritten when it runs to the end of the line.
    """
    last: Any = None
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if not isinstance(last, yaml.ScalarToken) or last.style not in ('"', "'"):
        return None
    end = last.end_mark
    if end.line != mark.line or text[end.index : mark.index].strip(" \t"):
        return None
    line = _line_at(text, mark)
    written = line[last.start_mark.column :].rstrip() if last.start_mark.line == mark.line else ""
    lead = line[: last.start_mark.column].strip() if last.start_mark.line == mark.line else ""
    example = ""
    if len(written) >= 2 and written.endswith(last.style) and not re.search(r"[\[\]{},]", lead):
        # The value runs to the end of the line, outside brackets: it can be shown rewritten.
        rewritten = "'" + written[1:-1].replace("'", "''") + "'"
        example = f" ({lead} {rewritten})" if lead else f" ({rewritten})"
    if last.style == '"':
        return (
            'there is text after the closing quote: a value in double quotes ends at its second `"`; '
            f"for text holding double quotes, put the whole value in single quotes instead{example}, "
            "or write it as a block scalar (`|`, then the text on the lines below, indented)"
        )
    return (
        "there is text after the closing quote: a value in single quotes ends at its second `'`; "
        f"for an apostrophe inside it, write it twice{example}, or put the whole value in double quotes"
    )


def _unclosed_quote(text: str, mark: Any) -> tuple[int, int, str] | None:
    """(line, column, quote) of a quoted value that runs over several lines up to a syntax error.

    An author who forgets a closing quote gets an error many lines later, where
    YAML finally gives up; the quote that was never closed is the mistake.
    """
    last: Any = None
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.style not in ('"', "'") or last.start_mark.line == last.end_mark.line:
        return None
    body = text[last.start_mark.index : last.end_mark.index]
    # A closing quote that a key follows (`...\n  key: "`) marks the run-on value.
    if not re.search(r"\n[ \t]*[A-Za-z_][\w-]*:\s", body):
        return None
    return (last.start_mark.line + 1, last.start_mark.column + 1, last.style)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def _check_expansion(data: Any, path: str, limit: int) -> None:
    """Refuse a document whose aliases expand it beyond `limit` values, or that refers to itself.

    Each distinct container is visited once (memoised by identity), so the
    walk is linear in the text even when the expansion is exponential.
    """
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(data, False)]
    while stack:
        value, children_done = stack.pop()
        if not isinstance(value, (dict, list)):
            continue
        key = id(value)
        if children_done:
            items = value.values() if isinstance(value, dict) else value
            total = 1 + len(value)
            for item in items:
                if isinstance(item, (dict, list)):
                    total += sizes[id(item)] - 1
            in_progress.discard(key)
            sizes[key] = total
            if total > limit:
                raise YamlLoadError(
                    [
                        Diagnostic(
                            path,
                            0,
                            0,
                            f"aliases expand this document to more than {limit:,} values "
                            "(an alias bomb?); write the values out or use fewer aliases",
                        )
                    ]
                )
            continue
        if key in sizes:
            continue
        if key in in_progress:
            raise YamlLoadError(
                [Diagnostic(path, 0, 0, "an alias refers to a value that contains it (a recursive document)")]
            )
        in_progress.add(key)
        stack.append((value, True))
        items = value.values() if isinstance(value, dict) else value
        for item in items:
            if isinstance(item, (dict, list)):
                stack.append((item, False))


class Locator:
    """Finds the line and column of a location (a path of keys and indices) in one text.

    The text is composed once, on first use, and only when a diagnostic needs
    a position: the happy path never pays for it.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False
        self._entries: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
        """Each mapping's entries by key, built on first use: locating many keys of one large
        mapping (every field of a --map file misspelt) costs time in proportion to their number."""

    def _entry(self, mapping: yaml.MappingNode, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
        """The first (key node, value node) of `mapping` whose key is `step`."""
        entries = self._entries.get(id(mapping))
        if entries is None:
            entries = {}
            for key_node, value_node in mapping.value:
                if isinstance(key_node, yaml.ScalarNode):
                    entries.setdefault(key_node.value, (key_node, value_node))
            self._entries[id(mapping)] = entries
        return entries.get(str(step))

    def _compose(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_BaseLoader)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        return self._root

    def source(self, loc: Sequence[str | int]) -> str | None:
        """The text of the plain scalar at `loc` exactly as written, or None when it is not one."""
        node = self._compose()
        for step in loc:
            if isinstance(node, yaml.MappingNode):
                found = self._entry(node, step)
                node = found[1] if found is not None else None
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                return None
        if not isinstance(node, yaml.ScalarNode) or node.style:
            return None
        start, end = getattr(node.start_mark, "index", None), getattr(node.end_mark, "index", None)
        if start is None or end is None:
            return str(node.value)
        return self._text[start:end]

    def key_source(self, loc: Sequence[str | int], key: Any) -> str | None:
        """The text of the plain key of the mapping at `loc` that YAML reads as `key` (`NO` for
        false), or None when there is none."""
        node = self._compose()
        for step in loc:
            if isinstance(node, yaml.MappingNode):
                node = next(
                    (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(step)),
                    None,
                )
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                node = node.value[step]
            else:
                return None
        if not isinstance(node, yaml.MappingNode):
            return None
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and not key_node.style:
                try:
                    read = yaml.load(key_node.value, Loader=_BaseLoader)
                except yaml.YAMLError:
                    continue
                if type(read) is type(key) and read == key:
                    return str(key_node.value)
        return None

    def __call__(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """The 1-based (line, column) of the node at `loc`.

        A mapping entry is located at its key; with `key=False` a scalar value
        is located at the value itself. A path into nothing returns the nearest
        existing parent, and (1, 1) for an empty document.
        """
        node = self._compose()
        if node is None:
            return (1, 1)
        best = node.start_mark
        for step in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                found = self._entry(node, step)
                if found is not None:
                    best, child = found[0].start_mark, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if 0 <= step < len(node.value):
                    child = node.value[step]
                    best = child.start_mark
            if child is None:
                break
            node = child
        return (best.line + 1, best.column + 1)


def locate(text: str, loc: Sequence[str | int]) -> tuple[int, int]:
    """Return the 1-based (line, column) of the node at `loc` in `text` (see `Locator`)."""
    return Locator(text)(loc)
