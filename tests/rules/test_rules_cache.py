"""The compiled rules in the user's cache folder: used only when it is exactly right, never trusted.

Each test points `XDG_CACHE_HOME` at its own folder; the cache file of a rules text is
`$XDG_CACHE_HOME/tabletop/rules-<SHA-256 of the text>.json`, a JSON header line, then the
checked rules as JSON. The cache saves time and nothing else: a damaged, edited or outdated
file is ignored (the rules are read from their text) and replaced. A file that is used shows
through: a forged title in a file otherwise right comes out in the corpus, which is how these
tests tell a file used from a file ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cache_support import parts, plant, rewrite

from tabletop.errors import RulesError
from tabletop.rules import default_rules_path, load_rules_text
from tests.conftest import RunCli

TEXT = default_rules_path().read_text(encoding="utf-8")
SHA = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
TITLE = load_rules_text(TEXT, "rules.yaml").rules.clauses[0].title
FORGED = "Forged title"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "tabletop" / f"rules-{SHA}.json"


def first_title() -> str:
    return load_rules_text(TEXT, "rules.yaml").rules.clauses[0].title


def forge(path: Path, *, header: dict[str, object] | None = None, signed: bool = True, data: object = None) -> None:
    """Rewrite the cache file with the first clause's title forged (and `header` fields changed):
    `signed` as the user's own process would (with the folder's key), else as a stranger would."""
    old_header, payload = parts(path)
    if data is None:
        compiled = json.loads(payload)
        compiled["clauses"][0]["title"] = FORGED
        data = compiled
    (rewrite if signed else plant)(path, {**old_header, **(header or {})}, json.dumps(data).encode())


def test_the_first_load_writes_the_compiled_rules_and_they_equal_the_text(cache: Path) -> None:
    fresh = load_rules_text(TEXT, "rules.yaml")
    assert cache.is_file()
    cached = load_rules_text(TEXT, "rules.yaml")
    assert cached.rules == fresh.rules
    assert (cached.sha256, cached.text, list(cached.ids)) == (fresh.sha256, fresh.text, list(fresh.ids))


def test_a_file_exactly_right_is_used_and_shows_through(cache: Path) -> None:
    first_title()
    forge(cache)
    assert first_title() == FORGED


def test_another_process_reads_what_this_one_compiled(cache: Path) -> None:
    first_title()
    forge(cache)
    code = (
        "from tabletop.rules import load_rules_text\nimport sys\n"
        "print(load_rules_text(open(sys.argv[1], encoding='utf-8').read(), 'r').rules.clauses[0].title)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parents[1])}
    result = subprocess.run(
        [sys.executable, "-c", code, str(default_rules_path())],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
        check=True,
    )
    assert result.stdout.strip() == FORGED


def test_an_edited_file_whose_digest_no_longer_matches_is_not_used_and_is_rewritten(cache: Path) -> None:
    first_title()
    good = cache.read_bytes()
    _, payload = parts(cache)
    cache.write_bytes(good.replace(payload, payload.replace(TITLE.encode(), FORGED.encode(), 1)))
    assert first_title() == TITLE
    assert cache.read_bytes() == good


def test_an_entry_planted_without_the_key_is_never_used_however_right_its_header(cache: Path, run_cli: RunCli) -> None:
    first_title()
    good = cache.read_bytes()
    forge(cache, signed=False)  # the format is public and the header predictable; the key is not
    assert first_title() == TITLE
    assert cache.read_bytes() == good
    forge(cache, signed=False)
    status, out, _ = run_cli("clauses", "show", "I")
    assert status == 0 and FORGED not in out


def test_an_edited_file_with_a_right_digest_still_passes_every_check_or_is_not_used(cache: Path) -> None:
    first_title()
    data = json.loads(parts(cache)[1])
    data["clauses"][0]["title"] = FORGED
    data["clauses"][0]["tags"] = ["no_such_tag"]  # the models accept it; the consistency checks do not
    forge(cache, data=data)
    assert first_title() == TITLE
    data["clauses"][0]["tags"] = []
    data["clauses"][0]["unknown_field"] = 1  # and what the models refuse is refused too
    forge(cache, data=data)
    assert first_title() == TITLE


@pytest.mark.parametrize("damage", [b"", b"\x00\xff garbage", b"{not json\n{}", b"{}\n{}", b"[]\n[]"])
def test_a_damaged_file_is_ignored_and_rebuilt(cache: Path, damage: bytes) -> None:
    first_title()
    good = cache.read_bytes()
    cache.write_bytes(damage)
    assert first_title() == TITLE
    assert cache.read_bytes() == good


def test_a_truncated_file_is_ignored(cache: Path) -> None:
    first_title()
    cache.write_bytes(cache.read_bytes()[:-100])
    assert first_title() == TITLE


@pytest.mark.parametrize(
    "field, value",
    [
        ("tabletop", "0.0.1"),
        ("python", "2.7.18"),
        ("pydantic", "1.10.0"),
        ("format", 0),
        ("rules_sha256", "0" * 64),
        ("modules", []),
    ],
)
def test_a_file_compiled_by_another_version_or_other_code_is_not_used(cache: Path, field: str, value: object) -> None:
    first_title()
    forge(cache, header={field: value})
    assert first_title() == TITLE


def test_an_upgrade_of_tabletop_leaves_what_the_older_version_compiled_unused(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tabletop.version

    first_title()
    forge(cache)  # exactly right for the version that wrote it: it shows through
    assert first_title() == FORGED
    monkeypatch.setattr(tabletop.version, "__version__", "99.0.0")
    assert first_title() == TITLE
    header, _ = parts(cache)
    assert header["tabletop"] == "99.0.0"  # rewritten by the version now installed


def test_the_cache_names_the_version_the_package_was_installed_as(cache: Path) -> None:
    from importlib.metadata import version

    first_title()
    header, _ = parts(cache)
    assert header["tabletop"] == version("tabletop")


def test_changed_rules_text_is_read_from_the_text(cache: Path) -> None:
    first_title()
    forge(cache)
    changed = TEXT.replace(TITLE, "A changed title", 1)
    assert load_rules_text(changed, "rules.yaml").rules.clauses[0].title == "A changed title"
    assert len(list(cache.parent.glob("rules-*.json"))) == 2


def test_broken_rules_are_reported_and_never_cached(cache: Path) -> None:
    broken = TEXT.replace("tags:", "tagz:", 1)
    with pytest.raises(RulesError):
        load_rules_text(broken, "rules.yaml")
    assert not cache.parent.exists() or not list(cache.parent.iterdir())


def test_a_cache_folder_that_cannot_be_created_just_skips_caching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert first_title() == TITLE
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(os.geteuid() == 0, reason="permissions do not bind the superuser")
def test_a_read_only_cache_folder_just_skips_caching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "xdg" / "tabletop"
    folder.mkdir(parents=True)
    folder.chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    try:
        assert first_title() == TITLE
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_a_relative_xdg_cache_home_is_ignored_as_the_spec_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    first_title()
    assert not (tmp_path / "relative").exists()
    assert (tmp_path / "home" / ".cache" / "tabletop" / f"rules-{SHA}.json").is_file()


def test_a_cache_file_is_written_whole_or_not_at_all(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    assert first_title() == TITLE
    assert list(cache.parent.iterdir()) == []


def test_tabletop_no_cache_reads_and_writes_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first_title()
    forge(cache)
    monkeypatch.setenv("TABLETOP_NO_CACHE", "1")
    assert first_title() == TITLE  # the forged file is not read
    cache.unlink()
    first_title()
    assert not cache.exists()  # nor written


def test_the_no_cache_option_turns_the_cache_off_for_the_command(
    cache: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def rules_file(title: str) -> tuple[Path, Path]:
        text = TEXT.replace(TITLE, title, 1)
        path = tmp_path / f"{title}.yaml"
        path.write_text(text, encoding="utf-8")
        return path, cache.parent / f"rules-{hashlib.sha256(text.encode('utf-8')).hexdigest()}.json"

    monkeypatch.setenv("TABLETOP_NO_CACHE", "")  # off; and put back as it was after the test
    cached, cached_entry = rules_file("Cached")
    assert run_cli("--rules", str(cached), "clauses", "show", "I")[0] == 0
    assert cached_entry.is_file()
    uncached, uncached_entry = rules_file("Uncached")
    status, out, err = run_cli("--no-cache", "--rules", str(uncached), "clauses", "show", "I")
    assert status == 0, err
    assert "Uncached" in out
    assert not uncached_entry.exists()


def test_an_entry_nested_deeper_than_python_parses_is_a_miss_not_a_traceback(cache: Path, run_cli: RunCli) -> None:
    first_title()
    header, _ = parts(cache)
    rewrite(cache, header, b"[" * 200_000 + b"]" * 200_000)
    assert first_title() == TITLE
    status, out, err = run_cli("clauses", "show", "I")
    assert status == 0 and TITLE in out and "Traceback" not in err


def test_an_entry_that_is_a_named_pipe_is_skipped_without_waiting(cache: Path) -> None:
    first_title()
    cache.unlink()
    os.mkfifo(cache)
    result = subprocess.run(
        [sys.executable, "-m", "tabletop", "clauses", "show", "I"],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache.parents[1])},
        cwd=Path(__file__).parents[2],
        timeout=60,  # opening a FIFO for reading would wait for a writer for ever
    )
    assert result.returncode == 0, result.stderr
    assert TITLE in result.stdout


@pytest.mark.parametrize("mode", [0o755, 0o770, 0o707])
def test_a_cache_folder_others_may_enter_is_not_used_nor_written(cache: Path, mode: int) -> None:
    first_title()
    forge(cache)  # an entry exactly right, signed: it would show through if the folder were used
    cache.parent.chmod(mode)
    try:
        assert first_title() == TITLE
        other = TEXT.replace(TITLE, "Another title", 1)
        load_rules_text(other, "rules.yaml")
        assert len(list(cache.parent.glob("rules-*.json"))) == 1  # nothing written there either
    finally:
        cache.parent.chmod(0o700)


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs the superuser")
def test_a_cache_folder_of_another_user_is_not_used(cache: Path) -> None:
    first_title()
    forge(cache)
    os.chown(cache.parent, 65534, 65534)  # nobody's
    try:
        assert first_title() == TITLE
    finally:
        os.chown(cache.parent, 0, 0)


def test_a_cache_folder_that_is_a_link_is_not_used(cache: Path, tmp_path: Path) -> None:
    first_title()
    forge(cache)
    moved = tmp_path / "elsewhere"
    cache.parent.rename(moved)
    cache.parent.symlink_to(moved)
    assert first_title() == TITLE
