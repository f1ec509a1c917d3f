"""The site search: one table of documents (SearchEntry), written by every content app.

PostgreSQL: full-text search with the `english_unaccent` / `french_unaccent`
configuration of the document's language (accents folded, then stemmed; migration
dialogue 0004), ranked, with highlighted excerpts (ts_headline).
SQLite: every word of the query, accents folded the same way, must appear in the
title or body; excerpts are cut on word boundaries around the first match and
highlighted in Python.
"""

import html
import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import snowballstemmer
from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import mark_safe

from config.registry import Registry

from .models import SearchEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.utils.safestring import SafeString

    from accounts.models import User

    from .models import Consultation

# function(entries, *, consultation, user) -> entries
VisibilityFilter = Callable[..., QuerySet[SearchEntry]]
Indexer = Callable[["Consultation"], None]

CONFIGS = {"en": "english_unaccent", "fr": "french_unaccent"}
# Letters unaccent spells as two, as PostgreSQL's unaccent.rules does.
LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"}
HIGHLIGHT_START = "\u0002"  # control characters cannot appear in cleaned text
HIGHLIGHT_STOP = "\u0003"
# Kinds written once per consultation by staff (a few hundred documents at most).
PAPER_KINDS = ("chapter", "section", "page", "interview", "resource", "question")
# A common word matches most answers and posts: ranking them all would read every
# one's vector. Ranking takes every matching document of the paper and the newest
# SEARCH_CANDIDATES matching answers and posts, and keeps the best `limit`.
SEARCH_CANDIDATES = 1000


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def search_entry_upsert(
    *,
    consultation_id: int,
    kind: str,
    object_id: int,
    language: str,
    title: str,
    body: str,
    url: str,
) -> SearchEntry:
    """Create or refresh the searchable document of one object in one language."""
    entry, _ = SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        language=language,
        defaults={
            "consultation_id": consultation_id,
            "title": title[:300],
            "body": body,
            "url": url,
        },
    )
    if _postgres():
        config = CONFIGS[language]
        SearchEntry.objects.filter(pk=entry.pk).update(
            vector=SearchVector("title", weight="A", config=config)
            + SearchVector("body", weight="B", config=config)
        )
    return entry


def search_entry_remove(*, kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def search_entries_upsert(entries: list[SearchEntry]) -> None:
    """`search_entry_upsert` for many documents at once, in one statement plus one per
    language on PostgreSQL (the vectors), whatever the number of documents.

    Each entry is unsaved and names its consultation, kind, object, language, title,
    body and URL; an existing document of the same kind, object and language is
    replaced.
    """
    if not entries:
        return
    for entry in entries:
        entry.title = entry.title[:300]
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["kind", "object_id", "language"],
        update_fields=["consultation", "title", "body", "url", "updated_at"],
    )
    if _postgres():
        kinds = {entry.kind for entry in entries}
        for language in sorted({entry.language for entry in entries}):
            config = CONFIGS[language]
            SearchEntry.objects.filter(
                kind__in=kinds,
                language=language,
                object_id__in=[entry.object_id for entry in entries if entry.language == language],
            ).update(
                vector=SearchVector("title", weight="A", config=config)
                + SearchVector("body", weight="B", config=config)
            )


def search_entries_remove(*, kind: str, object_ids: list[int]) -> None:
    """`search_entry_remove` for many objects of one kind: one statement."""
    if object_ids:
        SearchEntry.objects.filter(kind=kind, object_id__in=object_ids).delete()


def _mark(text: str) -> "SafeString":
    """Escape the text, then turn the highlight markers into <mark> tags."""
    escaped = escape(text)
    marked = escaped.replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
    return mark_safe(marked)  # nosec B308 B703 # escaped first; only the markers become tags


def text_fold(text: str) -> tuple[str, list[int]]:
    """Lower-case `text` without accents ("Cœur" -> "coeur"), with, for each folded
    character, the index of the character of `text` it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        plain = LIGATURES.get(char)
        if plain is None:
            decomposed = unicodedata.normalize("NFKD", char)
            plain = "".join(c for c in decomposed if not unicodedata.combining(c)) or char
        for c in plain.lower():
            folded.append(c)
            origin.append(index)
    return "".join(folded), origin


def _sqlite_excerpt(body: str, words: list[str], width: int = 220) -> str:
    folded, origin = text_fold(body)
    positions = [origin[folded.find(w)] for w in words if folded.find(w) >= 0]
    start = max(min(positions) - 60, 0) if positions else 0
    end = min(start + width, len(body))
    # Cut on word boundaries: never start or stop in the middle of a word.
    if start:
        space = body.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 else 0
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    excerpt = body[start:end]
    # Highlight in one pass over the folded excerpt, longest alternatives first, so a
    # word and its stem are not both highlighted.
    folded_excerpt, excerpt_origin = text_fold(excerpt)
    pattern = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    spans = [
        (excerpt_origin[m.start()], excerpt_origin[m.end() - 1] + 1)
        for m in re.finditer(pattern, folded_excerpt)
    ]
    for left, right in reversed(spans):
        excerpt = (
            excerpt[:left]
            + HIGHLIGHT_START
            + excerpt[left:right]
            + HIGHLIGHT_STOP
            + excerpt[right:]
        )
    return ("…" if start else "") + excerpt + ("…" if end < len(body) else "")


_visibility_filters: Registry[VisibilityFilter] = Registry("search visibility filters")
_consultation_indexers: Registry[Indexer] = Registry("search indexers")


def search_indexer(function: Indexer) -> Indexer:
    """Register `function(consultation)`: a content app adds its own documents when the
    consultation is indexed again (questions live in an app `dialogue` cannot import)."""
    _consultation_indexers.register(function)
    return function


_text_filters: Registry[Callable[[str, str], str]] = Registry("search text filters")


def search_text_filter(function: Callable[[str, str], str]) -> Callable[[str, str], str]:
    """Register `function(text, language) -> text`, applied to every result's title and
    excerpt before it is shown (moderation masks personal information with it)."""
    _text_filters.register(function)
    return function


def _shown(text: str, language: str) -> str:
    for text_filter in _text_filters:
        text = text_filter(text, language)
    return text


_site_wide_kinds: set[str] = set()


def search_site_wide_kind(kind: str) -> None:
    """Documents of `kind` are found from every consultation's search, not only their
    own (programme pages published beside the current consultation)."""
    _site_wide_kinds.add(kind)


def search_visibility_filter(function: VisibilityFilter) -> VisibilityFilter:
    """Register `function(entries, *, consultation, user) -> entries`: a content app
    narrows what a reader may find (e.g. answers hidden until the reader answered)."""
    _visibility_filters.register(function)
    return function


def _paper_visible(entries: QuerySet[SearchEntry]) -> QuerySet[SearchEntry]:
    """Leave out documents of unpublished chapters, even if they were indexed while the
    chapter was public (content apps filter their own kinds the same way)."""
    from .models import Chapter, Interview, Section
    from .selectors import chapters_public

    hidden_chapters = Chapter.objects.exclude(pk__in=chapters_public().values("pk"))
    return (
        entries.exclude(kind="chapter", object_id__in=hidden_chapters.values("pk"))
        .exclude(
            kind="section",
            object_id__in=Section.objects.filter(chapter__in=hidden_chapters).values("pk"),
        )
        .exclude(
            kind="interview",
            object_id__in=Interview.objects.filter(chapter__in=hidden_chapters).values("pk"),
        )
    )


def search(
    *,
    consultation: "Consultation",
    language: str,
    query: str | None,
    user: "User | AnonymousUser | None" = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Documents of `consultation` in `language` that match `query`, best first,
    among those `user` may see.

    Returns a list of dicts with kind, title, url and a safe highlighted excerpt.
    """
    query = (query or "").strip()[:200]
    if not query:
        return []
    entries = SearchEntry.objects.filter(language=language).filter(
        Q(consultation=consultation) | Q(kind__in=_site_wide_kinds)
    )
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    entries = _paper_visible(entries)
    for visibility_filter in _visibility_filters:
        entries = visibility_filter(entries, consultation=consultation, user=user)
    if _postgres():
        ts_query = SearchQuery(query, config=CONFIGS[language], search_type="websearch")
        matching = entries.filter(vector=ts_query)
        # Narrow first, each query bounded: a rare word is found by the GIN index, a
        # common one by walking the newest entries until enough of them match.
        candidates = list(matching.filter(kind__in=PAPER_KINDS).values_list("pk", flat=True))
        candidates += list(
            matching.exclude(kind__in=PAPER_KINDS)
            .order_by("-id")
            .values_list("pk", flat=True)[:SEARCH_CANDIDATES]
        )
        ranked = (
            SearchEntry.objects.filter(pk__in=candidates)
            .annotate(
                rank=SearchRank(F("vector"), ts_query),
                excerpt=SearchHeadline(
                    "body",
                    ts_query,
                    config=CONFIGS[language],
                    start_sel=HIGHLIGHT_START,
                    stop_sel=HIGHLIGHT_STOP,
                    max_words=40,
                    min_words=15,
                ),
            )
            .order_by("-rank", "kind", "id")
            .values("kind", "title", "url", "excerpt")[:limit]
        )
        return [
            {
                **row,
                "title": _shown(row["title"], language),
                "excerpt": _mark(_shown(html.unescape(row["excerpt"]), language)),
            }
            for row in ranked
        ]

    # Without PostgreSQL, match each word or its Snowball stem as a substring of the
    # folded text: "securities" becomes "secur", which "security" contains, and
    # "coeur" finds « cœur ». The fallback serves small local databases, so the
    # matching runs in Python, where the folding is the same as unaccent's.
    stemmer = snowballstemmer.stemmer("english" if language == "en" else "french")
    words = [text_fold(w)[0] for w in re.findall(r"\w+", query) if len(w) > 1][:10]
    if not words:
        return []
    alternatives = [(word, text_fold(stemmer.stemWord(word))[0]) for word in words]
    rows: list[SearchEntry] = []
    for row in entries.order_by("kind", "id").iterator():
        text = text_fold(f"{row.title}\n{row.body}")[0]
        if all(word in text or stem in text for word, stem in alternatives):
            rows.append(row)
            if len(rows) == limit:
                break
    words = words + [stem for _word, stem in alternatives]
    return [
        {
            "kind": row.kind,
            "title": _shown(row.title, language),
            "url": row.url,
            # Masked before it is cut, so a cut cannot leave part of an address.
            "excerpt": _mark(_sqlite_excerpt(_shown(row.body, language), words)),
        }
        for row in rows
    ]


def search_index_consultation(consultation: "Consultation") -> None:
    """Rebuild the search documents of the paper, pages, interviews and resources."""
    from django.urls import reverse
    from django.utils import translation

    from .markdown import plain_text
    from .models import Interview, Page, Resource

    kinds = ["chapter", "section", "page", "interview", "resource"]
    SearchEntry.objects.filter(consultation=consultation, kind__in=kinds).delete()
    from .selectors import chapter_public_q, chapters_public

    chapters = list(chapters_public(consultation).prefetch_related("sections"))
    pages = list(Page.objects.filter(consultation=consultation))
    interviews = list(
        Interview.objects.filter(consultation=consultation).filter(
            chapter_public_q("chapter", optional=True)
        )
    )
    resources = list(Resource.objects.filter(consultation=consultation).select_related("topic"))
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            documents = []
            for chapter in chapters:
                url = chapter.get_absolute_url()
                documents.append(
                    (
                        "chapter",
                        chapter.pk,
                        chapter.title,
                        f"{chapter.summary}\n{plain_text(chapter.body)}",
                        url,
                    )
                )
                for section in chapter.sections.all():
                    documents.append(
                        (
                            "section",
                            section.pk,
                            f"{chapter.title} – {section.title}",
                            plain_text(section.body),
                            f"{url}#{section.anchor}",
                        )
                    )
            for page in pages:
                documents.append(
                    ("page", page.pk, page.title, plain_text(page.body), page.get_absolute_url())
                )
            for interview in interviews:
                documents.append(
                    (
                        "interview",
                        interview.pk,
                        interview.expert_name,
                        f"{interview.affiliation}\n{interview.summary}\n{plain_text(interview.body)}",
                        interview.get_absolute_url(),
                    )
                )
            resources_url = reverse("dialogue:resources")
            for resource in resources:
                documents.append(
                    (
                        "resource",
                        resource.pk,
                        resource.title,
                        f"{resource.topic.title}\n{resource.description}",
                        f"{resources_url}#resource-{resource.pk}",
                    )
                )
            for kind, object_id, title, body, url in documents:
                search_entry_upsert(
                    consultation_id=consultation.pk,
                    kind=kind,
                    object_id=object_id,
                    language=language,
                    title=title,
                    body=body,
                    url=url,
                )
    for indexer in _consultation_indexers:
        indexer(consultation)
