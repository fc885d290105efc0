"""Widgets that cost one layout pass and no repaint when a new snapshot leaves their size as it was.

Used by the widgets a key redraws (the inject list, the citations, the parts of the inject's
detail). Textual lays the screen out again whenever a layout pass gives a widget a new virtual
size, and redraws a scrolling widget's scrollbars at every pass; for these widgets neither
is needed, and on a busy screen they were most of what a key cost.
"""

from __future__ import annotations


from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView as _ScrollingWidget
else:
    # A plain mixin at run time: Textual takes a widget's component classes and CSS type names
    # from its first widget base, which must stay the widget it is mixed into (OptionList, say).
    _ScrollingWidget = object

__all__ = ["LeafStatic", "SteadySize"]


class LeafStatic(Static):
    """A Static with nothing inside to arrange: a new size is taken without a second layout pass
    (its virtual size is its content's, which the pass that sized it has just measured)."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class SteadySize(_ScrollingWidget):
    """For a ScrollView that sets its own virtual size (one line per row), put first among its
    bases (before OptionList, say): a layout pass that leaves its size and its container's as they were changes nothing
    in it, and redraws no scrollbar (Textual's ScrollView redraws them at every pass)."""

    _sized: tuple[Size, Size] | None = None

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
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
