"""Child process of the interruption tests: runs `tabletop ARGS...` with one step of the command
held open at a point the test chooses, so that its Ctrl-C (SIGINT) lands there, not by timing.

Usage: interrupt_child.py before|after TARGET ARGS...

TARGET is the public function of `tabletop.session` the command calls to record (`Session.
add_improvement_item`, `import_jsonl`), or a function named with its module (`tabletop.outputs.
write_output`, `os.replace`). `before`: the child writes `ready` on standard error and
waits before calling it; `after`: it calls it, then writes `ready` and waits. The test sends
SIGINT on reading `ready`.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
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
    if path and path[0] in ("tabletop", "os"):  # a module's function, named with its module
        modules = [".".join(path[:n]) for n in range(len(path), 0, -1)]
        found = next(m for m in modules if importlib.util.find_spec(m) is not None)
        owner, path = importlib.import_module(found), path[len(found.split(".")) :]
    for part in path:
        owner = getattr(owner, part)
    setattr(owner, name, _held(when, getattr(owner, name)))
    main(argv)
