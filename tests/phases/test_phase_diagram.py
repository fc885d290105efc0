"""The Mermaid diagram: drawn from the machine, equal in its edges to transitions' own
Mermaid engine, and kept verbatim in docs/phases.md."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from transitions.extensions.diagrams import GraphMachine

from tabletop.phases import PhaseMachine
from tabletop.rules import Corpus, Region

DOC = Path(__file__).resolve().parents[2] / "docs" / "phases.md"
BLOCK = re.compile(r"```mermaid\n(.*?)```", re.S)
REGENERATE = (
    "docs/phases.md is out of date with the phase machine. Regenerate its diagram with\n"
    "    TABLETOP_UPDATE_GOLDEN=1 python -m pytest tests/phases/test_phase_diagram.py\n"
    "(or paste the output of `python -m tabletop phases --format mermaid` into its ```mermaid block)"
)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _edges_by_region(diagram: str) -> dict[str, set[tuple[str, str, str]]]:
    """{region id: {(source, dest, trigger)}} read from our diagram text."""
    edges: dict[str, set[tuple[str, str, str]]] = {}
    region = None
    for line in diagram.splitlines():
        line = line.strip()
        opened = re.match(r'state ".*" as Region_(\w+) \{$', line)
        if opened:
            region = opened.group(1)
            edges[region] = set()
        elif line == "}":
            region = None
        elif region and "-->" in line and not line.startswith("[*]"):
            source, rest = line.split(" --> ")
            dest, labels = rest.split(": ", 1)
            for label in labels.split(" | "):
                trigger = re.sub(r" \(\d+ gates?\)$", "", label)
                edges[region].add((source, dest, trigger))
    return edges


def _engine_edges(corpus: Corpus, region: Region) -> set[tuple[str, str, str]]:
    """The same region drawn by transitions' Mermaid engine, built straight from the rules data."""

    class Model:
        pass

    # The reference engine's name for an empty region: any name that cannot be a phase slug.
    EMPTY_STATE = "<empty>"
    name: dict[str | None, str] = {None: EMPTY_STATE}
    states = ([EMPTY_STATE] if region.initial is None else []) + [
        p.slug for p in corpus.phases if p.region == region.id
    ]
    transitions = [
        {"trigger": t.trigger, "source": name.get(s, s), "dest": name.get(t.dest, t.dest)}
        for t in corpus.transitions
        for s in t.source
        if (s or t.dest) in states
    ]
    engine = GraphMachine(
        model=Model(),
        states=states,
        transitions=transitions,
        initial=states[0],
        auto_transitions=False,
        graph_engine="mermaid",
    )
    text = engine.get_graph().draw(None)
    empty = f"Empty_{region.id}"
    found = set()
    for line in text.splitlines():
        match = re.fullmatch(r"\s*(\S+) --> (\S+): (.+)", line)
        if match and match.group(1) != "[*]":
            source, dest = (empty if s == EMPTY_STATE else s for s in match.group(1, 2))
            found |= {(source, dest, trigger) for trigger in match.group(3).split(" | ")}
    return found


@pytest.mark.parametrize("which", ["guidelines", "fixture"])
def test_the_diagram_has_the_same_edges_as_transitions_mermaid_engine(
    which: str, corpus: Corpus, fixture_corpus: Corpus
) -> None:
    rules = corpus if which == "guidelines" else fixture_corpus
    ours = _edges_by_region(PhaseMachine(rules).to_mermaid())
    assert set(ours) == {r.id for r in rules.regions}
    for region in rules.regions:
        assert ours[region.id] == _engine_edges(rules, region), region.id


def test_the_diagram_shows_the_regions_side_by_side(corpus: Corpus) -> None:
    diagram = PhaseMachine(corpus).to_mermaid()
    assert diagram.startswith("stateDiagram-v2\n")
    assert "\n        --\n" in diagram  # Mermaid's separator between parallel regions
    assert "[*] --> peacetime" in diagram and "[*] --> Empty_disaster" in diagram
    assert 'state "No large-scale disaster" as Empty_disaster' in diagram
    assert "peacetime --> attack: attack_occurs (3 gates)" in diagram
    assert "disaster --> Empty_disaster: recover" in diagram
    assert "[*] --> Empty_other_country" in diagram
    assert "Empty_other_country --> third_country_attack: third_country_attacked (5 gates)" in diagram
    assert diagram.count("\n        --\n") == 2  # three regions side by side


def test_the_diagram_notes_the_combination_the_text_rules_out(corpus: Corpus) -> None:
    diagram = PhaseMachine(corpus).to_mermaid()
    assert "note right of third_country_attack : never with attack: ends when attack begins" in diagram


def test_the_diagram_does_not_depend_on_the_current_phase(corpus: Corpus) -> None:
    moved = PhaseMachine(corpus, phases=["attack", "disaster"])
    assert moved.to_mermaid() == PhaseMachine(corpus).to_mermaid()
    highlighted = moved.to_mermaid(current=True)
    assert highlighted.endswith("    class attack,disaster current\n")


def test_docs_hold_the_generated_diagram(corpus: Corpus) -> None:
    generated = PhaseMachine(corpus).to_mermaid()
    text = DOC.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) == 1, "docs/phases.md must hold exactly one ```mermaid block"
    if blocks[0] != generated and os.environ.get("TABLETOP_UPDATE_GOLDEN"):
        _write_atomically(DOC, text.replace(blocks[0], generated))
        blocks[0] = generated
    assert blocks[0] == generated, REGENERATE
