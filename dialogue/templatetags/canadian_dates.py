"""The `date` filter, with French's « 1er » for the first of the month.

Loaded as a template builtin (settings.TEMPLATES), so every `|date:` in every
template writes « le 1er décembre » in French and is unchanged in English.
"""

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
def date(value, arg=None):
    formatted = django_date(value, arg)
    if formatted and (translation.get_language() or "").startswith("fr"):
        return FIRST_OF_MONTH.sub("1er", formatted)
    return formatted
