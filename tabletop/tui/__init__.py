"""The facilitator console: a Textual app over `tabletop.session.Session`.

The only package of `tabletop` that imports Textual (an import-linter contract in
pyproject.toml keeps it so). The command line (`tabletop run`, `resume`, `join`,
`follow`, `serve`) and the tests build the app through `make_app` and nothing else. The app
holds no domain logic and no state the journal lacks: every screen draws from one
`SessionSnapshot` and every action is a typed command run in a worker thread,
acknowledged on screen only after the session has committed it.
"""

from tabletop.tui.app import ConsoleApp, ConsoleMode, LinkWatch, make_app, open_for_console, report_paths

__all__ = ["ConsoleApp", "ConsoleMode", "LinkWatch", "make_app", "open_for_console", "report_paths"]
