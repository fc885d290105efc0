"""`tabletop ip`: the improvement plan of a session, completed after the seminar.

At the hot wash an issue and a corrective action are enough; owners, points of contact and dates
are settled at the After-Action Meeting, after the session has ended. Each change here is one
event through the session's command path (`improvement_item_added`, `improvement_item_updated`,
`improvement_item_closed`), the only events an ended session accepts, so the after-action report
is reprinted from the same record and marks what is still open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tabletop.cli._common import (
    as_typed,
    database_option,
    emit_json,
    format_option,
    given_on_the_command_line,
    open_session,
    read_session,
    recording,
    session_dir_option,
    terminal_safe,
    wrap,
)

if TYPE_CHECKING:
    from tabletop.session import ImprovementItem, Session

__all__ = ["register", "improvement_item_summary"]

_IN_DATABASE = "A session in this PostgreSQL database (SESSION is its id there)."


@click.group(name="ip")
def ip() -> None:
    """The improvement plan of a session: list, add, complete and close its items.

    Works on a session that has ended (the After-Action Meeting follows the
    seminar): an ended session accepts improvement-plan changes and nothing
    else. Each change is recorded in the session's journal, so the
    after-action report printed afterwards shows the plan as it stands:
    drafts (items with a field still to settle: capability element, owner,
    point of contact or a date) marked open with what they lack, and closed
    items with when and how. A session a console is recording is refused
    until the console lets it go.
    """


_F = TypeVar("_F", bound=Callable[..., Any])


def _calendar_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """A date option's value: written YYYY-MM-DD and on the calendar (2031-02-30 is not)."""
    if value is None:
        return None
    from tabletop.modelerrors import WRITTEN_DATE, impossible_date

    text = value.strip()
    if WRITTEN_DATE.fullmatch(text) is None:
        raise click.BadParameter(f"{text!r} is not a date in the form YYYY-MM-DD (write it as 2031-03-01)")
    impossible = impossible_date(text)
    if impossible is not None:
        raise click.BadParameter(f"{text!r} is not a date: {impossible}")
    return date.fromisoformat(text)


def _in_words(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An issue or a corrective action: stripped, and refused when blank (a usage error, exit 2,
    before the session is opened): an item must say what the issue is and what will be done."""
    if value is None:
        return None
    from tabletop.session import ITEM_NEEDS_WORDS

    text = value.strip()
    if not text:
        raise click.BadParameter(
            f"it is blank; an improvement item needs {ITEM_NEEDS_WORDS[param.name or '']} in words"
        )
    return text


def _stripped(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A field to settle (organisation, point of contact): only spaces is not given, as the
    session takes it, so that `ip complete` with nothing but blanks is told so before it opens
    the session."""
    if value is None:
        return None
    return value.strip() or None


CAPABILITY_CHOICES = ("Planning", "Organisation", "Equipment", "Training", "Exercises")
"""`tabletop.session.CAPABILITY_ELEMENTS`, named here so that `--help` loads no session module (a
test holds them equal)."""


class _CapabilityChoice(click.Choice[str]):
    """HSEEP's capability elements, in any case, HSEEP's own spellings (`Organization`,
    `Exercise`) taken for the project's; anything else a usage error naming them (exit 2)."""

    def __init__(self) -> None:
        super().__init__(CAPABILITY_CHOICES, case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from tabletop.session import capability_element

        return super().convert(capability_element(str(value)) or value, param, ctx)


def _item_options(*, required: bool) -> Callable[[_F], _F]:
    """The options that set an item's fields (`--action` required when adding)."""
    options = [
        click.option(
            "--action", "corrective_action", required=required, callback=_in_words, help="The corrective action."
        ),
        click.option(
            "--capability",
            "capability_element",
            type=_CapabilityChoice(),
            help="The capability element, one of HSEEP's five (any case).",
        ),
        click.option(
            "--organisation",
            "responsible_organisation",
            callback=_stripped,
            help="The organisation responsible (blank: not yet).",
        ),
        click.option("--poc", "point_of_contact", callback=_stripped, help="The point of contact (blank: not yet)."),
        click.option(
            "--start",
            "start_date",
            metavar="YYYY-MM-DD",
            callback=_calendar_date,
            help="When the corrective action starts.",
        ),
        click.option(
            "--due",
            "completion_date",
            metavar="YYYY-MM-DD",
            callback=_calendar_date,
            help="When it is to be completed.",
        ),
    ]

    def apply(function: _F) -> _F:
        for option in reversed(options):
            function = option(function)
        return function

    return apply


@ip.command(name="list")
@click.argument("session", metavar="SESSION")
@session_dir_option()
@database_option(_IN_DATABASE)
@format_option("text", "json")
def list_(session: str, session_dir: str | None, database_url: str | None, output_format: str) -> None:
    """List the improvement plan's items: number, status (draft, open, closed), what is missing."""
    with read_session(session, session_dir, database_url) as opened:
        _show(opened, output_format)


@ip.command()
@click.argument("session", metavar="SESSION")
@click.option("--issue", required=True, callback=_in_words, help="The issue or area for improvement.")
@_item_options(required=True)
@session_dir_option()
@database_option(_IN_DATABASE)
@format_option("text", "json")
def add(
    session: str, issue: str, session_dir: str | None, database_url: str | None, output_format: str, **fields: Any
) -> None:
    """Add an item: --issue and --action are enough (a draft); the rest may follow.

    Both must have words; the other texts are stripped, and one given as only spaces is not
    given (the item stays a draft)."""
    given = {name: value for name, value in fields.items() if value is not None}
    with (
        recording("the improvement item", _listing(session, session_dir, database_url)) as told,
        told.session(_for_the_plan("ip add", session, session_dir, database_url)) as opened,
    ):
        opened.add_improvement_item(issue=issue, **given)
        _show(opened, output_format)


@ip.command()
@click.argument("session", metavar="SESSION")
@click.argument("item", type=click.IntRange(min=1))
@_item_options(required=False)
@session_dir_option()
@database_option(_IN_DATABASE)
@format_option("text", "json")
def complete(
    session: str, item: int, session_dir: str | None, database_url: str | None, output_format: str, **fields: Any
) -> None:
    """Complete or correct ITEM (its number in the list): the fields given change, the others stay."""
    given = {name: value for name, value in fields.items() if value is not None}
    if not given:
        raise click.UsageError(
            "give at least one of --action, --capability, --organisation, --poc, --start, --due (with words: "
            "a value of only spaces is no value)"
        )
    with (
        recording(f"the change to item {item}", _listing(session, session_dir, database_url)) as told,
        told.session(_for_the_plan("ip complete", session, session_dir, database_url)) as opened,
    ):
        opened.complete_improvement_item(item, **given)
        _show(opened, output_format)


@ip.command()
@click.argument("session", metavar="SESSION")
@click.argument("item", type=click.IntRange(min=1))
@click.option("--remark", default="", help="How it was closed (done, dropped, merged into another).")
@session_dir_option()
@database_option(_IN_DATABASE)
@format_option("text", "json")
def close(
    session: str, item: int, remark: str, session_dir: str | None, database_url: str | None, output_format: str
) -> None:
    """Close ITEM (its number in the list): the corrective action is done, or dropped as --remark says."""
    with (
        recording(f"the closing of item {item}", _listing(session, session_dir, database_url)) as told,
        told.session(_for_the_plan("ip close", session, session_dir, database_url)) as opened,
    ):
        opened.close_improvement_item(item, remark.strip())
        _show(opened, output_format)


_ON_THE_CONSOLE = {
    "ip add": "Add it on that console instead: its hot wash screen (w), then p; or here once the console has quit (q).",
    "ip complete": "The console does not complete items: run this again once it has quit (q).",
    "ip close": "The console does not close items: run this again once it has quit (q).",
}
"""What to do instead, by command, while a console holds the facilitator's seat."""


def _for_the_plan(command: str, session: str, session_dir: str | None, database_url: str | None) -> Session:
    """SESSION opened to record a change to its plan, as its facilitator (refused, saying what to
    do instead, while a console holds the facilitator's seat)."""
    return open_session(session, session_dir, database_url, instead=(command, _ON_THE_CONSOLE[command]))


def _listing(session: str, session_dir: str | None, database_url: str | None) -> str:
    """The command that lists SESSION's plan, as the user would type it again."""
    words = ["tabletop", "ip", "list", session]
    if session_dir is not None and given_on_the_command_line("session_dir"):
        words += ["--session-dir", session_dir]
    if database_url is not None and given_on_the_command_line("database_url"):
        return as_typed(*words) + " --db URL"
    return as_typed(*words)


def improvement_item_summary(item: ImprovementItem) -> dict[str, Any]:
    """One item as `tabletop ip --format json` prints it (a stable contract)."""
    return {
        "number": item.number,
        "status": item.status,
        "issue": item.issue,
        "corrective_action": item.corrective_action,
        "capability_element": item.capability_element,
        "responsible_organisation": item.responsible_organisation,
        "point_of_contact": item.point_of_contact,
        "start_date": item.start_date.isoformat() if item.start_date else None,
        "completion_date": item.completion_date.isoformat() if item.completion_date else None,
        "missing": list(item.missing),
        "closed_at": item.closed_at.isoformat().replace("+00:00", "Z") if item.closed_at else None,
        "closing_remark": item.closing_remark,
    }


def _show(opened: Session, output_format: str) -> None:
    state = opened.state
    items = state.improvement_plan
    if output_format == "json":
        emit_json({"session_id": state.session_id, "items": [improvement_item_summary(i) for i in items]})
        return
    counts = {status: sum(1 for i in items if i.status == status) for status in ("draft", "open", "closed")}
    click.echo(
        f"improvement plan of {terminal_safe(state.session_id)}: {len(items)} item(s), "
        f"{counts['draft']} draft, {counts['open']} open, {counts['closed']} closed"
    )
    for item in items:
        head = f"{item.number:<3}{item.status:<8}"
        indent = " " * len(head)
        click.echo(wrap(item.issue, indent, first=head))
        click.echo(wrap(item.corrective_action, indent + "   ", first=indent + "-> "))
        settled = [
            value for value in (item.capability_element, item.responsible_organisation, item.point_of_contact) if value
        ]
        if item.start_date or item.completion_date:
            start = item.start_date.isoformat() if item.start_date else "?"
            due = item.completion_date.isoformat() if item.completion_date else "?"
            settled.append(f"{start} to {due}")
        if settled:
            click.echo(wrap("; ".join(settled), indent))
        if item.closed_at is not None:
            remark = f": {terminal_safe(item.closing_remark)}" if item.closing_remark else ""
            click.echo(f"{indent}closed {item.closed_at.date().isoformat()}{remark}")
        elif item.missing:
            click.echo(wrap(f"still to settle: {', '.join(item.missing)}", indent))


def register(group: click.Group) -> None:
    group.add_command(ip)
