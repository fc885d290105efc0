"""`tabletop cite`: the clauses to put in front of the facilitator for a situation, without a session."""

from __future__ import annotations

import sys

import click

from tabletop.cli._common import AppContext, emit_json, format_option, pass_app, wrap

__all__ = ["register"]


@click.command()
@click.argument("words", nargs=-1, metavar="TEXT...")
@click.option(
    "--phase",
    "phases",
    multiple=True,
    required=True,
    metavar="SLUG",
    help="The current phase; repeat for a disaster during a security phase (--phase attack --phase disaster).",
)
@click.option(
    "--tag",
    "tags",
    multiple=True,
    metavar="TAG",
    help="A tag of the situation, from the rules file's vocabulary (repeatable).",
)
@click.option(
    "--cited", "cited", multiple=True, metavar="ID", help="A clause the scenario cites for this situation (repeatable)."
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Show at most this many clauses."
)
@click.option(
    "--evidence",
    "show_evidence",
    is_flag=True,
    help="Under each reason, the detailed evidence: tags, matched words, the function, the phase.",
)
@format_option("text", "json")
@pass_app
def cite(
    app: AppContext,
    words: tuple[str, ...],
    phases: tuple[str, ...],
    tags: tuple[str, ...],
    cited: tuple[str, ...],
    limit: int,
    show_evidence: bool,
    output_format: str,
) -> None:
    """Rank the clauses that apply to a situation, each with the reason it is suggested.

    TEXT describes the situation in the facilitator's words ("-" reads it from
    standard input). Clauses cited with --cited come first, then applicable
    clauses sharing a --tag, then applicable clauses the words point at, in two
    steps: the words decide the function of the Guidelines (maritime security,
    logistic support, search and rescue, ...), and the phases in force decide
    which section's clause answers for it (the attack's item during an attack).
    Each clause comes with one sentence to read aloud ("PAC-3 → ballistic
    missile defense, the attack phase's item"); --evidence adds the detail. A
    clause that does not apply in the given phase(s) is never suggested; a
    --cited one that is out of phase is listed last among the citations and
    marked. Terms practitioners use (PAC-3, JJOC, Yonaguni, 存立危機事態) are read
    through the term bank beside the rules file. Weak matches are not listed;
    when nothing fits, the command says so.

    The JSON output is a list, best first, of objects with id, title, score,
    reason, evidence, function, source, sources, matched_tags, matched_terms,
    out_of_phase and terms: a stable contract for scripts. An empty list means
    nothing fits; the sentence saying so goes to standard error.

    \b
    Examples:
      tabletop cite --phase third_country_attack --tag maritime "mines in the strait"
      tabletop cite --phase attack --phase disaster "earthquake hits the base during the attack"
      tabletop cite --phase attack --evidence "a bomber crew bailed out at sea"
    """
    from tabletop.rules import ClauseIndex
    from tabletop.session import rank_citations

    corpus = app.corpus
    text = sys.stdin.read() if words == ("-",) else " ".join(words)
    if not text.strip() and not tags and not cited:
        raise click.UsageError("describe the situation: give TEXT, a --tag or a --cited clause")
    selected = corpus.phase_combination(phases)
    citations = rank_citations(
        corpus,
        ClauseIndex.for_corpus(corpus),
        selected,
        cited=cited,
        tags=tags,
        text=text,
        limit=limit,
        include_out_of_phase=True,
    )
    if not citations:
        # An empty list is an answer, not a failure: nothing that applies in these phases
        # fits well enough to put in front of the room (weak look-alikes are not listed).
        message = (
            f"Nothing in the clauses that apply in {' + '.join(selected)} fits this situation; no clause is suggested."
        )
        if output_format == "json":
            emit_json([])
            click.echo(message, err=True)
        else:
            click.echo(message)
        return
    if output_format == "json":
        emit_json([citation.to_json() for citation in citations])
        return
    width = max(len(c.id) for c in citations)
    click.echo(f"Clauses for {' + '.join(selected)}, best first:")
    for rank, citation in enumerate(citations, start=1):
        flag = "  [out of phase]" if citation.out_of_phase else ""
        # Titles come from the rules file and reasons quote the situation's words (wrap makes
        # them terminal-safe); on a narrow terminal both keep to the column after the id.
        first = f"{rank:>2}. {citation.id:<{width}}  "
        hanging = " " * len(first)
        click.echo(wrap(f"{citation.title}{flag}", hanging, first=first))
        click.echo(wrap(citation.reason, hanging))
        if show_evidence and citation.evidence != citation.reason:
            click.echo(wrap(f"evidence: {citation.evidence}", hanging + "  "))


def register(group: click.Group) -> None:
    group.add_command(cite)
