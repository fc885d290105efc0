"""MSEL spreadsheets: a scenario as the Master Scenario Events List workbook planners use, and back.

Called by `tabletop msel export` and `tabletop msel import`. Exercise staff
who follow HSEEP keep the MSEL in a spreadsheet; `render_workbook` writes a
scenario as one (an MSEL sheet, one row per inject in play order, and sheets
for the exercise, objectives, cells, modules, agenda, contacts and acronyms,
with a read-me sheet), and
`import_workbook` reads one back into a scenario, checked by the scenario
validator itself, every problem located at its sheet and cell. The layout of
the sheets is `tabletop.msel._layout`; how lists are written in one cell is
`tabletop.msel._cells`; how a workbook from elsewhere is opened safely is
`tabletop.msel._workbook`.
"""

from tabletop.msel._cells import join_entries, read_entry, read_lines, write_entry, write_line
from tabletop.msel._export import render_workbook
from tabletop.msel._import import CellDiagnostic, ColumnMap, ImportedScenario, MselError, import_workbook
from tabletop.msel._layout import MSEL_COLUMNS, SHEETS
from tabletop.msel._mapping import MAPPABLE_FIELDS, load_column_map
from tabletop.msel._merge import merge_into
from tabletop.msel._workbook import MAX_CELLS, MAX_COLUMNS, MAX_EXPANDED_BYTES, MAX_ROWS, MAX_WORKBOOK_BYTES

__all__ = [
    "CellDiagnostic",
    "ColumnMap",
    "ImportedScenario",
    "MAPPABLE_FIELDS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_EXPANDED_BYTES",
    "MAX_ROWS",
    "MAX_WORKBOOK_BYTES",
    "MSEL_COLUMNS",
    "MselError",
    "SHEETS",
    "import_workbook",
    "join_entries",
    "load_column_map",
    "merge_into",
    "read_entry",
    "read_lines",
    "render_workbook",
    "write_entry",
    "write_line",
]
