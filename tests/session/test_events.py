"""The journal's event vocabulary and the package's public surface."""

from __future__ import annotations

from datetime import datetime, timedelta, UTC

import pytest
from pydantic import BaseModel, ValidationError

import tabletop.session as session_api
from tabletop.session import Event, TransitionFact
from tabletop.session import event_adapter, event_types
from tabletop.strictmodel import field_docs


def test_every_event_type_has_a_unique_name_and_documented_strict_fields() -> None:
    types = event_types()
    assert len(types) == 27
    models: list[type[BaseModel]] = [*types.values(), Event, TransitionFact, session_api.GateAnswer]
    for model in models:
        assert model.model_config["extra"] == "forbid", model.__name__
        docs = field_docs(model)
        for name in model.model_fields:
            assert docs.get(name), f"{model.__name__}.{name} has no docstring"


def test_timestamps_are_stored_in_utc() -> None:
    event = event_adapter().validate_python(
        {"seq": 1, "at": "2030-04-01T18:00:00+09:00", "payload": {"type": "clock_resumed"}}
    )
    assert event.at == datetime(2030, 4, 1, 9, 0, tzinfo=UTC)
    assert event.model_dump_json().startswith('{"seq":1,"at":"2030-04-01T09:00:00Z"')


def test_a_timestamp_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValidationError, match="time zone"):
        Event(seq=1, at=datetime(2030, 4, 1, 9, 0), payload=event_types()["clock_resumed"]())


def test_an_unknown_event_type_or_field_is_refused() -> None:
    with pytest.raises(ValidationError):
        event_adapter().validate_python({"seq": 1, "at": "2030-04-01T09:00:00Z", "payload": {"type": "coffee"}})
    with pytest.raises(ValidationError):
        event_adapter().validate_python(
            {"seq": 1, "at": "2030-04-01T09:00:00Z", "payload": {"type": "note_recorded", "text": "x", "mood": 1}}
        )


def test_an_option_is_named_exactly_when_play_went_through_one() -> None:
    with pytest.raises(ValidationError):
        event_types()["inject_delivered"](inject="a", via="option")
    with pytest.raises(ValidationError):
        event_types()["inject_delivered"](inject="a", via="next", option="Hold")


def test_events_round_trip_through_json() -> None:
    now = datetime(2030, 4, 1, 9, 0, tzinfo=UTC)
    event = Event(
        seq=7,
        at=now + timedelta(minutes=3),
        payload=event_types()["inject_delivered"](
            inject="tension",
            via="next",
            transition=TransitionFact(
                trigger="threats_emerge",
                before=("peacetime",),
                after=("emerging_threats",),
                answers=(session_api.GateAnswer(gate="important_influence", answer=True, source="facilitator"),),
            ),
        ),
    )
    assert event_adapter().validate_json(event.model_dump_json()) == event


def test_the_public_api_is_sorted_and_complete() -> None:
    assert session_api.__all__ == sorted(session_api.__all__)
    for name in session_api.__all__:
        assert hasattr(session_api, name), name
    for required in ("Session", "SessionState", "session_folder", "open_session", "start_session", "replay"):
        assert required in session_api.__all__


def test_the_user_documentation_describes_every_event_type() -> None:
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "sessions.md").read_text(encoding="utf-8")
    missing = [name for name in event_types() if f"`{name}`" not in docs]
    assert missing == []
