"""Widgets that cost one layout pass and no repaint when a new snapshot leaves their size as it was.

Used by the widgets a key redraws (the inject list, the citations, the inject's detail).
Textual lays the screen out again whenever a layout pass gives a widget a new virtual size,
whenever a scrollbar appears or goes, and redraws a scrolling widget's scrollbars at every
pass; for these widgets none of it is needed, and on a busy screen it was most of what a key
cost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView as _ScrollingWidget
    from textual.strip import Strip
else:
    # A plain mixin at run time: Textual takes a widget's component classes and CSS type names
    # from its first widget base, which must stay the widget it is mixed into (OptionList, say).
    _ScrollingWidget = object

__all__ = ["NOTHING_TO_SCROLL", "LeafStatic", "SteadySize"]


NOTHING_TO_SCROLL = "-nothing-to-scroll"
"""The class a `SteadySize` widget has while all its lines fit: a widget that always shows its
scrollbar (`overflow-y: scroll`) draws it then in its own background (`scrollbar-background:
transparent`, and the same on hover), as an empty gutter looks. So no scrollbar ever appears or
goes when the text grows or shrinks past the widget's height, and Textual never lays the screen
out again for it (it did on almost half the keys of a long scenario: each inject longer or
shorter than the screen after one that was not)."""


class LeafStatic(Static):
    """A Static with nothing inside to arrange: a new size is taken without a second layout pass
    (its virtual size is its content's, which the pass that sized it has just measured)."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class SteadySize(_ScrollingWidget):
    """For a ScrollView that draws its own lines (one line per row), put first among its bases:
    a layout pass that leaves its size and its container's as they were changes nothing in it,
    and redraws no scrollbar (Textual's ScrollView redraws them at every pass); it has the class
    `NOTHING_TO_SCROLL` while all its lines fit.

    The widget lays its lines out for the width it is shown in with `_lines_at` (each widget
    keeps what it rendered at that width in `_rendered`, emptied when the width changes); the
    widget calls `_lay_out` when what it shows changes, and on a resize."""

    _sized: tuple[Size, Size] | None = None
    _width = 0
    """The width `_rendered` holds lines for (0: not laid out yet)."""
    _rendered: dict[Any, list[Strip]]

    def _lines_at(self, width: int) -> int:
        """Lay the widget's lines out for `width` cells: how many there are."""
        raise NotImplementedError

    def _lay_out(self) -> None:
        """Lay the lines out for the width the widget is shown in and repaint it; nothing before
        the widget has a size (the resize that gives it one lays it out)."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        if width != self._width:
            self._width, self._rendered = width, {}
        lines = self._lines_at(width)
        self.take_virtual_size(Size(width, lines))
        self.set_class(lines <= self.scrollable_content_region.height, NOTHING_TO_SCROLL)
        self.refresh()

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        if self._sized == (size, container_size):
            return False
        self._sized = (size, container_size)
        return super()._size_updated(size, virtual_size, container_size, layout)

    def take_virtual_size(self, size: Size) -> None:
        """Take `size` as the widget's virtual size (its lines drawn by itself) without the layout
        pass a new virtual size asks for: nothing around the widget moves, only its scrollbar,
        which is updated here, and its scroll offset, kept within the new size."""
        if size == self.virtual_size:
            return
        height = self.scrollable_content_region.height
        fitted = self.has_class(NOTHING_TO_SCROLL) and self.virtual_size.height <= height
        self.set_reactive(Widget.virtual_size, size)
        if fitted and size.height <= height:
            # Nothing to scroll before or after: the scrollbar shows nothing either way, and is
            # not drawn again (the next size that scrolls updates it).
            return
        self._scroll_update(size)
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
