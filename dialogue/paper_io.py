"""Import and export a whole consultation paper as one bilingual YAML file.

The file holds the consultation, its pages, chapters with sections, topics,
resources and interviews; other apps add their own keys (questions under each
chapter, forum boards) through a `<app>/paper_io.py` module that registers a
`PaperPart`. Import runs in one transaction: a bad file changes nothing and the
error names its line. Records are matched by natural keys (English slug, page
kind, topic key…), so re-importing an edited file updates in place and keeps the
answers and posts attached to questions and boards.
"""

from dataclasses import dataclass
from datetime import date, datetime

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from .markdown import markdown_images_refuse
from .models import (
    Chapter,
    Consultation,
    ConsultationState,
    Interview,
    ModerationMode,
    Page,
    PageKind,
    Resource,
    ResourceKind,
    ResourceLanguage,
    Section,
    Topic,
)
from .search import search_index_consultation

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class PaperError(Exception):
    def __init__(self, message, line=None):
        self.line = line
        super().__init__(
            _("Line %(line)s: %(message)s") % {"line": line, "message": message}
            if line
            else message
        )


class LineDict(dict):
    line = None


class _LineLoader(yaml.SafeLoader):
    """Remembers the line where each mapping starts, for error messages."""


def _construct_mapping(loader, node):
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class PaperPart:
    """Another app's share of the file: `chapter_key` items live under each chapter,
    `top_key` items at the top level."""

    import_chapter: object = None  # f(chapter, items, parent_line)
    export_chapter: object = None  # f(chapter) -> list
    chapter_key: str = ""
    import_top: object = None  # f(consultation, items, chapters_by_slug, line)
    export_top: object = None  # f(consultation) -> list
    top_key: str = ""


_parts: list[PaperPart] = []


def paper_part_register(part):
    _parts.append(part)


def _discover_parts():
    if not _parts:
        autodiscover_modules("paper_io")
    return _parts


# --- reading helpers -------------------------------------------------------------------


def require(mapping, key, line=None):
    if not isinstance(mapping, dict) or key not in mapping:
        raise PaperError(
            _("the key “%(key)s” is missing.") % {"key": key},
            getattr(mapping, "line", None) or line,
        )
    return mapping[key]


# Keys holding Markdown, checked like the admin checks them.
MARKDOWN_KEYS = {"body", "transcript"}


def translated(mapping, key, *, required=True, line=None):
    """`key: {en: …, fr: …}` → {"key_en": …, "key_fr": …}."""
    value = mapping.get(key) if isinstance(mapping, dict) else None
    where = getattr(value, "line", None) or getattr(mapping, "line", None) or line
    if value is None:
        if required:
            raise PaperError(_("the key “%(key)s” is missing.") % {"key": key}, where)
        return {f"{key}_{code}": "" for code in LANGUAGES}
    if not isinstance(value, dict):
        raise PaperError(
            _("“%(key)s” must have an English and a French version (en: and fr:).") % {"key": key},
            where,
        )
    fields = {}
    for code in LANGUAGES:
        text = value.get(code)
        if text is None or (required and not str(text).strip()):
            raise PaperError(
                _("“%(key)s” has no text for the language “%(language)s”.")
                % {"key": key, "language": code},
                where,
            )
        fields[f"{key}_{code}"] = str(text).rstrip("\n")
        if key in MARKDOWN_KEYS:
            try:
                markdown_images_refuse(fields[f"{key}_{code}"])
            except ValidationError as error:
                raise PaperError(error.messages[0], where) from error
    return fields


def choice(mapping, key, choices, default=None):
    value = mapping.get(key, default)
    if value not in choices:
        raise PaperError(
            _("“%(value)s” is not allowed for “%(key)s”; use one of: %(choices)s.")
            % {"value": value, "key": key, "choices": ", ".join(choices)},
            getattr(mapping, "line", None),
        )
    return value


def as_datetime(mapping, key):
    value = require(mapping, key)
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime(value.year, value.month, value.day))
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    raise PaperError(
        _("“%(key)s” must be a date and time such as 2026-10-01T09:00:00-04:00.") % {"key": key},
        mapping.line,
    )


def as_list(mapping, key, *, required=True):
    value = mapping.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise PaperError(_("“%(key)s” must be a list.") % {"key": key}, mapping.line)
    for item in value:
        if not isinstance(item, dict):
            raise PaperError(
                _("each item of “%(key)s” must be a mapping of keys and values.") % {"key": key},
                mapping.line,
            )
    return value


def shift_orders(queryset):
    """Move existing rows out of the way of the unique `order` constraints."""
    from django.db.models import F

    queryset.update(order=F("order") + 100000)


# --- import ----------------------------------------------------------------------------


def paper_load(text):
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506  # nosec B506 # _LineLoader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise PaperError(
            _("this is not valid YAML (%(problem)s).")
            % {"problem": getattr(error, "problem", None) or error},
            mark.line + 1 if mark else None,
        ) from error
    if not isinstance(data, dict):
        raise PaperError(_("the file must start with the key “consultation:”."), 1)
    return data


@transaction.atomic
def paper_import(text, *, make_current=True):
    """Create or update the consultation described by `text`. All or nothing."""
    data = paper_load(text)
    source = require(data, "consultation", 1)
    fields = {
        **translated(source, "title"),
        **translated(source, "slug"),
        **translated(source, "report_expected", required=False),
        "opens_at": as_datetime(source, "opens_at"),
        "closes_at": as_datetime(source, "closes_at"),
        "state": choice(source, "state", ConsultationState.values, "draft"),
        "moderation_mode": choice(source, "moderation_mode", ModerationMode.values, "pre"),
        "answer_before_viewing": bool(source.get("answer_before_viewing", False)),
    }
    if fields["closes_at"] <= fields["opens_at"]:
        raise PaperError(_("“closes_at” must come after “opens_at”."), source.line)
    consultation = Consultation.objects.filter(slug_en=fields["slug_en"]).first()
    if make_current:
        Consultation.objects.exclude(pk=getattr(consultation, "pk", None)).filter(
            is_current=True
        ).update(is_current=False)
    if consultation is None:
        consultation = Consultation.objects.create(is_current=make_current, **fields)
    else:
        for name, value in fields.items():
            setattr(consultation, name, value)
        consultation.is_current = make_current or consultation.is_current
        consultation.save()

    _import_pages(consultation, as_list(data, "pages", required=False))
    chapters = _import_chapters(consultation, as_list(data, "chapters"))
    topics = _import_topics(consultation, as_list(data, "topics", required=False))
    _import_resources(consultation, as_list(data, "resources", required=False), topics)
    _import_interviews(consultation, as_list(data, "interviews", required=False), chapters)
    for part in _discover_parts():
        if part.import_top:
            part.import_top(consultation, as_list(data, part.top_key, required=False), chapters)
    search_index_consultation(consultation)
    return consultation


def _import_pages(consultation, items):
    seen = set()
    for item in items:
        kind = choice(item, "kind", PageKind.values)
        if kind in seen:
            raise PaperError(_("the page “%(kind)s” appears twice.") % {"kind": kind}, item.line)
        seen.add(kind)
        Page.objects.update_or_create(
            consultation=consultation,
            kind=kind,
            defaults={
                **translated(item, "title"),
                **translated(item, "slug"),
                **translated(item, "body"),
            },
        )
    Page.objects.filter(consultation=consultation).exclude(kind__in=seen).delete()


def _import_chapters(consultation, items):
    shift_orders(Chapter.objects.filter(consultation=consultation))
    chapters = {}
    for position, item in enumerate(items, start=1):
        fields = {
            **translated(item, "title"),
            **translated(item, "slug"),
            **translated(item, "summary", required=False),
            **translated(item, "body", required=False),
        }
        slug = fields["slug_en"]
        if slug in chapters:
            raise PaperError(_("the chapter “%(slug)s” appears twice.") % {"slug": slug}, item.line)
        chapter, _created = Chapter.objects.update_or_create(
            consultation=consultation,
            slug_en=slug,
            defaults={**fields, "order": position, "published": bool(item.get("published", True))},
        )
        chapters[slug] = chapter
        _import_sections(chapter, as_list(item, "sections", required=False))
        for part in _discover_parts():
            if part.import_chapter:
                part.import_chapter(
                    chapter, as_list(item, part.chapter_key, required=False), item.line
                )
    leftover = Chapter.objects.filter(consultation=consultation).exclude(slug_en__in=chapters)
    # Deleting a chapter cascades to its questions and their answers: refuse rather
    # than lose what people wrote.
    answered = leftover.filter(questions__answers__isnull=False).first()
    if answered is not None:
        raise PaperError(
            _("the chapter “%(slug)s” is no longer in the file but people wrote about it; keep it.")
            % {"slug": answered.slug_en}
        )
    leftover.delete()
    return chapters


def _import_sections(chapter, items):
    shift_orders(Section.objects.filter(chapter=chapter))
    anchors = []
    for position, item in enumerate(items, start=1):
        fields = {
            **translated(item, "title"),
            **translated(item, "anchor"),
            **translated(item, "body", required=False),
        }
        Section.objects.update_or_create(
            chapter=chapter, anchor_en=fields["anchor_en"], defaults={**fields, "order": position}
        )
        anchors.append(fields["anchor_en"])
    Section.objects.filter(chapter=chapter).exclude(anchor_en__in=anchors).delete()


def _import_topics(consultation, items):
    shift_orders(Topic.objects.filter(consultation=consultation))
    topics = {}
    for position, item in enumerate(items, start=1):
        key = str(require(item, "key"))
        topic, _created = Topic.objects.update_or_create(
            consultation=consultation,
            key=key,
            defaults={**translated(item, "title"), "order": position},
        )
        topics[key] = topic
    return topics


def _import_resources(consultation, items, topics):
    kept = []
    for position, item in enumerate(items, start=1):
        topic_key = require(item, "topic")
        if topic_key not in topics:
            raise PaperError(
                _("the topic “%(key)s” is not listed under “topics”.") % {"key": topic_key},
                item.line,
            )
        fields = translated(item, "title")
        resource, _created = Resource.objects.update_or_create(
            consultation=consultation,
            title_en=fields["title_en"],
            defaults={
                **fields,
                **translated(item, "description", required=False),
                "topic": topics[topic_key],
                "order": position,
                "url": str(item.get("url", "")),
                "kind": choice(item, "kind", ResourceKind.values),
                "language": choice(item, "language", ResourceLanguage.values),
            },
        )
        kept.append(resource.pk)
    Resource.objects.filter(consultation=consultation).exclude(pk__in=kept).delete()
    Topic.objects.filter(consultation=consultation).exclude(key__in=topics).delete()


def _import_interviews(consultation, items, chapters):
    slugs = []
    for position, item in enumerate(items, start=1):
        slug = str(require(item, "slug"))
        chapter_slug = item.get("chapter")
        if chapter_slug and chapter_slug not in chapters:
            raise PaperError(
                _("the chapter “%(slug)s” does not exist.") % {"slug": chapter_slug}, item.line
            )
        interview_date = require(item, "date")
        if not isinstance(interview_date, date):
            raise PaperError(_("“date” must be a date such as 2026-10-15."), item.line)
        Interview.objects.update_or_create(
            consultation=consultation,
            slug=slug,
            defaults={
                "order": position,
                "expert_name": str(require(item, "expert_name")),
                "date": interview_date,
                "chapter": chapters.get(chapter_slug),
                "media_url": str(item.get("media_url") or ""),
                **translated(item, "affiliation"),
                **translated(item, "summary"),
                **{
                    key.replace("transcript_", "body_"): value
                    for key, value in translated(item, "transcript").items()
                },
                **translated(item, "media_transcript", required=False),
            },
        )
        slugs.append(slug)
    Interview.objects.filter(consultation=consultation).exclude(slug__in=slugs).delete()


# --- export ----------------------------------------------------------------------------


class _LiteralDumper(yaml.SafeDumper):
    """Multi-line text as `|` blocks, so the file stays easy to edit by hand."""


def _represent_str(dumper, value):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _represent_str)


def both(obj, field):
    return {code: getattr(obj, f"{field}_{code}") or "" for code in LANGUAGES}


def paper_export(consultation):
    """The consultation as YAML text; `paper_import` of it gives back the same records."""
    data = {
        "consultation": {
            "slug": both(consultation, "slug"),
            "title": both(consultation, "title"),
            "opens_at": timezone.localtime(consultation.opens_at),
            "closes_at": timezone.localtime(consultation.closes_at),
            "state": consultation.state,
            "moderation_mode": consultation.moderation_mode,
            "answer_before_viewing": consultation.answer_before_viewing,
            "report_expected": both(consultation, "report_expected"),
        },
        "pages": [
            {
                "kind": page.kind,
                "slug": both(page, "slug"),
                "title": both(page, "title"),
                "body": both(page, "body"),
            }
            for page in Page.objects.filter(consultation=consultation).order_by("id")
        ],
        "chapters": [],
        "topics": [
            {"key": topic.key, "title": both(topic, "title")}
            for topic in Topic.objects.filter(consultation=consultation)
        ],
        "resources": [
            {
                "title": both(resource, "title"),
                "description": both(resource, "description"),
                "url": resource.url,
                "kind": resource.kind,
                "topic": resource.topic.key,
                "language": resource.language,
            }
            for resource in Resource.objects.filter(consultation=consultation)
            .select_related("topic")
            .order_by("order", "id")
        ],
        "interviews": [],
    }
    for chapter in Chapter.objects.filter(consultation=consultation).prefetch_related("sections"):
        item = {
            "slug": both(chapter, "slug"),
            "title": both(chapter, "title"),
            "summary": both(chapter, "summary"),
            "body": both(chapter, "body"),
            "published": chapter.published,
            "sections": [
                {
                    "anchor": both(section, "anchor"),
                    "title": both(section, "title"),
                    "body": both(section, "body"),
                }
                for section in chapter.sections.all()
            ],
        }
        for part in _discover_parts():
            if part.export_chapter:
                item[part.chapter_key] = part.export_chapter(chapter)
        data["chapters"].append(item)
    for interview in Interview.objects.filter(consultation=consultation).select_related("chapter"):
        item = {
            "slug": interview.slug,
            "expert_name": interview.expert_name,
            "affiliation": both(interview, "affiliation"),
            "date": interview.date,
            "chapter": interview.chapter.slug_en if interview.chapter else None,
            "summary": both(interview, "summary"),
            "transcript": both(interview, "body"),
            "media_url": interview.media_url,
        }
        if any(both(interview, "media_transcript").values()):
            item["media_transcript"] = both(interview, "media_transcript")
        data["interviews"].append(item)
    for part in _discover_parts():
        if part.export_top:
            data[part.top_key] = part.export_top(consultation)
    return yaml.dump(data, Dumper=_LiteralDumper, allow_unicode=True, sort_keys=False, width=100)
