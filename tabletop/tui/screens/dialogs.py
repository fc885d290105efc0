"""The console's dialogs: each returns what the facilitator chose, typed, through `dismiss`
(None when cancelled).

None of them records anything: the screen that opened one issues the command with the
answer, so every command goes through `ConsoleApp.execute` and its worker.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, Literal, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.scalar import Scalar
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Select, Static, TextArea
from textual.widgets.option_list import Option

from tabletop.rules import Clause, Corpus
from tabletop.scenario import parse_time, suggest_time
from tabletop.session import Citation, DeterminationView, GateView, MoveView, RequirementView
from tabletop.tui.text import line, plain, safe

__all__ = [
    "ChoiceDialog",
    "CiteDialog",
    "ClauseAction",
    "ClauseDialog",
    "Field",
    "FormDialog",
    "FormValues",
    "GateAnswers",
    "GatesDialog",
    "PickDialog",
    "order_summary",
    "scenario_time_field",
    "scenario_time_problem",
    "order_text",
]

_Result = TypeVar("_Result")

DIALOG_WIDTH = 70
"""A dialog's width in columns (`.dialog` in console.tcss), unless it needs more (`ChoiceDialog`)."""

FormValues = Mapping[str, str]
"""What a `FormDialog` returns: each field's name and the text entered (stripped)."""


@dataclass(frozen=True)
class GateAnswers:
    """What a `GatesDialog` returns: the room's answer to each gate, and any remarks."""

    answers: Mapping[str, bool] = field(default_factory=dict)
    remarks: Mapping[str, str] = field(default_factory=dict)
    scenario_time: str | None = None
    """The scenario time at which the room determined (None: the inject's own time)."""


def scenario_time_problem(text: str) -> str | None:
    """Why `text` is not a scenario time a determination can be recorded at, or None (blank is
    the inject's own time). The core checks again; this keeps the room's answers in the dialog."""
    if not text.strip() or parse_time(text) is not None:
        return None
    meant = suggest_time(text)
    return f"Scenario time: {'did you mean ' + meant + '? ' if meant else ''}write D, D-N or D+N, optionally with HH:MM"


def scenario_time_field(own: str | None) -> Field:
    """The scenario time of a determination, the inject's own by default."""
    return Field(
        "scenario_time",
        "Scenario time of the determination",
        value=own or "",
        placeholder="e.g. D 05:30 (blank: the inject's own time)",
    )


@dataclass(frozen=True)
class ClauseAction:
    """What a `ClauseDialog` returns: what to do with the clause, and the reason given."""

    what: Literal["cite", "discussed", "withdraw"]
    reason: str = ""


class Body(VerticalScroll, can_focus=False):
    """A dialog's scrolling body: the fields in it take the focus, not the body."""


class Dialog(ModalScreen[_Result | None], Generic[_Result]):
    """A modal with a title; escape cancels (returns None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str | Content) -> None:
        super().__init__()
        self.title_text = title if isinstance(title, Content) else plain(title, "bold")
        self.problem = ""
        """Why what was given here last time was refused (the dialog opened again, as it was
        filled in: `again`), shown at the top of its body; "" when it opens afresh."""

    def action_cancel(self) -> None:
        self.dismiss(None)

    def again(self, result: _Result, problem: str) -> Dialog[_Result]:
        """This dialog opened again, filled in with `result` as it was given, saying `problem`
        (why the session refused it): nothing typed is lost to a refusal. Only dialogs with
        something typed in them (forms, the gates' answers, a clause's reason) open again."""
        raise NotImplementedError(f"{type(self).__name__} does not open again")

    def problem_line(self) -> Static:
        """The refusal `again` was given, in one cleaned line (hidden when there is none)."""
        said = Static(plain(f"Not recorded: {safe(self.problem, one_line=True)}"), classes="dialog-problem")
        said.display = bool(self.problem)
        return said


@dataclass(frozen=True)
class Field:
    """One field of a `FormDialog`."""

    name: str
    label: str
    kind: Literal["line", "text", "choice", "select"] = "line"
    """A line of text, a few lines, a choice shown whole (radio buttons), or a choice that opens
    as a list (Enter opens it, the first letters or the arrows move, Enter takes one): nothing
    else can be entered."""
    choices: tuple[tuple[str, Content | str], ...] = ()
    """(value, label) pairs of a choice; labels that come from a file must be Content."""
    value: str = ""
    required: bool = False
    placeholder: str = ""
    hint: str = ""
    """What to type, on a line of its own under the label, wrapped (the ids a field takes)."""


class ChoiceButton(RadioButton):
    """One answer of a form's choice, its label wrapped under itself when the dialog is narrower
    than it: an expected action reads whole at 80x24, never cut short with "…"."""

    DEFAULT_CSS = """
    ChoiceButton { width: 1fr; }
    """

    def _lines(self, width: int) -> list[Content]:
        drawn = super().render()
        glyph = len(self.BUTTON_LEFT + self.BUTTON_INNER + self.BUTTON_RIGHT)
        button, label = drawn.divide([glyph])[:2]
        lines = label.wrap(max(width - glyph, 8)) or [Content()]
        return [button + lines[0], *(Content(" " * glyph) + rest for rest in lines[1:])]

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))


class FormDialog(Dialog[FormValues]):
    """A form; submits each field's name and value (enter in a line field, or the button)."""

    def __init__(
        self,
        title: str,
        fields: Sequence[Field],
        submit: str,
        *,
        intro: Content | None = None,
        check: Callable[[FormValues], str | None] | None = None,
    ) -> None:
        super().__init__(title)
        self.title_source = title
        self.fields = tuple(fields)
        self.submit_label = submit
        self.intro = intro
        self.check = check
        """What is wrong with the values entered, said to the user before the form closes."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with Body(classes="dialog-body"):
                yield self.problem_line()
                if self.intro is not None:
                    yield Static(self.intro, classes="dialog-intro")
                for n, field in enumerate(self.fields):
                    yield Label(plain(field.label + (" *" if field.required else "")), classes="field-label")
                    if field.hint:
                        yield Static(plain(field.hint, "dim"), classes="field-hint")
                    if field.kind == "choice":
                        with RadioSet(id=f"field-{n}"):
                            for value, label in field.choices:
                                text = label if isinstance(label, Content) else plain(label)
                                yield ChoiceButton(text, value=value == field.value, name=value)
                    elif field.kind == "select":
                        # Rich Text, never markup, and what typing searches (Select skips Content).
                        yield Select(
                            [
                                (Text((label if isinstance(label, Content) else plain(label)).plain), value)
                                for value, label in field.choices
                            ],
                            value=field.value,
                            allow_blank=False,
                            id=f"field-{n}",
                        )
                    elif field.kind == "text":
                        yield TextArea(
                            field.value, id=f"field-{n}", soft_wrap=True, tab_behavior="focus", classes="field-text"
                        )
                    else:
                        yield Input(field.value, placeholder=field.placeholder, id=f"field-{n}")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.submit_label, variant="primary", id="submit")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if self.problem:
            # Opened again as it was filled in: Enter sends it again (a choice would take the key).
            self.query_one("#submit", Button).focus()
        elif self.fields:
            # Opened at its top: what the form says first (its intro: the ratings given already,
            # say) stays in view above a first field taller than the rows left for it.
            self.query_one("#field-0").focus(scroll_visible=False)
            if self.intro is not None:
                # After the choice has scrolled its answer into view (itself after a refresh).
                self.call_after_refresh(self.call_after_refresh, self.read_from_top)

    def read_from_top(self) -> None:
        """The body scrolled to its top, where the intro is, when the first field (which a choice
        focused scrolls wholly into view) still begins in view from there: a long intro (an
        order's) leaves the field that has the keys in view instead."""
        body = self.query_one(Body)
        field = self.query_one("#field-0")
        if field.virtual_region.y + 2 <= body.size.height:
            body.scroll_home(animate=False, immediate=True)

    def values(self) -> FormValues:
        found: dict[str, str] = {}
        for n, spec in enumerate(self.fields):
            widget = self.query_one(f"#field-{n}")
            if isinstance(widget, RadioSet):
                pressed = widget.pressed_button
                found[spec.name] = pressed.name or "" if pressed is not None else ""
            elif isinstance(widget, Select):
                chosen = widget.value
                found[spec.name] = chosen if isinstance(chosen, str) else ""
            elif isinstance(widget, TextArea):
                found[spec.name] = widget.text.strip()
            else:
                assert isinstance(widget, Input)
                found[spec.name] = widget.value.strip()
        return found

    def again(self, result: FormValues, problem: str) -> FormDialog:
        fields = [replace(spec, value=result.get(spec.name, spec.value)) for spec in self.fields]
        dialog = FormDialog(self.title_source, fields, self.submit_label, intro=self.intro, check=self.check)
        dialog.problem = problem
        return dialog

    @on(Button.Pressed, "#submit")
    @on(Input.Submitted)
    def submit(self) -> None:
        values = self.values()
        missing = [f.label for f in self.fields if f.required and not values[f.name]]
        if missing:
            self.notify(f"Fill in: {', '.join(missing)}", severity="warning", markup=False)
            return
        problem = self.check(values) if self.check is not None else None
        if problem:
            self.notify(problem, severity="warning", markup=False)
            return
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class PickDialog(Dialog[str]):
    """A list to pick one item from: typing filters it, the arrows move, enter takes the
    highlighted item; returns its id."""

    BINDINGS = [Binding("down", "cursor(1)", "Down", show=False), Binding("up", "cursor(-1)", "Up", show=False)]

    def __init__(
        self,
        title: str,
        items: Sequence[tuple[str, Content]],
        *,
        intro: Content | None = None,
        highlight: str | None = None,
    ) -> None:
        super().__init__(title)
        self.items = tuple(items)
        self.intro = intro
        self.start = highlight

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.intro is not None:
                yield Static(self.intro, classes="dialog-intro")
            yield Input(placeholder="Type to filter", id="filter")
            yield OptionList(*self._options(""), id="items")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        items = self.query_one("#items", OptionList)
        index = next((n for n, (key, _) in enumerate(self.items) if key == self.start), None)
        if items.option_count:
            items.highlighted = index or 0
        self.query_one("#filter", Input).focus()

    def action_cursor(self, step: int) -> None:
        items = self.query_one("#items", OptionList)
        items.action_cursor_down() if step > 0 else items.action_cursor_up()

    def _options(self, text: str) -> list[Option]:
        wanted = text.casefold()
        return [
            Option(label, id=key)
            for key, label in self.items
            if not wanted or wanted in key.casefold() or wanted in label.plain.casefold()
        ]

    @on(Input.Changed, "#filter")
    def refilter(self, event: Input.Changed) -> None:
        self.filter(event.value)

    def filter(self, text: str) -> None:
        """List the items `text` finds (those whose id or label holds it)."""
        self.show_options(self._options(text))

    def show_items(self, items: Sequence[tuple[str, Content]]) -> None:
        self.show_options([Option(label, id=key) for key, label in items])

    def show_options(self, options: list[Option]) -> None:
        listed = self.query_one("#items", OptionList)
        listed.set_options(options)
        if listed.option_count:
            listed.highlighted = 0

    @on(Input.Submitted, "#filter")
    def submitted(self) -> None:
        self.take_highlighted()

    def take_highlighted(self) -> None:
        items = self.query_one("#items", OptionList)
        if items.option_count:
            self.dismiss(items.get_option_at_index(items.highlighted or 0).id)

    @on(OptionList.OptionSelected, "#items")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(Dialog[str]):
    """A question with a few answers as buttons; returns the chosen answer's id.

    Every answer stays readable whole, whatever the screen: the buttons stand in one row when
    they fit in the dialog (which widens for them, up to the screen's width), and one under the
    other, each as wide as the dialog, when they do not (`fit_buttons`)."""

    def __init__(self, title: str, body: Content, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__(title)
        self.body = body
        self.choices = tuple(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog choice-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with Body(classes="dialog-body"):
                yield Static(self.body)
            with Horizontal(classes="dialog-buttons"):
                for n, (key, label) in enumerate(self.choices):
                    yield Button(label, id=f"choice-{key}", variant="primary" if n == 0 else "default")

    def on_mount(self) -> None:
        self.fit_buttons()
        self.query(Button).first().focus()

    def on_resize(self) -> None:
        self.fit_buttons()

    def fit_buttons(self) -> None:
        """Widen the dialog so that its buttons stand in one row, or stack them when the screen
        is too narrow for that row. (CSS cannot say it: a row of buttons does not wrap.)"""
        if not self.size.width:
            return  # not laid out yet: on_resize comes
        dialog = self.query_one(".choice-dialog", Vertical)
        row = self.query_one(".dialog-buttons", Horizontal)
        # A button's own width (its label, padded, and its gutter; at least its minimum), then the
        # space before it.
        needed = sum(
            max(
                button.get_content_width(self.size, self.size) + button.styles.gutter.width,
                int(button.styles.min_width.value) if button.styles.min_width is not None else 0,
            )
            + button.styles.margin.width
            for button in row.query(Button)
        )
        room = int(self.size.width * 0.95) - dialog.styles.gutter.width
        stacked = needed > room
        row.set_class(stacked, "stacked")
        widest = DIALOG_WIDTH - dialog.styles.gutter.width
        dialog.styles.width = None if stacked or needed <= widest else needed + dialog.styles.gutter.width

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))


def move_text(move: MoveView) -> Content:
    """Where a move leads and the Guidelines' words for it, verbatim (the dialog's title names it)."""
    dest = move.dest or "(region emptied)"
    return Content("\n").join(
        [
            line((f"{move.source or '-'} → {dest}", "dim")),
            line(("Basis: ", "italic"), (move.basis, "")),
        ]
    )


_SIDE = {"japan": "Japan", "united_states": "the United States", "both": "both governments, each on its own"}
_MET = {True: ("✓ ", "bold"), False: ("✗ ", "bold"), None: ("· ", "")}


def _decides(authority: str, side: str, us_authority: str | None) -> Content:
    parts: list[str | tuple[str, str]] = ["  decides: ", (authority, ""), (f"  ({_SIDE.get(side, side)})", "dim")]
    if us_authority:
        parts += ["\n  on the U.S. side: ", (us_authority, "")]
    return line(*parts)


def _needs(requires: Sequence[RequirementView]) -> list[Content]:
    if not requires:
        return []
    rows = [line(("  needs first:", "italic"))]
    for requirement in requires:
        when = " (may come after)" if requirement.after else ""
        rows.append(line("    ", _MET[requirement.met], (requirement.detail, ""), (when, "dim")))
    return rows


def order_summary(order: DeterminationView) -> Content:
    """One determination as the list shows it: what, who decides on which side, the Diet's part,
    and what it still needs first (recorded determinations only), in a few lines."""
    rows = [
        line((order.title, "bold"), ("  [uncertain]", "italic") if order.uncertain else ""),
        _decides(order.authority, order.side, order.us_authority),
        line("  Diet: ", (order.diet, "")),
    ]
    if order.ahead_of:
        rows.append(line(("  not yet recorded: ", "italic"), (", ".join(order.ahead_of), "bold")))
    if order.stated is not None:
        rows.append(line("  the scenario states: ", ("yes" if order.stated else "no", "bold")))
    return Content("\n").join(rows)


def order_text(order: DeterminationView) -> Content:
    """A determination as the room weighs it: who decides, on which side, the Diet's part, what it
    needs first and whether that is met, the reference, the Guidelines' basis verbatim, what is
    uncertain, and the answer the scenario states, if any."""
    rows = [
        line((order.title, "bold")),
        _decides(order.authority, order.side, order.us_authority),
        line("  Diet: ", (order.diet, "")),
        *_needs(order.requires),
        line("  reference: ", (order.reference, "")),
        Content.assemble("  basis: ", plain(order.basis, "italic")),
    ]
    if order.uncertain:
        rows.append(line(("  uncertain: ", "italic"), (order.uncertain, "")))
    if order.stated is not None:
        rows.append(line("  the scenario states: ", ("yes" if order.stated else "no", "bold")))
    if order.ahead_of:
        rows.append(
            line(
                ("  Not yet recorded: ", "bold"),
                (", ".join(order.ahead_of), "bold"),
                (". A yes now is recorded as determined ahead of them.", "italic"),
            )
        )
    return Content("\n").join(rows)


def gate_text(gate: GateView) -> Content:
    """What the room weighs before it answers a gate: who decides, whether it is policy or
    statutory, what it needs first, its basis and what is uncertain. The question itself is set
    apart, right above its answers (`GatesDialog`)."""
    rows = [line("Decides: ", (gate.authority, ""), f"  ({gate.strength}; {_SIDE.get(gate.side, gate.side)})")]
    if gate.us_authority:
        rows.append(line("On the U.S. side: ", (gate.us_authority, "")))
    rows += _needs(gate.requires)
    rows.append(line("Basis: ", (gate.reference, "italic")))
    if gate.uncertain:
        rows.append(line(("Uncertain: ", "italic"), (gate.uncertain, "")))
    return Content("\n").join(rows)


class Reading(VerticalScroll):
    """Text to read in a region of its own: Tab reaches it and the arrows scroll it, so a long
    basis can be read from the keyboard at 80x24 too."""

    class Resized(Message):
        """The region took a new size: what was in view in it may no longer be."""

        def __init__(self, reading: Reading) -> None:
            super().__init__()
            self.reading = reading

        @property
        def control(self) -> Reading:
            return self.reading

    def on_resize(self) -> None:
        self.post_message(self.Resized(self))


class GatesDialog(Dialog[GateAnswers]):
    """The room's answer to each gate of a move, in order, yes or no, with a remark.

    The move and its basis keep a region of their own at the top; the gates scroll below it. Each
    gate shows what the room weighs (who decides, its basis, ...) and then its question, set right
    above its Yes/No: whenever an answer takes the keys, its question is in view with it, at any
    size down to 80x24, however long the basis.

    Returns `GateAnswers`; the move fires only when every answer is yes. The first "no" settles
    the move: the gates after it are not put (they leave the dialog, and nothing is recorded for
    them but that they were never put), and the core records the "no" as the room's determination.
    """

    AUTO_FOCUS = ".answer, #scenario-time"
    """The first gate's answer takes the keys (the time, for a move without gates): never the
    regions to read, which Tab reaches from there."""

    def __init__(self, move: MoveView, *, purpose: str = "", scenario_time: str | None = None) -> None:
        super().__init__(f"Phase move: {move.title}")
        self.move = move
        self.purpose = purpose
        self.scenario_time = scenario_time
        """The scenario time offered (the inject's own), which the facilitator may change."""
        self.given = GateAnswers()
        """The answers given last time, when it opens again (`again`)."""

    def again(self, result: GateAnswers, problem: str) -> GatesDialog:
        dialog = GatesDialog(self.move, purpose=self.purpose, scenario_time=result.scenario_time or self.scenario_time)
        dialog.given, dialog.problem = result, problem
        return dialog

    def compose(self) -> ComposeResult:
        count = len(self.move.gates)
        with Vertical(classes="dialog wide gates-dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with Reading(id="move", classes="move"):
                yield self.problem_line()
                if self.purpose:
                    yield Static(plain(self.purpose, "italic"))
                yield Static(move_text(self.move), classes="basis")
            with Reading(id="gates", classes="gates"):
                for n, gate in enumerate(self.move.gates):
                    box = Vertical(classes="gate", id=f"gate-box-{n}")
                    box.border_title = f"Gate {n + 1} of {count}"
                    with box:
                        yield Static(gate_text(gate), classes="gate-context")
                        with Vertical(classes="ask", id=f"ask-{n}"):
                            yield Static(plain(gate.question, "bold"), classes="question", id=f"question-{n}")
                            given = self.given.answers.get(gate.id)
                            with RadioSet(id=f"gate-{n}", classes="answer", compact=True):
                                yield RadioButton(Content("Yes"), given is True, name="yes")
                                yield RadioButton(Content("No"), given is False, name="no")
                        yield Input(
                            self.given.remarks.get(gate.id, ""), placeholder="Remark (optional)", id=f"remark-{n}"
                        )
                if not self.move.gates:
                    yield Static(plain("This move has no gates.", "italic"))
                yield Static(id="not-put", classes="not-put")
                when = scenario_time_field(self.scenario_time)
                yield Label(plain(when.label), classes="field-label")
                yield Input(when.value, placeholder=when.placeholder, id="scenario-time")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record the room's answers", variant="primary", id="submit")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#not-put", Static).display = False
        if self.given.answers:
            self.settle()
        if self.problem:  # opened again with the room's answers as given: Enter records them again
            self.query_one("#submit", Button).focus()
        self.call_after_refresh(self.read_from_top)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_gates)

    def fit_gates(self) -> None:
        """Let the gates take the rows the dialog has left, at its tallest, under its title and the
        move and above its buttons: the dialog is as tall as a short move needs, and the gates of
        a long one scroll in what is left. (CSS cannot say it: the rows that siblings as tall as
        their content leave are no unit of it.)"""
        dialog = self.query_one(".gates-dialog", Vertical)
        gates = self.query_one("#gates", Reading)
        tallest = dialog.styles.max_height
        if tallest is not None:
            others = sum(
                child.outer_size.height + child.styles.margin.height
                for child in dialog.children
                if child is not gates and child.display
            )
            rows = int(tallest.resolve(self.size, self.app.size)) - dialog.styles.gutter.height - others
            limit = Scalar.from_number(max(rows, 3))
            if gates.styles.max_height != limit:
                gates.styles.max_height = limit

    @on(Reading.Resized, "#gates")
    def keep_question_in_view(self) -> None:
        """The gates' region fitted (on opening, when the terminal is resized): the answer that
        has the keys keeps its question in view."""
        if isinstance(self.focused, RadioSet):
            self.show_question(self.focused)

    def read_from_top(self) -> None:
        """Read from the top: the move's basis from its first word, the gates scrolled only as
        far as the first question and its answers need to be in view."""
        for region in self.query(Reading):
            region.scroll_home(animate=False, immediate=True)
        if isinstance(self.focused, RadioSet):
            self.call_after_refresh(self.show_question, self.focused)

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        """An answer that takes the keys (Tab, Shift+Tab, a click) brings its question into view
        with it; anything else scrolls into view as Textual's focus does."""
        answer = widget if isinstance(widget, RadioSet) and widget.has_class("answer") else None
        super().set_focus(widget, scroll_visible and answer is None, from_app_focus)
        if answer is not None and scroll_visible:
            self.call_after_refresh(self.show_question, answer)

    def show_question(self, answer: RadioSet) -> None:
        """Scroll the gates so that `answer` and the question right above it are in view."""
        ask = answer.parent
        if isinstance(ask, Widget) and self.focused is answer:
            self.query_one("#gates", Reading).scroll_to_widget(ask, animate=False, immediate=True)

    def _first_no(self) -> int | None:
        for n in range(len(self.move.gates)):
            pressed = self.query_one(f"#gate-{n}", RadioSet).pressed_button
            if pressed is not None and pressed.name == "no":
                return n
        return None

    @on(RadioSet.Changed)
    def settle(self) -> None:
        """A "no" settles the move: the gates after it are not put to the room."""
        first_no = self._first_no()
        after = len(self.move.gates) if first_no is None else first_no + 1
        for n in range(len(self.move.gates)):
            self.query_one(f"#gate-box-{n}", Vertical).display = n < after
        note = self.query_one("#not-put", Static)
        unput = self.move.gates[after:]
        note.display = bool(unput)
        if unput:
            note.update(
                plain(
                    f"The room said no: the move is settled. Not put, and recorded as never put: "
                    f"{', '.join(gate.id for gate in unput)}.",
                    "italic",
                )
            )

    @on(Button.Pressed, "#submit")
    @on(Input.Submitted)
    def submit(self) -> None:
        answers: dict[str, bool] = {}
        remarks: dict[str, str] = {}
        for n, gate in enumerate(self.move.gates):
            pressed = self.query_one(f"#gate-{n}", RadioSet).pressed_button
            if pressed is None:
                self.notify(f"Record the room's answer to: {gate.question}", severity="warning", markup=False)
                return
            answers[gate.id] = pressed.name == "yes"
            remark = self.query_one(f"#remark-{n}", Input).value.strip()
            if remark:
                remarks[gate.id] = remark
            if not answers[gate.id]:
                break  # the first no settles the move: the gates after it are not put
        when = self.query_one("#scenario-time", Input).value.strip()
        problem = scenario_time_problem(when)
        if problem:
            self.notify(problem, severity="warning", markup=False)
            return
        self.dismiss(GateAnswers(answers, remarks, when or None))

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class ClauseDialog(Dialog[ClauseAction]):
    """A clause's verbatim text, its parent chain and the phases it applies in; cite, mark
    discussed or withdraw from here. Returns a `ClauseAction`, or None."""

    def __init__(
        self,
        clause: Clause,
        ancestors: Sequence[Clause],
        phases: Sequence[str],
        *,
        cited: bool,
        writable: bool,
        why: str = "",
        evidence: str = "",
        recorded: str | None = None,
    ) -> None:
        super().__init__(line((clause.id, "bold"), " ", (clause.title, "bold")))
        self.clause = clause
        self.chain = tuple(ancestors)
        self.applies_in = tuple(phases)
        self.cited = cited
        self.writable = writable
        self.why = why
        """The short reason it was suggested or cited."""
        self.evidence = evidence
        """The ranker's detail behind the suggestion."""
        self.recorded = recorded
        """How far the room took it up for this inject (`presented`, `discussed`, `cited`), if at all."""
        self.reason = ""
        """The reason given last time, when it opens again (`again`)."""
        self.retry: str | None = None
        """What was asked last time (cite, mark discussed, withdraw), when it opens again: its
        button takes Enter."""

    def again(self, result: ClauseAction, problem: str) -> ClauseDialog:
        dialog = ClauseDialog(
            self.clause,
            self.chain,
            self.applies_in,
            cited=self.cited,
            writable=self.writable,
            why=self.why,
            evidence=self.evidence,
            recorded=self.recorded,
        )
        dialog.reason, dialog.problem, dialog.retry = result.reason, problem, result.what
        return dialog

    def compose(self) -> ComposeResult:
        chain = [line(("  " * n) + "› ", (a.label, "dim")) for n, a in enumerate(self.chain)]
        with Vertical(classes="dialog wide"):
            yield Static(self.title_text, classes="dialog-title")
            with Body(classes="dialog-body"):
                yield self.problem_line()
                if chain:
                    yield Static(Content("\n").join(chain))
                yield Static(plain(self.clause.text), classes="verbatim")
                yield Static(line(("Applies in: ", "italic"), (", ".join(self.applies_in) or "no phase", "")))
                if self.recorded:
                    yield Static(line(("Recorded for this inject: ", "italic"), (self.recorded, "bold")))
                if self.why:
                    yield Static(line(("Why: ", "italic"), (self.why, "")))
                if self.evidence and self.evidence != self.why:
                    yield Static(line(("The ranker's evidence: ", "italic"), (self.evidence, "dim")))
                if self.writable:
                    yield Input(self.reason, placeholder="Reason (optional)", id="reason")
            with Horizontal(classes="dialog-buttons"):
                if self.writable:
                    yield Button("Cite", variant="primary", id="choice-cite")
                    yield Button("Mark discussed", id="choice-discussed")
                    if self.cited:
                        yield Button("Withdraw", id="choice-withdraw")
                yield Button("Close", id="choice-close")

    def on_mount(self) -> None:
        asked = self.query(f"#choice-{self.retry}") if self.problem and self.retry else None
        if asked:
            asked.first().focus()  # Enter asks again what was refused, never another action
        elif self.writable:
            self.query_one("#reason", Input).focus()

    def _reason(self) -> str:
        return self.query_one("#reason", Input).value.strip() if self.writable else ""

    @on(Button.Pressed, "#choice-cite")
    @on(Input.Submitted, "#reason")
    def cite(self) -> None:
        self.dismiss(ClauseAction("cite", self._reason()))

    @on(Button.Pressed, "#choice-discussed")
    def discussed(self) -> None:
        self.dismiss(ClauseAction("discussed", self._reason()))

    @on(Button.Pressed, "#choice-withdraw")
    def withdraw(self) -> None:
        self.dismiss(ClauseAction("withdraw", self._reason()))

    @on(Button.Pressed, "#choice-close")
    def closed(self) -> None:
        self.dismiss(None)


class CiteDialog(PickDialog):
    """Find any clause to cite: by id, title or text, the suggestions first. The search runs in a
    worker (`tabletop.rules.find_clauses`, the search every command uses), never on the event loop."""

    class ClausesFound(Message):
        """The clauses the text typed finds."""

        def __init__(self, text: str, items: tuple[tuple[str, Content], ...]) -> None:
            super().__init__()
            self.text = text
            self.items = items

    def __init__(self, corpus: Corpus, suggestions: Sequence[Citation]) -> None:
        items = [(s.id, line((s.id, "bold"), " ", (s.title, ""), " — ", (s.reason, "dim"))) for s in suggestions]
        super().__init__("Cite a clause: type an id, a title or words of its text", items)
        self.corpus = corpus
        self.suggested = items
        self._found_for: str | None = ""
        """The text whose clauses the list shows."""
        self._take_when_found = False

    def filter(self, text: str) -> None:
        if not text.strip():
            super().filter(text)
            self._found_for = text
            return
        self._found_for = None
        self.search(text)

    @work(thread=True, exclusive=True, group="clause-search", exit_on_error=False)
    def search(self, text: str) -> None:
        from tabletop.rules import ClauseIndex, find_clauses

        hits = find_clauses(ClauseIndex.for_corpus(self.corpus), text, limit=20, by_name=True)
        items = tuple(
            (
                hit.id,
                line((hit.id, "bold"), " ", (hit.title, ""), *((" — ", (hit.reason, "dim")) if hit.explained else ())),
            )
            for hit in hits
        )
        self.post_message(self.ClausesFound(text, items))

    @on(ClausesFound)
    def found(self, message: ClausesFound) -> None:
        if message.text != self.query_one("#filter", Input).value:
            return  # typed on since: a later search answers
        self._found_for = message.text
        self.show_items(message.items)
        if self._take_when_found:
            self._take_when_found = False
            self.take_highlighted()

    def take_highlighted(self) -> None:
        if self._found_for != self.query_one("#filter", Input).value:
            self._take_when_found = True  # enter came before the clauses typed for: take the first found
            return
        super().take_highlighted()
