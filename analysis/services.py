"""Writes of the analysis workbench: the codebook, coding, notes, campaigns, submissions.

Every function takes keyword arguments, checks what it is given, runs in one
transaction and raises `ValidationError` with a message in the user's language.
"""

import datetime
import logging
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from dialogue.models import Consultation
from moderation.models import Status
from questions.models import Answer, Question

from .models import (
    AnalystNote,
    Code,
    Codebook,
    Coding,
    DuplicateGroup,
    Submission,
    SuggestedCode,
)

logger = logging.getLogger(__name__)

NOTE_MAX_LENGTH = 5000


# --- the codebook ------------------------------------------------------------------


def codebook_for(consultation: Consultation) -> Codebook:
    codebook, _created = Codebook.objects.get_or_create(consultation=consultation)
    return codebook


def _codebook_changed(codebook_id: int) -> None:
    """One more version: a report run records the version it counted with."""
    Codebook.objects.filter(pk=codebook_id).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


def _labels_check(label_en: str, label_fr: str) -> tuple[str, str]:
    label_en, label_fr = label_en.strip(), label_fr.strip()
    if not label_en or not label_fr:
        raise ValidationError(gettext("A code needs a label in English and in French."))
    return label_en, label_fr


@transaction.atomic
def code_create(
    *,
    codebook: Codebook,
    label_en: str,
    label_fr: str,
    description_en: str = "",
    description_fr: str = "",
    parent: Code | None = None,
    order: int | None = None,
) -> Code:
    """A theme (no `parent`) or a sub-code of a theme, last in its list unless `order`."""
    label_en, label_fr = _labels_check(label_en, label_fr)
    if parent is not None:
        if parent.codebook_id != codebook.pk:
            raise ValidationError(gettext("That theme belongs to another codebook."))
        if parent.parent_id is not None:
            raise ValidationError(
                gettext("A sub-code belongs to a theme; themes have only one level below them.")
            )
        if not parent.active:
            raise ValidationError(gettext("That theme is retired or merged."))
    if order is None:
        last = (
            Code.objects.filter(codebook=codebook, parent=parent)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
        )
        order = 0 if last is None else last + 1
    code = Code.objects.create(
        codebook=codebook,
        parent=parent,
        order=order,
        label_en=label_en,
        label_fr=label_fr,
        description_en=description_en.strip(),
        description_fr=description_fr.strip(),
    )
    _codebook_changed(codebook.pk)
    return code


@transaction.atomic
def code_update(
    *,
    code: Code,
    label_en: str,
    label_fr: str,
    description_en: str = "",
    description_fr: str = "",
    order: int | None = None,
) -> Code:
    """Rename or describe a code; its coding is unchanged."""
    code.label_en, code.label_fr = _labels_check(label_en, label_fr)
    code.description_en, code.description_fr = description_en.strip(), description_fr.strip()
    fields = ["label_en", "label_fr", "description_en", "description_fr"]
    if order is not None:
        code.order = order
        fields.append("order")
    code.save(update_fields=fields)
    _codebook_changed(code.codebook_id)
    return code


@transaction.atomic
def code_retire(*, code: Code) -> Code:
    """No longer offered for coding; what was coded with it stays and is counted."""
    code = Code.objects.select_for_update().get(pk=code.pk)
    if code.retired_at is None:
        code.retired_at = timezone.now()
        code.save(update_fields=["retired_at"])
        _codebook_changed(code.codebook_id)
    return code


@transaction.atomic
def code_merge(*, source: Code, target: Code) -> Code:
    """Fold `source` into `target`: its past coding counts for `target` from now on
    (the rows stay, so the history of who coded what is kept). Codes merged into
    `source` before follow it; a theme's sub-codes move under `target`."""
    source = Code.objects.select_for_update().get(pk=source.pk)
    target = Code.objects.select_for_update().get(pk=target.pk)
    if source.pk == target.pk:
        raise ValidationError(gettext("A code cannot be merged into itself."))
    if source.codebook_id != target.codebook_id:
        raise ValidationError(gettext("Both codes must belong to the same codebook."))
    if not target.active or not source.active:
        raise ValidationError(gettext("Only codes in use can be merged."))
    children = Code.objects.filter(parent=source, merged_into__isnull=True)
    if children.exists():
        if target.parent_id is not None:
            raise ValidationError(
                gettext("A theme with sub-codes can only be merged into another theme.")
            )
        children.update(parent=target)
    Code.objects.filter(merged_into=source).update(merged_into=target)
    source.merged_into = target
    source.save(update_fields=["merged_into"])
    _codebook_changed(source.codebook_id)
    return target


def _active_code(code: Code, consultation_id: int) -> None:
    """Read from the database, not from `code`: another analyst may have just retired it."""
    row = (
        Code.objects.filter(pk=code.pk)
        .values_list("retired_at", "merged_into_id", "codebook__consultation_id")
        .first()
    )
    if row is None or row[2] != consultation_id:
        raise ValidationError(gettext("That code belongs to another consultation."))
    if row[0] is not None or row[1] is not None:
        raise ValidationError(gettext("That code is retired or merged; choose another."))


# --- coding ------------------------------------------------------------------------


def _answers_codable(question: Question, answer_ids: Collection[int]) -> list[int]:
    """Those of `answer_ids` that are published answers of `question`; anything else
    (a forged id, a withdrawn answer) is refused as a whole."""
    wanted = set(answer_ids)
    found = set(
        Answer.objects.filter(
            pk__in=wanted, question=question, status=Status.PUBLISHED
        ).values_list("pk", flat=True)
    )
    if found != wanted:
        raise ValidationError(gettext("Some of the chosen answers can no longer be coded."))
    return sorted(found)


@transaction.atomic
def coding_apply(
    *,
    analyst: User,
    code: Code,
    question: Question,
    answer_ids: Collection[int],
) -> int:
    """`analyst` applies `code` to the answers `answer_ids` of `question`; returns
    how many codings are new. Other analysts' coding of the same answers is
    untouched (one row per answer, code and analyst), and so is every other answer."""
    _active_code(code, question.consultation_id)
    ids = _answers_codable(question, answer_ids)
    if not ids:
        return 0
    before = Coding.objects.filter(analyst=analyst, code=code, answer_id__in=ids).count()
    Coding.objects.bulk_create(
        [Coding(answer_id=pk, code=code, analyst=analyst) for pk in ids],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return len(ids) - before


@transaction.atomic
def coding_remove(
    *,
    analyst: User,
    code: Code,
    question: Question,
    answer_ids: Collection[int],
) -> int:
    """Take `analyst`'s own `code` off these answers (others' coding stays)."""
    deleted, _by_model = Coding.objects.filter(
        analyst=analyst,
        code=code,
        answer_id__in=list(answer_ids),
        answer__question=question,
    ).delete()
    return deleted


@transaction.atomic
def submission_coding_apply(*, analyst: User, code: Code, submission: Submission) -> bool:
    _active_code(code, submission.consultation_id)
    _coding, created = Coding.objects.get_or_create(
        submission=submission, code=code, analyst=analyst
    )
    return created


@transaction.atomic
def submission_coding_remove(*, analyst: User, code: Code, submission: Submission) -> int:
    deleted, _by_model = Coding.objects.filter(
        submission=submission, code=code, analyst=analyst
    ).delete()
    return deleted


@transaction.atomic
def submission_excerpt_save(*, submission: Submission, excerpt: str, consent: bool) -> Submission:
    """The excerpt of a submission the report may quote: published only with consent,
    and consent needs an excerpt to apply to."""
    excerpt = excerpt.strip()
    if consent and not excerpt:
        raise ValidationError(gettext("Write the excerpt the author consented to publish."))
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    submission.excerpt = excerpt
    submission.excerpt_consent = consent
    submission.save(update_fields=["excerpt", "excerpt_consent"])
    return submission


@transaction.atomic
def note_save(
    *,
    analyst: User,
    text: str,
    answer: Answer | None = None,
    submission: Submission | None = None,
) -> AnalystNote | None:
    """The analyst's own note on an answer or a submission; an empty text removes it."""
    if (answer is None) == (submission is None):
        raise ValueError("a note is on an answer or on a submission")
    text = text.strip()
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            gettext("A note holds at most %(n)s characters.") % {"n": NOTE_MAX_LENGTH}
        )
    where: dict[str, Any] = {"analyst": analyst, "answer": answer, "submission": submission}
    if not text:
        AnalystNote.objects.filter(**where).delete()
        return None
    note, _created = AnalystNote.objects.update_or_create(**where, defaults={"text": text})
    return note


# --- campaigns ---------------------------------------------------------------------


@transaction.atomic
def campaign_mark(*, group: DuplicateGroup, by: User, is_campaign: bool) -> DuplicateGroup:
    """Staff say whether a group of near-identical answers is an organised campaign;
    the report then counts it once, with its size."""
    group = DuplicateGroup.objects.select_for_update().get(pk=group.pk)
    group.is_campaign = is_campaign
    group.marked_by = by if is_campaign else None
    group.marked_at = timezone.now() if is_campaign else None
    group.save(update_fields=["is_campaign", "marked_by", "marked_at"])
    logger.info("duplicate group %s campaign=%s by user %s", group.pk, is_campaign, by.pk)
    return group


# --- submissions received outside the site ----------------------------------------


@transaction.atomic
def submission_create(
    *,
    consultation: Consultation,
    by: User | None,
    channel: str,
    received_on: datetime.date,
    language: str,
    body: str,
    question_ids: Collection[int],
    organisation: str = "",
    participant_count: int = 1,
) -> Submission:
    if channel not in Submission.Channel.values:
        raise ValidationError(gettext("Choose a channel: letter, e-mail, brief or session notes."))
    if language not in ("en", "fr"):
        raise ValidationError(gettext("The language must be English or French."))
    if not body.strip():
        raise ValidationError(gettext("The submission has no text."))
    if participant_count < 1:
        raise ValidationError(gettext("The number of participants must be at least 1."))
    questions = list(Question.objects.filter(consultation=consultation, pk__in=question_ids))
    if not questions or len(questions) != len(set(question_ids)):
        raise ValidationError(gettext("Choose the questions of this consultation it addresses."))
    submission = Submission.objects.create(
        consultation=consultation,
        channel=channel,
        received_on=received_on,
        language=language,
        body=body.strip(),
        organisation=organisation.strip(),
        participant_count=participant_count,
        created_by=by,
    )
    submission.questions.set(questions)
    return submission


# --- suggested codes ---------------------------------------------------------------


@transaction.atomic
def suggestion_accept(
    *,
    suggestion: SuggestedCode,
    label_en: str,
    label_fr: str,
    parent: Code | None = None,
) -> Code:
    """An analyst takes a suggested theme into the codebook, under the name they chose.
    Nothing is coded: the analyst codes answers with it like with any other code."""
    suggestion = SuggestedCode.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.decision != SuggestedCode.Decision.OPEN:
        raise ValidationError(gettext("This suggestion was already decided."))
    codebook = codebook_for(suggestion.question.consultation)
    code = code_create(codebook=codebook, label_en=label_en, label_fr=label_fr, parent=parent)
    suggestion.decision = SuggestedCode.Decision.ACCEPTED
    suggestion.code = code
    suggestion.save(update_fields=["decision", "code"])
    return code


@transaction.atomic
def suggestion_ignore(*, suggestion: SuggestedCode) -> SuggestedCode:
    suggestion = SuggestedCode.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.decision == SuggestedCode.Decision.OPEN:
        suggestion.decision = SuggestedCode.Decision.IGNORED
        suggestion.save(update_fields=["decision"])
    return suggestion
