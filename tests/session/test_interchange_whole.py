"""An export says how many events it holds and the journal digest after the last one, so that an
import refuses a file cut short, or with lines missing, reordered or changed, saying what is
missing, and writes nothing; the whole file imports as before. An export of the formats written
before headers carried them (1 to 3) still imports, with a warning that its completeness could
not be checked; a later format's header without them was edited, and is refused. The imported
session says where it came from, when, and whether it was checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabletop.errors import JournalImportError
from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import JOURNAL_FORMAT_VERSION, Session, export_jsonl, import_jsonl
from tests.conftest import RunCli
from tests.session.conftest import DRILL, RULES, TickingClock


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, bytes]]:
    """A played, ended session (with its hot wash and improvement plan) and its export's bytes."""
    folder = tmp_path_factory.mktemp("whole")
    corpus = load_rules(RULES)
    with Session.start(load_scenario(DRILL, corpus), corpus, session_dir=folder, clock=TickingClock()) as session:
        session.deliver_next()
        session.cite("III.A", "coordination")
        session.note("The room asked for the legal basis")
        session.deliver_next({"important_influence": True})
        session.take_option("Evacuate noncombatants")
        session.hot_wash("improvement", "Information sharing lagged")
        session.add_improvement_item(issue="Late legal advice", corrective_action="Pre-draft the orders")
        session.end("Closing remark")
        path = session.path
    assert isinstance(path, Path)
    journal = folder / "journal.jsonl"
    export_jsonl(path, journal)
    yield path, journal.read_bytes()


def _refused(data: bytes, *message: str) -> str:
    """Import `data` into a fresh folder: refused (`JournalImportError`), nothing written there."""
    with TemporaryDirectory() as scratch:
        source = Path(scratch) / "cut.jsonl"
        source.write_bytes(data)
        target = Path(scratch) / "imported"
        with pytest.raises(JournalImportError) as refused:
            import_jsonl(source, target)
        assert not target.exists() or list(target.iterdir()) == []
    said = str(refused.value)
    assert said.startswith(str(source)), said
    assert all(part in said for part in message), said
    return said


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")[:-1]


def _joined(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


def test_the_header_carries_the_count_and_the_digest_the_imported_file_keeps(
    exported: tuple[Path, bytes], tmp_path: Path
) -> None:
    path, data = exported
    header = json.loads(_lines(data)[0])
    assert header["event_count"] == len(_lines(data)) - 1
    source = tmp_path / "journal.jsonl"
    source.write_bytes(data)
    imported = import_jsonl(source, tmp_path / "again")
    with Session.open(imported, readonly=True) as copy, Session.open(path, readonly=True) as original:
        assert copy.metadata()["journal_sha256"] == header["journal_sha256"]
        assert copy.state == original.state and copy.events() == original.events()


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_any_strict_prefix_is_refused(exported: tuple[Path, bytes], data: st.DataObject) -> None:
    whole = exported[1]
    # Short of the last newline alone, nothing is lost: that file is whole, and imports.
    cut = data.draw(st.integers(min_value=0, max_value=len(whole) - 2), label="bytes kept")
    _refused(whole[:cut])


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_a_file_cut_after_a_line_says_how_many_events_are_missing(
    exported: tuple[Path, bytes], data: st.DataObject
) -> None:
    lines = _lines(exported[1])
    kept = data.draw(st.integers(min_value=2, max_value=len(lines) - 1), label="lines kept")
    missing = len(lines) - kept
    _refused(_joined(lines[:kept]), "the file was cut short", f"the last {missing} event(s) are missing")


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_any_line_removed_is_refused(exported: tuple[Path, bytes], data: st.DataObject) -> None:
    lines = _lines(exported[1])
    gone = data.draw(st.integers(min_value=0, max_value=len(lines) - 1), label="line removed")
    _refused(_joined(lines[:gone] + lines[gone + 1 :]))


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_any_two_lines_swapped_are_refused(exported: tuple[Path, bytes], data: st.DataObject) -> None:
    lines = _lines(exported[1])
    first = data.draw(st.integers(min_value=0, max_value=len(lines) - 2), label="first")
    second = data.draw(st.integers(min_value=first + 1, max_value=len(lines) - 1), label="second")
    lines[first], lines[second] = lines[second], lines[first]
    _refused(_joined(lines))


def test_a_line_missing_in_the_middle_is_named(exported: tuple[Path, bytes]) -> None:
    lines = _lines(exported[1])
    said = _refused(_joined(lines[:4] + lines[5:]), ":5: event 5 where event 4 should be", "lines are missing")
    assert "nothing was imported" in said


def test_a_line_changed_so_that_it_still_reads_is_refused_by_the_digest(exported: tuple[Path, bytes]) -> None:
    lines = _lines(exported[1])
    changed = [line.replace(b"Late legal advice", b"Timely legal advice") for line in lines]
    assert changed != lines
    _refused(_joined(changed), "do not match the journal digest in its header")


def _stripped(data: bytes, version: int | None = None) -> bytes:
    """`data` with the header's count and digest removed (and its format `version`, if given)."""
    lines = _lines(data)
    header = json.loads(lines[0])
    del header["event_count"], header["journal_sha256"]
    if version is not None:
        header["version"] = version
    return _joined([json.dumps(header).encode(), *lines[1:]])


def _earlier_export(data: bytes) -> bytes:
    """As tabletop 0.1.0 exported: journal format 3, without the count and the digest."""
    return _stripped(data, version=3)


def test_an_earlier_export_imports_with_a_warning(exported: tuple[Path, bytes], tmp_path: Path) -> None:
    source = tmp_path / "earlier.jsonl"
    source.write_bytes(_earlier_export(exported[1]))
    told: list[str] = []
    imported = import_jsonl(source, tmp_path / "again", warn=told.append)
    assert Path(imported).is_file()
    assert told == [
        f"{source}: journal format 3, written by tabletop 0.1.0, without the number of events or the journal "
        "digest: whether lines are missing from its end, or changed, could not be checked"
    ]


@pytest.mark.parametrize("version", [4, JOURNAL_FORMAT_VERSION])
def test_a_later_format_without_count_and_digest_is_refused_as_edited(
    exported: tuple[Path, bytes], version: int
) -> None:
    edited = _stripped(exported[1].replace(b"Late legal advice", b"Timely legal advice"), version=version)
    said = _refused(edited, f":1: its header says journal format {version} but has no event_count and journal_sha256")
    assert "the header was edited" in said and "nothing was imported" in said


def test_a_later_format_without_its_digest_alone_is_refused(exported: tuple[Path, bytes]) -> None:
    lines = _lines(exported[1])
    header = json.loads(lines[0])
    del header["journal_sha256"]
    _refused(_joined([json.dumps(header).encode(), *lines[1:]]), "but has no journal_sha256", "nothing was imported")


def test_an_imported_session_says_from_which_file_when_and_that_it_was_checked(
    run: RunCli, exported: tuple[Path, bytes], tmp_path: Path
) -> None:
    (tmp_path / "e1.jsonl").write_bytes(exported[1])
    status, out, err = run("import", "e1.jsonl", "--session-dir", "imp")
    assert status == 0 and err == "", err
    path = out.strip()
    status, out, _ = run("status", path)
    said = " ".join(out.split())  # as read, whatever the width it was wrapped at
    assert "imported from e1.jsonl on " in said
    assert " UTC; checked against the export's event count and journal digest" in said
    status, out, _ = run("status", path, "--format", "json")
    imported = json.loads(out)["imported"]
    assert (imported["from"], imported["checked"]) == ("e1.jsonl", True) and imported["at"].endswith("Z")
    status, out, _ = run("sessions", "--session-dir", "imp")
    said = " ".join(out.split())
    assert "imported from e1.jsonl on " in said and "checked against the export's event count" in said
    status, out, _ = run("sessions", "--session-dir", "imp", "--format", "json")
    assert json.loads(out)[0]["imported"] == imported
    status, out, err = run("report", path, "--format", "md", "-o", "r.md")
    assert status == 0, err
    report = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "| imported | from e1.jsonl on " in report and "checked against the export" in report
    assert "imported from" not in " ".join(run("status", str(exported[0]))[1].split())
    # A session recorded where it is says nothing of the kind.
    status, out, _ = run("status", str(exported[0]), "--format", "json")
    assert json.loads(out)["imported"] is None


def test_an_earlier_export_imported_says_it_was_not_checked(
    run: RunCli, exported: tuple[Path, bytes], tmp_path: Path
) -> None:
    (tmp_path / "old.jsonl").write_bytes(_earlier_export(exported[1]))
    status, out, _ = run("import", "old.jsonl", "--session-dir", "imp")
    assert status == 0
    path = out.strip()
    status, out, _ = run("status", path)
    said = " ".join(out.split())
    assert "an export without an event count or digest: not checked for lines missing or changed" in said
    status, out, _ = run("status", path, "--format", "json")
    assert json.loads(out)["imported"]["checked"] is False


def test_import_of_a_cut_export_exits_1_naming_the_file_and_writes_nothing(
    run: RunCli, exported: tuple[Path, bytes], tmp_path: Path
) -> None:
    lines = _lines(exported[1])
    (tmp_path / "trunc.jsonl").write_bytes(_joined(lines[:6]))
    status, out, err = run("import", "trunc.jsonl", "--session-dir", "imp2")
    assert (status, out) == (1, "")
    assert err.startswith("tabletop: error: trunc.jsonl: the file was cut short: it ends after event 5 (line 6)")
    assert f"but its header lists {len(lines) - 1} events" in err and "nothing was imported" in err
    assert not (tmp_path / "imp2").exists() or list((tmp_path / "imp2").iterdir()) == []


def test_import_of_an_earlier_export_warns_on_standard_error(
    run: RunCli, exported: tuple[Path, bytes], tmp_path: Path
) -> None:
    (tmp_path / "earlier.jsonl").write_bytes(_earlier_export(exported[1]))
    status, out, err = run("import", "earlier.jsonl", "--session-dir", "imp")
    assert status == 0, err
    assert Path(out.strip()).is_file()
    assert err.startswith("tabletop: warning: earlier.jsonl: journal format 3, written by tabletop 0.1.0")
    assert "could not be checked" in err
    status, out, err = run("export", out.strip())
    assert status == 0 and json.loads(out.splitlines()[0])["event_count"] == len(_lines(exported[1])) - 1
