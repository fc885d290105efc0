"""Every figure a reader is shown counts what its label says.

Sessions are built through the command path (`Session` methods, `tabletop ip`, `export` and
`import`), then read as a programme's staff read them: the coverage of a folder where a backup and
an imported copy sit beside the session, a matrix cell under *cited by the room* where the room
cited nothing, an objective's clauses when one citation was out of phase, and an improvement plan
whose draft lacks only its capability element while another item was closed.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tabletop.report import build_report, render_coverage, render_report
from tabletop.rules import Corpus, load_rules
from tabletop.scenario import load_scenario
from tabletop.session import Session, SessionRecord
from tests.conftest import RunCli
from tests.report.conftest import DRILL, TickingClock

# -- coverage: a session is one session, however many files hold it -------------------------------


@pytest.fixture
def session_with_copies(tmp_path: Path, drill_corpus: Corpus, run_cli: RunCli) -> tuple[Path, Path, Path]:
    """(the session, a backup taken before its second half, an imported copy of the whole)."""
    scenario = load_scenario(DRILL, drill_corpus)
    with Session.start(scenario, drill_corpus, session_dir=tmp_path / "room", clock=TickingClock()) as session:
        session.deliver_next()  # quiet, peacetime
        session.cite("IV.A.1", "maritime order")
        assert isinstance(session.path, Path)
        original = session.path
    backup = tmp_path / "backups" / "backup-copy.ttx.sqlite"
    backup.parent.mkdir()
    shutil.copyfile(original, backup)
    with Session.open(original, clock=TickingClock()) as session:
        session.deliver_next({"important_influence": True})  # tension: emerging threats
        session.end("done")
    exported = tmp_path / "record.jsonl"
    assert run_cli("export", str(original), "-o", str(exported))[0] == 0
    status, _, err = run_cli("import", str(exported), "--session-dir", str(tmp_path / "imported"))
    assert status == 0, err
    imported = next((tmp_path / "imported").glob("*.ttx.sqlite"))
    return original, backup, imported


def test_coverage_counts_a_session_held_by_a_backup_and_an_imported_copy_once_and_names_the_files(
    run_cli: RunCli, session_with_copies: tuple[Path, Path, Path]
) -> None:
    original, backup, imported = session_with_copies
    session_id = SessionRecord.load(original).session_id
    events = len(SessionRecord.load(original).events)
    earlier = len(SessionRecord.load(backup).events)
    assert earlier < events

    status, markdown, err = run_cli("coverage", str(backup), str(original), str(imported))
    assert status == 0, err
    assert "# Clause coverage across 1 session(s)" in markdown
    assert sum(1 for line in markdown.splitlines() if line.startswith(f"| `{session_id}`")) == 1
    # The whole session is read (of the two whole copies, the first by name), the backup named beside it.
    assert str(imported) < str(original)
    assert (
        f"- `{session_id}`: read from `{imported}` ({events} events); also in `{backup}` ({earlier} events), "
        f"`{original}` ({events} events), not counted again."
    ) in markdown
    # The copy read is the whole session: the emerging threats entered after the backup are there.
    heading = next(line for line in markdown.splitlines() if line.startswith("| clause | sessions |"))
    assert "Peacetime (1)" in heading and "Emerging threats (1)" in heading

    status, text, err = run_cli("coverage", str(imported), str(original), str(backup), "--format", "json")
    assert status == 0, err
    document = json.loads(text)
    _, schema, _ = run_cli("coverage", "--schema")
    jsonschema.validate(document, json.loads(schema))
    (session,) = document["sessions"]
    assert (session["session_id"], session["file"], session["events"], session["counted"]) == (
        session_id,
        str(imported),
        events,
        True,
    )
    assert session["copies"] == [
        {"file": str(backup), "events": earlier},
        {"file": str(original), "events": events},
    ]
    assert document["phase_sessions"] == {"peacetime": 1, "emerging_threats": 1}

    status, page, err = run_cli("coverage", str(original), str(imported), str(backup), "--format", "html")
    assert status == 0, err
    assert "The Guidelines exercised in 1 session</h1>" in page
    assert f"also in <code>{backup}</code> ({earlier} events), <code>{original}</code> ({events} events)" in page


def test_coverage_of_the_same_files_in_any_order_is_the_same_document(
    run_cli: RunCli, session_with_copies: tuple[Path, Path, Path]
) -> None:
    original, backup, imported = session_with_copies
    first = run_cli("coverage", str(backup), str(original), str(imported), "--format", "json")
    second = run_cli("coverage", str(imported), str(original), str(backup), "--format", "json")
    assert first[0] == 0 and first == second


# -- one session played at its first inject, with preparatory rules --------------------------------


@pytest.fixture(scope="module")
def peacetime_room(preparing_rules: Path, tmp_path_factory: pytest.TempPathFactory) -> SessionRecord:
    """Peacetime: the scenario presents III.A and IV.B.1 (only preparatory in peacetime) with the
    first inject, whose expected action serves obj1; the room cites IV.A.1, cites IV.C.1 out of
    phase, cites III and withdraws it. Nothing preparatory is cited by the room."""
    corpus = load_rules(preparing_rules)
    folder = tmp_path_factory.mktemp("peacetime")
    scenario_path = folder / "drill.yaml"
    scenario_path.write_text(
        DRILL.read_text(encoding="utf-8").replace("    cite: [III.A]\n", "    cite: [III.A, IV.B.1]\n", 1),
        encoding="utf-8",
    )
    scenario = load_scenario(scenario_path, corpus)
    with Session.start(scenario, corpus, session_dir=folder, clock=TickingClock()) as session:
        session.deliver_next()  # quiet, peacetime
        session.cite("IV.A.1", "maritime order")
        session.cite("IV.C.1", "airspace, asked about early")
        assert session.state.citations[-1].out_of_phase
        session.cite("III", "dialogue")
        session.withdraw("III", "not what the room relied on")
        session.end()
    return SessionRecord.load(session.path)


def _row_cells(markdown: str, start: str) -> list[str]:
    row = next(line for line in markdown.splitlines() if line.startswith(start))
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def test_prep_is_added_to_the_column_of_how_far_the_clause_went_never_to_cited_by_the_room(
    peacetime_room: SessionRecord,
) -> None:
    matrix = build_report(peacetime_room).coverage.matrix
    assert matrix.measures == ("presented", "discussed", "cited")
    (peacetime,) = [cell for row in matrix.rows if row.chapter == "IV" for cell in row.cells]
    assert peacetime.preparatory == 1 and peacetime.preparatory_counts == {"presented": 1, "discussed": 0, "cited": 0}

    markdown = render_report(peacetime_room, "md")
    # The chapter row: Peacetime presented / discussed / cited by the room.
    assert _row_cells(markdown, "| `IV` ")[1:] == ["0/2 +1 prep.", "0/2", "1/2"]
    assert _row_cells(markdown, "| all chapters ")[1:] == ["1/4 +1 prep.", "0/4", "1/4"]
    assert (
        '"+N prep.": besides, N of the chapter\'s clauses only preparatory in the phase (their measures may be '
        "taken before the situation is determined) went as far as the column counts while it held"
    ) in markdown
    assert "| `IV.B.1` | Noncombatant Evacuation Operations | yes, preparatory (1, presented) |" in markdown

    page = render_report(peacetime_room, "html")
    matrix_html = page.split('<table class="matrix">', 1)[1].split("</table>", 1)[0]
    row = next(r for r in matrix_html.split("<tr>") if r.startswith("<td><code>IV</code>"))
    cells = re.findall(r"<td class=\"cell[^\"]*\">(.*?)</td>", row)
    assert cells == ['0/2 <span class="prep">+1 prep.</span>', "0/2", "1/2"]
    assert "went as far as the column counts, apart from the share" in page


def test_coverage_heat_map_legend_says_a_prep_cell_counts_sessions_that_exercised_the_clause_in_any_way(
    peacetime_room: SessionRecord,
) -> None:
    markdown = render_coverage([peacetime_room], "md")
    assert _row_cells(markdown, "| `IV.B.1` ")[1:] == ["1", "1 prep."]
    assert "presented by the scenario with an inject, discussed or cited by the room" in markdown
    assert '"N prep.": it is only preparatory there and N sessions exercised it there so' in markdown
    assert "cited it there" not in markdown
    page = render_coverage([peacetime_room], "html")
    legend = page.split('<p class="legend small">', 1)[1].split("</p>", 1)[0]
    assert (
        "exercised while it held (presented by the scenario with an inject, discussed or cited by the room)" in legend
    )
    assert "<em>N prep.</em>: only preparatory there, N sessions exercised it so" in legend


def test_an_objective_lists_what_the_room_cited_apart_from_what_was_only_presented_or_out_of_phase(
    peacetime_room: SessionRecord,
) -> None:
    report = build_report(peacetime_room)
    (objective,) = [o for o in report.objectives if o.id == "obj1"]
    found = {c.clause: (c.taken_up, c.applicability, c.out_of_phase) for c in objective.clauses}
    assert found == {
        "III.A": ("presented", "applies", ()),
        "IV.A.1": ("cited", "applies", ()),
        "IV.B.1": ("presented", "preparatory", ()),
        "IV.C.1": (None, None, ("quiet",)),
    }
    # The same rule as section 4: what the objective counts is what the phase counts, as far.
    (peacetime,) = report.coverage.phases
    assert {c: t for c, (t, _, _) in found.items() if t} == {
        t.clause: t.taken_up for t in peacetime.clauses if t.exercised
    }

    markdown = render_report(peacetime_room, "md").split("## 1. Analysis by objective", 1)[1]
    assert (
        "Clauses cited by the room for it: `IV.A.1` Maritime Security. "
        "Only presented with an inject, not taken up by the room: `III.A` Alliance Coordination Mechanism; "
        "`IV.B.1` Noncombatant Evacuation Operations (preparatory). "
        "Cited out of phase, not counted: `IV.C.1` Operations to Defend Airspace (for `quiet`)."
    ) in markdown
    assert "Clauses exercised for it" not in markdown

    page = render_report(peacetime_room, "html")
    line = page.split('id="objective-obj1"', 1)[1].split('<p class="small clause-ids">', 1)[1].split("</p>", 1)[0]
    assert line.startswith('<strong>Clauses cited by the room for it:</strong> <a href="#clause-IV.A.1">')
    assert "<strong>Cited out of phase, not counted:</strong> " in line
    cited, rest = line.split("<strong>Only presented with an inject</strong>", 1)
    assert "IV.C.1" not in cited and "III.A" not in cited and "IV.B.1" not in cited
    assert '<a href="#clause-IV.C.1">' in rest.split("not counted:</strong>", 1)[1]
    assert '<code title="Strengthened Alliance Coordination">III</code>' not in line  # withdrawn


def test_an_objective_whose_only_citation_was_out_of_phase_has_no_clause_cited_by_the_room(
    drill_corpus: Corpus, tmp_path: Path
) -> None:
    scenario = load_scenario(DRILL, drill_corpus)
    with Session.start(scenario, drill_corpus, session_dir=tmp_path, clock=TickingClock()) as session:
        session.deliver_next()
        session.withdraw("III.A", "not discussed")
        session.cite("IV.C.1", "asked about early")
        session.end()
    markdown = render_report(SessionRecord.load(session.path), "md")
    assert (
        "Clauses cited by the room for it: none. "
        "Cited out of phase, not counted: `IV.C.1` Operations to Defend Airspace (for `quiet`)."
    ) in markdown


# -- the improvement plan: drafts as they are, closed items with when and how ------------------------


@pytest.fixture
def plan_after_the_meeting(drill_corpus: Corpus, tmp_path: Path, run_cli: RunCli) -> tuple[Path, dict[str, Any]]:
    """Four items: one lacking only its capability element, one closed at the After-Action
    Meeting with a remark, one open, one with only an issue and an action. Returns the session
    and `tabletop ip list --format json`."""
    scenario = load_scenario(DRILL, drill_corpus)
    complete = dict(
        capability_element="Equipment",
        responsible_organisation="JSDF",
        point_of_contact="Maj X",
        start_date="2030-05-01",
        completion_date="2030-06-30",
    )
    with Session.start(scenario, drill_corpus, session_dir=tmp_path, clock=TickingClock()) as session:
        session.deliver_next()
        session.add_improvement_item(
            issue="Slow ACM activation",
            corrective_action="Drill the ACM",
            responsible_organisation="JSDF J3",
            point_of_contact="Lt Col Ito",
            start_date="2030-05-10",
            completion_date="2030-07-31",
        )
        session.add_improvement_item(issue="Comms gaps", corrective_action="Buy radios", **complete)
        session.add_improvement_item(issue="Late legal advice", corrective_action="Pre-draft orders", **complete)
        session.add_improvement_item(issue="No liaison list", corrective_action="Write one")
        session.end()
        assert isinstance(session.path, Path)
        path = session.path
    status, _, err = run_cli("ip", "close", str(path), "2", "--remark", "radios bought")
    assert status == 0, err
    status, listed, err = run_cli("ip", "list", str(path), "--format", "json")
    assert status == 0, err
    return path, json.loads(listed)


def test_summary_says_what_each_draft_lacks_and_counts_open_and_closed_items(
    run_cli: RunCli, plan_after_the_meeting: tuple[Path, dict[str, Any]]
) -> None:
    path, listed = plan_after_the_meeting
    assert [i["status"] for i in listed["items"]] == ["draft", "closed", "open", "draft"]
    summary = (
        "4 items: 2 still draft (no. 1, to settle: capability element; no. 4, to settle: capability element, "
        "responsible organisation, point of contact, start date, completion date), 1 open, 1 closed; see "
    )
    _, markdown, _ = run_cli("report", str(path))
    assert f"**Improvement plan:** {summary}Appendix A." in markdown
    _, page, _ = run_cli("report", str(path), "--format", "html")
    assert f'<strong>Improvement plan:</strong> {summary}<a href="#improvement-plan">Appendix A</a>.' in page
    for text in (markdown, page):
        assert "no owner or date" not in text
        assert "lacks an owner" not in text
    _, document, _ = run_cli("report", str(path), "--format", "json")
    assert json.loads(document)["executive_summary"]["improvement_plan"] == {
        "items": 4,
        "drafts": 2,
        "open": 1,
        "closed": 1,
    }


def test_appendix_a_gives_each_closed_item_its_closing_date_and_remark(
    run_cli: RunCli, plan_after_the_meeting: tuple[Path, dict[str, Any]]
) -> None:
    path, listed = plan_after_the_meeting
    closed_at = listed["items"][1]["closed_at"]
    when = datetime.fromisoformat(closed_at).strftime("%Y-%m-%d %H:%M UTC")
    _, markdown, _ = run_cli("report", str(path))
    appendix = markdown.split("## Appendix A. Improvement plan", 1)[1].split("## Appendix B", 1)[0]
    row = next(line for line in appendix.splitlines() if line.startswith("| 2 |"))
    assert row.endswith(f"| closed on {when} (radios bought) |")
    assert "| **draft**, open (to settle: capability element) |" in appendix
    assert (
        "A *draft* is open with the fields its status lists still to settle; the After-Action Meeting "
        "completes it (`tabletop ip complete`, by its number)."
    ) in appendix
    _, page, _ = run_cli("report", str(path), "--format", "html")
    plan = page.split('id="improvement-plan"', 1)[1].split("</section>", 1)[0]
    assert (
        f'<td>closed <span class="nowrap">on {when}</span><br><span class="small muted">radios bought</span></td>'
        in plan
    )
    _, document, _ = run_cli("report", str(path), "--format", "json")
    items = json.loads(document)["improvement_plan"]
    assert [i["closed_at"] for i in items] == [None, closed_at, None, None]
    assert items[0]["missing"] == ["capability element"]
