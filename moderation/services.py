"""The moderation API that answers and forum posts share.

A moderated object has `status`, `reason` and `moderator_note` fields and may
have `published_at`; content apps call `status_change` (or `decision_record`
for actions that are not a status change, such as locking a thread) and never
write a status themselves.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from config.registry import Registry

from .models import ModerationDecision, Reason, Status

if TYPE_CHECKING:
    from accounts.models import User

# A row of a moderated model (an answer, a post): it has `status`, `reason` and
# `moderator_note`; the models share no base class, so it is typed loosely.
Moderated = Any
StatusListener = Callable[[Moderated, str, str], None]

# Which status a moderator may move an item to, from which status.
MODERATOR_TRANSITIONS = {
    Status.PENDING: {Status.PUBLISHED, Status.REJECTED, Status.HIDDEN},
    Status.PUBLISHED: {Status.HIDDEN, Status.REJECTED},
    Status.HIDDEN: {Status.PUBLISHED, Status.REJECTED},
    Status.REJECTED: {Status.PUBLISHED},
}
# Statuses that need a reason from the netiquette.
NEEDS_REASON = {Status.REJECTED, Status.HIDDEN}

_status_listeners: Registry[StatusListener] = Registry("moderation status listeners")


def status_listener(function: StatusListener) -> StatusListener:
    """Register `function(target, from_status, to_status)`, called inside the transaction.

    Content apps use it to keep search entries and counters in step.
    """
    _status_listeners.register(function)
    return function


def decision_record(
    *,
    moderator: "User | None",
    target: Model,
    action: str,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    note: str = "",
) -> ModerationDecision:
    return ModerationDecision.objects.create(
        moderator=moderator,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        note=note,
    )


def _check_reason(to_status: str, reason: str) -> None:
    if to_status in NEEDS_REASON and reason not in Reason.values:
        raise ValidationError(_("Choose the netiquette rule this breaks."))


@transaction.atomic
def status_change(
    *,
    target: Moderated,
    to_status: str,
    moderator: "User | None",
    reason: str = "",
    note: str = "",
    notify: bool = True,
) -> ModerationDecision:
    """Move `target` to `to_status` as a moderator decision, logged and notified.

    The row is locked so that two moderators acting at once record one decision
    each, in order, and the second sees the first one's result. The author's e-mail
    is an outbox row written in the same transaction and sent after commit (later, if
    the broker or the mail server is down).
    """
    if moderator is not None and not moderator.has_perm("accounts.moderate_content"):
        raise PermissionDenied
    locked: Moderated = type(target).objects.select_for_update().get(pk=target.pk)
    from_status = locked.status
    if to_status not in MODERATOR_TRANSITIONS.get(from_status, set()):
        raise ValidationError(
            _("This item is already “%(status)s”; it cannot be changed that way.")
            % {"status": Status(from_status).label}
        )
    _check_reason(to_status, reason)
    locked.status = to_status
    locked.reason = reason if to_status in NEEDS_REASON else ""
    locked.moderator_note = note
    fields = ["status", "reason", "moderator_note"]
    if to_status == Status.PUBLISHED and hasattr(locked, "published_at"):
        locked.published_at = locked.published_at or timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    decision = decision_record(
        moderator=moderator,
        target=locked,
        action=to_status,
        from_status=from_status,
        to_status=to_status,
        reason=locked.reason,
        note=note,
    )
    for listener in _status_listeners:
        listener(locked, from_status, to_status)
    if notify and getattr(locked, "author_id", None):
        from .notifications import decision_email_enqueue

        # In this transaction: the e-mail is written if and only if the decision is.
        decision_email_enqueue(decision)
    target.status, target.reason, target.moderator_note = locked.status, locked.reason, note
    return decision


def author_status_change(
    *, target: Moderated, to_status: str, author: "User | None", note: str = ""
) -> ModerationDecision:
    """Record a change the author made (submit, resubmit, withdraw) in the same log."""
    from_status = target.status
    target.status = to_status
    return decision_record(
        moderator=None,
        target=target,
        action=f"author-{to_status}",
        from_status=from_status,
        to_status=to_status,
        note=note,
    )


def decisions_for(target: Model) -> "QuerySet[ModerationDecision]":
    return ModerationDecision.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
    ).select_related("moderator")


def item_status_change(
    *,
    moderator: "User",
    kind: str,
    pk: int,
    to_status: str,
    reason: str = "",
    note: str = "",
) -> ModerationDecision:
    """`status_change` on the item of the queue source `kind` with primary key `pk`.

    Raises LookupError for an unknown kind and the model's DoesNotExist for an
    unknown item, so the moderator's page can answer 404.
    """
    from .queue import queue_sources

    source = queue_sources().get(kind)
    if source is None:
        raise LookupError(kind)
    target: Moderated = source.model.objects.get(pk=pk)
    return status_change(
        target=target, to_status=to_status, moderator=moderator, reason=reason, note=note
    )
