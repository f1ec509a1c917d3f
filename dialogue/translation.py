from django.db.models import Model
from modeltranslation.translator import TranslationOptions, register

from .models import Chapter, Consultation, Interview, Page, Resource, Section, Topic


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("title", "slug", "report_expected")


@register(Chapter)
class ChapterTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "body_html")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "anchor", "body", "body_html")


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "slug", "body", "body_html")


@register(Interview)
class InterviewTranslation(TranslationOptions):
    fields = ("affiliation", "summary", "body", "body_html", "media_transcript")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("title",)


@register(Resource)
class ResourceTranslation(TranslationOptions):
    fields = ("title", "description", "url", "file")


# For the "translation status" admin page: every model and its translated text fields.
TRANSLATED: list[tuple[type[Model], list[str]]] = [
    (Consultation, ["title", "slug"]),
    (Chapter, ["title", "slug", "summary", "body"]),
    (Section, ["title", "anchor", "body"]),
    (Page, ["title", "slug", "body"]),
    (Interview, ["affiliation", "summary", "body"]),
    (Topic, ["title"]),
    (Resource, ["title", "description"]),
]


def translation_status_register(model: type[Model], fields: list[str]) -> None:
    """Another app's translated model on the "translation status" page (from its
    `AppConfig.ready`)."""
    if all(known is not model for known, _fields in TRANSLATED):
        TRANSLATED.append((model, fields))
