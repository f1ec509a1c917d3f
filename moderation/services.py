"""The moderation API that answers and forum posts share.

A moderated object has `status`, `reason` and `moderator_note` fields and may
have `published_at`; content apps call `status_change` (or `decision_record`
for actions that are not a status change, such as locking a thread) and never
write a status themselves.
"""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Model, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from config.registry import Registry

from .models import Claim, Escalation, ModerationDecision, Status
from .queue import QueueFilters, queue_items, queue_sources
from .reasons import reason_offered

# Which status a moderator may move an item to, from which status.
MODERATOR_TRANSITIONS = {
    Status.PENDING: {Status.PUBLISHED, Status.REJECTED, Status.HIDDEN},
    Status.PUBLISHED: {Status.HIDDEN, Status.REJECTED},
    Status.HIDDEN: {Status.PUBLISHED, Status.REJECTED},
    Status.REJECTED: {Status.PUBLISHED},
}
# Statuses that need a reason from the netiquette.
NEEDS_REASON = {Status.REJECTED, Status.HIDDEN}

# An answer, a forum post or any other item a queue source gives: a model with `status`,
# `reason`, `moderator_note` (and often `body`, `language`, `author`). The sources are
# registered at run time, so no model class names them all for the type checker.
Moderated = Any

# listener(targets, {target pk: from status}, to status)
StatusListener = Callable[[Sequence[Model], Mapping[int, str], str], None]
_status_listeners: Registry[StatusListener] = Registry("moderation status listeners")


def status_listener(function: StatusListener) -> StatusListener:
    """Register `function(targets, from_statuses, to_status)`, called inside the
    transaction once per decision with every item it changed (one for a single
    decision, all of one kind for a bulk one), so that it can work set-based.

    Content apps use it to keep search entries and counters in step.
    """
    _status_listeners.register(function)
    return function


def decision_record(
    *,
    moderator: User | None,
    target: Model,
    action: str,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    note: str = "",
    original_text: str = "",
) -> ModerationDecision:
    return ModerationDecision.objects.create(
        moderator=moderator,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
        author_id=getattr(target, "author_id", None),
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        note=note,
        original_text=original_text,
    )


def _already_decided(target: Moderated) -> str:
    """The message "already decided by X" for the moderator whose decision came second."""
    last = decisions_for(target).first()
    status = Status(target.status).label
    if last is not None and last.moderator is not None:
        return _("Already decided by %(who)s: “%(status)s”. Nothing was changed.") % {
            "who": last.moderator.email,
            "status": status,
        }
    return _("This item changed meanwhile; it is now “%(status)s”. Nothing was changed.") % {
        "status": status
    }


def _check_reason(to_status: str, reason: str) -> None:
    if to_status in NEEDS_REASON and not reason_offered(reason):
        raise ValidationError(_("Choose the netiquette rule this breaks."))


@transaction.atomic
def status_change(
    *,
    target: Moderated,
    to_status: str,
    moderator: User | None,
    reason: str = "",
    note: str = "",
    notify: bool = True,
    expected_status: str = "",
) -> ModerationDecision:
    """Move `target` to `to_status` as a moderator decision, logged and notified.

    The row is locked so that two moderators acting at once record one decision
    each, in order, and the second sees the first one's result. With
    `expected_status` (the status the moderator was looking at), a decision taken
    meanwhile by someone else wins: the second is refused and nothing changes. The
    author's e-mail is an outbox row written in the same transaction and sent after
    commit (later, if the broker or the mail server is down).
    """
    if moderator is not None and not moderator.has_perm("accounts.moderate_content"):
        raise PermissionDenied
    locked = type(target).objects.select_for_update().get(pk=target.pk)
    from_status = locked.status
    if expected_status and from_status != expected_status:
        raise ValidationError(_already_decided(locked))
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
        listener([locked], {locked.pk: from_status}, to_status)
    if notify and getattr(locked, "author_id", None):
        from .notifications import decision_email_enqueue

        # In this transaction: the e-mail is written if and only if the decision is.
        decision_email_enqueue(decision)
    target.status, target.reason, target.moderator_note = locked.status, locked.reason, note
    return decision


def author_status_change(
    *, target: Moderated, to_status: str, author: User | None, note: str = ""
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


def decisions_for(target: Model) -> QuerySet[ModerationDecision]:
    return ModerationDecision.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
    ).select_related("moderator")


def item_target(kind: str, pk: int) -> Moderated:
    """The item of the queue source `kind` with primary key `pk`.

    Raises LookupError for an unknown kind and the model's DoesNotExist for an
    unknown item, so the moderator's page can answer 404.
    """
    source = queue_sources().get(kind)
    if source is None or source.model is None:
        raise LookupError(kind)
    return source.model._default_manager.get(pk=pk)


def item_status_change(
    *,
    moderator: User,
    kind: str,
    pk: int,
    to_status: str,
    reason: str = "",
    note: str = "",
    expected_status: str = "",
) -> ModerationDecision:
    """`status_change` on a queue item; refused while another moderator holds it.

    The decision ends the moderator's own claim on the item.
    """
    target = item_target(kind, pk)
    with transaction.atomic():
        claim_check(moderator=moderator, target=target)
        escalation = _open_escalation(target)
        if escalation is not None and not escalations_decider(moderator):
            raise ValidationError(
                _("This item waits for a second opinion: staff or a senior moderator decides.")
            )
        decision = status_change(
            target=target,
            to_status=to_status,
            moderator=moderator,
            reason=reason,
            note=note,
            expected_status=expected_status,
        )
        _claims_of(target).delete()
        if escalation is not None:
            escalation.resolved_at = decision.created_at
            escalation.resolved_by = moderator
            escalation.save(update_fields=["resolved_at", "resolved_by"])
    return decision


@dataclass
class BulkOutcome:
    """What a bulk decision did: how many items changed, and why the others did not."""

    done: int = 0
    refused: list[str] = field(default_factory=list)
    decisions: list[ModerationDecision] = field(default_factory=list)


def items_status_change(
    *,
    moderator: User,
    targets: Sequence[tuple[str, int]],
    to_status: str,
    reason: str = "",
    note: str = "",
    expected_status: str = "",
) -> BulkOutcome:
    """`item_status_change` on many queue items at once, with the same result per item.

    Each kind's rows are locked together, the decisions and the author e-mails are
    written in bulk, claims and escalations are settled in one statement each, and
    the status listeners see all of a kind's items at once. An item held by another
    moderator, waiting for a second opinion the moderator may not give, decided
    meanwhile or gone is refused with the same message as on its own, and the others
    go ahead.
    """
    from .notifications import decision_emails_enqueue

    outcome = BulkOutcome()
    targets = list(dict.fromkeys(targets))  # an item named twice is decided once
    if not moderator.has_perm("accounts.moderate_content"):
        raise PermissionDenied
    sources = queue_sources()
    by_kind: dict[str, list[int]] = {}
    models: dict[str, type[Model]] = {}
    messages: dict[tuple[str, int], str] = {}
    for kind, pk in targets:
        source = sources.get(kind)
        if source is None or source.model is None:
            messages[(kind, pk)] = _("Item %(key)s no longer exists.") % {"key": f"{kind}:{pk}"}
            continue
        models[kind] = source.model
        by_kind.setdefault(kind, []).append(pk)
    decider = escalations_decider(moderator)
    for kind, pks in by_kind.items():
        model = models[kind]
        with transaction.atomic():
            decided = _kind_status_change(
                model=model,
                kind=kind,
                pks=pks,
                moderator=moderator,
                decider=decider,
                to_status=to_status,
                reason=reason,
                note=note,
                expected_status=expected_status,
                messages=messages,
            )
            decision_emails_enqueue(
                [(decision, target) for decision, target in decided if target.author_id]
            )
        outcome.decisions.extend(decision for decision, _target in decided)
    for kind, pk in targets:
        if (kind, pk) in messages:
            outcome.refused.append(messages[(kind, pk)])
        else:
            outcome.done += 1
    return outcome


def _kind_status_change(
    *,
    model: type[Model],
    kind: str,
    pks: list[int],
    moderator: User,
    decider: bool,
    to_status: str,
    reason: str,
    note: str,
    expected_status: str,
    messages: dict[tuple[str, int], str],
) -> list[tuple[ModerationDecision, Moderated]]:
    """Decide the items `pks` of one model; refusals go into `messages` by (kind, pk)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    now = timezone.now()
    related = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.name in ("author", "question", "thread")
    ]
    # Escalations first, then the items: the same order as a single decision takes.
    escalations = {
        escalation.target_id: escalation
        for escalation in Escalation.objects.select_for_update().filter(
            target_type=content_type, target_id__in=pks, resolved_at__isnull=True
        )
    }
    locked: dict[int, Moderated] = {
        item.pk: item
        for item in model._default_manager.select_for_update(of=("self",))
        .select_related(*related)
        .filter(pk__in=pks)
        .order_by("pk")
    }
    held = {
        claim.target_id: claim
        for claim in Claim.objects.filter(
            target_type=content_type, target_id__in=pks, expires_at__gt=now
        )
        .exclude(moderator_id=moderator.pk)
        .select_related("moderator")
    }
    chosen: list[Moderated] = []
    for pk in pks:
        key = (kind, pk)
        target = locked.get(pk)
        if target is None:
            messages[key] = _("Item %(key)s no longer exists.") % {"key": f"{kind}:{pk}"}
            continue
        claim = held.get(pk)
        if claim is not None:
            messages[key] = _(
                "%(who)s is working on this item until %(time)s; it was left as it is."
            ) % {
                "who": claim.moderator.email,
                "time": timezone.localtime(claim.expires_at).strftime("%H:%M"),
            }
            continue
        if pk in escalations and not decider:
            messages[key] = _(
                "This item waits for a second opinion: staff or a senior moderator decides."
            )
            continue
        if expected_status and target.status != expected_status:
            messages[key] = _already_decided(target)
            continue
        if to_status not in MODERATOR_TRANSITIONS.get(target.status, set()):
            messages[key] = _(
                "This item is already “%(status)s”; it cannot be changed that way."
            ) % {"status": Status(target.status).label}
            continue
        try:
            _check_reason(to_status, reason)
        except ValidationError as error:
            messages[key] = error.messages[0]
            continue
        chosen.append(target)
    if not chosen:
        return []
    kept_reason = reason if to_status in NEEDS_REASON else ""
    changes: dict[str, Any] = {
        "status": to_status,
        "reason": kept_reason,
        "moderator_note": note,
    }
    if to_status == Status.PUBLISHED and any(f.name == "published_at" for f in model._meta.fields):
        changes["published_at"] = Coalesce(F("published_at"), Value(now))
    model._default_manager.filter(pk__in=[target.pk for target in chosen]).update(**changes)
    from_statuses = {target.pk: target.status for target in chosen}
    decisions = ModerationDecision.objects.bulk_create(
        [
            ModerationDecision(
                moderator=moderator,
                target_type=content_type,
                target_id=target.pk,
                author_id=getattr(target, "author_id", None),
                action=to_status,
                from_status=from_statuses[target.pk],
                to_status=to_status,
                reason=kept_reason,
                note=note,
            )
            for target in chosen
        ]
    )
    for target in chosen:
        target.status, target.reason, target.moderator_note = to_status, kept_reason, note
        if "published_at" in changes:
            target.published_at = target.published_at or now
    for listener in _status_listeners:
        listener(chosen, from_statuses, to_status)
    Claim.objects.filter(
        target_type=content_type, target_id__in=[target.pk for target in chosen]
    ).delete()
    settled = []
    for decision in decisions:
        escalation = escalations.get(decision.target_id)
        if escalation is not None:
            escalation.resolved_at = decision.created_at
            escalation.resolved_by = moderator
            settled.append(escalation)
    if settled:
        Escalation.objects.bulk_update(settled, ["resolved_at", "resolved_by"])
    return list(zip(decisions, chosen, strict=True))


def escalations_decider(user: User) -> bool:
    """Staff and senior moderators decide the items sent for a second opinion."""
    return user.has_perm("accounts.manage_consultation") or user.has_perm(
        "moderation.decide_escalations"
    )


def _open_escalation(target: Model) -> Escalation | None:
    return (
        Escalation.objects.select_for_update()
        .filter(
            target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
            target_id=target.pk,
            resolved_at__isnull=True,
        )
        .first()
    )


@transaction.atomic
def item_escalate(*, moderator: User, kind: str, pk: int, note: str) -> ModerationDecision:
    """Send a waiting item for a second opinion, with a note for whoever decides.

    The item leaves the main queue (and the moderator's batch) for the shared
    escalation view; the log records the request, then the decision.
    """
    if not moderator.has_perm("accounts.moderate_content"):
        raise PermissionDenied
    note = note.strip()
    if not note:
        raise ValidationError(_("Say what the second opinion is needed for."))
    target = item_target(kind, pk)
    claim_check(moderator=moderator, target=target)
    locked = type(target)._default_manager.select_for_update().get(pk=pk)
    status = locked.status
    if status not in REDACTABLE:
        raise ValidationError(_already_decided(locked))
    if _open_escalation(locked) is not None:
        raise ValidationError(_("This item already waits for a second opinion."))
    Escalation.objects.create(
        target_type=ContentType.objects.get_for_model(locked, for_concrete_model=True),
        target_id=locked.pk,
        note=note,
        requested_by=moderator,
    )
    _claims_of(locked).delete()
    return decision_record(
        moderator=moderator,
        target=locked,
        action="escalate",
        from_status=status,
        to_status=status,
        note=note,
    )


# Claims: a batch of items reserved for one moderator for a few minutes.
CLAIM_MINUTES = 10
CLAIM_BATCH = 20


def _claims_of(target: Model) -> QuerySet[Claim]:
    return Claim.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=True),
        target_id=target.pk,
    )


def claim_check(*, moderator: User, target: Model) -> None:
    """Refuse when another moderator's live claim holds `target`."""
    claim = (
        _claims_of(target)
        .filter(expires_at__gt=timezone.now())
        .exclude(moderator_id=moderator.pk)
        .select_related("moderator")
        .first()
    )
    if claim is not None:
        raise ValidationError(
            _("%(who)s is working on this item until %(time)s; it was left as it is.")
            % {
                "who": claim.moderator.email,
                "time": timezone.localtime(claim.expires_at).strftime("%H:%M"),
            }
        )


def batch_claim(
    *,
    moderator: User,
    filters: QueueFilters,
    size: int = CLAIM_BATCH,
    now: datetime.datetime | None = None,
) -> int:
    """Reserve for `moderator` the next `size` items nobody holds that match `filters`,
    and renew their claims already held; returns how many items they now hold.

    One claim row per item (unique constraint): when two moderators claim at once,
    each item goes to one of them, and the other takes the next free ones.
    """
    if not moderator.has_perm("accounts.moderate_content"):
        raise PermissionDenied
    now = now or timezone.now()
    expires = now + datetime.timedelta(minutes=CLAIM_MINUTES)
    models = {
        kind: source.model for kind, source in queue_sources().items() if source.model is not None
    }
    free = replace(filters, claimed="free", viewer=moderator.pk, now=now)
    with transaction.atomic():
        Claim.objects.filter(expires_at__lte=now).delete()
        Claim.objects.filter(moderator_id=moderator.pk).update(expires_at=expires)
        for _attempt in range(3):
            held = Claim.objects.filter(moderator_id=moderator.pk).count()
            wanted = size - (held if held < size else size)
            if wanted <= 0:
                break
            items = queue_items(wanted, free)
            if not items:
                break
            rows = [
                Claim(
                    moderator_id=moderator.pk,
                    target_type=ContentType.objects.get_for_model(models[item.kind]),
                    target_id=item.pk,
                    claimed_at=now,
                    expires_at=expires,
                )
                for item in items
            ]
            Claim.objects.bulk_create(rows, ignore_conflicts=True)
        return Claim.objects.filter(moderator_id=moderator.pk).count()


def claims_release(*, moderator: User) -> int:
    """Give back every item `moderator` holds; returns how many."""
    deleted, _kinds = Claim.objects.filter(moderator_id=moderator.pk).delete()
    return deleted


@transaction.atomic
def user_suspend(
    *,
    user: User,
    until: datetime.datetime | None,
    reason: str,
    moderator: User | None,
) -> User:
    """Suspend `user` until `until` (None lifts it); a far-future date is a ban.

    A suspension is a moderation decision like any other: it is recorded in the same
    append-only log, and the person finds it in their own-data download.
    """
    if not reason and until is not None:
        raise ValueError(_("Give the reason for the suspension."))
    user.suspended_until = until
    user.suspension_reason = reason if until is not None else ""
    user.save(update_fields=["suspended_until", "suspension_reason"])
    decision_record(
        moderator=moderator,
        target=user,
        action="suspend" if until is not None else "unsuspend",
        note=f"{until.isoformat() if until else ''} {reason}".strip(),
    )
    return user


# Redaction: a moderator removes personal information or a slur before publishing.
REDACTION_MARK = "[…]"
REDACTABLE = {Status.PENDING, Status.HIDDEN}


def redaction_check(original: str, redacted: str) -> None:
    """Accept `redacted` only if it is `original` with passages replaced by the mark.

    Every removed passage shows as REDACTION_MARK, and nothing is added or reworded:
    readers can see where something was taken out, and no other change slips in.
    """
    if redacted == original:
        raise ValidationError(_("Nothing was removed: replace each passage with […]."))
    pieces = redacted.split(REDACTION_MARK)
    if len(pieces) == 1 or not original.startswith(pieces[0]):
        raise ValidationError(_reworded_message())
    position = len(pieces[0])
    for piece in pieces[1:-1]:
        found = original.find(piece, position + 1)
        if found < 0:
            raise ValidationError(_reworded_message())
        position = found + len(piece)
    last = pieces[-1]
    if len(original) - len(last) < position + 1 or not original.endswith(last):
        raise ValidationError(_reworded_message())


def _reworded_message() -> str:
    return _(
        "A redaction may only replace passages with […]: the rest of the text must stay "
        "exactly as the author wrote it."
    )


@transaction.atomic
def item_redact(
    *,
    moderator: User,
    kind: str,
    pk: int,
    body: str,
    reason: str,
    note: str = "",
) -> ModerationDecision:
    """Replace passages of a waiting item with […], for a stated reason.

    The original text stays in the decision log (moderators only), readers only
    ever see the redacted text, and the author gets an e-mail in their language
    saying what changed and why.
    """
    if not moderator.has_perm("accounts.moderate_content"):
        raise PermissionDenied
    if not reason_offered(reason):
        raise ValidationError(_("Choose the netiquette rule this breaks."))
    source = queue_sources().get(kind)
    if source is None or source.model is None or source.redact is None:
        raise LookupError(kind)
    target = item_target(kind, pk)
    claim_check(moderator=moderator, target=target)
    locked: Moderated = source.model._default_manager.select_for_update().get(pk=pk)
    status = locked.status
    if status not in REDACTABLE:
        raise ValidationError(
            _("Only a text waiting for review can be redacted; this one is “%(status)s”.")
            % {"status": Status(status).label}
        )
    original: str = locked.body
    body = body.replace("\r\n", "\n")
    redaction_check(original.replace("\r\n", "\n"), body)
    fields = source.redact(locked, body)
    locked.save(update_fields=fields)
    decision = decision_record(
        moderator=moderator,
        target=locked,
        action="redact",
        from_status=status,
        to_status=status,
        reason=reason,
        note=note,
        original_text=original,
    )
    if getattr(locked, "author_id", None):
        from .notifications import redaction_email_enqueue

        redaction_email_enqueue(decision)
    return decision
