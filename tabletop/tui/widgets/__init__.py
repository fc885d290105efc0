"""The console's widgets: each draws one part of a `SessionSnapshot` through `show(snapshot)`."""

from tabletop.tui.widgets.citations import CitationPanel
from tabletop.tui.widgets.header import Banner, ClassificationBar, ExerciseHeader
from tabletop.tui.widgets.inject_list import InjectList
from tabletop.tui.widgets.inject_view import InjectDetail
from tabletop.tui.widgets.phase_track import PhaseTrack

__all__ = ["Banner", "CitationPanel", "ClassificationBar", "ExerciseHeader", "InjectDetail", "InjectList", "PhaseTrack"]
