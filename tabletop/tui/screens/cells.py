"""The cells: prompts put to them, who has answered and what, and their seats on the
participants' page.

Reached with `k` from the main screen; `k` or escape returns. The facilitator opens a prompt for
all or some cells (a question, a poll, a self-rating of an expected action of the current
inject, a proposal with the clauses that apply now), closes it, reveals its answers to the room
(the participants' page and the projector), keys in a cell's paper answer, issues a new seat to
a cell (a person who arrives late), gives a seat a new card (a person whose device lost the seat,
or who changes device) and revokes a seat; a new seat's or card's code is shown here once, to be
typed on the page, with the page's address and the link that joins with it when this program
serves the page too (`ConsoleApp.page_url`). Every one of these is a command through
`ConsoleApp.execute`; the screen draws from the snapshot, which the app republishes as the
participants' answers come in.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from tabletop.session import (
    RATINGS,
    AnswerPrompt,
    AnswersByStanding,
    ClosePrompt,
    Command,
    IssueSeat,
    OpenPrompt,
    PromptKind,
    PromptRecord,
    ReissueSeat,
    RevealPrompt,
    RevokeSeat,
    SessionSnapshot,
    card_expires_at,
    new_seat_code,
    next_seat_ids,
    seat_code_digest,
    seat_join_url,
    spaced_seat_code,
)
from tabletop.tui.app import ConsoleApp
from tabletop.tui.screens.base import SnapshotScreen
from tabletop.tui.screens.dialogs import ChoiceDialog, Field, FormDialog, FormValues, PickDialog
from tabletop.tui.text import line, plain
from tabletop.tui.widgets import Banner, ClassificationBar
from tabletop.tui.widgets.keybar import KeyBar

__all__ = ["CellsScreen"]

EXPIRY_CHECK_SECONDS = 30.0
"""How often the screen looks again at which seats have expired, with nothing else changing."""

KIND_NAMES: dict[PromptKind, str] = {
    "question": "Question",
    "poll": "Poll",
    "self_rating": "Self-rating",
    "proposal": "Proposed action",
}


class CellsScreen(SnapshotScreen):
    RECORDS = {
        "open_prompt": ("OpenPrompt",),
        "close_prompt": ("ClosePrompt",),
        "reveal": ("RevealPrompt",),
        "paper": ("AnswerPrompt",),
        "revoke": ("RevokeSeat",),
        "new_seat": ("IssueSeat",),
        "new_card": ("ReissueSeat",),
    }
    BINDINGS = [
        Binding("1", "open_prompt('question')", "Question"),
        Binding("2", "open_prompt('poll')", "Poll"),
        Binding("3", "open_prompt('self_rating')", "Self-rating"),
        Binding("4", "open_prompt('proposal')", "Proposal"),
        Binding("c", "close_prompt", "Close"),
        Binding("r", "reveal", "Reveal"),
        Binding("y", "paper", "Paper answer"),
        Binding("s", "new_seat", "New seat"),
        Binding("n", "new_card", "New card"),
        Binding("x", "revoke", "Revoke seat"),
        Binding("k,escape", "app.pop_screen", "Back", key_display="k"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._new_cards: dict[str, str] = {}
        """The codes of new seats and new cards asked for and not yet shown, by seat (kept
        nowhere else)."""

    def compose(self) -> ComposeResult:
        yield ClassificationBar(id="classification-top", classes="classification")
        yield Banner(id="banner")
        yield Static(plain("The cells: prompts, answers and seats", "bold"), id="cells-title")
        with Horizontal(id="cells-body"):
            with VerticalScroll(id="cells-record"):
                yield Static(id="cells-prompts")
                yield Static(id="cells-seats")
            with Vertical(id="cells-actions"):
                yield Button("Question (1)", id="open-question", compact=True)
                yield Button("Poll (2)", id="open-poll", compact=True)
                yield Button("Self-rating (3)", id="open-self_rating", compact=True)
                yield Button("Proposal (4)", id="open-proposal", compact=True)
                yield Button("Close (c)", id="close", compact=True)
                yield Button("Reveal (r)", id="reveal", compact=True)
                yield Button("Paper answer (y)", id="paper", compact=True)
                yield Button("New seat (s)", id="new-seat", compact=True)
                yield Button("New card (n)", id="new-card", compact=True)
                yield Button("Revoke seat (x)", id="revoke", compact=True)
                yield Button("Back (k)", id="back", compact=True)
        yield ClassificationBar(id="classification-bottom", classes="classification")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        # A seat expires with time, not with an event: the list is looked at again meanwhile.
        self.set_interval(EXPIRY_CHECK_SECONDS, self._seats_lapse)

    def _seats_lapse(self) -> None:
        snapshot = self.console.snapshot
        if snapshot is not None:
            self.draw(snapshot)

    # -- drawing ---------------------------------------------------------------------

    def cells(self) -> dict[str, str]:
        """The scenario's cells, id to name, in its order."""
        return {cell.id: cell.name for cell in self.console.cells()}

    def draw(self, snapshot: SessionSnapshot) -> None:
        state = snapshot.state
        cells = self.cells()
        # Seats lapse with time, not with an event: those expired by now are no longer counted.
        now = self.console.clock()
        rows: list[Content] = []
        for prompt in reversed(state.prompts):
            where = "open" if prompt.is_open else "revealed" if prompt.revealed else "closed"
            # Cell names come from the scenario: a (text, style) part, made safe, never our own label.
            asked = ", ".join(cells.get(c, c) for c in prompt.cells) or "every cell"
            rows.append(
                line(
                    (f"{prompt.prompt} {KIND_NAMES[prompt.kind]} ", "bold"),
                    (f"[{where}] ", "reverse" if prompt.is_open else "italic"),
                    (prompt.text, ""),
                )
            )
            # The counts are the state's, as the End dialog, the page and `status` give them.
            found = state.answers_by_standing(prompt, now)
            rows.append(line("   asked of ", (asked, ""), "; ", self._who_answered(found, cells)))
            if prompt.kind == "poll":
                tally = prompt.tally()
                rows += [line(f"   {tally[n]:>3}  ", (option, "")) for n, option in enumerate(prompt.options)]
            for answer in prompt.answers:
                chosen = prompt.options[answer.choice] if answer.choice is not None else answer.rating or ""
                said = ": ".join(part for part in (chosen, answer.clause or "", answer.text) if part)
                origin = answer.seat or "on paper"
                lapsed = found.standing_of(answer)
                if lapsed in ("revoked", "expired"):
                    origin += f", {lapsed} since"
                rows.append(line("   ", (cells.get(answer.cell, answer.cell), ""), (f" ({origin}): ", ""), (said, "")))
        if not rows:
            rows.append(plain("No prompt yet: 1 asks a question, 2 a poll, 3 a self-rating, 4 a proposal.", "italic"))
        self.query_one("#cells-prompts", Static).update(Content("\n").join(rows))
        seats: list[Content] = [line(("Seats on the participants' page", "bold underline"))]
        for cell, name in cells.items():
            held = [s for s in state.seats if s.cell == cell]
            if held:
                seat_stands = {s.seat: s.standing(now) for s in held}
                standing = [seat for seat, stands in seat_stands.items() if stands == "standing"]
                revoked = [seat for seat, stands in seat_stands.items() if stands == "revoked"]
                expired = [seat for seat, stands in seat_stands.items() if stands == "expired"]
                unused = [s.seat for s in held if seat_stands[s.seat] == "standing" and not s.claimed]
                seats.append(
                    line(
                        (name, "bold"),
                        f": {len(standing)} seat(s) ",  # a count: our own label
                        (", ".join(standing), ""),
                        (f"; card not used yet: {', '.join(unused)}" if unused else "", "dim"),
                        (f"; expired {', '.join(expired)}" if expired else "", "italic"),
                        (f"; revoked {', '.join(revoked)}" if revoked else "", "italic"),
                    )
                )
        if len(seats) == 1:
            seats.append(
                plain(
                    "No seats issued yet: s issues one here, its code shown once (cards to print: "
                    "tabletop participants seats, before the session is recorded)",
                    "italic",
                )
            )
        self.query_one("#cells-seats", Static).update(Content("\n").join(seats))

    @staticmethod
    def _who_answered(found: AnswersByStanding, cells: dict[str, str]) -> Content:
        """Each asked cell's answers, counted as the lines below list them (the state's counts):
        its standing seats that answered out of all of them, its paper answer, and answers from
        seats revoked or expired since. Cells in the scenario's order."""
        parts = [f"{cell}: {counted.counts()}" for cell in cells if (counted := found.cell(cell)) is not None]
        return plain("; ".join(parts) or "nobody has answered yet")

    # -- actions ---------------------------------------------------------------------

    def _cell_field(self) -> Field:
        names = self.cells()
        ids = ", ".join(f"{cell} ({name})" for cell, name in names.items())
        return Field("cells", "Cells (ids, comma-separated; empty: every cell)", hint=f"The cells: {ids}")

    def action_open_prompt(self, kind: str) -> None:
        found: PromptKind = next(k for k in KIND_NAMES if k == kind)
        snap = self.snap
        current = snap.current
        fields = [self._cell_field()]
        if found == "self_rating":
            if current is None or not current.expected_actions:
                self.notify("The current inject has no expected action to rate.", severity="warning", markup=False)
                return
            actions = tuple((a.key, line((f"{a.key} ", ""), (a.action, ""))) for a in current.expected_actions)
            fields.insert(0, Field("action", "Expected action", "choice", actions, value=actions[0][0], required=True))
        else:
            prompt_label = {"question": "Question", "poll": "Question", "proposal": "What to propose"}[found]
            fields.insert(0, Field("text", prompt_label, required=True))
        if found == "poll":
            fields.insert(1, Field("options", "Options (separated by |)", required=True, placeholder="Yes | No"))

        def record(values: FormValues, seq: int) -> tuple[Command, str]:
            cells = tuple(c.strip() for c in values["cells"].split(",") if c.strip())
            options = tuple(o.strip() for o in values.get("options", "").split("|") if o.strip())
            return OpenPrompt(
                expected_seq=seq,
                kind=found,
                text=values.get("text", ""),
                cells=cells,
                options=options,
                action=values.get("action") or None,
            ), f"{KIND_NAMES[found]} opened"

        self.ask(FormDialog(f"Open a {KIND_NAMES[found].lower()}", fields, "Open"), record)

    def _pick(self, title: str, intro: str, done: str, wanted: str, then: type) -> None:
        """Pick one of the `wanted` prompts: `title` asks which (nothing is done yet), `intro` says
        what follows; `then` is recorded for the one picked, and `done` said once it is."""
        snap = self.snap
        prompts = [
            p
            for p in snap.state.prompts
            if (wanted == "open" and p.is_open) or (wanted == "closed" and not p.is_open and not p.revealed)
        ]
        if not prompts:
            self.notify(f"No {wanted} prompt.", severity="warning", markup=False)
            return
        items = [(p.prompt, line((p.prompt, ""), f" {KIND_NAMES[p.kind]}: ", (p.text, ""))) for p in reversed(prompts)]

        def chosen(prompt: str | None) -> None:
            if prompt is not None:
                self.console.execute(
                    then(expected_seq=snap.seq, prompt=prompt), done=f"{done}: {prompt}", reply_to=self
                )

        self.app.push_screen(PickDialog(title, items, intro=plain(intro, "italic")), chosen)

    def action_close_prompt(self) -> None:
        intro = "Once it is closed, the cells can no longer answer it."
        self._pick("Close which question?", intro, "Closed", "open", ClosePrompt)

    def action_reveal(self) -> None:
        intro = "Every cell's answers to it appear on the participants' pages and the projector view (v)."
        self._pick("Reveal which question to the room?", intro, "Revealed to the room", "closed", RevealPrompt)

    def action_paper(self) -> None:
        snap = self.snap
        prompts = [p for p in snap.state.prompts if p.is_open]
        if not prompts:
            self.notify("No open prompt to key a paper answer into.", severity="warning", markup=False)
            return
        cells = self.cells()

        def answer(prompt: PromptRecord, values: FormValues, seq: int) -> tuple[Command, str]:
            choice = None
            if prompt.kind == "poll":
                choice = int(values["choice"])
            rating = next((r for r in RATINGS if r == values.get("rating")), None)
            return AnswerPrompt(
                expected_seq=seq,
                prompt=prompt.prompt,
                for_cell=values["cell"],
                text=values.get("text", ""),
                choice=choice,
                rating=rating,
            ), f"Paper answer recorded: {values['cell']}"

        def picked(prompt_id: str | None) -> None:
            if prompt_id is None:
                return
            prompt = next(p for p in prompts if p.prompt == prompt_id)
            asked = tuple((c, plain(n)) for c, n in cells.items() if prompt.asks(c))
            fields = [Field("cell", "The cell whose sheet it is", "choice", asked, required=True)]
            if prompt.kind == "poll":
                options = tuple((str(n), plain(o)) for n, o in enumerate(prompt.options))
                fields.append(Field("choice", "Their choice", "choice", options, required=True))
            if prompt.kind == "self_rating":
                fields.append(Field("rating", "Their rating", "choice", tuple((r, r) for r in RATINGS), required=True))
            fields.append(Field("text", "Their answer as written", "text"))
            self.ask(
                FormDialog(f"Paper answer to {prompt.prompt}", fields, "Record"),
                lambda values, seq: answer(prompt, values, seq),
                seq=snap.seq,
            )

        items = [(p.prompt, line((p.prompt, ""), f" {KIND_NAMES[p.kind]}: ", (p.text, ""))) for p in reversed(prompts)]
        self.app.push_screen(PickDialog("Key in a paper answer", items), picked)

    def action_revoke(self) -> None:
        snap = self.snap
        cells = self.cells()
        now = self.console.clock()
        standing = [s for s in snap.state.seats if s.admits(now)]
        if not standing:
            self.notify("No seat to revoke.", severity="warning", markup=False)
            return
        items = [(s.seat, line((f"{s.seat} ", ""), (cells.get(s.cell, s.cell), ""))) for s in standing]

        def chosen(seat: str | None) -> None:
            if seat is not None:
                self.console.execute(
                    RevokeSeat(expected_seq=snap.seq, seat=seat, reason="revoked from the console"),
                    done=f"Seat {seat} revoked",
                    reply_to=self,
                )

        self.app.push_screen(PickDialog("Revoke a seat: its card and browser admit nobody", items), chosen)

    def action_new_seat(self) -> None:
        cells = self.cells()
        if not cells:
            self.notify("The scenario declares no cells to seat.", severity="warning", markup=False)
            return
        choices = tuple((cell, plain(name)) for cell, name in cells.items())
        field = Field("cell", "The cell", "choice", choices, value=choices[0][0], required=True)

        def record(values: FormValues, seq: int) -> tuple[Command, str] | None:
            cell = values["cell"]
            # Numbered after the cell's seats on screen when the form is sent (again, if refused).
            seat_id = next_seat_ids(self.snap.state, cell)[0]
            code = new_seat_code()  # exists here only until it is shown; the journal keeps its SHA-256
            self._new_cards[seat_id] = code
            # As long as the cell's other seats (the one rule, `card_expires_at`).
            expires = card_expires_at(self.snap.state.seats, self.console.clock(), cell=cell)
            command = IssueSeat(
                expected_seq=seq, seat=seat_id, cell=cell, code_sha256=seat_code_digest(code), expires_at=expires
            )
            return command, f"Seat {seat_id} issued"

        self.ask(FormDialog("A new seat for a person of a cell", [field], "Issue"), record)

    def action_new_card(self) -> None:
        snap = self.snap
        cells = self.cells()
        standing = [s for s in snap.state.seats if s.revoked_at is None]
        if not standing:
            self.notify("No seat to give a new card.", severity="warning", markup=False)
            return
        items = [
            (
                s.seat,
                line(
                    (f"{s.seat} ", ""),
                    (cells.get(s.cell, s.cell), ""),
                    (" · in use on a device" if s.claimed else " · card not used yet", "dim"),
                ),
            )
            for s in standing
        ]

        def chosen(seat_id: str | None) -> None:
            seat = next((s for s in standing if s.seat == seat_id), None)
            if seat is None:
                return
            # The code exists here only until it is shown; the journal keeps its SHA-256.
            code = new_seat_code()
            # As long as the seat's own card (the one rule, `card_expires_at`).
            expires = card_expires_at(snap.state.seats, self.console.clock(), seat=seat.seat)
            self._new_cards[seat.seat] = code
            self.console.execute(
                ReissueSeat(
                    expected_seq=snap.seq,
                    seat=seat.seat,
                    code_sha256=seat_code_digest(code),
                    expires_at=expires,
                    reason="new card from the console",
                ),
                reply_to=self,
            )

        self.app.push_screen(PickDialog("A new card for a seat: its old card and device admit nobody", items), chosen)

    @on(ConsoleApp.CommandCommitted)
    def _card_issued(self, message: ConsoleApp.CommandCommitted) -> None:
        command = message.command
        if not isinstance(command, IssueSeat | ReissueSeat):
            return
        code = self._new_cards.pop(command.seat, None)
        if code is None:
            return
        expires = command.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        if isinstance(command, IssueSeat):
            title = f"New seat {command.seat}"
            after = "A seat of its own: its answers are counted with its cell's."
        else:
            title = f"New card for seat {command.seat}"
            after = "The seat's old card and the device that used it admit nobody any more; its answers so far stay its own."
        page = self.console.page_url
        if page is not None:
            where = [
                line("On their device they open ", (page, "bold"), " and type it under Join, or open at once:"),
                line("   ", (seat_join_url(page, code), "")),
            ]
        else:
            # The console does not serve the page: the address is the one the room was given.
            where = [
                plain(
                    "On their device they open the participants' page (the address on the seat cards, or "
                    "the one `tabletop participants` gave when it started) and type it under Join."
                )
            ]
        body = Content("\n").join(
            [
                line("Give this code to the person of seat ", (command.seat, "bold"), ":"),
                line(("   " + spaced_seat_code(code), "bold reverse")),
                *where,
                plain(f"It admits one device, until {expires}, and is shown only now. {after}"),
            ]
        )
        self.app.push_screen(ChoiceDialog(title, body, [("done", "Done")]))

    @on(ConsoleApp.CommandRefused)
    def _card_refused(self, message: ConsoleApp.CommandRefused) -> None:
        if isinstance(message.command, IssueSeat | ReissueSeat):
            self._new_cards.pop(message.command.seat, None)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        button = event.button.id or "back"
        if button.startswith("open-"):
            self.action_open_prompt(button.removeprefix("open-"))
            return
        actions = {
            "close": self.action_close_prompt,
            "reveal": self.action_reveal,
            "paper": self.action_paper,
            "revoke": self.action_revoke,
            "new-seat": self.action_new_seat,
            "new-card": self.action_new_card,
            "back": self.app.pop_screen,
        }
        actions[button]()
