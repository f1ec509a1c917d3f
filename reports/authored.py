"""The parts of the report staff write: which exist, their translation status, saving.

Every part is Markdown in both languages. A part with text in one language only
blocks publishing (`texts_lacking_language`); a part with no text at all is left
out of the report, except the method and limits, which has a generated default.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, pgettext

from accounts.models import User
from dialogue.markdown import markdown_images_refuse
from dialogue.models import Consultation
from questions.models import Question

from .formatting import SUPPRESSION_THRESHOLD
from .models import ReportText, TextKind

# The parts written once per consultation, in the report's order (question
# introductions sit between the method and the next steps).
SINGLE_KINDS: tuple[str, ...] = (
    TextKind.FOREWORD,
    TextKind.SUMMARY,
    TextKind.METHOD,
    TextKind.NEXT_STEPS,
)
QUESTION_PREFIX = "question-"


class Status:
    """Translation status of a part (codes; labels through `status_label`)."""

    COMPLETE = "complete"
    MISSING_FR = "missing-fr"
    MISSING_EN = "missing-en"
    EMPTY = "empty"


@dataclass(frozen=True)
class TextPart:
    """One part staff can write, with what is written so far (or None)."""

    key: str
    kind: str
    question: Question | None
    text: ReportText | None

    @property
    def label(self) -> str:
        if self.question is not None:
            return gettext("What we heard: %(question)s") % {
                "question": question_text(self.question)
            }
        return str(TextKind(self.kind).label)

    @property
    def status(self) -> str:
        return text_status(self.text)

    @property
    def status_label(self) -> str:
        return status_label(self.status)


def question_text(question: Question) -> str:
    if translation.get_language() == "fr":
        return question.text_fr or question.text_en
    return question.text_en or question.text_fr


def text_status(text: ReportText | None) -> str:
    if text is None:
        return Status.EMPTY
    has_en = bool(text.body_en.strip())
    has_fr = bool(text.body_fr.strip())
    if text.kind == TextKind.FOREWORD:
        has_en = has_en or bool(text.signature_en.strip())
        has_fr = has_fr or bool(text.signature_fr.strip())
        if has_en and has_fr:
            has_en = bool(text.body_en.strip() and text.signature_en.strip())
            has_fr = bool(text.body_fr.strip() and text.signature_fr.strip())
    if has_en and has_fr:
        return Status.COMPLETE
    if has_en:
        return Status.MISSING_FR
    if has_fr:
        return Status.MISSING_EN
    return Status.EMPTY


def status_label(status: str) -> str:
    return {
        Status.COMPLETE: gettext("Both languages"),
        Status.MISSING_FR: gettext("French missing"),
        Status.MISSING_EN: gettext("English missing"),
        Status.EMPTY: pgettext("report text", "Not written"),
    }[status]


def text_parts(*, consultation: Consultation) -> list[TextPart]:
    """Every part staff can write for `consultation`, in the report's order."""
    texts = list(ReportText.objects.filter(consultation=consultation))
    single = {text.kind: text for text in texts if text.question_id is None}
    by_question = {text.question_id: text for text in texts if text.question_id is not None}
    questions = list(
        Question.objects.filter(consultation=consultation)
        .select_related("chapter")
        .order_by("chapter__order", "order", "pk")
    )
    parts = [
        TextPart(key=str(kind), kind=str(kind), question=None, text=single.get(kind))
        for kind in SINGLE_KINDS
        if kind != TextKind.NEXT_STEPS
    ]
    parts += [
        TextPart(
            key=f"{QUESTION_PREFIX}{question.pk}",
            kind=TextKind.QUESTION,
            question=question,
            text=by_question.get(question.pk),
        )
        for question in questions
    ]
    parts.append(
        TextPart(
            key=TextKind.NEXT_STEPS,
            kind=TextKind.NEXT_STEPS,
            question=None,
            text=single.get(TextKind.NEXT_STEPS),
        )
    )
    return parts


def text_part(*, consultation: Consultation, key: str) -> TextPart | None:
    """The part named `key` ("foreword", "question-12"...), or None."""
    return next((part for part in text_parts(consultation=consultation) if part.key == key), None)


def texts_lacking_language(*, consultation: Consultation) -> list[TextPart]:
    """Parts written in one language only: the report cannot be published with them."""
    return [
        part
        for part in text_parts(consultation=consultation)
        if part.status in (Status.MISSING_EN, Status.MISSING_FR)
    ]


def publishing_texts_check(*, consultation: Consultation) -> None:
    """Raise a ValidationError naming each part that lacks a language."""
    lacking = texts_lacking_language(consultation=consultation)
    if lacking:
        raise ValidationError(
            gettext("The report cannot be published while a part lacks a language: %(parts)s.")
            % {
                "parts": gettext("; ").join(
                    f"{part.label} ({part.status_label})" for part in lacking
                )
            },
            code="text-lacks-language",
        )


def report_text_save(
    *,
    consultation: Consultation,
    part: TextPart,
    body_en: str,
    body_fr: str,
    signature_en: str = "",
    signature_fr: str = "",
    by: User | AnonymousUser | None = None,
) -> ReportText:
    """Write one part (both languages at once); Markdown images are refused."""
    markdown_images_refuse(body_en)
    markdown_images_refuse(body_fr)
    with transaction.atomic():
        text, _created = ReportText.objects.select_for_update().get_or_create(
            consultation=consultation,
            kind=part.kind,
            question=part.question,
        )
        text.body_en = body_en.strip()
        text.body_fr = body_fr.strip()
        if part.kind == TextKind.FOREWORD:
            text.signature_en = signature_en.strip()
            text.signature_fr = signature_fr.strip()
        text.updated_by = by if isinstance(by, User) and by.pk else None
        text.save()
    return text


def method_default(*, consultation: Consultation, language: str) -> str:
    """The method and limits section the report shows until staff write their own."""
    with translation.override(language):
        threshold = SUPPRESSION_THRESHOLD
        return "\n\n".join(
            [
                gettext(
                    "Participation was open to anyone who chose to take part. People who "
                    "answered chose themselves: their views are not a representative sample "
                    "of the population, and the numbers in this report describe participants, "
                    "not Canadians as a whole."
                ),
                gettext(
                    "Every answer was read by a moderator before it was published. This report "
                    "counts only published answers, up to the cut-off time of the run. Themes are "
                    "the words and phrases that recur most often in the answers once common words "
                    "are left out; they point to what people wrote about, not to whether they agreed."
                ),
                gettext(
                    "Quotes come only from participants who agreed to have their answer published, "
                    "and never more than one from the same person. E-mail addresses and telephone "
                    "numbers are removed from every quote."
                ),
                gettext(
                    "To protect privacy, any count below %(threshold)s is shown as “fewer than "
                    "%(threshold)s”, and where a hidden count could be worked out from a total and "
                    "the other counts, a second count is hidden as well."
                )
                % {"threshold": threshold},
            ]
        )


def texts_for_report(*, consultation: Consultation, language: str) -> dict[str, object]:
    """The written parts in `language` for the report: {kind: Markdown} and
    {"questions": {question_id: Markdown}, "signature": str}; the method falls back
    to its generated default."""
    single: dict[str, str] = {}
    questions: dict[int, str] = {}
    signature = ""
    for text in ReportText.objects.filter(consultation=consultation):
        body = text.body_fr if language == "fr" else text.body_en
        if text.question_id is not None:
            if body:
                questions[text.question_id] = body
            continue
        single[text.kind] = body
        if text.kind == TextKind.FOREWORD:
            signature = text.signature_fr if language == "fr" else text.signature_en
    if not single.get(TextKind.METHOD):
        single[TextKind.METHOD] = method_default(consultation=consultation, language=language)
    return {**single, "questions": questions, "signature": signature}
