"""Nothing is public until both languages have text: one rule
(`dialogue.services.publish_check`), used by the admin and the paper import."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from dialogue.models import Chapter, Interview, Page, PageKind, Resource, Section, Topic
from dialogue.services import publish_check, publish_missing_languages
from tests.dialogue.factories import ChapterFactory, ConsultationFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_a_chapter_with_a_section_missing_its_french_text_cannot_be_published() -> None:
    chapter = ChapterFactory(published=True)
    SectionFactory(chapter=chapter, body_fr="")
    assert publish_missing_languages(chapter) == ["fr"]
    with pytest.raises(ValidationError, match="can be published only when"):
        publish_check(chapter)


def test_an_unpublished_chapter_may_lack_a_language() -> None:
    chapter = ChapterFactory(published=False, body_fr="")
    publish_check(chapter)  # no error: drafts are not public


def test_the_sections_as_submitted_count_rather_than_the_saved_ones() -> None:
    chapter = ChapterFactory(published=True)
    saved = SectionFactory(chapter=chapter, body_fr="")
    saved.body_fr = "Texte corrigé."
    publish_check(chapter, parts=[saved])


@pytest.mark.parametrize(
    ("build", "missing"),
    [
        (
            lambda c: Page(
                consultation=c,
                kind=PageKind.HELP,
                title_en="Help",
                title_fr="Aide",
                body_en="How",
                body_fr="",
            ),
            ["fr"],
        ),
        (
            lambda c: Interview(
                consultation=c,
                slug="x",
                expert_name="A",
                affiliation_en="U",
                affiliation_fr="U",
                summary_en="",
                summary_fr="Résumé",
                body_en="T",
                body_fr="T",
                date="2026-10-15",
            ),
            ["en"],
        ),
        (
            lambda c: Resource(
                consultation=c,
                title_en="Report",
                title_fr="Rapport",
                description_en="Read it",
                description_fr="",
            ),
            ["fr"],
        ),
        (lambda c: Resource(consultation=c, title_en="Report", title_fr="Rapport"), []),
        (lambda c: Topic(consultation=c, key="k", title_en="Reading", title_fr=""), ["fr"]),
    ],
    ids=["page", "interview", "resource-description", "resource-complete", "topic"],
)
def test_pages_interviews_resources_and_topics_are_public_at_once(build, missing) -> None:
    record = build(ConsultationFactory())
    assert publish_missing_languages(record) == missing
    if missing:
        with pytest.raises(ValidationError, match="needs its text in English and in French"):
            publish_check(record)
    else:
        publish_check(record)


@pytest.fixture
def staff_client(client: Client, staff) -> Client:
    staff.is_superuser = True
    staff.save(update_fields=["is_superuser"])
    client.force_login(staff)
    return client


def test_the_admin_refuses_a_page_missing_its_french_body(staff_client: Client) -> None:
    consultation = ConsultationFactory()
    data = {
        "consultation": consultation.pk,
        "kind": PageKind.HELP,
        "title_en": "Help",
        "title_fr": "Aide",
        "slug_en": "help",
        "slug_fr": "aide",
        "body_en": "How to take part.",
        "body_fr": "",
    }
    response = staff_client.post("/en/admin/dialogue/page/add/", data)
    assert response.status_code == 200
    assert b"needs its text in English and in French" in response.content
    assert not Page.objects.exists()
    data["body_fr"] = "Comment participer."
    assert staff_client.post("/en/admin/dialogue/page/add/", data).status_code == 302
    assert Page.objects.count() == 1


def test_the_admin_weighs_the_sections_as_submitted(staff_client: Client) -> None:
    chapter = ChapterFactory(published=False)
    section = SectionFactory(chapter=chapter, body_fr="")
    data = {
        "consultation": chapter.consultation_id,
        "order": chapter.order,
        "title_en": chapter.title_en,
        "title_fr": chapter.title_fr,
        "slug_en": chapter.slug_en,
        "slug_fr": chapter.slug_fr,
        "summary_en": "",
        "summary_fr": "",
        "body_en": chapter.body_en,
        "body_fr": chapter.body_fr,
        "published": "on",
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "1",
        "sections-0-id": section.pk,
        "sections-0-chapter": chapter.pk,
        "sections-0-order": section.order,
        "sections-0-title_en": section.title_en,
        "sections-0-title_fr": section.title_fr,
        "sections-0-anchor_en": section.anchor_en,
        "sections-0-anchor_fr": section.anchor_fr,
        "sections-0-body_en": section.body_en,
        "sections-0-body_fr": "",
    }
    url = f"/en/admin/dialogue/chapter/{chapter.pk}/change/"
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert b"can be published only when" in response.content
    assert not Chapter.objects.get(pk=chapter.pk).published
    # Filling the section's French text in the same submission publishes the chapter.
    data["sections-0-body_fr"] = "Texte de la section."
    assert staff_client.post(url, data).status_code == 302
    assert Chapter.objects.get(pk=chapter.pk).published


def test_publishing_from_the_chapter_list_checks_the_saved_sections(staff_client: Client) -> None:
    chapter = ChapterFactory(published=False)
    SectionFactory(chapter=chapter, body_fr="")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": chapter.pk,
        "form-0-order": chapter.order,
        "form-0-published": "on",
        "_save": "Save",
    }
    response = staff_client.post("/en/admin/dialogue/chapter/", data)
    assert response.status_code == 200
    assert b"can be published only when" in response.content
    assert not Chapter.objects.get(pk=chapter.pk).published


def test_the_database_refuses_two_chapters_with_one_french_slug() -> None:
    first = ChapterFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ChapterFactory(consultation=first.consultation, slug_fr=first.slug_fr)


def test_the_database_refuses_two_sections_with_one_anchor() -> None:
    first = SectionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SectionFactory(chapter=first.chapter, anchor_en=first.anchor_en)
    assert Section.objects.count() == 1
