"""`tabletop status` names the seats that recorded into a session and what each recorded, in text
and in JSON, and reads a session in a database exactly as the same session in a file: the seats,
the prompts and the participants' answers included."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tabletop.participants import issue_seats
from tabletop.rules import Corpus
from tabletop.scenario import bundled_scenarios_dir, load_scenario
from tabletop.session import (
    AnswerPrompt,
    Decide,
    Note,
    OpenPrompt,
    Rate,
    Seat,
    Session,
    SessionDatabase,
    import_jsonl,
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
            return [line for line in text.splitlines() if not line.startswith("file ")]

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
