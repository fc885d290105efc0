"""`tabletop status` names the seats that recorded into a session and what each recorded, in text
and in JSON, and reads a session in a database exactly as the same session in a file: the seats,
the prompts and the participants' answers included."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tabletop.participants import IssuedSeat, issue_seats
from tabletop.rules import Corpus
from tabletop.scenario import bundled_scenarios_dir, load_scenario
from tabletop.session import (
    AnswerPrompt,
    ClaimSeat,
    ClosePrompt,
    Command,
    Committed,
    Decide,
    Note,
    OpenPrompt,
    Rate,
    RevokeSeat,
    Seat,
    Session,
    SessionDatabase,
    import_jsonl,
    seat_code_digest,
    write_jsonl,
)


EVALUATOR = Seat(role="evaluator", name="Aiko Tanaka")
RECORDER = Seat(role="recorder", cell="us", name="Chris Park")


@pytest.fixture
def seminar(corpus: Corpus, tmp_path: Path) -> Path:
    """A session file recorded from three seats, with a question the cells answered on the
    participants' page and on paper."""
    scenario = load_scenario(bundled_scenarios_dir() / "southwest_islands.yaml", corpus)
    started = Session.start(scenario, corpus, session_dir=tmp_path / "sessions", facilitator="Kenji Sato")
    path = Path(started.path)
    started.deliver_next()
    started.note("The JCG liaison asked who chairs the ACM")
    prompt = started.execute(OpenPrompt(expected_seq=started.state.last_seq, kind="question", text="Who leads?"))
    prompt_id = prompt.event.payload.prompt  # type: ignore[union-attr]
    (japan,) = issue_seats(started, {"japan": 1}, valid_for=timedelta(hours=4))
    started.execute(
        AnswerPrompt(expected_seq=started.state.last_seq, prompt=prompt_id, text="The Coast Guard"),
        seat=Seat(role="participant", cell="japan", name=japan.seat),
    )
    started.execute(AnswerPrompt(expected_seq=started.state.last_seq, prompt=prompt_id, for_cell="us", text="Japan"))
    started.close()
    for seat, command in (
        (
            EVALUATOR,
            lambda seq: Rate(expected_seq=seq, inject="fleet_sighted", action="a1", rating="S", observation="quick"),
        ),
        (EVALUATOR, lambda seq: Note(expected_seq=seq, text="Liaison arrived late")),
        (RECORDER, lambda seq: Decide(expected_seq=seq, decided_by="US cell", decision="Share ISR")),
    ):
        with Session.open(path, seat=seat) as other:
            assert type(other.execute(command(other.snapshot().seq))).__name__ == "Committed"
    return path


def test_status_names_each_seat_and_what_it_recorded(run_cli: RunCli, seminar: Path) -> None:
    status, out, err = run_cli("status", str(seminar))
    assert status == 0, err
    lines = out.splitlines()
    start = lines.index("recorded by 3 seats")
    assert lines[start + 1].startswith("            facilitator (Kenji Sato): 1 note, ")
    assert lines[start + 2 : start + 4] == [
        "            evaluator (Aiko Tanaka): 1 note, 1 rating",
        "            recorder, cell us (Chris Park): 1 decision",
    ]
    status, out, err = run_cli("status", str(seminar), "--format", "json")
    assert status == 0, err
    seats = json.loads(out)["recorded_by"]
    assert [(s["role"], s["cell"], s["name"], s["notes"], s["decisions"], s["ratings"]) for s in seats] == [
        ("facilitator", None, "Kenji Sato", 1, 0, 0),
        ("evaluator", None, "Aiko Tanaka", 1, 0, 1),
        ("recorder", "us", "Chris Park", 0, 1, 0),
    ]
    assert seats[1]["seat"] == "evaluator (Aiko Tanaka)"
    assert all(s["role"] != "participant" for s in seats)  # the cells' answers are counted by cell


def test_status_of_a_session_in_a_database_is_the_status_of_the_same_session_in_a_file(
    run_cli: RunCli, seminar: Path, database_url: str, tmp_path: Path
) -> None:
    exported = tmp_path / "seminar.jsonl"
    with open(exported, "w", encoding="utf-8") as stream:
        write_jsonl(seminar, stream)
    import_jsonl(exported, database=SessionDatabase(database_url))
    session_id = seminar.name.removesuffix(".ttx.sqlite")
    for extra in ((), ("--full",)):
        status, from_file, err = run_cli("status", str(seminar), *extra)
        assert status == 0, err
        status, from_database, err = run_cli("status", session_id, "--db", database_url, *extra)
        assert status == 0, err

        def without_file(text: str) -> list[str]:
            """The lines, less the file's and the import's (which the copy imported has, wrapped)."""
            lines = [line for line in text.splitlines() if not line.startswith("file ")]
            if lines[1].startswith("imported "):
                scenario = next(n for n, line in enumerate(lines) if line.startswith("scenario "))
                del lines[1:scenario]
            return lines

        assert "imported from seminar.jsonl on " in " ".join(from_database.split())
        assert without_file(from_database) == without_file(from_file)
        if extra:
            assert "japan (japan-1): The Coast Guard" in from_database
            assert "us (on paper): Japan" in from_database
    status, out, err = run_cli("status", session_id, "--db", database_url, "--format", "json")
    assert status == 0, err
    from_database_json = json.loads(out)
    status, out, err = run_cli("status", str(seminar), "--format", "json")
    from_file_json = json.loads(out)
    assert from_database_json.pop("file") != from_file_json.pop("file")
    assert from_database_json.pop("imported")["from"] == "seminar.jsonl" and from_file_json.pop("imported") is None
    assert from_database_json == from_file_json
    assert [a["text"] for a in from_database_json["prompts"][0]["answers"]] == ["The Coast Guard", "Japan"]


def test_status_counts_no_prompt_open_once_the_session_has_ended(run_cli: RunCli, seminar: Path) -> None:
    status, out, err = run_cli("status", str(seminar))
    assert status == 0, err
    assert "1 (1 open)" in out
    with Session.open(seminar) as session:
        session.end("Thank you all")
    status, out, err = run_cli("status", str(seminar))
    assert status == 0, err
    assert "1 (0 open)" in out and "1 (1 open)" not in out
    status, out, err = run_cli("status", str(seminar), "--format", "json")
    assert status == 0, err
    assert [p["open"] for p in json.loads(out)["prompts"]] == [False]


@pytest.fixture
def room(corpus: Corpus, tmp_path: Path) -> Path:
    """A session file begun six hours ago: a jcg seat issued for an hour (expired since), three
    japan seats (one claimed by a device, one revoked after it answered), a question still open
    answered from seats and on paper, and a poll closed."""
    scenario = load_scenario(bundled_scenarios_dir() / "southwest_islands.yaml", corpus)
    moments = [datetime.now(UTC) - timedelta(hours=6)]
    started = Session.start(scenario, corpus, session_dir=tmp_path / "sessions", clock=lambda: moments[-1])
    path = Path(started.path)
    started.deliver_next()
    (jcg,) = issue_seats(started, {"jcg": 1}, valid_for=timedelta(hours=1))
    first, second, third = issue_seats(started, {"japan": 3}, valid_for=timedelta(hours=12))

    def as_seat(issued: IssuedSeat) -> Seat:
        return Seat(role="participant", cell=issued.cell, name=issued.seat)

    def run(command: Command, seat: Seat | None = None) -> None:
        assert isinstance(started.execute(command, seat=seat), Committed)

    run(OpenPrompt(expected_seq=started.state.last_seq, kind="poll", text="Escort?", options=("Yes", "No")))
    run(OpenPrompt(expected_seq=started.state.last_seq, kind="question", text="Who leads?"))
    device = hashlib.sha256(b"a device's token").hexdigest()
    run(
        ClaimSeat(
            expected_seq=started.state.last_seq,
            seat=first.seat,
            device_sha256=device,
            code_sha256=seat_code_digest(first.code),
        ),
        as_seat(first),
    )
    for issued, text in ((first, "The Coast Guard"), (second, "The JSDF"), (jcg, "The JCG")):
        run(AnswerPrompt(expected_seq=started.state.last_seq, prompt="p2", text=text), as_seat(issued))
    run(AnswerPrompt(expected_seq=started.state.last_seq, prompt="p2", for_cell="local", text="The prefecture"))
    run(ClosePrompt(expected_seq=started.state.last_seq, prompt="p1"))
    moments.append(datetime.now(UTC))
    run(RevokeSeat(expected_seq=started.state.last_seq, seat=second.seat))
    started.close()
    assert third.seat == "japan-3"
    return path


def test_status_says_where_each_seat_stands_and_whether_a_device_claimed_it(run_cli: RunCli, room: Path) -> None:
    status, out, err = run_cli("status", str(room))
    assert status == 0, err
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("seats "))
    assert (
        lines[start]
        == "seats       4 on the participants' page (2 standing, 1 claimed by a device; 1 revoked; 1 expired)"
    )
    seats = [line.strip() for line in lines[start + 1 : start + 5]]
    assert seats[0].startswith("jcg-1 (jcg): expired at ")
    assert seats[1].startswith("japan-1 (japan): claimed by a device at ") and ", until " in seats[1]
    assert seats[2].startswith("japan-2 (japan): revoked at ")
    assert seats[3].startswith("japan-3 (japan): card not used yet, until ")
    status, out, err = run_cli("status", str(room), "--format", "json")
    assert status == 0, err
    data = json.loads(out)
    assert [(s["seat"], s["standing"], s["claimed"]) for s in data["seats"]] == [
        ("jcg-1", "expired", False),
        ("japan-1", "standing", True),
        ("japan-2", "revoked", False),
        ("japan-3", "standing", False),
    ]
    assert "code_sha256" not in out and "device_sha256" not in out


def test_status_counts_the_open_prompts_answers_as_the_console_does(run_cli: RunCli, room: Path) -> None:
    status, out, err = run_cli("status", str(room), "--full")
    assert status == 0, err
    lines = [line.strip() for line in out.splitlines()]
    start = lines.index("p2 question [open] Who leads?: 4 answer(s) (japan 2, jcg 1, local 1)")
    assert lines[start + 1 : start + 8] == [
        "japan: 1/2 seats answered, 1 from a seat revoked since",
        "jcg: 1 from a seat expired since",
        "local: 1 on paper",
        "japan (japan-1): The Coast Guard",
        "japan (japan-2, revoked since): The JSDF",
        "jcg (jcg-1, expired since): The JCG",
        "local (on paper): The prefecture",
    ]
    # A closed prompt is not counted again: its answers are what the report shows.
    assert lines[lines.index("p1 poll [closed] Escort?: 0 answer(s); votes 0/0") + 1].startswith("p2 ")
    status, out, err = run_cli("status", str(room), "--format", "json")
    data = json.loads(out)
    assert data["open_prompts"] == ["p2"] and data["counts"]["open_prompts"] == 1
    (poll, question) = data["prompts"]
    assert [(c["cell"], c["summary"]) for c in poll["by_cell"]] == [("japan", "0/2 seats answered")]
    assert [a["standing"] for a in question["answers"]] == ["standing", "revoked", "expired", "paper"]
    assert [(c["cell"], c["seats"], c["answered"], c["summary"]) for c in question["by_cell"]] == [
        ("japan", 2, 2, "1/2 seats answered, 1 from a seat revoked since"),
        ("jcg", 0, 1, "1 from a seat expired since"),
        ("local", 0, 1, "1 on paper"),
    ]
    # The keys a script read before are all still there, with what they said.
    assert set(question) >= {"prompt", "kind", "text", "cells", "inject", "options", "open", "revealed", "answers"}
    assert question["answers"][1]["seat"] == "japan-2" and question["open"] is True
