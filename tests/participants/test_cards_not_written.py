"""`participants seats` stopped by a full disk after issuing its seats: the seats stand, their
codes exist nowhere, so the error says which seats have no card and the command that gives them
new ones (Ctrl-C at each point: tests/test_cli_interrupt.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.conftest import RunCli

import tabletop.outputs
from tabletop.errors import OutputError
from tabletop.session import Session


def test_a_full_disk_after_the_seats_are_issued_names_them_and_the_command_for_new_cards(
    session: Session, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(session.path)
    session.close()

    def full_disk(target: str, *args: Any, **kwargs: Any) -> Path:
        raise OutputError(f"{target}: could not write the sheet of seat cards (No space left on device)")

    monkeypatch.setattr(tabletop.outputs, "write_output", full_disk)
    cards = str(tmp_path / "cards.html")
    url = "http://192.168.10.5:8090"
    status, out, err = run_cli("participants", "seats", path, "--cell", "us=2", "--url", url, "-o", cards)
    assert (status, out) == (1, "")
    assert err.strip() == (
        f"tabletop: error: {cards}: could not write the sheet of seat cards (No space left on device). "
        f"Seats us-1, us-2 were issued, but their cards were not written to {cards}: their codes are nowhere "
        "else (the session keeps only their digests). To give those seats new cards: "
        f"`tabletop participants seats {path} --seat us-1 --seat us-2 --url {url} -o {cards}`."
    )
    with Session.open(path, readonly=True) as reader:
        assert [seat.seat for seat in reader.state.seats] == ["us-1", "us-2"]
