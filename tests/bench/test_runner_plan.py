"""Which data a bench run generates: the duplicate check and the proposals list make their own rows,
so a run of only them does not wait for the cells, cases, spaces and points (minutes at 10x)."""

from bench.runner import generic_data_needed, plan


def test_the_duplicate_check_alone_needs_no_generic_data():
    assert generic_data_needed(["duplicates"]) is False
    assert generic_data_needed(["proposals"]) is False
    assert generic_data_needed(["duplicates", "proposals"]) is False
    assert generic_data_needed([]) is False


def test_any_other_pair_beside_it_does():
    assert generic_data_needed(["duplicates", "lookup"]) is True
    for pair in plan(10, first=True, largest=10):
        assert generic_data_needed([pair]) is (pair not in ("duplicates", "proposals"))
