"""One pager for every paginated page (answers, board, thread, moderation log)."""

import subprocess
from pathlib import Path

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def test_the_pager_keeps_the_query_and_links_both_ways() -> None:
    page = Paginator(range(30), 10).get_page(2)
    html = render_to_string("includes/pagination.html", {"page": page, "query": "sort=newest"})
    assert 'href="?sort=newest&amp;page=1" rel="prev">Previous page<' in html
    assert 'href="?sort=newest&amp;page=3" rel="next">Next page<' in html
    assert "Page 2 of 3" in html
    with translation.override("fr"):
        french = render_to_string("includes/pagination.html", {"page": page})
    assert 'href="?page=1" rel="prev">Page précédente<' in french


def test_a_single_page_has_no_pager() -> None:
    page = Paginator(range(3), 10).get_page(1)
    assert render_to_string("includes/pagination.html", {"page": page}).strip() == ""


def test_there_is_one_pager_template() -> None:
    templates = subprocess.run(
        ["git", "ls-files", "*.html"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    copies = [name for name in templates if "pagination" in name]
    assert copies == ["templates/includes/pagination.html"]
