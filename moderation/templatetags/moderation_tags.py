from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moderation import reasons
from moderation.models import Status
from moderation.queue import COUNT_CAP
from moderation.reasons import reason_explanation

register = template.Library()

ACTION_LABELS = {
    Status.PUBLISHED: _("Published"),
    Status.REJECTED: _("Not published"),
    Status.HIDDEN: _("Hidden"),
    "author-draft": _("Draft saved by the author"),
    "author-pending": _("Submitted by the author"),
    "author-published": _("Submitted by the author, published at once"),
    "author-withdrawn": _("Withdrawn by the author"),
    "feature": _("Featured for the report"),
    "unfeature": _("No longer featured"),
    "suspend": _("Account suspended"),
    "unsuspend": _("Suspension lifted"),
    "redact": _("Passages removed by a moderator"),
    "escalate": _("Sent for a second opinion"),
}


@register.filter
def status_label(value: str) -> str:
    """The translated name of a status code; the code itself if unknown."""
    try:
        return str(Status(value).label)
    except ValueError:
        return value


@register.filter
def action_label(value: str) -> str:
    return str(ACTION_LABELS.get(value, value))


@register.filter
def explanation(reason: str) -> str:
    """The saved explanation of a netiquette rule, in the active language."""
    return reason_explanation(reason)


@register.filter
def queue_number(value: int) -> str:
    """A count of waiting items as the queue pages show it: counts stop at COUNT_CAP,
    and a count above it reads "1,000+"."""
    if value > COUNT_CAP:
        # Translators: a count that was stopped at this number ("1,000+").
        return gettext("%(number)s+") % {"number": intcomma(COUNT_CAP)}
    return str(intcomma(value))


@register.filter
def reason_label(code: str) -> str:
    """The name of a saved reason in the active language, as staff wrote it."""
    return reasons.reason_label(code)
