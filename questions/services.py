"""Writes about answers: saving, submitting, withdrawing, featuring, and what
happens to them when their author deletes their account.

Every status change is logged in the moderation log; the answer's search entry
follows its status (`answer_search_sync`).
"""

from collections.abc import Mapping, Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.ratelimit import Rate, rate_limit_check, user_key
from config.generation import content_changed
from dialogue.models import Consultation, ModerationMode, SearchEntry
from dialogue.search import (
    search_entries_remove,
    search_entries_upsert,
    search_entry_remove,
    search_entry_upsert,
)
from moderation.models import Status
from moderation.pii import pii_found, pii_plain
from moderation.services import author_status_change, decision_record

from .models import ANSWER_LANGUAGES, Answer, Question
from .selectors import SUBMITTED, question_text_in

SEARCH_KIND = "answer"


class ConsultationClosed(ValidationError):
    """The consultation no longer takes answers, changes or withdrawals."""


def answers_open_check(consultation: Consultation) -> None:
    """Refuse (ConsultationClosed) once the consultation has closed."""
    if not consultation.is_open:
        raise ConsultationClosed(
            _(
                "This consultation is closed: answers can no longer be written, changed or withdrawn."
            )
        )


def _check_contributor(user: User) -> None:
    if user.is_suspended:
        raise PermissionDenied(_("Your account is suspended."))


def _clean(
    *, question: Question, body: str | None, language: str, display_name: str | None
) -> tuple[str, str]:
    body = (body or "").strip()
    errors: dict[str, str] = {}
    if not body:
        errors["body"] = _("Write your answer before saving it.")
    elif len(body) > question.max_length:
        errors["body"] = _("Your answer is %(length)s characters long; the limit is %(limit)s.") % {
            "length": number_format(len(body), force_grouping=True),
            "limit": number_format(question.max_length, force_grouping=True),
        }
    if language not in dict(ANSWER_LANGUAGES):
        errors["language"] = _("Choose English or French.")
    display_name = (display_name or "").strip()
    if len(display_name) > 60:
        errors["display_name"] = _("A display name has at most 60 characters.")
    if errors:
        raise ValidationError(errors)
    return body, display_name


def _check_submit_rate(*, user: User, question: Question) -> None:
    """Each submission goes to the moderators and the log: ANSWER_SUBMIT_RATE per question."""
    rate = Rate.parse(settings.ANSWER_SUBMIT_RATE)
    rate_limit_check(
        action="answer-submit",
        key=f"{user_key(user)}:question:{question.pk}",
        rate=rate,
        message=_(
            "You have submitted this answer many times in a short time (at most %(count)s "
            "times in %(minutes)s minutes). Your text is still in the form: wait a while, "
            "then submit it again."
        )
        % {"count": rate.limit, "minutes": max(rate.seconds // 60, 1)},
    )


def _answer_locked(*, user: User, question: Question) -> tuple[Answer, bool]:
    """The participant's answer to `question`, locked, created as a draft if missing.

    Two requests creating it at once both reach the insert; the database's unique
    constraint lets one through and the other then locks the row the first made.
    """
    answer = Answer.objects.select_for_update().filter(author=user, question=question).first()
    if answer is not None:
        return answer, False
    try:
        with transaction.atomic():
            return Answer.objects.create(author=user, question=question, status=Status.DRAFT), True
    except IntegrityError:
        return Answer.objects.select_for_update().get(author=user, question=question), False


@transaction.atomic
def answer_save(
    *,
    user: User,
    question: Question,
    body: str,
    language: str,
    consent_to_publish: bool,
    display_name: str,
    submit: bool,
) -> tuple[Answer, bool]:
    """Save `user`'s answer to `question`: as a draft, or submitted for moderation.

    Submitting sends the answer to the moderators (pending), or publishes it at
    once when the consultation is post-moderated. Submitting again after a change
    resubmits it; submitting the same text twice changes nothing. A submitted
    answer cannot go back to a draft. Returns `(answer, first_submission)`.
    """
    _check_contributor(user)
    answers_open_check(question.consultation)
    body, display_name = _clean(
        question=question, body=body, language=language, display_name=display_name
    )
    if submit:
        _check_submit_rate(user=user, question=question)
    answer, created = _answer_locked(user=user, question=question)
    from_status = Status.DRAFT if created else answer.status
    if not submit and from_status in SUBMITTED:
        raise ValidationError(
            _("This answer was already submitted: submit your changes to have them reviewed.")
        )
    unchanged = not created and (
        answer.body == body
        and answer.language == language
        and answer.consent_to_publish == bool(consent_to_publish)
        and answer.display_name == display_name
    )
    if submit:
        post_moderated = question.consultation.moderation_mode == ModerationMode.POST
        to_status = Status.PUBLISHED if post_moderated else Status.PENDING
    else:
        to_status = Status.DRAFT
    # A double submit, or "submit" pressed on a published answer left as it was.
    if unchanged and from_status in {to_status, Status.PUBLISHED if submit else to_status}:
        return answer, False
    first_submission = (
        submit
        and answer.submitted_at is None
        and not Answer.objects.filter(author=user, submitted_at__isnull=False).exists()
    )

    answer.body = body
    answer.language = language
    answer.consent_to_publish = bool(consent_to_publish)
    answer.display_name = display_name
    answer.pii_detected = pii_found(body)
    fields = ["body", "language", "consent_to_publish", "display_name", "pii_detected"]
    if submit:
        now = timezone.now()
        answer.submitted_at = now
        answer.reason = ""
        answer.moderator_note = ""
        answer.featured = False  # a moderator picks quotes from reviewed text only
        fields += ["submitted_at", "reason", "moderator_note", "featured"]
        if to_status == Status.PUBLISHED:
            answer.published_at = now
            fields.append("published_at")
    if from_status != to_status or submit:
        # Sets answer.status; a resubmission is logged even when the status stays.
        author_status_change(target=answer, to_status=to_status, author=user)
        fields.append("status")
    answer.save(update_fields=[*fields, "updated_at"])
    answer_search_sync(answer)
    return answer, first_submission


@transaction.atomic
def answer_withdraw(*, user: User, answer: Answer) -> Answer:
    """The author takes their answer back: it leaves public view, search and the report."""
    if answer.author_id != user.pk:
        raise PermissionDenied
    answers_open_check(answer.question.consultation)
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if answer.status == Status.WITHDRAWN:
        return answer
    author_status_change(target=answer, to_status=Status.WITHDRAWN, author=user)
    answer.featured = False
    answer.save(update_fields=["status", "featured", "updated_at"])
    answer_search_sync(answer)
    return answer


@transaction.atomic
def answer_feature(*, moderator: User, answer: Answer, featured: bool) -> Answer:
    """Mark (or unmark) a published answer as a quote for the final report."""
    if not moderator.has_perm("accounts.moderate_content"):
        raise PermissionDenied
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if featured and not (answer.status == Status.PUBLISHED and answer.consent_to_publish):
        raise ValidationError(_("Only a published answer can be featured."))
    if answer.featured == featured:
        return answer
    answer.featured = featured
    answer.save(update_fields=["featured", "updated_at"])
    decision_record(
        moderator=moderator, target=answer, action="feature" if featured else "unfeature"
    )
    return answer


def answer_public_url(answer: Answer) -> str:
    with translation.override(answer.language):
        url = reverse("questions:question_answers", kwargs={"pk": answer.question_id})
    return f"{url}#answer-{answer.pk}"


def answer_search_sync(answer: Answer) -> None:
    """Index a public answer in its own language; remove any other from the search."""
    if answer.status == Status.PUBLISHED and answer.consent_to_publish:
        question = answer.question
        search_entry_upsert(
            consultation_id=question.consultation_id,
            kind=SEARCH_KIND,
            object_id=answer.pk,
            language=answer.language,
            title=question_text_in(question, answer.language),
            body=pii_plain(answer.body, answer.language),
            url=answer_public_url(answer),
        )
    else:
        search_entry_remove(kind=SEARCH_KIND, object_id=answer.pk)


def answers_search_sync(answers: Sequence[Answer]) -> None:
    """`answer_search_sync` for many answers (their questions loaded): a fixed number
    of statements whatever their number."""
    public = [
        answer
        for answer in answers
        if answer.status == Status.PUBLISHED and answer.consent_to_publish
    ]
    search_entries_upsert(
        [
            SearchEntry(
                consultation_id=answer.question.consultation_id,
                kind=SEARCH_KIND,
                object_id=answer.pk,
                language=answer.language,
                title=question_text_in(answer.question, answer.language),
                body=pii_plain(answer.body, answer.language),
                url=answer_public_url(answer),
            )
            for answer in public
        ]
    )
    shown = {answer.pk for answer in public}
    search_entries_remove(
        kind=SEARCH_KIND, object_ids=[answer.pk for answer in answers if answer.pk not in shown]
    )


def answers_status_changed(
    targets: Sequence[object], from_statuses: Mapping[int, str], to_status: str
) -> None:
    """A moderator published, rejected or hid answers: keep search in step, in bulk."""
    answers_search_sync([target for target in targets if isinstance(target, Answer)])


def answers_of_deleted_account(user: User) -> None:
    """As the privacy notice says: unpublished answers go; published ones stay, anonymous."""
    gone = list(
        Answer.objects.filter(author=user)
        .exclude(status=Status.PUBLISHED)
        .values_list("pk", flat=True)
    )
    for pk in gone:
        search_entry_remove(kind=SEARCH_KIND, object_id=pk)
    Answer.objects.filter(pk__in=gone).delete()
    Answer.objects.filter(author=user).update(author=None, display_name="")
    content_changed()
