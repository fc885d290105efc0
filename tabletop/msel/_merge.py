"""An imported workbook written into the scenario file it came from, the author's comments kept.

Called by `tabletop msel import -o FILE` when FILE exists. `merge_into` changes the file's text
only where the workbook's data differs (`tabletop.scenario.updated_scenario_text`, ruamel.yaml's
round trip), then checks that the new text validates into exactly the scenario the workbook
holds. When the file cannot be kept that way (it includes other files, uses anchors, has a
layout the round trip would change, or the check fails), `UpdateRefused` says why, and the
command writes beside the file instead of over it.
"""

from __future__ import annotations

from typing import Any

import yaml

from tabletop.errors import ScenarioError
from tabletop.msel._import import ImportedScenario
from tabletop.scenario import UpdateRefused, load_scenario_text, updated_scenario_text

__all__ = ["merge_into"]


def merge_into(existing: str, name: str, imported: ImportedScenario, corpus: Any) -> str:
    """The text of the scenario file `name` (now `existing`) holding the imported scenario, its
    comments and layout kept where nothing changed. Raises `UpdateRefused` with the reason."""
    data = yaml.load(imported.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    text = updated_scenario_text(existing, data)
    try:
        merged = load_scenario_text(text, name, corpus, files={})
    except ScenarioError:
        raise UpdateRefused("the merged file would not validate") from None
    if merged.scenario != imported.loaded.scenario:
        raise UpdateRefused("the merged file would not hold exactly the workbook's scenario")
    return text
