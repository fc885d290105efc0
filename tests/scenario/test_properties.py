"""Property-based tests: hostile text never crashes the loader; generated scenarios behave."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tabletop.errors import ScenarioError
from tabletop.scenario import ScenarioTime, load_scenario, load_scenario_text
from tabletop.rules import Corpus
from pathlib import Path

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

YAMLISH = st.lists(
    st.sampled_from(list("abcdefijnrtx日本 :-[]{}&*!|>'\"#,?\n\t\r\x00\x07") + ["injects", "title", "id", "  - "]),
    max_size=120,
).map("".join)


@SETTINGS
@given(text=st.one_of(st.text(max_size=300), YAMLISH))
def test_arbitrary_text_gives_a_scenario_or_located_diagnostics(text: str, corpus: Corpus) -> None:
    try:
        load_scenario_text(text, "x.yaml", corpus)
    except ScenarioError as exc:
        assert exc.diagnostics
        for diagnostic in exc.diagnostics:
            assert "\n" not in diagnostic.message
            assert diagnostic.line >= 0 and diagnostic.column >= 0


@SETTINGS
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_give_a_scenario_or_located_diagnostics(data: bytes, corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    try:
        load_scenario(path, corpus)
    except ScenarioError as exc:
        assert exc.diagnostics


def _render(injects: list[dict[str, Any]]) -> str:
    return yaml.safe_dump({"title": "Generated", "injects": injects}, allow_unicode=True, sort_keys=False)


SLUG = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
TIMES = st.tuples(st.integers(-30, 30), st.one_of(st.none(), st.integers(0, 1439)))


@st.composite
def linear_scenarios(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Valid scenarios: unique ids, legal phases (only peacetime/emerging_threats/disaster round trips),
    times in non-decreasing order, clause ids from the fixture corpus applicable everywhere."""
    ids = draw(st.lists(SLUG, min_size=1, max_size=25, unique=True))
    times = sorted(
        draw(st.lists(TIMES, min_size=len(ids), max_size=len(ids))), key=lambda t: (t[0], -1 if t[1] is None else t[1])
    )
    injects: list[dict[str, Any]] = []
    phase = "peacetime"
    for id_, (day, minutes) in zip(ids, times, strict=True):
        inject: dict[str, Any] = {"id": id_, "title": draw(TEXT), "narrative": draw(TEXT)}
        if draw(st.booleans()):
            phase = "emerging_threats" if phase == "peacetime" else "peacetime"
            inject["phase"] = phase
        if draw(st.booleans()):
            inject["time"] = str(ScenarioTime(day, minutes))
        inject["cite"] = draw(st.lists(st.sampled_from(["III", "III.A", "IV.A", "IV.A.1"]), max_size=3, unique=True))
        injects.append(inject)
    return injects


@SETTINGS
@given(injects=linear_scenarios())
def test_generated_valid_scenarios_validate_in_file_order(injects: list[dict[str, Any]], corpus: Corpus) -> None:
    loaded = load_scenario_text(_render(injects), "g.yaml", corpus)
    assert loaded.default_path() == [inject["id"] for inject in injects]
    assert loaded.warnings == []


@SETTINGS
@given(injects=linear_scenarios(), data=st.data())
def test_putting_a_later_time_before_an_earlier_one_is_an_error_at_that_inject(
    injects: list[dict[str, Any]], data: st.DataObject, corpus: Corpus
) -> None:
    timed = [k for k, inject in enumerate(injects) if "time" in inject]
    assume(len(timed) >= 2)
    first, second = sorted(data.draw(st.lists(st.sampled_from(timed), min_size=2, max_size=2, unique=True)))
    early, late = injects[first]["time"], injects[second]["time"]
    from tabletop.scenario import parse_time

    early_time, late_time = parse_time(early), parse_time(late)
    assert early_time is not None and late_time is not None  # times the generator wrote
    assume(early_time.is_before(late_time))
    injects[first]["time"], injects[second]["time"] = late, early
    try:
        load_scenario_text(_render(injects), "g.yaml", corpus)
    except ScenarioError as exc:
        messages = [d.message for d in exc.diagnostics]
        assert any("scenario time goes backwards" in m for m in messages)
        assert all("scenario time goes backwards" in m for m in messages)
    else:
        raise AssertionError("time going backwards was not reported")


BREAKAGES = {
    "narrative missing": lambda inject: inject.pop("narrative"),
    "narrative misspelt": lambda inject: inject.__setitem__("narative", inject.pop("narrative")),
    "title a list": lambda inject: inject.__setitem__("title", ["two", "titles"]),
    "tags a number": lambda inject: inject.__setitem__("tags", 5),
    "unknown key": lambda inject: inject.__setitem__("colour", "red"),
}


@SETTINGS
@given(injects=linear_scenarios(), data=st.data())
def test_one_broken_field_is_one_error_and_hides_nothing_else(
    injects: list[dict[str, Any]], data: st.DataObject, corpus: Corpus
) -> None:
    broken = data.draw(st.integers(0, len(injects) - 1), label="broken")
    citing = data.draw(st.integers(0, len(injects) - 1), label="citing")  # may be the broken one
    breakage = data.draw(st.sampled_from(sorted(BREAKAGES)))
    BREAKAGES[breakage](injects[broken])
    injects[citing]["cite"] = ["IV.Q"]
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(_render(injects), "g.yaml", corpus)
    messages = [d.message for d in caught.value.diagnostics]
    assert len(messages) == 2, messages
    # The broken field is named by its inject's id (the citing inject may be the same one).
    named = f"inject {injects[broken]['id']!r}"
    assert sum(m.startswith(named) and "unknown clause 'IV.Q'" not in m for m in messages) == 1
    assert f"inject {injects[citing]['id']!r}: unknown clause 'IV.Q'" in "\n".join(messages)


_SKELETON_MUTATIONS = (
    lambda line: line.replace("  ", "\t", 1),  # a tab for indentation
    lambda line: line[1:],  # one space short
    lambda line: " " + line,  # one space too many
    lambda line: line.replace(": ", ":", 1),  # no space after a key
    lambda line: line.replace("- ", "-", 1),  # no space after a dash
    lambda line: line.replace('"', "", 1),  # an unbalanced quote
    lambda line: line.replace("]", "", 1),  # an unclosed list
    lambda line: line + ": more",  # an unquoted colon
    lambda line: line.replace(": ", ": `", 1),  # a value starting with a backtick
)


@pytest.mark.parametrize("mutation", range(len(_SKELETON_MUTATIONS)))
def test_every_typing_slip_in_the_skeleton_is_reported_on_one_line_without_a_crash(
    mutation: int, real_corpus: Corpus
) -> None:
    from tabletop.scenario import skeleton_text

    lines = skeleton_text().splitlines()
    for index, line in enumerate(lines):
        changed = _SKELETON_MUTATIONS[mutation](line)
        if changed == line:
            continue
        text = "\n".join([*lines[:index], changed, *lines[index + 1 :]]) + "\n"
        try:
            load_scenario_text(text, "new.yaml", real_corpus)
        except ScenarioError as exc:
            assert exc.diagnostics
            for diagnostic in exc.diagnostics:
                assert "\n" not in diagnostic.message
                assert 0 <= diagnostic.line <= len(lines) and diagnostic.column >= 0
