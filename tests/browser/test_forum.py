"""The forum journey in both languages, script that never runs, and axe on the forum pages."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse
from django.utils import translation

from forum.models import Post, Thread
from moderation.models import Reason, Status
from tests.browser.pages import SignIn
from tests.factories import PASSWORD, UserFactory, role_groups_restore
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory
from tests.forum.xss import XSS_PAYLOADS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _role_groups(transactional_db):
    """Transactional tests empty the tables the role migration filled: fill them again."""

    role_groups_restore()


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

TEXT = {"en": {"sign_in": "/en/accounts/login/"}, "fr": {"sign_in": "/fr/comptes/login/"}}
PENDING = (
    "Thank you. Your message is pending review: a moderator will read it before it is "
    "published. You will get an e-mail when it is."
)


def in_language(language, message):
    """The message as the catalogue gives it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


def url(language, name, board=None, **kwargs):
    with translation.override(language):
        if board is not None:
            kwargs["slug"] = board.slug  # the slug in that language
        return reverse(name, kwargs=kwargs)


def sign_in(page, user, language):
    page.context.clear_cookies()
    SignIn(page).open(TEXT[language]["sign_in"]).sign_in(user.email, PASSWORD)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_forum_journey(page, settings, language):
    settings.FORUM_TRUST_THRESHOLD = 1
    board = BoardFactory()
    newcomer = UserFactory(preferred_language=language, display_name="Newcomer")
    replier = UserFactory(display_name="Replier")
    rude = UserFactory(display_name="Rude")
    moderator = UserFactory(role="moderator")
    for user in (replier, rude):
        PostFactory(author=user)  # one published post each: trusted

    # A new participant opens a thread: it waits for review.
    sign_in(page, newcomer, language)
    page.goto(url(language, "forum:board", board=board))
    page.locator("main a.button").click()
    page.locator("#id_title").fill("Trade with Asia / Le commerce avec l'Asie")
    page.locator("#id_body").fill("Should we **sign** more agreements?")
    page.locator("main form button.secondary").click()  # preview first
    assert page.locator(".post-preview strong").inner_text() == "sign"
    page.locator("main form button.primary").click()
    # The notice sits in the new post, where the page opens.
    assert page.locator(".post .message").inner_text() == in_language(language, PENDING)
    thread = Thread.objects.get(board=board, title__startswith="Trade with Asia")
    assert thread.status == Status.PENDING

    # The moderator publishes it from the thread page.
    sign_in(page, moderator, language)
    opening = thread.posts.get()
    page.goto(url(language, "forum:post_moderate", pk=opening.pk))
    page.locator("input[name=action][value=publish]").check()
    page.locator("main form button.primary").click()
    thread.refresh_from_db()
    assert thread.status == Status.PUBLISHED

    # A rude reply arrives; another participant replies and flags the rude one.
    rude_post = PostFactory(thread=thread, author=rude, body="You are all fools.")
    mail.outbox.clear()
    sign_in(page, replier, language)
    page.goto(
        thread.get_absolute_url() if language == "en" else url("fr", "forum:thread", pk=thread.pk)
    )
    page.locator("#id_body").fill("Agreements help small exporters most.")
    page.locator(".reply-section button.primary").click()
    assert page.locator(".post-body", has_text="small exporters").is_visible()
    page.locator(f"#post-{rude_post.pk} .post-actions a").last.click()
    page.locator("#id_reason").select_option("personal-attack")
    page.locator("main form button.primary").click()
    assert page.locator(f"#post-{rude_post.pk}").is_visible()

    # The moderator hides the flagged reply with a reason: a stub stays.
    sign_in(page, moderator, language)
    page.goto(url(language, "forum:post_moderate", pk=rude_post.pk))
    page.locator("input[name=action][value=hide]").check()
    page.locator("#id_reason").select_option("personal-attack")
    page.locator("main form button.primary").click()
    page.context.clear_cookies()
    page.goto(url(language, "forum:thread", pk=thread.pk))
    stub = page.locator(f"#post-{rude_post.pk} .stub").inner_text()
    assert "fools" not in page.locator("main").inner_text()
    with translation.override(language):
        reason = str(Reason.PERSONAL_ATTACK.label)
        expected = translation.gettext("Hidden by a moderator: %(reason)s") % {"reason": reason}
    assert stub == expected
    assert Post.objects.get(pk=rude_post.pk).status == Status.HIDDEN

    # The thread's author was told about the new replies, in their language.
    to_author = [
        m for m in mail.outbox if m.to == [newcomer.email] and "Trade with Asia" in m.subject
    ]
    assert len(to_author) == 1
    assert "small exporters" in to_author[0].body
    assert re.search(rf"/{language}/forum/", to_author[0].body)


def test_script_payloads_never_run(page):
    board = BoardFactory()
    thread = ThreadFactory(board=board, title=XSS_PAYLOADS[0])
    for payload in XSS_PAYLOADS:
        PostFactory(thread=thread, body=payload)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(board.get_absolute_url())
    page.goto(thread.get_absolute_url())
    page.goto(thread.get_absolute_url() + "?page=2")
    # Hover and follow whatever links the payloads left in the bodies.
    for link in page.locator(".post-body a").all():
        link.hover()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.locator("main script, main img, main svg, main iframe").count() == 0


def violations(page, path):
    page.goto(path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [
        f"{path}: {v['id']} ({v['impact']}) on {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_forum_pages_have_no_wcag_violation(axe_page, live_server, language):
    board = BoardFactory()
    thread = ThreadFactory(board=board, title="Accessible thread")
    reply = PostFactory(thread=thread, reply_to=thread.posts.get(), body="A *reply*")
    participant = UserFactory()
    PostFactory(thread=thread, author=participant, status=Status.PENDING)
    page = axe_page
    paths = [
        url(language, "forum:index"),
        url(language, "forum:board", board=board),
        url(language, "forum:thread", pk=thread.pk),
    ]
    found = []
    for path in paths:
        found += violations(page, path)
    # Signed in: the thread page with the reply form, and the new-thread form.
    SignIn(page).open(TEXT[language]["sign_in"]).sign_in(participant.email, PASSWORD)
    for path in [
        url(language, "forum:thread", pk=thread.pk),
        url(language, "forum:new_thread", board=board),
        url(language, "forum:flag", pk=reply.pk),
    ]:
        found += violations(page, path)
    # The form with its errors shown.
    page.goto(url(language, "forum:new_thread", board=board))
    assert page.locator("main form button.primary").count() == 1, page.content()
    page.locator("main form button.primary").click()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    found += [v["id"] for v in results.response["violations"]]
    assert found == []
