"""One rule for every command that writes a file (`tabletop.outputs`): never a session (a live one
least of all) or its sidecars, never a file the command reads, another existing file only when it
is an unedited earlier output of the same command, or with --force; a full disk is exit 1 in one
line and leaves the old file as it was."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from tests.mount_support import tmpfs

from tabletop.scenario import load_scenario
from tabletop.session import Session
from tabletop.rules import Corpus
from tests.conftest import RunCli
from tests.tui.conftest import told_by

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "peacekeeping_hadr.yaml"


@dataclass(frozen=True)
class Writer:
    arguments: Callable[[Room], list[str]]
    """The command line before its target, reading the `room` fixture's files."""
    suffix: str
    """A suffix its target may have."""
    reads: Callable[[Room], list[Path]] = lambda room: []
    """The files it reads, which it must never replace."""
    updates_in_place: bool = False
    """An existing file that is no earlier output is updated (a scenario, its comments kept) or
    left as it is with the output written beside it, instead of refused (`msel import -o`)."""
    rewrite: tuple[str, ...] = ()
    """What makes it write again over its own earlier output when nothing changed."""


WRITERS = {
    "report": Writer(lambda room: ["report", str(room.session_file), "-o"], ".md", lambda room: [room.session_file]),
    "report --format html": Writer(
        lambda room: ["report", str(room.session_file), "--format", "html", "-o"],
        ".html",
        lambda room: [room.session_file],
    ),
    "report --format json": Writer(
        lambda room: ["report", str(room.session_file), "--format", "json", "-o"],
        ".json",
        lambda room: [room.session_file],
    ),
    "coverage": Writer(
        lambda room: ["coverage", str(room.session_file), "-o"], ".md", lambda room: [room.session_file]
    ),
    "handbook": Writer(
        lambda room: ["handbook", str(room.scenario), "--for", "facilitator", "-o"], ".md", lambda room: [room.scenario]
    ),
    "msel export": Writer(
        lambda room: ["msel", "export", str(room.scenario), "-o"], ".xlsx", lambda room: [room.scenario]
    ),
    "msel import -o": Writer(
        lambda room: ["msel", "import", str(room.workbook), "-o"],
        ".yaml",
        lambda room: [room.workbook],
        updates_in_place=True,
        rewrite=("--force",),
    ),
    "export -o": Writer(
        lambda room: ["export", str(room.session_file), "-o"], ".jsonl", lambda room: [room.session_file]
    ),
    "new": Writer(lambda room: ["new"], ".yaml"),
}
"""Every command that writes a file."""


class Room:
    """A session being recorded (open for writing, with its -wal), the scenario it was started
    from, an MSEL workbook of that scenario, and an earlier report someone has edited by hand."""

    session: Session
    scenario: Path
    workbook: Path
    report: Path

    def __init__(self, folder: Path, corpus: Corpus, run_cli: RunCli) -> None:
        self.folder = folder
        self.scenario = folder / "exercise.yaml"
        shutil.copy(SCENARIO, self.scenario)
        self.session = Session.start(load_scenario(self.scenario, corpus), corpus, session_dir=folder / "sessions")
        self.session.deliver_next()
        self.session.note("the room is talking")
        assert Path(f"{self.session_file}-wal").exists()
        self.workbook = folder / "exercise.xlsx"
        assert run_cli("msel", "export", str(self.scenario), "-o", str(self.workbook))[0] == 0
        book = openpyxl.load_workbook(self.workbook)
        sheet = book["MSEL"]
        title = next(cell for cell in sheet[1] if cell.value == "Title")
        sheet.cell(2, title.column).value = "Retitled by the planner"
        book.save(self.workbook)  # a workbook edited in a spreadsheet program
        self.report = folder / "aar.md"
        assert run_cli("report", str(self.session_file), "-o", str(self.report))[0] == 0
        with self.report.open("a", encoding="utf-8") as edited:
            edited.write("\nThe evaluators' remarks, added by hand.\n")

    @property
    def session_file(self) -> Path:
        """The file the session is recorded in."""
        path = self.session.path
        assert isinstance(path, Path), path
        return path

    def targets(self) -> dict[str, Path]:
        return {
            "the live session": self.session_file,
            "its -wal": Path(f"{self.session_file}-wal"),
            "its -shm": Path(f"{self.session_file}-shm"),
            "a scenario": self.scenario,
            "a workbook": self.workbook,
            "a hand-edited earlier report": self.report,
        }


@pytest.fixture
def room(tmp_path: Path, corpus: Corpus, run_cli: RunCli) -> Iterator[Room]:
    made = Room(tmp_path, corpus, run_cli)
    yield made
    made.session.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def aimed_at(target: Path, suffix: str, folder: Path) -> Path:
    """`target` under a name the command accepts (a workbook's name must end in .xlsx): the
    target itself, or a link to it with that suffix."""
    if suffix != ".xlsx" or target.suffix == ".xlsx":
        return target
    link = folder / f"link-to-{target.name}.xlsx"
    link.symlink_to(target)
    return link


@pytest.mark.parametrize("writer", list(WRITERS))
def test_no_writing_command_replaces_a_live_session_a_scenario_a_workbook_or_an_edited_report(
    room: Room, run_cli: RunCli, writer: str, tmp_path: Path
) -> None:
    command = WRITERS[writer]
    for what, target in room.targets().items():
        before = sha256(target)
        aimed = aimed_at(target, command.suffix, tmp_path)
        status, _, err = run_cli(*command.arguments(room), str(aimed))
        if command.updates_in_place and what == "a scenario":
            # The scenario the workbook was exported from takes the planners' changes, and keeps
            # its comments (the round trip of docs/msel.md).
            assert status == 0 and "updated" in err, err
            assert target.read_text(encoding="utf-8").startswith(SCENARIO.read_text(encoding="utf-8").splitlines()[0])
            continue
        if command.updates_in_place and what == "a hand-edited earlier report":
            assert status == 0 and "left as it is" in err and "beside it" in err, err
            assert sha256(target) == before
            continue
        assert status == 2, (what, err)
        assert err.startswith("tabletop: error: ") and err.count("\n") == 1, (what, err)
        assert "nothing was written" in err, (what, err)
        assert sha256(target) == before, what
        if aimed != target:
            aimed.unlink()
    # The session is still whole, and still recording.
    room.session.note("after every attempt")
    with Session.open(room.session_file, readonly=True) as reread:
        assert reread.state.notes[-1].text == "after every attempt"


@pytest.mark.parametrize("writer", list(WRITERS))
def test_force_never_replaces_a_live_session_nor_a_file_the_command_reads(
    room: Room, run_cli: RunCli, writer: str, tmp_path: Path
) -> None:
    command = WRITERS[writer]
    targets = [room.session_file, Path(f"{room.session_file}-wal"), *command.reads(room)]
    for target in targets:
        before = sha256(target)
        aimed = aimed_at(target, command.suffix, tmp_path)
        status, _, err = run_cli(*command.arguments(room), str(aimed), "--force")
        assert status == 2, (target, err)
        assert sha256(target) == before, target
        if aimed != target:
            aimed.unlink()


@pytest.mark.parametrize("writer", list(WRITERS))
def test_an_unedited_earlier_output_is_replaced_and_force_replaces_another_file(
    room: Room, run_cli: RunCli, writer: str, tmp_path: Path
) -> None:
    command = WRITERS[writer]
    target = tmp_path / f"out{command.suffix}"
    status, _, err = run_cli(*command.arguments(room), str(target))
    assert status == 0, err
    assert str(target) in err  # says what it wrote
    first = target.read_bytes()
    room.session.note("one more note")
    status, _, err = run_cli(*command.arguments(room), str(target))
    assert status == 0, err  # its own earlier output, unedited: replaced without --force
    if writer.startswith("report") or writer == "export -o":
        assert target.read_bytes() != first  # the newer record
    mine = tmp_path / f"mine{command.suffix}"
    mine.write_bytes(b"someone's own file\n")
    status, _, err = run_cli(*command.arguments(room), str(mine))
    assert status == (0 if command.updates_in_place else 2), err  # written beside it, or refused
    assert mine.read_bytes() == b"someone's own file\n"
    status, _, err = run_cli(*command.arguments(room), str(mine), "--force")
    assert status == 0, err
    assert mine.read_bytes() != b"someone's own file\n"


def test_an_edited_earlier_output_is_named_as_such(room: Room, run_cli: RunCli) -> None:
    status, _, err = run_cli("report", str(room.session_file), "-o", str(room.report))
    assert status == 2
    assert "is an earlier report edited since tabletop wrote it" in err


def test_an_earlier_output_of_another_command_is_not_replaced(room: Room, run_cli: RunCli, tmp_path: Path) -> None:
    handbook = tmp_path / "handbook.md"
    assert run_cli("handbook", str(room.scenario), "--for", "participants", "-o", str(handbook))[0] == 0
    before = sha256(handbook)
    status, _, err = run_cli("report", str(room.session_file), "-o", str(handbook))
    assert status == 2 and "not an earlier report" in err
    assert sha256(handbook) == before


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_a_folder_as_output_is_refused_at_once(
    room: Room, run_cli: RunCli, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "out.md"
    os.mkfifo(target) if kind == "fifo" else target.mkdir()
    status, _, err = run_cli("report", str(room.session_file), "-o", str(target), "--force")
    assert status == 2
    assert ("named pipe" if kind == "fifo" else "is a directory") in err


def test_the_consoles_p_keeps_a_hand_edited_report_and_never_writes_into_a_session(
    room: Room, corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tabletop.tui import make_app, report_paths

    targets = report_paths(room.session_file)
    targets["md"].write_text("# Our own report, edited\n", encoding="utf-8")
    targets["html"].symlink_to(room.session_file)  # a link to the live session under the report's name
    room.session.close()
    before = {name: sha256(path) for name, path in targets.items()}
    session_before = sha256(room.session_file)
    session = Session.follow(room.session_file)  # a second, read-only console
    app = make_app(session)
    told = told_by(app, monkeypatch)

    async def press_p() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await pilot.press("p")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(press_p())
    session.close()
    assert len(told) == 1 and told[0].startswith("No report written: ")
    assert {name: sha256(path) for name, path in targets.items()} == before
    assert sha256(room.session_file) == session_before
    room.session = Session.open(room.session_file)  # the fixture closes it


# -- a full disk ------------------------------------------------------------------------------


def fill(folder: Path) -> None:
    with open(folder / "ballast", "wb", buffering=0) as ballast:
        try:
            while True:
                ballast.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def test_every_writing_command_on_a_full_disk_exits_1_in_one_line_and_keeps_the_old_file(
    room: Room, run_cli: RunCli, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "full") as full:
        earlier = {}
        for writer, command in WRITERS.items():
            target = full / f"{writer.replace(' ', '_')}{command.suffix}"
            assert run_cli(*command.arguments(room), str(target))[0] == 0
            earlier[writer] = (target, sha256(target))
        fill(full)
        before = sorted(p.name for p in full.iterdir())
        room.session.note("a note the report will hold")  # so that every document has changed
        for writer, command in WRITERS.items():
            target, digest = earlier[writer]
            status, _, err = run_cli(*command.arguments(room), str(target), *command.rewrite)
            assert status == 1, (writer, err)
            assert err.startswith("tabletop: error: ") and err.count("\n") == 1, (writer, err)
            assert "No space left on device" in err and "is as it was" in err, (writer, err)
            assert sha256(target) == digest, writer
            assert sorted(p.name for p in full.iterdir()) == before, writer  # no temporary file left
        status, _, err = run_cli("dry-run", str(room.scenario), "--session-dir", str(full / "sessions"))
        assert status == 1 and err.count("\n") == 1 and ("No space left on device" in err or "disk is full" in err), err


def test_a_write_that_fails_otherwise_is_a_usage_error_naming_the_reason(
    room: Room, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tabletop import atomicfile

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(atomicfile, "create_new", read_only)
    status, _, err = run_cli("report", str(room.session_file), "-o", str(tmp_path / "new-report.md"))
    assert status == 2 and "cannot write here (Read-only file system)" in err
