"""The moderation queue in a browser: shortcuts that never fire in a field and a
keyboard-only journey with a second moderator. The axe sweep of every moderation
view is in test_accessibility.py."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from moderation.models import Escalation, Status
from tests.browser.pages import SignIn
from tests.factories import PASSWORD, UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIGN_IN = {"en": "/en/accounts/login/", "fr": "/fr/comptes/login/"}
QUEUE = {"en": "/en/moderation/", "fr": "/fr/moderation/"}


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """Transactional tests empty the tables the role migration filled: fill them again."""
    from tests.factories import role_groups_restore

    role_groups_restore()


def sign_in(page, user, language="en"):
    page.context.clear_cookies()
    SignIn(page).open(SIGN_IN[language]).sign_in(user.email, PASSWORD)


def pending_answers(n, **extra):
    question = QuestionFactory()
    return [
        AnswerFactory(
            question=QuestionFactory(chapter=question.chapter),
            status=Status.PENDING,
            submitted_at=timezone.now() - timezone.timedelta(minutes=100 - i),
            **extra,
        )
        for i in range(n)
    ]


def test_no_shortcut_fires_inside_a_text_field(page):
    moderator = UserFactory(role="moderator")
    first, _second = pending_answers(2)
    sign_in(page, moderator)
    page.goto("/en/moderation/")
    note = page.locator(f"#note-answer-{first.pk}")
    note.focus()
    page.keyboard.type("jkprhex?")
    assert note.input_value() == "jkprhex?"
    escalation_note = page.locator(f"#escalate-answer-{first.pk}")
    escalation_note.focus()
    page.keyboard.type("pp")
    assert escalation_note.input_value() == "pp"
    assert not page.locator("#keyboard-help").evaluate("d => d.open")
    assert page.url.endswith("/en/moderation/")
    first.refresh_from_db()
    assert first.status == Status.PENDING
    # Outside a field, the same keys act, and say what they did.
    page.locator("h1").click()
    page.keyboard.press("j")
    expect(page.locator("#queue-announcer")).to_have_text(re.compile("^Item 1 of 2"))
    page.keyboard.press("?")
    expect(page.locator("#keyboard-help")).to_have_attribute("open", "")


def test_keyboard_only_journey_with_a_second_moderator(browser, live_server, page):
    first = UserFactory(role="moderator")
    second = UserFactory(role="moderator")
    wanted = pending_answers(6, language="fr", pii_detected=True, body="Appelez le 613-555-0101.")
    others = pending_answers(2, language="en")
    sign_in(page, first)
    # The filters are in the URL: French answers with a personal-information warning.
    page.goto("/en/moderation/?kind=answer&language=fr&pii=on")
    claim = page.get_by_role("button", name=re.compile("Claim a batch"))
    claim.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("mine=on"))
    assert page.locator("[data-select]").count() == 6
    # A second moderator, in another browser context, never sees the claimed items.
    other_context = browser.new_context(base_url=live_server.url)
    other = other_context.new_page()
    sign_in(other, second)
    other.goto("/en/moderation/")
    shown = other.locator("[data-select]").evaluate_all("boxes => boxes.map(b => b.value)")
    assert sorted(shown) == sorted(f"answer:{a.pk}" for a in others)
    other_context.close()
    # Redact one: the Redact link, then the form, by keyboard alone.
    redact = page.locator("a[data-shortcut=redact]").first
    redact.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("textarea[name=body]").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("Appelez le […].")
    page.keyboard.press("Tab")  # the reason
    page.keyboard.type("Personal i")
    page.keyboard.press("Tab")  # the note
    page.keyboard.type("Phone number removed.")
    page.keyboard.press("Tab")  # the button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile("mine=on"))
    assert sum(type(a).objects.get(pk=a.pk).body == "Appelez le […]." for a in wanted) == 1
    # Publish three with p: each decision reloads the filtered view.
    for _ in range(3):
        page.locator("h1").focus()
        page.keyboard.press("j")
        with page.expect_navigation():
            page.keyboard.press("p")
    # Escalate one: e moves to the note, Enter sends it.
    page.locator("h1").focus()
    page.keyboard.press("j")
    page.keyboard.press("e")
    page.keyboard.type("Is a phone number in a quote acceptable?")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    statuses = sorted(type(a).objects.get(pk=a.pk).status for a in wanted)
    assert statuses.count(Status.PUBLISHED) == 3
    assert Escalation.objects.filter(resolved_at__isnull=True).count() == 1
