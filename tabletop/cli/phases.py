"""`tabletop phases`: the Guidelines' phases, the triggers between them, their gates and bases."""

from __future__ import annotations

import click

from tabletop.cli._common import READING_WIDTH, AppContext, emit_json, format_option, pass_app, terminal_safe, wrap

__all__ = ["phases_json", "register"]


def phases_json(corpus) -> dict:
    """The JSON form of the phase model: a public contract for scripts.

    Keys: `regions` (id, title, initial, empty_title), `phases` (slug, title, region,
    summary, defined_by, applicable: clause ids in document order, applies: each rule's
    clauses, subtree and basis; preparatory and prepares: the same for the clauses whose
    measures may be taken before the situation is determined), `transitions` (trigger, title,
    region, source, dest, basis, gates: id, question, authority, strength, reference),
    `constraints` (phases, prevails, basis, reason: combinations that cannot hold at once),
    `determinations` (id, title, authority, diet, reference, available_in, basis, side,
    us_authority, requires, uncertain: decisions recorded without changing phase) and
    `requirement_kinds` (kind, description: what a gate or a determination may need
    first). Each phase also lists the `determinations` open in it, and each gate has the same
    `side`, `us_authority`, `requires` and `uncertain` as a determination. A null `source`
    entry means the region's empty state; a null `dest` leaves the region empty.
    """
    region_of = {phase.slug: phase.region for phase in corpus.phases}
    return {
        "regions": [
            {
                "id": region.id,
                "title": region.title,
                "initial": region.initial,
                "empty_title": region.empty_title,
            }
            for region in corpus.regions
        ],
        "phases": [
            {
                "slug": phase.slug,
                "title": phase.title,
                "region": phase.region,
                "summary": phase.summary,
                "defined_by": list(phase.defined_by),
                "applicable": [clause.id for clause in corpus.applicable([phase.slug])],
                "applies": [
                    {"clauses": list(rule.clauses), "subtree": rule.subtree, "basis": rule.basis}
                    for rule in phase.applies
                ],
                "preparatory": [clause.id for clause in corpus.in_order(corpus.preparatory_ids([phase.slug]))],
                "prepares": [
                    {"clauses": list(rule.clauses), "subtree": rule.subtree, "basis": rule.basis}
                    for rule in phase.prepares
                ],
                "determinations": [d.id for d in corpus.determinations_in([phase.slug])],
            }
            for phase in corpus.phases
        ],
        "transitions": [
            {
                "trigger": spec.trigger,
                "title": spec.title,
                "region": region_of[next(e for e in (*spec.source, spec.dest) if e is not None)],
                "source": list(spec.source),
                "dest": spec.dest,
                "basis": spec.basis,
                "gates": [gate.model_dump(mode="json") for gate in spec.gates],
            }
            for spec in corpus.transitions
        ],
        "constraints": [constraint.model_dump(mode="json") for constraint in corpus.constraints],
        "determinations": [determination.model_dump(mode="json") for determination in corpus.determinations],
        "requirement_kinds": [
            {"kind": kind, "description": description} for kind, description in corpus.requirement_kinds.items()
        ],
    }


def _wrap(text: str, indent: str) -> str:
    # Long passages read best at READING_WIDTH columns, or the terminal's width when that is narrower.
    return wrap(text, indent, limit=READING_WIDTH)


def _echo(line: str = "") -> None:
    # Titles, questions and authorities come from the rules file (any file, with --rules):
    # nothing in them may drive the terminal or break the layout.
    click.echo(terminal_safe(line, one_line=True))


_SIDES = {"united_states": "the U.S. side's decision", "both": "each government's own decision"}


def _echo_decider(decider, indent: str) -> None:
    """Whose decision it is, what it needs first and what is not verified: the lines a gate and
    a determination share (`decided by` is printed by the caller)."""
    if decider.side in _SIDES:
        click.echo(_wrap(_SIDES[decider.side], indent))
    if decider.us_authority:
        click.echo(_wrap(f"U.S. side: {decider.us_authority}", indent))
    for requirement in decider.requires:
        named = " or ".join([*requirement.determinations, *requirement.gates])
        notes = [
            note
            for flag, note in (
                (requirement.after, "may follow the decision"),
                (requirement.discretionary, "when deemed necessary"),
                (bool(requirement.satisfied_in), f"met in {', '.join(requirement.satisfied_in)}"),
            )
            if flag
        ]
        label = " ".join(part for part in (requirement.kind, named) if part)
        label += f" ({'; '.join(notes)})" if notes else ""
        click.echo(_wrap(f"needs {label}: {requirement.detail}", indent))
    if decider.uncertain:
        click.echo(_wrap(f"not verified: {decider.uncertain}", indent))


def _print_text(corpus) -> None:
    empty = {region.id: f"({region.empty_title or 'empty'})" for region in corpus.regions}
    region_of = {phase.slug: phase.region for phase in corpus.phases}

    def name(state: str | None, region: str) -> str:
        return state if state is not None else empty[region]

    click.secho(
        wrap(
            "Regions (one phase of each holds at a time; what applies is the union)",
            "  ",
            first="",
            limit=READING_WIDTH,
        ),
        bold=True,
    )
    column = max(10, *(len(region.id) for region in corpus.regions))
    for region in corpus.regions:
        start = f"in {region.initial}" if region.initial is not None else f"empty {empty[region.id]}"
        click.echo(
            wrap(
                f"{region.title}; starts {start}",
                " " * (column + 3),
                first=f"  {region.id:<{column}} ",
                limit=READING_WIDTH,
            )
        )
    click.echo()
    click.secho("Phases", bold=True)
    width = max(len(phase.slug) for phase in corpus.phases)
    for phase in corpus.phases:
        count = len(corpus.applicable_ids([phase.slug]))
        hanging = " " * (width + 4)
        click.echo(wrap(phase.title, hanging, first=f"  {phase.slug:<{width}}  ", limit=READING_WIDTH))
        click.echo(
            wrap(
                f"region {phase.region}; defined by {', '.join(phase.defined_by)}; {count} clauses apply",
                hanging,
                limit=READING_WIDTH,
            )
        )
        preparatory = corpus.preparatory_ids([phase.slug])
        if preparatory:
            named = ", ".join(clause for rule in phase.prepares for clause in rule.clauses)
            click.echo(
                wrap(
                    f"may be taken before the situation is determined: {named} ({len(preparatory)} clauses)",
                    hanging,
                    limit=READING_WIDTH,
                )
            )
    click.echo()
    click.secho("Triggers", bold=True)
    for spec in corpus.transitions:
        region = region_of[next(e for e in (*spec.source, spec.dest) if e is not None)]
        sources = ", ".join(name(source, region) for source in spec.source)
        click.echo(
            wrap(f"{spec.trigger}: {sources} -> {name(spec.dest, region)}", "      ", first="  ", limit=READING_WIDTH)
        )
        if spec.title:
            click.echo(_wrap(spec.title, "      "))
        click.echo(_wrap(f"basis: “{spec.basis}”", "      "))
        for gate in spec.gates:
            click.echo(
                wrap(
                    f"gate {gate.id} [{gate.strength}; decided by {gate.authority}]",
                    "          ",
                    first="      ",
                    limit=READING_WIDTH,
                )
            )
            click.echo(_wrap(gate.question, "          "))
            click.echo(_wrap(f"reference: {gate.reference}", "          "))
            _echo_decider(gate, "          ")
        click.echo()
    if corpus.constraints:
        click.secho("Combinations that cannot hold", bold=True)
        for constraint in corpus.constraints:
            first, second = constraint.phases
            ends = f"; entering {constraint.prevails} ends the other" if constraint.prevails else ""
            click.echo(wrap(f"{first} + {second}{ends}", "      ", first="  ", limit=READING_WIDTH))
            click.echo(_wrap(constraint.reason, "      "))
            click.echo(_wrap(f"basis: “{constraint.basis}”", "      "))
        click.echo()
    if corpus.determinations:
        click.secho("Determinations recorded without changing phase", bold=True)
        for determination in corpus.determinations:
            click.echo(wrap(f"{determination.id}: {determination.title}", "      ", first="  ", limit=READING_WIDTH))
            click.echo(_wrap(f"in: {', '.join(determination.available_in)}", "      "))
            click.echo(_wrap(f"decided by {determination.authority}", "      "))
            click.echo(_wrap(f"Diet: {determination.diet}", "      "))
            click.echo(_wrap(f"reference: {determination.reference}", "      "))
            _echo_decider(determination, "      ")
        click.echo()
        click.secho("Determinations open in each phase", bold=True)
        width = max(len(phase.slug) for phase in corpus.phases)
        for phase in corpus.phases:
            open_here = ", ".join(d.id for d in corpus.determinations_in([phase.slug])) or "none"
            click.echo(wrap(open_here, " " * (width + 4), first=f"  {phase.slug:<{width}}  ", limit=READING_WIDTH))
        click.echo()
    us_side = [
        (f"{spec.trigger}: gate {gate.id}", gate)
        for spec in corpus.transitions
        for gate in spec.gates
        if gate.side != "japan"
    ] + [(f"determination {d.id}", d) for d in corpus.determinations if d.side != "japan"]
    if us_side:
        click.secho("The U.S. side's decisions", bold=True)
        for name, decider in us_side:
            who = decider.us_authority if decider.side == "both" else decider.authority
            click.echo(wrap(f"{name} ({_SIDES[decider.side]})", "      ", first="  ", limit=READING_WIDTH))
            click.echo(_wrap(f"decided on the U.S. side by: {who}", "      "))
        click.echo()
    if corpus.requirement_kinds:
        click.secho("What a decision may need first", bold=True)
        for kind, description in corpus.requirement_kinds.items():
            click.echo(wrap(f"{kind}: {description}", "      ", first="  ", limit=READING_WIDTH))
        click.echo()


@click.command()
@format_option("text", "json", "mermaid")
@pass_app
def phases(app: AppContext, output_format: str) -> None:
    """Print the phases, the triggers between them, their gates and bases.

    Text lists each phase (title, region, defining clauses, how many clauses
    apply), each trigger (source -> destination) with the Guidelines passage
    that justifies it, and the determinations (gates) the facilitator must
    confirm before it fires: the question, who decides, whether the
    requirement is policy (the Guidelines) or statutory (Japanese law), and
    the reference, whose decision it is (Japan's, the U.S. side's, or each
    government's), what it needs first and what is not verified; then the
    combinations of phases that cannot hold at once, the determinations (orders,
    situations determined, the U.S. side's requests) the room records without
    changing phase, those open in each phase, the U.S. side's decisions, and the
    kinds of step a decision may need first. --format json prints the same as a stable document for
    scripts; --format mermaid prints a state diagram generated from the phase
    machine itself.
    """
    corpus = app.corpus
    if output_format == "json":
        emit_json(phases_json(corpus))
    elif output_format == "mermaid":
        from tabletop.phases import PhaseMachine

        click.echo(terminal_safe(PhaseMachine(corpus).to_mermaid()), nl=False)
    else:
        _print_text(corpus)


def register(group: click.Group) -> None:
    group.add_command(phases)
