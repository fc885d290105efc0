"""Nothing a scenario author or a facilitator typed can act in a document: it shows as typed.

HTML: no tag, attribute, link or style rule comes from the session; terminal escape sequences
are gone. Markdown, rendered by a CommonMark parser as common viewers do (raw HTML allowed, as
on GitHub): no link, image, HTML or heading comes from the session either.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tabletop.report import (
    css_string,
    markdown_code,
    markdown_inline,
    markdown_paragraphs,
    render_handbook,
    render_report,
)
from tabletop.rules import Corpus
from tabletop.scenario import LoadedScenario
from tabletop.session import SessionRecord

TEMPLATE_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "section",
    "article",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "div",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "code",
    "span",
    "strong",
    "em",
    "b",
    "br",
    "wbr",
    "ul",
    "ol",
    "li",
    "a",
    "svg",
    "rect",
    "text",
    "line",
    "blockquote",
    # the phases' patterns and swatches
    "defs",
    "pattern",
    "path",
    "circle",
    "g",
}


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def parsed(document: str) -> Tags:
    parser = Tags()
    parser.feed(document)
    parser.close()
    return parser


def assert_inert_html(document: str) -> None:
    tags = parsed(document)
    assert {tag for tag, _ in tags.tags} <= TEMPLATE_TAGS
    assert [tag for tag, _ in tags.tags].count("style") == 1
    for tag, attrs in tags.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            if name in {"href", "src"}:
                assert value and value.startswith("#"), (tag, name, value)
    assert "<script" not in document.lower()
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in document
    assert "pwned" not in document


def test_report_html_shows_every_hostile_text_as_text(played: SessionRecord) -> None:
    document = render_report(played, "html")
    assert_inert_html(document)
    # Shown, escaped: the narrative's script, the facilitator's image, a remark's link.
    assert "&lt;script&gt;alert(&#39;narrative&#39;)&lt;/script&gt;" in document
    assert "remark &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;" in document
    assert "[click](javascript:alert(2))" in document
    assert "[Objective](javascript:alert(7))" in document
    assert "Col. &lt;script&gt;" in document  # the facilitator's name on the cover
    assert "red" in document  # the text around an escape sequence stays


def test_classification_marking_cannot_leave_its_css_string(played: SessionRecord) -> None:
    document = render_report(played, "html")
    style = "".join(parsed(document).styles)
    assert "</style" not in style and "<script" not in style and "body { display: none }" not in style
    assert style.count("@top-center") == 1 and style.count("@bottom-center") == 1
    # On screen, the marking is shown as text at the top and the bottom of the document.
    body = document.split("<body>", 1)[1]
    marking = "UNCLASSIFIED &lt;/style&gt;&lt;script&gt;alert(3)&lt;/script&gt;"
    assert body.count(marking) == 2
    assert body.lstrip().startswith('<div class="marking screen"')
    assert body.rstrip().removesuffix("</html>").rstrip().removesuffix("</body>").rstrip().endswith("</div>")


# What each document before the seminar shows of the scenario's hostile fields, escaped.
SHOWN_BY_AUDIENCE = {
    "participants": [
        "&lt;img src=x onerror=alert(5)&gt;",  # the narrative
        "Japan &lt;i&gt;cell&lt;/i&gt;",
        "&lt;b&gt;Hall&lt;/b&gt; [x](javascript:alert(8))",  # the location
        "&lt;script&gt;alert(&#39;purpose&#39;)&lt;/script&gt;",
        "[scope](javascript:alert(9)) | pipe",
        "&lt;img src=x onerror=alert(10)&gt; rule",
        "# not a heading assumption",
        "&lt;i&gt;Module&lt;/i&gt; [m](javascript:alert(11))",  # the module, and the agenda's slot
        "&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(12)&gt; issue",
        "&lt;script&gt;alert(&#39;agenda&#39;)&lt;/script&gt; | cell",
        "&lt;b&gt;Director&lt;/b&gt;",
        "[r](javascript:alert(13))",
        "&lt;script&gt;alert(14)&lt;/script&gt;",
        "&lt;ACM&gt;",
        "[Alliance](javascript:alert(15)) &lt;b&gt;x&lt;/b&gt;",
        "[Objective](javascript:alert(7))",  # in the objectives and the feedback form
    ],
    "facilitator": [
        "&lt;img src=x onerror=alert(5)&gt;",
        "Japan &lt;i&gt;cell&lt;/i&gt;",
        "&lt;b&gt;Hall&lt;/b&gt; [x](javascript:alert(8))",
        "&lt;img src=x onerror=alert(10)&gt; rule",
        "&lt;script&gt;alert(&#39;agenda&#39;)&lt;/script&gt; | cell",
        "Quiet &lt;b&gt;start&lt;/b&gt; [x](javascript:alert(4))",  # the MSEL table's line and the detail
    ],
    "evaluators": [
        "&lt;b&gt;Hall&lt;/b&gt; [x](javascript:alert(8))",
        "[Objective](javascript:alert(7))",
        "Quiet &lt;b&gt;start&lt;/b&gt; [x](javascript:alert(4))",
    ],
}


@pytest.mark.parametrize("audience", ["participants", "facilitator", "evaluators"])
def test_handbook_html_shows_hostile_text_as_text(
    hostile_scenario: LoadedScenario, drill_corpus: Corpus, audience: str
) -> None:
    document = render_handbook(hostile_scenario, drill_corpus, audience, "html")
    assert_inert_html(document)
    for shown in SHOWN_BY_AUDIENCE[audience]:
        assert shown in document, shown


def viewer() -> MarkdownIt:
    """A CommonMark renderer as common viewers configure it: raw HTML on, tables, strike-through."""
    return MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


def assert_inert_markdown(document: str) -> str:
    rendered: str = viewer().render(document)
    tags = {tag for tag, _ in parsed(rendered).tags}
    assert not tags & {"a", "img", "script", "iframe", "i", "b", "style"}, tags
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in document
    assert "pwned" not in document
    return rendered


def test_report_markdown_shows_every_hostile_text_as_text(played: SessionRecord) -> None:
    document = render_report(played, "md")
    rendered = assert_inert_markdown(document)
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert "<script>alert('narrative')</script>" in text
    assert "![img](http://example.invalid/i.png)" in text
    assert "[link](javascript:alert(6))" in text
    assert "# not a heading" in text and "1. not a list" in text
    # Table rows keep their columns: a pipe in a facilitator's text stays inside its cell.
    assert "a | b" in text
    headings = re.findall(r"<h\d>(.*?)</h\d>", rendered)
    assert not any("not a heading" in h for h in headings)


@pytest.mark.parametrize("audience", ["participants", "facilitator", "evaluators"])
def test_handbook_markdown_shows_hostile_text_as_text(
    hostile_scenario: LoadedScenario, drill_corpus: Corpus, audience: str
) -> None:
    document = render_handbook(hostile_scenario, drill_corpus, audience, "md")
    rendered = assert_inert_markdown(document)
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    for shown in SHOWN_BY_AUDIENCE[audience]:
        assert html.unescape(shown) in text, shown
    headings = re.findall(r"<h\d>(.*?)</h\d>", rendered)
    assert not any("not a heading" in h for h in headings)


def test_terminal_escapes_are_removed_from_json(played: SessionRecord) -> None:
    document = render_report(played, "json")
    assert "pwned" not in document and "\\u001b" not in document and "\x1b" not in document


# -- the escaping helpers, over any text ---------------------------------------------------------

_PIECES = st.one_of(
    st.sampled_from([*"\\`*_[]()<>!|~$#{}&;:-+=.0123456789 \t\nabcXYZ\"'/@^%", "&amp;", "&#106;", "http://", "1. "]),
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
)
_TEXT = st.lists(_PIECES, max_size=30).map("".join)


def _folded(text: str) -> str:
    from tabletop.safetext import terminal_safe

    return re.sub(r"\s+", " ", terminal_safe(text)).strip()


def _inline_text(rendered: str) -> str:
    body = rendered.strip()
    body = body.removeprefix("<p>").removesuffix("</p>")
    return html.unescape(body)


@given(_TEXT)
def test_markdown_inline_renders_exactly_the_text_and_nothing_else(text: str) -> None:
    rendered = viewer().render(markdown_inline(text))
    tags = {tag for tag, _ in parsed(rendered).tags}
    assert tags <= {"p"}, (text, rendered)
    assert _inline_text(rendered) == _folded(text).replace("\x00", "\ufffd")


@given(_TEXT)
def test_markdown_code_span_shows_the_text_literally(text: str) -> None:
    rendered = viewer().render(markdown_code(text))
    if not _folded(text):
        assert rendered == ""
        return
    inner = re.fullmatch(r"<p><code>(.*)</code></p>", rendered.strip(), re.S)
    assert inner is not None, rendered
    assert html.unescape(inner.group(1)) == _folded(text).replace("\x00", "\ufffd")


@given(_TEXT)
def test_markdown_paragraphs_make_no_link_image_or_html(text: str) -> None:
    rendered = viewer().render(markdown_paragraphs(text))
    assert {tag for tag, _ in parsed(rendered).tags} <= {"p", "ul", "li"}


@given(_TEXT)
def test_css_string_is_one_string_whatever_the_text(text: str) -> None:
    value = str(css_string(text))
    assert value.startswith('"') and value.endswith('"')
    assert '"' not in value[1:-1] and "<" not in value and "\n" not in value and ";" not in value


@given(_TEXT)
def test_html_paragraphs_make_only_paragraphs_and_lists(text: str) -> None:
    from tabletop.report import html_paragraphs

    tags = parsed(str(html_paragraphs(text))).tags
    assert {tag for tag, _ in tags} <= {"p", "ul", "li"} and not any(attrs for _, attrs in tags)
