"""The console's dialogs: each returns what the facilitator chose (or None) through `dismiss`.

None of them records anything: the screen that opened one issues the command with the
answer, so every command goes through `ConsoleApp.commit` and its worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static, TextArea
from textual.widgets.option_list import Option

from tabletop.session import DeterminationView, GateView, MoveView
from tabletop.tui.text import line, plain

__all__ = [
    "ChoiceDialog",
    "CiteDialog",
    "ClauseDialog",
    "Field",
    "FormDialog",
    "GatesDialog",
    "PickDialog",
    "order_text",
]


class Body(VerticalScroll, can_focus=False):
    """A dialog's scrolling body: the fields in it take the focus, not the body."""


class Dialog(ModalScreen[Any]):
    """A modal with a title; escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str | Content) -> None:
        super().__init__()
        self.title_text = title if isinstance(title, Content) else plain(title, "bold")

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Field:
    """One field of a `FormDialog`."""

    name: str
    label: str
    kind: Literal["line", "text", "choice"] = "line"
    choices: tuple[tuple[str, Content | str], ...] = ()
    """(value, label) pairs of a choice; labels that come from a file must be Content."""
    value: str = ""
    required: bool = False
    placeholder: str = ""


class FormDialog(Dialog):
    """A form; submits a dict of field name to value (enter in the last line field, or the button)."""

    def __init__(self, title: str, fields: Sequence[Field], submit: str, *, intro: Content | None = None) -> None:
        super().__init__(title)
        self.fields = tuple(fields)
        self.submit_label = submit
        self.intro = intro

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with Body(classes="dialog-body"):
                if self.intro is not None:
                    yield Static(self.intro, classes="dialog-intro")
                for n, field in enumerate(self.fields):
                    yield Label(plain(field.label + (" *" if field.required else "")), classes="field-label")
                    if field.kind == "choice":
                        with RadioSet(id=f"field-{n}"):
                            for value, label in field.choices:
                                text = label if isinstance(label, Content) else plain(label)
                                yield RadioButton(text, value=value == field.value, name=value)
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
        if self.fields:
            self.query_one("#field-0").focus()

    def values(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for n, field in enumerate(self.fields):
            widget = self.query_one(f"#field-{n}")
            if isinstance(widget, RadioSet):
                pressed = widget.pressed_button
                found[field.name] = pressed.name or "" if pressed is not None else ""
            elif isinstance(widget, TextArea):
                found[field.name] = widget.text.strip()
            else:
                assert isinstance(widget, Input)
                found[field.name] = widget.value.strip()
        return found

    @on(Button.Pressed, "#submit")
    @on(Input.Submitted)
    def submit(self) -> None:
        values = self.values()
        missing = [f.label for f in self.fields if f.required and not values[f.name]]
        if missing:
            self.notify(f"Fill in: {', '.join(missing)}", severity="warning", markup=False)
            return
        self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class PickDialog(Dialog):
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
        items = self.query_one("#items", OptionList)
        items.set_options(self._options(event.value))
        if items.option_count:
            items.highlighted = 0

    @on(Input.Submitted, "#filter")
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


class ChoiceDialog(Dialog):
    """A question with a few answers as buttons; returns the chosen answer's id."""

    def __init__(self, title: str, body: Content, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__(title)
        self.body = body
        self.choices = tuple(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            with Body(classes="dialog-body"):
                yield Static(self.body)
            with Horizontal(classes="dialog-buttons"):
                for n, (key, label) in enumerate(self.choices):
                    yield Button(label, id=f"choice-{key}", variant="primary" if n == 0 else "default")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))


def move_text(move: MoveView) -> Content:
    """A move and the Guidelines' words for it, verbatim."""
    dest = move.dest or "(region emptied)"
    return Content("\n").join(
        [
            line((move.title, "bold"), "  ", (f"{move.source or '-'} → {dest}", "dim")),
            line(("Basis: ", "italic"), (move.basis, "")),
        ]
    )


def order_text(order: DeterminationView) -> Content:
    """A grey-zone order as the room weighs it: who decides, the Diet's part, the reference, the
    Guidelines' basis verbatim, and the answer the scenario states, if any."""
    rows = [
        line((order.title, "bold")),
        line("  decides: ", (order.authority, "")),
        line("  Diet: ", (order.diet, "")),
        line("  reference: ", (order.reference, "")),
        Content.assemble("  basis: ", plain(order.basis, "italic")),
    ]
    if order.stated is not None:
        rows.append(line("  the scenario states: ", ("yes" if order.stated else "no", "bold")))
    return Content("\n").join(rows)


def gate_text(gate: GateView) -> Content:
    return Content("\n").join(
        [
            line((gate.question, "bold")),
            line("Decides: ", (gate.authority, ""), f"  ({gate.strength})"),
            line("Basis: ", (gate.reference, "italic")),
        ]
    )


class GatesDialog(Dialog):
    """The room's answer to each gate of a move, yes or no, with a remark.

    Returns `{"answers": {gate: bool}, "remarks": {gate: str}}`; the move fires only when
    every answer is yes, and the core records a "no" as the room's determination.
    """

    def __init__(self, move: MoveView, *, purpose: str = "") -> None:
        super().__init__(f"Phase move: {move.title}")
        self.move = move
        self.purpose = purpose

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(self.title_text, classes="dialog-title")
            with Body(classes="dialog-body"):
                if self.purpose:
                    yield Static(plain(self.purpose, "italic"))
                yield Static(move_text(self.move), classes="basis")
                for n, gate in enumerate(self.move.gates):
                    with Vertical(classes="gate"):
                        yield Static(gate_text(gate))
                        with RadioSet(id=f"gate-{n}", classes="answer"):
                            yield RadioButton(Content("Yes"), name="yes")
                            yield RadioButton(Content("No"), name="no")
                        yield Input(placeholder="Remark (optional)", id=f"remark-{n}")
                if not self.move.gates:
                    yield Static(plain("This move has no gates.", "italic"))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record the room's answers", variant="primary", id="submit")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        if self.move.gates:
            self.query_one("#gate-0", RadioSet).focus()

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
        self.dismiss({"answers": answers, "remarks": remarks})

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class ClauseDialog(Dialog):
    """A clause's verbatim text, its parent chain and the phases it applies in; cite, mark
    discussed or withdraw from here. Returns `(action, reason)`, or None."""

    def __init__(
        self, clause: Any, ancestors: Sequence[Any], phases: Sequence[str], *, cited: bool, writable: bool
    ) -> None:
        super().__init__(line((clause.id, "bold"), " ", (clause.title, "bold")))
        self.clause = clause
        self.chain = tuple(ancestors)
        self.applies_in = tuple(phases)
        self.cited = cited
        self.writable = writable

    def compose(self) -> ComposeResult:
        chain = [line(("  " * n) + "› ", (a.label, "dim")) for n, a in enumerate(self.chain)]
        with Vertical(classes="dialog wide"):
            yield Static(self.title_text, classes="dialog-title")
            with Body(classes="dialog-body"):
                if chain:
                    yield Static(Content("\n").join(chain))
                yield Static(plain(self.clause.text), classes="verbatim")
                yield Static(line(("Applies in: ", "italic"), (", ".join(self.applies_in) or "no phase", "")))
                if self.writable:
                    yield Input(placeholder="Reason (optional)", id="reason")
            with Horizontal(classes="dialog-buttons"):
                if self.writable:
                    yield Button("Cite", variant="primary", id="choice-cite")
                    yield Button("Mark discussed", id="choice-discussed")
                    if self.cited:
                        yield Button("Withdraw", id="choice-withdraw")
                yield Button("Close", id="choice-close")

    def on_mount(self) -> None:
        if self.writable:
            self.query_one("#reason", Input).focus()

    @on(Button.Pressed)
    def chosen(self, event: Button.Pressed) -> None:
        what = (event.button.id or "").removeprefix("choice-")
        reason = self.query_one("#reason", Input).value.strip() if self.writable else ""
        self.dismiss(None if what == "close" else (what, reason))

    @on(Input.Submitted, "#reason")
    def cite_on_enter(self) -> None:
        self.dismiss(("cite", self.query_one("#reason", Input).value.strip()))


class CiteDialog(PickDialog):
    """Find any clause to cite: by id, title or text (full-text search); the suggestions first."""

    def __init__(self, corpus: Any, suggestions: Sequence[Any]) -> None:
        items = [(s.id, line((s.id, "bold"), " ", (s.title, ""), " — ", (s.reason, "dim"))) for s in suggestions]
        super().__init__("Cite a clause: type an id, a title or words of its text", items)
        self.corpus = corpus
        self.suggested = items

    def _options(self, text: str) -> list[Option]:
        from tabletop import ClauseIndex

        wanted = text.strip()
        if not wanted:
            return [Option(label, id=key) for key, label in self.suggested]
        folded = wanted.casefold()
        found: dict[str, Content] = {}
        for clause in self.corpus:
            if clause.id.casefold().startswith(folded) or folded in clause.title.casefold():
                found[clause.id] = line((clause.id, "bold"), " ", (clause.title, ""))
            if len(found) >= 30:
                break
        for hit in ClauseIndex.for_corpus(self.corpus).search(wanted, limit=20):
            found.setdefault(hit.id, line((hit.id, "bold"), " ", (hit.title, ""), " — ", (hit.reason, "dim")))
        return [Option(label, id=key) for key, label in found.items()]
