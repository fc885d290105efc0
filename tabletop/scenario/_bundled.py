"""Finding the sample scenarios shipped with tabletop.

Called by `tabletop scenarios` and by anything that offers the samples (the
console's scenario picker, the README's first command). In a wheel the
samples are packaged under `tabletop/_data/scenarios`; in a checkout they are
the repository's `scenarios/` folder. Only the folder's top-level `*.yaml`
files are scenarios: sub-folders hold the files they include.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tabletop import yamlsource
from tabletop.errors import ScenarioError

__all__ = ["BundledScenario", "bundled_scenarios", "bundled_scenarios_dir"]


def bundled_scenarios_dir() -> Path:
    """The folder holding the bundled sample scenarios (packaged copy first, then the checkout's)."""
    from tabletop.rules import bundled_path

    return bundled_path("scenarios")


@dataclass(frozen=True)
class BundledScenario:
    """One bundled sample, summarised for a listing."""

    id: str
    """The file name without `.yaml`; `tabletop` commands accept the path."""
    title: str
    path: Path
    injects: int
    """How many injects it has, includes merged (0 when it does not load)."""
    phases: tuple[str, ...]
    """The phases some path through it passes through, in the rules' order."""
    problems: tuple[str, ...] = ()
    """Its errors when it does not load (a bundled sample always should)."""
    summary: str = ""
    """The exercise's summary (`exercise.summary`), or "" when it has none."""


def bundled_scenarios(corpus: Any = None) -> list[BundledScenario]:
    """Every bundled sample scenario, sorted by id, each loaded and checked."""
    from tabletop.scenario._loader import load_scenario

    if corpus is None:
        from tabletop.rules import load_rules

        corpus = load_rules()
    folder = bundled_scenarios_dir()
    found = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            loaded = load_scenario(path, corpus)
        except ScenarioError as exc:
            found.append(BundledScenario(path.stem, _raw_title(path), path, 0, (), tuple(map(str, exc.errors))))
            continue
        order = {slug: index for index, slug in enumerate(corpus.phase_slugs)}
        phases = tuple(sorted(loaded.checks.phases_reached, key=lambda slug: order.get(slug, len(order))))
        info = loaded.scenario.exercise
        summary = (info.summary or "") if info is not None else ""
        found.append(
            BundledScenario(
                path.stem, loaded.scenario.title, path, len(loaded.scenario.injects), phases, summary=summary
            )
        )
    return found


def _raw_title(path: Path) -> str:
    try:
        raw = yamlsource.load(yamlsource.decode(yamlsource.read_bytes(path, str(path)), str(path)), str(path))
    except (OSError, yamlsource.YamlLoadError):
        return ""
    title = raw.get("title") if isinstance(raw, dict) else None
    return title if isinstance(title, str) else ""
