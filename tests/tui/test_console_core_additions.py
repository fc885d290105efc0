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


def test_a_snapshot_for_the_room_alone_leaves_the_suggestions_out(new_session: NewSession) -> None:
    """A following screen asks for its snapshot without citation suggestions (it never shows
    them); everything the room sees is the same."""
    session = new_session()
    session.deliver_next()
    full, bare = session.snapshot(), session.snapshot(suggest=False)
    assert full.suggestions and not bare.suggestions
    assert bare.for_participants() == full.for_participants()


def test_a_follower_knows_without_reading_whether_the_file_changed(new_session: NewSession) -> None:
    """`may_have_changed` is False for a follower while nothing is recorded, True once another
    program records (and stays so until `refresh` has read it); a recording session always says yes."""
    from tabletop.session import Session

    session = new_session()
    session.deliver_next()
    with Session.follow(session.path) as follower:
        follower.refresh()
        assert not follower.may_have_changed()
        session.note("The cells compare what each knows.")
        assert follower.may_have_changed()
        assert follower.refresh() and not follower.may_have_changed()
    assert session.may_have_changed()
