"""Disguised e-mail addresses and phone numbers are masked in every output, and the
moderators are warned about them.

The cases below are written out by hand, independently of the patterns in
`moderation.pii`: each pairs what a participant types with a fragment that must
not reach a reader. The innocent strings must come through untouched.
"""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from dialogue.models import SearchEntry
from forum import notifications
from forum.models import Subscription
from moderation.pii import pii_found, pii_mask, pii_mask_html, pii_render
from questions.services import answer_search_sync
from tests.factories import UserFactory
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory
from tests.questions.factories import AnswerFactory

pytestmark = pytest.mark.django_db

# (what the participant types, a fragment of it that no reader may see)
DISGUISED = [
    ("alma.quinn@example.com", "alma.quinn"),
    ("bruno\\@example.com", "bruno"),
    ("carla&#64;example.org", "carla"),
    ("dmitri&commat;example.net", "dmitri"),
    ("paulo&#x40;example.com", "paulo"),
    ("emile@*example*.com", "emile"),
    ("fatima@_exemple_.ca", "fatima"),
    ("gustav @ example.com", "gustav"),
    ("hana [at] example [dot] com", "hana"),
    ("ingrid (at) example (dot) org", "ingrid"),
    ("jonas at example dot com", "jonas"),
    ("karim arobase exemple point ca", "karim"),
    ("lena\uff20example\uff0ecom", "lena"),
    ("maya@exa\u200bmple.com", "maya"),
    ("`nora@example.com`", "nora"),
    ("<omar@example.com>", "omar"),
    ("quentin\\_roy@example.com", "quentin"),
    ("613-555-0111", "0111"),
    ("613\\-555\\-0122", "0122"),
    ("613&#45;555&#45;0133", "0133"),
    ("(613) 555-0144", "0144"),
    ("613.555.0155", "0155"),
    ("+1 613 555 0166", "0166"),
    ("1-800-555-0177", "0177"),
    ("613 - 555 - 0223", "0223"),
    ("613*555*0234", "0234"),
    ("+33 (0)1 23 45 61 88", "45 61 88"),
    ("+44 20 7946 0199", "7946"),
    ("0044 20 7946 0245", "0245"),
    ("01 42 68 53 21", "68 53 21"),
    ("06.12.34.56.78", "56.78"),
    ("6 1 3 5 5 5 0 2 1 2", "5 0 2 1 2"),
]
INNOCENT = [
    "In 2026 we met again.",
    "Between 2003 and 2004 the talks went on.",
    "The 2003-2004 consultation.",
    "On 2026-11-27 at 13 h 40.",
    "Dated 27/11/2026.",
    "About 5 000 people wrote in.",
    "It cost 1 234 567 890 $ in all.",
    "It cost $1,250,000 last year.",
    "Some 45 % agreed.",
    "See chapter 3.2.1 and sections 10-12.",
    "Chapter 12, question 3.",
    "Our office is at K1A 0G2.",
    "Read more at canada.ca today.",
    "Look at the data from 1990 to 2020.",
    "R&D spending rose.",
]
ALL_DISGUISED = "\n\n".join(typed for typed, _fragment in DISGUISED)
ALL_INNOCENT = "\n\n".join(INNOCENT)


def _text(markup: str) -> str:
    """What a reader reads: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _assert_masked(text: str) -> None:
    leaked = [fragment for _typed, fragment in DISGUISED if fragment in text]
    assert not leaked, leaked
    assert "[e-mail removed]" in text and "[phone number removed]" in text


def test_the_checker_catches_a_leak():
    # The checks below would be worthless if they passed on the raw text.
    with pytest.raises(AssertionError):
        _assert_masked(ALL_DISGUISED)


@pytest.mark.parametrize(("typed", "fragment"), DISGUISED)
def test_each_disguise_warns_the_moderators_and_is_masked(typed, fragment):
    assert pii_found(typed)
    assert fragment not in _text(pii_render(typed, "en"))
    assert fragment not in pii_mask(typed, "en")


@pytest.mark.parametrize("innocent", INNOCENT)
def test_innocent_text_is_left_alone(innocent):
    assert not pii_found(innocent)
    assert pii_mask(innocent) == innocent
    assert _text(pii_render(innocent)).strip() == innocent


def test_masks_are_written_in_the_texts_language():
    assert pii_mask("bob@example.com", "fr") == "[courriel retiré]"
    assert pii_mask("613-555-0188", "fr") == "[numéro de téléphone retiré]"


def test_a_link_to_an_address_loses_its_target():
    masked = pii_mask_html('<p><a href="https://example.org/?to=bob@example.com">me</a></p>')
    assert "bob@example.com" not in masked and ">me</a>" in masked


def test_answer_page_and_feed(client, question):
    answer = AnswerFactory(
        question=question,
        body=f"{ALL_DISGUISED}\n\n{ALL_INNOCENT}",
        display_name="Zed 613-555-0299",
    )
    page = _text(
        client.get(reverse("questions:question_answers", args=[question.pk])).content.decode()
    )
    _assert_masked(page)
    assert "0299" not in page
    for innocent in INNOCENT:
        assert innocent in page, innocent
    feed = client.get(reverse("questions:question_answers_feed", args=[question.pk]))
    feed_text = _text(_text(feed.content.decode()))  # the description is escaped HTML
    _assert_masked(feed_text)
    assert "0299" not in feed_text
    assert answer.pk


@pytest.fixture
def thread_with_pii(db):
    board = BoardFactory()
    thread = ThreadFactory(board=board, title="Call me on 613-555-0288", opening=ALL_DISGUISED)
    opening = thread.posts.get(is_opening=True)
    opening.display_name = "Ann ann.lee@example.com"
    opening.save()
    return thread


def test_thread_page_board_page_and_board_feed(client, thread_with_pii):
    thread = thread_with_pii
    page = _text(client.get(thread.get_absolute_url()).content.decode())
    _assert_masked(page)
    assert "0288" not in page and "ann.lee" not in page
    board_page = _text(client.get(thread.board.get_absolute_url()).content.decode())
    assert "0288" not in board_page and "ann.lee" not in board_page
    feed = client.get(reverse("forum:board_feed", kwargs={"slug": thread.board.slug}))
    feed_text = _text(_text(feed.content.decode()))
    _assert_masked(feed_text)
    assert "0288" not in feed_text and "ann.lee" not in feed_text


def test_a_replys_quote_of_its_parent_is_masked(client, thread_with_pii):
    parent = thread_with_pii.posts.get(is_opening=True)
    PostFactory(thread=thread_with_pii, reply_to=parent, body="I agree.")
    page = client.get(thread_with_pii.get_absolute_url()).content.decode()
    [quote] = re.findall(r'<div class="post-quote">(.*?)</div>', page, flags=re.S)
    quoted = _text(quote)
    assert "alma.quinn" not in quoted and "bruno" not in quoted and "0111" not in quoted
    assert "[e-mail removed]" in quoted


def test_search_results_are_masked(client, question):
    for typed, _fragment in DISGUISED:
        answer_search_sync(AnswerFactory(question=question, body=f"zebra {typed}"))
    # A document indexed before masking improved is masked when shown, too.
    SearchEntry.objects.create(
        consultation=question.consultation,
        kind="answer",
        object_id=10**6,
        language="en",
        title="zebra Tom 613-555-0266",
        body="zebra write to stale.entry@example.com",
        url="/en/answers/",
    )
    page = client.get(reverse("dialogue:search"), {"q": "zebra"}).content.decode()
    text = _text(page)
    _assert_masked(text)
    assert "stale.entry" not in text and "0266" not in text
    assert text.count("zebra") >= len(DISGUISED)


def test_reply_e_mails_are_masked(thread_with_pii, settings, sent_mail):
    settings.FORUM_NOTIFY_INTERVAL_MINUTES = 60
    subscriber = UserFactory()
    Subscription.objects.create(thread=thread_with_pii, user=subscriber)
    for typed, _fragment in DISGUISED:
        PostFactory(thread=thread_with_pii, body=f"See {typed}", display_name="Bo 613-555-0277")
    mail.outbox.clear()
    with sent_mail():
        assert notifications.thread_subscribers_notify(thread_with_pii.pk) == 1
    [message] = mail.outbox
    _assert_masked(message.body)
    assert "0277" not in message.body and "0288" not in message.body
    assert "0288" not in message.subject
