"""The command palette (ctrl+p): every action of the console, and clause search.

An action runs as if its key had been pressed on the main screen; a clause found by id, title
or text (`tabletop.rules.find_clauses`, searched off the event loop) opens its verbatim text,
from which it can be cited.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tabletop.errors import TabletopError
from tabletop.tui.keys import KEYS
from tabletop.tui.text import line, safe

if TYPE_CHECKING:
    from tabletop.rules import Corpus
    from tabletop.rules import Hit as ClauseHit
    from tabletop.tui.screens.main import MainScreen

__all__ = ["ConsoleCommands"]

PALETTE_CLAUSES = 8
"""Clauses the palette lists for what is typed."""


def _clauses_for(corpus: Corpus, query: str) -> list[ClauseHit]:
    from tabletop.rules import ClauseIndex, find_clauses

    return find_clauses(ClauseIndex.for_corpus(corpus), query, limit=PALETTE_CLAUSES, by_name=True)


class ConsoleCommands(Provider):
    def _main(self) -> MainScreen | None:
        from tabletop.tui.screens.main import MainScreen

        return next((s for s in reversed(self.app.screen_stack) if isinstance(s, MainScreen)), None)

    def _run(self, action: str) -> None:
        main = self._main()
        if main is None:
            return
        refused = main.refusal(action)
        if refused is not None:
            main.notify(refused, title="Refused", severity="warning", markup=False)
            return
        getattr(main, f"action_{action}")()

    def _actions(self) -> list[tuple[str, str, str]]:
        if self._main() is None:
            return []
        return [(k.help, k.action, f"{k.group} ({k.display or k.keys})") for k in KEYS if k.action != "quit"]

    async def discover(self) -> Hits:
        for description, action, help_text in self._actions():
            yield DiscoveryHit(description, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, action, help_text in self._actions():
            score = matcher.match(description)
            if score > 0:
                yield Hit(score, matcher.highlight(description), partial(self._run, action), help=help_text)
        main = self._main()
        if main is None or len(query.strip()) < 2:
            return
        try:
            found = await asyncio.to_thread(_clauses_for, main.console.corpus, query)
        except TabletopError:
            return
        for rank, clause in enumerate(found):
            yield Hit(
                0.9 - rank * 0.05,
                line(("Clause ", "dim"), (clause.id, "bold"), " ", (clause.title, "")),
                partial(main.open_clause, clause.id, "facilitator"),
                text=safe(f"Clause {clause.id} {clause.title}", one_line=True),
                help="Show its verbatim text; cite it from there",
            )
