"""Citations for the current inject: ranked suggestions with their short reasons, and what is
recorded for each (presented by the scenario, discussed, cited by the room). The ranker's
detailed evidence is one key away, in the clause's dialog (enter)."""

from __future__ import annotations

from typing import Literal

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tabletop.session import SessionSnapshot
from tabletop.tui.text import line
from tabletop.tui.widgets.steady import SteadySize

__all__ = ["CitationPanel", "MARKS"]

MARKS = {"cited": ("✓ ", "bold"), "discussed": ("≈ ", "bold"), "presented": ("• ", "")}
"""How far the room took a clause up, as the panel marks it: cited, discussed, presented."""


class CitationPanel(SteadySize, OptionList):
    """One row per suggested or cited clause (the option id is the clause id)."""

    BINDINGS = [
        Binding("enter", "open", "Clause text", id="clause-open"),
        Binding("i", "cite_highlighted", "Cite"),
        Binding("m", "discussed", "Mark discussed"),
        Binding("x", "withdraw", "Withdraw"),
    ]

    class ClauseChosen(Message):
        """The facilitator asked for something to be done with a clause."""

        def __init__(self, clause: str, what: Literal["open", "cite", "discussed", "withdraw"], reason: str) -> None:
            super().__init__()
            self.clause = clause
            self.what = what
            self.reason = reason

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._reasons: dict[str, str] = {}
        self._shown: tuple[object, ...] = ()

    def show(self, snapshot: SessionSnapshot) -> None:
        shown = (snapshot.suggestions, snapshot.citations)
        if shown == self._shown:
            return
        self._shown = shown
        cited = {c.clause: c for c in snapshot.citations}
        options: list[Option] = []
        self._reasons = {}
        for suggestion in snapshot.suggestions:
            self._reasons[suggestion.id] = suggestion.reason
            record = cited.get(suggestion.id)
            mark = MARKS[record.coverage] if record is not None else ("  ", "")
            flag = (" [out of phase]", "italic") if suggestion.out_of_phase else ("", "")
            options.append(
                Option(
                    line(
                        mark,
                        (suggestion.id, "bold"),
                        " ",
                        (suggestion.title, ""),
                        flag,
                        " — ",
                        (suggestion.reason, "dim"),
                    ),
                    id=suggestion.id,
                )
            )
        for citation in snapshot.citations:
            if citation.clause not in self._reasons:
                self._reasons[citation.clause] = citation.reason
                flag = (" [out of phase]", "italic") if citation.out_of_phase else ("", "")
                options.append(
                    Option(
                        line(
                            MARKS[citation.coverage],
                            (citation.clause, "bold"),
                            flag,
                            " — ",
                            (citation.reason or "cited", "dim"),
                        ),
                        id=citation.clause,
                    )
                )
        highlighted = self.highlighted
        self.set_options(options)
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)

    def _chosen(self, what: Literal["open", "cite", "discussed", "withdraw"]) -> None:
        if self.highlighted is None or self.option_count == 0:
            self.app.notify("No clause is suggested or cited for this inject; press c to cite any clause.")
            return
        clause = self.get_option_at_index(self.highlighted).id or ""
        self.post_message(self.ClauseChosen(clause, what, self._reasons.get(clause, "")))

    def action_open(self) -> None:
        self._chosen("open")

    def action_cite_highlighted(self) -> None:
        self._chosen("cite")

    def action_discussed(self) -> None:
        self._chosen("discussed")

    def action_withdraw(self) -> None:
        self._chosen("withdraw")
