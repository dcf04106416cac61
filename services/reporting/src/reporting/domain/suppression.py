"""Small-cell suppression for the national office (DESIGN 6).

A cell counting 1 to 4 people is shown as ``"<5"``. Complementary cells (shown as
``"suppressed"``) are hidden beside it until the hidden cells cannot be worked out from
the total: a reader knows each ``"<5"`` cell is 1..4 and each complementary cell is 5 or
more, so the hidden cells are safe when at least two are hidden and their sum lies strictly
between the smallest and largest sum those ranges allow. When the cells run out first, the
total is hidden too.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

SMALL = "<5"
COMPLEMENTARY = "suppressed"
SMALLEST_SHOWN = 5

Shown = int | str


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    cells: dict[str, Shown]
    total: Shown


def is_small(value: int) -> bool:
    return 1 <= value < SMALLEST_SHOWN


def _safe(values: Mapping[str, int], small: set[str], hidden: set[str]) -> bool:
    if len(hidden) < 2:
        return False
    complementary = len(hidden - small)
    hidden_sum = sum(values[cell] for cell in hidden)
    lowest = len(small) + SMALLEST_SHOWN * complementary
    highest = float("inf") if complementary else (SMALLEST_SHOWN - 1) * len(small)
    return lowest < hidden_sum < highest


def suppress(values: Mapping[str, int], also_hide: Collection[str] = ()) -> SuppressedTable:
    """*values* (cells of one breakdown whose total is published) with small cells hidden.

    ``also_hide``: cells hidden in another release of the same table (the latest one), kept
    hidden here when not zero, so that two releases do not differ in a way that shows a cell.
    """
    kept = any(values.get(cell, 0) > 0 for cell in also_hide)
    if not kept and not any(is_small(value) for value in values.values()):
        return SuppressedTable(dict(values), sum(values.values()))
    return conceal(values, also_hide)


def suppress_union(
    values: Mapping[str, int], people: int, also_hide: Collection[str] = ()
) -> SuppressedTable:
    """*values* (cells that may count one person in several of them: a person taken in charge
    by two municipalities is in both rows) and their total *people*, each person once.

    The cells are suppressed as if their total were their sum. *people* tells a reader less
    than that sum (sum = *people* + those counted twice, a number the reader is not given), so
    no hidden cell can be worked out from it; a total hidden there is hidden here too. Those
    counted twice are people as well: when there are 1 to 4 of them and every cell is shown
    (the reader could subtract *people* from the cells' sum), the smallest cell is hidden too,
    with as many complementary cells as ``conceal`` needs."""
    twice = sum(values.values()) - people
    table = suppress(values, also_hide)
    if is_small(twice) and not hidden_cells(table):
        smallest = min((v, cell) for cell, v in values.items() if v > 0)[1]
        table = conceal(values, {*also_hide, smallest})
    total = hide_figure(people) if isinstance(table.total, str) else people
    return SuppressedTable(table.cells, total)


def conceal(values: Mapping[str, int], hide: Collection[str]) -> SuppressedTable:
    """*values* with every small cell and the non-zero cells of *hide* hidden, and as many
    complementary cells (then the total) as it takes to keep them from being worked out."""
    total = sum(values.values())
    small = {cell for cell, value in values.items() if is_small(value)}
    hidden = small | {cell for cell in hide if values.get(cell, 0) > 0}
    if not hidden:
        return SuppressedTable(dict(values), total)
    candidates = sorted(
        (value, cell)
        for cell, value in values.items()
        if value >= SMALLEST_SHOWN and cell not in hidden
    )
    while not _safe(values, small, hidden) and candidates:
        hidden.add(candidates.pop(0)[1])
    cells: dict[str, Shown] = {
        cell: (SMALL if cell in small else COMPLEMENTARY) if cell in hidden else value
        for cell, value in values.items()
    }
    if _safe(values, small, hidden):
        return SuppressedTable(cells, total)
    return SuppressedTable(cells, hide_figure(total))


def withheld(values: Mapping[str, int]) -> SuppressedTable:
    """Every non-zero cell and the total hidden: the table's total is hidden elsewhere."""

    return SuppressedTable(
        {cell: hide_figure(v) for cell, v in values.items()}, hide_figure(sum(values.values()))
    )


def hide_figure(value: int) -> Shown:
    """A figure hidden whatever its size (zero stays: it gives nothing away)."""
    return value if value == 0 else SMALL if is_small(value) else COMPLEMENTARY


def hidden_cells(table: SuppressedTable) -> set[str]:
    return {cell for cell, shown in table.cells.items() if isinstance(shown, str)}


def as_shown(value: int) -> Shown:
    """A single figure on its own: small ones are hidden."""
    return SMALL if is_small(value) else value
