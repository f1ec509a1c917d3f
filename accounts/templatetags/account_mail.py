"""The portal's name in account e-mails, whatever host the request came in on."""

from django import template
from django.conf import settings
from django.utils import translation

register = template.Library()


@register.simple_tag
def site_name() -> str:
    # The configured name in the e-mail's language, never the request's host name,
    # so a message reads the same whether it is sent from a page or from a task.
    if (translation.get_language() or "en").startswith("fr"):
        return settings.DEPARTMENT_NAME_FR
    return settings.DEPARTMENT_NAME_EN
