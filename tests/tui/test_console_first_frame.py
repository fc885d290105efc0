"""What the console's first frame waits for: not the dialogs, which load when the first one opens."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_first_frame_loads_no_dialog_and_the_first_dialog_still_opens(tmp_path: Path) -> None:
    program = textwrap.dedent(
        f"""
        import asyncio, sys
        from tabletop.rules import load_rules
        from tabletop.scenario import load_scenario
        from tabletop.session import Session
        from tabletop.tui import make_app

        corpus = load_rules()
        scenario = load_scenario({str(ROOT / "scenarios" / "southwest_islands.yaml")!r}, corpus)
        session = Session.start(scenario, corpus, session_dir={str(tmp_path)!r})
        app = make_app(session, live=False)

        async def run():
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                print("dialogs before a key:", "tabletop.tui.screens.dialogs" in sys.modules)
                await pilot.press("a")  # the ad-hoc inject's form
                await pilot.pause()
                print("screen after a:", type(app.screen).__name__)

        asyncio.run(run())
        session.close()
        """
    )
    done = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "dialogs before a key: False" in done.stdout
    assert "screen after a: FormDialog" in done.stdout
