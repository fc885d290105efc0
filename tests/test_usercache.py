"""What the user's cache remembers of a parse comes back exactly as the parse gave it, value and
type all the way down; an entry that is damaged, edited or of an older format is a miss, never an
error or wrong data (`tabletop.usercache.remembered_data`)."""

from __future__ import annotations

import datetime
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cache_support import parts, rewrite
from tabletop import yamlsource
from tabletop.usercache import remembered_data

# -- data as safe YAML builds it ----------------------------------------------------------

_ZONES = st.one_of(
    st.none(),
    st.just(datetime.UTC),
    st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
        lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
    ),
)
_KEYS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.sampled_from(["!", "v", "map"]),  # the encoding's own words, as keys of the data
    st.binary(max_size=20),
    st.dates(),
    st.datetimes(timezones=_ZONES).map(lambda moment: moment.replace(fold=0)),
)
_DATA = st.recursive(
    _KEYS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(_KEYS, inner, max_size=5),
        st.dictionaries(st.text(max_size=3), inner, max_size=5),
        st.sets(_KEYS, max_size=5),
        st.lists(st.tuples(_KEYS, inner), max_size=4),  # `!!omap` and `!!pairs`
    ),
    max_leaves=30,
)


def same(a: Any, b: Any) -> bool:
    """Equal in value and type all the way down (NaN as NaN, the sign of zero, a date-time's zone)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(key_a, key_b) and same(value_a, value_b)
            for (key_a, value_a), (key_b, value_b) in zip(a.items(), b.items(), strict=True)
        )
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, set):
        return len(a) == len(b) and all(any(same(x, y) for y in b) for x in a)
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, datetime.datetime):
        return (
            a == b
            and type(a.tzinfo) is type(b.tzinfo)
            and a.utcoffset() == b.utcoffset()
            and a.tzname() == b.tzname()
            and a.replace(tzinfo=None) == b.replace(tzinfo=None)
        )
    return bool(a == b)


@contextmanager
def own_cache() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp, mock.patch.dict(os.environ, {"XDG_CACHE_HOME": tmp}):
        os.environ.pop("TABLETOP_NO_CACHE", None)
        yield Path(tmp) / "tabletop"


class Parser:
    """A parse that counts how often it is asked."""

    def __init__(self, data: Any) -> None:
        self.data = data
        self.calls = 0

    def __call__(self, text: str) -> Any:
        self.calls += 1
        return self.data


def remember(text: str, parse: Callable[[str], Any]) -> Any:
    return remembered_data("test", text, parse, {"format": 1}, [__file__])


@settings(max_examples=150, deadline=None)
@given(_DATA)
def test_what_comes_back_from_the_cache_is_the_parse_value_and_type(data: Any) -> None:
    with own_cache():
        parse = Parser(data)
        first = remember("the text", parse)
        second = remember("the text", parse)
    assert first is data
    assert parse.calls == 1, "the parse was not remembered"
    assert same(second, data), (second, data)


EVERY_KIND = """\
exercise:
  date: 2026-05-01
  start: 2026-05-01 09:30:00
  noon_utc: 2026-05-01T12:00:00Z
  tokyo: 2026-05-01 21:00:00.25 +09:00
  west: 2026-05-01t03:00:00-08:30
numbers: [1, -0.0, .nan, .inf, -.inf, 0x1F, 0o17, 1_000, 190:20:30, 6.8523015e+5, 1e3]
flags: [yes, No, on, ~, null]
blob: !!binary aGVsbG8gd29ybGQ=
seen: !!set {a, 1, 2026-01-01}
ordered: !!omap [{b: 1}, {a: 2}]
pairs: !!pairs [{a: 1}, {a: 2}]
? 2026-01-01
: a date as a key
? 3
: a number as a key
? !!binary aGk=
: bytes as a key
? .nan
: NaN as a key
? null
: null as a key
"!": the tag's own word as a key
"v": [{"!": map, "v": [[1, 2]]}]
"""


def test_every_kind_of_value_safe_yaml_builds_comes_back_from_the_cache() -> None:
    parsed = yamlsource.load(EVERY_KIND, "every.yaml")
    with own_cache():
        parse = Parser(parsed)
        remember(EVERY_KIND, parse)
        back = remember(EVERY_KIND, parse)
    assert parse.calls == 1
    assert same(back, yamlsource.load(EVERY_KIND, "every.yaml"))
    assert type(back["exercise"]["date"]) is datetime.date
    assert back["exercise"]["start"].tzinfo is None
    assert back["exercise"]["tokyo"].utcoffset() == datetime.timedelta(hours=9)


class _Zone(datetime.tzinfo):
    def utcoffset(self, moment: datetime.datetime | None) -> datetime.timedelta:
        return datetime.timedelta(hours=1)

    def dst(self, moment: datetime.datetime | None) -> datetime.timedelta:
        return datetime.timedelta(0)

    def tzname(self, moment: datetime.datetime | None) -> str:
        return "a zone of its own"


@pytest.mark.parametrize(
    "value",
    [
        2**20_000,  # more digits than Python writes as text
        frozenset({1}),
        complex(1, 2),
        datetime.datetime(2026, 5, 1, tzinfo=_Zone()),
        datetime.datetime(2026, 5, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=9), "JST")),
        datetime.time(9, 30),
        object(),
    ],
    ids=["long number", "frozenset", "complex", "another kind of zone", "a named zone", "time", "object"],
)
def test_data_the_encoding_cannot_carry_is_parsed_every_time(value: Any) -> None:
    data = {"injects": [{"id": "one", "odd": value}]}
    with own_cache() as folder:
        parse = Parser(data)
        assert remember("the text", parse) is data
        assert remember("the text", parse) is data
        assert parse.calls == 2
        assert not list(folder.glob("test-*"))


DATA = {"date": datetime.date(2026, 5, 1), "injects": [{"id": "one", "at": datetime.datetime(2026, 5, 1, 9)}]}


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_damaged_entry_is_a_miss_never_an_error_or_wrong_data(draw: st.DataObject) -> None:
    with own_cache() as folder:
        parse = Parser(DATA)
        remember("the text", parse)
        (path,) = folder.glob("test-*")
        whole = path.read_bytes()
        at = draw.draw(st.integers(0, len(whole) - 1))
        damaged = draw.draw(
            st.one_of(
                st.just(whole[:at]),
                st.binary(min_size=1, max_size=4).map(lambda junk: whole[:at] + junk + whole[at + 1 :]),
            )
        )
        path.write_bytes(damaged)
        back = remember("the text", parse)
    assert same(back, DATA)
    assert damaged == whole or parse.calls == 2


@pytest.mark.parametrize(
    "payload",
    [
        b'{"!":"date","v":"2026-02-30"}',
        b'{"!":"date","v":20260501}',
        b'{"!":"datetime","v":"not a time"}',
        b'{"!":"when","v":"2026-05-01"}',
        b'{"!":"float","v":"1e400x"}',
        b'{"!":"bytes","v":"not base64!"}',
        b'{"!":"map","v":[[1,2,3]]}',
        b'{"!":"map","v":[[[1],2]]}',
        b'{"!":"set","v":[[1]]}',
        b'{"!":"date"}',
        b'{"!":"date","v":"2026-05-01","w":1}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=lambda payload: payload[:40].decode(),
)
def test_an_entry_that_is_not_an_encoding_is_a_miss(payload: bytes) -> None:
    with own_cache() as folder:
        parse = Parser(DATA)
        remember("the text", parse)
        (path,) = folder.glob("test-*")
        header, _ = parts(path)
        rewrite(path, header, payload)
        assert same(remember("the text", parse), DATA)
        assert parse.calls == 2


def test_an_entry_of_the_format_before_dates_were_remembered_is_a_miss() -> None:
    plain = {"injects": [{"id": "one", "note": {"!": "date", "v": "2026-05-01"}}]}
    with own_cache() as folder:
        parse = Parser(plain)
        remember("the text", parse)
        (path,) = folder.glob("test-*")
        header, _ = parts(path)
        older = {key: value for key, value in header.items() if key != "encoding"}
        # What the format before wrote for this data: the plain JSON, a mapping holding "!" as it is.
        rewrite(path, older, b'{"injects":[{"id":"one","note":{"!":"date","v":"2026-05-01"}}]}')
        back = remember("the text", parse)
    assert parse.calls == 2
    assert same(back, plain)
