"""The phase track: every region of the rules with its phases, what is in force highlighted.

Drawn from `SessionSnapshot.regions` alone, so a rules file with other regions or phases
(concurrent ones included) draws without a change here.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tabletop.session import SessionSnapshot
from tabletop.tui.text import line

__all__ = ["PhaseTrack"]


class PhaseTrack(Static):
    _drawn: tuple[object, ...] | None = None

    def show(self, snapshot: SessionSnapshot) -> None:
        drawn = (snapshot.regions, snapshot.pending)
        if drawn == self._drawn:
            return
        self._drawn = drawn
        rows: list[Content] = []
        for region in snapshot.regions:
            parts: list[str | Content | tuple[object, str]] = [(f"{region.title}:", "dim")]
            if region.phase is None and region.empty_title:
                parts += [" ", (f" {region.empty_title} ", "reverse")]
            for phase in region.phases:
                parts += [" "]
                parts += [(f" {phase.slug} ", "reverse bold")] if phase.in_force else [(phase.slug, "dim")]
            rows.append(line(*parts))
        pending = snapshot.pending
        if pending is not None:
            move = pending.move
            gates = f"{len(move.gates)} gate{'' if len(move.gates) == 1 else 's'}"
            rows.append(
                line(
                    ("Move waiting for the room: ", "bold"),
                    (f"→ {move.dest or '-'}", "reverse"),
                    (f"  {gates}, g", "italic"),
                )
            )
        self.update(Content("\n").join(rows))
