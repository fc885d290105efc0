"""The "did you mean" every mistyped name is answered with, and the session folder look-up."""

import os

from tabletop.errors import close_matches, did_you_mean
from tabletop.session import SESSION_DIR_ENV, session_folder, session_ids
from pathlib import Path
import pytest


def test_did_you_mean_quotes_each_suggestion_and_is_empty_without_one() -> None:
    assert did_you_mean(["attack", "anticipated_attack"]) == "; did you mean 'attack' or 'anticipated_attack'?"
    assert did_you_mean([]) == ""


def test_close_matches_ranks_the_nearest_spelling_first_and_drops_distant_ones() -> None:
    assert close_matches("atack", ["peacetime", "attack", "anticipated_attack"])[0] == "attack"
    assert close_matches("zzz", ["peacetime", "attack"]) == []


def test_session_folder_is_the_given_one_else_the_environment_else_sessions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(SESSION_DIR_ENV, raising=False)
    assert session_folder(tmp_path) == tmp_path
    assert str(session_folder(None)) == "sessions"
    monkeypatch.setenv(SESSION_DIR_ENV, str(tmp_path / "elsewhere"))
    assert session_folder(None) == tmp_path / "elsewhere"


def test_session_ids_lists_session_files_oldest_first_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    for n, name in enumerate(["b.ttx.sqlite", "a.ttx.sqlite", ".hidden.ttx.sqlite", "notes.txt"]):
        (tmp_path / name).write_text("")
        os.utime(tmp_path / name, (1_000_000 + n, 1_000_000 + n))
    assert session_ids(tmp_path) == ["b", "a"]
    assert session_ids(tmp_path / "missing") == []
