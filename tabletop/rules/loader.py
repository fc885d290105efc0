"""Finding, reading and checking the rules file.

Called by every command that needs the corpus (through `load_rules`). It owns
the checks that pydantic cannot express: unique ids, ids that extend their
parent's, tags from the vocabulary, and phases and transitions that name real
clauses and phases. Each problem is reported with the file, line and the
offending id; a broken rules file is never half-loaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pydantic

from tabletop import yamlsource
from tabletop.errors import Diagnostic, MissingFileError, RulesError
from tabletop.rules.corpus import Corpus
from tabletop.rules.models import ClauseNode, RulesFile

__all__ = ["RULES_FILENAME", "default_rules_path", "load_rules"]

RULES_FILENAME = "guidelines_phases.yaml"


def default_rules_path() -> Path:
    """The rules file shipped with the package, or the checkout's `rules/` when run from source."""
    packaged = resources.files("tabletop") / "_data" / "rules" / RULES_FILENAME
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "rules" / RULES_FILENAME


def load_rules(path: str | Path | None = None) -> Corpus:
    """Load and check a rules file (the bundled one by default)."""
    path = Path(path) if path is not None else default_rules_path()
    resolved = path.resolve()
    try:
        stat = resolved.stat()
    except OSError:
        raise MissingFileError(f"{path}: no such rules file") from None
    return _load_cached(resolved, stat.st_mtime_ns, stat.st_size, str(path))


@lru_cache(maxsize=8)
def _load_cached(path: Path, _mtime: int, _size: int, shown: str) -> Corpus:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MissingFileError(f"{shown}: cannot read the rules file ({exc.strerror})") from None
    try:
        text = yamlsource.decode(data, shown)
        raw = yamlsource.load(text, shown)
    except yamlsource.YamlLoadError as exc:
        raise RulesError(exc.diagnostics) from None
    try:
        rules = RulesFile.model_validate(raw)
    except pydantic.ValidationError as exc:
        raise RulesError(yamlsource.validation_diagnostics(exc, text, shown, RulesFile)) from None
    problems = [
        Diagnostic(shown, *yamlsource.locate(text, loc), message)
        for loc, message in _consistency_problems(rules)
    ]
    if problems:
        raise RulesError(problems)
    return Corpus(rules=rules, path=path, sha256=hashlib.sha256(data).hexdigest(), text=text)


def _walk(
    nodes: list[ClauseNode], loc: tuple, parent: str | None
) -> Iterator[tuple[ClauseNode, tuple, str | None]]:
    for index, node in enumerate(nodes):
        here = (*loc, index)
        yield node, here, parent
        yield from _walk(node.children, (*here, "children"), node.id)


def _consistency_problems(rules: RulesFile) -> Iterator[tuple[tuple, str]]:
    """Yield (location, message) for every cross-reference the models cannot check alone."""
    seen: dict[str, tuple] = {}
    for node, loc, parent in _walk(rules.clauses, ("clauses",), None):
        if node.id in seen:
            yield (*loc, "id"), f"clause {node.id}: duplicate id (already used above)"
        seen[node.id] = loc
        if parent is None and "." in node.id:
            yield (*loc, "id"), f"clause {node.id}: a chapter's id must be a roman numeral alone"
        if parent is not None and (
            not node.id.startswith(parent + ".") or "." in node.id[len(parent) + 1 :]
        ):
            yield (*loc, "id"), (
                f"clause {node.id}: its id must extend its parent's ({parent}) by one step, "
                f"e.g. {parent}.<x>"
            )
        for index, tag in enumerate(node.tags):
            if tag not in rules.tags:
                yield (*loc, "tags", index), (
                    f"clause {node.id}: unknown tag {tag!r}; add it to `tags` or use one of: "
                    f"{', '.join(sorted(rules.tags))}"
                )

    regions = {region.id for region in rules.regions}
    slugs: set[str] = set()
    for p_index, phase in enumerate(rules.phases):
        loc = ("phases", p_index)
        if phase.slug in slugs:
            yield (*loc, "slug"), f"phase {phase.slug}: duplicate slug"
        slugs.add(phase.slug)
        if phase.region not in regions:
            yield (*loc, "region"), f"phase {phase.slug}: unknown region {phase.region!r}"
        for index, clause_id in enumerate(phase.defined_by):
            if clause_id not in seen:
                yield (*loc, "defined_by", index), f"phase {phase.slug}: unknown clause {clause_id}"
        for a_index, rule in enumerate(phase.applies):
            for index, clause_id in enumerate(rule.clauses):
                if clause_id not in seen:
                    yield (*loc, "applies", a_index, "clauses", index), (
                        f"phase {phase.slug}: unknown clause {clause_id}"
                    )
    for r_index, region in enumerate(rules.regions):
        if region.initial is not None and region.initial not in slugs:
            yield ("regions", r_index, "initial"), f"region {region.id}: unknown phase {region.initial!r}"

    triggers: dict[tuple[str, str], int] = {}
    for t_index, transition in enumerate(rules.transitions):
        loc = ("transitions", t_index)
        for index, source in enumerate(transition.source):
            if source not in slugs:
                yield (*loc, "source", index), (
                    f"transition {transition.trigger}: unknown phase {source!r}"
                )
            key = (transition.trigger, source)
            if key in triggers:
                yield (*loc, "source", index), (
                    f"transition {transition.trigger}: already defined from {source}"
                )
            triggers[key] = t_index
        if transition.dest is not None and transition.dest not in slugs:
            yield (*loc, "dest"), f"transition {transition.trigger}: unknown phase {transition.dest!r}"
        gate_ids: set[str] = set()
        for g_index, gate in enumerate(transition.gates):
            if gate.id in gate_ids:
                yield (*loc, "gates", g_index, "id"), (
                    f"transition {transition.trigger}: duplicate gate {gate.id!r}"
                )
            gate_ids.add(gate.id)
