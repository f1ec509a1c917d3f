import datetime
import re

from django import template
from django.utils import translation
from django.utils.formats import number_format

from reports.formatting import Withheld, suppress
from reports.stopwords import FRENCH

register = template.Library()


@register.filter(name="suppress")
def suppress_filter(value: int | None) -> int | str:
    """`{{ count|suppress }}`: a localised number, "fewer than 5" or "withheld"."""
    shown = suppress(value if isinstance(value, Withheld) else int(value or 0))
    if isinstance(shown, int):
        return number_format(shown, force_grouping=True)
    return shown


@register.filter(name="after_colon")
def after_colon(value: str) -> str:
    """A title placed after a colon: in French its first letter goes lower case
    (« Rapport final : un dialogue… »), unless it starts an acronym or a name in capitals."""
    text = str(value or "")
    if translation.get_language() != "fr" or len(text) < 2:
        return text
    first = re.split(r"[\s'’]", text, maxsplit=1)[0]
    if first.lower() in FRENCH and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


@register.filter(name="clock")
def clock(value: datetime.datetime) -> str:
    """A time of day as each language writes it: "8:59" and « 8 h 59 »."""
    if translation.get_language() == "fr":
        return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"
    return f"{value.hour}:{value.minute:02d}"
