"""Which stored events a change to a session file may have touched, read from the file's pages.

Used by `tabletop.session._store` for a live reader (`tabletop follow`, a seat's screen): when
the file changes, it compares the database image it checked last with the new one, page by
page, and checks again against the journal digest only the events held by pages that changed,
instead of every event of the journal. A follower then catches up in a time that does not grow
with the journal, and still refuses an old event edited behind its back, its digest recomputed
or not.

It reads SQLite's file format (https://www.sqlite.org/fileformat2.html): the page size in the
header and, for each b-tree page, its type, its cells and their keys (an event's key is its
seq). A change it cannot account for (an overflow or free page rewritten in place, a table
page that lost a child or gained one that did not change, a page size that differs) gives
`None`, and the reader checks every event again.
"""

from __future__ import annotations

__all__ = ["touched_rows"]

_TABLE_LEAF = 0x0D
_TABLE_INTERIOR = 0x05
_INDEX_PAGES = frozenset({0x0A, 0x02})
"""Index b-tree pages: the metadata table (kept without rowids) and the documents' name index.
They hold no event; the metadata and the documents are checked whole on every catch-up."""
_CHUNK_PAGES = 64
"""Pages compared at once before looking for the one that differs (most of a file does not)."""


class _Unaccounted(Exception):
    """A page changed in a way this module cannot tie to the rows it holds."""


def touched_rows(old: bytes, new: bytes, up_to: int) -> set[int] | None:
    """The keys (at most `up_to`) of the rows on every table page that differs between the
    database images `old` and `new`, before or after the change; None when a change cannot be
    accounted for (see the module docstring), or either image is not one."""
    size = _page_size(old)
    if size is None or size != _page_size(new) or len(old) % size or len(new) % size or len(new) < len(old):
        return None
    count = len(old) // size
    changed = _changed_pages(old, new, size)
    try:
        touched: set[int] = set()
        children_before: set[int] = set()
        children_after: set[int] = set()
        for number in changed:
            if number <= count:
                touched |= _keys(old, number, size, up_to, children_before, in_place=True)
            touched |= _keys(new, number, size, up_to, children_after, in_place=number <= count)
    except _Unaccounted:
        return None
    if children_before - children_after:
        return None  # rows no longer reachable from the pages that changed
    unchanged = set(range(1, count + 1)).difference(changed)
    if not unchanged.isdisjoint(children_after - children_before):
        return None  # a table now reaches a page that did not change: rows it never held
    return touched


def _page_size(image: bytes) -> int | None:
    if len(image) < 100 or not image.startswith(b"SQLite format 3\x00"):
        return None
    size = int.from_bytes(image[16:18], "big")
    return 65536 if size == 1 else size if size >= 512 and not size & (size - 1) else None


def _changed_pages(old: bytes, new: bytes, size: int) -> list[int]:
    """The numbers (from 1) of the pages of `new` that differ from `old`'s, or that `old` lacks."""
    # Slices of bytes compare with memcmp (a memoryview's compare item by item, many times slower).
    changed: list[int] = []
    chunk = size * _CHUNK_PAGES
    for start in range(0, len(new), chunk):
        if old[start : start + chunk] == new[start : start + chunk]:
            continue
        for offset in range(start, min(start + chunk, len(new)), size):
            if old[offset : offset + size] != new[offset : offset + size]:
                changed.append(offset // size + 1)
    return changed


def _keys(image: bytes, number: int, size: int, up_to: int, children: set[int], *, in_place: bool) -> set[int]:
    """The keys at most `up_to` of table leaf page `number`; a table interior page's children go
    into `children`; an index page holds none. Any other page is unaccounted for when it existed
    before the change (`in_place`): an old event's overflow, say."""
    base = (number - 1) * size
    header = base + (100 if number == 1 else 0)
    kind = image[header]
    if kind in _INDEX_PAGES:
        return set()
    if kind not in (_TABLE_LEAF, _TABLE_INTERIOR):
        if in_place:
            raise _Unaccounted
        return set()
    cells = int.from_bytes(image[header + 3 : header + 5], "big")
    leaf = kind == _TABLE_LEAF
    pointers = header + (8 if leaf else 12)
    if not leaf:
        children.add(int.from_bytes(image[header + 8 : header + 12], "big"))
    keys: set[int] = set()
    for n in range(cells):
        at = base + int.from_bytes(image[pointers + 2 * n : pointers + 2 * n + 2], "big")
        if not base < at < base + size:
            raise _Unaccounted
        if leaf:
            _, at = _varint(image, at)  # the payload's size
            key, _ = _varint(image, at)
            if key <= up_to:
                keys.add(key)
        else:
            children.add(int.from_bytes(image[at : at + 4], "big"))
    return keys


def _varint(image: bytes, at: int) -> tuple[int, int]:
    """SQLite's variable-length integer at `at`: its value and where the next field starts."""
    value = 0
    for n in range(8):
        if at + n >= len(image):
            raise _Unaccounted
        byte = image[at + n]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + n + 1
    if at + 8 >= len(image):
        raise _Unaccounted
    return (value << 8) | image[at + 8], at + 9
