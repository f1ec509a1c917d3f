"""Staff compile and publish the final report; a citizen reads it and downloads the files."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from reports.outputs import run_folder
from tests.browser.pages import SignIn
from tests.factories import PASSWORD, UserFactory, role_groups_restore
from tests.reports.factories import AnswerFactory, QuestionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PATHS = {
    "en": {"login": "/en/accounts/login/", "runs": "/en/staff/reports/", "report": "/en/report/"},
    "fr": {
        "login": "/fr/comptes/login/",
        "runs": "/fr/personnel/rapports/",
        "report": "/fr/rapport/",
    },
}


@pytest.fixture
def site(settings, tmp_path):
    settings.REPORTS_ROOT = tmp_path / "reports"
    # A transactional test before this one may have flushed the role groups.
    role_groups_restore()
    question = QuestionFactory()
    for n in range(6):
        AnswerFactory(
            question=question, body=f"Peacekeeping and trade, answer {n}.", featured=n == 0
        )
    AnswerFactory(question=question, body="La paix d'abord.", language="fr")
    return question.consultation


def _axe_violations(page):
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_staff_publish_a_report_and_a_citizen_downloads_it(
    page, browser, live_server, axe_page, site, language
):
    paths = PATHS[language]
    staff = UserFactory(role="staff")
    SignIn(page).open(paths["login"]).sign_in(staff.email, PASSWORD)
    page.wait_for_load_state()
    page.goto(paths["runs"])
    assert page.locator("html").get_attribute("lang") == language
    start = page.get_by_role("button", name=re.compile("Start the report run|Lancer", re.I))
    # The base button style, not the browser's grey default.
    assert start.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(38, 55, 74)"
    start.click()
    progress = page.locator("progress").first
    # Polling (or the reload after the redirect) brings the bar to 100 %.
    page.wait_for_function("() => document.querySelector('progress').value === 100", timeout=60_000)
    assert progress.get_attribute("max") == "100"
    row = page.locator("tr[id^=run-]").first
    assert re.search(r"100\s?%", row.inner_text())
    page.get_by_role("link", name=re.compile(r"^(Publish run|Publier)", re.I)).click()
    # A confirmation page, with the run's HTML report to check first.
    assert page.get_by_role("link", name=re.compile("HTML")).count() == 2
    page.get_by_role("button", name=re.compile(r"^(Publish run|Publier)", re.I)).click()
    page.wait_for_load_state()
    assert page.locator(".messages").is_visible()

    citizen = browser.new_context(base_url=live_server.url, accept_downloads=True).new_page()
    citizen.goto(paths["report"])
    assert citizen.get_by_role("heading", level=1).inner_text() in ("Final Report", "Rapport final")
    assert citizen.get_by_role("heading", level=2).first.is_visible()
    links = citizen.locator(".report-downloads a")
    pdf_link = links.filter(has_text="PDF").nth(0 if language == "en" else 1)
    with citizen.expect_download() as pdf_download:
        pdf_link.click()
    assert Path(pdf_download.value.path()).read_bytes()[:5] == b"%PDF-"
    with citizen.expect_download() as csv_download:
        links.filter(has_text="CSV").first.click()
    csv_text = Path(csv_download.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("question_id,")
    # On a phone, chart labels stay at their drawn 13 px (the chart scrolls in its own
    # region) and the page itself does not scroll sideways.
    citizen.set_viewport_size({"width": 375, "height": 700})
    citizen.goto(paths["report"])
    chart = citizen.locator(".report-chart").first
    assert chart.bounding_box()["width"] >= 640
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 375
    citizen.context.close()

    # The public page and the stored HTML report pass axe.
    axe_page.goto(paths["report"])
    assert _axe_violations(axe_page) == []
    run = site.report_runs.get(published=True)
    axe_page.set_content((run_folder(run.pk) / f"report-{language}.html").read_text())
    assert _axe_violations(axe_page) == []
    assert run.finished_at <= timezone.now()
