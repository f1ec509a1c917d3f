"""Reads of the reading side. Each returns its joins declared, so page query counts stay flat."""

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404

from .models import Chapter, Consultation, Interview, Page, Resource, Section, Topic


def current_consultation():
    """The consultation the public URLs serve, or 404 when none is set up."""
    consultation = Consultation.objects.filter(is_current=True).first()
    if consultation is None:
        raise Http404("No consultation is set up yet.")
    return consultation


def current_consultation_or_none():
    return Consultation.objects.filter(is_current=True).first()


FIXED_PAGES_CACHE_KEY = "dialogue:fixed-page-kinds"


def fixed_page_kinds() -> frozenset[str]:
    """Kinds of the fixed pages (minister, help, privacy…) the current consultation has.

    Every page's header and footer read it, so it is cached; saving or deleting a page
    or a consultation clears it (dialogue.signals).
    """
    kinds = cache.get(FIXED_PAGES_CACHE_KEY)
    if kinds is None:
        kinds = frozenset(
            Page.objects.filter(consultation__is_current=True).values_list("kind", flat=True)
        )
        cache.set(FIXED_PAGES_CACHE_KEY, kinds, 3600)
    return kinds


def chapters_with_sections(consultation, *, include_unpublished=False):
    chapters = Chapter.objects.filter(consultation=consultation)
    if not include_unpublished:
        chapters = chapters.filter(published=True)
    return chapters.prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("order"))
    )


def page_of_kind(consultation, kind):
    page = Page.objects.filter(consultation=consultation, kind=kind).first()
    if page is None:
        raise Http404
    return page


def interviews(consultation):
    return Interview.objects.filter(consultation=consultation).select_related("chapter")


def topics_with_resources(consultation):
    return Topic.objects.filter(consultation=consultation).prefetch_related(
        Prefetch("resources", queryset=Resource.objects.order_by("order", "id"))
    )


def page_of_kind_or_none(consultation, kind):
    return Page.objects.filter(consultation=consultation, kind=kind).first()


def chapter_by_slug(consultation, slug, *, include_unpublished=False):
    """The chapter whose slug in the reader's language is `slug`, with its sections
    and discussion questions loaded."""
    chapters = Chapter.objects.filter(consultation=consultation, slug=slug).prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("order")), "questions"
    )
    if not include_unpublished:
        chapters = chapters.filter(published=True)
    chapter = chapters.first()
    if chapter is None:
        raise Http404
    return chapter


def chapter_neighbours(consultation, chapter):
    """(previous, next) published chapters around `chapter`, in one query."""
    siblings = list(
        Chapter.objects.filter(consultation=consultation, published=True).only(
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


def first_chapter(consultation):
    return (
        Chapter.objects.filter(consultation=consultation, published=True)
        .only("id", "title_en", "title_fr", "slug_en", "slug_fr")
        .first()
    )


_sitemap_providers = []


def sitemap_provider(function):
    """Register `function(consultation) -> [(title, url)]`: other apps' public pages."""
    _sitemap_providers.append(function)
    return function


def sitemap_extra_links(consultation):
    links = []
    for provider in _sitemap_providers:
        links.extend(provider(consultation))
    return links


def search_kind_labels():
    from django.utils.translation import gettext as _

    return {
        "chapter": _("Dialogue Paper"),
        "section": _("Dialogue Paper"),
        "page": _("Page"),
        "interview": _("Expert interview"),
        "resource": _("Resource"),
        "question": _("Discussion question"),
        "answer": _("Published answer"),
        "post": _("Forum post"),
    }
