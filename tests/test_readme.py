"""The README's set-up commands are the ones that work: the first opens the console on a
bundled scenario, the second is exactly what continuous integration runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _set_up_commands() -> list[str]:
    section = README[README.index("## Set up") : README.index("\n## ", README.index("## Set up") + 1)]
    return [
        line for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines() if line.strip()
    ]


def _ci_commands() -> list[str]:
    return [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("python -m")
    ]


def test_the_first_command_runs_the_console_on_a_bundled_scenario() -> None:
    from tabletop.scenario import bundled_scenarios

    first = _set_up_commands()[0].split(" && ")
    assert first[-1].startswith("tabletop run ")
    scenario = shlex.split(first[-1])[2]
    assert scenario in {item.id for item in bundled_scenarios()}


def test_the_second_command_is_what_ci_runs() -> None:
    second = _set_up_commands()[1].split(" && ")
    ci = _ci_commands()
    tests = next(step for step in second if "pytest" in step)
    install = next(step for step in second if "pip install" in step)
    assert tests in ci, f"README runs `{tests}`; .ci/run runs {ci}"
    assert any(shlex.split(install)[-1] == shlex.split(step)[-1] and "pip install" in step for step in ci)


def test_the_tour_shows_the_console() -> None:
    tour = README[README.index("## A one-minute tour") :]
    images = re.findall(r"!\[[^\]]+\]\(([^)]+\.svg)\)", tour[: tour.index("\n## ", 3)])
    assert images and all((ROOT / image).is_file() for image in images)


def test_the_second_command_installs_postgresql_as_ci_does() -> None:
    """The journal's tests need PostgreSQL's server: the README installs it first, and so does CI."""
    second = _set_up_commands()[1].split(" && ")
    apt = [shlex.split(step) for step in second if "apt-get" in step]
    assert [words[-1] for words in apt] == ["update", "postgresql"]
    assert max(i for i, step in enumerate(second) if "apt-get" in step) < min(
        i for i, step in enumerate(second) if "pytest" in step
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install -y -qq postgresql" in ci and "export TABLETOP_CI=1" in ci
