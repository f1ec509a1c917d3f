"""French follows Canadian conventions: Django's fr_CA formats (« 1 234,5 », 2026-11-25),
with the hour written « 13 h 40 »: the `h` is escaped so it is not read as a 12-hour
clock."""

from django.conf.locale.fr_CA.formats import *  # noqa: F403

TIME_FORMAT = "G\xa0\\h\xa0i"
DATETIME_FORMAT = "j F Y, G\xa0\\h\xa0i"
SHORT_DATETIME_FORMAT = "Y-m-d G\xa0\\h\xa0i"

# Thousands are grouped by three with a narrow no-break space (« 5 000 »), the
# Office québécois de la langue française and Canada.ca rule; Django's fr_CA uses
# the wider U+00A0. Grouping is forced where numbers are shown (`intcomma`,
# `floatformat:"g"`, `number_format(..., force_grouping=True)`), so ids and form
# attributes printed with `{{ }}` stay ungrouped (USE_THOUSAND_SEPARATOR is off).
THOUSAND_SEPARATOR = "\u202f"
NUMBER_GROUPING = 3
