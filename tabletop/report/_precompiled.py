"""The documents' templates compiled ahead of time, shipped in the package beside their source.

Compiling a template (Jinja's lexer, parser and code generator, then Python's compiler) cost every
process that drew a document about 0.2 s, the same work each time. `scripts/compile_templates.py`
does it once, with the very environments that draw the documents (`compile_into`), and writes the
Python modules Jinja makes of them into `compiled/` (one folder per format), with `compiled/stamp.json`
naming the Jinja version that made them and the SHA-256 of each template's source. Python then keeps
their bytecode as it keeps any module's. `_render` reads templates through `CompiledFirst`, which
takes a template's compiled module only when the installed Jinja is the one that made it and the
template's source is the one it was made from, and compiles from the source otherwise (an edited
template, another Jinja): the output is the same either way. tests/report/test_compiled_templates.py
fails when a template changed and its compiled form was not made again.

The compiled modules are code shipped in the package, as the package's own modules are; nothing
is compiled into or loaded from the user's cache folder, which never holds code.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2

__all__ = ["COMPILED_DIR", "CompiledFirst", "compile_into", "source_digests"]

COMPILED_DIR = Path(__file__).with_name("compiled")
"""Where the compiled templates are shipped: `html/`, `md/` and `stamp.json`."""

TEMPLATES_DIR = Path(__file__).with_name("templates")


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def source_digests(fmt: str) -> dict[str, str]:
    """The SHA-256 of the source of every template of `fmt`, by name."""
    return {path.name: _digest(path.read_text(encoding="utf-8")) for path in sorted(TEMPLATES_DIR.glob(f"*.{fmt}.j2"))}


def _stamp(target: Path) -> dict[str, Any]:
    try:
        stamp = json.loads((target / "stamp.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


class CompiledFirst(jinja2.BaseLoader):
    """The templates of one format: from their compiled modules where those were made from the same
    source by the same Jinja, compiled from the source otherwise.

    The source stays readable (`get_source`), for Jinja's error messages and for a page that
    overlays its own templates on these.
    """

    def __init__(self, fmt: str, compiled_dir: Path = COMPILED_DIR) -> None:
        self._source = jinja2.PackageLoader("tabletop.report", "templates")
        stamp = _stamp(compiled_dir)
        made = stamp.get("formats", {}).get(fmt) if isinstance(stamp.get("formats"), dict) else None
        self._made_from: dict[str, str] = {}
        self._compiled: jinja2.ModuleLoader | None = None
        if stamp.get("jinja2") == jinja2.__version__ and isinstance(made, dict) and (compiled_dir / fmt).is_dir():
            self._made_from = {str(name): str(digest) for name, digest in made.items()}
            self._compiled = jinja2.ModuleLoader(compiled_dir / fmt)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        return self._source.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self._source.list_templates()

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        made_from = self._made_from.get(name)
        if self._compiled is not None and made_from is not None:
            source, _, _ = self._source.get_source(environment, name)
            if _digest(source) == made_from:
                return self._compiled.load(environment, name, globals)
        return super().load(environment, name, globals)


def compile_into(target: Path, environments: dict[str, jinja2.Environment]) -> None:
    """Compile every template of each format (`{fmt: environment}`) with that format's environment
    into `target/fmt/`, and write `target/stamp.json`; what was in those folders before goes."""
    target.mkdir(parents=True, exist_ok=True)
    for fmt, environment in environments.items():
        folder = target / fmt
        if folder.exists():
            shutil.rmtree(folder)
        environment.compile_templates(
            folder,
            filter_func=lambda name, fmt=fmt: name.endswith(f".{fmt}.j2"),  # type: ignore[misc]
            zip=None,
            ignore_errors=False,
        )
    stamp = {
        "jinja2": jinja2.__version__,
        "formats": {fmt: source_digests(fmt) for fmt in environments},
    }
    (target / "stamp.json").write_text(json.dumps(stamp, indent=2, sort_keys=True) + "\n", encoding="utf-8")
