from reporting.domain.suppression import COMPLEMENTARY, SMALL, suppress, suppress_union


def test_a_table_without_small_cells_is_shown_whole() -> None:
    table = suppress({"a": 0, "b": 5, "c": 40})
    assert table.cells == {"a": 0, "b": 5, "c": 40}
    assert table.total == 45


def test_one_small_cell_takes_the_smallest_large_cell_with_it() -> None:
    table = suppress({"a": 3, "b": 7, "c": 40})
    assert table.cells == {"a": SMALL, "b": COMPLEMENTARY, "c": 40}
    assert table.total == 50


def test_two_small_cells_whose_sum_allows_several_splits_need_no_complement() -> None:
    table = suppress({"a": 3, "b": 2, "c": 40})
    assert table.cells == {"a": SMALL, "b": SMALL, "c": 40}


def test_two_ones_would_be_given_away_by_their_sum_so_a_complement_is_hidden() -> None:
    table = suppress({"a": 1, "b": 1, "c": 9, "d": 40})
    assert table.cells == {"a": SMALL, "b": SMALL, "c": COMPLEMENTARY, "d": 40}


def test_two_fours_would_be_given_away_too() -> None:
    table = suppress({"a": 4, "b": 4, "c": 9})
    assert table.cells["c"] == COMPLEMENTARY


def test_the_total_is_hidden_when_no_cell_can_protect_a_small_one() -> None:
    table = suppress({"a": 2, "b": 0})
    assert table.cells == {"a": SMALL, "b": 0}
    assert table.total == SMALL


def test_zeros_stay_visible() -> None:
    assert suppress({"a": 0, "b": 0}).cells == {"a": 0, "b": 0}


def test_cells_hidden_in_the_latest_release_stay_hidden_in_an_earlier_one() -> None:
    earlier = suppress({"roma": 1, "bologna": 5, "milano": 6}, also_hide={"roma", "milano"})
    assert earlier.cells == {"roma": SMALL, "bologna": 5, "milano": COMPLEMENTARY}
    assert earlier.total == 12


def test_an_earlier_release_without_small_cells_still_hides_what_the_latest_hides() -> None:
    earlier = suppress({"roma": 0, "bologna": 10, "milano": 6}, also_hide={"roma", "bologna"})
    assert earlier.cells == {"roma": 0, "bologna": COMPLEMENTARY, "milano": COMPLEMENTARY}
    assert earlier.total == 16


def test_a_total_counting_people_once_is_shown_beside_the_same_cells_as_their_sum() -> None:
    table = suppress_union({"roma": 3, "bologna": 7, "milano": 40}, people=49)
    assert table.cells == {"roma": SMALL, "bologna": COMPLEMENTARY, "milano": 40}
    assert table.total == 49


def test_a_few_people_counted_twice_cannot_be_read_from_shown_cells() -> None:
    table = suppress_union({"roma": 6, "bologna": 10, "milano": 40}, people=55)
    assert table.cells == {"roma": COMPLEMENTARY, "bologna": COMPLEMENTARY, "milano": 40}
    assert table.total == 55


def test_many_people_counted_twice_hide_nothing_more() -> None:
    table = suppress_union({"roma": 16, "bologna": 10}, people=20)
    assert (table.cells, table.total) == ({"roma": 16, "bologna": 10}, 20)


def test_the_people_total_is_hidden_when_the_cells_sum_would_be() -> None:
    table = suppress_union({"a": 2, "b": 0}, people=2)
    assert table.total == SMALL
