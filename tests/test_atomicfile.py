"""Files a person relies on are written whole or not at all."""

from __future__ import annotations

import pytest

from tabletop.atomicfile import atomic_write
from pathlib import Path


def test_replaces_the_old_file_only_when_the_new_one_is_complete(tmp_path: Path) -> None:
    target = tmp_path / "record.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("disk pulled out")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.jsonl"]

    with atomic_write(target) as stream:
        stream.write("new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.jsonl"]


def test_refuses_to_replace_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "scenario.yaml"
    with pytest.raises(FileExistsError), atomic_write(target, overwrite=False) as stream:
        target.write_text("theirs", encoding="utf-8")
        stream.write("mine")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


def test_writes_text_as_utf8_whatever_the_platform_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONIOENCODING", "latin-1")
    target = tmp_path / "out.txt"
    with atomic_write(target) as stream:
        stream.write("南海トラフ\n")
    assert target.read_bytes() == "南海トラフ\n".encode()


def test_an_existing_file_is_kept_when_overwrite_is_off(tmp_path: Path) -> None:
    target = tmp_path / "scenario.yaml"
    target.write_text("theirs", encoding="utf-8")
    with pytest.raises(FileExistsError), atomic_write(target, overwrite=False) as stream:
        stream.write("mine")
    assert target.read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]
