"""Redacting before publishing: the original kept for moderators, readers see the
redacted text, the author is told what changed and why, in their language."""

import pytest
from django.core.exceptions import ValidationError

from moderation.models import ModerationDecision, Status
from moderation.services import redaction_check
from tests.factories import UserFactory
from tests.forum.factories import PostFactory
from tests.questions.factories import AnswerFactory

pytestmark = pytest.mark.django_db

ORIGINAL = "Appelez-moi au 613-555-0101, merci. Le commerce d'abord."
REDACTED = "Appelez-moi au […], merci. Le commerce d'abord."


@pytest.fixture
def answer(question):
    author = UserFactory(preferred_language="fr")
    return AnswerFactory(
        question=question,
        author=author,
        status=Status.PENDING,
        body=ORIGINAL,
        language="fr",
        pii_detected=True,
    )


def test_a_redaction_keeps_the_original_changes_the_public_text_and_tells_the_author(
    client, moderator, question, answer, mailoutbox, sent_mail
):
    client.force_login(moderator)
    form = client.get(f"/en/moderation/redact/?key=answer:{answer.pk}")
    assert form.status_code == 200 and "613-555-0101" in form.content.decode()
    with sent_mail():
        response = client.post(
            "/en/moderation/redact/",
            {
                "key": f"answer:{answer.pk}",
                "body": REDACTED,
                "reason": "personal-information",
                "note": "Votre numéro de téléphone a été retiré.",
                "next": "/en/moderation/?language=fr",
            },
        )
    assert response.status_code == 302 and response["Location"] == "/en/moderation/?language=fr"
    answer.refresh_from_db()
    assert answer.body == REDACTED and not answer.pii_detected
    assert answer.status == Status.PENDING  # still waiting for the decision
    decision = ModerationDecision.objects.get(action="redact")
    assert decision.original_text == ORIGINAL and decision.moderator == moderator
    # The author is told, in French, what changed and why; the number is not repeated.
    [mail] = mailoutbox
    assert mail.to == [answer.author.email]
    assert mail.subject == "Un modérateur a retiré une partie de votre contribution"
    assert "Renseignements personnels" in mail.body
    assert "Votre numéro de téléphone a été retiré." in mail.body
    assert REDACTED in mail.body and "613-555-0101" not in mail.body
    # Published, readers see the redacted text.
    client.post("/en/moderation/decide/", {"key": f"answer:{answer.pk}", "action": "publish"})
    client.logout()
    public = client.get(f"/fr/reponses/{question.pk}/").content.decode()
    assert "Appelez-moi au […], merci." in public and "613-555-0101" not in public
    # The log keeps the original, for moderators only.
    client.force_login(moderator)
    log = client.get("/en/moderation/log/").content.decode()
    assert "Passages removed by a moderator" in log and "613-555-0101" in log
    client.force_login(UserFactory())
    assert client.get("/en/moderation/log/").status_code == 403


@pytest.mark.parametrize(
    ("body", "reason", "message"),
    [
        ("Appelez-moi demain, merci. Le commerce d'abord.", "personal-information", "only replace"),
        ("Appelez-moi au 613-555-0101, merci.", "personal-information", "only replace"),
        (ORIGINAL, "personal-information", "Nothing was removed"),
        (REDACTED, "", "This field is required"),
    ],
)
def test_anything_but_a_marked_removal_with_a_reason_is_refused(
    client, moderator, answer, body, reason, message
):
    client.force_login(moderator)
    response = client.post(
        "/en/moderation/redact/",
        {"key": f"answer:{answer.pk}", "body": body, "reason": reason},
    )
    assert response.status_code == 422 and message in response.content.decode()
    answer.refresh_from_db()
    assert answer.body == ORIGINAL
    assert not ModerationDecision.objects.filter(action="redact").exists()


def test_the_rule_for_redactions():
    text = "Call 613-555-0101 or write to jo@example.org today."
    redaction_check(text, "Call […] or write to […] today.")
    redaction_check(text, "[…] today.")
    redaction_check(text, "Call 613-555-0101 or write to […]")
    for changed in (
        "Call […] or write to […] tomorrow.",  # a word changed
        "Call […] or write to jo@example.org today!",  # a character added
        "Call 613-555-0101 write to jo@example.org today.",  # removed without the mark
        "Call […]or write to […] today. And more.",
    ):
        with pytest.raises(ValidationError):
            redaction_check(text, changed)


def test_a_forum_post_is_redacted_the_same_way(client, moderator):
    post = PostFactory(status=Status.PENDING, body="Mon courriel : jo@example.org, voilà.")
    client.force_login(moderator)
    client.post(
        "/en/moderation/redact/",
        {
            "key": f"post:{post.pk}",
            "body": "Mon courriel : […], voilà.",
            "reason": "personal-information",
        },
    )
    post.refresh_from_db()
    assert post.body == "Mon courriel : […], voilà." and "jo@example.org" not in post.body_html
    assert ModerationDecision.objects.get(action="redact").original_text.endswith("voilà.")


def test_a_published_text_cannot_be_redacted_here(client, moderator, question):
    published = AnswerFactory(question=question, body="Call 613-555-0101 now.")
    client.force_login(moderator)
    response = client.post(
        "/en/moderation/redact/",
        {
            "key": f"answer:{published.pk}",
            "body": "Call […] now.",
            "reason": "personal-information",
        },
    )
    assert (
        response.status_code == 422
        and "Only a text waiting for review" in response.content.decode()
    )
