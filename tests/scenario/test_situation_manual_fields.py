"""The Situation Manual's facts in a scenario: each mistake located, with the fix to make.

The date and the last day, the agenda (times, order, modules, days), the contacts' e-mail
addresses, the acronyms, the ground rules and assumptions: optional, and checked like the rest.
"""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from tabletop.errors import ScenarioError
from tabletop.scenario import load_scenario_text, scenario_schema
from tabletop.rules import Corpus

INJECTS = (
    "modules:\n  - {id: m1, title: 'Module 1 — Grey zone'}\ninjects:\n  - {id: a, title: A, narrative: N, module: m1}\n"
)


def _messages(head: str, corpus: Corpus) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text("title: T\n" + head + INJECTS, "s.yaml", corpus)
    return [str(d) for d in caught.value.diagnostics]


COMPLETE = """\
title: T
exercise:
  date: 2030-06-18
  end_date: 2030-06-19
  location: Exercise centre, Tokyo
  purpose: Why.
  scope: What.
  ground_rules: [Be brief.]
  assumptions: [It happens as presented.]
agenda:
  - {time: "09:00", activity: Welcome}
  - {time: "09:30", activity: Module 1, module: m1}
  - {day: 2, time: "09:00", activity: Hot wash}
contacts:
  - {name: Exercise director, role: Directs, organisation: Office, email: ttx@example.org, phone: "+81 3 5555 0100"}
acronyms:
  ACM: Alliance Coordination Mechanism
modules:
  - {id: m1, title: 'Module 1 — Grey zone', key_issues: [Who decides]}
injects:
  - {id: a, title: A, narrative: N, module: m1}
"""


def test_a_scenario_with_every_fact_validates_and_the_schema_accepts_it(corpus: Corpus) -> None:
    loaded = load_scenario_text(COMPLETE, "s.yaml", corpus)
    scenario = loaded.scenario
    assert scenario.exercise is not None and scenario.exercise.date is not None
    assert scenario.exercise.date.isoformat() == "2030-06-18" and scenario.agenda[2].day == 2
    assert scenario.acronyms == {"ACM": "Alliance Coordination Mechanism"}
    assert scenario.modules[0].key_issues == ["Who decides"]
    editor = yaml.safe_load(COMPLETE.replace("2030-06-18", "'2030-06-18'").replace("2030-06-19", "'2030-06-19'"))
    jsonschema.validate(editor, scenario_schema(corpus))


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            "exercise: {date: 2030-06-18, end_date: 2030-06-17}\n",
            "s.yaml:2:30: error: exercise.end_date: 2030-06-17 is before the first day, 2030-06-18; "
            "the last day must be on or after `date`",
        ),
        (
            "exercise: {end_date: 2030-06-17}\n",
            "s.yaml:2:12: error: exercise.end_date: give the first day as `date:` too "
            "(end_date is the last day of several)",
        ),
        (
            "exercise: {date: 2030-02-30}\n",
            "s.yaml:2:12: error: exercise.date: 2030-02-30 is not a date (day is out of range for month); "
            "write a real date as YYYY-MM-DD (e.g. 2030-04-01)",
        ),
        (
            "exercise: {date: April 1}\n",
            "s.yaml:2:12: error: exercise.date: expected a date written YYYY-MM-DD (e.g. 2030-04-01), found 'April 1'",
        ),
        (
            "exercise: {date: 0}\n",
            "s.yaml:2:12: error: exercise.date: expected a date written YYYY-MM-DD (e.g. 2030-04-01), found '0'",
        ),
        (
            "exercise: {locaton: Tokyo}\n",
            "s.yaml:2:12: error: exercise: unknown key 'locaton'; did you mean 'location'?",
        ),
        ("exercise: {ground_rules: []}\n", "s.yaml:2:12: error: exercise.ground_rules: must not be empty"),
        (
            "agenda:\n  - {time: '9:00', activity: Welcome}\n",
            "s.yaml:3:6: error: agenda item 1: time '9:00' is not a time of day; did you mean \"09:00\"? (24-hour HH:MM)",
        ),
        (
            "agenda:\n  - {time: 13:30, activity: Lunch}\n",
            "s.yaml:3:6: error: agenda item 1, time: expected text, found a number; YAML reads 13:30 as 810: "
            'put it in quotes: "13:30"',
        ),
        (
            "agenda:\n  - {time: '10:00', activity: Module 1}\n  - {time: '09:30', activity: Break}\n",
            "s.yaml:4:6: error: agenda item 2: starts at 09:30, before item 1 at 10:00 on the same day; "
            "list the agenda in the order it runs (or give the item its `day:`)",
        ),
        (
            "agenda:\n  - {time: '10:00', activity: Module 1, module: m2}\n",
            "s.yaml:3:41: error: agenda item 1: unknown module 'm2'; did you mean 'm1'?",
        ),
        (
            "exercise: {date: 2030-06-18, end_date: 2030-06-19}\nagenda:\n  - {day: 3, time: '10:00', activity: X}\n",
            "s.yaml:4:6: error: agenda item 1: day 3, but the seminar runs 2 days (2030-06-18 to 2030-06-19)",
        ),
        (
            "contacts:\n  - {name: Director, email: director.example.org}\n",
            "s.yaml:3:22: error: contact 'Director': 'director.example.org' is not an e-mail address; "
            "write it as name@example.org",
        ),
        (
            "acronyms:\n  NO: Not ordinary\n",
            "s.yaml:3:3: error: acronyms.NO: the key NO is read by YAML as true/false; a key must be text: "
            'put it in quotes: "NO"',
        ),
        (
            "contacts:\n  - {role: Director}\n",
            "s.yaml:3:5: error: contact 1: missing required key 'name'",
        ),
    ],
    ids=[
        "end-before-date",
        "end-without-date",
        "no-such-day",
        "not-a-date",
        "a-number-is-not-a-date",
        "misspelt-key",
        "empty-ground-rules",
        "clock-without-zero",
        "clock-read-as-number",
        "agenda-backwards",
        "agenda-unknown-module",
        "agenda-day-beyond",
        "bad-email",
        "acronym-read-as-false",
        "contact-without-name",
    ],
)
def test_each_mistake_is_one_located_line_with_the_fix(head: str, expected: str, corpus: Corpus) -> None:
    assert _messages(head, corpus) == [expected]


def test_one_bad_agenda_item_does_not_hide_the_others_mistakes(corpus: Corpus) -> None:
    head = "agenda:\n  - {time: 13:30, activity: Lunch}\n  - {time: '9:00', activity: X, module: m9}\n"
    messages = _messages(head, corpus)
    assert len(messages) == 3
    assert "YAML reads 13:30 as 810" in messages[0]
    assert 'did you mean "09:00"' in messages[1] and "unknown module 'm9'" in messages[2]


AGENDA_WITH_MISTAKES = """\
exercise:
  date: DATE
  end_date: 2031-02-01
agenda:
  - time: 13:30
    activity: Start
  - time: "9:00"
    activity: Next
    module: m9
contacts:
  - name: X
    email: not-an-email
"""


@pytest.mark.parametrize("written", ["2031-02-30", '"2031-02-30"', "2031-13-01", "'2031-04-31'"])
def test_a_date_that_is_none_is_one_located_error_and_hides_no_other(written: str, corpus: Corpus) -> None:
    messages = _messages(AGENDA_WITH_MISTAKES.replace("DATE", written), corpus)
    meant = written.strip("'\"")
    assert messages[0].startswith(f"s.yaml:3:3: error: exercise.date: {meant} is not a date (")
    assert messages[0].endswith("); write a real date as YYYY-MM-DD (e.g. 2030-04-01)")
    assert [message.split(": error: ")[0] for message in messages[1:]] == [
        "s.yaml:6:5",
        "s.yaml:8:5",
        "s.yaml:10:5",
        "s.yaml:13:5",
    ]
    assert "unknown module 'm9'" in messages[3] and "not an e-mail address" in messages[4]


@pytest.mark.parametrize("day", ["0", "-2"])
def test_an_agenda_day_below_one_says_the_least_it_may_be(day: str, corpus: Corpus) -> None:
    (message,) = _messages(f"agenda:\n  - {{time: '09:00', activity: Welcome, day: {day}}}\n", corpus)
    assert message.endswith(f"agenda item 1, day: must be at least 1, found {day}")
    assert "Input should" not in message
