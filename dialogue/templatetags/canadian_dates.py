"""`cadate`: Django's `date` filter, with French's « 1er » for the first of the month.

A template that shows a date with the month's name loads it explicitly,
`{% load canadian_dates %}` then `{{ day|cadate:"DATE_FORMAT" }}`, and writes
« le 1er décembre » in French; English is unchanged. Numeric formats ("Y-m-d", "c")
keep Django's own `date`.
"""

import datetime
import re

from django import template
from django.template.defaultfilters import date as django_date
from django.utils import translation

register = template.Library()

FRENCH_MONTHS = (
    "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
)
FIRST_OF_MONTH = re.compile(rf"(?<![\d])1(?=\s(?:{FRENCH_MONTHS}))")


@register.filter(expects_localtime=True, is_safe=False)
def cadate(value: datetime.date | datetime.datetime | str | None, arg: str | None = None) -> str:
    formatted = django_date(value, arg)
    if formatted and (translation.get_language() or "").startswith("fr"):
        return FIRST_OF_MONTH.sub("1er", formatted)
    return formatted
