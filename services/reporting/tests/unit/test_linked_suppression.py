from reporting.domain.linked_suppression import suppress_together
from reporting.domain.suppression import COMPLEMENTARY, SMALL


def test_columns_without_small_cells_are_shown_whole() -> None:
    tables = suppress_together({"received": {"a": 10, "b": 7}, "open": {"a": 5, "b": 7}})
    assert tables["received"].cells == {"a": 10, "b": 7}
    assert tables["open"].total == 12


def test_a_row_hidden_in_one_column_is_hidden_in_the_others() -> None:
    tables = suppress_together(
        {
            "received": {"a": 10, "b": 20, "c": 30},
            "answered": {"a": 7, "b": 12, "c": 25},
            "open": {"a": 3, "b": 8, "c": 5},
        }
    )
    assert tables["open"].cells["a"] == SMALL
    assert tables["received"].cells["a"] == COMPLEMENTARY
    assert tables["answered"].cells["a"] == COMPLEMENTARY
    # each column hides a complement too, and the hidden rows travel across columns
    for table in tables.values():
        assert sum(isinstance(v, str) for v in table.cells.values()) >= 2


def test_zeros_stay_visible_in_a_hidden_row() -> None:
    tables = suppress_together({"received": {"a": 1, "b": 9}, "answered": {"a": 0, "b": 9}})
    assert tables["received"].cells["a"] == SMALL
    assert tables["answered"].cells["a"] == 0


def test_when_one_total_is_hidden_all_are() -> None:
    tables = suppress_together({"received": {"a": 2, "b": 0}, "answered": {"a": 0, "b": 6}})
    assert tables["received"].total == SMALL
    assert tables["answered"].total == COMPLEMENTARY


def test_cells_hidden_in_the_latest_release_stay_hidden() -> None:
    tables = suppress_together(
        {"received": {"a": 10, "b": 20}, "open": {"a": 5, "b": 6}}, {"open": {"a"}}
    )
    assert tables["received"].cells["a"] == COMPLEMENTARY
    assert tables["open"].cells["a"] == COMPLEMENTARY
