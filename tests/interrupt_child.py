"""Child process of the interruption tests: runs `tabletop ARGS...` with one step of the command
held open at a point the test chooses, so that its Ctrl-C (SIGINT) lands there, not by timing.

Usage: interrupt_child.py before|after TARGET ARGS...

TARGET is the public function of `tabletop.session` the command calls to record (`Session.
add_improvement_item`, `import_jsonl`). `before`: the child writes `ready` on standard error and
waits before calling it; `after`: it calls it, then writes `ready` and waits. The test sends
SIGINT on reading `ready`.
"""

from __future__ import annotations

import functools
import sys
import time
from typing import Any

import tabletop.session
from tabletop.cli import main


def _held(when: str, record: Any) -> Any:
    @functools.wraps(record)
    def held(*args: Any, **kwargs: Any) -> Any:
        if when == "before":
            _wait()
        done = record(*args, **kwargs)
        if when == "after":
            _wait()
        return done

    return held


def _wait() -> None:
    sys.stderr.write("ready\n")
    sys.stderr.flush()
    time.sleep(60)


if __name__ == "__main__":
    when, target, *argv = sys.argv[1:]
    owner: Any = tabletop.session
    *path, name = target.split(".")
    for part in path:
        owner = getattr(owner, part)
    setattr(owner, name, _held(when, getattr(owner, name)))
    main(argv)
