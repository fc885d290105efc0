"""A document is the same bytes however much the process drew before it.

The documents remember what they escape (a text is escaped for Markdown once per process), draw
a one-line narrative without splitting it, print each time once, and take a report's rows from
the session's records without cleaning clean text again. None of it may show: the same text
gives the same escaping whether it was escaped before or not, a one-line text draws as the same
text with blank lines around it, and a report drawn after others is the one drawn first.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tabletop.report import (
    html_codes,
    html_paragraphs,
    markdown_code,
    markdown_codes,
    markdown_inline,
    markdown_paragraphs,
    render_report,
)
from tabletop.session import SessionRecord

TEXTS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from(list("\\`*_[]<>!|~$#{}&-+=1. \n\t\x1b\x85")),
    max_size=60,
)


@given(TEXTS)
def test_a_text_escaped_again_is_escaped_the_same(text: str) -> None:
    first = (markdown_inline(text), markdown_code(text))
    for other in (text + " ", " " + text, text.upper(), "- " + text):  # others in between
        markdown_inline(other)
        markdown_code(other)
    assert (markdown_inline(text), markdown_code(text)) == first
    assert markdown_inline(str(first[0])) == markdown_inline(str(first[0]))


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Zl", "Zp"]), max_size=80))
def test_a_one_line_text_draws_as_it_does_between_blank_lines(text: str) -> None:
    """One printable line takes the short way; the same line with blank lines around it the long
    way, which has always dropped blank lines: both must give the same paragraph or list item."""
    padded = f"\n\n{text}\n\n"
    assert html_paragraphs(text) == html_paragraphs(padded)
    assert markdown_paragraphs(text) == markdown_paragraphs(padded)
    assert markdown_paragraphs(text, "> ") == markdown_paragraphs(padded, "> ")


def test_the_phases_in_force_print_as_code_joined_by_plus_or_as_none() -> None:
    assert markdown_codes(("armed_attack", "large_scale_disaster")) == "`armed_attack` + `large_scale_disaster`"
    assert markdown_codes(()) == "none"
    assert html_codes(["armed_attack", "x<y"]) == "<code>armed_<wbr>attack</code> + <code>x&lt;y</code>"
    assert html_codes([]) == '<span class="muted">none</span>'


def test_a_report_drawn_after_others_is_the_report_drawn_first(
    played_path: Path, sample_dry_run: Path, room_seminar: Path
) -> None:
    """Everything the documents remember in a process belongs to the text it was made from: the
    hostile room's report, drawn again after two other sessions' reports, is byte for byte the
    first drawing."""
    played = SessionRecord.load(played_path)
    first = {fmt: render_report(played, fmt) for fmt in ("md", "html", "json")}
    for other in (sample_dry_run, room_seminar):
        record = SessionRecord.load(other)
        for fmt in ("md", "html"):
            render_report(record, fmt)
    again = SessionRecord.load(played_path)
    assert {fmt: render_report(again, fmt) for fmt in ("md", "html", "json")} == first
