from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


def sections(request: HttpRequest) -> HttpResponse:
    """Every public section of program pages (the address above each section's home)."""
    found = selectors.sections_listed()
    return render(
        request,
        "sitepages/sections.html",
        {
            "sections": found,
            "date_modified": max((s.modified for s in found if s.modified), default=None),
        },
    )


def index(request: HttpRequest, consultation: str) -> HttpResponse:
    """The section's home: every page of the tree, as the department ordered it."""
    found = selectors.consultation_by_slug(consultation)
    tree = selectors.page_tree(found)
    return render(
        request,
        "sitepages/index.html",
        {
            "section": found,
            "tree": tree,
            "menu": selectors.page_tree(found, menu_only=True),
            "resources": selectors.section_resources(found),
            "twin_object": None,
            "date_modified": max((item.page.updated_at for item in tree), default=None),
        },
    )


def page(request: HttpRequest, consultation: str, slug: str) -> HttpResponse:
    found = selectors.consultation_by_slug(consultation)
    current = selectors.page_by_slug(found, slug)
    return render(
        request,
        "sitepages/page.html",
        {
            "section": found,
            "page": current,
            "ancestors": selectors.page_ancestors(current),
            "children": selectors.page_children(current),
            "contents": selectors.page_contents(current.body_html),
            "menu": selectors.page_tree(found, menu_only=True),
            "twin_object": current,
            "date_modified": current.updated_at,
        },
    )
