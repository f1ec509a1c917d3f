from django import template
from django.utils.formats import number_format

from reports.formatting import suppress

register = template.Library()


@register.filter(name="suppress")
def suppress_filter(value):
    """`{{ count|suppress }}`: a localised number, or "fewer than 5"."""
    shown = suppress(int(value or 0))
    if isinstance(shown, int):
        return number_format(shown, force_grouping=True)
    return shown
