"""Sessions to report on: a room's session full of hostile text, and dry-runs of the samples.

The played session uses the session tests' small rules file (two regions: a disaster strikes
during an armed attack) and a copy of their drill whose texts try every trick a document must
defuse: HTML, script, event handlers, `javascript:` links, Markdown links and images, table
pipes and terminal escape sequences.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, UTC
from pathlib import Path

import pytest

from tabletop.rules import load_rules
from tabletop.scenario import load_scenario
from tabletop.session import Session, SessionRecord

FIXTURES = Path(__file__).parents[1] / "session" / "fixtures"
RULES = FIXTURES / "rules.yaml"
DRILL = FIXTURES / "drill.yaml"

ESCAPES = "\x1b]0;pwned\x07\x1b[31mred\x1b[0m\x9b2J"
"""An OSC title change, a colour, and an 8-bit clear-screen: none may reach a document."""
HOSTILE = (
    "<script>alert('x')</script> <img src=x onerror=alert(1)> [click](javascript:alert(2)) "
    f"![pic](http://example.invalid/p.png) <http://example.invalid> a | b {ESCAPES} &amp; end"
)


class TickingClock:
    def __init__(self) -> None:
        self._ticks = itertools.count()

    def __call__(self) -> datetime:
        return datetime(2030, 4, 1, 9, 0, tzinfo=UTC) + timedelta(seconds=next(self._ticks))


def _hostile_drill(folder: Path) -> Path:
    text = DRILL.read_text(encoding="utf-8")
    text = text.replace(
        'classification: "UNCLASSIFIED // FOR TRAINING USE"',
        "classification: 'UNCLASSIFIED </style><script>alert(3)</script> \" } body { display: none }'",
    )
    text = text.replace("title: Quiet start", "title: 'Quiet <b>start</b> [x](javascript:alert(4))'")
    text = text.replace(
        "narrative: Routine bilateral patrols continue; the Alliance Coordination Mechanism meets.",
        "narrative: \"Routine patrols.\\n\\n<script>alert('narrative')</script> "
        "<img src=x onerror=alert(5)> [link](javascript:alert(6)) ![img](http://example.invalid/i.png) "
        '\\e]0;pwned\\a\\e[31mred\\e[0m | pipe\\n\\n# not a heading\\n\\n1. not a list"',
    )
    text = text.replace(
        "\nobjectives:",
        "\n  date: 2030-04-01"
        '\n  location: "<b>Hall</b> [x](javascript:alert(8)) \\e]0;pwned\\a"'
        "\n  purpose: \"<script>alert('purpose')</script>\""
        "\n  scope: '[scope](javascript:alert(9)) | pipe'"
        "\n  ground_rules: ['<img src=x onerror=alert(10)> rule']"
        "\n  assumptions: ['# not a heading assumption']"
        "\nmodules:"
        "\n  - id: m1"
        "\n    title: '<i>Module</i> [m](javascript:alert(11))'"
        "\n    summary: \"<script>alert('summary')</script>\""
        "\n    key_issues: ['<img src=x onerror=alert(12)> issue']"
        "\nagenda:"
        "\n  - time: '09:00'"
        "\n    activity: \"<script>alert('agenda')</script> | cell\""
        "\n    module: m1"
        "\ncontacts:"
        "\n  - name: '<b>Director</b>'"
        "\n    role: '[r](javascript:alert(13))'"
        "\n    email: x@example.org"
        "\n    phone: '<script>alert(14)</script>'"
        "\nacronyms:"
        "\n  '<ACM>': '[Alliance](javascript:alert(15)) <b>x</b>'"
        "\nobjectives:",
        1,
    )
    text = text.replace("  - id: quiet\n", "  - id: quiet\n    module: m1\n", 1)
    text = text.replace("name: Japan cell", "name: 'Japan <i>cell</i>'")
    text = text.replace("text: Coordinate through", "text: '[Objective](javascript:alert(7)) Coordinate through")
    text = text.replace("Coordination Mechanism.\ncells", "Coordination Mechanism.'\ncells")
    path = folder / "drill.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def drill_corpus():
    return load_rules(RULES)


@pytest.fixture(scope="session")
def hostile_scenario(tmp_path_factory, drill_corpus):
    folder = tmp_path_factory.mktemp("scenario")
    return load_scenario(_hostile_drill(folder), drill_corpus)


@pytest.fixture(scope="session")
def played_path(tmp_path_factory, hostile_scenario, drill_corpus) -> Path:
    """A session a room played: a "no", a grey-zone order, a withdrawn and an out-of-phase citation, an ad-hoc inject,
    ratings, a disaster during an armed attack, hot wash and an improvement item."""
    folder = tmp_path_factory.mktemp("sessions")
    with Session.start(
        hostile_scenario, drill_corpus, session_dir=folder, clock=TickingClock(), facilitator=f"Col. {HOSTILE}"
    ) as session:
        session.deliver_next()  # quiet
        session.note(f"note {HOSTILE}")
        session.decide(f"Cabinet {HOSTILE}", f"decision {HOSTILE}")
        session.cite("IV.A.1", f"reason {HOSTILE}")
        session.withdraw("IV.A.1", f"withdrawn {HOSTILE}")
        session.rate("quiet", "a1", "S", f"observation {HOSTILE}")
        session.determine("security_operation", True, f"order {HOSTILE}")  # a grey-zone order: no move
        session.deliver_next({"important_influence": False}, remarks={"important_influence": f"remark {HOSTILE}"})
        session.deliver_next({"important_influence": True}, remarks={"important_influence": "consensus"})
        session.cite("IV.C.1", "asked about early")  # out of phase in emerging_threats
        session.cite("IV.B.1", "evacuation planning", source="suggestion")
        session.insert_adhoc(f"Ad-hoc {HOSTILE}", f"improvised {HOSTILE}")
        session.deliver_next()  # quake: the disaster region
        session.deliver_next({"attack_determined": True, "diet_approval": True})  # missiles
        session.cite("IV.C.1", "airspace")
        session.rate("missiles", "a1", "P", "done")
        session.hot_wash("strength", f"strength {HOSTILE}", objective="obj1")
        session.hot_wash("improvement", "slow hand-off")
        session.add_improvement_item(
            issue=f"issue {HOSTILE}",
            corrective_action="drill the hand-off",
            capability_element="Planning",
            responsible_organisation="Cabinet Secretariat",
            point_of_contact="J. Doe",
            start_date="2030-05-01",
            completion_date="2030-06-30",
        )
        session.end(f"closing {HOSTILE}")
        return session.path


@pytest.fixture(scope="session")
def played(played_path) -> SessionRecord:
    return SessionRecord.load(played_path)


@pytest.fixture(scope="session")
def sample_dry_run(tmp_path_factory):
    """The dry-run of the bundled Southwestern Islands sample (bundled rules)."""
    from tabletop.session import dry_run

    corpus = load_rules()
    folder = tmp_path_factory.mktemp("dry")
    path = dry_run(Path(__file__).parents[2] / "scenarios" / "southwest_islands.yaml", corpus, session_dir=folder)
    return path
