"""The footer: the keys of the focused place, in one line; a click on a key presses it.

One widget drawing one line, where Textual's Footer mounts a widget per key: the console's
first paint is a third faster with it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

__all__ = ["KeyBar"]


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self.redraw)

    def redraw(self, _: object = None) -> None:
        parts: list[Content] = []
        shown: set[str] = set()
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or binding.action in shown:
                continue
            shown.add(binding.action)
            # Key names are Textual's own (`n`, `space`, `question_mark`); label and description
            # are passed as variables, never parsed.
            parts.append(
                Content.from_markup(
                    f"[@click=app.press_key('{key}')][bold $accent]$label[/] $description[/]",
                    label=self.app.get_key_display(binding),
                    description=binding.description,
                )
            )
        parts.append(Content.from_markup("[@click=app.command_palette][bold $accent]^p[/] palette[/]"))
        self.update(Content("  ").join(parts), layout=False)
