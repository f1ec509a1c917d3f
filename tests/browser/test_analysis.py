"""An analyst at the keyboard: codes answers (one by bulk action), marks a campaign,
re-runs the report and finds the counts per code in it; the workbench passes axe."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from analysis.models import Coding, DuplicateGroup
from tests.analysis.test_campaigns import planted_copies
from tests.browser.pages import SignIn
from tests.factories import PASSWORD, UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def setup(settings, tmp_path):
    import random

    from accounts.signals import role_groups_sync

    settings.REPORTS_ROOT = tmp_path / "reports"
    settings.ANALYSIS_ROOT = tmp_path / "analysis"
    role_groups_sync()  # a transactional test before this one may have flushed the groups
    question = QuestionFactory()
    for n in range(6):
        AnswerFactory(question=question, body=f"Individual answer {n} on peacekeeping and aid.")
    for text in planted_copies(random.Random(2))[:6]:
        AnswerFactory(question=question, body=text)
    return question


def press_on(page, selector: str, timeout: float = 15_000) -> None:
    page.focus(selector)
    press(page, "Enter", timeout)


def press(page, key: str, timeout: float = 15_000) -> None:
    """A key that submits a form: wait for the page it leads to."""
    with page.expect_navigation(timeout=timeout):
        page.keyboard.press(key)


def test_an_analyst_codes_marks_a_campaign_and_sees_codes_in_the_report(page, setup):
    question = setup
    staff = UserFactory(role="staff")  # ministry staff hold the analyst's right too
    SignIn(page).open("/en/accounts/login/").sign_in(staff.email, PASSWORD)
    page.wait_for_load_state()

    # Two codes, typed into the codebook form.
    for english, french in (
        ("Peacekeeping", "Maintien de la paix"),
        ("Fair trade", "Commerce équitable"),
    ):
        page.goto("/en/staff/analysis/codebook/")
        page.focus("#id_label_en")
        page.keyboard.type(english)
        page.keyboard.press("Tab")
        page.keyboard.type(french)
        press_on(page, "form[aria-labelledby=add-code] button[type=submit]")

    # Copies found and marked as a campaign.
    page.goto(f"/en/staff/analysis/questions/{question.pk}/duplicates/")
    press_on(page, "main form button[type=submit]")
    press_on(page, "form[action*=campaign] button")
    assert DuplicateGroup.objects.get().is_campaign

    # j moves to the first answer, 1 applies the first code to it.
    workbench = f"/en/staff/analysis/questions/{question.pk}/"
    page.goto(workbench)
    page.locator("body").focus()
    page.keyboard.press("j")
    press(page, "1")
    assert page.locator(".messages").inner_text().count("1 answer") == 1
    # j j to the second answer, 1 again.
    page.locator("body").focus()
    page.keyboard.press("j")
    page.keyboard.press("j")
    press(page, "1")
    # Bulk: filter the campaign, every matching answer gets the second code.
    page.goto(workbench + "?campaign=on")
    page.focus("#wb-code")
    page.keyboard.press("ArrowDown")  # the second code
    page.focus("#wb-scope-matching")
    page.keyboard.press("Space")
    press_on(page, "#wb-apply")
    assert Coding.objects.filter(code__label_en="Fair trade").count() == 6
    assert Coding.objects.filter(code__label_en="Peacekeeping").count() == 2

    # The report, run again and published, shows the counts per code.
    page.goto("/en/staff/reports/")
    # Without a broker the run (PDFs included) happens inside this request.
    press_on(page, "main form button[type=submit]", timeout=180_000)
    page.wait_for_function("() => document.querySelector('progress').value === 100", timeout=90_000)
    page.goto(page.get_by_role("link", name=re.compile("^Publish run")).first.get_attribute("href"))
    press_on(page, "main form button[type=submit]")
    page.goto("/en/report/")
    section = page.locator("#report-coding").locator("xpath=..")
    text = section.inner_text()
    assert "A campaign signed by 6 participants" in text
    assert re.search(r"Fair trade\s+fewer than 5", text)  # one campaign: counted once
    assert re.search(r"Peacekeeping\s+fewer than 5", text)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_workbench_pages_pass_axe(browser, live_server, setup, language):
    question = setup
    analyst = UserFactory(role="analyst")
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    SignIn(page).open(
        f"/{language}/{'accounts' if language == 'en' else 'comptes'}/login/"
    ).sign_in(analyst.email, PASSWORD)
    page.wait_for_load_state()
    base = "/en/staff/analysis/" if language == "en" else "/fr/personnel/analyse/"
    paths = [
        base,
        f"{base}{'codebook' if language == 'en' else 'grille'}/",
        f"{base}questions/{question.pk}/",
        f"{base}questions/{question.pk}/{'duplicates' if language == 'en' else 'doublons'}/",
        f"{base}questions/{question.pk}/suggestions/",
        f"{base}{'submissions' if language == 'en' else 'contributions'}/",
        f"{base}{'exports' if language == 'en' else 'exportations'}/",
    ]
    found = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        found += [f"{path}: {v['id']}" for v in results.response["violations"]]
    context.close()
    assert found == []
