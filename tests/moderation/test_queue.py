import datetime

import pytest
from django.test import Client
from django.utils import timezone

from dialogue.models import SearchEntry
from moderation.models import ModerationDecision, Reason, Status
from moderation.queue import QueueItem, QueueSource, queue_source_register, queue_sources
from moderation.services import status_change
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _pending(question, minutes_ago, **extra):
    return AnswerFactory(
        question=question,
        status=Status.PENDING,
        submitted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **extra,
    )


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def test_queue_lists_waiting_answers_oldest_first_with_context_and_history(
    moderator_client, moderator, question
):
    newer = _pending(question, 5, body="The newer answer")
    older = _pending(question, 50, body="Reach me at 613-555-0101", pii_detected=True)
    past = AnswerFactory(question=QuestionFactory(chapter=question.chapter), author=older.author)
    status_change(target=past, to_status=Status.HIDDEN, moderator=moderator, reason=Reason.SPAM)
    page = moderator_client.get("/en/moderation/").content.decode()
    assert page.index("Reach me at") < page.index("The newer answer")
    # The moderator reads the original, with a warning.
    assert "613-555-0101" in page and "seems to contain an e-mail address or a phone number" in page
    assert question.text_en in page and f'href="/en/answers/{question.pk}/"' in page
    assert "0 published, 1 not published or hidden" in page
    assert "Hidden (Spam or advertising)" in page
    assert f'value="answer:{newer.pk}"' in page and 'form="bulk-form"' in page
    assert "2 items are waiting" in page


def test_publishing_in_one_click_puts_the_answer_in_view_answers_and_search(
    moderator_client, question, mailoutbox, sent_mail
):
    answer = _pending(question, 1, body="Peacekeeping matters")
    with sent_mail():
        response = moderator_client.post(
            "/en/moderation/decide/", {"key": f"answer:{answer.pk}", "action": "publish"}
        )
    assert response["Location"] == "/en/moderation/"
    answer.refresh_from_db()
    assert answer.status == Status.PUBLISHED and answer.published_at
    assert SearchEntry.objects.filter(kind="answer", object_id=answer.pk).exists()
    assert (
        "Peacekeeping matters"
        in moderator_client.get(f"/en/answers/{question.pk}/").content.decode()
    )
    assert [m.to for m in mailoutbox] == [[answer.author.email]]
    assert "published" in mailoutbox[0].subject


def test_refusing_needs_a_reason_and_tells_the_author(moderator_client, question):
    answer = _pending(question, 1)
    moderator_client.post(
        "/en/moderation/decide/", {"key": f"answer:{answer.pk}", "action": "reject"}
    )
    answer.refresh_from_db()
    assert answer.status == Status.PENDING
    moderator_client.post(
        "/en/moderation/decide/",
        {
            "key": f"answer:{answer.pk}",
            "action": "reject",
            "reason": "off-topic",
            "note": "Please answer the question asked.",
        },
    )
    answer.refresh_from_db()
    assert (answer.status, answer.reason) == (Status.REJECTED, "off-topic")
    assert answer.moderator_note == "Please answer the question asked."
    decision = ModerationDecision.objects.filter(moderator__isnull=False).get()
    assert (decision.from_status, decision.to_status) == ("pending", "rejected")


def test_bulk_publish_and_bulk_reject(moderator_client, question):
    a, b, c = (_pending(question, n) for n in (3, 2, 1))
    moderator_client.post(
        "/en/moderation/bulk/",
        {"items": [f"answer:{a.pk}", f"answer:{b.pk}"], "action": "publish"},
    )
    moderator_client.post(
        "/en/moderation/bulk/",
        {"items": [f"answer:{c.pk}"], "action": "reject", "reason": "spam"},
    )
    statuses = {x.pk: x.status for x in type(a).objects.all()}
    assert statuses == {a.pk: "published", b.pk: "published", c.pk: "rejected"}
    page = moderator_client.get("/en/moderation/").content.decode()
    assert "Nothing is waiting for review." in page


def test_bulk_without_items_or_with_a_vanished_one_explains(moderator_client, question):
    answer = _pending(question, 1)
    response = moderator_client.post("/en/moderation/bulk/", {"action": "publish"}, follow=True)
    assert "Tick at least one item." in response.content.decode()
    response = moderator_client.post(
        "/en/moderation/bulk/",
        {"items": [f"answer:{answer.pk}", "answer:999999"], "action": "publish"},
        follow=True,
    )
    assert "Item answer:999999 no longer exists." in response.content.decode()
    answer.refresh_from_db()
    assert answer.status == Status.PUBLISHED


def test_deciding_twice_is_refused_with_a_message(moderator_client, question):
    answer = _pending(question, 1)
    data = {"key": f"answer:{answer.pk}", "action": "publish"}
    moderator_client.post("/en/moderation/decide/", data)
    response = moderator_client.post("/en/moderation/decide/", data, follow=True)
    assert "already “Published”" in response.content.decode()
    assert ModerationDecision.objects.filter(moderator__isnull=False).count() == 1


def test_unknown_items_are_404(moderator_client):
    for key in ["answer:999999", "unicorn:1"]:
        response = moderator_client.post(
            "/en/moderation/decide/", {"key": key, "action": "publish"}
        )
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/en/moderation/"),
        ("get", "/en/moderation/log/"),
        ("post", "/en/moderation/decide/"),
        ("post", "/en/moderation/bulk/"),
    ],
)
def test_participants_get_403_and_anonymous_readers_sign_in(client, question, method, url):
    answer = _pending(question, 1)
    data = {"key": f"answer:{answer.pk}", "items": [f"answer:{answer.pk}"], "action": "publish"}
    response = getattr(client, method)(url, data)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    assert getattr(client, method)(url, data).status_code == 403
    answer.refresh_from_db()
    assert answer.status == Status.PENDING


def test_missing_csrf_token_is_refused(moderator, question):
    answer = _pending(question, 1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(
        "/en/moderation/decide/", {"key": f"answer:{answer.pk}", "action": "publish"}
    )
    assert response.status_code == 403
    answer.refresh_from_db()
    assert answer.status == Status.PENDING


def test_log_lists_decisions_newest_first_for_moderators(moderator_client, moderator, question):
    first = _pending(question, 2)
    second = _pending(question, 1)
    status_change(target=first, to_status=Status.PUBLISHED, moderator=moderator)
    status_change(target=second, to_status=Status.REJECTED, moderator=moderator, reason=Reason.HATE)
    page = moderator_client.get("/en/moderation/log/").content.decode()
    assert page.index(f"Answer {second.pk}") < page.index(f"Answer {first.pk}")
    assert "Hate speech or discrimination" in page and moderator.email in page
    assert "Pending review" in page and "Not published" in page


def test_queue_merges_every_registered_source(moderator_client, question):
    """Another app (the forum) registers its own source; the queue mixes both by age."""
    _pending(question, 10, body="An answer in the middle")
    now = timezone.now()

    def items(limit, filters=None):
        return [
            QueueItem(
                kind="post",
                pk=pk,
                waiting_since=now - datetime.timedelta(minutes=minutes),
                status="pending",
                body=f"Forum post {pk}",
                language="en",
                author=None,
                context_title="A thread",
                context_url="/en/forum/",
                flags=[("Spam or advertising", 3)],
            )
            for pk, minutes in ((1, 20), (2, 1))
        ][:limit]

    saved = queue_sources()
    queue_source_register(
        QueueSource(kind="post", model=None, items=items, count=lambda filters=None, cap=None: 2)
    )
    try:
        page = moderator_client.get("/en/moderation/").content.decode()
    finally:
        from moderation import queue

        queue._sources.clear()
        queue._sources.update(saved)
    assert (
        page.index("Forum post 1")
        < page.index("An answer in the middle")
        < page.index("Forum post 2")
    )
    assert "Spam or advertising (3)" in page


def test_participants_words_are_escaped_in_every_part_of_an_item(moderator_client, question):
    """Items are stamped into a rendering made once per page: what participants wrote
    (text, e-mail address) still reaches the page escaped."""
    hostile = '<script>alert("x")</script>'
    answer = _pending(question, 5, body=f"{hostile}\n\nsecond paragraph")
    answer.author.email = "a<b>@example.org"
    answer.author.save()
    page = moderator_client.get("/en/moderation/").content.decode()
    assert hostile not in page and "a<b>@" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>" in page
    assert "<p>second paragraph</p>" in page
    assert "a&lt;b&gt;@example.org" in page


def test_bulk_decisions_show_in_each_authors_history(moderator_client, question):
    """Decisions carry their target's author: a bulk decision's rows too, so the next
    item of the same author shows them in its history."""
    first, second = _pending(question, 3), _pending(question, 2)
    later = _pending(QuestionFactory(chapter=question.chapter), 1, author=first.author)
    moderator_client.post(
        "/en/moderation/bulk/",
        {"items": [f"answer:{first.pk}", f"answer:{second.pk}"], "action": "publish"},
    )
    assert set(ModerationDecision.objects.values_list("target_id", "author_id")) == {
        (first.pk, first.author_id),
        (second.pk, second.author_id),
    }
    page = moderator_client.get("/en/moderation/").content.decode()
    item = page[page.index(f'id="item-answer-{later.pk}"') :]
    assert "1 published, 0 not published or hidden" in item
    assert f"{timezone.localdate():%Y-%m-%d}: Published" in item
