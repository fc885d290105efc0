"""The facilitator's main screen: everything about the session at a glance, every action a key away.

Draws from `ConsoleApp.snapshot` (watched) and issues typed commands through
`ConsoleApp.commit`; what `next` would do is read from the snapshot's `Step`, never
learnt from an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input

from tabletop.session import RATINGS, Session, SessionSnapshot, Step
from tabletop.tui.keys import bindings
from tabletop.tui.screens.dialogs import (
    ChoiceDialog,
    CiteDialog,
    ClauseDialog,
    Field,
    FormDialog,
    GatesDialog,
    PickDialog,
    order_text,
)
from tabletop.tui.screens.base import SnapshotScreen
from tabletop.tui.widgets.keybar import KeyBar
from tabletop.tui.text import line, plain
from tabletop.tui.widgets import (
    Banner,
    CitationPanel,
    ClassificationBar,
    ExerciseHeader,
    InjectDetail,
    InjectList,
    PhaseTrack,
)

__all__ = ["MainScreen"]

Deliver = Callable[[Session, "dict[str, bool] | None", "dict[str, str] | None", bool], Any]

RATING_MEANINGS = {
    "P": "P: performed without challenges",
    "S": "S: performed with some challenges",
    "M": "M: performed with major challenges",
    "U": "U: unable to be performed",
}


def _next(session: Session, answers: Any, remarks: Any, without_move: bool) -> Any:
    return session.deliver_next(answers, remarks=remarks, without_move=without_move)


def _jump(inject: str) -> Deliver:
    return lambda s, answers, remarks, without: s.jump(inject, answers, remarks=remarks, without_move=without)


def _option(index: int) -> Deliver:
    return lambda s, answers, remarks, without: s.take_option(index, answers, remarks=remarks, without_move=without)


def banner_for(app: Any, snapshot: SessionSnapshot) -> str | None:
    if app.banner:
        return app.banner
    if snapshot.ended:
        return "This session has ended: nothing more can be recorded. The hot wash and the record remain to read."
    if snapshot.dry_run:
        return "Dry-run session: written without a room."
    return None


class MainScreen(SnapshotScreen):
    BINDINGS = [*bindings(), Binding("escape", "leave_note", "Leave the note", show=False)]

    def compose(self) -> ComposeResult:
        yield ClassificationBar(id="classification-top", classes="classification")
        yield Banner(id="banner")
        yield ExerciseHeader(id="header")
        yield PhaseTrack(id="track")
        with Horizontal(id="body"):
            yield InjectList(id="injects")
            with Vertical(id="right"):
                yield InjectDetail(id="detail")
                yield CitationPanel(id="citations")
        yield Input(placeholder="Note: type, then Enter (press / to come here)", id="note", compact=True)
        yield ClassificationBar(id="classification-bottom", classes="classification")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(InjectList).border_title = "Injects"
        self.query_one(CitationPanel).border_title = "Citations: enter text · i cite · m discussed · x withdraw"
        self.set_interval(1, self.tick)
        self.query_one("#injects").focus()

    @property
    def snap(self) -> SessionSnapshot:
        return self.app.snapshot  # type: ignore[attr-defined,no-any-return]

    def draw(self, snapshot: SessionSnapshot) -> None:
        self.query_one(Banner).show(banner_for(self.app, snapshot))
        self.query_one(ExerciseHeader).show(snapshot, self.app.clock())  # type: ignore[attr-defined]
        self.query_one(PhaseTrack).show(snapshot)
        self.query_one(InjectList).show(snapshot)
        self.query_one(InjectDetail).show(snapshot)
        self.query_one(CitationPanel).show(snapshot)

    def tick(self) -> None:
        self.query_one(ExerciseHeader).tick(self.app.clock())  # type: ignore[attr-defined]

    def commit(self, done: str, command: Callable[[Session], Any], then: Callable[[Any], None] | None = None) -> None:
        self.app.commit(done, command, then=then)  # type: ignore[attr-defined]

    # -- moving through the scenario ------------------------------------------

    def action_next(self) -> None:
        snap = self.snap
        if snap.options and not snap.ended:
            items = [
                (
                    str(o.index),
                    line((o.label, "bold"), (" (default)", "italic") if o.default else "", (f" → {o.target}", "dim")),
                )
                for o in snap.options
            ]
            default = next((str(o.index) for o in snap.options if o.default), None)

            def take(choice: str | None) -> None:
                if choice is not None:
                    option = self.snap.options[int(choice)]
                    self.deliver(option.step, _option(option.index))

            self.app.push_screen(
                PickDialog("Decision point: which option did the room take?", items, highlight=default), take
            )
            return
        self.deliver(snap.next, _next)

    def deliver(self, step: Step, run: Deliver) -> None:
        """Deliver the inject `step` describes, asking the room through the gates when it moves the phase."""
        title = step.title or step.inject or ""
        if step.inject is None or (step.refused and not step.out_of_reach):
            self.notify(step.refused or "Nothing to deliver.", severity="warning", markup=False)
            return
        if step.declined:
            self.after_no(step, run)
            return
        if step.out_of_reach:
            body = Content("\n").join(
                [
                    plain(step.refused or ""),
                    plain(
                        "Deliver it without the move into its phase (recorded and marked as such), or stay here "
                        "and make the moves that lead there first (t)."
                    ),
                ]
            )

            def chosen(choice: str | None) -> None:
                if choice == "without":
                    self.commit("", lambda s: run(s, None, None, True), then=self.delivered)

            self.app.push_screen(
                ChoiceDialog(
                    f"“{title}” is out of reach", body, [("without", "Deliver without the move"), ("stay", "Stay here")]
                ),
                chosen,
            )
            return
        if step.move is not None and step.move.gates:

            def answered(result: dict[str, Any] | None) -> None:
                if result is not None:
                    self.commit(
                        "",
                        lambda s: run(s, result["answers"], result["remarks"], False),
                        then=lambda event: self.delivered(event, step, run),
                    )

            purpose = f"Delivering “{title}” moves the exercise into {step.move.dest}: the room decides each gate."
            self.app.push_screen(GatesDialog(step.move, purpose=purpose), answered)
            return
        self.commit("", lambda s: run(s, None, None, False), then=self.delivered)

    def delivered(self, event: Any, step: Step | None = None, run: Deliver | None = None) -> None:
        if event.type == "move_declined":
            self.notify(
                "The room said no: recorded as its determination. The phase and the inject stay.",
                markup=False,
                timeout=5,
            )
            if step is not None and run is not None:
                self.after_no(step, run)
            return
        # The screen itself shows the delivery (the inject, the list, the track): no toast to mount.

    def after_no(self, step: Step, run: Deliver) -> None:
        """The room declined the move: deliver without it, ask again, take another branch, or stay."""
        body = plain(
            f"The room did not agree to the move into {step.move.dest if step.move else 'its phase'} "
            f"for “{step.title}”. What follows?"
        )

        def chosen(choice: str | None) -> None:
            if choice == "without":
                self.commit("", lambda s: run(s, None, None, True), then=self.delivered)
            elif choice == "again" and step.move is not None:
                self.deliver(Step(step.inject, step.title, step.move, None), run)
            elif choice == "jump":
                self.action_jump()

        self.app.push_screen(
            ChoiceDialog(
                "The room said no",
                body,
                [
                    ("without", "Deliver without the move"),
                    ("again", "Ask again"),
                    ("jump", "Another branch"),
                    ("stay", "Stay here"),
                ],
            ),
            chosen,
        )

    def action_jump(self) -> None:
        glyph = {"delivered": "✓ ", "current": "▶ ", "pending": "  "}
        items = [
            (row.id, line(glyph[row.status], (row.title, ""), (f"  {row.id}", "dim"))) for row in self.snap.injects
        ]
        current = self.snap.current.id if self.snap.current else None

        def chosen(inject: str | None) -> None:
            if inject is not None:
                self.app.ask(lambda s: s.preview(inject), lambda step: self.deliver(step, _jump(inject)))  # type: ignore[attr-defined]

        self.app.push_screen(PickDialog("Jump to an inject", items, highlight=current), chosen)

    def action_back(self) -> None:
        self.commit("", lambda s: s.go_back())

    def action_move(self) -> None:
        moves = {m.trigger: m for m in self.snap.legal_moves}
        if not moves:
            self.notify("No phase move is legal from here.", severity="warning", markup=False)
            return
        items = [
            (
                m.trigger,
                line(
                    (m.title, "bold"),
                    (f"  {m.source or '-'} → {m.dest or '-'}", "dim"),
                    (f"  {len(m.gates)} gate(s)" if m.gates else "", "italic"),
                ),
            )
            for m in moves.values()
        ]

        def fire(result: dict[str, Any] | None, trigger: str) -> None:
            if result is None:
                return

            def done(event: Any) -> None:
                if event.type == "move_declined":
                    self.notify("The room said no: recorded as its determination; the phase stays.", markup=False)
                else:
                    self.notify(f"Moved: {' + '.join(self.snap.phases)}", timeout=3, markup=False)

            self.commit("", lambda s: s.fire(trigger, result["answers"], remarks=result["remarks"]), then=done)

        def picked(trigger: str | None) -> None:
            if trigger is not None:
                self.app.push_screen(GatesDialog(moves[trigger]), lambda result: fire(result, trigger))

        self.app.push_screen(PickDialog("Phase move: the moves legal from here", items), picked)

    # -- the record ------------------------------------------------------------

    def action_cite(self) -> None:
        def chosen(clause: str | None) -> None:
            if clause is not None:
                self.open_clause(clause, "facilitator")

        self.app.push_screen(CiteDialog(self.app.corpus, self.snap.suggestions), chosen)  # type: ignore[attr-defined]

    def open_clause(self, clause_id: str, source: str) -> None:
        corpus = self.app.corpus  # type: ignore[attr-defined]
        clause = corpus.clause(clause_id)
        phases = corpus.phases_of(clause_id)
        cited = any(c.clause == clause_id for c in self.snap.citations)

        def chosen(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.clause_action(clause_id, result[0], result[1], source)

        self.app.push_screen(
            ClauseDialog(clause, corpus.ancestors(clause_id), phases, cited=cited, writable=self.app.writable), chosen
        )  # type: ignore[attr-defined]

    def clause_action(self, clause_id: str, what: str, reason: str, source: str) -> None:
        if what == "cite":
            self.commit(f"Cited {clause_id}", lambda s: s.cite(clause_id, reason, source=source))  # type: ignore[arg-type]
        elif what == "discussed":
            title = self.app.corpus.clause(clause_id).title  # type: ignore[attr-defined]
            text = f"Discussed {clause_id} {title}" + (f": {reason}" if reason else "")
            self.commit(f"Marked discussed: {clause_id}", lambda s: s.note(text))
        elif what == "withdraw":
            self.commit(f"Withdrawn: {clause_id}", lambda s: s.withdraw(clause_id, reason))

    @on(CitationPanel.ClauseChosen)
    def clause_chosen(self, event: CitationPanel.ClauseChosen) -> None:
        if event.what == "open":
            self.open_clause(event.clause, "suggestion")
        else:
            self.clause_action(event.clause, event.what, event.reason if event.what == "cite" else "", "suggestion")

    def action_note(self) -> None:
        note = self.query_one("#note", Input)
        if self.focused is note:  # `/` typed in the note itself
            note.insert_text_at_cursor("/")
            return
        # Focused now, not after the keys already waiting: `focus()` would leave those to the
        # inject list, where "/now" would deliver the next inject before the note had the keys.
        self.set_focus(note)

    def action_leave_note(self) -> None:
        self.query_one("#injects").focus()

    @on(Input.Submitted, "#note")
    def record_note(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        box = event.input

        def recorded(_: Any) -> None:
            if box.value.strip() == text:
                box.value = ""
            self.notify("Note recorded", timeout=3, markup=False)

        self.commit("", lambda s: s.note(text), then=recorded)

    def action_decide(self) -> None:
        intro = None
        if self.snap.options:
            intro = Content("\n").join(
                [
                    line(("Options at this decision point:", "italic")),
                    *[
                        line(f"  {o.index + 1}. ", (o.label, ""), (" (default)", "bold") if o.default else "")
                        for o in self.snap.options
                    ],
                ]
            )

        def record(values: dict[str, str] | None) -> None:
            if values is not None:
                self.commit(f"Decision recorded: {values['who']}", lambda s: s.decide(values["who"], values["what"]))

        self.app.push_screen(
            FormDialog(
                "Record a decision",
                [
                    Field(
                        "who",
                        "Who decided",
                        required=True,
                        placeholder="e.g. Prime Minister, Alliance Coordination Group",
                    ),
                    Field("what", "Decision", required=True, placeholder="What was decided"),
                ],
                "Record decision",
                intro=intro,
            ),
            record,
        )

    def action_orders(self) -> None:
        """The grey-zone orders open in the phases in force: pick one, record the room's yes or no."""
        orders = {o.id: o for o in self.snap.available_determinations}
        if self.snap.ended or not orders:
            why = "The session has ended." if self.snap.ended else "No order is open in the phases in force."
            self.notify(why, severity="warning", markup=False)
            return

        def record(values: dict[str, str] | None, order_id: str) -> None:
            if values is None:
                return
            answer = values["answer"] == "yes"
            title = orders[order_id].title
            self.commit(
                f"Order recorded: {title}: {'yes' if answer else 'no'}",
                lambda s: s.determine(order_id, answer, values["remark"]),
            )

        def picked(order_id: str | None) -> None:
            if order_id is None:
                return
            self.app.push_screen(
                FormDialog(
                    "Record the room's answer",
                    [
                        Field(
                            "answer",
                            "The room's answer",
                            "choice",
                            (("yes", "Yes: the order is given"), ("no", "No: the room decides against it")),
                            required=True,
                        ),
                        Field("remark", "Remark", placeholder="Why, on what condition, who objected"),
                    ],
                    "Record answer",
                    intro=order_text(orders[order_id]),
                ),
                lambda values: record(values, order_id),
            )

        items = [(o.id, order_text(o)) for o in orders.values()]
        intro = plain("Orders and determinations the room may record now, without a phase move.", "italic")
        self.app.push_screen(PickDialog("Grey-zone orders open now", items, intro=intro), picked)

    def action_rate(self) -> None:
        current = self.snap.current
        if current is None or not current.expected_actions:
            self.notify("The current inject has no expected actions to rate.", severity="warning", markup=False)
            return
        actions = tuple((a.key, line(f"{a.key} ", (a.action, ""))) for a in current.expected_actions)

        def record(values: dict[str, str] | None) -> None:
            if values is not None:
                self.commit(
                    f"Rated {values['action']}: {values['rating']}",
                    lambda s: s.rate(
                        current.id,
                        values["action"],
                        values["rating"],  # type: ignore[arg-type]
                        values["observation"],
                    ),
                )

        self.app.push_screen(
            FormDialog(
                "Rate an expected action",
                [
                    Field("action", "Expected action", "choice", actions, value=actions[0][0], required=True),
                    Field("rating", "Rating", "choice", tuple((r, RATING_MEANINGS[r]) for r in RATINGS), required=True),
                    Field("observation", "Observation", placeholder="What the room did"),
                ],
                "Record rating",
            ),
            record,
        )

    def action_adhoc(self) -> None:
        def record(values: dict[str, str] | None) -> None:
            if values is not None:
                tags = [t.strip() for t in values["tags"].split(",") if t.strip()]
                self.commit(
                    f"Ad-hoc inject delivered: {values['title']}",
                    lambda s: s.insert_adhoc(values["title"], values["narrative"], tags=tags),
                )

        self.app.push_screen(
            FormDialog(
                "Ad-hoc inject",
                [
                    Field("title", "Title", required=True),
                    Field("narrative", "Narrative (Markdown)", "text"),
                    Field("tags", "Tags (comma-separated, optional)", placeholder="maritime, cyber"),
                ],
                "Deliver",
            ),
            record,
        )

    def action_hot_wash(self) -> None:
        from tabletop.tui.screens.hotwash import HotWashScreen

        self.app.push_screen(HotWashScreen())

    # -- the session -------------------------------------------------------------

    def action_pause(self) -> None:
        if self.snap.clock.paused:
            self.commit("Clock resumed", lambda s: s.resume_clock())
        else:
            self.commit("Clock paused (space resumes)", lambda s: s.pause_clock(""))

    def action_end(self) -> None:
        def end(values: dict[str, str] | None) -> None:
            if values is not None:
                self.commit("The session has ended.", lambda s: s.end(values["summary"]))

        intro = plain("Nothing more can be recorded in this session afterwards. End it now?")
        self.app.push_screen(
            FormDialog("End the session", [Field("summary", "Closing remark", "text")], "End the session", intro=intro),
            end,
        )

    def action_report(self) -> None:
        self.app.write_report()  # type: ignore[attr-defined]

    def action_projector(self) -> None:
        from tabletop.tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen())

    def action_help(self) -> None:
        from tabletop.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.app.exit()
