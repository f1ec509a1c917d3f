"""Import and export a whole consultation paper as one bilingual YAML file.

The file holds the consultation, its pages, chapters with sections, topics,
resources and interviews; other apps add their own keys (questions under each
chapter, forum boards) through a `<app>/paper_io.py` module that registers a
`PaperPart`. Import runs in one transaction: a bad file changes nothing and the
error names its line. Records are matched by natural keys (English slug, page
kind, topic key…), so re-importing an edited file updates in place and keeps the
answers and posts attached to questions and boards.
"""

import difflib
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.text import slugify
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
from .services import publish_check

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class PaperError(Exception):
    """A problem in the file, worded for the person who edits it, with its line."""

    def __init__(self, message: str, line: int | None = None, line_text: str | None = None):
        self.line = line
        if line and line_text is not None:
            text = _("Line %(line)s (“%(text)s”): %(message)s") % {
                "line": line,
                "text": line_text.strip(),
                "message": message,
            }
        elif line:
            text = _("Line %(line)s: %(message)s") % {"line": line, "message": message}
        else:
            text = message
        super().__init__(text)


class LineDict(dict[str, Any]):
    """A mapping of the file that knows its own line and the line of each key."""

    line: int | None = None
    key_lines: dict[str, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines = {}

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key) or self.line


class _LineLoader(yaml.SafeLoader):
    """Remembers the line where each mapping and each key starts, and refuses a key
    written twice in one mapping (plain YAML keeps the last one, losing the first)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool | date) or key is None:
            raise PaperError(_("a key must be a plain word followed by a colon."), line)
        key = str(key)
        if key in mapping:
            raise PaperError(
                _("the key “%(key)s” appears twice here (first on line %(first)s).")
                % {"key": key, "first": mapping.key_lines[key]},
                line,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class PaperPart:
    """Another app's share of the file: `chapter_key` items live under each chapter,
    `top_key` items at the top level."""

    import_chapter: Callable[[Chapter, list[LineDict], int | None], None] | None = None
    export_chapter: Callable[[Chapter], list[dict[str, Any]]] | None = None
    chapter_key: str = ""
    import_top: Callable[[Consultation, list[LineDict], dict[str, Chapter]], None] | None = None
    export_top: Callable[[Consultation], list[dict[str, Any]]] | None = None
    top_key: str = ""


_parts: list[PaperPart] = []


def paper_part_register(part: PaperPart) -> None:
    _parts.append(part)


def _discover_parts() -> list[PaperPart]:
    if not _parts:
        autodiscover_modules("paper_io")
    return _parts


# --- reading helpers -------------------------------------------------------------------


def _line_of(mapping: object, key: str | None = None, default: int | None = None) -> int | None:
    if isinstance(mapping, LineDict):
        return (mapping.line_of(key) if key else mapping.line) or default
    return default


def keys_check(mapping: object, allowed: Iterable[str], line: int | None = None) -> None:
    """Refuse any key the format does not know: a misspelt `questoins:` must not be
    read as "no questions" and delete them."""
    if not isinstance(mapping, dict):
        return
    allowed = list(allowed)
    for key in mapping:
        if key in allowed:
            continue
        message = _("the key “%(key)s” is not allowed here; the allowed keys are: %(allowed)s.") % {
            "key": key,
            "allowed": ", ".join(allowed),
        }
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        if close:
            message += " " + _("Did you mean “%(key)s”?") % {"key": close[0]}
        raise PaperError(message, _line_of(mapping, key, line))


def require(mapping: object, key: str, line: int | None = None) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise PaperError(
            _("the key “%(key)s” is missing.") % {"key": key},
            _line_of(mapping, None, line) or line,
        )
    return mapping[key]


# Keys holding Markdown, checked like the admin checks them.
MARKDOWN_KEYS = {"body", "transcript"}

_SLUG = re.compile(r"^[-a-zA-Z0-9_]+\Z")


def value_check(
    model: type[models.Model] | None, field_name: str, value: str, key: str, line: int | None
) -> None:
    """The checks the database would make (length, slug characters), made here so a
    bad value gives the same line-numbered message on SQLite and PostgreSQL."""
    if model is None:
        return
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return
    if isinstance(field, models.SlugField) and value and not _SLUG.match(value):
        raise PaperError(
            _(
                "“%(key)s” is “%(value)s”: it may hold only unaccented letters, digits, "
                "hyphens and underscores, with no spaces."
            )
            % {"key": key, "value": value},
            line,
        )
    max_length = getattr(field, "max_length", None)
    if isinstance(field, models.CharField) and max_length and len(value) > max_length:
        raise PaperError(
            _("“%(key)s” is %(length)s characters long; at most %(max)s are allowed.")
            % {"key": key, "length": len(value), "max": max_length},
            line,
        )
    if isinstance(field, models.URLField) and value:
        try:
            URLValidator()(value)
        except ValidationError as error:
            raise PaperError(
                _("“%(key)s” is not a web address such as https://example.org/.") % {"key": key},
                line,
            ) from error


def translated(
    mapping: object,
    key: str,
    *,
    required: bool = True,
    line: int | None = None,
    model: type[models.Model] | None = None,
    field: str | None = None,
) -> dict[str, str]:
    """`key: {en: …, fr: …}` → {"<field>_en": …, "<field>_fr": …}, checked against
    `model`'s field (`key` by default) when one is given."""
    field = field or key
    value = mapping.get(key) if isinstance(mapping, dict) else None
    where = _line_of(mapping, key, line)
    if value is None:
        if required:
            raise PaperError(_("the key “%(key)s” is missing.") % {"key": key}, where)
        return {f"{field}_{code}": "" for code in LANGUAGES}
    if not isinstance(value, dict):
        raise PaperError(
            _("“%(key)s” must have an English and a French version (en: and fr:).") % {"key": key},
            where,
        )
    keys_check(value, LANGUAGES, where)
    fields = {}
    for code in LANGUAGES:
        text = value.get(code)
        code_line = _line_of(value, code, where)
        if text is None or (required and not str(text).strip()):
            raise PaperError(
                _("“%(key)s” has no text for the language “%(language)s”.")
                % {"key": key, "language": code},
                code_line,
            )
        fields[f"{field}_{code}"] = str(text).rstrip("\n")
        value_check(
            model, f"{field}_{code}", fields[f"{field}_{code}"], f"{key} ({code})", code_line
        )
        if key in MARKDOWN_KEYS:
            try:
                markdown_images_refuse(fields[f"{field}_{code}"])
            except ValidationError as error:
                raise PaperError(error.messages[0], code_line) from error
    return fields


def plain(
    mapping: LineDict,
    key: str,
    *,
    required: bool = True,
    model: type[models.Model] | None = None,
    field: str | None = None,
) -> str:
    """A one-language text value, checked against `model`'s field."""
    value = require(mapping, key) if required else mapping.get(key)
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise PaperError(
            _("“%(key)s” must be a single value.") % {"key": key}, mapping.line_of(key)
        )
    text = str(value)
    value_check(model, field or key, text, key, mapping.line_of(key))
    return text


def unique_check(
    seen: dict[str, dict[str, int | None]],
    values: Mapping[str, str],
    key: str,
    line: int | None,
) -> None:
    """Each language's value of `key` once per list: two equal French slugs make one
    of the records unreachable in French."""
    for code in LANGUAGES:
        value = values.get(f"{key}_{code}", "")
        if not value:
            continue
        first = seen.setdefault(code, {})
        if value in first:
            raise PaperError(
                _("the value “%(value)s” of “%(key)s” is already used on line %(first)s.")
                % {"key": f"{key} ({code})", "value": value, "first": first[value]},
                line,
            )
        first[value] = line


def published_check(obj: models.Model, line: int | None) -> None:
    """The portal's one rule (`dialogue.services.publish_check`), with the line."""
    try:
        publish_check(obj)
    except ValidationError as error:
        raise PaperError(error.messages[0], line) from error


def choice(mapping: LineDict, key: str, choices: Sequence[str], default: str | None = None) -> str:
    value = mapping.get(key, default)
    if value not in choices:
        raise PaperError(
            _("“%(value)s” is not allowed for “%(key)s”; use one of: %(choices)s.")
            % {"value": value, "key": key, "choices": ", ".join(choices)},
            _line_of(mapping, key),
        )
    return str(value)


def as_datetime(mapping: LineDict, key: str) -> datetime:
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
        mapping.line_of(key),
    )


def as_list(mapping: LineDict, key: str, *, required: bool = True) -> list[LineDict]:
    value = mapping.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise PaperError(_("“%(key)s” must be a list.") % {"key": key}, _line_of(mapping, key))
    for item in value:
        if not isinstance(item, LineDict):
            raise PaperError(
                _("each item of “%(key)s” must be a mapping of keys and values.") % {"key": key},
                _line_of(mapping, key),
            )
    return value


def shift_orders(queryset: models.QuerySet[Any]) -> None:
    """Move existing rows out of the way of the unique `order` constraints."""
    from django.db.models import F

    queryset.update(order=F("order") + 100000)


# --- import ----------------------------------------------------------------------------

# The keys each kind of record may hold; other apps add theirs through `PaperPart`.
CONSULTATION_KEYS = (
    "slug",
    "title",
    "opens_at",
    "closes_at",
    "state",
    "moderation_mode",
    "answer_before_viewing",
    "report_expected",
)
PAGE_KEYS = ("kind", "slug", "title", "body")
CHAPTER_KEYS = ("slug", "title", "summary", "body", "published", "sections")
SECTION_KEYS = ("anchor", "title", "body")
TOPIC_KEYS = ("key", "title")
RESOURCE_KEYS = ("title", "description", "url", "file", "date", "kind", "topic", "language")
INTERVIEW_KEYS = (
    "slug",
    "expert_name",
    "affiliation",
    "date",
    "chapter",
    "summary",
    "transcript",
    "media_url",
    "media_transcript",
)


def _top_keys() -> list[str]:
    return [
        "consultation",
        "pages",
        "chapters",
        "topics",
        "resources",
        "interviews",
        *(part.top_key for part in _discover_parts() if part.top_key),
    ]


# What PyYAML says, in words for the person who edited the file.
_YAML_PROBLEMS: list[tuple[str, str, bool]] = [
    # (fragment of the parser's problem or context, message, use the context's line)
    ("found character '\\t'", "tab", False),
    ("quoted scalar", "quote", True),
    ("flow sequence", "flow", True),
    ("flow mapping", "flow", True),
    ("mapping values are not allowed", "colon", False),
    ("could not find expected ':'", "missing_colon", False),
    ("expected <block end>", "indent", False),
    ("did not find expected key", "indent", False),
    ("did not find expected '-'", "indent", False),
]


def _yaml_problem_message(kind: str) -> str:
    messages = {
        "tab": _("a tab indents this line; indent the file with spaces only."),
        "quote": _("a quotation mark opened on this line is never closed."),
        "flow": _("a list in [ ] or a group in { } opened on this line is never closed."),
        "colon": _(
            "a colon followed by a space starts a new key here. If the colon belongs to "
            "the text, put the whole text between quotation marks."
        ),
        "missing_colon": _("this line should be a key followed by a colon."),
        "indent": _(
            "the indentation of this line does not match the lines above it. Keys of the "
            "same level must start in the same column."
        ),
    }
    return messages.get(
        kind,
        _(
            "the file cannot be read from this line; check its indentation, colons and quotation marks."
        ),
    )


def paper_load(text: str) -> LineDict:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506  # nosec B506 # _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        described = f"{error.problem or ''} {error.context or ''}"
        kind, use_context = "", False
        for fragment, problem_kind, context in _YAML_PROBLEMS:
            if fragment in described:
                kind, use_context = problem_kind, context
                break
        mark = (error.context_mark if use_context else None) or error.problem_mark
        line = mark.line + 1 if mark else None
        lines = text.splitlines()
        line_text = lines[line - 1] if line and 0 < line <= len(lines) else None
        raise PaperError(_yaml_problem_message(kind), line, line_text) from error
    except yaml.YAMLError as error:
        raise PaperError(_yaml_problem_message("")) from error
    if data is None:
        raise PaperError(_("the file is empty; it must start with the key “consultation:”."), 1)
    if not isinstance(data, LineDict):
        raise PaperError(_("the file must start with the key “consultation:”."), 1)
    keys_check(data, _top_keys(), 1)
    return data


def paper_import(
    text: str, *, make_current: bool = True, bundle: Path | None = None
) -> Consultation:
    """Create or update the consultation described by `text`. All or nothing: on any
    error the database is left as it was and the message names the line. Files the
    text names (`file:` of resources) are read from the folder `bundle`."""
    try:
        with transaction.atomic():
            return _paper_import(text, make_current=make_current, bundle=bundle)
    except IntegrityError as error:
        # The checks above mirror every constraint; this is the last safety net.
        raise PaperError(
            _("the file clashes with what the portal already holds (%(detail)s).")
            % {"detail": error}
        ) from error


def _paper_import(text: str, *, make_current: bool, bundle: Path | None) -> Consultation:
    data = paper_load(text)
    source = require(data, "consultation", 1)
    if not isinstance(source, LineDict):
        raise PaperError(
            _("“consultation” must be a mapping of keys and values."), data.line_of("consultation")
        )
    keys_check(source, CONSULTATION_KEYS)
    fields: dict[str, Any] = {
        **translated(source, "title", model=Consultation),
        **translated(source, "slug", model=Consultation),
        **translated(source, "report_expected", required=False, model=Consultation),
        "opens_at": as_datetime(source, "opens_at"),
        "closes_at": as_datetime(source, "closes_at"),
        "state": choice(source, "state", ConsultationState.values, "draft"),
        "moderation_mode": choice(source, "moderation_mode", ModerationMode.values, "pre"),
        "answer_before_viewing": bool(source.get("answer_before_viewing", False)),
    }
    if fields["closes_at"] <= fields["opens_at"]:
        raise PaperError(_("“closes_at” must come after “opens_at”."), source.line_of("closes_at"))
    consultation = Consultation.objects.filter(slug_en=fields["slug_en"]).first()
    if make_current:
        others = Consultation.objects.filter(is_current=True)
        if consultation is not None:
            others = others.exclude(pk=consultation.pk)
        others.update(is_current=False)
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
    _import_resources(consultation, as_list(data, "resources", required=False), topics, bundle)
    _import_interviews(consultation, as_list(data, "interviews", required=False), chapters)
    for part in _discover_parts():
        if part.import_top:
            part.import_top(consultation, as_list(data, part.top_key, required=False), chapters)
    search_index_consultation(consultation)
    return consultation


def _import_pages(consultation: Consultation, items: list[LineDict]) -> None:
    seen: set[str] = set()
    slugs: dict[str, dict[str, int | None]] = {}
    for item in items:
        keys_check(item, PAGE_KEYS)
        kind = choice(item, "kind", PageKind.values)
        if kind in seen:
            raise PaperError(
                _("the page “%(kind)s” appears twice.") % {"kind": kind}, item.line_of("kind")
            )
        seen.add(kind)
        fields = {
            **translated(item, "title", model=Page),
            **translated(item, "slug", model=Page),
            **translated(item, "body", model=Page),
        }
        unique_check(slugs, fields, "slug", item.line_of("slug"))
        page, _created = Page.objects.update_or_create(
            consultation=consultation, kind=kind, defaults=fields
        )
        published_check(page, item.line)
    Page.objects.filter(consultation=consultation).exclude(kind__in=seen).delete()


def _import_chapters(consultation: Consultation, items: list[LineDict]) -> dict[str, Chapter]:
    shift_orders(Chapter.objects.filter(consultation=consultation))
    parts = [part for part in _discover_parts() if part.import_chapter]
    allowed = [*CHAPTER_KEYS, *(part.chapter_key for part in parts)]
    chapters: dict[str, Chapter] = {}
    slugs: dict[str, dict[str, int | None]] = {}
    for position, item in enumerate(items, start=1):
        keys_check(item, allowed)
        fields = {
            **translated(item, "title", model=Chapter),
            **translated(item, "slug", model=Chapter),
            **translated(item, "summary", required=False, model=Chapter),
            **translated(item, "body", required=False, model=Chapter),
        }
        unique_check(slugs, fields, "slug", item.line_of("slug"))
        slug = fields["slug_en"]
        # Out of the way of the per-language slug constraints while chapters are matched.
        Chapter.objects.filter(consultation=consultation, slug_fr=fields["slug_fr"]).exclude(
            slug_en=slug
        ).update(slug_fr=f"~{position}-{fields['slug_fr']}"[:100])
        chapter, _created = Chapter.objects.update_or_create(
            consultation=consultation,
            slug_en=slug,
            defaults={**fields, "order": position, "published": bool(item.get("published", True))},
        )
        chapters[slug] = chapter
        _import_sections(chapter, as_list(item, "sections", required=False))
        published_check(chapter, item.line)
        for part in parts:
            assert part.import_chapter is not None  # noqa: S101 - filtered above
            part.import_chapter(chapter, as_list(item, part.chapter_key, required=False), item.line)
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


def _import_sections(chapter: Chapter, items: list[LineDict]) -> None:
    shift_orders(Section.objects.filter(chapter=chapter))
    anchors: list[str] = []
    seen: dict[str, dict[str, int | None]] = {}
    for position, item in enumerate(items, start=1):
        keys_check(item, SECTION_KEYS)
        fields = {
            **translated(item, "title", model=Section),
            **translated(item, "anchor", model=Section),
            **translated(item, "body", required=False, model=Section),
        }
        unique_check(seen, fields, "anchor", item.line_of("anchor"))
        Section.objects.filter(chapter=chapter, anchor_fr=fields["anchor_fr"]).exclude(
            anchor_en=fields["anchor_en"]
        ).update(anchor_fr=f"~{position}-{fields['anchor_fr']}"[:100])
        Section.objects.update_or_create(
            chapter=chapter, anchor_en=fields["anchor_en"], defaults={**fields, "order": position}
        )
        anchors.append(fields["anchor_en"])
    Section.objects.filter(chapter=chapter).exclude(anchor_en__in=anchors).delete()


def _import_topics(consultation: Consultation, items: list[LineDict]) -> dict[str, Topic]:
    shift_orders(Topic.objects.filter(consultation=consultation))
    topics: dict[str, Topic] = {}
    for position, item in enumerate(items, start=1):
        keys_check(item, TOPIC_KEYS)
        key = plain(item, "key", model=Topic)
        if key in topics:
            raise PaperError(
                _("the topic “%(key)s” appears twice.") % {"key": key}, item.line_of("key")
            )
        topic, _created = Topic.objects.update_or_create(
            consultation=consultation,
            key=key,
            defaults={**translated(item, "title", model=Topic), "order": position},
        )
        published_check(topic, item.line)
        topics[key] = topic
    return topics


def bundle_file(bundle: Path | None, value: str, key: str, line: int | None) -> Path:
    """The file `value` names, inside the folder of the paper and nowhere else."""
    if bundle is None:
        raise PaperError(
            _(
                "“%(key)s” names the file “%(value)s”, but the paper was imported without "
                "its folder of files."
            )
            % {"key": key, "value": value},
            line,
        )
    relative = PurePosixPath(value)
    root = bundle.resolve()
    path = (root / relative).resolve()
    if (
        relative.is_absolute()
        or ".." in relative.parts
        or "\\" in value
        or not path.is_relative_to(root)
    ):
        raise PaperError(
            _(
                "“%(key)s” is “%(value)s”: a file must be inside the paper's folder, named "
                "by a relative path such as files/brochure-en.pdf."
            )
            % {"key": key, "value": value},
            line,
        )
    if not path.is_file():
        raise PaperError(
            _("the file “%(value)s” is not in the paper's folder.") % {"value": value}, line
        )
    return path


def paper_zip_unpack(archive: Path, target: Path) -> Path:
    """Unpack a zipped paper (one .yaml file at the top, its files beside it) into
    `target`, refusing any member that would land outside it; returns the YAML file."""
    root = target.resolve()
    with zipfile.ZipFile(archive) as bundle:
        for member in bundle.infolist():
            name = PurePosixPath(member.filename)
            if (
                name.is_absolute()
                or ".." in name.parts
                or not (root / name).resolve().is_relative_to(root)
            ):
                raise PaperError(
                    _("the archive holds “%(name)s”, a path outside its own folder.")
                    % {"name": member.filename}
                )
        bundle.extractall(root)  # nosec B202 # every member checked above
    papers = sorted(root.glob("*.yaml"))
    if len(papers) != 1:
        raise PaperError(_("the archive must hold exactly one .yaml file at its top level."))
    return papers[0]


def _translated_or_plain(item: LineDict, key: str, model: type[models.Model]) -> dict[str, str]:
    """`key: text` (the same in both languages) or `key: {en: …, fr: …}`."""
    value = item.get(key)
    if value is None or isinstance(value, dict):
        return translated(item, key, required=False, model=model)
    text = plain(item, key, model=model, field=f"{key}_{LANGUAGES[0]}")
    return {f"{key}_{code}": text for code in LANGUAGES}


def resource_file_name(resource: Resource, language: str, suffix: str) -> str:
    """The file's name in the paper's folder: stable, so an export is reproducible."""
    return f"files/{slugify(resource.title_en)[:80] or resource.pk}-{language}{suffix}"


def _import_resource_files(resource: Resource, item: LineDict, bundle: Path | None) -> None:
    paths = translated(item, "file", required=False)
    line = item.line_of("file")
    for code in LANGUAGES:
        field = getattr(resource, f"file_{code}")
        value = paths[f"file_{code}"]
        if not value:
            if field:
                setattr(resource, f"file_{code}", "")
            continue
        path = bundle_file(bundle, value, f"file ({code})", line)
        content = path.read_bytes()
        if field and field.storage.exists(field.name):
            with field.open("rb") as stored:
                if stored.read() == content:
                    continue
        name = PurePosixPath(resource_file_name(resource, code, path.suffix)).name
        field.save(name, ContentFile(content), save=False)


def _import_resources(
    consultation: Consultation,
    items: list[LineDict],
    topics: dict[str, Topic],
    bundle: Path | None,
) -> None:
    kept: list[int] = []
    titles: dict[str, dict[str, int | None]] = {}
    for position, item in enumerate(items, start=1):
        keys_check(item, RESOURCE_KEYS)
        topic_key = plain(item, "topic")
        if topic_key not in topics:
            raise PaperError(
                _("the topic “%(key)s” is not listed under “topics”.") % {"key": topic_key},
                item.line_of("topic"),
            )
        fields = translated(item, "title", model=Resource)
        unique_check(titles, {"title_en": fields["title_en"]}, "title", item.line_of("title"))
        published_on = item.get("date")
        if published_on is not None and (
            isinstance(published_on, datetime) or not isinstance(published_on, date)
        ):
            raise PaperError(_("“date” must be a date such as 2026-10-15."), item.line_of("date"))
        resource, _created = Resource.objects.update_or_create(
            consultation=consultation,
            title_en=fields["title_en"],
            defaults={
                **fields,
                **translated(item, "description", required=False, model=Resource),
                **_translated_or_plain(item, "url", Resource),
                "topic": topics[topic_key],
                "order": position,
                "published_on": published_on,
                "kind": choice(item, "kind", ResourceKind.values),
                "language": choice(item, "language", ResourceLanguage.values),
            },
        )
        _import_resource_files(resource, item, bundle)
        resource.save()
        published_check(resource, item.line)
        kept.append(resource.pk)
    Resource.objects.filter(consultation=consultation).exclude(pk__in=kept).delete()
    Topic.objects.filter(consultation=consultation).exclude(key__in=topics).delete()


def _import_interviews(
    consultation: Consultation, items: list[LineDict], chapters: dict[str, Chapter]
) -> None:
    slugs: list[str] = []
    for position, item in enumerate(items, start=1):
        keys_check(item, INTERVIEW_KEYS)
        slug = plain(item, "slug", model=Interview)
        if slug in slugs:
            raise PaperError(
                _("the interview “%(slug)s” appears twice.") % {"slug": slug}, item.line_of("slug")
            )
        chapter_slug = item.get("chapter")
        if chapter_slug and chapter_slug not in chapters:
            raise PaperError(
                _("the chapter “%(slug)s” does not exist.") % {"slug": chapter_slug},
                item.line_of("chapter"),
            )
        interview_date = require(item, "date")
        if not isinstance(interview_date, date) or isinstance(interview_date, datetime):
            raise PaperError(_("“date” must be a date such as 2026-10-15."), item.line_of("date"))
        interview, _created = Interview.objects.update_or_create(
            consultation=consultation,
            slug=slug,
            defaults={
                "order": position,
                "expert_name": plain(item, "expert_name", model=Interview),
                "date": interview_date,
                "chapter": chapters.get(chapter_slug) if chapter_slug else None,
                "media_url": plain(item, "media_url", required=False, model=Interview),
                **translated(item, "affiliation", model=Interview),
                **translated(item, "summary", model=Interview),
                **translated(item, "transcript", model=Interview, field="body"),
                **translated(item, "media_transcript", required=False, model=Interview),
            },
        )
        published_check(interview, item.line)
        slugs.append(slug)
    Interview.objects.filter(consultation=consultation).exclude(slug__in=slugs).delete()


# --- export ----------------------------------------------------------------------------


class _LiteralDumper(yaml.SafeDumper):
    """Multi-line text as `|` blocks, so the file stays easy to edit by hand."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _represent_str)


def both(obj: models.Model, field: str) -> dict[str, str]:
    return {code: getattr(obj, f"{field}_{code}") or "" for code in LANGUAGES}


def _export_resource(resource: Resource) -> dict[str, Any]:
    row: dict[str, Any] = {
        "title": both(resource, "title"),
        "description": both(resource, "description"),
    }
    if any(both(resource, "url").values()):
        row["url"] = both(resource, "url")
    files = paper_files_of(resource)
    if files:
        row["file"] = {code: files.get(code, ("", None))[0] for code in LANGUAGES}
    if resource.published_on:
        row["date"] = resource.published_on
    row.update(kind=resource.kind, topic=resource.topic.key, language=resource.language)
    return row


def paper_files_of(resource: Resource) -> dict[str, tuple[str, FieldFile]]:
    """{language: (path in the paper's folder, stored file)} of the resource's files."""
    files = {}
    for code in LANGUAGES:
        field = getattr(resource, f"file_{code}")
        if field:
            files[code] = (
                resource_file_name(resource, code, PurePosixPath(field.name).suffix),
                field,
            )
    return files


def paper_files(consultation: Consultation) -> list[tuple[str, FieldFile]]:
    """Every file the export of `consultation` names, with its path in the folder."""
    return [
        pair
        for resource in Resource.objects.filter(consultation=consultation).order_by("order", "id")
        for pair in paper_files_of(resource).values()
    ]


def paper_export(consultation: Consultation) -> str:
    """The consultation as YAML text; `paper_import` of it gives back the same records."""
    data: dict[str, Any] = {
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
            _export_resource(resource)
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
