"""Reading the page tree: the menu, breadcrumbs and the contents list of a page."""

import datetime
import re
from dataclasses import dataclass, field
from html import unescape

from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.utils.html import strip_tags

from dialogue.models import Consultation, ConsultationState, Resource

from .models import SitePage

MAX_DEPTH = 12  # far deeper than any tree a department builds; guards a bad parent chain


@dataclass
class MenuItem:
    page: SitePage
    children: list["MenuItem"] = field(default_factory=list)


def consultations_with_pages() -> QuerySet[Consultation]:
    """Consultations whose program pages are public: any that is not a draft."""
    return (
        Consultation.objects.exclude(state=ConsultationState.DRAFT)
        .filter(site_pages__isnull=False)
        .distinct()
    )


@dataclass(frozen=True)
class Section:
    consultation: Consultation
    page_count: int
    modified: datetime.datetime | None


def sections_listed() -> list[Section]:
    """The public sections, the newest consultation first, with their page count and
    latest page change."""
    rows = (
        Consultation.objects.exclude(state=ConsultationState.DRAFT)
        .annotate(modified=Max("site_pages__updated_at"), page_count=Count("site_pages"))
        .filter(page_count__gt=0)
        .order_by("-opens_at", "pk")
    )
    return [Section(row, row.page_count, row.modified) for row in rows]


def consultation_by_slug(slug: str) -> Consultation:
    """The consultation whose slug in the reader's language is `slug`, if its pages are
    public."""
    consultation = consultations_with_pages().filter(slug=slug).first()
    if consultation is None:
        raise Http404
    return consultation


def site_pages(consultation: Consultation) -> list[SitePage]:
    pages = list(SitePage.objects.filter(consultation=consultation).order_by("order", "id"))
    for page in pages:
        page.consultation = consultation  # for their URLs, without a query each
    return pages


def page_tree(consultation: Consultation, *, menu_only: bool = False) -> list[MenuItem]:
    """The consultation's pages as a tree, children in their order; with `menu_only`,
    only the top-level pages the department put in the menu (and their children)."""
    pages = site_pages(consultation)
    items = {page.pk: MenuItem(page) for page in pages}
    roots: list[MenuItem] = []
    for page in pages:
        if page.parent_id is None:
            if page.in_menu or not menu_only:
                roots.append(items[page.pk])
        elif page.parent_id in items:
            items[page.parent_id].children.append(items[page.pk])
    return roots


def page_by_slug(consultation: Consultation, slug: str) -> SitePage:
    page = (
        SitePage.objects.filter(consultation=consultation, slug=slug)
        .select_related("consultation")
        .first()
    )
    if page is None:
        raise Http404
    return page


def page_ancestors(page: SitePage) -> list[SitePage]:
    """From the top of the tree down to the page's parent, for the breadcrumbs."""
    by_id = {p.pk: p for p in site_pages(page.consultation)}
    chain: list[SitePage] = []
    parent_id = page.parent_id
    while parent_id is not None and parent_id in by_id and len(chain) < MAX_DEPTH:
        parent = by_id[parent_id]
        chain.append(parent)
        parent_id = parent.parent_id
    return list(reversed(chain))


def page_children(page: SitePage) -> list[SitePage]:
    children = list(page.children.order_by("order", "id"))
    for child in children:
        child.consultation = page.consultation
    return children


_HEADING = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)


def page_contents(body_html: str) -> list[tuple[str, str]]:
    """(anchor, text) of each second-level heading of the rendered body."""
    return [
        (anchor, unescape(strip_tags(text)).strip())
        for anchor, text in _HEADING.findall(body_html or "")
    ]


def section_resources(consultation: Consultation) -> list[Resource]:
    """The section's publications and links, with each one's own link per language."""
    return list(
        Resource.objects.filter(consultation=consultation).order_by("topic__order", "order", "id")
    )
