"""French and English typography in the report: dates, times, titles after a colon."""

import datetime

from django.utils import translation

from reports.document import week_label
from reports.templatetags.report_tags import after_colon, clock


def test_weeks_are_labelled_by_their_monday_in_each_language():
    with translation.override("en"):
        assert week_label("2026-W47") == "week of 16 November 2026"
    with translation.override("fr"):
        assert week_label("2026-W47") == "semaine du 16 novembre 2026"
        assert week_label("2026-W23") == "semaine du 1er juin 2026"


def test_times_and_titles_follow_each_language():
    moment = datetime.datetime(2026, 11, 27, 8, 59)
    with translation.override("fr"):
        assert clock(moment) == "8\u00a0h\u00a059"
        assert after_colon("Un dialogue sur la politique étrangère") == (
            "un dialogue sur la politique étrangère"
        )
        assert after_colon("Canada et le monde") == "Canada et le monde"
        assert after_colon("OTAN et paix") == "OTAN et paix"
    with translation.override("en"):
        assert clock(moment) == "8:59"
        assert after_colon("A Dialogue") == "A Dialogue"
