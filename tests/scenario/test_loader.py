"""Loading scenarios: the public API, includes, encodings and hostile input."""

from __future__ import annotations

import hashlib
import textwrap

import pytest

from tabletop import yamlsource
from tabletop.errors import MissingFileError, ScenarioError, UsageError
from tabletop.scenario import load_scenario, load_scenario_text

from .conftest import MINIMAL
from tabletop.rules import Corpus
from pathlib import Path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def messages(exc: ScenarioError) -> list[str]:
    return [d.message for d in exc.diagnostics]


class TestMinimalScenario:
    def test_the_minimal_scenario_is_valid_and_nothing_else_is_required(self, corpus: Corpus) -> None:
        loaded = load_scenario_text(MINIMAL, "min.yaml", corpus)
        assert loaded.scenario.title == "Minimal walkthrough"
        assert loaded.default_path() == ["first"]
        assert loaded.warnings == []
        assert loaded.start_phases == ("peacetime",)

    def test_text_and_sha256_are_those_of_the_exact_file(self, corpus: Corpus, tmp_path: Path) -> None:
        path = write(tmp_path / "min.yaml", MINIMAL)
        loaded = load_scenario(path, corpus)
        assert loaded.text == MINIMAL
        assert loaded.sha256 == hashlib.sha256(MINIMAL.encode()).hexdigest()
        assert loaded.files == {"min.yaml": MINIMAL}

    def test_inject_lookup_suggests_near_ids(self, corpus: Corpus) -> None:
        loaded = load_scenario_text(MINIMAL, "min.yaml", corpus)
        assert loaded.inject("first").title == "Quiet start"
        with pytest.raises(UsageError, match="did you mean 'first'"):
            loaded.inject("frist")


class TestPaths:
    SCENARIO = """\
        title: Branching
        injects:
          - id: a
            title: A
            narrative: a
            options:
              - {label: Left, goto: left}
              - {label: Right, goto: right, default: true}
          - id: left
            title: Left
            narrative: l
            contingency: true
            next: end
          - id: right
            title: Right
            narrative: r
          - id: end
            title: End
            narrative: e
        """

    def test_default_path_takes_the_default_option_and_skips_contingencies(self, corpus: Corpus) -> None:
        loaded = load_scenario_text(textwrap.dedent(self.SCENARIO), "b.yaml", corpus)
        assert loaded.default_path() == ["a", "right", "end"]
        assert loaded.successors("a") == ["left", "right"]
        assert loaded.next_inject("a") == "right"
        assert loaded.next_inject("left") == "end"
        assert loaded.next_inject("end") is None

    def test_without_a_default_flag_the_first_option_is_the_default(self, corpus: Corpus) -> None:
        text = textwrap.dedent(self.SCENARIO).replace(", default: true", "")
        assert load_scenario_text(text, "b.yaml", corpus).default_path() == ["a", "left", "end"]


class TestIncludes:
    def test_included_injects_follow_the_main_files_in_order(self, corpus: Corpus, tmp_path: Path) -> None:
        write(
            tmp_path / "parts" / "one.yaml",
            """\
            cells: [{id: japan, name: Japan cell}]
            injects:
              - {id: second, title: Second, narrative: two, to: [japan]}
            include: [deeper/two.yaml]
            """,
        )
        write(
            tmp_path / "parts" / "deeper" / "two.yaml",
            """\
            injects:
              - {id: third, title: Third, narrative: three}
            """,
        )
        main = write(
            tmp_path / "main.yaml",
            """\
            title: Split exercise
            include: [parts/one.yaml]
            injects:
              - {id: first, title: First, narrative: one}
            """,
        )
        loaded = load_scenario(main, corpus)
        assert loaded.default_path() == ["first", "second", "third"]
        assert list(loaded.files) == ["main.yaml", "parts/one.yaml", "parts/deeper/two.yaml"]
        assert "# ----- include: parts/one.yaml -----" in loaded.text

    def test_stored_texts_reload_without_the_disk(self, corpus: Corpus, tmp_path: Path) -> None:
        write(tmp_path / "parts" / "one.yaml", "injects: [{id: second, title: S, narrative: s}]\n")
        main = write(tmp_path / "main.yaml", "title: T\ninclude: [parts/one.yaml]\n")
        loaded = load_scenario(main, corpus)
        files = dict(loaded.files)
        main_text = files.pop("main.yaml")
        again = load_scenario_text(main_text, "elsewhere/main.yaml", corpus, files=files)
        assert again.default_path() == ["second"]
        assert again.sha256 == loaded.sha256

    def test_an_include_only_scenario_may_omit_injects(self, corpus: Corpus, tmp_path: Path) -> None:
        write(tmp_path / "p.yaml", "injects: [{id: only, title: O, narrative: o}]\n")
        main = write(tmp_path / "main.yaml", "title: T\ninclude: [p.yaml]\n")
        assert load_scenario(main, corpus).default_path() == ["only"]

    def test_an_include_through_a_link_leading_outside_is_refused(self, corpus: Corpus, tmp_path: Path) -> None:
        outside = write(tmp_path / "outside.yaml", "injects: [{id: x, title: X, narrative: x}]\n")
        inner = tmp_path / "inner"
        inner.mkdir()
        (inner / "link.yaml").symlink_to(outside)
        main = write(inner / "main.yaml", MINIMAL + "include: [link.yaml]\n")
        with pytest.raises(ScenarioError) as info:
            load_scenario(main, corpus)
        assert messages(info.value) == [
            "include 'link.yaml': must stay inside this file's folder (no `..` out of it, no links leading out)"
        ]


class TestEncodings:
    def test_byte_order_mark_and_crlf_line_endings_are_accepted(self, corpus: Corpus, tmp_path: Path) -> None:
        path = tmp_path / "bom.yaml"
        path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
        assert load_scenario(path, corpus).default_path() == ["first"]

    def test_crlf_errors_are_located_on_the_right_line(self, corpus: Corpus, tmp_path: Path) -> None:
        path = tmp_path / "crlf.yaml"
        path.write_bytes((MINIMAL + "    narative: typo\n").replace("\n", "\r\n").encode())
        with pytest.raises(ScenarioError) as info:
            load_scenario(path, corpus)
        assert [str(d) for d in info.value.diagnostics] == [
            f"{path}:6:5: error: inject 'first': unknown key 'narative'; did you mean 'narrative'?"
        ]

    def test_japanese_text_is_accepted_everywhere_text_is(self, corpus: Corpus) -> None:
        text = textwrap.dedent("""\
            title: 南西諸島における事態の推移
            exercise: {classification: 訓練用, summary: 日米共同図上演習}
            cells: [{id: japan, name: 日本セル, organisations: [内閣官房, 防衛省]}]
            objectives: [{id: obj1, text: 同盟調整メカニズムの活用を検証する}]
            injects:
              - id: first
                title: 漁船団の接近
                narrative: 多数の漁船が**島嶼**に接近している。
                questions: [政府はどう対応するか。, {cell: japan, text: 情報共有は十分か。}]
                expected_actions: [{action: 情報を共有する, responsible: 防衛省, objective: obj1}]
                facilitator_notes: 参加者には見せない。
            """)
        loaded = load_scenario_text(text, "日本語.yaml", corpus)
        assert loaded.inject("first").title == "漁船団の接近"

    def test_japanese_text_keeps_error_columns_in_characters(self, corpus: Corpus) -> None:
        text = "title: 日本語\ninjects:\n  - {id: first, title: 題名, narrative: 本文, tags: [海洋]}\n"
        with pytest.raises(ScenarioError) as info:
            load_scenario_text(text, "j.yaml", corpus)
        assert (
            str(info.value) == "j.yaml:3:50: error: inject 'first': unknown tag '海洋'; `tabletop tags` lists the tags"
        )


class TestFiles:
    def test_a_missing_file_is_a_usage_error(self, corpus: Corpus, tmp_path: Path) -> None:
        with pytest.raises(MissingFileError, match="no such file"):
            load_scenario(tmp_path / "absent.yaml", corpus)

    def test_a_directory_is_a_usage_error(self, corpus: Corpus, tmp_path: Path) -> None:
        with pytest.raises(MissingFileError, match="is a directory"):
            load_scenario(tmp_path, corpus)

    def test_a_file_over_the_size_limit_is_refused_with_the_limit(
        self, corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(yamlsource, "MAX_BYTES", 1024 * 1024)
        path = tmp_path / "big.yaml"
        path.write_bytes(MINIMAL.encode() + b"# padding\n" * 120_000)
        with pytest.raises(ScenarioError) as info:
            load_scenario(path, corpus)
        assert messages(info.value) == ["file is larger than the 1 MiB limit; split it with `include:`"]

    def test_a_file_of_many_megabytes_under_the_limit_is_handled(self, corpus: Corpus, tmp_path: Path) -> None:
        inject = "  - id: i{n}\n    title: Inject {n}\n    narrative: " + "x" * 900 + "\n"
        path = tmp_path / "large.yaml"
        path.write_text("title: Large\ninjects:\n" + "".join(inject.format(n=n) for n in range(4000)))
        assert path.stat().st_size > 3_000_000
        assert len(load_scenario(path, corpus).default_path()) == 4000


class TestAllProblemsAtOnce:
    def test_structural_and_reference_problems_are_reported_together(self, corpus: Corpus) -> None:
        text = textwrap.dedent("""\
            title: Several
            injects:
              - {id: a, title: A, narrative: a, cite: [IV.Q]}
              - {id: b, title: [B], narrative: b}
              - {id: c, title: C, narrative: c, next: zz}
            """)
        with pytest.raises(ScenarioError) as info:
            load_scenario_text(text, "s.yaml", corpus)
        assert [str(d) for d in info.value.diagnostics] == [
            "s.yaml:3:44: error: inject 'a': unknown clause 'IV.Q'; did you mean 'IV.E' or 'IV.D' or 'IV.C'?",
            "s.yaml:4:13: error: inject 'b', title: expected text, found a list",
            "s.yaml:5:37: error: inject 'c': unknown inject 'zz'; declared: a, b, c",
        ]

    def test_strict_mode_turns_warnings_into_failures(self, corpus: Corpus) -> None:
        text = MINIMAL + "    cite: [IV.C.2]\n"
        assert len(load_scenario_text(text, "w.yaml", corpus).warnings) == 1
        with pytest.raises(ScenarioError) as info:
            load_scenario_text(text, "w.yaml", corpus, strict=True)
        assert info.value.diagnostics[0].severity == "warning"


class TestSymbolicLinkLoops:
    def test_a_main_file_that_is_a_link_loop_is_a_usage_error_naming_it(self, tmp_path: Path, corpus: Corpus) -> None:
        (tmp_path / "a.yaml").symlink_to("b.yaml")
        (tmp_path / "b.yaml").symlink_to("a.yaml")
        with pytest.raises(MissingFileError, match="a symbolic link that leads back to itself"):
            load_scenario(tmp_path / "a.yaml", corpus)

    def test_an_included_link_loop_is_reported_at_the_include(self, tmp_path: Path, corpus: Corpus) -> None:
        (tmp_path / "loop.yaml").symlink_to("loop.yaml")
        (tmp_path / "main.yaml").write_text(MINIMAL + "include: [loop.yaml]\n", encoding="utf-8")
        with pytest.raises(ScenarioError) as caught:
            load_scenario(tmp_path / "main.yaml", corpus)
        assert [d.message for d in caught.value.diagnostics] == [
            "include 'loop.yaml': is a symbolic link that leads back to itself (a link loop); point it at a real file"
        ]


class TestIncludeFolders:
    def test_an_included_file_cannot_reach_back_out_of_its_own_folder(self, corpus: Corpus, tmp_path: Path) -> None:
        write(tmp_path / "sibling.yaml", "injects: [{id: s, title: S, narrative: s}]\n")
        write(tmp_path / "parts" / "one.yaml", "include: [../sibling.yaml]\n")
        main = write(tmp_path / "main.yaml", MINIMAL + "include: [parts/one.yaml]\n")
        with pytest.raises(ScenarioError) as info:
            load_scenario(main, corpus)
        assert [str(d) for d in info.value.diagnostics] == [
            f"{tmp_path}/parts/one.yaml:1:11: error: include '../sibling.yaml': must stay inside this "
            "file's folder (no `..` out of it, no links leading out)"
        ]

    def test_stored_texts_cannot_climb_out_either(self, corpus: Corpus) -> None:
        with pytest.raises(ScenarioError, match="must stay inside"):
            load_scenario_text(MINIMAL + "include: [a/../../x.yaml]\n", "m.yaml", corpus, files={"../x.yaml": ""})


def test_a_valid_scenario_is_parsed_once_and_never_composed_again(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the happy path composed the text a second time")

    monkeypatch.setattr(yaml, "compose", refuse)
    assert load_scenario_text(MINIMAL, "min.yaml", corpus).default_path() == ["first"]
    # Nor one that includes other files: an include is located only when it is wrong.
    part = "injects:\n  - id: second\n    title: Second\n    narrative: More.\n"
    loaded = load_scenario_text(
        MINIMAL + "include: [more/part.yaml]\n", "min.yaml", corpus, files={"more/part.yaml": part}
    )
    assert loaded.default_path() == ["first", "second"]
