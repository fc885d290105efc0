"""The term bank and the function table read back from the user's cache folder: the same as from
their text, validated and checked again, never trusted, and nothing kept when told not to.

The cache entry of a file is `$XDG_CACHE_HOME/tabletop/companion-<SHA-256 of its text>.json`:
its parsed data. A process's own copy of a loaded file is forgotten between loads here
(`forget`), as a new process starts without one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from tabletop.errors import RulesError
from tabletop.rules import Corpus, load_functions, load_terms, terms_path_for
from tabletop.rules import _companion
from tests.cache_support import parts, plant, rewrite


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TABLETOP_NO_CACHE", raising=False)
    forget()
    yield tmp_path / "xdg" / "tabletop"
    forget()


def forget() -> None:
    """As a new process: no term bank or function table loaded yet."""
    with _companion._cache_lock:
        _companion._cache.clear()


def entry(folder: Path, corpus: Corpus) -> tuple[Path, dict[str, object], dict[str, Any]]:
    """The term bank's entry: its path, header and data (loaded once, so that it is written)."""
    load_terms(corpus)
    text = terms_path_for(corpus).read_bytes()
    path = folder / f"companion-{hashlib.sha256(text).hexdigest()}.json"
    header, payload = parts(path)
    return path, header, json.loads(payload)


def test_the_term_bank_and_function_table_read_back_are_what_their_text_gives(folder: Path, corpus: Corpus) -> None:
    fresh_terms, fresh_functions = load_terms(corpus), load_functions(corpus)
    assert len(list(folder.glob("companion-*.json"))) == 2
    forget()
    terms, functions = load_terms(corpus), load_functions(corpus)
    assert terms.terms == fresh_terms.terms and terms.sha256 == fresh_terms.sha256
    assert [m.term.name for m in terms.find("PAC-3 batteries and an Aegis destroyer")] == ["PAC-3", "Aegis"]
    assert functions.functions == fresh_functions.functions


def test_what_is_read_back_is_used_and_still_checked(folder: Path, corpus: Corpus) -> None:
    path, header, data = entry(folder, corpus)
    data["terms"][0]["meaning"] = "Read from the cache."
    rewrite(path, header, json.dumps(data).encode())
    forget()
    assert load_terms(corpus).terms[0].meaning == "Read from the cache."  # the entry is used...
    data["terms"][0]["tags"] = ["no_such_tag"]
    rewrite(path, header, json.dumps(data).encode())
    forget()
    with pytest.raises(RulesError, match="unknown tag 'no_such_tag'"):  # ...and checked as the text is
        load_terms(corpus)


def test_an_entry_planted_without_the_key_or_for_another_version_is_not_used(folder: Path, corpus: Corpus) -> None:
    path, header, data = entry(folder, corpus)
    first = data["terms"][0]["meaning"]
    data["terms"][0]["meaning"] = "Planted."
    plant(path, header, json.dumps(data).encode())
    forget()
    assert load_terms(corpus).terms[0].meaning == first
    rewrite(path, {**header, "tabletop": "0.0.1"}, json.dumps(data).encode())
    forget()
    assert load_terms(corpus).terms[0].meaning == first


def test_no_cache_keeps_nothing(folder: Path, corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TABLETOP_NO_CACHE", "1")
    load_terms(corpus)
    load_functions(corpus)
    assert not folder.exists() or not list(folder.glob("companion-*"))
