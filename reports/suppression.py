"""Complementary suppression: no hidden count can be worked out from a table's total.

Every count below SUPPRESSION_THRESHOLD is shown as "fewer than 5". Where a table's
rows add up to a total shown elsewhere, a single hidden row would be the total minus
the others; so the smallest shown rows are withheld too (`Withheld`, shown as
"withheld"), until every hidden row could still take more than one value given
what is shown. A reader knows a small row lies in 0 to 4 and a withheld one is at least
5; `feasible_range` is that reader's best deduction.

When every row is hidden and the total still pins one (rows 0 and 5, total 5: the
withheld row is at least 5, so it is 5 and the other 0), no row is left to withhold:
the total itself is withheld, wherever it is shown, and then nothing can be
subtracted. A withheld total is a row of the table above it (a question's count is a
row of its chapter's table, a chapter's of the answers'), so `protected_figures`
protects again until no table asks for another total.
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
    cells = [v if isinstance(v, Withheld) else int(v) for v in values]
    if total is None or total < SUPPRESSION_THRESHOLD or not any(map(is_suppressed, cells)):
        return cells
    while _determined(cells, total):
        shown = [i for i, v in enumerate(cells) if not is_suppressed(v)]
        if not shown:
            break
        smallest = min(shown, key=lambda i: (cells[i], i))
        cells[smallest] = Withheld(cells[smallest])
    return cells


def total_pinned(cells: Sequence[int], total: int | None) -> bool:
    """Whether protected `cells` still let a reader work out a hidden one from `total`
    (only when every cell is hidden): then the total must be withheld too."""
    if total is None or is_suppressed(total) or not any(map(is_suppressed, cells)):
        return False
    return _determined(cells, total)


def protect_mapping(counts: Mapping[K, int], total: int | None) -> dict[K, int]:
    keys = list(counts)
    return dict(zip(keys, protect([counts[k] for k in keys], total), strict=True))


def _shown(value: int | None) -> int | None:
    return None if value is None or is_suppressed(value) else value


def protected_figures(figures: dict[str, Any], questions: Iterable[Any]) -> dict[str, Any]:
    """`figures` with complementary suppression applied to every table that adds up to a
    total the report shows; the values stay ints (withheld ones are `Withheld`).

    A total that a table pins (see the module's note) is withheld and everything is
    protected again, until no table pins one: each round only adds a withheld total.
    """
    questions = list(questions)
    totals: set[tuple[str, str]] = set()
    while True:
        protected, pinned = _protected_once(figures, questions, totals)
        if pinned <= totals:
            return protected
        totals |= pinned


def _protected_once(
    figures: dict[str, Any], questions: list[Any], withheld: set[tuple[str, str]]
) -> tuple[dict[str, Any], set[tuple[str, str]]]:
    """One round: `figures` protected with the totals in `withheld` withheld, and the
    totals some table still pins."""
    pinned: set[tuple[str, str]] = set()

    def table(
        counts: Mapping[str, int], total: int | None, name: tuple[str, str]
    ) -> dict[str, int]:
        keys = list(counts)
        cells = protect([counts[k] for k in keys], _shown(total))
        if total_pinned(cells, _shown(total)):
            pinned.add(name)
        return dict(zip(keys, cells, strict=True))

    def forced(section: str, counts: Mapping[str, int]) -> dict[str, int]:
        return {
            key: Withheld(value) if (section, key) in withheld else value
            for key, value in counts.items()
        }

    totals = forced("totals", figures["totals"])
    answers, people = totals["answers"], totals["participants"]
    protected = dict(figures)
    protected["totals"] = totals
    for key in ("by_province", "by_age_range", "by_respondent_type"):
        protected[key] = table(figures[key], people, ("totals", "participants"))
    for key in ("by_language", "by_week"):
        protected[key] = table(figures[key], answers, ("totals", "answers"))
    protected["by_chapter"] = table(
        forced("by_chapter", figures["by_chapter"]), answers, ("totals", "answers")
    )
    # Questions add up to their chapter; a question's languages add up to the question.
    by_question = forced("by_question", figures["by_question"])
    chapters: dict[str, list[str]] = {}
    for question in questions:
        chapters.setdefault(str(question.chapter_id), []).append(str(question.pk))
    for chapter_id, question_ids in chapters.items():
        present = {q: by_question[q] for q in question_ids if q in by_question}
        chapter_total = protected["by_chapter"].get(chapter_id)
        by_question.update(table(present, chapter_total, ("by_chapter", chapter_id)))
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
        by_question_language[question_id] = table(languages, total, ("by_question", question_id))
    protected["by_question_language"] = by_question_language
    forum: dict[str, Any] = dict(figures["forum"])
    for field in ("threads", "posts"):
        if ("forum", field) in withheld:
            forum[field] = Withheld(forum[field])
    boards = [dict(board) for board in forum.get("boards", [])]
    for field in ("threads", "posts"):
        total = forum.get(field)
        values = protect([board[field] for board in boards], _shown(total))
        if total_pinned(values, _shown(total)):
            pinned.add(("forum", field))
        for board, value in zip(boards, values, strict=True):
            board[field] = value
    forum["boards"] = boards
    protected["forum"] = forum
    return protected, pinned
