"""The documents' templates are shipped compiled, and a document is the same bytes either way.

`tabletop/report/compiled/` holds what Jinja makes of `tabletop/report/templates/` with the
documents' own environments; a process draws from it instead of compiling the templates again.
A template changed since (or another Jinja) is compiled from its source, and the tests fail until
`python scripts/compile_templates.py` has made the folder again.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.report import (
    COMPILED_DIR,
    CompiledFirst,
    build_report,
    compile_templates,
    document_environment,
    draw_report,
    html_output,
    render_handbook,
)
from tabletop.rules import Corpus, load_rules
from tabletop.scenario import LoadedScenario, bundled_scenarios_dir, load_scenario
from tabletop.session import SessionRecord

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_scenario_and_corpus() -> tuple[LoadedScenario, Corpus]:
    corpus = load_rules()
    return load_scenario(bundled_scenarios_dir() / "southwest_islands.yaml", corpus), corpus


def _differences(made: Path, shipped: Path) -> list[str]:
    found: list[str] = []
    for fmt in ("html", "md"):
        names = {p.name for p in (made / fmt).glob("*.py")} | {p.name for p in (shipped / fmt).glob("*.py")}
        for name in sorted(names):
            a, b = made / fmt / name, shipped / fmt / name
            if not (a.is_file() and b.is_file() and filecmp.cmp(a, b, shallow=False)):
                found.append(f"{fmt}/{name}")
    if (made / "stamp.json").read_bytes() != (shipped / "stamp.json").read_bytes():
        found.append("stamp.json")
    return found


def test_the_shipped_compiled_templates_are_made_from_the_templates_as_they_are(tmp_path: Path) -> None:
    compile_templates(tmp_path / "compiled")
    stale = _differences(tmp_path / "compiled", COMPILED_DIR)
    assert not stale, f"a template changed: run python scripts/compile_templates.py ({', '.join(stale)})"


def test_the_check_script_says_whether_the_compiled_folder_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "scripts/compile_templates.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_template_is_shipped_compiled_for_its_format() -> None:
    stamp = json.loads((COMPILED_DIR / "stamp.json").read_text(encoding="utf-8"))
    templates = ROOT / "tabletop" / "report" / "templates"
    for fmt in ("html", "md"):
        names = sorted(p.name for p in templates.glob(f"*.{fmt}.j2"))
        assert sorted(stamp["formats"][fmt]) == names
        modules = {jinja2.ModuleLoader.get_module_filename(name) for name in names}
        assert {p.name for p in (COMPILED_DIR / fmt).glob("*.py")} == modules


def test_a_fresh_process_draws_every_document_without_compiling_a_template(tmp_path: Path) -> None:
    program = (
        "import jinja2, tabletop\n"
        "def refuse(*args, **kwargs):\n"
        "    raise AssertionError('compiled a template: ' + str(args[1:2]))\n"
        "jinja2.Environment.compile = refuse\n"
        "from tabletop.report import render_handbook\n"
        "from tabletop.scenario import bundled_scenarios_dir, load_scenario\n"
        "corpus = tabletop.load_rules()\n"
        "scenario = load_scenario(bundled_scenarios_dir() / 'southwest_islands.yaml', corpus)\n"
        "for audience in ('participants', 'facilitator', 'evaluators'):\n"
        "    for fmt in ('html', 'md'):\n"
        "        assert render_handbook(scenario, corpus, audience, fmt)\n"
        "print('drawn')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, env=_no_cache_env(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "drawn"


def _no_cache_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TABLETOP_NO_CACHE"] = "1"
    env["PYTHONPATH"] = str(ROOT)
    return env


class _Compiles:
    """Counts the templates an environment compiles from their source."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str | None] = []
        original = jinja2.Environment.compile

        def counting(environment: jinja2.Environment, source: Any, name: str | None = None, *args: Any) -> Any:
            self.names.append(name)
            return original(environment, source, name, *args)

        monkeypatch.setattr(jinja2.Environment, "compile", counting)


def _copy_of_compiled(tmp_path: Path, change: dict[str, Any]) -> Path:
    copy = tmp_path / "compiled"
    shutil.copytree(COMPILED_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    stamp = json.loads((copy / "stamp.json").read_text(encoding="utf-8"))
    stamp.update(change)
    (copy / "stamp.json").write_text(json.dumps(stamp), encoding="utf-8")
    return copy


def _overlay(fmt: str, compiled: Path) -> jinja2.Environment:
    return document_environment(fmt).overlay(loader=CompiledFirst(fmt, compiled))


def test_templates_compiled_by_another_jinja_are_compiled_from_source_and_draw_the_same(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sample_scenario_and_corpus: tuple[LoadedScenario, Corpus],
) -> None:
    scenario, corpus = sample_scenario_and_corpus
    expected = render_handbook(scenario, corpus, "facilitator", "md")
    compiles = _Compiles(monkeypatch)
    other = _overlay("md", _copy_of_compiled(tmp_path, {"jinja2": "0.0.1"}))
    monkeypatch.setattr("tabletop.report._render._environment", lambda fmt: other)
    assert render_handbook(scenario, corpus, "facilitator", "md") == expected
    assert "facilitator.md.j2" in compiles.names and "_handbook.md.j2" in compiles.names


def test_a_template_changed_since_it_was_compiled_is_drawn_from_its_source(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stamp = json.loads((COMPILED_DIR / "stamp.json").read_text(encoding="utf-8"))
    formats = stamp["formats"]
    formats["md"]["sitman.md.j2"] = "0" * 64  # as if the template's source were not the one compiled
    compiled = _copy_of_compiled(tmp_path, {"formats": formats})
    compiles = _Compiles(monkeypatch)
    environment = _overlay("md", compiled)
    environment.get_template("sitman.md.j2")
    environment.get_template("evaluators.md.j2")
    assert "sitman.md.j2" in compiles.names  # changed: from its source
    assert "evaluators.md.j2" not in compiles.names  # unchanged: its compiled module


def test_the_html_report_is_the_same_bytes_as_jinja_draws_it_from_source(
    played: SessionRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = build_report(played)
    phases = played.corpus().phase_slugs
    drawn = draw_report(report, "html", phases=phases)
    plain = document_environment("html").overlay(loader=jinja2.PackageLoader("tabletop.report", "templates"))
    plain.template_class = jinja2.Template  # markupsafe's escape for every value, compiled here
    monkeypatch.setattr("tabletop.report._render._environment", lambda fmt: plain)
    assert draw_report(report, "html", phases=phases) == drawn
    assert "&lt;script&gt;" in drawn and "<script>alert" not in drawn


_printed = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="ascii")),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text().map(markupsafe.Markup),
    st.text().map(markupsafe.escape),
)


@given(_printed)
def test_a_printed_value_is_escaped_exactly_as_markupsafe_escapes_it(value: object) -> None:
    assert str(html_output(value)) == str(markupsafe.escape(value))
