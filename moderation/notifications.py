"""E-mails about moderation, written in the recipient's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import ModerationDecision


def decision_notify_author(decision_id):
    """Tell the author what happened to their answer or post. Safe to run twice:
    it sends at most one e-mail per decision (the decision's `notified` cache key)."""
    from django.core.cache import cache

    key = f"moderation:notified:{decision_id}"
    if not cache.add(key, 1, timeout=7 * 24 * 3600):
        return False
    decision = (
        ModerationDecision.objects.select_related("target_type").filter(pk=decision_id).first()
    )
    if decision is None:
        return False
    target = decision.target
    author = getattr(target, "author", None)
    if author is None or not author.email:
        return False
    with translation.override(author.preferred_language or settings.LANGUAGE_CODE):
        context = {"decision": decision, "target": target, "user": author}
        subject = render_to_string("moderation/email/decision_subject.txt", context).strip()
        body = render_to_string("moderation/email/decision_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [author.email])
    return True
