"""axe-core over every page the site map lists, in both languages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sitemap_paths(page, sitemap_path):
    page.goto(sitemap_path)
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return sorted({h for h in hrefs if h and h.startswith("/")})


def violations_of(page, path):
    page.goto(path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{path}: {v['id']} ({v['impact']}) on {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("sitemap_path", ["/en/sitemap/", "/fr/plan-du-site/"])
def test_every_page_in_the_site_map_has_no_wcag_violation(axe_page, demo_site, sitemap_path):
    page = axe_page
    paths = sitemap_paths(page, sitemap_path)
    assert len(paths) >= 15
    found = []
    for path in [*paths, sitemap_path, "/"]:
        found += violations_of(page, path)
    assert found == []
