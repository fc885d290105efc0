"""The facilitator's main screen: everything about the session at a glance, every action a key away.

Draws from `ConsoleApp.snapshot` (watched) and issues typed commands through
`ConsoleApp.execute`, each decided on the snapshot on screen (its `seq`); what `next` would do
is read from the snapshot's `Step`, never learnt from an exception, and the outcomes that
concern this screen (a "no" from the room, a note recorded, a move made) come back as messages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input

# The commands' classes: `tabletop.session` names them lazily, so they are imported by the first
# command the room gives, not for the console's first frame.
import tabletop.session as commands
from tabletop.session import (
    RATINGS,
    CitationSource,
    ExpectedActionRating,
    SessionSnapshot,
    Step,
)
from tabletop.lazyexports import lazy_module
from tabletop.tui.app import ConsoleApp
from tabletop.tui.keys import KEYS, bindings
from tabletop.tui.screens.base import SnapshotScreen
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
from tabletop.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from tabletop.session import Command
    from tabletop.tui.screens import dialogs
    from tabletop.tui.screens.dialogs import ClauseAction, FormValues, GateAnswers

    Delivery = commands.DeliverNext | commands.Jump | commands.TakeOption
    """The commands that deliver an inject (and may make its phase move)."""
else:
    # Imported when the first dialog opens: the dialogs and the widgets they are made of (radio
    # sets, text areas, buttons) are not needed for the console's first frame.
    dialogs = lazy_module("tabletop.tui.screens.dialogs")

__all__ = ["MainScreen"]

RATING_MEANINGS = {
    "P": "P: performed without challenges",
    "S": "S: performed with some challenges",
    "M": "M: performed with major challenges",
    "U": "U: unable to be performed",
}


class MainScreen(SnapshotScreen):
    BINDINGS = [*bindings(), Binding("escape", "leave_note", "Leave the note", show=False)]
    RECORDS = {key.action: key.records for key in KEYS}

    jump_seq: int | None = None
    """The state the jump list was opened on."""
    note_seq: int | None = None
    """The state the note being typed was started on (its first character): the note is about
    what was on screen then, and is refused if the session moved on before Enter."""

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
        self.query_one(CitationPanel).border_subtitle = "• presented  ≈ discussed  ✓ cited"
        self.set_interval(1, self.tick)
        self.query_one("#injects").focus()

    def draw(self, snapshot: SessionSnapshot) -> None:
        self.query_one(ExerciseHeader).show(snapshot, self.console.clock())
        self.query_one(PhaseTrack).show(snapshot)
        self.query_one(InjectList).show(snapshot)
        self.query_one(InjectDetail).show(snapshot)
        self.query_one(CitationPanel).show(snapshot)

    def tick(self) -> None:
        self.query_one(ExerciseHeader).tick(self.console.clock())

    def execute(self, command: Command, done: str = "") -> None:
        """Record `command`; its outcome comes back to this screen as a message."""
        self.console.execute(command, done=done, reply_to=self)

    # -- moving through the scenario ------------------------------------------

    def action_next(self) -> None:
        self.next_inject(gates_first=False)

    def action_next_gates_first(self) -> None:
        self.next_inject(gates_first=True)

    def next_inject(self, *, gates_first: bool) -> None:
        """Deliver the next inject (or the option the room took). Room first: an inject that
        moves the phase is shown at once with its move waiting (`g` puts the gates); with
        `gates_first` the room answers the gates before it is delivered."""
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
                    option = snap.options[int(choice)]
                    delivery = commands.TakeOption(expected_seq=snap.seq, choice=option.index)
                    self.deliver(option.step, delivery, gates_first=gates_first)

            self.app.push_screen(
                dialogs.PickDialog("Decision point: which option did the room take?", items, highlight=default), take
            )
            return
        self.deliver(snap.next, commands.DeliverNext(expected_seq=snap.seq), gates_first=gates_first)

    def deliver(self, step: Step, delivery: Delivery, *, gates_first: bool = False) -> None:
        """Deliver the inject `step` describes. When it moves the phase, the inject is shown first
        and the move waits for the room (`g`); `gates_first` asks the gates before delivering."""
        title = step.title or step.inject or ""
        if step.inject is None or (step.refused and not step.out_of_reach):
            self.notify(step.refused or "Nothing to deliver.", severity="warning", markup=False)
            return
        if step.declined:
            self.after_no(step, delivery)
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
                    self.execute(replace(delivery, without_move=True))

            self.app.push_screen(
                dialogs.ChoiceDialog(
                    f"“{title}” is out of reach", body, [("without", "Deliver without the move"), ("stay", "Stay here")]
                ),
                chosen,
            )
            return
        if step.move is not None and step.move.gates and not gates_first:
            # The room hears the development first; it determines the move once it has discussed it.
            self.execute(replace(delivery, move_pending=True))
            return
        if step.move is not None and step.move.gates:

            def answered(result: GateAnswers, seq: int) -> tuple[Command, str]:
                # Decided on the state the delivery was chosen on, given again or not: a delivery
                # the room's play has moved past since is refused, never made somewhere else.
                answers, remarks, when = result.answers, result.remarks, result.scenario_time
                return replace(delivery, answers=answers, remarks=remarks, scenario_time=when), ""

            purpose = f"Delivering “{title}” moves the exercise into {step.move.dest}: the room decides each gate."
            self.ask(dialogs.GatesDialog(step.move, purpose=purpose), answered)
            return
        # The screen itself shows the delivery (the inject, the list, the track): no toast to mount.
        self.execute(delivery)

    def action_gates(self) -> None:
        """The gates of the move waiting since the inject was delivered: the room determines it."""
        snap = self.snap
        pending = snap.pending
        if pending is None:
            why = "No move is waiting for the room. t lists the moves legal from here."
            self.notify(why, severity="warning", markup=False)
            return

        def answered(result: GateAnswers, seq: int) -> tuple[Command, str]:
            # On the state the gates were put on, given again or not: the move waiting then.
            return commands.DetermineMove(
                expected_seq=snap.seq,
                answers=result.answers,
                remarks=result.remarks,
                scenario_time=result.scenario_time,
            ), ""

        purpose = (
            f"“{pending.title}” is in front of the room. Its move into {pending.move.dest} waits for the "
            "room's determination: the first no settles it."
        )
        own = snap.current.time if snap.current is not None else None
        self.ask(dialogs.GatesDialog(pending.move, purpose=purpose, scenario_time=own), answered)

    @on(ConsoleApp.CommandDeclined)
    def declined(self, message: ConsoleApp.CommandDeclined) -> None:
        command, snapshot = message.command, message.outcome.snapshot
        if isinstance(command, commands.Fire):
            self.notify("The room said no: recorded as its determination; the phase stays.", markup=False)
            return
        if isinstance(command, commands.DetermineMove):
            declined = message.outcome.declined
            refused = next(a.gate for a in declined.answers if not a.answer)
            unput = f" Not put: {', '.join(declined.not_put)}." if declined.not_put else ""
            self.notify(
                f"The room said no at {refused}: the move is declined, the phase stays.{unput}",
                markup=False,
                timeout=6,
            )
            return
        self.notify(
            "The room said no: recorded as its determination. The phase and the inject stay.",
            markup=False,
            timeout=5,
        )
        if isinstance(command, commands.DeliverNext | commands.Jump | commands.TakeOption):
            step = _declined_step(snapshot, message.outcome.declined.trigger, message.outcome.declined.inject)
            if step is not None:
                self.after_no(step, replace(command, expected_seq=snapshot.seq, answers={}, remarks={}))

    def after_no(self, step: Step, delivery: Delivery) -> None:
        """The room declined the move: deliver without it, ask again, take another branch, or stay."""
        body = plain(
            f"The room did not agree to the move into {step.move.dest if step.move else 'its phase'} "
            f"for “{step.title}”. What follows?"
        )

        def chosen(choice: str | None) -> None:
            if choice == "without":
                self.execute(replace(delivery, without_move=True))
            elif choice == "again" and step.move is not None:
                self.deliver(Step(step.inject, step.title, step.move, None), delivery)
            elif choice == "jump":
                self.action_jump()

        self.app.push_screen(
            dialogs.ChoiceDialog(
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
        seq = self.snap.seq

        def chosen(inject: str | None) -> None:
            if inject is not None:
                self.jump_seq = seq
                self.console.preview(inject, reply_to=self)

        self.app.push_screen(dialogs.PickDialog("Jump to an inject", items, highlight=current), chosen)

    @on(ConsoleApp.StepPreviewed)
    def previewed(self, message: ConsoleApp.StepPreviewed) -> None:
        step = message.step
        if step.inject is not None:
            # Decided on the state the list was opened on: the session refuses it if it moved on.
            seq = min(message.seq, self.jump_seq) if self.jump_seq is not None else message.seq
            self.jump_seq = None
            self.deliver(step, commands.Jump(expected_seq=seq, inject=step.inject))

    def action_back(self) -> None:
        self.execute(commands.GoBack(expected_seq=self.snap.seq))

    def action_move(self) -> None:
        snap = self.snap
        moves = {m.trigger: m for m in snap.legal_moves}
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

        def picked(trigger: str | None) -> None:
            if trigger is None:
                return

            def fire(result: GateAnswers, seq: int) -> tuple[Command, str]:
                # On the phases the move was picked in, given again or not.
                return commands.Fire(
                    expected_seq=snap.seq,
                    trigger=trigger,
                    answers=result.answers,
                    remarks=result.remarks,
                    scenario_time=result.scenario_time,
                ), ""

            own = snap.current.time if snap.current is not None else None
            self.ask(dialogs.GatesDialog(moves[trigger], scenario_time=own), fire)

        self.app.push_screen(dialogs.PickDialog("Phase move: the moves legal from here", items), picked)

    @on(ConsoleApp.CommandCommitted)
    def committed(self, message: ConsoleApp.CommandCommitted) -> None:
        command, snapshot = message.command, message.outcome.snapshot
        if isinstance(command, commands.Fire | commands.DetermineMove):
            self.notify(f"Moved: {' + '.join(snapshot.phases)}", timeout=3, markup=False)
        elif isinstance(command, commands.Note) and not message.done:  # from the note field
            box = self.query_one("#note", Input)
            if box.value.strip() == command.text:
                box.value = ""
            self.notify("Note recorded", timeout=3, markup=False)

    # -- the record ------------------------------------------------------------

    def action_cite(self) -> None:
        seq = self.snap.seq

        def chosen(clause: str | None) -> None:
            if clause is not None:
                self.open_clause(clause, "facilitator", seq)

        self.app.push_screen(dialogs.CiteDialog(self.console.corpus, self.snap.suggestions), chosen)

    def open_clause(self, clause_id: str, source: CitationSource, seq: int | None = None) -> None:
        """The clause's text, from which it is cited: decided on the state at `seq` (the one shown
        when the facilitator began: `c` pressed, or the clause opened)."""
        seq = self.snap.seq if seq is None else seq
        corpus = self.console.corpus
        clause = corpus.clause(clause_id)
        phases = corpus.phases_of(clause_id)
        cited = any(c.clause == clause_id for c in self.snap.citations)

        def chosen(result: ClauseAction, decided_on: int) -> tuple[Command, str]:
            return self.clause_command(clause_id, result, source, decided_on)

        found = next((c for c in self.snap.suggestions if c.id == clause_id), None)
        record = next((c for c in self.snap.citations if c.clause == clause_id), None)
        dialog = dialogs.ClauseDialog(
            clause,
            corpus.ancestors(clause_id),
            phases,
            cited=cited,
            writable=self.console.writable,
            why=found.reason if found is not None else (record.reason if record is not None else ""),
            evidence=found.evidence if found is not None else "",
            recorded=record.coverage if record is not None else None,
        )
        self.ask(dialog, chosen, seq=seq)

    def clause_command(
        self, clause_id: str, action: ClauseAction, source: CitationSource, seq: int
    ) -> tuple[Command, str]:
        """What citing, marking discussed or withdrawing a clause records, and what to say then."""
        if action.what == "cite":
            cite = commands.Cite(expected_seq=seq, clause=clause_id, reason=action.reason, source=source)
            return cite, f"Cited {clause_id}"
        if action.what == "discussed":
            discussed = commands.Cite(expected_seq=seq, clause=clause_id, reason=action.reason, source="discussed")
            return discussed, f"Marked discussed: {clause_id}"
        withdraw = commands.Withdraw(expected_seq=seq, clause=clause_id, reason=action.reason)
        return withdraw, f"Withdrawn: {clause_id}"

    @on(CitationPanel.ClauseChosen)
    def clause_chosen(self, event: CitationPanel.ClauseChosen) -> None:
        if event.what == "open":
            self.open_clause(event.clause, "suggestion")
        else:
            reason = event.reason if event.what == "cite" else ""
            action = dialogs.ClauseAction(event.what, reason)
            self.execute(*self.clause_command(event.clause, action, "suggestion", self.snap.seq))

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

    @on(Input.Changed, "#note")
    def note_started(self, event: Input.Changed) -> None:
        if not event.value.strip():
            self.note_seq = None
        elif self.note_seq is None:
            self.note_seq = self.snap.seq

    @on(Input.Submitted, "#note")
    def record_note(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            seq = self.note_seq if self.note_seq is not None else self.snap.seq
            self.execute(commands.Note(expected_seq=seq, text=text))

    @on(ConsoleApp.CommandRefused)
    def refused(self, message: ConsoleApp.CommandRefused) -> None:
        command = message.command
        if isinstance(command, commands.Note) and message.outcome.kind == "moved_on":
            box = self.query_one("#note", Input)
            if box.value.strip() == command.text:
                # The text stays in the box, now on the state shown: Enter records it there.
                self.note_seq = message.outcome.snapshot.seq
                self.notify(
                    "Your note is still in the note line: Enter records it on what is on screen now; ctrl+u clears it.",
                    markup=False,
                    timeout=8,
                )

    def action_decide(self) -> None:
        snap = self.snap
        intro = None
        if snap.options:
            intro = Content("\n").join(
                [
                    line(("Options at this decision point:", "italic")),
                    *[
                        line(f"  {o.index + 1}. ", (o.label, ""), (" (default)", "bold") if o.default else "")
                        for o in snap.options
                    ],
                ]
            )

        def record(values: FormValues, seq: int) -> tuple[Command, str]:
            decision = commands.Decide(expected_seq=seq, decided_by=values["who"], decision=values["what"])
            return decision, f"Decision recorded: {values['who']}"

        self.ask(
            dialogs.FormDialog(
                "Record a decision",
                [
                    dialogs.Field(
                        "who",
                        "Who decided",
                        required=True,
                        placeholder="e.g. Prime Minister, Alliance Coordination Group",
                    ),
                    dialogs.Field("what", "Decision", required=True, placeholder="What was decided"),
                ],
                "Record decision",
                intro=intro,
            ),
            record,
        )

    def action_orders(self) -> None:
        """The grey-zone orders open in the phases in force: pick one, record the room's yes or no."""
        snap = self.snap
        orders = {o.id: o for o in snap.available_determinations}
        if snap.ended or not orders:
            why = "The session has ended." if snap.ended else "No order is open in the phases in force."
            self.notify(why, severity="warning", markup=False)
            return

        def record(values: FormValues, seq: int, order_id: str) -> tuple[Command, str]:
            answer = values["answer"] == "yes"
            ahead = orders[order_id].ahead_of if answer else ()
            marked = f" (ahead of {', '.join(ahead)}, not yet recorded)" if ahead else ""
            return commands.Determine(
                expected_seq=seq,
                determination=order_id,
                answer=answer,
                remark=values["remark"],
                scenario_time=values["scenario_time"] or None,
            ), f"Recorded: {orders[order_id].title}: {'yes' if answer else 'no'}{marked}"

        def picked(order_id: str | None) -> None:
            if order_id is None:
                return
            self.ask(
                dialogs.FormDialog(
                    "Record the room's answer",
                    [
                        dialogs.Field(
                            "answer",
                            "The room's answer",
                            "choice",
                            (("yes", "Yes: the order is given"), ("no", "No: the room decides against it")),
                            required=True,
                        ),
                        dialogs.Field("remark", "Remark", placeholder="Why, on what condition, who objected"),
                        dialogs.scenario_time_field(snap.current.time if snap.current is not None else None),
                    ],
                    "Record answer",
                    intro=dialogs.order_text(orders[order_id]),
                    check=lambda values: dialogs.scenario_time_problem(values["scenario_time"]),
                ),
                lambda values, seq: record(values, seq, order_id),
                seq=snap.seq,
            )

        items = [(o.id, dialogs.order_summary(o)) for o in orders.values()]
        intro = plain(
            "What the room may determine now, without a phase move: who decides, on which side, and "
            "what it still needs first (✗). Enter shows the whole of one.",
            "italic",
        )
        self.app.push_screen(dialogs.PickDialog("Orders and determinations open now", items, intro=intro), picked)

    def offers(self, action: str) -> bool:
        # The cells' screen puts prompts to the scenario's cells and seats them: a scenario
        # without cells leaves it out of the bar (`k` still says what it holds).
        return action != "cells" or bool(self.console.cells())

    def rating_rows(self) -> dict[str, list[ExpectedActionRating]] | None:
        """The expected actions of every inject delivered so far, by inject (None, said, when the
        session has ended or none has any)."""
        if self.snap.ended:
            self.notify("The session has ended.", severity="warning", markup=False)
            return None
        delivered: dict[str, list[ExpectedActionRating]] = {}
        for row in self.console.rating_sheet():
            if row.delivered:
                delivered.setdefault(row.inject, []).append(row)
        if not delivered:
            self.notify("No inject delivered so far has expected actions to rate.", severity="warning", markup=False)
            return None
        return delivered

    def action_rate(self) -> None:
        """Rate an expected action of the current inject, what the room has just done; `R` rates
        one of an earlier inject. When the current inject has none, the earlier ones are offered."""
        delivered = self.rating_rows()
        if delivered is None:
            return
        seq = self.snap.seq  # the state the rating is decided on: the one shown when r was pressed
        current = self.snap.current
        if current is not None and current.id in delivered:
            self.rate_inject(delivered[current.id], seq)
            return
        title = current.title if current is not None else "The inject in front of the room"
        self.pick_inject_to_rate(delivered, seq, f"“{title}” has no expected actions: rate one of an earlier inject.")

    def action_rate_earlier(self) -> None:
        """Rate an expected action of any inject delivered so far, picked from a list: play does
        not move (no return, no delivery), and an evaluator rates the third inject after the
        seventh as the facilitator rates the current one."""
        delivered = self.rating_rows()
        if delivered is not None:
            self.pick_inject_to_rate(delivered, self.snap.seq, "")

    def pick_inject_to_rate(self, delivered: dict[str, list[ExpectedActionRating]], seq: int, why: str) -> None:
        current = self.snap.current.id if self.snap.current else None
        order = sorted(delivered, key=lambda inject: inject != current)  # the current inject first
        items = [
            (
                inject,
                line(
                    ("▶ " if inject == current else "✓ ", "bold" if inject == current else "dim"),
                    (delivered[inject][0].inject_title, ""),
                    (f"  {sum(1 for r in delivered[inject] if r.rating)}/{len(delivered[inject])} rated", "dim"),
                ),
            )
            for inject in order
        ]
        earlier = next((inject for inject in order if inject != current), order[0])
        stays = "Rating an earlier inject does not move play: the inject in front of the room stays."
        intro = plain(f"{why} {stays}" if why else stays, "italic")

        def chosen(inject: str | None) -> None:
            if inject is not None:
                self.rate_inject(delivered[inject], seq)

        self.app.push_screen(
            dialogs.PickDialog("Rate an expected action of which inject?", items, highlight=earlier, intro=intro),
            chosen,
        )

    def rate_inject(self, rows: list[ExpectedActionRating], seq: int) -> None:
        inject = rows[0].inject
        actions = tuple(
            (
                r.key,
                line(
                    (f"{r.key} ", "bold"), (r.action, ""), (f"  [rated {r.rating.rating}]" if r.rating else "", "dim")
                ),
            )
            for r in rows
        )
        unrated = next((r.key for r in rows if r.rating is None), rows[0].key)

        def record(values: FormValues, decided_on: int) -> tuple[Command, str]:
            rating = next(r for r in RATINGS if r == values["rating"])
            return commands.Rate(
                expected_seq=decided_on,
                inject=inject,
                action=values["action"],
                rating=rating,
                observation=values["observation"],
            ), f"Rated {inject} {values['action']}: {rating}"

        self.ask(
            dialogs.FormDialog(
                f"Rate an expected action: {rows[0].inject_title}",
                [
                    dialogs.Field("action", "Expected action", "choice", actions, value=unrated, required=True),
                    dialogs.Field(
                        "rating", "Rating", "choice", tuple((r, RATING_MEANINGS[r]) for r in RATINGS), required=True
                    ),
                    dialogs.Field("observation", "Observation", placeholder="What the room did"),
                ],
                "Record rating",
                intro=rated_already(rows),
            ),
            record,
            seq=seq,
        )

    def action_adhoc(self) -> None:
        snap = self.snap
        if snap.pending is not None and snap.next.refused:
            # Said before the form is filled in: no inject is put in front of the room meanwhile.
            self.notify(snap.next.refused, severity="warning", markup=False)
            return

        def record(values: FormValues, seq: int) -> tuple[Command, str]:
            tags = tuple(t.strip() for t in values["tags"].split(",") if t.strip())
            return commands.InsertAdHoc(
                expected_seq=seq, title=values["title"], narrative=values["narrative"], tags=tags
            ), f"Ad-hoc inject delivered: {values['title']}"

        self.ask(
            dialogs.FormDialog(
                "Ad-hoc inject",
                [
                    dialogs.Field("title", "Title", required=True),
                    dialogs.Field("narrative", "Narrative (Markdown)", "text"),
                    dialogs.Field("tags", "Tags (comma-separated, optional)", placeholder="maritime, cyber"),
                ],
                "Deliver",
            ),
            record,
        )

    def action_cells(self) -> None:
        from tabletop.tui.screens.cells import CellsScreen

        self.app.push_screen(CellsScreen())

    def action_hot_wash(self) -> None:
        from tabletop.tui.screens.hotwash import HotWashScreen

        self.app.push_screen(HotWashScreen())

    # -- the session -------------------------------------------------------------

    def action_pause(self) -> None:
        snap = self.snap
        if snap.clock.paused:
            self.execute(commands.ResumeClock(expected_seq=snap.seq), "Clock resumed")
        else:
            self.execute(commands.PauseClock(expected_seq=snap.seq), "Clock paused (space resumes)")

    def action_end(self) -> None:
        def end(values: FormValues, seq: int) -> tuple[Command, str]:
            return commands.End(expected_seq=seq, summary=values["summary"]), "The session has ended."

        snap = self.snap
        still_open = snap.state.open_prompts
        warning = ""
        if still_open:
            # The cells may be typing answers to them: the facilitator decides knowing it, and how
            # far each has been answered, counted as the cells screen counts it.
            now = self.console.clock()
            answered = "; ".join(
                f"{p.prompt}: {snap.state.answers_by_standing(p, now).totals().counts()}" for p in still_open
            )
            one = len(still_open) == 1
            count = "1 prompt is" if one else f"{len(still_open)} prompts are"
            warning = (
                f"{count} still open ({answered}): ending closes {'it' if one else 'them'}, "
                "and answers not sent yet on the participants' page are not recorded. "
            )
        intro = plain(warning + "Nothing more can be recorded in this session afterwards. End it now?")
        self.ask(
            dialogs.FormDialog(
                "End the session", [dialogs.Field("summary", "Closing remark", "text")], "End the session", intro=intro
            ),
            end,
        )

    def action_report(self) -> None:
        self.console.write_report()

    def action_projector(self) -> None:
        from tabletop.tui.screens.projector import ProjectorScreen

        self.app.push_screen(ProjectorScreen())

    def action_help(self) -> None:
        from tabletop.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.app.exit()


def rated_already(rows: list[ExpectedActionRating]) -> Content | None:
    """The ratings an inject's expected actions have already, each with its observation and who
    gave it, and what a new one does to it; None when none is rated yet."""
    if all(row.rating is None for row in rows):
        return None
    said = (
        "Rated already (a new rating of an action replaces its rating here and in the report; the journal keeps both):"
    )
    lines = [plain(said, "italic")]
    for row in rows:
        if (rating := row.rating) is None:
            continue
        by = f" ({rating.by.label})" if rating.by is not None else ""
        observed = f": {rating.observation}" if rating.observation else ""
        lines.append(line(f"  {row.key} ", (RATING_MEANINGS[rating.rating], "bold"), (observed, ""), (by, "dim")))
    return Content("\n").join(lines)


def _declined_step(snapshot: SessionSnapshot, trigger: str, inject: str | None) -> Step | None:
    """The step the room has just said no to, from the snapshot after it: the same inject and move."""
    for step in (snapshot.next, *(option.step for option in snapshot.options)):
        if step.inject == inject and step.move is not None and step.move.trigger == trigger:
            return step
    move = next((m for m in snapshot.legal_moves if m.trigger == trigger), None)
    title = next((row.title for row in snapshot.injects if row.id == inject), inject)
    return Step(inject, title, move, None, declined=True) if move is not None else None
