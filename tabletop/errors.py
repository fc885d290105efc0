"""Every error `tabletop` raises on purpose, in one place.

The command line turns these into one-line messages and exit statuses; the
console shows them in a dialog. Nothing outside this module defines its own
exception base class.

    TabletopError                  base; never raised itself
    ├── InputError                 bad input from a file or a person (exit 1)
    │   ├── RulesError             the rules file is broken
    │   ├── ScenarioError          one or more problems in a scenario
    │   ├── SessionFileError       not a session, a newer version, or damaged
    │   └── JournalImportError     an exported journal that cannot be read back
    ├── OutputError                a file could not be written: a full or failing disk (exit 1)
    ├── DatabaseError              the session database refused, or has no usable schema (exit 1)
    │   └── DatabaseUnavailable    the link to the session database is down
    ├── UsageError                 a command used wrongly (exit 2)
    │   ├── UnknownClauseError     no clause has this id
    │   ├── UnknownPhaseError      no phase has this slug
    │   ├── PhaseConflictError     two phases of one region named together (also an InputError)
    │   └── MissingFileError       a path that does not exist or cannot be read
    └── RefusedError               a legal request the state does not allow (exit 1)
        ├── TransitionRefused      trigger illegal here, or gates not confirmed
        │   └── GatesUnanswered    a move needs the room's determinations first
        ├── SessionEnded           the session is over; nothing more is recorded
        ├── SessionMovedOn         decided on a state the journal has moved past; nothing recorded
        ├── SessionBusy            another writer kept the session's turn to record too long
        └── SeatTaken              the facilitator's seat is another program's

Every error carries a message written for the person who has to fix it:
what is wrong, where, and what to do.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "DatabaseError",
    "DatabaseUnavailable",
    "Diagnostic",
    "GatesUnanswered",
    "InputError",
    "JournalImportError",
    "Mention",
    "MissingFileError",
    "OutputError",
    "PhaseConflictError",
    "RefusedError",
    "RulesError",
    "ScenarioError",
    "SeatTaken",
    "SessionBusy",
    "SessionEnded",
    "SessionFileError",
    "SessionMovedOn",
    "Subject",
    "TabletopError",
    "TransitionRefused",
    "UnknownClauseError",
    "UnknownPhaseError",
    "UsageError",
]


KeyPath = tuple[str | int, ...]
"""A place in a file's data: its keys and list indices, `("injects", 3, "gates", "important_influence")`."""

ValueKind = Literal["text", "true/false", "list", "mapping", "whole number", "date", "text or mapping"]
"""The kinds of value a diagnostic says were expected where another was found."""


@dataclass(frozen=True, slots=True)
class Subject:
    """What a diagnostic is about, as data, for a program that says it in its own words.

    A scenario's diagnostic names its place in the YAML author's words (`inject 'landing', gates,
    important_influence: expected true or false, found text`); an MSEL import names the same
    place as a sheet's cell and column, and a true/false as yes or no. Both word it from these
    fields, which the validator sets where it finds the problem.
    """

    at: KeyPath
    """The key path, in the file, of the value at fault; for a missing key, the key that is missing
    (`("injects", 3, "title")`)."""
    named: KeyPath | None
    """The place the message names before saying what is wrong (`("injects", 3)` for `inject
    'landing': ...`, `()` for none); None when the message is one sentence naming what it is
    about in its own way (`inject 'landing' is never reached: ...`)."""
    problem: str
    """The message without that naming: `unknown phase 'emerging'; did you mean ...`."""
    expected: ValueKind | None = None
    """The kind of value expected, when a value is of the wrong kind; `found` is then the value."""
    found: object = None
    """The value found where `expected` was wanted, as read (`'maybe'`, `2`)."""
    first_use: tuple[str, KeyPath] | None = None
    """For an id used twice: the file and key path of its first use (`problem` does not say it)."""
    refers: tuple[Mention, ...] = ()
    """The keys `problem`'s advice names in the file's words (`` `next` ``, `` `default: true` ``,
    `` under `modules:` ``): a program that names them otherwise (a workbook's sheets and
    columns) puts its own words in their place."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A key that a problem's advice names as the YAML file writes it, as data: where it is and
    the value the advice says to write there, so that a program with other names for keys (an MSEL
    workbook: a sheet, a row of the Exercise sheet, a column, an attribute of a list cell's line)
    can say the same advice in them."""

    said: str
    """The words of `Subject.problem` that name it, exactly as they stand there: `` `next` ``,
    `` `default: true` ``, `` `exercise.end_date` ``; with `where`, the preposition before it too
    (`` under `modules:` ``, `` with `trigger:` ``)."""
    key: KeyPath
    """The key named: `("injects", 3, "next")`, `("injects", 3, "options", 1, "default")`, a list of
    items (`("modules",)`), a field of the exercise (`("exercise", "date")`)."""
    value: object = None
    """The value the advice says to write there (`True`, `'recover'`); None for the key alone."""
    where: bool = False
    """The words say where to write (`` under `modules:` ``: on the Modules sheet), not name the key."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a file, located the way compilers locate them.

    `line` and `column` are 1-based; 0 means "the whole file".
    """

    path: str
    line: int
    column: int
    message: str
    severity: str = "error"  # "error" or "warning"
    about: Subject | None = None
    """What the problem is about, as data (see `Subject`); None for a problem of the file itself
    (it cannot be read as YAML, an include cannot be found)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


def did_you_mean(suggestions: Iterable[str]) -> str:
    """The hint every message ends a mistyped name with: "; did you mean 'a' or 'b'?" ("" for none).

    Kept beside the errors (and out of `__all__`, it is no error) so that every
    "did you mean" in the package reads alike.
    """
    suggestions = list(suggestions)
    return f"; did you mean {' or '.join(map(repr, suggestions))}?" if suggestions else ""


def close_matches(word: str, candidates: Iterable[str], *, n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The candidates spelled most like `word`, best first (`difflib`'s ratio, at least `cutoff`).

    Linear in the number of candidates: a long list is first cut down to the
    ones sharing most letter triples with `word` (see `Vocabulary`).
    """
    import difflib  # only a mistake pays for it

    pool = [candidate for candidate, _ in Vocabulary(candidates).shortlist(word)]
    return difflib.get_close_matches(word[:MAX_COMPARED_LENGTH], pool, n=n, cutoff=cutoff)


MAX_COMPARED_LENGTH = 200
"""How much of a mistyped name is compared with the candidates (a real name is never this long)."""
SHORTLIST_FROM = 500
"""Vocabularies of at most this many names are compared whole; larger ones are shortlisted."""


class Vocabulary:
    """The names a mistyped one may have meant, prepared once for many suggestions.

    `key` is how names are compared (case and separators folded, say). A
    large vocabulary is indexed by letter triples once; each suggestion then
    compares closely only the `size` names sharing most triples with the
    mistyped one, so that a file misspelt throughout costs time in proportion
    to its length, not to its square.
    """

    def __init__(self, candidates: Iterable[str], key: Callable[[str], str] = str) -> None:
        self.items = list(candidates)
        self.key = key
        self._keys: list[str] | None = None
        self._exact: dict[str, str] | None = None
        self._postings: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.items)

    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = [self.key(item) for item in self.items]
        return self._keys

    def exact(self, word: str) -> str | None:
        """The first name whose key is `word`'s key, if any."""
        if self._exact is None:
            self._exact = {}
            for item, key in zip(self.items, self.keys(), strict=True):
                self._exact.setdefault(key, item)
        return self._exact.get(self.key(word))

    def shortlist(self, word: str, size: int = 100) -> list[tuple[str, str]]:
        """(name, key) pairs worth a close comparison with `word`: all of a small vocabulary."""
        keys = self.keys()
        if len(self.items) <= max(size, SHORTLIST_FROM):
            return list(zip(self.items, keys, strict=True))
        if self._postings is None:
            self._postings = {}
            for index, key in enumerate(keys):
                for triple in _triples(key[:MAX_COMPARED_LENGTH]):
                    self._postings.setdefault(triple, []).append(index)
        lists = [self._postings[t] for t in _triples(self.key(word)[:MAX_COMPARED_LENGTH]) if t in self._postings]
        # Triples most names share ("inj" in a file of `inject-...` ids) tell nothing apart: skip them.
        telling = [postings for postings in lists if len(postings) * 2 <= len(keys)] or lists
        shared: Counter[int] = Counter()
        for postings in telling:
            shared.update(postings)
        # Ties go to the earlier name, so that the same file always gets the same suggestions.
        best = heapq.nsmallest(size, shared.items(), key=lambda pair: (-pair[1], pair[0]))
        return [(self.items[i], keys[i]) for i, _ in best]


def _triples(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class TabletopError(Exception):
    """Base class of every error `tabletop` raises on purpose."""

    exit_status = 1


class InputError(TabletopError):
    """Bad input from a file or a person; exit status 1."""

    exit_status = 1


class UsageError(TabletopError):
    """A command used wrongly, or naming something that does not exist; exit status 2."""

    exit_status = 2


class OutputError(TabletopError):
    """A file that could not be written for want of space or a failing disk: no mistake in the
    command line, so exit status 1; the file that was there is as it was."""

    exit_status = 1


class RefusedError(TabletopError):
    """A well-formed request that the current state does not allow; exit status 1."""

    exit_status = 1


class _DiagnosticsError(InputError):
    """An input error made of located diagnostics (file, line, column, message)."""

    def __init__(self, diagnostics: list[Diagnostic] | Diagnostic) -> None:
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


class RulesError(_DiagnosticsError):
    """The rules file is broken: each diagnostic names the file, line and offending id."""


class ScenarioError(_DiagnosticsError):
    """A scenario has problems; each diagnostic is one `FILE:LINE:COL: error: ...` line."""


class SessionFileError(InputError):
    """A file that is not a session, is from a newer version, or is damaged. Never modified."""


class JournalImportError(InputError):
    """An exported journal (JSON Lines) that cannot be read back."""


class MissingFileError(UsageError):
    """A path that does not exist or cannot be read."""


class UnknownClauseError(UsageError):
    """No clause has this id; the message suggests the nearest ids."""


class UnknownPhaseError(UsageError):
    """No phase has this slug; the message suggests the nearest slugs."""


class PhaseConflictError(UsageError, InputError):
    """Phases named together that cannot hold at once: two of them belong to one region.

    It is a usage error (exit status 2) because it always reaches a person as an
    argument they typed, like a mistyped slug (`UnknownPhaseError`) in the same
    argument: `tabletop cite --phase peacetime --phase attack` must fail the way
    `--phase atack` does. It is also an `InputError` because the phase machine
    documented this refusal as one before the check moved into the corpus, and code
    that catches that must keep catching it; the usage status wins (it comes first).
    """


class TransitionRefused(RefusedError):
    """A trigger that is not legal from the current phase, or whose gates were not confirmed.

    The state is unchanged. `legal` names the triggers that are legal from here.
    """

    def __init__(self, message: str, *, legal: list[str] | None = None) -> None:
        self.legal = list(legal or [])
        super().__init__(message)


class GatesUnanswered(TransitionRefused):
    """A move (often entered by delivering an inject) needs determinations not yet confirmed.

    `trigger` is the move's trigger and `gates` the rules' `Gate` objects still
    to be answered (each has `id`, `question`, `authority`, `strength`,
    `reference`): ask the room, then try again with the answers.
    """

    def __init__(self, message: str, *, trigger: str, gates: Iterable[object], legal: list[str] | None = None) -> None:
        self.trigger = trigger
        self.gates = tuple(gates)
        super().__init__(message, legal=legal)


class SessionEnded(RefusedError):
    """The session has ended; nothing more can be recorded in it."""


class SessionMovedOn(RefusedError):
    """A command decided on a state of the session that is no longer the journal's: another
    action (or another writer) was recorded first. Nothing was recorded; `head` is the seq the
    journal stands at. Look at the session again and decide anew."""

    def __init__(self, message: str, *, head: int) -> None:
        self.head = head
        super().__init__(message)


class SessionBusy(RefusedError):
    """The session's turn to record could not be had in the time a writer waits for it: another
    writer kept it (a program stuck, or cut off while recording, before the system noticed).
    Nothing was recorded; recording again once that writer lets go of the turn is safe."""


class SeatTaken(RefusedError):
    """The facilitator's seat of a session is held by another program (on a session in a
    database: on any host). The message names who holds it, from which host and since when;
    nothing was recorded. A program whose seat was taken while its link was down records no
    more: the other program moves play now."""

    def __init__(self, message: str, *, holder: str = "another program") -> None:
        super().__init__(message)
        self.holder = holder
        """Who holds the seat, as a person is told it: `Kenji Sato on host ichigaya since ...` (a
        session in a database), `another program on this computer` (a session file)."""


class DatabaseError(TabletopError):
    """The session database cannot be used: no schema or a newer one, a refused login or
    privilege, a connection setting it does not accept; exit status 1.

    Messages name the database by host, port, database and user, never by the
    URL it was given: a password in it is never shown.
    """

    exit_status = 1


class DatabaseUnavailable(DatabaseError):
    """The link to the session database is down, and stayed down for as long as it was retried.

    `maybe_recorded` is True when the link dropped after an event was sent: it may
    have been recorded. Appending the same event again (with the same
    `event_id`) once the link is back is safe: it is recorded at most once.
    """

    def __init__(self, message: str, *, event_id: object = None, maybe_recorded: bool = False) -> None:
        super().__init__(message)
        self.event_id = event_id
        self.maybe_recorded = maybe_recorded
