"""The standard text a scenario may leave out: the seminar's ground rules and its assumptions.

HSEEP's Situation Manual carries the same few rules of the discussion and assumptions in almost
every seminar; a scenario that does not write its own (`exercise.ground_rules`,
`exercise.assumptions`) gets these, so that a minimal scenario still prints a complete manual.
The handbooks (`tabletop.report`) print them; docs/scenario_format.md lists them for an author
to copy and adapt. The wording is ours; the points are the ones exercise programmes use.
"""

from __future__ import annotations

__all__ = ["STANDARD_ASSUMPTIONS", "STANDARD_GROUND_RULES"]

STANDARD_GROUND_RULES = (
    "This is a no-fault seminar: it examines plans, authorities and coordination, not the people who "
    "speak. Differing views are expected; say what you think.",
    "Answer from your organisation's current plans, authorities and capabilities. Where they are silent, "
    "say so, and say what you would do.",
    "Nothing said or decided here sets a precedent or commits your organisation: positions are taken for "
    "the discussion only.",
    "Offer solutions: a recommended action for a problem is worth more than the problem alone.",
    "Nothing said is attributed to a person outside the room: the after-action report names "
    "organisations and roles, not individuals.",
    "Keep to the scenario. The facilitator rules on anything it does not cover and keeps the discussion to time.",
)
"""The rules of the discussion printed when a scenario gives none (`exercise.ground_rules`)."""

STANDARD_ASSUMPTIONS = (
    "The scenario is plausible, and events happen as they are presented: do not argue with the scenario.",
    "Everyone in the room hears an inject at the same moment, unless it is addressed to one cell.",
    "Scenario time runs faster than real time: one module may cover days or weeks.",
    "Determinations, orders and approvals (a Cabinet decision, the Diet's approval) are simulated by the "
    "roles in the room; the record notes who would make each and on what authority.",
    "The discussion stays within the classification marking of this manual; real capabilities and "
    "readiness above it are not discussed.",
)
"""The assumptions and artificialities printed when a scenario gives none (`exercise.assumptions`)."""
