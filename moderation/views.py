import json
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django_stubs_ext import StrPromise

from accounts.decorators import SignedInRequest, moderator_required
from config.rendering import form_render

from .context_processors import WAITING
from .forms import (
    KEY,
    KIND_CHOICES,
    BulkDecisionForm,
    DecisionForm,
    EscalationForm,
    QueueFilterForm,
    RedactionForm,
    decision_reasons,
)
from .models import Status
from .queue import COUNT_CAP, QueueFilters, queue_counts, queue_places, queue_waiting
from .reasons import reason_choices, reason_explanation
from .rendering import item_frame, items_render
from .selectors import (
    PACE_WINDOWS,
    QUEUE_LIMIT,
    claims_held,
    decision_log,
    open_escalations,
    pace,
    queue_with_histories,
)
from .services import (
    CLAIM_BATCH,
    CLAIM_MINUTES,
    batch_claim,
    claims_release,
    escalations_decider,
    item_escalate,
    item_redact,
    item_status_change,
    item_target,
    items_status_change,
)


@dataclass
class KindTab:
    label: str
    count: int
    query: str
    current: bool


DONE: dict[str, StrPromise] = {
    Status.PUBLISHED: gettext_lazy("Published."),
    Status.REJECTED: gettext_lazy("Not published; the author will be told why."),
    Status.HIDDEN: gettext_lazy("Hidden; the author will be told why."),
}


def _back(request: SignedInRequest) -> HttpResponse:
    """Where the form came from (the queue, or a page of answers), if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("moderation:queue")


def _errors(form: forms.Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _kind_tabs(request: SignedInRequest, counts: dict[str, int], current: str) -> list[KindTab]:
    """One link per kind with its count, keeping every other filter of the URL."""
    tabs = []
    for value, label in KIND_CHOICES:
        query = request.GET.copy()
        query.pop("kind", None)
        if value:
            query["kind"] = value
        count = counts.get(value, 0) if value else sum(counts.values())
        tabs.append(
            KindTab(
                label=str(label), count=count, query=query.urlencode(), current=value == current
            )
        )
    return tabs


@require_GET
@moderator_required
def queue(request: SignedInRequest) -> HttpResponse:
    """The waiting items that match the filters in the URL, with counts per kind."""
    form = QueueFilterForm(request.GET or None, places=queue_places())
    if form.is_bound:
        form.is_valid()
    filters = form.filters(timezone.now(), viewer=request.user.pk)
    waiting = queue_waiting(COUNT_CAP)
    setattr(request, WAITING, waiting)  # the header badge adds these up
    sources = [kind for kind, number in waiting.items() if number]
    items = queue_with_histories(QUEUE_LIMIT, filters, sources)
    counts = queue_counts(filters, cap=COUNT_CAP, sources=sources)
    claims = claims_held(moderator=request.user, now=filters.now)
    for item in items:
        item.claim_expires = claims.get(item.key)
    frame = item_frame(request)
    items_render(items, frame)
    matching = counts.get(filters.kind, 0) if filters.kind else sum(counts.values())
    return render(
        request,
        "moderation/queue.html",
        {
            "items": items,
            "limit": QUEUE_LIMIT,
            "reason_choices": decision_reasons(),
            "filter_form": form,
            "filters": filters,
            "kind_tabs": _kind_tabs(request, counts, filters.kind),
            "matching": matching,
            "matching_over_cap": matching > COUNT_CAP,
            "filtered": request.GET.urlencode(),
            "claimed_count": len(claims),
            "claim_batch": CLAIM_BATCH,
            "claim_minutes": CLAIM_MINUTES,
            "keyboard_texts": json.dumps(
                {
                    "position": _("Item %(n)s of %(total)s"),
                    "choose": _("Press j to choose an item first."),
                    "reason": _("Choose a reason, then press r or h again."),
                    "escalate": _("Write the note for the second opinion, then press Enter."),
                    "ticked": _("Ticked."),
                    "unticked": _("Not ticked."),
                }
            ),
            "explanations": [(label, reason_explanation(code)) for code, label in reason_choices()],
            **frame,
        },
    )


@require_POST
@moderator_required
def claim(request: SignedInRequest) -> HttpResponse:
    """Reserve the next batch matching the filters the moderator is looking at."""
    form = QueueFilterForm(request.POST, places=queue_places())
    form.is_valid()
    held = batch_claim(moderator=request.user, filters=form.filters(timezone.now()))
    if held:
        messages.success(
            request,
            ngettext(
                "You hold %(count)d item for %(minutes)d minutes; nobody else sees it.",
                "You hold %(count)d items for %(minutes)d minutes; nobody else sees them.",
                held,
            )
            % {"count": held, "minutes": CLAIM_MINUTES},
        )
        query = request.POST.copy()
        for name in ("csrfmiddlewaretoken", "next"):
            query.pop(name, None)
        query["mine"] = "on"
        return redirect(f"{reverse('moderation:queue')}?{query.urlencode()}")
    messages.info(request, _("No free item matches these filters."))
    return _back(request)


@require_POST
@moderator_required
def release(request: SignedInRequest) -> HttpResponse:
    released = claims_release(moderator=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d item given back to the queue.",
            "%(count)d items given back to the queue.",
            released,
        )
        % {"count": released},
    )
    return redirect("moderation:queue")


def _apply(request: SignedInRequest, form: DecisionForm) -> tuple[int, list[str]]:
    """Run the form's decision on each target; report what worked and what did not."""
    done, refused = 0, []
    for kind, pk in form.targets():
        try:
            item_status_change(
                moderator=request.user,
                kind=kind,
                pk=pk,
                to_status=form.to_status,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                expected_status=form.cleaned_data.get("expected_status") or "",
            )
            done += 1
        except (LookupError, ObjectDoesNotExist):
            if len(form.targets()) == 1:
                raise Http404 from None
            refused.append(_("Item %(key)s no longer exists.") % {"key": f"{kind}:{pk}"})
        except ValidationError as error:
            refused.extend(error.messages)
    return done, refused


@require_POST
@moderator_required
def decide(request: SignedInRequest) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(request)
    done, refused = _apply(request, form)
    for message in refused:
        messages.error(request, message)
    if done:
        messages.success(request, DONE[form.to_status])
    return _back(request)


@require_POST
@moderator_required
def bulk(request: SignedInRequest) -> HttpResponse:
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(request)
    if len(form.targets()) == 1:
        done, refused = _apply(request, form)
    else:
        outcome = items_status_change(
            moderator=request.user,
            targets=form.targets(),
            to_status=form.to_status,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            expected_status=form.cleaned_data.get("expected_status") or "",
        )
        done, refused = outcome.done, outcome.refused
    for message in refused:
        messages.error(request, message)
    if done:
        messages.success(
            request,
            ngettext(
                "Your decision was applied to %(count)d item.",
                "Your decision was applied to %(count)d items.",
                done,
            )
            % {"count": done},
        )
    return _back(request)


@require_GET
@moderator_required
def log(request: SignedInRequest) -> HttpResponse:
    page = Paginator(decision_log(), 50).get_page(request.GET.get("page"))
    return render(request, "moderation/log.html", {"page": page})


@moderator_required
def redact(request: SignedInRequest) -> HttpResponse:
    """The redaction form for one waiting item (GET ?key=answer:12), and its POST."""
    key = request.POST.get("key") if request.method == "POST" else request.GET.get("key")
    if not key or not KEY.match(key):
        raise Http404
    kind, pk = key.split(":")
    try:
        target = item_target(kind, int(pk))
    except (LookupError, ObjectDoesNotExist):
        raise Http404 from None
    if request.method == "POST":
        form = RedactionForm(request.POST)
        if form.is_valid():
            try:
                item_redact(
                    moderator=request.user,
                    kind=kind,
                    pk=int(pk),
                    body=form.cleaned_data["body"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                messages.success(
                    request, _("Redacted; the author will be told what changed and why.")
                )
                return _back(request)
    else:
        form = RedactionForm(initial={"key": key, "body": target.body})
    form.fields["body"].widget.attrs["lang"] = target.language
    return form_render(
        request,
        "moderation/redact.html",
        {
            "form": form,
            "target": target,
            "key": key,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@require_POST
@moderator_required
def escalate(request: SignedInRequest) -> HttpResponse:
    """Send one item for a second opinion, with the moderator's note."""
    form = EscalationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(request)
    kind, pk = form.target()
    try:
        item_escalate(moderator=request.user, kind=kind, pk=pk, note=form.cleaned_data["note"])
    except (LookupError, ObjectDoesNotExist):
        raise Http404 from None
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Sent for a second opinion; it waits in the escalation view."))
    return _back(request)


@require_GET
@moderator_required
def escalations(request: SignedInRequest) -> HttpResponse:
    """The shared view of items sent for a second opinion, oldest first."""
    filters = QueueFilters(escalated=True, now=timezone.now(), viewer=request.user.pk)
    items = queue_with_histories(QUEUE_LIMIT, filters)
    open_escalations(items)
    frame = item_frame(request)
    can_decide = escalations_decider(request.user)
    items_render(items, frame, can_decide)
    return render(
        request,
        "moderation/escalations.html",
        {
            "items": items,
            "reason_choices": decision_reasons(),
            "can_decide_escalations": can_decide,
            **frame,
        },
    )


@require_GET
@moderator_required
def pace_view(request: SignedInRequest) -> HttpResponse:
    """The team's pace and consistency over the last hour, 8 hours, day or week."""
    try:
        hours = int(request.GET.get("hours", "24"))
    except ValueError:
        hours = 24
    if hours not in PACE_WINDOWS:
        hours = 24
    return render(
        request,
        "moderation/pace.html",
        {"pace": pace(hours, timezone.now()), "windows": PACE_WINDOWS},
    )
