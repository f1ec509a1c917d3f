"""Answer Questions, the moderation queue and View Answers, end to end, in both languages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse
from django.utils import translation

from dialogue.models import SearchEntry
from moderation.models import Status
from questions.models import Answer
from tests.browser.pages import SignIn, SignUp, SiteFrame
from tests.browser.test_accessibility import WCAG_TAGS
from tests.dialogue.factories import ChapterFactory, ConsultationFactory
from tests.factories import PASSWORD, UserFactory, role_groups_restore
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def role_groups(transactional_db):
    """Transactional tests empty every table after each test, the role groups made by
    a data migration included: make them again so that UserFactory(role=...) works."""

    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    role_groups_restore()


WORDS = {
    "en": {
        "signup": "/en/accounts/signup/",
        "login": "/en/accounts/login/",
        "questions": "/en/questions/",
        "moderation": "/en/moderation/",
        "search": "/en/search/",
        "answer": "Answer this question",
        "edit": "Edit your answer",
        "consent": "I agree to have this answer published on the portal.",
        "submit": "Submit your answer",
        "resubmit": "Submit your changes",
        "pending": "Pending review",
        "published": "Published",
        "publish": "Publish",
        "read": re.compile(r"^Read 1 published answer"),
    },
    "fr": {
        "signup": "/fr/comptes/signup/",
        "login": "/fr/comptes/login/",
        "questions": "/fr/questions/",
        "moderation": "/fr/moderation/",
        "search": "/fr/recherche/",
        "answer": "Répondre à cette question",
        "edit": "Modifier votre réponse",
        "consent": "J'accepte que cette réponse soit publiée sur le portail.",
        "submit": "Soumettre votre réponse",
        "resubmit": "Soumettre vos modifications",
        "pending": "En attente d'examen",
        "published": "Publiée",
        "publish": "Publier",
        "read": re.compile(r"^Lire 1 réponse publiée"),
    },
}


class AnswerQuestions(SiteFrame):
    """The list of questions and the answer form of one of them."""

    def start_answer(self, words):
        self.page.get_by_role("link", name=re.compile(words["answer"])).first.click()
        return self

    def edit_answer(self, words):
        self.page.get_by_role("link", name=re.compile(words["edit"])).first.click()
        return self

    def write(self, text, words, *, button):
        box = self.page.locator("textarea")
        box.fill(text)
        self.page.get_by_label(words["consent"]).check()
        self.page.get_by_role("button", name=words[button]).click()
        return self

    def own_status(self):
        return self.page.locator(".answer-status .status").inner_text()


class ModerationQueue(SiteFrame):
    def publish(self, answer_pk, words):
        item = self.page.locator(f"#item-answer-{answer_pk}")
        item.get_by_role("button", name=re.compile(f"^{words['publish']}")).click()
        return self

    def item_keys(self):
        return self.page.locator("input[name=items]").evaluate_all(
            "boxes => boxes.map(b => b.value)"
        )


def answer_is_found_by_site_search(page, words, query, answer):
    """The published answer shows up in the site search, linking to its place in View Answers."""
    page.goto(f"{words['search']}?q={query}")
    assert page.locator(f'main a[href$="#answer-{answer.pk}"]').count() == 1


@pytest.mark.parametrize("language", ["en", "fr"])
def test_answer_moderate_read_search_and_resubmit(page, browser, live_server, language):
    words = WORDS[language]
    consultation = ConsultationFactory()
    QuestionFactory(chapter=ChapterFactory(consultation=consultation))
    moderator = UserFactory(role="moderator")
    email = f"citizen-{language}@example.org"

    # Sign up and verify the e-mail address.
    SignUp(page).open(words["signup"]).sign_up(email, "a-long-pass-9876")
    link = re.search(r"https?://\S+/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    assert email in page.locator(".account-state").inner_text()

    # Answer a question: it waits for review.
    text = (
        "Peacekeeping missions deserve steady funding"
        if language == "en"
        else ("Les missions de maintien de la paix méritent un financement stable")
    )
    answering = AnswerQuestions(page).open(words["questions"]).start_answer(words)
    answering.write(text, words, button="submit")
    assert answering.own_status() == words["pending"]
    answer = Answer.objects.get(author__email=email)
    assert (answer.status, answer.language) == (Status.PENDING, language)

    # A moderator, in a browser of their own, publishes it in one click.
    context = browser.new_context(base_url=live_server.url)
    moderator_page = context.new_page()
    SignIn(moderator_page).open(words["login"]).sign_in(moderator.email, PASSWORD)
    queue = ModerationQueue(moderator_page).open(words["moderation"])
    assert f"answer:{answer.pk}" in queue.item_keys()
    queue.publish(answer.pk, words)
    assert f"answer:{answer.pk}" not in queue.item_keys()
    context.close()

    # It appears in View Answers and in the search.
    page.goto(words["questions"])
    page.get_by_role("link", name=words["read"]).click()
    assert text in page.locator(f"#answer-{answer.pk}").inner_text()
    answer_is_found_by_site_search(page, words, text.split()[-1], answer)

    # The author edits it: back to pending, out of View Answers.
    editing = AnswerQuestions(page).open(words["questions"]).edit_answer(words)
    assert editing.own_status() == words["published"]
    editing.write(text + " (revised)", words, button="resubmit")
    assert editing.own_status() == words["pending"]
    answer.refresh_from_db()
    assert answer.status == Status.PENDING and answer.body.endswith("(revised)")
    assert not SearchEntry.objects.filter(kind="answer", object_id=answer.pk).exists()


def _axe_violations(page, path):
    response = page.goto(path)
    assert response.status == 200 and page.url.endswith(path), path
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{path}: {v['id']} ({v['impact']}) on {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def test_new_pages_have_no_wcag_violation(axe_page):
    consultation = ConsultationFactory(answer_before_viewing=False)
    question = QuestionFactory(chapter=ChapterFactory(consultation=consultation))
    moderator = UserFactory(role="moderator")
    AnswerFactory(question=question, author=moderator, display_name="Sam", featured=True)
    AnswerFactory(question=question, display_name="", language="fr")
    AnswerFactory(
        question=question,
        status=Status.PENDING,
        body="Call me at 613-555-0199",
        pii_detected=True,
    )
    AnswerFactory(question=question, status=Status.PENDING, consent_to_publish=False)
    SignIn(axe_page).open("/en/accounts/login/").sign_in(moderator.email, PASSWORD)
    paths = []
    for language in ("en", "fr"):
        for name, kwargs in [
            ("questions:index", {}),
            ("questions:answer", {"pk": question.pk}),
            ("questions:answers", {}),
            ("questions:question_answers", {"pk": question.pk}),
            ("moderation:queue", {}),
            ("moderation:log", {}),
            ("accounts:profile", {}),
            ("accounts:data", {}),
            ("accounts:delete", {}),
        ]:
            with translation.override(language):
                paths.append(reverse(name, kwargs=kwargs))
    found = []
    for path in paths:
        found += _axe_violations(axe_page, path)
    assert found == []
