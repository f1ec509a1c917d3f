"""The discussion questions' share of the paper file: `questions:` under each chapter."""

from django.utils.translation import gettext as _

from dialogue.paper_io import (
    PaperError,
    PaperPart,
    both,
    paper_part_register,
    shift_orders,
    translated,
)

from .models import Question


def import_chapter_questions(chapter, items, line):
    shift_orders(Question.objects.filter(chapter=chapter))
    kept = []
    for position, item in enumerate(items, start=1):
        fields = {**translated(item, "text"), **translated(item, "help_text", required=False)}
        question = (
            Question.objects.filter(chapter=chapter, text_en=fields["text_en"]).first()
            or Question.objects.filter(chapter=chapter, order=100000 + position).first()
            or Question(chapter=chapter, consultation=chapter.consultation)
        )
        for name, value in fields.items():
            setattr(question, name, value)
        question.order = position
        if "max_length" in item:
            question.max_length = int(item["max_length"])
        question.save()
        kept.append(question.pk)
    leftover = Question.objects.filter(chapter=chapter).exclude(pk__in=kept)
    if leftover.filter(answers__isnull=False).exists():
        raise PaperError(
            _("a question of the chapter “%(slug)s” that people answered is missing from the file.")
            % {"slug": chapter.slug_en},
            line,
        )
    leftover.delete()


def export_chapter_questions(chapter):
    return [
        {"text": both(question, "text"), "help_text": both(question, "help_text")}
        for question in Question.objects.filter(chapter=chapter).order_by("order", "id")
    ]


paper_part_register(
    PaperPart(
        chapter_key="questions",
        import_chapter=import_chapter_questions,
        export_chapter=export_chapter_questions,
    )
)
