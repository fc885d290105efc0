"""The term bank and the function table read back from the user's cache folder: the same as from
their text, validated and checked again, never trusted, and nothing kept when told not to.

The cache entry of a file is `$XDG_CACHE_HOME/tabletop/companion-<SHA-256 of its text>.json`:
its parsed data. The files are read from copies, whose modification time `touch` moves on so
that the next load reads the file again (a process remembers a file it has loaded by its time
and size), as a new process does.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tabletop.errors import RulesError
from tabletop.rules import (
    Corpus,
    FunctionTable,
    TermBank,
    functions_path_for,
    load_functions,
    load_terms,
    terms_path_for,
)
from tests.cache_support import parts, plant, rewrite


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TABLETOP_NO_CACHE", raising=False)
    return tmp_path / "xdg" / "tabletop"


@pytest.fixture
def copies(tmp_path: Path, corpus: Corpus) -> Iterator[tuple[Path, Path]]:
    terms, functions = tmp_path / "terms.yaml", tmp_path / "functions.yaml"
    shutil.copy(terms_path_for(corpus), terms)
    shutil.copy(functions_path_for(corpus), functions)
    yield terms, functions


def touch(*paths: Path) -> None:
    """As a new process: the next load reads these files again."""
    for path in paths:
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def terms(corpus: Corpus, copies: tuple[Path, Path]) -> TermBank:
    return load_terms(corpus, copies[0])


def functions(corpus: Corpus, copies: tuple[Path, Path]) -> FunctionTable:
    return load_functions(corpus, copies[1])


def entry(folder: Path, corpus: Corpus, copies: tuple[Path, Path]) -> tuple[Path, dict[str, Any], dict[str, Any]]:
    """The term bank's entry: its path, header and data (loaded once, so that it is written)."""
    terms(corpus, copies)
    path = folder / f"companion-{hashlib.sha256(copies[0].read_bytes()).hexdigest()}.json"
    header, payload = parts(path)
    return path, header, json.loads(payload)


def test_the_term_bank_and_function_table_read_back_are_what_their_text_gives(
    folder: Path, corpus: Corpus, copies: tuple[Path, Path]
) -> None:
    fresh_terms, fresh_functions = terms(corpus, copies), functions(corpus, copies)
    assert len(list(folder.glob("companion-*.json"))) == 2
    touch(*copies)
    again_terms, again_functions = terms(corpus, copies), functions(corpus, copies)
    assert again_terms is not fresh_terms  # read again, from the cache
    assert again_terms.terms == fresh_terms.terms and again_terms.sha256 == fresh_terms.sha256
    found = again_terms.find("PAC-3 batteries and an Aegis destroyer")
    assert [match.term.name for match in found] == ["PAC-3", "Aegis"]
    assert again_functions.functions == fresh_functions.functions


def test_what_is_read_back_is_used_and_still_checked(folder: Path, corpus: Corpus, copies: tuple[Path, Path]) -> None:
    path, header, data = entry(folder, corpus, copies)
    data["terms"][0]["meaning"] = "Read from the cache."
    rewrite(path, header, json.dumps(data).encode())
    touch(*copies)
    assert terms(corpus, copies).terms[0].meaning == "Read from the cache."  # the entry is used...
    data["terms"][0]["tags"] = ["no_such_tag"]
    rewrite(path, header, json.dumps(data).encode())
    touch(*copies)
    with pytest.raises(RulesError, match="unknown tag 'no_such_tag'"):  # ...and checked as the text is
        terms(corpus, copies)


def test_an_entry_planted_without_the_key_or_for_another_version_is_not_used(
    folder: Path, corpus: Corpus, copies: tuple[Path, Path]
) -> None:
    path, header, data = entry(folder, corpus, copies)
    first = data["terms"][0]["meaning"]
    data["terms"][0]["meaning"] = "Planted."
    plant(path, header, json.dumps(data).encode())
    touch(*copies)
    assert terms(corpus, copies).terms[0].meaning == first
    rewrite(path, {**header, "tabletop": "0.0.1"}, json.dumps(data).encode())
    touch(*copies)
    assert terms(corpus, copies).terms[0].meaning == first


def test_no_cache_keeps_nothing(
    folder: Path, corpus: Corpus, copies: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TABLETOP_NO_CACHE", "1")
    terms(corpus, copies)
    functions(corpus, copies)
    assert not folder.exists() or not list(folder.glob("companion-*"))
