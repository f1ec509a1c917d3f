"""Complementary suppression: no hidden count can be worked out from a table's total.

Every count below SUPPRESSION_THRESHOLD is shown as "fewer than 5". Where a table's
rows add up to a total shown elsewhere, a single hidden row would be the total minus
the others; so the smallest shown rows are withheld too (`Withheld`, shown as
"withheld"), until every hidden row could still take more than one value given
what is shown. A reader knows a small row lies in 0 to 4 and a withheld one is at least
5; `feasible_range` is that reader's best deduction.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from .formatting import SUPPRESSION_THRESHOLD, Withheld, is_suppressed

K = TypeVar("K", bound=Hashable)

SMALL_MAX = SUPPRESSION_THRESHOLD - 1


def _bounds(value: int, total: int) -> tuple[int, int]:
    """What a reader knows of a hidden cell: 0 to 4 when small, 5 to the total when withheld."""
    if isinstance(value, Withheld):
        return SUPPRESSION_THRESHOLD, total
    return 0, SMALL_MAX


def feasible_range(values: Sequence[int], total: int, index: int) -> tuple[int, int]:
    """The least and greatest value hidden cell `index` can have, given the shown cells,
    what a reader knows of the hidden ones, and that the cells add up to `total`."""
    rest = total - sum(v for v in values if not is_suppressed(v))
    hidden = [i for i, v in enumerate(values) if is_suppressed(v)]
    low, high = _bounds(values[index], total)
    others_low = sum(_bounds(values[i], total)[0] for i in hidden if i != index)
    others_high = sum(_bounds(values[i], total)[1] for i in hidden if i != index)
    return max(low, rest - others_high), min(high, rest - others_low)


def _determined(values: Sequence[int], total: int) -> bool:
    return any(
        low >= high
        for index, value in enumerate(values)
        if is_suppressed(value)
        for low, high in [feasible_range(values, total, index)]
    )


def protect(values: Sequence[int], total: int | None) -> list[int]:
    """`values` with the counts to withhold marked, so that none hidden is determined.

    With no total shown (or a total itself hidden) nothing can be subtracted, and the
    values come back as they are.
    """
    cells = [int(v) for v in values]
    if total is None or total < SUPPRESSION_THRESHOLD or not any(map(is_suppressed, cells)):
        return cells
    while _determined(cells, total):
        shown = [i for i, v in enumerate(cells) if not is_suppressed(v)]
        if not shown:
            break
        smallest = min(shown, key=lambda i: (cells[i], i))
        cells[smallest] = Withheld(cells[smallest])
    return cells


def protect_mapping(counts: Mapping[K, int], total: int | None) -> dict[K, int]:
    keys = list(counts)
    return dict(zip(keys, protect([counts[k] for k in keys], total), strict=True))


def protected_figures(figures: dict[str, Any], questions: Iterable[Any]) -> dict[str, Any]:
    """`figures` with complementary suppression applied to every table that adds up to a
    total the report shows; the values stay ints (withheld ones are `Withheld`)."""
    totals = figures["totals"]
    answers, people = totals["answers"], totals["participants"]
    protected = dict(figures)
    for key in ("by_province", "by_age_range", "by_respondent_type"):
        protected[key] = protect_mapping(figures[key], people)
    for key in ("by_language", "by_week", "by_chapter"):
        protected[key] = protect_mapping(figures[key], answers)
    # Questions add up to their chapter; a question's languages add up to the question.
    by_question = dict(figures["by_question"])
    chapters: dict[str, list[str]] = {}
    for question in questions:
        chapters.setdefault(str(question.chapter_id), []).append(str(question.pk))
    for chapter_id, question_ids in chapters.items():
        present = {q: by_question[q] for q in question_ids if q in by_question}
        chapter_total = protected["by_chapter"].get(chapter_id)
        shown_total = (
            None if chapter_total is None or is_suppressed(chapter_total) else chapter_total
        )
        by_question.update(protect_mapping(present, shown_total))
    protected["by_question"] = by_question
    by_question_language: dict[str, dict[str, int]] = {}
    for question_id, languages in figures["by_question_language"].items():
        total = by_question.get(question_id)
        if total is not None and isinstance(total, Withheld):
            # The question's own count is withheld: its languages would add it back up.
            by_question_language[question_id] = {
                k: v if v < SUPPRESSION_THRESHOLD else Withheld(v) for k, v in languages.items()
            }
            continue
        shown_total = None if total is None or is_suppressed(total) else total
        by_question_language[question_id] = protect_mapping(languages, shown_total)
    protected["by_question_language"] = by_question_language
    forum = dict(figures["forum"])
    boards = [dict(board) for board in forum.get("boards", [])]
    for field, total_key in (("threads", "threads"), ("posts", "posts")):
        values = protect([board[field] for board in boards], forum.get(total_key))
        for board, value in zip(boards, values, strict=True):
            board[field] = value
    forum["boards"] = boards
    protected["forum"] = forum
    return protected
