"""Small-cell suppression of columns that add up row by row (received = answered + open).

Suppressed one by one, such columns give each other away: a hidden "open" of 3 beside a
shown "received" of 10 and "answered" of 7 is no secret. So a row hidden in one of them
is hidden in all (where not zero), each column then gets the complementary cells it needs,
until nothing changes; and if one column's total must be hidden, all their totals are.
"""

from collections.abc import Collection, Mapping

from reporting.domain.suppression import SuppressedTable, conceal, hidden_cells, hide_figure


def suppress_together(
    columns: Mapping[str, Mapping[str, int]],
    also_hide: Mapping[str, Collection[str]] | None = None,
) -> dict[str, SuppressedTable]:
    """Each column of *columns* (column -> row -> count), suppressed together.

    ``also_hide``: per column, cells hidden in the latest release (see ``suppress``)."""
    rows: set[str] = set()
    for hide in (also_hide or {}).values():
        rows |= set(hide)
    while True:
        tables = {name: conceal(values, rows) for name, values in columns.items()}
        found = set().union(*(hidden_cells(table) for table in tables.values()))
        if found <= rows:
            return _totals_together(tables, columns)
        rows |= found


def _totals_together(
    tables: dict[str, SuppressedTable], columns: Mapping[str, Mapping[str, int]]
) -> dict[str, SuppressedTable]:
    if not any(isinstance(table.total, str) for table in tables.values()):
        return tables
    return {
        name: SuppressedTable(table.cells, hide_figure(sum(columns[name].values())))
        for name, table in tables.items()
    }
