"""Each phase has one look in every document, fixed by the rules file's order, and the looks stay
apart when printed in black and white."""

from __future__ import annotations

import itertools
import re

import pytest

from tabletop.report import (
    PHASE_LOOKS,
    PHASE_PATTERNS,
    phase_styles,
    relative_luminance,
    render_coverage,
    render_handbook,
    render_report,
)
from tabletop.scenario import load_scenario_text
from tabletop.session import SessionRecord, dry_run
from tabletop.rules import Corpus
from pathlib import Path

DISASTER_FIRST = """\
title: Disaster first
exercise:
  start_phase: peacetime
injects:
  - id: quake
    title: Earthquake
    narrative: A large-scale earthquake strikes.
    phase: disaster
  - id: tension
    title: Rising tension
    narrative: Vessels gather.
    phase: emerging_threats
"""


def _contrast(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _swatch_fills(document: str) -> dict[str, str]:
    """Phase title to the fill of the swatch drawn beside it."""
    found = re.findall(
        r'<svg class="swatch"[^>]*><rect [^>]*fill="(#[0-9a-f]{6})"[^>]*/>.*?</svg> ([^<]+?) <', document
    )
    return {title.strip(): fill for fill, title in found}


def test_a_phase_looks_the_same_whatever_order_the_session_entered_it(
    played: SessionRecord, drill_corpus: Corpus, tmp_path: Path
) -> None:
    scenario = tmp_path / "disaster_first.yaml"
    scenario.write_text(DISASTER_FIRST, encoding="utf-8")
    other = SessionRecord.load(dry_run(scenario, drill_corpus, session_dir=tmp_path))
    first = _swatch_fills(render_report(played, "html"))
    second = _swatch_fills(render_report(other, "html"))
    shared = set(first) & set(second)
    assert {"Large-scale disaster", "Emerging threats"} <= shared
    assert all(first[title] == second[title] for title in shared)
    # ... and it is the style the rules' order gives, the same in the facilitator's handbook.
    styles = phase_styles(drill_corpus.phase_slugs)
    titles = {p.title: p.slug for p in drill_corpus.phases}
    assert all(first[title] == styles[titles[title]].fill for title in first)
    loaded = load_scenario_text(DISASTER_FIRST, "disaster_first.yaml", drill_corpus, files={})
    handbook = render_handbook(loaded, drill_corpus, "facilitator", "html")
    assert f'fill="{styles["disaster"].fill}"' in handbook


def test_the_coverage_heat_map_draws_each_phase_in_its_style(played: SessionRecord, drill_corpus: Corpus) -> None:
    document = render_coverage([played], "html")
    styles = phase_styles(drill_corpus.phase_slugs)
    for phase in ("peacetime", "emerging_threats", "attack", "disaster"):
        assert f'fill="{styles[phase].fill}"' in document


def test_every_style_has_its_own_pattern_and_a_readable_label() -> None:
    assert len({pattern for _, _, pattern, _ in PHASE_LOOKS}) == len(PHASE_LOOKS)
    assert {pattern for _, _, pattern, _ in PHASE_LOOKS} <= set(PHASE_PATTERNS)
    for fill, ink, pattern, text in PHASE_LOOKS:
        assert _contrast(fill, text) >= 4.5, fill
        if pattern != "solid":
            assert _contrast(fill, ink) >= 3, fill  # the pattern shows on its fill


def test_the_first_six_phases_differ_in_greyscale_lightness_too() -> None:
    lightness = [relative_luminance(fill) for fill, _, _, _ in PHASE_LOOKS[:6]]
    for a, b in itertools.combinations(lightness, 2):
        assert abs(a - b) >= 0.08


def test_the_bundled_rules_phases_each_get_a_different_style(corpus: Corpus) -> None:
    styles = phase_styles(corpus.phase_slugs)
    assert len({(s.fill, s.pattern) for s in styles.values()}) == len(corpus.phase_slugs)
    assert [s.index for s in styles.values()] == list(range(len(corpus.phase_slugs)))


@pytest.mark.parametrize("count", [1, len(PHASE_LOOKS), len(PHASE_LOOKS) + 3])
def test_any_number_of_phases_gets_a_style_and_a_second_round_is_outlined_darker(count: int) -> None:
    slugs = [f"phase_{n}" for n in range(count)]
    styles = phase_styles(slugs)
    assert list(styles) == slugs
    for n, slug in enumerate(slugs):
        assert styles[slug].fill == PHASE_LOOKS[n % len(PHASE_LOOKS)][0]
        assert (styles[slug].outline == "#000000") == (n >= len(PHASE_LOOKS))


def test_the_looks_docs_reports_lists_are_the_ones_drawn(corpus: Corpus) -> None:
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "reports.md").read_text(encoding="utf-8")
    table = page.split("| place in the rules | bundled rules | fill | pattern |", 1)[1].split("\n\n", 1)[0]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.strip().splitlines()[1:]]
    words = {"plain": "solid", "dots": "dots", "hatching": "rising", "cross-hatching": "cross"}
    words |= {"lines across": "across", "lines along": "along"}
    titles = [phase.title for phase in corpus.phases]
    assert len(rows) == len(titles)
    for (place, title, _, pattern), n in zip(rows, range(len(rows)), strict=True):
        assert int(place) == n + 1
        assert titles[n].replace("’", "'").startswith(title.replace("’", "'"))
        assert words[pattern] == PHASE_LOOKS[n][2]
