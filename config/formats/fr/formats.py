"""French follows Canadian conventions: Django's fr_CA formats (« 1 234,5 », 2026-11-25),
with the hour written « 13 h 40 »: the `h` is escaped so it is not read as a 12-hour
clock."""

from django.conf.locale.fr_CA.formats import *  # noqa: F403

TIME_FORMAT = "G\xa0\\h\xa0i"
DATETIME_FORMAT = "j F Y, G\xa0\\h\xa0i"
SHORT_DATETIME_FORMAT = "Y-m-d G\xa0\\h\xa0i"
