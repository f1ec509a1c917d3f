"""The two rules every report output shares: small-group suppression and safe CSV cells."""

from django.utils.translation import gettext, override

# Counts of fewer people than this are never shown as a number.
SUPPRESSION_THRESHOLD = 5

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def is_suppressed(n):
    return n < SUPPRESSION_THRESHOLD


def suppress(n, *, language=None):
    """The count as shown in any output: the number, or "fewer than 5" in the active language.

    With `language`, the words are in that language whatever the active one is
    (the bilingual columns of the aggregates file).
    """
    if not is_suppressed(n):
        return n
    if language is None:
        return gettext("fewer than 5")
    with override(language):
        return gettext("fewer than 5")


def csv_cell(value):
    """A value safe to put in a CSV cell that someone may open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_row(values):
    return [csv_cell(value) for value in values]
