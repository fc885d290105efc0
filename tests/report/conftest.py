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

from tabletop.rules import Corpus, load_rules
from tabletop.scenario import LoadedScenario, load_scenario
from tabletop.session import Rating, Session, SessionRecord

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
def drill_corpus() -> Corpus:
    return load_rules(RULES)


@pytest.fixture(scope="session")
def hostile_scenario(tmp_path_factory: pytest.TempPathFactory, drill_corpus: Corpus) -> LoadedScenario:
    folder = tmp_path_factory.mktemp("scenario")
    return load_scenario(_hostile_drill(folder), drill_corpus)


@pytest.fixture(scope="session")
def played_path(
    tmp_path_factory: pytest.TempPathFactory, hostile_scenario: LoadedScenario, drill_corpus: Corpus
) -> Path:
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
        assert isinstance(session.path, Path)
        return session.path


@pytest.fixture(scope="session")
def played(played_path: Path) -> SessionRecord:
    return SessionRecord.load(played_path)


@pytest.fixture(scope="session")
def sample_dry_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dry-run of the bundled Southwestern Islands sample (bundled rules)."""
    from tabletop.session import dry_run

    corpus = load_rules()
    folder = tmp_path_factory.mktemp("dry")
    path = dry_run(Path(__file__).parents[2] / "scenarios" / "southwest_islands.yaml", corpus, session_dir=folder)
    return path


RATING_ROUND: tuple[Rating, ...] = ("P", "S", "S", "M", "P", "U", "S", "P")
"""The ratings a room's evaluators give, in turn: mostly done, some with challenges, one not done."""


def play_as_a_room(scenario_path: Path, folder: Path) -> Path:
    """A seminar played as a room plays one: the facilitator answers every gate (declining the
    first move once), takes the top three suggested clauses for each inject and withdraws one, records a
    note and a decision at each inject and the orders the scenario expects, the evaluators rate
    every expected action with an observation, then the hot wash and the improvement plan."""
    corpus = load_rules()
    loaded = load_scenario(scenario_path, corpus, remember_parse=True)
    objectives = [o.id for o in loaded.scenario.objectives]
    ratings = itertools.cycle(RATING_ROUND)
    declined_once = False
    with Session.start(
        loaded, corpus, session_dir=folder, clock=TickingClock(), facilitator="Director of the exercise"
    ) as session:
        seen: set[str] = set()
        while True:
            options = session.options()
            chosen = next((o for o in options if o.default), None)
            target = chosen.target if chosen is not None else session.next_inject
            if target is None or target in seen:
                break
            seen.add(target)
            step = session.preview(target)
            gates = [g.id for g in step.move.gates] if step.move is not None else []
            if gates and not declined_once:
                declined_once = True
                session.deliver_next(
                    {gates[0]: False},
                    remarks={gates[0]: "The room wanted the intelligence assessment before deciding."},
                )
            answers = dict.fromkeys(gates, True)
            remarks = {gate: "Agreed after discussion in plenary." for gate in gates[:1]}
            if chosen is not None:
                session.take_option(chosen.index, answers, remarks=remarks)
            else:
                session.deliver_next(answers, remarks=remarks)
            inject = session.inject(target)
            for suggestion in session.suggestions(limit=3):
                if not suggestion.out_of_phase:
                    session.cite(suggestion.id, suggestion.reason, source="suggestion")
            if len(seen) == 3 and session.state.citations:
                session.withdraw(session.state.citations[-1].clause, "Discussed, but not what the room relied on.")
            session.note(
                f"The cells discussed {inject.title.lower()} for twenty minutes; the Japan cell asked how the "
                "Alliance Coordination Mechanism would carry the request."
            )
            session.decide("Japan cell", f"Proceed as briefed at {inject.title.lower()}, and report back.")
            for determination, answer in getattr(inject, "determinations", {}).items():
                session.determine(determination, answer, "Ordered after the cell's recommendation.")
            for n, _ in enumerate(getattr(inject, "expected_actions", ())):
                session.rate(
                    target,
                    f"a{n + 1}",
                    next(ratings),
                    "Done through the coordination group; the hand-off to the prefecture took longer than planned.",
                )
        for n, objective in enumerate(objectives[:4]):
            session.hot_wash("strength", f"Strength {n + 1}: the cells shared one picture early.", objective=objective)
            session.hot_wash("improvement", f"Area {n + 1}: requests stalled between ministries.", objective=objective)
        session.hot_wash("strength", "The timeline kept the room oriented.")
        for n in range(4):
            session.add_improvement_item(
                issue=f"Issue {n + 1}: requests stalled between ministries",
                corrective_action="Write a one-page hand-off procedure and drill it",
                capability_element="Planning",
                responsible_organisation="Cabinet Secretariat",
                point_of_contact="Exercise director",
                start_date="2030-05-01",
                completion_date="2030-09-30",
            )
        session.end("A full seminar: every move decided by the room.")
        assert isinstance(session.path, Path)
        return session.path


@pytest.fixture(scope="session")
def room_seminar(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Southwestern Islands sample played as a room plays it (see `play_as_a_room`)."""
    folder = tmp_path_factory.mktemp("room")
    return play_as_a_room(Path(__file__).parents[2] / "scenarios" / "southwest_islands.yaml", folder)


# -- preparatory clauses in coverage --------------------------------------------------------------


@pytest.fixture(scope="session")
def preparing_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The drill's rules where IV.B's measures may be taken in peacetime before its situation."""
    text = RULES.read_text(encoding="utf-8").replace(
        "        basis: Cooperation from peacetime.\n",
        "        basis: Cooperation from peacetime.\n"
        "    prepares:\n"
        "      - clauses: [IV.B]\n"
        "        basis: Measures that may be taken before the situation.\n",
        1,
    )
    assert "prepares:" in text
    path = tmp_path_factory.mktemp("rules") / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def preparing_session(preparing_rules: Path, tmp_path_factory: pytest.TempPathFactory) -> SessionRecord:
    corpus = load_rules(preparing_rules)
    scenario = load_scenario(DRILL, corpus)
    folder = tmp_path_factory.mktemp("sessions")
    with Session.start(scenario, corpus, session_dir=folder, clock=TickingClock()) as session:
        session.deliver_next()  # quiet, peacetime
        session.withdraw("III.A", "did not come up")  # presented with the inject: not the point here
        session.cite("IV.B.1", "evacuation planning before any determination")
        assert not session.state.citations[-1].out_of_phase
        session.end()
    return SessionRecord.load(session.path)
