"""Program pages in the site map: each public section and its pages."""

from django.urls import reverse

from dialogue.models import Consultation

from .selectors import consultations_with_pages, page_tree


def site_page_links(consultation: Consultation) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    for section in consultations_with_pages():
        links.append(
            (section.title, reverse("sitepages:index", kwargs={"consultation": section.slug}))
        )
        stack = list(reversed(page_tree(section)))
        while stack:
            item = stack.pop()
            links.append((item.page.title, item.page.get_absolute_url()))
            stack.extend(reversed(item.children))
    return links
