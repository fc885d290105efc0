"""Ctrl-C (SIGINT) in any command ends it with "Interrupted." and exit status 130, never
"Aborted." with 1; a command that records says whether what it was recording was recorded, so
that nobody adds an improvement item twice. Each interruption lands at a point the test holds the
command at (tests/interrupt_child.py), in a real process."""

from __future__ import annotations

import contextlib
import http.client
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.participants.page_support import ISLANDS
from tests.session.conftest import DRILL, RULES

from tabletop.rules import Corpus
from tabletop.scenario import load_scenario
from tabletop.session import ParticipantSeat, Session

CHILD = Path(__file__).parent / "interrupt_child.py"


def _at_a_terminal() -> None:
    """In the child before it runs: Ctrl-C as a terminal delivers it. The tests may run where
    SIGINT is ignored (a job started in the background), which a child inherits, and Python then
    leaves it ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _tabletop(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tabletop", "--rules", str(RULES), *args]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False, preexec_fn=_at_a_terminal
    )


def _interrupted(when: str, target: str, *args: str, cwd: Path) -> tuple[int, str, str]:
    """Run `tabletop ARGS` held `when` (before or after) `target`, send SIGINT there: (status,
    stdout, stderr without the child's `ready`)."""
    command = [sys.executable, str(CHILD), when, target, "--rules", str(RULES), *args]
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_at_a_terminal
    )
    try:
        assert process.stderr is not None
        said = []
        for line in process.stderr:
            if line == "ready\n":
                break
            said.append(line)
        else:
            pytest.fail(f"the command ended before it was held: {''.join(said)}")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, "".join(said) + err


@pytest.fixture
def ended(tmp_path: Path) -> str:
    done = _tabletop("dry-run", str(DRILL), "--session-dir", "sessions", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _issues(path: str, cwd: Path) -> list[str]:
    listed = _tabletop("ip", "list", path, "--format", "json", cwd=cwd)
    assert listed.returncode == 0, listed.stderr
    return [item["issue"] for item in json.loads(listed.stdout)["items"]]


ADD = ("ip", "add")
ISSUE = ("--issue", "Late legal advice", "--action", "Pre-draft the orders")


def test_ctrl_c_after_ip_add_recorded_says_so_with_status_130(ended: str, tmp_path: Path) -> None:
    status, _out, err = _interrupted("after", "Session.add_improvement_item", *ADD, ended, *ISSUE, cwd=tmp_path)
    assert status == 130, err
    assert "Aborted." not in err and "Traceback" not in err
    assert err.strip() == (
        f"Interrupted. The improvement item was recorded all the same: `tabletop ip list {ended}` shows it."
    )
    assert _issues(ended, tmp_path) == ["Late legal advice"]


def test_ctrl_c_before_ip_add_recorded_says_nothing_was(ended: str, tmp_path: Path) -> None:
    status, out, err = _interrupted("before", "Session.add_improvement_item", *ADD, ended, *ISSUE, cwd=tmp_path)
    assert (status, out) == (130, "")
    assert err.strip() == "Interrupted. The improvement item was not recorded: nothing was recorded."
    assert _issues(ended, tmp_path) == []


def test_ctrl_c_after_an_import_says_the_session_was_imported(ended: str, tmp_path: Path) -> None:
    exported = _tabletop("export", ended, "-o", "journal.jsonl", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    status, out, err = _interrupted(
        "after", "import_jsonl", "import", "journal.jsonl", "--session-dir", "imported", cwd=tmp_path
    )
    assert (status, out) == (130, "")
    assert err.strip() == (
        "Interrupted. The session was imported all the same: `tabletop sessions --session-dir imported` shows it."
    )
    assert len(list((tmp_path / "imported").glob("*.ttx.sqlite"))) == 1


def test_ctrl_c_in_a_command_that_records_nothing_is_interrupted_130(ended: str, tmp_path: Path) -> None:
    # `ip list` reads the session through `Session.open` (read-only); held there, then interrupted.
    status, out, err = _interrupted("after", "Session.open", "ip", "list", ended, cwd=tmp_path)
    assert (status, out, err.strip()) == (130, "", "Interrupted.")


def test_ctrl_c_while_the_program_starts_is_interrupted_130_without_a_traceback(tmp_path: Path) -> None:
    # The program named `tabletop`, interrupted once the package is imported and before a command runs.
    starting = (
        "import os, signal, sys, time\n"
        "sys.argv[0] = 'tabletop'\n"
        "import tabletop\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "time.sleep(30)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", starting],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=_at_a_terminal,
    )
    assert (done.returncode, done.stdout, done.stderr.strip()) == (130, "", "Interrupted.")


def test_a_program_that_imports_tabletop_keeps_python_s_own_ctrl_c(tmp_path: Path) -> None:
    keeps = "import signal\nimport tabletop\nprint(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n"
    done = subprocess.run(
        [sys.executable, "-c", keeps],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=_at_a_terminal,
    )
    assert (done.returncode, done.stdout) == (0, "True\n"), done.stderr


URL = "http://192.168.10.5:8090"


@pytest.fixture
def seminar(tmp_path: Path, corpus: Corpus) -> str:
    """A session of the Southwestern Islands (cells japan, us, ...), recorded by nobody now."""
    with Session.start(load_scenario(ISLANDS, corpus), corpus, session_dir=tmp_path / "sessions") as started:
        return str(started.path)


def _seats(session: str) -> dict[str, ParticipantSeat]:
    with Session.open(session, readonly=True) as reader:
        return {seat.seat: seat for seat in reader.state.seats}


def _cards_left(folder: Path) -> list[str]:
    """The card files in `folder`, whole or not (a temporary file named after one included)."""
    return sorted(path.name for path in folder.iterdir() if "cards" in path.name or path.suffix == ".partial")


def test_ctrl_c_after_the_seats_are_issued_names_them_and_the_command_for_new_cards(
    seminar: str, tmp_path: Path
) -> None:
    args = ("participants", "seats", seminar, "--cell", "japan=2", "--url", URL, "-o", "cards.html")
    status, out, err = _interrupted("before", "tabletop.outputs.write_output", *args, cwd=tmp_path)
    assert (status, out) == (130, "")
    again = f"tabletop participants seats {seminar} --seat japan-1 --seat japan-2 --url {URL} -o cards.html"
    assert err.strip() == (
        "Interrupted. Seats japan-1, japan-2 were issued, but their cards were not written to cards.html: "
        f"their codes are nowhere else (the session keeps only their digests). To give those seats new cards: "
        f"`{again}`."
    )
    assert _cards_left(tmp_path) == []
    issued = _seats(seminar)
    assert sorted(issued) == ["japan-1", "japan-2"]
    # The command it names gives them cards, which expire with the seats.
    done = _tabletop(*again.split()[1:], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "cards.html").read_text(encoding="utf-8").count('class="code"') == 2
    assert {s: seat.expires_at for s, seat in _seats(seminar).items()} == {
        s: seat.expires_at for s, seat in issued.items()
    }


def test_ctrl_c_while_the_card_file_is_written_leaves_no_part_of_it(seminar: str, tmp_path: Path) -> None:
    # Held with the cards written in full beside their name, not yet under it.
    args = ("participants", "seats", seminar, "--cell", "us=1", "--url", URL, "-o", "cards.html")
    status, _out, err = _interrupted("before", "tabletop.atomicfile.publish_new", *args, cwd=tmp_path)
    assert status == 130
    assert err.strip().startswith("Interrupted. Seat us-1 was issued, but its card was not written to cards.html: ")
    assert "`tabletop participants seats " in err and "--seat us-1 " in err
    assert _cards_left(tmp_path) == []


def test_ctrl_c_between_two_seats_names_the_one_issued(seminar: str, tmp_path: Path) -> None:
    args = ("participants", "seats", seminar, "--cell", "japan=2", "--url", URL, "-o", "cards.html")
    status, _out, err = _interrupted("after", "Session.execute", *args, cwd=tmp_path)
    assert status == 130
    assert err.strip().startswith("Interrupted. Seat japan-1 was issued, but its card was not written to cards.html: ")
    assert "--seat japan-1 --url" in err and "japan-2" not in err
    assert sorted(_seats(seminar)) == ["japan-1"]


def test_ctrl_c_after_a_new_card_is_recorded_says_the_old_card_is_out(seminar: str, tmp_path: Path) -> None:
    first = _tabletop(
        "participants", "seats", seminar, "--cell", "japan=1", "--url", URL, "-o", "cards.html", cwd=tmp_path
    )
    assert first.returncode == 0, first.stderr
    args = ("participants", "seats", seminar, "--seat", "japan-1", "--url", URL, "-o", "new.html")
    status, _out, err = _interrupted("before", "tabletop.outputs.write_output", *args, cwd=tmp_path)
    assert status == 130
    assert err.strip() == (
        "Interrupted. Seat japan-1 was given a new card, but it was not written to new.html: its code is "
        "nowhere else, and the old card admits nobody any more. To give that seat a new card: "
        f"`tabletop participants seats {seminar} --seat japan-1 --url {URL} -o new.html`."
    )
    assert not (tmp_path / "new.html").exists()


def test_ctrl_c_once_the_cards_are_written_says_nothing_is_missing(seminar: str, tmp_path: Path) -> None:
    args = ("participants", "seats", seminar, "--cell", "japan=1", "--url", URL, "-o", "cards.html")
    status, _out, err = _interrupted("after", "tabletop.outputs.write_output", *args, cwd=tmp_path)
    assert status == 130
    assert err.strip() == (
        "Interrupted. The seats were issued (japan-1) and their cards written to cards.html: nothing is missing."
    )
    assert (tmp_path / "cards.html").read_text(encoding="utf-8").count('class="code"') == 1


def test_ctrl_c_before_any_seat_is_issued_says_none_was(seminar: str, tmp_path: Path) -> None:
    args = ("participants", "seats", seminar, "--cell", "japan=1", "--url", URL, "-o", "cards.html")
    status, _out, err = _interrupted("before", "Session.execute", *args, cwd=tmp_path)
    assert status == 130
    assert err.strip() == "Interrupted. The seats were not issued: nothing was issued."
    assert _seats(seminar) == {} and _cards_left(tmp_path) == []


def _stopped_with_ctrl_c(*args: str, port: int, cwd: Path) -> tuple[int, str, str]:
    """Start the server `tabletop ARGS` on `port`, press Ctrl-C once it listens: (status, stdout,
    stderr)."""
    from tests.tui.serve_support import wait_listening

    command = [sys.executable, "-m", "tabletop", "--rules", str(RULES), *args, "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_at_a_terminal
    )
    try:
        wait_listening(port)
        # Serving, not still starting: a page is answered (the server's handlers are in place).
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/", headers={"Host": f"127.0.0.1:{port}"})
                if connection.getresponse().status < 500:
                    break
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, err


def test_ctrl_c_stops_serve_as_it_says_with_status_0(tmp_path: Path) -> None:
    from tests.tui.serve_support import free_port

    status, out, err = _stopped_with_ctrl_c(
        "serve", "run", str(DRILL), "--session-dir", "s", port=free_port(), cwd=tmp_path
    )
    assert status == 0, err
    assert "(Ctrl+C stops)" in out.splitlines()[0]
    assert out.splitlines()[-1] == "Stopped serving the console: every page's console has ended."
    assert "Interrupted" not in err and "Traceback" not in err


def test_ctrl_c_stops_the_participants_page_as_it_says_with_status_0(tmp_path: Path) -> None:
    from tests.tui.serve_support import free_port
    from tabletop.rules import load_rules
    from tabletop.scenario import load_scenario
    from tabletop.session import Session

    corpus = load_rules(RULES)
    with Session.start(load_scenario(DRILL, corpus), corpus, session_dir=tmp_path / "s") as started:
        path = str(started.path)
    status, out, err = _stopped_with_ctrl_c("participants", "serve", path, port=free_port(), cwd=tmp_path)
    assert status == 0, err
    assert "(Ctrl+C stops)" in out.splitlines()[0]
    assert out.splitlines()[-1] == "Stopped serving the participants' page: every answer it acknowledged is recorded."
    assert "Interrupted" not in err and "Traceback" not in err
