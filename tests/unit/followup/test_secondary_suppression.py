"""Secondary (complementary) suppression: no hidden value can be worked out as a total less the visible parts."""

from __future__ import annotations

import random

from shared.disclosure import MIN_PERSONS, Layout, is_suppressed, protect

HIDDEN = {"suppressed": True}
SIMPLE = Layout(counts=("persons",))
SPLIT = Layout(counts=("persons", "passed", "failed"), sums=(("persons", ("passed", "failed")),),
               percents={"percentPassed": ("passed", "persons")}, statistics={"median": "persons"})  # fmt: skip


def breakdown(total: int, parts: dict[str, int], by: str = "venue") -> list[dict]:
    return [{"by": "total", "key": None, "persons": total}] + [
        {"by": by, "key": k, "persons": v} for k, v in parts.items()
    ]


def shown(cells: list[dict]) -> dict:
    return {(c["by"], c["key"]): c["persons"] for c in cells}


def test_a_cell_of_three_beside_its_total_hides_the_next_smallest_too():
    out = shown(protect(breakdown(20, {"a": 3, "b": 8, "c": 9}), SIMPLE))
    assert out == {("total", None): 20, ("venue", "a"): HIDDEN, ("venue", "b"): HIDDEN, ("venue", "c"): 9}


def test_two_small_cells_that_add_up_to_less_than_five_take_a_third_with_them():
    out = shown(protect(breakdown(33, {"a": 1, "b": 2, "c": 30}), SIMPLE))
    assert out == {("total", None): 33, ("venue", "a"): HIDDEN, ("venue", "b"): HIDDEN, ("venue", "c"): HIDDEN}


def test_two_small_cells_that_add_up_to_five_are_enough():
    out = shown(protect(breakdown(40, {"a": 2, "b": 3, "c": 35}), SIMPLE))
    assert out == {("total", None): 40, ("venue", "a"): HIDDEN, ("venue", "b"): HIDDEN, ("venue", "c"): 35}


def test_a_breakdown_without_small_cells_is_published_whole():
    assert shown(protect(breakdown(30, {"a": 10, "b": 20}), SIMPLE)) == {
        ("total", None): 30, ("venue", "a"): 10, ("venue", "b"): 20}  # fmt: skip


def test_a_breakdown_of_one_hidden_part_hides_its_total():
    sexes = [{"by": "sex", "key": "x", "persons": 3}, {"by": "sex", "key": "y", "persons": 9}]
    cells = [*breakdown(12, {"a": 12}), *sexes]
    out = shown(protect(cells, SIMPLE))
    # sex hides 3 and 9; the venue breakdown's single part equals the total, so nothing else is derivable
    assert out[("sex", "x")] == HIDDEN and out[("sex", "y")] == HIDDEN and out[("venue", "a")] == 12


def test_periods_add_up_to_their_year():
    cells = [{"by": "total", "key": None, "persons": 50}, {"by": "period", "key": "2025-Q1", "persons": 2},
             {"by": "period", "key": "2025-Q2", "persons": 20}, {"by": "period", "key": "2026-Q1", "persons": 28},
             {"by": "year", "key": "2025", "persons": 22}, {"by": "year", "key": "2026", "persons": 28}]  # fmt: skip
    out = shown(protect(cells, SIMPLE))
    assert out[("period", "2025-Q1")] == HIDDEN and out[("period", "2025-Q2")] == HIDDEN  # 22 - 20 would give 2
    assert out[("year", "2025")] == 22 and out[("period", "2026-Q1")] == 28


def test_a_hidden_part_of_a_cell_hides_its_complement_and_the_percentage_derived_from_it():
    (cell,) = protect([{"by": "total", "key": None, "persons": 40, "passed": 37, "failed": 3,
                        "percentPassed": None, "median": 12.25}], SPLIT)  # fmt: skip
    assert cell == {"by": "total", "key": None, "persons": 40, "passed": HIDDEN, "failed": HIDDEN,
                    "percentPassed": HIDDEN, "median": 12.2}  # fmt: skip


def test_the_series_of_everything_is_the_sum_of_the_others():
    layout = Layout(counts=("persons",), series=("course",), summed_series=True)
    cells = [{"by": "total", "key": None, "course": c, "persons": n} for c, n in ((None, 30), ("A", 3), ("B", 27))]
    out = protect(cells, layout)
    assert [c["persons"] for c in out] == [30, HIDDEN, HIDDEN]


def test_a_hidden_total_is_not_given_away_by_its_parts():
    # the total is hidden by its own cell (persons = passed + failed, failed small); the venues must not add up to it
    total = {"by": "total", "key": None, "persons": 30, "passed": 27, "failed": 3}
    venues = [{"by": "venue", "key": k, "persons": n, "passed": n, "failed": 0} for k, n in (("a", 10), ("b", 20))]
    cells = [total, *venues]
    layout = Layout(counts=("persons", "passed", "failed"), sums=(("persons", ("passed", "failed")),))
    out = protect(cells, layout)
    assert not derivable(out, layout)


def derivable(cells: list[dict], layout: Layout) -> list:
    """Every hidden value that one equation of the figure gives away (written here, not taken from the code)."""
    found = []

    def value(cell, path):
        for part in path.split("."):
            cell = cell[part]
        return cell

    equations = []
    for i in range(len(cells)):
        equations += [((i, t), [(i, p) for p in parts]) for t, parts in layout.sums]
    totals = {tuple(c.get(f) for f in layout.series): i for i, c in enumerate(cells) if c["by"] == "total"}
    for by in {c["by"] for c in cells} - {"total"}:
        for series, t in totals.items():
            members = [
                i for i, c in enumerate(cells) if c["by"] == by and tuple(c.get(f) for f in layout.series) == series
            ]
            equations += [((t, m), [(i, m) for i in members]) for m in layout.counts]
    for (ti, tp), parts in equations:
        items = [(ti, tp), *parts]
        hidden = [n for n in items if is_suppressed(value(cells[n[0]], n[1]))]
        if len(hidden) == 1:
            found.append(hidden[0])
        elif hidden and (ti, tp) not in hidden:
            rest = value(cells[ti], tp) - sum(value(cells[i], p) for i, p in parts if (i, p) not in hidden)
            if rest < MIN_PERSONS:
                found.append(tuple(hidden))
    return found


def test_random_breakdowns_never_give_a_hidden_value_away():
    rng = random.Random(23)
    layout = Layout(counts=("persons", "passed", "failed"), sums=(("persons", ("passed", "failed")),))
    for _ in range(300):
        venues = []
        for k in range(rng.randint(1, 6)):
            passed, failed = rng.choice((0, 1, 2, 3, 4, 6, 11, 30)), rng.choice((0, 1, 2, 5, 9, 40))
            venues.append(
                {"by": "venue", "key": str(k), "persons": passed + failed, "passed": passed, "failed": failed}
            )
        total = {m: sum(c[m] for c in venues) for m in layout.counts}
        cells = [{"by": "total", "key": None, **total}, *venues]
        out = protect(cells, layout)
        assert not derivable(out, layout), (cells, out)
        for raw, pub in zip(cells, out, strict=True):
            for m in layout.counts:
                assert is_suppressed(pub[m]) or (pub[m] == raw[m] and raw[m] >= MIN_PERSONS)
