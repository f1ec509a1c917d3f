"""Reads of the reading side. Each returns its joins declared, so page query counts stay flat."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from config.registry import Registry

from .models import (
    Chapter,
    Consultation,
    Feedback,
    Interview,
    Page,
    Resource,
    Section,
    Topic,
)

if TYPE_CHECKING:
    from accounts.models import User

# The one visibility rule of the paper: a chapter is public once staff publish it, and
# nothing attached to an unpublished chapter (its sections, questions and their
# answers, interviews, forum boards and their threads) is public anywhere.


def chapters_public(consultation: Consultation | int | None = None) -> QuerySet[Chapter]:
    """Published chapters (of `consultation`, when given)."""
    chapters = Chapter.objects.filter(published=True)
    return chapters if consultation is None else chapters.filter(consultation=consultation)


def chapter_public_q(path: str, *, optional: bool = False) -> Q:
    """A filter for rows whose chapter, reached through `path` (e.g. "question__chapter"),
    is public; `optional` also lets through rows attached to no chapter at all."""
    public = Q(**{f"{path}__published": True})
    return public | Q(**{f"{path}__isnull": True}) if optional else public


def current_consultation() -> Consultation:
    """The consultation the public URLs serve, or 404 when none is set up."""
    consultation = Consultation.objects.filter(is_current=True).first()
    if consultation is None:
        raise Http404("No consultation is set up yet.")
    return consultation


def current_consultation_or_none() -> Consultation | None:
    return Consultation.objects.filter(is_current=True).first()


FIXED_PAGES_CACHE_KEY = "dialogue:fixed-page-kinds"


def fixed_page_kinds() -> frozenset[str]:
    """Kinds of the fixed pages (minister, help, privacy…) the current consultation has.

    Every page's header and footer read it, so it is cached; saving or deleting a page
    or a consultation clears it (dialogue.signals).
    """
    kinds: frozenset[str] | None = cache.get(FIXED_PAGES_CACHE_KEY)
    if kinds is None:
        kinds = frozenset(
            Page.objects.filter(consultation__is_current=True).values_list("kind", flat=True)
        )
        cache.set(FIXED_PAGES_CACHE_KEY, kinds, 3600)
    return kinds


def chapters_with_sections(
    consultation: Consultation, *, include_unpublished: bool = False
) -> QuerySet[Chapter]:
    chapters = (
        Chapter.objects.filter(consultation=consultation)
        if include_unpublished
        else chapters_public(consultation)
    )
    return chapters.prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("order"))
    )


def page_of_kind(consultation: Consultation, kind: str) -> Page:
    page = Page.objects.filter(consultation=consultation, kind=kind).first()
    if page is None:
        raise Http404
    return page


def interviews(consultation: Consultation) -> QuerySet[Interview]:
    """Public interviews: on no chapter in particular, or on a published one."""
    return (
        Interview.objects.filter(consultation=consultation)
        .filter(chapter_public_q("chapter", optional=True))
        .select_related("chapter")
    )


def topics_with_resources(consultation: Consultation) -> QuerySet[Topic]:
    return Topic.objects.filter(consultation=consultation).prefetch_related(
        Prefetch("resources", queryset=Resource.objects.order_by("order", "id"))
    )


def page_of_kind_or_none(consultation: Consultation, kind: str) -> Page | None:
    return Page.objects.filter(consultation=consultation, kind=kind).first()


def chapter_by_slug(
    consultation: Consultation, slug: str, *, include_unpublished: bool = False
) -> Chapter:
    """The chapter whose slug in the reader's language is `slug`, with its sections
    and discussion questions loaded."""
    chapters = (
        Chapter.objects.filter(consultation=consultation)
        if include_unpublished
        else chapters_public(consultation)
    )
    chapter = (
        chapters.filter(slug=slug)
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("order")), "questions"
        )
        .first()
    )
    if chapter is None:
        raise Http404
    return chapter


def chapter_neighbours(
    consultation: Consultation, chapter: Chapter
) -> tuple[Chapter | None, Chapter | None]:
    """(previous, next) published chapters around `chapter`, in one query."""
    siblings = list(
        chapters_public(consultation).only(
            "id", "order", "title_en", "title_fr", "slug_en", "slug_fr"
        )
    )
    ids = [c.pk for c in siblings]
    if chapter.pk not in ids:
        return None, None
    index = ids.index(chapter.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


def first_chapter(consultation: Consultation) -> Chapter | None:
    return (
        chapters_public(consultation)
        .only("id", "title_en", "title_fr", "slug_en", "slug_fr")
        .first()
    )


SitemapProvider = Callable[[Consultation], list[tuple[str, str]]]

_sitemap_providers: Registry[SitemapProvider] = Registry("site-map providers")


def sitemap_provider(function: SitemapProvider) -> SitemapProvider:
    """Register `function(consultation) -> [(title, url)]`: other apps' public pages."""
    _sitemap_providers.register(function)
    return function


def sitemap_extra_links(consultation: Consultation) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for provider in _sitemap_providers:
        links.extend(provider(consultation))
    return links


def search_kind_labels() -> dict[str, str]:
    from django.utils.translation import gettext as _

    return {
        "chapter": _("Dialogue Paper"),
        "section": _("Dialogue Paper"),
        "page": _("Page"),
        "sitepage": _("Page"),
        "interview": _("Expert interview"),
        "resource": _("Resource"),
        "question": _("Discussion question"),
        "answer": _("Published answer"),
        "post": _("Forum post"),
    }


def feedback_of_own_data(user: "User") -> list[dict[str, str]]:
    """Feedback sent while signed in, for the sender's own-data download."""
    return [
        {
            "message": feedback.message,
            "page_url": feedback.page_url,
            "email": feedback.email,
            "language": feedback.language,
            "created_at": feedback.created_at.isoformat(),
        }
        for feedback in Feedback.objects.filter(user=user).order_by("id")
    ]
