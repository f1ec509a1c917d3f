import re

import pytest

from dialogue.models import Chapter, Interview, Page, Resource, Section, Topic
from tests.dialogue.factories import ChapterFactory, ConsultationFactory, SectionFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("/en/", "/fr/"),
    ("/en/minister/", "/fr/ministre/"),
    ("/en/paper/", "/fr/document/"),
    ("/en/paper/introduction/", "/fr/document/introduction/"),
    ("/en/experts/", "/fr/experts/"),
    ("/en/resources/", "/fr/ressources/"),
    ("/en/help/", "/fr/aide/"),
    ("/en/privacy/", "/fr/confidentialite/"),
    ("/en/netiquette/", "/fr/netiquette/"),
    ("/en/partners/", "/fr/partenaires/"),
    ("/en/about/", "/fr/a-propos/"),
    ("/en/feedback/", "/fr/retroaction/"),
    ("/en/sitemap/", "/fr/plan-du-site/"),
    ("/en/search/?q=canada", "/fr/recherche/?q=canada"),
]


def toggle_target(html):
    return re.search(r'class="lang-toggle".*?<a href="([^"]+)"', html, re.S).group(1)


@pytest.mark.parametrize(("english", "french"), PUBLIC_PAGES)
def test_every_reading_page_has_its_twin(client, demo_paper, english, french):
    html_en = client.get(english).content.decode()
    html_fr = client.get(french).content.decode()
    assert toggle_target(html_en) == french.replace("&", "&amp;")
    assert toggle_target(html_fr) == english.replace("&", "&amp;")
    assert re.search(r"Date modified:</dt>\s*<dd><time datetime=\"\d{4}-\d\d-\d\d\"", html_en)
    assert re.search(
        r"Date de modification\xa0:</dt>\s*<dd><time datetime=\"\d{4}-\d\d-\d\d\"", html_fr
    )


def test_chapter_toggle_lands_on_the_same_chapter_with_its_french_slug(client, demo_paper):
    html = client.get("/en/paper/values-and-culture/").content.decode()
    assert toggle_target(html) == "/fr/document/valeurs-et-culture/"
    assert "Valeurs et culture" in client.get("/fr/document/valeurs-et-culture/").content.decode()


def test_interview_toggle_keeps_the_interview(client, demo_paper):
    interview = Interview.objects.first()
    html = client.get(f"/en/experts/{interview.slug}/").content.decode()
    assert toggle_target(html) == f"/fr/experts/{interview.slug}/"


def test_chapter_page_has_breadcrumbs_contents_questions_and_neighbours(client, demo_paper):
    html = client.get("/en/paper/security/").content.decode()
    assert re.search(r'<a href="/en/paper/">Dialogue Paper</a></li><li>Security</li>', html)
    section = Section.objects.filter(chapter__slug_en="security").first()
    assert f'<a href="#{section.anchor_en}">' in html and f'id="{section.anchor_en}"' in html
    assert "Questions for Discussion" in html
    question = demo_paper.questions.filter(chapter__slug_en="security").first()
    assert f'href="/en/questions/{question.pk}/answer/"' in html
    assert f'href="/en/answers/{question.pk}/"' in html
    assert 'rel="prev">Previous: The 1995 Policy Review and Since' in html
    assert 'rel="next">Next: Prosperity' in html


def test_first_and_last_chapters_have_one_neighbour(client, demo_paper):
    first = client.get("/en/paper/introduction/").content.decode()
    assert 'rel="prev"' not in first and 'rel="next">Next: The 1995 Policy Review' in first
    last = client.get("/en/paper/conclusion/").content.decode()
    assert 'rel="next"' not in last and 'rel="prev">Previous: Values and Culture' in last
    french = client.get("/fr/document/conclusion/").content.decode()
    assert "Précédent\xa0: Valeurs et culture" in french


def test_unpublished_chapter_is_hidden_from_readers_and_previewed_by_staff(client, staff):
    chapter = ChapterFactory(published=False)
    assert client.get(f"/en/paper/{chapter.slug_en}/").status_code == 404
    client.force_login(staff)
    response = client.get(f"/en/paper/{chapter.slug_en}/")
    assert response.status_code == 200
    assert b"Preview: this chapter is not published yet." in response.content


def test_missing_translation_falls_back_with_a_visible_notice(client):
    chapter = ChapterFactory(body_fr="", title_fr="")
    html = client.get(f"/fr/document/{chapter.slug_fr}/").content.decode()
    assert "Ce contenu n'est pas encore offert en français" in html
    assert '<h1 lang="en">' + chapter.title_en in html


def test_script_in_a_body_never_reaches_the_page(client):
    chapter = ChapterFactory(
        body_en='Hello <script>alert("x")</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))'
    )
    SectionFactory(chapter=chapter, body_en="<iframe src=//evil.example></iframe>**bold**")
    html = client.get(f"/en/paper/{chapter.slug_en}/").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in main
    assert "<img" not in main and "<iframe" not in main and 'href="javascript:' not in main
    assert "<strong>bold</strong>" in main


def test_markdown_headings_get_stable_anchors(client):
    chapter = ChapterFactory(body_en="## Human security today\n\nText.")
    html = client.get(f"/en/paper/{chapter.slug_en}/").content.decode()
    assert '<h2 id="human-security-today">Human security today</h2>' in html


def _grow_consultation(consultation, chapters=30, sections=5, resources=40, interviews=20):
    topic = Topic.objects.create(
        consultation=consultation, key="extra", title_en="Extra", title_fr="Extra"
    )
    start = Chapter.objects.filter(consultation=consultation).count()
    for n in range(chapters):
        chapter = ChapterFactory(consultation=consultation, order=start + n + 1)
        for m in range(sections):
            SectionFactory(chapter=chapter, order=m + 1)
    Resource.objects.bulk_create(
        Resource(
            consultation=consultation,
            topic=topic,
            order=n,
            title_en=f"R{n}",
            title_fr=f"R{n}",
            url="https://example.org",
            kind="link",
            language="both",
        )
        for n in range(resources)
    )
    first = Chapter.objects.filter(consultation=consultation).first()
    Interview.objects.bulk_create(
        Interview(
            consultation=consultation,
            slug=f"extra-{n}",
            order=100 + n,
            expert_name=f"Expert {n}",
            affiliation_en="University",
            affiliation_fr="Université",
            date="2026-10-01",
            chapter=first,
            summary_en="Summary",
            summary_fr="Résumé",
        )
        for n in range(interviews)
    )


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/paper/",
        "/en/paper/security/",
        "/en/resources/",
        "/en/experts/",
        "/en/sitemap/",
        "/en/minister/",
        "/en/search/?q=security",
        "/en/experts/anne-marie-lachance/",
    ],
)
def test_query_count_does_not_grow_with_the_paper(
    client, demo_paper, django_assert_max_num_queries, path
):
    client.get(path)  # warm up: content types, translations
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _grow_consultation(demo_paper)
    # The same number of queries with 36 chapters, 160 sections, 53 resources and 23 interviews.
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(path).status_code == 200


def test_page_without_consultation_is_a_404_but_home_says_so(client):
    assert client.get("/en/paper/").status_code == 404
    assert b"No consultation is open yet" in client.get("/en/").content


def test_pages_render_from_the_page_records(client, demo_paper):
    page = Page.objects.get(kind="netiquette")
    html = client.get("/fr/netiquette/").content.decode()
    assert page.title_fr in html


def test_site_map_lists_every_chapter_and_interview(client, demo_paper):
    html = client.get("/en/sitemap/").content.decode()
    for chapter in Chapter.objects.all():
        assert f'href="{chapter.get_absolute_url()}"' in html
    for interview in Interview.objects.all():
        assert f'href="/en/experts/{interview.slug}/"' in html


def test_consultation_factory_is_current():
    assert ConsultationFactory().is_current


def test_heading_ids_are_unique_on_a_chapter_page(client, db):
    import re as _re

    from tests.dialogue.factories import ChapterFactory

    chapter = ChapterFactory(body_en="## Background\n\n#### Questions\n\nText.")
    for order, anchor in ((1, "trade"), (2, "aid")):
        chapter.sections.create(
            order=order,
            title_en=anchor.title(),
            title_fr=anchor.title(),
            anchor_en=anchor,
            anchor_fr=anchor,
            body_en="## Background\n\nWords.",
            body_fr="## Contexte\n\nMots.",
        )
    html = client.get(chapter.get_absolute_url()).content.decode()
    ids = _re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'href="#questions"' not in html or ids.count("questions") <= 1


def test_table_column_alignment_is_kept_without_inline_style():
    from dialogue.markdown import render_content

    html = render_content("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert '<th class="align-left">' in html and '<td class="align-right">2</td>' in html
    assert "style=" not in html
