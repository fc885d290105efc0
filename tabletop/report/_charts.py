"""The geometry of the HTML documents' charts, computed from the document models.

The templates draw inline SVG from these plain values (coordinates, labels, phase styles);
every label is still escaped by the template. Nothing here names a phase or a region: the lanes
of the timeline are the rules file's regions, and each phase is drawn in its style from
`phase_styles` (fixed by the rules file's order, the same in every document).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tabletop.report._phase_style import PhaseStyle

__all__ = ["charts_for"]

WIDTH = 760
LABEL = 210
LANE = 30
TOP = 10


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    y: float
    height: float
    phase: str
    title: str
    style: PhaseStyle | None
    """The phase's style; None for a region without a phase."""
    label: bool
    """True when the segment is wide enough to print its phase's name."""


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    sub: str


def charts_for(kind: str, model: Any, styles: dict[str, PhaseStyle]) -> dict[str, Any]:
    if kind == "report":
        return {"timeline_chart": timeline_chart(model, styles)}
    if kind == "coverage":
        return {
            "chapter_bars": bars(
                [(f"{c.chapter} {c.title}", c.exercised, c.applicable) for c in model.chapters if c.applicable]
            ),
        }
    return {}


def timeline_chart(report: Any, styles: dict[str, PhaseStyle]) -> dict[str, Any]:
    """Lanes (one per region) of segments over the steps of the path taken, each in its phase's style."""
    timeline = report.timeline
    titles = {p.phase: p.title for p in report.summary.periods}
    columns = [("start", "", timeline.start)] + [(str(s.step), s.scenario_time or "", s.phases) for s in timeline.steps]
    span = (WIDTH - LABEL - 40) / max(len(columns), 1)
    segments: list[Segment] = []
    for lane, _ in enumerate(timeline.lanes):
        y = TOP + lane * (LANE + 8)
        start = 0
        for n in range(1, len(columns) + 1):
            if n < len(columns) and columns[n][2][lane] == columns[start][2][lane]:
                continue
            phase = columns[start][2][lane]
            width = (n - start) * span
            if phase is None:
                empty = timeline.lanes[lane].empty_title or ""
                segments.append(
                    Segment(
                        x=round(LABEL + start * span, 2),
                        width=round(width - 1, 2),
                        y=y,
                        height=LANE,
                        phase="",
                        title=empty,
                        style=None,
                        label=width >= 7 * len(empty) + 8,
                    )
                )
            else:
                title = titles.get(phase, phase)
                segments.append(
                    Segment(
                        x=round(LABEL + start * span, 2),
                        width=round(width - 1, 2),
                        y=y,
                        height=LANE,
                        phase=phase,
                        title=title,
                        style=styles.get(phase),
                        label=width >= 7 * len(title) + 8,
                    )
                )
            start = n
    every = max(1, round(len(columns) / 24))
    ticks = [
        Tick(x=round(LABEL + (n + 0.5) * span, 2), label=label, sub=sub)
        for n, (label, sub, _) in enumerate(columns)
        if n % every == 0 or n == len(columns) - 1
    ]
    lanes_height = TOP + len(timeline.lanes) * (LANE + 8)
    return {
        "width": WIDTH,
        "height": lanes_height + 70,
        "label_x": LABEL - 8,
        "lanes": [
            {"y": TOP + n * (LANE + 8), "title": lane.title, "empty": lane.empty_title}
            for n, lane in enumerate(timeline.lanes)
        ],
        "lane_height": LANE,
        "segments": segments,
        "ticks": ticks,
        "axis_y": lanes_height,
        "right": WIDTH - 40,
        "left": LABEL,
    }


def bars(rows: list[tuple[str, int, int]], width: int = WIDTH) -> dict[str, Any]:
    """A horizontal bar per row: (label, part, whole), the part drawn over the whole."""
    label_width = 300
    bar = width - label_width - 90
    height = 22
    return {
        "width": width,
        "height": len(rows) * (height + 6) + 6,
        "rows": [
            {
                "y": 6 + n * (height + 6),
                "label": label,
                "whole_width": bar if whole else 0,
                "part_width": round(bar * part / whole, 2) if whole else 0,
                "part": part,
                "whole": whole,
            }
            for n, (label, part, whole) in enumerate(rows)
        ],
        "label_x": label_width - 8,
        "bar_x": label_width,
        "text_x": label_width + bar + 8,
        "bar_height": height,
    }
