"""`tabletop clauses`: look clauses up by tree, id or free text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from tabletop.cli._common import READING_WIDTH, AppContext, emit_json, format_option, pass_app, terminal_safe, wrap

if TYPE_CHECKING:
    from tabletop.rules import Clause, Corpus

__all__ = ["register"]


def clause_json(corpus: Corpus, clause: Clause) -> dict[str, Any]:
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
@click.option(
    "--phase",
    "phases",
    multiple=True,
    metavar="SLUG",
    help="Only clauses that apply in this phase (repeat for a disaster during a security phase).",
)
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
        click.echo(wrap(clause.title, " " * width, first=f"{label:<{width}}"))


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
        click.echo(wrap(ancestor.label, "  " * (depth + 2), first="  " * depth))
    click.secho(wrap(clause.label, "  " * (clause.depth + 2), first="  " * clause.depth), bold=True)
    click.echo()
    text = terminal_safe(clause.text)
    for paragraph in text.split("\n\n") if text else ["(no text of its own)"]:
        for line in paragraph.splitlines():
            # A list item's continuation lines hang under its text, not its dash.
            hanging = "  " if line.startswith("- ") else ""
            click.echo(wrap(line, hanging, first="", limit=READING_WIDTH))
        click.echo()
    click.echo(wrap(", ".join(clause.tags) or "-", " " * 9, first="tags:    "))
    click.echo(wrap(", ".join(corpus.phases_of(clause.id)) or "-", " " * 9, first="phases:  "))
    if clause.children:
        click.echo(wrap(", ".join(clause.children), " " * 13, first="sub-clauses: "))
    click.echo(wrap(f"{corpus.document.title} ({corpus.document.date})", " " * 9, first="source:  "))


@clauses.command()
@click.argument("words", nargs=-1, required=True, metavar="TEXT...")
@click.option(
    "--phase",
    "phases",
    multiple=True,
    metavar="SLUG",
    help="Only clauses that apply in this phase (repeat for a disaster during a security phase).",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Show at most this many clauses."
)
@format_option("text", "json")
@pass_app
def search(app: AppContext, words: tuple[str, ...], phases: tuple[str, ...], limit: int, output_format: str) -> None:
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
    from tabletop.rules import ClauseIndex, find_clauses

    corpus = app.corpus
    text = " ".join(words)
    if not text.strip():
        raise click.UsageError("give the words to search for, e.g. tabletop clauses search minesweeping")
    selected = corpus.phase_combination(phases) if phases else None
    index = ClauseIndex.for_corpus(corpus)
    within = corpus.applicable_ids(selected) if selected is not None else None
    hits = find_clauses(index, text, within=within, limit=limit)
    if output_format == "json":
        emit_json(
            [
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
            ]
        )
        return
    if not hits:
        where = f" among the clauses applicable in {' + '.join(selected)}" if selected else ""
        query = index.parse(text)
        hint = "" if query.terms or query.found else " (common words such as 'the' and 'will' are not searched)"
        click.echo(f"No clause matches {_line(repr(text))}{where}{hint}.")
        return
    width = max(len(hit.id) for hit in hits)
    for rank, hit in enumerate(hits, start=1):
        hanging = " " * (width + 6)
        click.echo(wrap(hit.title, hanging, first=f"{rank:>2}. {hit.id:<{width}}  "))
        click.echo(wrap(f"{hit.reason}  (score {hit.score:.2f})", hanging))


@click.command()
@format_option("text", "json")
@pass_app
def tags(app: AppContext, output_format: str) -> None:
    """List the tag vocabulary: each tag, what it covers, and how many clauses carry it.

    Scenarios tag their injects with these (`tags:`), and `tabletop cite --tag`
    ranks the clauses that carry a tag higher; a suggestion's reason names a
    tag in words ("the situation is tagged maritime security").
    """
    corpus = app.corpus
    counts = {tag: 0 for tag in corpus.tags}
    for clause in corpus:
        for tag in clause.tags:
            counts[tag] = counts.get(tag, 0) + 1
    if output_format == "json":
        emit_json(
            [
                {"tag": tag, "name": corpus.tag_name(tag), "description": text, "clauses": counts[tag]}
                for tag, text in corpus.tags.items()
            ]
        )
        return
    width = max((len(tag) for tag in corpus.tags), default=0)
    for tag, text in corpus.tags.items():
        click.echo(wrap(f"{text} ({counts[tag]} clauses)", " " * (width + 4), first=f"  {tag:<{width}}  "))


def _line(text: str) -> str:
    # Titles, tags and reasons come from the rules file (any file, with --rules) and from the
    # person's own words: nothing in them may drive the terminal or break the line.
    return terminal_safe(text, one_line=True)


def register(group: click.Group) -> None:
    group.add_command(clauses)
    group.add_command(tags)
