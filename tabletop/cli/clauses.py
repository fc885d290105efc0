"""`tabletop clauses`: look clauses up by tree, id or free text."""

from __future__ import annotations

import textwrap

import click

from tabletop.cli._common import AppContext, emit_json, format_option, pass_app, terminal_safe

__all__ = ["register"]


def clause_json(corpus, clause) -> dict:
    """The JSON form of one clause: a public contract for scripts."""
    return {
        "id": clause.id,
        "title": clause.title,
        "text": clause.text,
        "tags": list(clause.tags),
        "keywords": list(clause.keywords),
        "parent": clause.parent,
        "phases": corpus.phases_of(clause.id),
    }


@click.group(invoke_without_command=True)
@click.option("--phase", "phases", multiple=True, metavar="SLUG",
              help="Only clauses that apply in this phase (repeat for a disaster during a security phase).")
@format_option("text", "json")
@pass_app
@click.pass_context
def clauses(ctx: click.Context, app: AppContext, phases: tuple[str, ...], output_format: str) -> None:
    """Print the clause tree (id and title), or look clauses up.

    With no sub-command, prints every clause of the Guidelines as an indented
    tree; --phase limits it to the clauses that apply in that phase.
    """
    if ctx.invoked_subcommand is not None:
        return
    corpus = app.corpus
    selected = corpus.applicable(corpus.phase_combination(phases)) if phases else list(corpus)
    if output_format == "json":
        emit_json([clause_json(corpus, clause) for clause in selected])
        return
    width = max((2 * c.depth + len(c.id) for c in selected), default=0) + 2
    for clause in selected:
        label = "  " * clause.depth + clause.id
        click.echo(f"{label:<{width}}{_line(clause.title)}")


@clauses.command()
@click.argument("clause_id", metavar="ID")
@format_option("text", "json")
@pass_app
def show(app: AppContext, clause_id: str, output_format: str) -> None:
    """Print one clause: verbatim text, parent chain, tags and phases.

    An unknown ID is a usage error (exit 2) that suggests the nearest ids.
    """
    corpus = app.corpus
    clause = corpus.clause(clause_id)
    if output_format == "json":
        data = clause_json(corpus, clause)
        data["ancestors"] = [{"id": a.id, "title": a.title} for a in corpus.ancestors(clause.id)]
        data["children"] = list(clause.children)
        emit_json(data)
        return
    for depth, ancestor in enumerate(corpus.ancestors(clause.id)):
        click.echo(f"{'  ' * depth}{_line(ancestor.label)}")
    click.secho(f"{'  ' * clause.depth}{_line(clause.label)}", bold=True)
    click.echo()
    text = terminal_safe(clause.text)
    for paragraph in text.split("\n\n") if text else ["(no text of its own)"]:
        for line in paragraph.splitlines():
            # A list item's continuation lines hang under its text, not its dash.
            hanging = "  " if line.startswith("- ") else ""
            click.echo(textwrap.fill(line, width=88, subsequent_indent=hanging))
        click.echo()
    click.echo(f"tags:    {_line(', '.join(clause.tags)) or '-'}")
    click.echo(f"phases:  {', '.join(corpus.phases_of(clause.id)) or '-'}")
    if clause.children:
        click.echo(f"sub-clauses: {', '.join(clause.children)}")
    click.echo(f"source:  {_line(corpus.document.title)} ({corpus.document.date})")


@clauses.command()
@click.argument("words", nargs=-1, required=True, metavar="TEXT...")
@click.option("--phase", "phases", multiple=True, metavar="SLUG",
              help="Only clauses that apply in this phase (repeat for a disaster during a security phase).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Show at most this many clauses.")
@format_option("text", "json")
@pass_app
def search(app: AppContext, words: tuple[str, ...], phases: tuple[str, ...], limit: int,
           output_format: str) -> None:
    """Rank clauses by relevance to free TEXT (full-text search with BM25).

    Headings and curated keywords weigh more than the body text; common words
    are ignored and punctuation is never search syntax. Each result names the
    words that matched. With --phase, only clauses applicable in that phase are
    searched.

    \b
    Examples:
      tabletop clauses search minesweeping sea lines of communication
      tabletop clauses search --phase attack "downed pilot at sea"
    """
    from tabletop.rules import ClauseIndex

    corpus = app.corpus
    text = " ".join(words)
    if not text.strip():
        raise click.UsageError("give the words to search for, e.g. tabletop clauses search minesweeping")
    selected = corpus.phase_combination(phases) if phases else None
    index = ClauseIndex.for_corpus(corpus)
    hits = index.search(text, phases=selected, limit=limit)
    if output_format == "json":
        emit_json([
            {
                "id": hit.id,
                "title": hit.title,
                "score": round(hit.score, 4),
                "reason": hit.reason,
                "matched": list(hit.matched),
                "terms": [{"term": spelled, "concept": concept} for spelled, concept in hit.via],
                "text": corpus.clause(hit.id).text,
                "tags": list(corpus.clause(hit.id).tags),
                "phases": corpus.phases_of(hit.id),
            }
            for hit in hits
        ])
        return
    if not hits:
        where = f" among the clauses applicable in {' + '.join(selected)}" if selected else ""
        query = index.parse(text)
        hint = "" if query.terms or query.found else " (common words such as 'the' and 'will' are not searched)"
        click.echo(f"No clause matches {_line(repr(text))}{where}{hint}.")
        return
    width = max(len(hit.id) for hit in hits)
    for rank, hit in enumerate(hits, start=1):
        click.echo(f"{rank:>2}. {hit.id:<{width}}  {_line(hit.title)}")
        click.echo(f"    {' ' * width}  {_line(hit.reason)}  (score {hit.score:.2f})")


def _line(text: str) -> str:
    # Titles, tags and reasons come from the rules file (any file, with --rules) and from the
    # person's own words: nothing in them may drive the terminal or break the line.
    return terminal_safe(text, one_line=True)


def register(group: click.Group) -> None:
    group.add_command(clauses)
