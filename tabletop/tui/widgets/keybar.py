"""The footer: the keys of the focused place, in one line; a click on a key presses it.

One widget drawing one line, where Textual's Footer mounts a widget per key: the console's
first paint is a third faster with it. On a narrow screen it keeps the keys that matter most
(`KEY_BAR_FIRST`) and always `?`, so nothing the facilitator needs is cut off at 80 columns.
"""

from __future__ import annotations

from functools import cache

from textual.content import Content
from textual.widgets import Static

from tabletop.tui.keys import KEY_BAR_FIRST

__all__ = ["KeyBar"]


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self.redraw)

    def on_resize(self) -> None:
        self.redraw()

    def redraw(self, _: object = None) -> None:
        parts: list[tuple[str, Content]] = []
        shown: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or binding.action in shown:
                continue
            refusal = getattr(active.node, "refusal", None)
            if callable(refusal) and refusal(binding.action) is not None:
                continue  # the seat may not use it: refused at the key, not offered here
            offers = getattr(active.node, "offers", None)
            if callable(offers) and not offers(binding.action):
                continue  # nothing to do with it in this session (the key still works, and says so)
            shown.add(binding.action)
            parts.append((binding.action, _key(key, self.app.get_key_display(binding), binding.description)))
        self.update(Content("  ").join(_fit(parts, _key(None, "^p", "palette"), self.content_size.width)), layout=False)


@cache
def _key(key: str | None, label: str, description: str) -> Content:
    """One key as the bar shows it, a click pressing it (`key` None: the command palette's).

    Kept once made: the bar is drawn again on every change of focus and size, with the same
    few keys, and parsing their markup each time cost a tenth of the console's first paint.
    """
    # Key names are Textual's own (`n`, `space`, `question_mark`); label and description are
    # passed as variables, never parsed.
    action = "app.command_palette" if key is None else f"app.press_key('{key}')"
    return Content.from_markup(
        f"[@click={action}][bold $accent]$label[/] $description[/]", label=label, description=description
    )


def _fit(parts: list[tuple[str, Content]], palette: Content, width: int) -> list[Content]:
    """The keys in their order, those that matter most kept when they do not all fit (help last)."""
    everything = [content for _, content in parts] + [palette]
    if width <= 0 or sum(c.cell_length + 2 for c in everything) - 2 <= width:
        return everything
    rank = {action: n for n, action in enumerate(KEY_BAR_FIRST)}
    by_importance = sorted(range(len(parts)), key=lambda n: (rank.get(parts[n][0], len(rank)), n))
    kept: set[int] = set()
    used = -2
    for n in by_importance:
        needed = parts[n][1].cell_length + 2
        if used + needed <= width:
            kept.add(n)
            used += needed
    help_last = sorted(kept, key=lambda n: (parts[n][0] == "help", n))
    return [parts[n][1] for n in help_last]
