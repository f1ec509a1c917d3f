"""Complementary suppression: a test reader tries to work out every hidden count."""

import random

import pytest

from reports.formatting import SUPPRESSION_THRESHOLD, Withheld, is_suppressed
from reports.suppression import protect, protected_figures, total_pinned

SMALL = SUPPRESSION_THRESHOLD


def _possible_values(values: list[int], total: int, index: int) -> set[int]:
    """Every value hidden cell `index` can take: a reader's exhaustive search (subset
    sums of what the other hidden cells can be), independent of the code's bounds."""
    shown = sum(v for v in values if not is_suppressed(v))
    rest = total - shown

    def options(value: int) -> range:
        return range(SMALL, rest + 1) if isinstance(value, Withheld) else range(SMALL)

    sums = {0}
    for i, value in enumerate(values):
        if i == index or not is_suppressed(value):
            continue
        sums = {s + v for s in sums for v in options(value) if s + v <= rest}
    return {v for v in options(values[index]) if rest - v in sums}


def _determined_cells(values: list[int], total: int) -> list[int]:
    return [
        i
        for i, value in enumerate(values)
        if is_suppressed(value) and len(_possible_values(values, total, i)) < 2
    ]


def test_the_reader_catches_a_single_hidden_cell():
    assert _determined_cells([3, 10, 12], 25) == [0]


@pytest.mark.parametrize("seed", range(200))
def test_no_hidden_cell_can_be_derived_from_the_total(seed):
    rng = random.Random(seed)
    values = [rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 30, 100]) for _ in range(rng.randint(1, 8))]
    total = sum(values)
    protected = protect(values, total)
    assert [int(v) for v in protected] == values  # the numbers themselves never change
    if total_pinned(protected, total):
        # Every row hidden and the total still pins one: the total is withheld too,
        # and with no total nothing can be subtracted.
        assert all(is_suppressed(v) for v in protected)
        assert _determined_cells(protected, total)
        return
    if total >= SMALL and any(is_suppressed(v) for v in protected):
        assert not _determined_cells(protected, total), (values, protected)


def test_every_row_hidden_and_the_total_pinning_one_withholds_the_total():
    protected = protect([0, 5], 5)
    assert [type(v) for v in protected] == [int, Withheld]
    assert _determined_cells(protected, 5)  # 5 must be the withheld row: 0 and 5
    assert total_pinned(protected, 5)
    assert not total_pinned(protect([3, 10, 12], 25), 25)


def test_every_report_table_protects_its_small_cells():
    class Q:
        def __init__(self, pk: int, chapter_id: int) -> None:
            self.pk, self.chapter_id = pk, chapter_id

    figures = {
        "totals": {"answers": 60, "participants": 40},
        "by_province": {"ON": 30, "QC": 8, "NU": 2},
        "by_age_range": {"18-34": 20, "35-54": 19, "": 1},
        "by_respondent_type": {"individual": 40},
        "by_language": {"en": 57, "fr": 3},
        "by_week": {"2026-W46": 50, "2026-W47": 10},
        "by_chapter": {"1": 52, "2": 8},
        "by_question": {"10": 50, "11": 2, "20": 8},
        "by_question_language": {
            "10": {"en": 48, "fr": 2},
            "11": {"en": 2},
            "20": {"en": 7, "fr": 1},
        },
        "forum": {
            "threads": 12,
            "posts": 40,
            "participants": 9,
            "boards": [{"id": 1, "threads": 10, "posts": 37}, {"id": 2, "threads": 2, "posts": 3}],
        },
    }
    questions = [Q(10, 1), Q(11, 1), Q(20, 2)]
    protected = protected_figures(figures, questions)
    tables = [
        (list(protected["by_province"].values()), 40),
        (list(protected["by_age_range"].values()), 40),
        (list(protected["by_language"].values()), 60),
        (list(protected["by_chapter"].values()), 60),
        ([protected["by_question"][q] for q in ("10", "11")], 52),
        (list(protected["by_question_language"]["10"].values()), 50),
        (list(protected["by_question_language"]["20"].values()), 8),
        ([b["threads"] for b in protected["forum"]["boards"]], 12),
        ([b["posts"] for b in protected["forum"]["boards"]], 40),
    ]
    for values, total in tables:
        assert not _determined_cells(values, total), (values, total)
    assert isinstance(protected["by_province"]["QC"], Withheld)


def test_a_pinned_total_is_withheld_in_every_table_that_shows_it():
    """A question's languages (0 and 5 of 5) pin its count: the count is withheld in
    its chapter's table, which then protects its other rows, and so on upwards."""

    class Q:
        def __init__(self, pk: int, chapter_id: int) -> None:
            self.pk, self.chapter_id = pk, chapter_id

    figures = {
        "totals": {"answers": 40, "participants": 30},
        "by_province": {"ON": 30},
        "by_age_range": {"18-34": 30},
        "by_respondent_type": {"individual": 30},
        "by_language": {"en": 35, "fr": 5},
        "by_week": {"2026-W46": 40},
        "by_chapter": {"1": 25, "2": 15},
        "by_question": {"10": 5, "11": 20, "20": 15},
        "by_question_language": {
            "10": {"en": 0, "fr": 5},
            "11": {"en": 20},
            "20": {"en": 15},
        },
        "forum": {
            "threads": 5,
            "posts": 9,
            "participants": 6,
            "boards": [{"id": 1, "threads": 0, "posts": 0}, {"id": 2, "threads": 5, "posts": 9}],
        },
    }
    protected = protected_figures(figures, [Q(10, 1), Q(11, 1), Q(20, 2)])
    assert isinstance(protected["by_question"]["10"], Withheld)
    # ...so the chapter's other question is withheld beside it, or it would give it back.
    assert isinstance(protected["by_question"]["11"], Withheld)
    assert isinstance(protected["forum"]["threads"], Withheld)
    assert not isinstance(protected["forum"]["posts"], Withheld)  # 0 and 9 of 9: 0 to 4
    tables = [
        (list(protected["by_question_language"]["10"].values()), protected["by_question"]["10"]),
        ([protected["by_question"][q] for q in ("10", "11")], protected["by_chapter"]["1"]),
        (list(protected["by_chapter"].values()), protected["totals"]["answers"]),
        ([b["threads"] for b in protected["forum"]["boards"]], protected["forum"]["threads"]),
        ([b["posts"] for b in protected["forum"]["boards"]], protected["forum"]["posts"]),
    ]
    for values, total in tables:
        if isinstance(total, Withheld) or total < SMALL:
            continue  # no total to subtract from
        assert not _determined_cells(values, total), (values, total)
    # The numbers never change, only how they are shown.
    assert int(protected["by_question"]["10"]) == 5
