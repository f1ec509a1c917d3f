"""axe-core over every page the site map lists, every moderation view and the report's staff
pages, in both languages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.contenttypes.models import ContentType

from moderation.models import Escalation, Reason, Status
from moderation.services import decision_record, status_change
from tests.browser.test_moderation import QUEUE, pending_answers, sign_in
from tests.factories import UserFactory
from tests.forum.factories import PostFactory
from tests.questions.factories import AnswerFactory

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


def moderation_violations(page, path):
    page.goto(path)
    assert page.locator("h1").count() == 1, path
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{path}: {v['id']} ({v['impact']}) on {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_moderation_view_has_no_wcag_violation(axe_page, language):
    from tests.factories import role_groups_restore

    # Transactional tests empty the tables the role migration filled: fill them again.
    role_groups_restore()
    moderator = UserFactory(role="moderator")
    answers = pending_answers(3, pii_detected=True, body="Call 613-555-0101.")
    post = PostFactory(status=Status.HIDDEN, reason=Reason.FLAGS)
    status_change(
        target=AnswerFactory(question=answers[0].question, author=answers[1].author),
        to_status=Status.HIDDEN,
        moderator=moderator,
        reason=Reason.SPAM,
    )
    Escalation.objects.create(
        target_type=ContentType.objects.get_for_model(post),
        target_id=post.pk,
        note="Second opinion please",
        requested_by=moderator,
    )
    decision_record(moderator=moderator, target=post, action="escalate", note="Second opinion")
    sign_in(axe_page, moderator, language)
    base = QUEUE[language]
    paths = [
        base,
        f"{base}?kind=answer&pii=on&sort=newest",
        f"{base}log/" if language == "en" else f"{base}journal/",
    ]
    axe_page.goto(base)
    for name in ("escalations", "pace"):
        link = axe_page.locator(f"a[href^='{base}']").filter(
            has_text=re.compile(
                {"escalations": "Second opinions|Deuxièmes avis", "pace": "Pace|Rythme"}[name]
            )
        )
        paths.append(link.first.get_attribute("href"))
    paths.append(
        axe_page.locator("a.button-secondary[data-shortcut=redact]").first.get_attribute("href")
    )
    found = []
    for path in paths:
        found += moderation_violations(axe_page, path)
    assert found == []


REPORT_STAFF = {
    "en": {"login": "/en/accounts/login/", "texts": "/en/staff/reports/texts/"},
    "fr": {"login": "/fr/comptes/login/", "texts": "/fr/personnel/rapports/textes/"},
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_report_authoring_page_has_no_wcag_violation(axe_page, language):
    from tests.browser.pages import SignIn
    from tests.factories import PASSWORD, role_groups_restore
    from tests.reports.factories import AnswerFactory as ReportAnswerFactory
    from tests.reports.factories import QuestionFactory

    role_groups_restore()
    question = QuestionFactory()
    for n in range(3):
        ReportAnswerFactory(question=question, body=f"Peacekeeping missions matter, answer {n}.")
    staff = UserFactory(role="staff")
    paths = REPORT_STAFF[language]
    SignIn(axe_page).open(paths["login"]).sign_in(staff.email, PASSWORD)
    axe_page.wait_for_load_state()
    texts = paths["texts"]
    quotes = texts.replace("texts/", "quotes/").replace("textes/", "citations/")
    found = []
    for path in [
        texts,
        f"{texts}foreword/",
        f"{texts}question-{question.pk}/",
        f"{quotes}{question.pk}/",
        f"{quotes}{question.pk}/?q=peacekeeping",
    ]:
        assert axe_page.goto(path).status == 200, path
        found += moderation_violations(axe_page, path)
    assert found == []
