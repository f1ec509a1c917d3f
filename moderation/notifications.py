"""E-mails about moderation, written in the recipient's language into the outbox."""

from collections.abc import Sequence

from django.conf import settings
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import translation

from outbox.services import EmailToSend, email_enqueue, emails_enqueue

from .models import ModerationDecision

# What a decision e-mail says depends on these alone (see decision_body.txt): the
# language, the decision's status, reason and note, and the question answered.
Wording = tuple[str, str, str, str, int | None]


def _decision_email(
    decision: ModerationDecision, target: Model, written: dict[Wording, tuple[str, str]]
) -> EmailToSend | None:
    """The e-mail telling the author of `target` about `decision`, in their language.

    `written` keeps the subject and body of each wording already rendered: a bulk
    decision tells fifty authors the same thing, in two languages about a few questions.
    """
    author = getattr(target, "author", None)
    if author is None or not author.email:
        return None
    language = author.preferred_language or settings.LANGUAGE_CODE
    wording = (
        language,
        decision.to_status,
        decision.reason,
        decision.note,
        getattr(target, "question_id", None),
    )
    if wording not in written:
        with translation.override(language):
            context = {"decision": decision, "target": target}
            written[wording] = (
                render_to_string("moderation/email/decision_subject.txt", context),
                render_to_string("moderation/email/decision_body.txt", context),
            )
    subject, body = written[wording]
    return EmailToSend(
        to=author.email,
        subject=subject,
        body=body,
        language=language,
        dedupe_key=f"decision:{decision.pk}",
    )


def decision_email_enqueue(decision: ModerationDecision) -> bool:
    """Write the e-mail telling the author what happened to their answer or post.

    Called in the decision's own transaction, so the e-mail exists exactly when the
    decision does. One e-mail per decision (its outbox key); False when there is no
    one to tell or the e-mail was written already.
    """
    target = decision.target
    email = None if target is None else _decision_email(decision, target, {})
    if email is None:
        return False
    written = email_enqueue(
        to=email.to,
        subject=email.subject,
        body=email.body,
        language=email.language,
        dedupe_key=email.dedupe_key,
    )
    return written is not None


def decision_emails_enqueue(decisions: Sequence[tuple[ModerationDecision, Model]]) -> int:
    """`decision_email_enqueue` for many (decision, target) pairs, written in bulk.

    The targets come with their authors loaded; returns how many e-mails were written.
    """
    written: dict[Wording, tuple[str, str]] = {}
    emails = [
        email
        for decision, target in decisions
        if (email := _decision_email(decision, target, written)) is not None
    ]
    return len(emails_enqueue(emails))


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
