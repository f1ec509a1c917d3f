"""The discussion questions' share of the paper file: `questions:` under each chapter."""

from typing import Any

from django.utils.translation import gettext as _

from dialogue.models import Chapter
from dialogue.paper_io import (
    LineDict,
    PaperError,
    PaperPart,
    both,
    keys_check,
    paper_part_register,
    shift_orders,
    translated,
)

from .models import Question

QUESTION_KEYS = ("text", "help_text", "max_length")


def _max_length(item: LineDict) -> int | None:
    if "max_length" not in item:
        return None
    value = item["max_length"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PaperError(
            _("“max_length” must be a whole number of characters, such as 5000."),
            item.line_of("max_length"),
        )
    return value


def import_chapter_questions(chapter: Chapter, items: list[LineDict], line: int | None) -> None:
    shift_orders(Question.objects.filter(chapter=chapter))
    kept: list[int] = []
    texts: set[str] = set()
    for position, item in enumerate(items, start=1):
        keys_check(item, QUESTION_KEYS)
        fields = {
            **translated(item, "text", model=Question),
            **translated(item, "help_text", required=False, model=Question),
        }
        if fields["text_en"] in texts:
            raise PaperError(
                _("this question appears twice in the chapter “%(slug)s”.")
                % {"slug": chapter.slug_en},
                item.line_of("text"),
            )
        texts.add(fields["text_en"])
        max_length = _max_length(item)
        question = (
            Question.objects.filter(chapter=chapter, text_en=fields["text_en"]).first()
            or Question.objects.filter(chapter=chapter, order=100000 + position).first()
            or Question(chapter=chapter, consultation=chapter.consultation)
        )
        for name, value in fields.items():
            setattr(question, name, value)
        question.order = position
        if max_length is not None:
            question.max_length = max_length
        question.save()
        kept.append(question.pk)
    answered = (
        Question.objects.filter(chapter=chapter, answers__isnull=False).exclude(pk__in=kept).first()
    )
    if answered is not None:
        raise PaperError(
            _(
                "the question “%(question)s” of the chapter “%(slug)s” is no longer in the "
                "file but people answered it; keep it."
            )
            % {"question": answered.text, "slug": chapter.slug_en},
            line,
        )
    Question.objects.filter(chapter=chapter).exclude(pk__in=kept).delete()


def export_chapter_questions(chapter: Chapter) -> list[dict[str, Any]]:
    return [
        {
            "text": both(question, "text"),
            "help_text": both(question, "help_text"),
            "max_length": question.max_length,
        }
        for question in Question.objects.filter(chapter=chapter).order_by("order", "id")
    ]


paper_part_register(
    PaperPart(
        chapter_key="questions",
        import_chapter=import_chapter_questions,
        export_chapter=export_chapter_questions,
    )
)
