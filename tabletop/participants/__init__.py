"""The participants' page: the people of each cell answering the facilitator's prompts from their
own browsers, on the exercise's own network, and the seat cards and paper answer sheets that go
with it.

Called by the command line (`tabletop participants`). A user interface beside the console: it
reads the session core and the documents' template environment, records every answer through
`Session.execute`, and never imports Textual (an import-linter contract says so).
"""

from tabletop.participants._cards import answer_sheets, issue_seats, reissue_seats, seat_cards, IssuedSeat
from tabletop.participants._page import (
    JOINS_PER_MINUTE,
    MAX_BODY_BYTES,
    SLOW_JOIN_SECONDS,
    SUBMISSIONS_PER_MINUTE,
    ParticipantsPage,
    classification_marking,
    page_environment,
)

__all__ = [
    "IssuedSeat",
    "JOINS_PER_MINUTE",
    "MAX_BODY_BYTES",
    "ParticipantsPage",
    "SLOW_JOIN_SECONDS",
    "SUBMISSIONS_PER_MINUTE",
    "answer_sheets",
    "classification_marking",
    "issue_seats",
    "page_environment",
    "reissue_seats",
    "seat_cards",
]
