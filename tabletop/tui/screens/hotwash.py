"""The hot wash: strengths and areas for improvement by objective, and the improvement plan.

Reached with `w` from the main screen; `w` or escape returns. Entries are recorded through
`ConsoleApp.execute` like every other action and listed from the snapshot.
"""

from __future__ import annotations

from collections import defaultdict

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from tabletop.session import (
    CAPABILITY_ELEMENTS,
    HOT_WASH_KINDS,
    AddImprovementItem,
    Command,
    HotWash,
    HotWashEntry,
    SessionSnapshot,
)
from tabletop.tui.screens.dialogs import Field, FormDialog, FormValues
from tabletop.tui.widgets.keybar import KeyBar
from tabletop.tui.text import line, plain
from tabletop.tui.screens.base import SnapshotScreen
from tabletop.tui.widgets import Banner, ClassificationBar

__all__ = ["HotWashScreen"]

_KIND = {"strength": "Strength", "improvement": "Area for improvement"}
IMPROVEMENT_FIELDS = (
    Field("issue", "Issue / area for improvement", required=True),
    Field("corrective_action", "Corrective action", required=True),
    # The rest is settled at the After-Action Meeting (`tabletop ip complete`); blank: a draft.
    # HSEEP's elements from the session's one list: nothing else can be chosen, so none is refused.
    Field(
        "capability_element",
        "Capability element",
        "select",
        (("", "Not yet: at the After-Action Meeting"), *((element, element) for element in CAPABILITY_ELEMENTS)),
        value="",
    ),
    Field("responsible_organisation", "Responsible organisation"),
    Field("point_of_contact", "Point of contact"),
    Field("start_date", "Start date", placeholder="YYYY-MM-DD"),
    Field("completion_date", "Completion date", placeholder="YYYY-MM-DD"),
)


class HotWashScreen(SnapshotScreen):
    RECORDS = {"entry": ("HotWash",), "plan_item": ("AddImprovementItem",)}
    BINDINGS = [
        Binding("s", "entry('strength')", "Strength"),
        Binding("i", "entry('improvement')", "Area for improvement"),
        Binding("p", "plan_item", "Improvement-plan item"),
        Binding("w,escape", "app.pop_screen", "Back", key_display="w"),
    ]

    def compose(self) -> ComposeResult:
        yield ClassificationBar(id="classification-top", classes="classification")
        yield Banner(id="banner")
        yield Static(plain("Hot wash", "bold"), id="hotwash-title")
        with Horizontal(id="hotwash-body"):
            with VerticalScroll(id="hotwash-record"):
                yield Static(id="hotwash-entries")
                yield Static(id="hotwash-plan")
            with Vertical(id="hotwash-actions"):
                yield Button("Strength (s)", id="add-strength")
                yield Button("Improvement (i)", id="add-improvement")
                yield Button("Plan item (p)", id="add-item")
                yield Button("Back (w)", id="back")
        yield ClassificationBar(id="classification-bottom", classes="classification")
        yield KeyBar()

    def objectives(self) -> dict[str, str]:
        return {o.id: o.text for o in self.snap.objectives}

    def draw(self, snapshot: SessionSnapshot) -> None:
        objectives = self.objectives()
        grouped: dict[str | None, list[HotWashEntry]] = defaultdict(list)
        for entry in snapshot.hot_wash:
            grouped[entry.objective].append(entry)
        rows: list[Content] = []
        for objective in [*objectives, None]:
            entries = grouped.get(objective, [])
            if not entries:
                continue
            heading = objectives.get(objective, objective) if objective else "Not tied to an objective"
            rows.append(line((heading, "bold underline")))
            for kind in ("strength", "improvement"):
                rows += [line(f"  {_KIND[kind]}: ", (e.text, "")) for e in entries if e.kind == kind]
        if not rows:
            rows.append(plain("No strengths or areas for improvement recorded yet: s or i adds one.", "italic"))
        self.query_one("#hotwash-entries", Static).update(Content("\n").join(rows))
        plan: list[Content] = [line(("Improvement plan", "bold underline"))]
        for item in snapshot.improvement_plan:
            status = "" if item.status == "open" else f" [{item.status}]"
            plan += [
                line(f"{item.number}. ", (item.issue, "bold"), (status, "italic")),
                line("   corrective action: ", (item.corrective_action, "")),
            ]
            if item.draft:
                plan.append(line(("   to settle at the After-Action Meeting: ", "italic"), ", ".join(item.missing)))
            else:
                plan += [
                    line(
                        "   capability element: ",
                        (item.capability_element, ""),
                        "  responsible: ",
                        (item.responsible_organisation, ""),
                        "  contact: ",
                        (item.point_of_contact, ""),
                    ),
                    line(f"   {item.start_date} → {item.completion_date}"),
                ]
        if not snapshot.improvement_plan:
            plan.append(plain("No items yet: p adds one.", "italic"))
        self.query_one("#hotwash-plan", Static).update(Content("\n").join(plan))

    def action_entry(self, kind: str) -> None:
        found = next(k for k in HOT_WASH_KINDS if k == kind)
        seq = self.snap.seq
        choices = (("", "(no objective)"),) + tuple(
            (key, plain(f"{key}: {text}")) for key, text in self.objectives().items()
        )

        def record(values: FormValues, decided_on: int) -> tuple[Command, str]:
            objective = values["objective"] or None
            entry = HotWash(expected_seq=decided_on, kind=found, text=values["text"], objective=objective)
            return entry, f"{_KIND[found]} recorded"

        self.ask(
            FormDialog(
                _KIND[found],
                [
                    Field("text", "What the room found", required=True),
                    Field("objective", "Objective", "choice", choices, value=""),
                ],
                "Record",
            ),
            record,
            seq=seq,
        )

    def action_plan_item(self) -> None:
        seq = self.snap.seq

        def record(values: FormValues, decided_on: int) -> tuple[Command, str]:
            item = AddImprovementItem(
                expected_seq=decided_on,
                issue=values["issue"],
                corrective_action=values["corrective_action"],
                capability_element=values["capability_element"],
                responsible_organisation=values["responsible_organisation"],
                point_of_contact=values["point_of_contact"],
                start_date=values["start_date"] or None,
                completion_date=values["completion_date"] or None,
            )
            return item, "Improvement-plan item added"

        self.ask(FormDialog("Improvement-plan item", IMPROVEMENT_FIELDS, "Add item"), record, seq=seq)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        actions = {
            "add-strength": lambda: self.action_entry("strength"),
            "add-improvement": lambda: self.action_entry("improvement"),
            "add-item": self.action_plan_item,
            "back": self.app.pop_screen,
        }
        actions[event.button.id or "back"]()
