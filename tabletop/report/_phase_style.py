"""One look per phase, the same in every document and chart: a fill, a pattern, a text colour.

`phase_styles(slugs)` is the only place a phase gets its look: the after-action report's
timeline and tables, the coverage heat map and the facilitator's MSEL table all draw from it,
and the templates draw each phase with the `phase_swatch` macro and the patterns of
`phase_patterns` (`templates/_phases.html.j2`). The look follows the phase's place in the rules
file (the order `Corpus.phase_slugs` gives), never the order a session happened to enter them,
so `emerging_threats` looks the same in every report.

Printed in black and white, two phases still differ: the first six fills (calm phases light, an
armed attack dark) are at least 0.08 apart in greyscale lightness, and every style has a pattern
of its own (none, dots, hatching one way or the other, cross-hatching, lines across or along, a
grid). Each text colour keeps a contrast of at least 4.5:1 with its fill. Nothing here names a phase:
a rules file with more phases than styles starts the list again, a darker outline telling the
second round apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["PHASE_PATTERNS", "PhaseStyle", "PHASE_LOOKS", "phase_styles", "relative_luminance"]


@dataclass(frozen=True)
class PhaseStyle:
    """How one phase is drawn."""

    slug: str
    index: int
    """The phase's place in the rules file (0 for the first)."""
    fill: str
    """The fill colour, `#rrggbb`."""
    ink: str
    """The pattern's colour, `#rrggbb`: darker than a light fill, lighter than a dark one."""
    pattern: str
    """The pattern's name (a key of `PHASE_PATTERNS`); `solid` for none."""
    text: str
    """The colour of a label drawn on the fill."""
    outline: str
    """The colour of the shape's outline."""

    @property
    def pattern_id(self) -> str:
        """The id of the SVG `<pattern>` that `phase_patterns` defines for this style."""
        return f"phase-pattern-{self.index % len(PHASE_LOOKS)}"


PHASE_PATTERNS: dict[str, tuple[str, ...]] = {
    "solid": (),
    "dots": ("circle",),
    "rising": ("M-1,1 L1,-1 M0,6 L6,0 M5,7 L7,5",),
    "cross": ("M-1,1 L1,-1 M0,6 L6,0 M5,7 L7,5", "M-1,5 L1,7 M0,0 L6,6 M5,-1 L7,1"),
    "across": ("M0,1.5 L6,1.5 M0,4.5 L6,4.5",),
    "along": ("M1.5,0 L1.5,6 M4.5,0 L4.5,6",),
    "falling": ("M-1,5 L1,7 M0,0 L6,6 M5,-1 L7,1",),
    "grid": ("M0,3 L6,3 M3,0 L3,6",),
}
"""The SVG drawing of each pattern on a 6 x 6 tile: path data, or `circle` for a dot."""

PHASE_LOOKS: tuple[tuple[str, str, str, str], ...] = (
    # fill, ink, pattern, text. The first six (enough for the bundled rules) differ in
    # greyscale lightness by at least 0.08 as well as in pattern (see relative_luminance).
    ("#e4f0fa", "#e4f0fa", "solid", "#1d1f21"),
    ("#f6d36b", "#8a6400", "dots", "#1d1f21"),
    ("#ee9b52", "#7a3c00", "rising", "#1d1f21"),
    ("#c9413a", "#f7d0cc", "cross", "#ffffff"),
    ("#553a86", "#dccff0", "across", "#ffffff"),
    ("#4a9e8b", "#173f36", "along", "#1d1f21"),
    ("#a3a8ae", "#3b3f45", "falling", "#1d1f21"),
    ("#1f3550", "#9fb6d1", "grid", "#ffffff"),
)
"""The looks, in the order the rules file's phases take them."""


def phase_styles(slugs: Iterable[str]) -> dict[str, PhaseStyle]:
    """Each phase's look, by slug; `slugs` in the rules file's order (`Corpus.phase_slugs`)."""
    styles: dict[str, PhaseStyle] = {}
    for index, slug in enumerate(dict.fromkeys(slugs)):
        fill, ink, pattern, text = PHASE_LOOKS[index % len(PHASE_LOOKS)]
        second_round = index >= len(PHASE_LOOKS)
        styles[slug] = PhaseStyle(
            slug=slug,
            index=index,
            fill=fill,
            ink=ink,
            pattern=pattern,
            text=text,
            outline="#000000" if second_round else "#5b6168",
        )
    return styles


def relative_luminance(colour: str) -> float:
    """WCAG's relative luminance of `#rrggbb`: 0 for black, 1 for white (what greyscale print keeps)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
