"""The items of a queue page as HTML, at a cost that does not grow with their markup.

A page holds fifty items with three forms each. Rendered item by item, the template
engine's cost (per tag, per item) was most of the page's time. Here
`moderation/_item.html` is rendered once for each shape of item on the page
(waiting or sent for a second opinion, with or without a claim, a history, flags…)
with markers for the item's values, and each item is stamped into its shape
(`config.stamps`); the values are worked out here, once per item, and what every item
shares (labels, the reason list, the forms' hidden fields) once per page.
"""

from typing import Any, NamedTuple
from urllib.parse import quote

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from config.stamps import Stamp
from dialogue.templatetags.canadian_dates import cadate

from .forms import decision_reasons
from .queue import AuthorHistory, QueueItem
from .reasons import reason_label
from .templatetags.moderation_tags import action_label

ITEM_SLOTS = (
    "dom_id",
    "key",
    "status",
    "name",
    "heading",
    "context_url",
    "context_language",
    "context_title",
    "claim_time",
    "waiting_iso",
    "waiting_text",
    "language",
    "language_name",
    "author",
    "history_summary",
    "history_lines",
    "flags",
    "body",
    "escalation_by",
    "escalation_iso",
    "escalation_text",
    "escalation_note",
)


class ItemShape(NamedTuple):
    """Which optional parts an item shows: one rendering of the template each."""

    escalated: bool
    claimed: bool
    history: bool
    history_lines: bool
    pii: bool
    flagged: bool
    no_consent: bool
    context_language: bool


def item_frame(request: HttpRequest) -> dict[str, Any]:
    """What every item of the page shares; also the page's own context."""
    next_path = request.get_full_path()
    return {
        "decide_url": reverse("moderation:decide"),
        "redact_url": reverse("moderation:redact"),
        "escalate_url": reverse("moderation:escalate"),
        "next_quoted": quote(next_path),
        "form_fields": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="next" value="{}">',
            get_token(request),
            next_path,
        ),
        "reason_options": format_html_join(
            "", '<option value="{}">{}</option>', decision_reasons()
        ),
    }


def _moment(value: Any) -> tuple[str, str]:
    """A date and time as the `datetime` attribute and as readers see it."""
    local = timezone.localtime(value)
    return date_filter(local, "c"), cadate(local, "DATETIME_FORMAT")


def _history_texts(history: AuthorHistory) -> tuple[str, SafeString]:
    summary = _("%(published)s published, %(rejected)s not published or hidden") % {
        "published": history.published,
        "rejected": history.rejected,
    }
    lines = format_html_join(
        "",
        "<li>{}: {}{}</li>",
        (
            (
                f"{timezone.localtime(decision.created_at):%Y-%m-%d}",
                action_label(decision.action),
                f" ({reason_label(decision.reason)})" if decision.reason else "",
            )
            for decision in history.last_decisions
        ),
    )
    return summary, lines


def _values(item: QueueItem, histories: dict[int, tuple[str, SafeString]]) -> dict[str, Any]:
    number = {"number": item.pk}
    if item.kind == "answer":
        name, heading = _("answer %(number)s") % number, _("Answer %(number)s") % number
    else:
        name, heading = _("forum post %(number)s") % number, _("Forum post %(number)s") % number
    item.name, item.heading = name, heading
    summary, lines = ("", SafeString(""))
    if item.history is not None:
        if id(item.history) not in histories:  # several items often share an author
            histories[id(item.history)] = _history_texts(item.history)
        summary, lines = histories[id(item.history)]
    waiting_iso, waiting_text = _moment(item.waiting_since)
    escalation = item.escalation
    escalation_iso, escalation_text = _moment(escalation.created_at) if escalation else ("", "")
    requested_by = escalation.requested_by if escalation else None
    return {
        "dom_id": item.dom_id,
        "key": item.key,
        "status": item.status,
        "name": name,
        "heading": heading,
        "context_url": item.context_url,
        "context_language": item.context_language,
        "context_title": Truncator(item.context_title).chars(140),
        "claim_time": (
            date_filter(timezone.localtime(item.claim_expires), "H:i") if item.claim_expires else ""
        ),
        "waiting_iso": waiting_iso,
        "waiting_text": waiting_text,
        "language": item.language,
        "language_name": _("French") if item.language == "fr" else _("English"),
        "author": item.author.email if item.author is not None else _("Deleted account"),
        "history_summary": summary,
        "history_lines": lines,
        "flags": ", ".join(f"{label} ({count})" for label, count in item.flags),
        # linebreaks escapes the text before it adds the paragraphs.
        "body": mark_safe(linebreaks(item.body, autoescape=True)),  # nosec B308 B703 # escaped
        "escalation_by": requested_by.email if requested_by else _("Deleted account"),
        "escalation_iso": escalation_iso,
        "escalation_text": escalation_text,
        "escalation_note": escalation.note if escalation else "",
    }


def _shape(item: QueueItem) -> ItemShape:
    return ItemShape(
        escalated=item.escalation is not None,
        claimed=item.claim_expires is not None,
        history=item.history is not None,
        history_lines=bool(item.history and item.history.last_decisions),
        pii=item.pii_detected,
        flagged=bool(item.flags),
        no_consent=item.kind == "answer" and not item.obj.consent_to_publish,
        context_language=bool(item.context_language),
    )


def items_render(
    items: list[QueueItem], frame: dict[str, Any], can_decide_escalations: bool = False
) -> None:
    """Set `item.html` on each item (and its `name` and `heading`), in the active
    language: one template rendering per shape of item on the page."""
    stamps: dict[ItemShape, Stamp] = {}
    histories: dict[int, tuple[str, SafeString]] = {}
    for item in items:
        shape = _shape(item)
        if shape not in stamps:
            context = {**frame, "shape": shape, "can_decide_escalations": can_decide_escalations}
            stamps[shape] = Stamp("moderation/_item.html", context, ITEM_SLOTS)
        item.html = stamps[shape](**_values(item, histories))
