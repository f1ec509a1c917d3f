"""Staff write the report's foreword and summary in both languages, pick its quotes, run and
publish it; a reader finds them in the published report in English and in French."""

import re

import pytest

from tests.browser.pages import SignIn
from tests.factories import PASSWORD, UserFactory, role_groups_restore
from tests.reports.factories import AnswerFactory, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXTS = {
    "foreword": {
        "en": "We thank everyone who wrote to us about peace.",
        "fr": "Nous remercions toutes les personnes qui nous ont écrit sur la paix.",
    },
    "summary": {
        "en": "Most participants asked for more peacekeeping.",
        "fr": "La plupart des personnes ont demandé plus de maintien de la paix.",
    },
}


@pytest.fixture
def question(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    role_groups_restore()
    question = QuestionFactory()
    for n in range(6):
        AnswerFactory(
            question=question,
            body=f"Peacekeeping missions build trust between countries, reason {n}.",
            display_name=f"Writer {n}",
        )
    AnswerFactory(
        question=question,
        body="Les missions de maintien de la paix comptent.",
        language="fr",
        display_name="Plume",
    )
    return question


def test_staff_author_and_publish_a_report_a_reader_sees_it_in_both_languages(
    page, browser, live_server, question
):
    staff = UserFactory(role="staff")
    SignIn(page).open("/en/accounts/login/").sign_in(staff.email, PASSWORD)
    page.wait_for_load_state()

    for key, label in (("foreword", "Foreword"), ("summary", "Executive summary")):
        page.goto("/en/staff/reports/texts/")
        page.get_by_role("link", name=label, exact=True).click()
        page.get_by_label("English", exact=True).fill(TEXTS[key]["en"])
        page.get_by_label("French", exact=True).fill(TEXTS[key]["fr"])
        if key == "foreword":
            page.get_by_label("Signature in English").fill("A. Minister")
            page.get_by_label("Signature in French").fill("A. Ministre")
        page.get_by_role("button", name="Save both languages").click()
        page.wait_for_load_state()
    page.goto("/en/staff/reports/texts/")
    assert page.locator("main").inner_text().count("French missing") == 0

    page.get_by_role("link", name=re.compile("^Pick quotes")).first.click()
    search = page.locator("main form[role=search]")
    search.get_by_label("Words in the answer or the display name").fill("Writer")
    search.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    for name in ("Writer 2", "Writer 4"):
        page.get_by_role("button", name=f"Quote this answer – {name}").click()
        page.wait_for_load_state()
    picked = page.locator("section[aria-labelledby=picked-heading]")
    assert picked.get_by_role("button", name=re.compile("^Remove")).count() == 2

    page.goto("/en/staff/reports/")
    page.get_by_role("button", name=re.compile("Start the report run", re.I)).click()
    page.wait_for_function("() => document.querySelector('progress').value === 100", timeout=60_000)
    page.get_by_role("link", name=re.compile(r"^Publish run", re.I)).click()
    # Preview: the run's own HTML report opens before publishing.
    preview = page.get_by_role("link", name=re.compile("HTML")).first.get_attribute("href")
    preview_text = page.request.get(preview).text()
    assert TEXTS["foreword"]["en"] in preview_text
    page.get_by_role("button", name=re.compile(r"^Publish run", re.I)).click()
    page.wait_for_load_state()
    assert page.locator(".messages").is_visible()

    reader = browser.new_context(base_url=live_server.url).new_page()
    for language, path, contents, foreword, themes in (
        ("en", "/en/report/", "Contents", "Foreword", "Themes in answers"),
        ("fr", "/fr/rapport/", "Table des matières", "Avant-propos", "Thèmes des réponses"),
    ):
        reader.goto(path)
        main = reader.locator("main")
        assert main.get_by_role("navigation", name=contents).is_visible()
        assert main.get_by_role("heading", name=foreword, exact=True).is_visible()
        text = main.inner_text()
        assert TEXTS["foreword"][language] in text
        assert TEXTS["summary"][language] in text
        assert themes in text
        assert "peacekeeping" in text.lower()
        quotes = main.locator(".report-quote")
        captions = " ".join(quotes.locator("figcaption").all_inner_texts())
        assert "Writer 2" in captions and "Writer 4" in captions
    reader.context.close()
