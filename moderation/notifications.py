"""E-mails about moderation, written in the recipient's language into the outbox."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from outbox.services import email_enqueue

from .models import ModerationDecision


def decision_email_enqueue(decision: ModerationDecision) -> bool:
    """Write the e-mail telling the author what happened to their answer or post.

    Called in the decision's own transaction, so the e-mail exists exactly when the
    decision does. One e-mail per decision (its outbox key); False when there is no
    one to tell or the e-mail was written already.
    """
    target = decision.target
    author = getattr(target, "author", None)
    if author is None or not author.email:
        return False
    language = author.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"decision": decision, "target": target, "user": author}
        subject = render_to_string("moderation/email/decision_subject.txt", context)
        body = render_to_string("moderation/email/decision_body.txt", context)
    email = email_enqueue(
        to=author.email,
        subject=subject,
        body=body,
        language=language,
        dedupe_key=f"decision:{decision.pk}",
    )
    return email is not None


def decision_email_enqueue_by_id(decision_id: int) -> bool:
    decision = (
        ModerationDecision.objects.select_related("target_type").filter(pk=decision_id).first()
    )
    return decision is not None and decision_email_enqueue(decision)


def redaction_email_enqueue(decision: ModerationDecision) -> bool:
    """Tell the author, in their language, which passages were replaced and why.

    The e-mail shows the text as readers will see it; the removed passages are not
    repeated (they may be someone's phone number). One e-mail per redaction.
    """
    target = decision.target
    author = getattr(target, "author", None)
    if author is None or not author.email:
        return False
    language = author.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"decision": decision, "target": target, "user": author}
        subject = render_to_string("moderation/email/redaction_subject.txt", context)
        body = render_to_string("moderation/email/redaction_body.txt", context)
    email = email_enqueue(
        to=author.email,
        subject=subject,
        body=body,
        language=language,
        dedupe_key=f"decision:{decision.pk}",
    )
    return email is not None
