"""Program pages' share of the paper file: the `site_pages:` list, parents first."""

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from dialogue.models import Chapter, Consultation
from dialogue.paper_io import (
    LineDict,
    PaperError,
    PaperPart,
    both,
    choice,
    keys_check,
    paper_part_register,
    plain,
    published_check,
    translated,
    unique_check,
)

from .models import SitePage, SitePageKind
from .selectors import page_tree

SITE_PAGE_KEYS = (
    "slug",
    "parent",
    "kind",
    "in_menu",
    "title",
    "body",
    "speaker",
    "place",
    "delivered_on",
    "check_against_delivery",
)


def _date(item: LineDict, key: str) -> date | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise PaperError(
            _("“%(key)s” must be a date such as 2026-10-15.") % {"key": key}, item.line_of(key)
        )
    return value


def import_site_pages(
    consultation: Consultation, items: list[LineDict], chapters: dict[str, Chapter]
) -> None:
    slugs: dict[str, dict[str, int | None]] = {}
    pages: dict[str, SitePage] = {}
    positions: dict[str | None, int] = {}
    for item in items:
        keys_check(item, SITE_PAGE_KEYS)
        fields: dict[str, Any] = {
            **translated(item, "slug", model=SitePage),
            **translated(item, "title", model=SitePage),
            **translated(item, "body", model=SitePage),
            **translated(item, "speaker", required=False, model=SitePage),
            **translated(item, "place", required=False, model=SitePage),
        }
        unique_check(slugs, fields, "slug", item.line_of("slug"))
        parent_slug = plain(item, "parent", required=False) or None
        if parent_slug is not None and parent_slug not in pages:
            raise PaperError(
                _("the parent page “%(slug)s” must be listed above this page under “site_pages”.")
                % {"slug": parent_slug},
                item.line_of("parent"),
            )
        positions[parent_slug] = positions.get(parent_slug, 0) + 1
        slug = fields["slug_en"]
        SitePage.objects.filter(consultation=consultation, slug_fr=fields["slug_fr"]).exclude(
            slug_en=slug
        ).update(slug_fr=f"~{len(pages)}-{fields['slug_fr']}"[:100])
        page, _created = SitePage.objects.update_or_create(
            consultation=consultation,
            slug_en=slug,
            defaults={
                **fields,
                "parent": pages.get(parent_slug) if parent_slug else None,
                "order": positions[parent_slug],
                "kind": choice(item, "kind", SitePageKind.values, SitePageKind.PAGE),
                "in_menu": bool(item.get("in_menu", False)),
                "delivered_on": _date(item, "delivered_on"),
                "check_against_delivery": bool(item.get("check_against_delivery", False)),
            },
        )
        published_check(page, item.line)
        pages[slug] = page
    leftover = SitePage.objects.filter(consultation=consultation).exclude(slug_en__in=pages)
    # Unhook first: the parent key keeps a page that still has sub-pages.
    leftover.update(parent=None)
    leftover.delete()


def export_site_pages(consultation: Consultation) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    stack = list(reversed(page_tree(consultation)))
    while stack:
        item = stack.pop()
        page = item.page
        row: dict[str, Any] = {"slug": both(page, "slug")}
        if page.parent_id:
            row["parent"] = page.parent.slug_en if page.parent else None
        row["kind"] = page.kind
        if page.in_menu:
            row["in_menu"] = True
        row["title"] = both(page, "title")
        row["body"] = both(page, "body")
        if any(both(page, "speaker").values()):
            row["speaker"] = both(page, "speaker")
        if any(both(page, "place").values()):
            row["place"] = both(page, "place")
        if page.delivered_on:
            row["delivered_on"] = page.delivered_on
        if page.check_against_delivery:
            row["check_against_delivery"] = True
        rows.append(row)
        stack.extend(reversed(item.children))
    return rows


paper_part_register(
    PaperPart(top_key="site_pages", import_top=import_site_pages, export_top=export_site_pages)
)
