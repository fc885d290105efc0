"""The projector view: a layout for a screen at the far end of a room. The phase in force in a
high-contrast band, the inject's scenario time in large digits, its title big and bold, the
narrative in short lines between wide margins, the questions, and the answers of the cells to
the prompts the facilitator revealed since that inject came up; drawn from what the room may see
(`SessionSnapshot.for_participants()`), with no notification over it. Pushed by the console's `v`
and by `tabletop follow`'s `v`; follows the session as it moves; `v` or escape returns."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Digits, Static

from tabletop.scenario import parse_time
from tabletop.session import PromptRecord, SessionSnapshot
from tabletop.tui.screens.base import SnapshotScreen
from tabletop.tui.text import line, plain
from tabletop.tui.widgets import Banner, ClassificationBar
from tabletop.tui.widgets.inject_view import narrative, questions_text

__all__ = ["DAY_LETTER", "ProjectorScreen", "phase_band"]

DAY_LETTER = plain("█▀▄\n█ █\n█▄▀")
"""The D of a scenario time (`D-10 08:00`), three rows tall as Digits draw the rest: a letter,
unlike Digits' own D, which reads as a 0 from the back of a room."""


def phase_band(snapshot: SessionSnapshot) -> Content:
    """The phases in force, by title, one region after another (an empty region left out)."""
    titles = [phase.title for region in snapshot.regions for phase in region.phases if phase.in_force and region.phase]
    return plain("  ·  ".join(titles) or "—", "bold")


class ProjectorScreen(SnapshotScreen):
    for_the_room = True
    """No notification is shown over it (`ConsoleApp.notify`)."""

    BINDINGS = [
        Binding("v,escape", "app.pop_screen", "Back", key_display="v"),
        Binding("n,right", "forward('next')", "Next inject", key_display="n"),
    ]

    def compose(self) -> ComposeResult:
        yield ClassificationBar(id="classification-top", classes="classification")
        yield Banner(id="banner")
        yield Static(id="projector-phase")
        with VerticalScroll(id="projection"):
            with Center(), Horizontal(id="projector-time"):
                # The day's D is a letter, drawn as one: Digits would draw it much like a 0.
                yield Static(DAY_LETTER, id="projector-day")
                yield Digits(id="projector-clock")
            yield Static(id="projector-title")
            with Center():
                yield Static(id="projector-narrative")
            with Center():
                yield Static(id="projector-questions")
            with Center():
                yield Static(id="projector-results")
        yield ClassificationBar(id="classification-bottom", classes="classification")

    def on_screen_resume(self) -> None:
        # A toast raised just before `v` must not stay up in front of the room.
        self.app.clear_notifications()

    def banner(self, snapshot: SessionSnapshot) -> str | None:
        # In front of the room, only what stops the session being recorded: the link down, the seat gone.
        return self.console.link_banner

    def draw(self, snapshot: SessionSnapshot) -> None:
        room = self.console.room_view(snapshot)
        inject = room.current
        self.query_one("#projector-phase", Static).update(phase_band(room))
        # A scenario time as written (`D-3 06:00`): the D drawn as a letter, the rest in Digits;
        # anything else is not put up large.
        written = inject.time if inject is not None else None
        self.query_one("#projector-time").display = written is not None and parse_time(written) is not None
        rest = (written or "").strip().removeprefix("D")
        clock = self.query_one("#projector-clock", Digits)
        clock.display = bool(rest)
        clock.update(rest)
        self.query_one("#projector-title", Static).update(plain(inject.title if inject else room.title, "bold"))
        self.query_one("#projector-narrative", Static).update(narrative(inject.narrative) if inject else "")
        questions = self.query_one("#projector-questions", Static)
        questions.display = bool(inject and inject.questions)
        if inject and inject.questions:
            questions.update(questions_text(inject))
        shown = room.state.revealed_since_current()
        results = self.query_one("#projector-results", Static)
        results.display = bool(shown)
        if shown:
            cells = {cell.id: cell.name for cell in self.console.cells()}
            results.update(Content("\n\n").join(results_text(p, cells) for p in shown))
            # The results the facilitator has just revealed are what the room looks at: below a
            # long narrative they would be out of sight on a far screen.
            self.call_after_refresh(results.scroll_visible, animate=False, top=True)

    def action_forward(self, action: str) -> None:
        """Keys the facilitator uses while projecting are run by the screen below."""
        below = self.app.screen_stack[-2]
        if hasattr(below, f"action_{action}"):
            getattr(below, f"action_{action}")()


def results_text(prompt: PromptRecord, cells: dict[str, str]) -> Content:
    """A revealed prompt's answers as the room sees them: a poll's votes, each cell's answers."""
    rows = [line(("What the cells answered: ", "bold"), (prompt.text, "bold"))]
    if not prompt.answers:
        # Revealed with nothing in it: the room reads that nobody answered, not an empty block.
        rows.append(line(("  No cell answered.", "italic")))
        return Content("\n").join(rows)
    if prompt.kind == "poll":
        tally = prompt.tally()
        total = sum(tally) or 1
        rows += [
            line(f"  {'█' * round(20 * votes / total):<20} {votes:>3}  ", (option, ""))
            for option, votes in zip(prompt.options, tally, strict=True)
        ]
    for cell, answers in prompt.answers_by_cell().items():
        for answer in answers:
            chosen = prompt.options[answer.choice] if answer.choice is not None else answer.rating or ""
            said = ": ".join(part for part in (chosen, answer.clause or "", answer.text) if part)
            rows.append(line("  ", (cells.get(cell, cell), "bold"), "  ", (said, "")))
    return Content("\n").join(rows)
