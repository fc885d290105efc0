"""The phase machine drawn as a Mermaid state diagram, read from the machine itself.

Called by `PhaseMachine.to_mermaid()` (and so by `tabletop phases --format mermaid`
and the golden copy in docs/phases.md). The states and edges are read from the
region machines' own `states` and `events`, not from the rules file, so the
diagram shows what the machine will actually do.

Why not transitions' own Mermaid engine (`GraphMachine(graph_engine="mermaid")`):
it draws one machine per diagram, so our two region machines would come out as
two unrelated diagrams rather than parallel regions of one; it colours the
current state, so its text depends on where the machine is; and it cannot label
an edge with the gates a callable guard checks. A test compares our edges with
that engine's, region by region, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tabletop.phases._machine import PhaseMachine
    from tabletop.rules import Corpus

__all__ = ["to_mermaid"]

_INDENT = "    "


def _label(text: str) -> str:
    # A label is one quoted line of Mermaid: a line break or a quote in a title would end it.
    return " ".join(text.split()).replace('"', "#quot;")


def _region_id(region: str) -> str:
    # Upper case never occurs in a slug, so these ids cannot collide with a phase's.
    return f"Region_{region}"


def _empty_id(region: str) -> str:
    return f"Empty_{region}"


def _constraint_notes(corpus: Corpus, region: str) -> list[str]:
    """A note beside each phase of `region` that a constraint limits (the phase that gives
    way, or for a mutual exclusion its second phase): what it cannot hold with, and why."""
    region_of = {phase.slug: phase.region for phase in corpus.phases}
    notes = []
    for constraint in corpus.constraints:
        first, second = constraint.phases
        limited = second if constraint.prevails in (None, first) else first
        if region_of[limited] != region:
            continue
        other = first if limited == second else second
        text = f"never with {other}"
        if constraint.prevails == other:
            text += f": ends when {other} begins"
        notes.append(f"note right of {limited} : {_label(text)}")
    return notes


def to_mermaid(machine: PhaseMachine, *, current: bool = False) -> str:
    """The machine as Mermaid `stateDiagram-v2` text: one composite state per region, side by
    side as parallel regions; edges labelled with their triggers and gate counts. With
    `current`, the phases the machine is in now are highlighted."""
    from tabletop.phases._machine import EMPTY_STATE

    corpus = machine.corpus
    titles = {phase.slug: phase.title for phase in corpus.phases}
    blocks: list[list[str]] = []
    for region, states, edges in machine.structure():
        node = {state: (_empty_id(region.id) if state == EMPTY_STATE else state) for state in states}
        lines = [f'state "{_label(region.title)}" as {_region_id(region.id)} {{']
        lines.append(f"{_INDENT}[*] --> {node[region.initial or EMPTY_STATE]}")
        for state in states:
            title = region.empty_title if state == EMPTY_STATE else titles[state]
            lines.append(f'{_INDENT}state "{_label(title or state)}" as {node[state]}')
        merged: dict[tuple[str, str], list[str]] = {}
        for source, dest, trigger, gate_count in edges:
            text = trigger
            if gate_count:
                text += f" ({gate_count} gate{'s' if gate_count > 1 else ''})"
            merged.setdefault((node[source], node[dest]), []).append(text)
        for (source, dest), texts in merged.items():
            lines.append(f"{_INDENT}{source} --> {dest}: {' | '.join(texts)}")
        lines.extend(_INDENT + note for note in _constraint_notes(corpus, region.id))
        lines.append("}")
        blocks.append(lines)

    out = ["stateDiagram-v2"]
    if len(blocks) == 1:
        out.extend(_INDENT + line for line in blocks[0])
    else:
        out.append(f'{_INDENT}state "{_label(corpus.document.title)}" as Phases {{')
        for index, block in enumerate(blocks):
            if index:
                out.append(_INDENT * 2 + "--")
            out.extend(_INDENT * 2 + line for line in block)
        out.append(_INDENT + "}")
    if current and machine.phases:
        out.append(f"{_INDENT}classDef current font-weight:bold,stroke-width:3px")
        out.append(f"{_INDENT}class {','.join(machine.phases)} current")
    return "\n".join(out) + "\n"
