"""An analyst at the keyboard, in English and in French: codes answers (one by bulk
action), marks a campaign, re-runs the report and finds the counts per code in it;
every workbench view passes axe in both languages."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from analysis.models import Coding, DuplicateGroup, Submission
from tests.analysis.factories import CodeFactory
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


# What the journey reads and where it goes, in each language.
JOURNEY = {
    "en": {
        "login": "/en/accounts/login/",
        "analysis": "/en/staff/analysis/",
        "codebook": "codebook/",
        "duplicates": "duplicates/",
        "campaign_path": "/campaign/",
        "reports": "/en/staff/reports/",
        "publish": "^Publish run",
        "report": "/en/report/",
        "applied": "applied to 1 answer.",
        "campaign": "A campaign signed by 6 participants",
        "fewer": "fewer than 5",
        "codes": ("Peacekeeping", "Fair trade"),
    },
    "fr": {
        "login": "/fr/comptes/login/",
        "analysis": "/fr/personnel/analyse/",
        "codebook": "grille/",
        "duplicates": "doublons/",
        "campaign_path": "/campagne/",
        "reports": "/fr/personnel/rapports/",
        "publish": "^Publier la production",
        "report": "/fr/rapport/",
        "applied": "appliqué à 1 réponse.",
        "campaign": "Une campagne signée par 6 personnes participantes",
        "fewer": "moins de 5",
        "codes": ("Maintien de la paix", "Commerce équitable"),
    },
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_analyst_codes_marks_a_campaign_and_sees_codes_in_the_report(page, setup, language):
    question = setup
    words = JOURNEY[language]
    staff = UserFactory(role="staff")  # ministry staff hold the analyst's right too
    SignIn(page).open(words["login"]).sign_in(staff.email, PASSWORD)
    page.wait_for_load_state()

    # Two codes, typed into the codebook form.
    for english, french in (
        ("Peacekeeping", "Maintien de la paix"),
        ("Fair trade", "Commerce équitable"),
    ):
        page.goto(words["analysis"] + words["codebook"])
        page.focus("#id_label_en")
        page.keyboard.type(english)
        page.keyboard.press("Tab")
        page.keyboard.type(french)
        press_on(page, "form[aria-labelledby=add-code] button[type=submit]")

    # Copies found and marked as a campaign.
    page.goto(f"{words['analysis']}questions/{question.pk}/{words['duplicates']}")
    press_on(page, "main form button[type=submit]")
    press_on(page, f"form[action*='{words['campaign_path']}'] button")
    assert DuplicateGroup.objects.get().is_campaign

    # j moves to the first answer, 1 applies the first code to it.
    workbench = f"{words['analysis']}questions/{question.pk}/"
    page.goto(workbench)
    assert page.locator("html").get_attribute("lang") == language
    page.locator("body").focus()
    page.keyboard.press("j")
    press(page, "1")
    assert page.locator(".messages").inner_text().count(words["applied"]) == 1
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
    page.goto(words["reports"])
    # Without a broker the run (PDFs included) happens inside this request.
    press_on(page, "main form button[type=submit]", timeout=180_000)
    page.wait_for_function("() => document.querySelector('progress').value === 100", timeout=90_000)
    publish = page.get_by_role("link", name=re.compile(words["publish"])).first
    page.goto(publish.get_attribute("href"))
    press_on(page, "main form button[type=submit]")
    page.goto(words["report"])
    section = page.locator("#report-coding").locator("xpath=..")
    text = section.inner_text()
    assert words["campaign"] in text
    peacekeeping, fair_trade = words["codes"]
    fewer = words["fewer"]
    assert re.search(rf"{fair_trade}\s+{fewer}", text)  # one campaign: counted once
    assert re.search(rf"{peacekeeping}\s+{fewer}", text)


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
    submission = Submission.objects.create(
        consultation=question.consultation,
        channel=Submission.Channel.LETTER,
        received_on=datetime.date(2026, 11, 2),
        organisation="Coalition for Aid",
        participant_count=40,
        language="fr",
        body="Nous demandons plus d'aide au développement.",
    )
    submission.questions.add(question)
    base = "/en/staff/analysis/" if language == "en" else "/fr/personnel/analyse/"
    paths = [
        base,
        f"{base}{'codebook' if language == 'en' else 'grille'}/",
        f"{base}questions/{question.pk}/",
        f"{base}questions/{question.pk}/{'agreement' if language == 'en' else 'accord'}/",
        f"{base}questions/{question.pk}/{'duplicates' if language == 'en' else 'doublons'}/",
        f"{base}questions/{question.pk}/suggestions/",
        f"{base}{'submissions' if language == 'en' else 'contributions'}/",
        f"{base}{'submissions' if language == 'en' else 'contributions'}/{submission.pk}/",
        f"{base}{'exports' if language == 'en' else 'exportations'}/",
    ]
    found = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language, path
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        found += [f"{path}: {v['id']}" for v in results.response["violations"]]
    context.close()
    assert found == []


@pytest.mark.parametrize(
    ("language", "typed", "label", "applied"),
    [
        ("en", "fa", "Fair trade", "applied to 1 answer."),
        # Accents and case do not matter: "secu" finds « Sécurité alimentaire ».
        ("fr", "secu", "Sécurité alimentaire", "appliqué à 1 réponse."),
    ],
)
def test_type_ahead_codes_the_current_answer_and_never_fires_in_a_field(
    page, setup, language, typed, label, applied
):
    question = setup
    for english, french in (
        ("Peacekeeping", "Maintien de la paix"),
        ("Fair trade", "Commerce équitable"),
        ("Food security", "Sécurité alimentaire"),
    ):
        CodeFactory(codebook__consultation=question.consultation, label_en=english, label_fr=french)
    analyst = UserFactory(role="analyst")
    words = JOURNEY[language]
    SignIn(page).open(words["login"]).sign_in(analyst.email, PASSWORD)
    page.wait_for_load_state()
    page.goto(f"{words['analysis']}questions/{question.pk}/")
    assert page.locator("#wb-typeahead").is_hidden()

    # Inside a text field, c is a letter like any other.
    page.focus("#id_q")
    page.keyboard.type("c")
    assert page.input_value("#id_q") == "c"
    assert page.locator("#wb-typeahead").is_hidden()

    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("j")
    answer_id = int(page.locator(".wb-current").get_attribute("id").removeprefix("answer-"))
    page.keyboard.press("c")
    assert page.evaluate("document.activeElement.id") == "wb-typeahead-input"
    page.keyboard.type("zz")
    assert "zz" in page.locator("#wb-announcer").inner_text()  # no code starts so
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == f"answer-{answer_id}"

    page.keyboard.press("c")
    page.keyboard.type(typed)
    assert page.locator("#wb-announcer").inner_text().startswith(label)
    press(page, "Enter")
    assert page.locator(".messages").inner_text().count(applied) == 1
    coded = Coding.objects.get()
    assert (coded.answer_id, coded.analyst_id) == (answer_id, analyst.pk)
    assert label in (coded.code.label_en, coded.code.label_fr)
