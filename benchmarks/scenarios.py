"""Realistic generated scenarios of any size, for every benchmark (and the tests that keep them valid).

    python -m benchmarks.scenarios --injects 5000 [--seed 7] [-o FILE]

A generated scenario is shaped like the bundled samples: an exercise with objectives, cells
and modules; injects with a scenario time, the cells they go to, a narrative of a few
sentences, questions (some put to a cell), expected actions, citations of clauses that apply
in the phases in force, tags drawn from the cited clauses, facilitator notes, and now and
then a move between phases with the room's answers to its gates.

The moves are never named here: they are asked of the rules, through
`tabletop.phases.PhasePolicy`, from the phases in force. The walk opens by leaving the
starting phase of the region that has one, then enters a region that starts empty while the
first is away from home (a disaster during a security crisis, with the bundled rules), and
from then on takes a legal move chosen by the seed. An inject names its destination with
`phase:` when the policy finds exactly one move into it, and with `trigger:` otherwise, as
an author would. The same corpus, size and seed give the same text, byte for byte.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tabletop.phases import Move, PhasePolicy
    from tabletop.rules import Corpus

__all__ = ["MOVE_EVERY", "generate_scenario"]

MOVE_EVERY = 9
"""Injects between two moves of the phases, on average (the samples move every 5 to 15)."""

_INJECTS_PER_MODULE = 100
_OBJECTIVES = (
    (
        "coordination",
        "Evaluate bilateral coordination through the Alliance Coordination Mechanism.",
        "Operational Coordination",
    ),
    ("determinations", "Exercise the government's determinations of the situation.", "Situational Assessment"),
    (
        "information",
        "Share intelligence and a common operating picture in time.",
        "Intelligence and Information Sharing",
    ),
    ("public", "Coordinate public warning and strategic messaging.", "Public Information and Warning"),
    ("logistics", "Rehearse logistic support and the use of facilities.", "Logistics and Supply Chain Management"),
    ("protection", "Protect and evacuate residents and non-combatants.", "Mass Care Services"),
    ("recovery", "Plan the return to normal operations.", "Economic Recovery"),
    ("planning", "Test bilateral plans against events.", "Planning"),
)
_CELLS = (
    ("japan", "Japan cell", "player", ("Cabinet Secretariat", "Ministry of Defense", "Ministry of Foreign Affairs")),
    ("us", "U.S. cell", "player", ("U.S. Embassy Tokyo", "U.S. Forces Japan")),
    ("jcg", "Japan Coast Guard cell", "player", ("Japan Coast Guard headquarters",)),
    ("local", "Local government cell", "player", ("Prefectural crisis management bureau",)),
    ("control", "Control cell", "control", ("Exercise director",)),
)
_PLAYERS = tuple(cell[0] for cell in _CELLS if cell[2] == "player")
_PLACES = (
    "Island A",
    "Island B",
    "the southwestern chain",
    "the Kanto coast",
    "the East China Sea",
    "a partner state's offshore islands",
    "the sea lanes south of Kyushu",
    "Naha port",
)
_ACTORS = (
    "Country X",
    "the maritime militia",
    "an unidentified group",
    "Country X's coast guard",
    "a partner state's navy",
    "commercial satellite operators",
)
_OPENINGS = (
    "Bilateral patrol flights report that {actor} has moved {count} vessels towards {place}.",
    "Before dawn, {actor} announces exercises within {count} nautical miles of {place}.",
    "The Alliance Coordination Group receives word that {actor} is active near {place}.",
    "Local officials near {place} report {count} unexplained incidents since midnight.",
    "南西諸島周辺で状況が変化している。{actor} near {place} is the subject of {count} reports.",
)
_MIDDLES = (
    "Both governments must decide what the situation is, who leads, and what to tell the public.",
    "Ministers ask for options within the hour; the press already has pictures.",
    "Japan's relevant ministries and U.S. forces compare what each knows about {topic}.",
    "Commercial shipping slows, and insurers raise premiums for routes through the area.",
    "Residents ask the prefecture whether they should leave; the answer depends on {topic}.",
)
_CLOSINGS = (
    "The room has ten minutes before the next report.",
    "Nothing yet confirms the intent behind it.",
    "A second report, an hour later, contradicts the first on {topic}.",
    "The facilitators hold further detail until the room has decided.",
)
_QUESTIONS = (
    "What does each government know about {topic}, and how is it shared?",
    "Which determination does this call for, and who makes it?",
    "What does the Alliance Coordination Mechanism do first?",
    "What is said to the public, and by whom?",
    "What support is requested, and how is it prioritised?",
)
_ACTIONS = (
    ("Share the assessment of {topic} bilaterally.", "Ministry of Defense and U.S. Forces Japan"),
    ("Convene the Alliance Coordination Group.", "National Security Secretariat"),
    ("Issue a coordinated public statement.", "Cabinet Secretariat"),
    ("Validate the requests for logistic support.", "Joint Staff"),
    ("Warn and, if needed, evacuate residents.", "Prefectural government"),
)


def generate_scenario(corpus: Corpus, injects: int, seed: int = 7, *, moves: bool = True) -> str:
    """The YAML text of a valid scenario of `injects` injects over `corpus` (deterministic).

    Without `moves`, the phases never change (so delivering an inject never asks the room
    for a determination: the console's key benchmark presses `n` and nothing else).
    """
    from tabletop.phases import PhasePolicy

    if injects < 1:
        raise ValueError("a scenario needs at least one inject")
    rng = random.Random(seed)
    policy = PhasePolicy(corpus)
    phases = tuple(region.initial for region in corpus.regions if region.initial is not None)
    opening = _opening_moves(corpus, policy, phases)
    topics = sorted({keyword for clause in corpus for keyword in clause.keywords}) or ["the situation"]
    modules = max(1, -(-injects // _INJECTS_PER_MODULE))
    lines = [
        "# yaml-language-server: $schema=scenario.schema.json",
        f"# Generated: {injects} injects, seed {seed}.",
        f"title: Generated exercise of {injects} injects",
        "exercise:",
        f"  id: TTX-GEN-{seed}",
        '  version: "1.0"',
        '  classification: "UNCLASSIFIED // FOR TRAINING USE — FICTIONAL SCENARIO"',
        "  summary: >-",
        "    A generated exercise that walks the Alliance through the phases the rules allow,",
        "    one legal move at a time, with a disaster during a security crisis.",
        f"  start_phase: {phases[0]}" if phases else "",
        "objectives:",
        *(
            f"  - {{id: {oid}, text: {_quote(text)}, capability: {capability}}}"
            for oid, text, capability in _OBJECTIVES
        ),
        "cells:",
        *(
            f"  - {{id: {cid}, name: {name}, role: {role}, organisations: [{', '.join(orgs)}]}}"
            for cid, name, role, orgs in _CELLS
        ),
        "modules:",
        *(
            f'  - {{id: m{m:03d}, title: "Module {m + 1}", summary: {_quote(_sentence(rng, topics, _MIDDLES))}}}'
            for m in range(modules)
        ),
        "injects:",
    ]
    minutes = 0
    next_move = 1
    for n in range(injects):
        move = None
        if moves and n == next_move:
            move = opening.pop(0) if opening else _chosen_move(rng, policy, phases)
            next_move = n + rng.randint(MOVE_EVERY // 2 + 1, MOVE_EVERY + MOVE_EVERY // 2)
        entry_lines: list[str] = []
        if move is not None:
            entry_lines = _entry_lines(policy, phases, move)
            phases = policy.after(phases, move)
        minutes += rng.choice((10, 20, 30, 45, 60, 90))
        day, clock = divmod(minutes, 24 * 60)
        cites = _citations(rng, corpus, phases)
        tags = sorted({tag for clause_id in cites for tag in corpus.clause(clause_id).tags}) or sorted(corpus.tags)[:1]
        objective = _OBJECTIVES[n % len(_OBJECTIVES)][0]
        cells = sorted(rng.sample(_PLAYERS, 2))
        narrative = " ".join(_sentence(rng, topics, part) for part in (_OPENINGS, _MIDDLES, _CLOSINGS))
        lines += [
            f"  - id: inject-{n:05d}",
            f"    title: {_quote(f'{_capitalised(rng.choice(_ACTORS))} near {rng.choice(_PLACES)}')}",
            f"    module: m{min(n // _INJECTS_PER_MODULE, modules - 1):03d}",
            f'    time: "D{day - 400:+d} {clock // 60:02d}:{clock % 60:02d}"',
            *entry_lines,
            f"    to: [{', '.join(cells)}]",
            f"    objectives: [{objective}]",
            f"    tags: [{', '.join(rng.sample(tags, min(len(tags), 3)))}]",
            "    narrative: >-",
            *_folded(narrative, "      "),
            "    questions:",
            f"      - {_quote(_sentence(rng, topics, _QUESTIONS))}",
            f"      - {{cell: {cells[0]}, text: {_quote(_sentence(rng, topics, _QUESTIONS))}}}",
            "    expected_actions:",
            *(
                f"      - {{action: {_quote(action.format(topic=rng.choice(topics)))}, "
                f"responsible: {responsible}, objective: {objective}}}"
                for action, responsible in rng.sample(_ACTIONS, 2)
            ),
            f"    cite: [{', '.join(cites)}]",
            f"    facilitator_notes: {_quote(_sentence(rng, topics, _CLOSINGS))}",
        ]
    return "\n".join(line for line in lines if line) + "\n"


def _opening_moves(corpus: Corpus, policy: PhasePolicy, phases: tuple[str, ...]) -> list[Move]:
    """Leave the starting phase of the first region that has one, then enter a region that
    starts empty while the first is away (with the bundled rules: a disaster in a crisis)."""
    homed = [region.id for region in corpus.regions if region.initial is not None]
    away = next((m for m in policy.legal_moves(phases) if m.region in homed and not m.gates), None)
    away = away or next((m for m in policy.legal_moves(phases) if m.region in homed), None)
    if away is None:
        return []
    after = policy.after(phases, away)
    enter = sorted(
        (m for m in policy.legal_moves(after) if m.source is None and m.region not in homed),
        key=lambda m: (len(m.gates), m.trigger),
    )
    return [away, *enter[:1]]


def _chosen_move(rng: random.Random, policy: PhasePolicy, phases: tuple[str, ...]) -> Move | None:
    legal = sorted(policy.legal_moves(phases), key=lambda m: (m.trigger, m.source or "", m.dest or ""))
    return rng.choice(legal) if legal else None


def _entry_lines(policy: PhasePolicy, phases: tuple[str, ...], move: Move) -> list[str]:
    """How an author writes the move: `phase:` alone when it is the one way in, else `trigger:`."""
    lines = []
    by_phase = policy.entry(phases, phase=move.dest, trigger=None) if move.dest is not None else None
    if by_phase is None or by_phase.move != move:
        lines.append(f"    trigger: {move.trigger}")
    if move.dest is not None:
        lines.append(f"    phase: {move.dest}")
    if move.gates:
        lines.append(f"    gates: {{{', '.join(f'{gate.id}: true' for gate in move.gates)}}}")
    return lines


def _citations(rng: random.Random, corpus: Corpus, phases: tuple[str, ...]) -> list[str]:
    applicable = sorted(corpus.applicable_ids(phases))
    if not applicable:
        return []
    return sorted(rng.sample(applicable, min(len(applicable), rng.randint(2, 4))))


def _sentence(rng: random.Random, topics: Sequence[str], templates: Sequence[str]) -> str:
    return rng.choice(templates).format(
        actor=rng.choice(_ACTORS), place=rng.choice(_PLACES), count=rng.randint(2, 200), topic=rng.choice(topics)
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _quote(text: str) -> str:
    """A YAML double-quoted scalar of `text`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _folded(text: str, indent: str, width: int = 88) -> list[str]:
    """`text` as the lines of a folded block scalar (`>-`), wrapped at `width`."""
    lines, line = [], ""
    for word in text.split():
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, indent + line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scenarios", description=__doc__.splitlines()[0])
    parser.add_argument("--injects", type=int, default=500, help="Number of injects (default: 500).")
    parser.add_argument("--seed", type=int, default=7, help="Seed; the same seed gives the same text.")
    parser.add_argument("--rules", help="Rules file (default: the bundled one).")
    parser.add_argument("-o", "--output", type=Path, help="Write here instead of standard output.")
    args = parser.parse_args(argv)
    if args.injects < 1:
        parser.error("--injects must be at least 1")
    from tabletop.rules import load_rules

    text = generate_scenario(load_rules(args.rules), args.injects, args.seed)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
