import pytest

from dialogue.models import Chapter
from tests.dialogue.factories import ChapterFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    staff.is_superuser = True  # the admin's model permissions; the role gives is_staff
    staff.save(update_fields=["is_superuser"])
    client.force_login(staff)
    return client


def test_translation_status_lists_records_missing_a_language(staff_client):
    complete = ChapterFactory()
    incomplete = SectionFactory(body_fr="")
    html = staff_client.get("/en/admin/dialogue/consultation/translation-status/").content.decode()
    assert str(incomplete) in html
    assert f">{complete}<" not in html


def test_publishing_a_chapter_needs_both_languages(staff_client):
    chapter = ChapterFactory(published=False, body_fr="")
    data = {
        "consultation": chapter.consultation_id,
        "order": chapter.order,
        "title_en": chapter.title_en,
        "title_fr": chapter.title_fr,
        "slug_en": chapter.slug_en,
        "slug_fr": chapter.slug_fr,
        "summary_en": "",
        "summary_fr": "",
        "body_en": "Text",
        "body_fr": "",
        "published": "on",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
    }
    response = staff_client.post(f"/en/admin/dialogue/chapter/{chapter.pk}/change/", data)
    assert response.status_code == 200
    assert b"can be published only when" in response.content
    assert not Chapter.objects.get(pk=chapter.pk).published
    data["body_fr"] = "Texte"
    response = staff_client.post(f"/en/admin/dialogue/chapter/{chapter.pk}/change/", data)
    assert response.status_code == 302
    assert Chapter.objects.get(pk=chapter.pk).published


def test_the_admin_refuses_participants(client, participant):
    client.force_login(participant)
    assert client.get("/en/admin/dialogue/chapter/").status_code == 302


def test_a_markdown_image_is_refused_with_a_clear_message(staff_client):
    chapter = ChapterFactory(published=False)
    data = {
        "consultation": chapter.consultation_id,
        "order": chapter.order,
        "title_en": chapter.title_en,
        "title_fr": chapter.title_fr,
        "slug_en": chapter.slug_en,
        "slug_fr": chapter.slug_fr,
        "summary_en": "",
        "summary_fr": "",
        "body_en": "Before ![A map of the Arctic](https://example.org/map.png) after",
        "body_fr": "Texte",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
    }
    response = staff_client.post(f"/en/admin/dialogue/chapter/{chapter.pk}/change/", data)
    page = response.content.decode()
    assert "Images cannot be shown on the site" in page
    assert "A map of the Arctic" in page
    assert "map.png" not in Chapter.objects.get(pk=chapter.pk).body_en
