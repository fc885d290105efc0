"""What the console needed from the core: the bundled scenarios' summaries, and inject
statuses that stay right while a snapshot rebuilds only the rows of injects shown."""

from __future__ import annotations

from tabletop.scenario import bundled_scenarios
from tabletop.rules import Corpus
from tests.tui.conftest import NewSession


def test_bundled_scenarios_carry_their_summaries(corpus: Corpus) -> None:
    found = {s.id: s for s in bundled_scenarios(corpus)}
    assert found["southwest_islands"].summary.startswith("Over five weeks of scenario time")
    assert all(s.summary for s in found.values())


def test_inject_statuses_follow_delivery_back_and_improvisation(new_session: NewSession) -> None:
    session = new_session()

    def statuses() -> dict[str, str]:
        return {row.id: row.status for row in session.snapshot().injects}

    assert set(statuses().values()) == {"pending"}
    session.deliver_next()
    session.deliver_next()
    assert statuses()["fleet_sighted"] == "delivered" and statuses()["fleet_shelters"] == "current"
    session.insert_adhoc("Ferry adrift")
    rows = session.snapshot().injects
    at = [row.id for row in rows].index("adhoc-1")
    assert rows[at - 1].id == "fleet_shelters" and rows[at].status == "current" and rows[at].adhoc
    assert statuses()["fleet_shelters"] == "delivered"
    session.go_back()
    assert statuses()["fleet_shelters"] == "current" and statuses()["adhoc-1"] == "delivered"
    assert statuses()["landing"] == "pending"
    assert len(session.snapshot().injects) == len(session.scenario.scenario.injects) + 1
