"""The small-group rule every report output shares (safe spreadsheet cells are in
`config.spreadsheets`)."""

from django.utils.translation import gettext, override

# Counts of fewer people than this are never shown as a number.
SUPPRESSION_THRESHOLD = 5


class Withheld(int):
    """A count large enough to show, withheld all the same: shown, a small count beside it
    could be worked out from the table's total (complementary suppression)."""


def is_suppressed(n: int) -> bool:
    return isinstance(n, Withheld) or n < SUPPRESSION_THRESHOLD


def _words(n: int) -> str:
    return gettext("withheld") if isinstance(n, Withheld) else gettext("fewer than 5")


def suppress(n: int, *, language: str | None = None) -> int | str:
    """The count as shown in any output: the number, "fewer than 5", or "withheld" (a
    count hidden so that a small one cannot be derived), in the active language.

    With `language`, the words are in that language whatever the active one is
    (the bilingual columns of the aggregates file).
    """
    if not is_suppressed(n):
        return n
    if language is None:
        return _words(n)
    with override(language):
        return _words(n)
