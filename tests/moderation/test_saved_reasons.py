"""Staff keep the list of reasons moderators cite, and what authors are told, in both
languages; the queue, the decision log and the authors' e-mails read it."""

import datetime

import pytest
from django.utils import timezone

from moderation.models import ModerationDecision, Reason, SavedReason, Status
from moderation.reasons import reason_choices, saved_reasons_ensure
from moderation.services import status_change
from tests.factories import UserFactory
from tests.questions.factories import AnswerFactory

pytestmark = pytest.mark.django_db


def _pending(question, language="en"):
    return AnswerFactory(
        question=question,
        status=Status.PENDING,
        language=language,
        author=UserFactory(preferred_language=language),
        submitted_at=timezone.now() - datetime.timedelta(minutes=5),
    )


def test_every_reason_the_portal_uses_is_saved_in_both_languages():
    saved = {reason.code: reason for reason in SavedReason.objects.all()}
    assert set(Reason.values) <= set(saved)
    for reason in saved.values():
        assert reason.label_en and reason.label_fr and reason.explanation_en
        assert reason.explanation_fr
    # French typography: a no-break space before the semicolon.
    assert "\u00a0;" in saved[Reason.FLAGS].explanation_fr


def test_staff_reword_a_reason_and_the_author_is_told_the_new_words_in_french(
    client, staff, moderator, question, mailoutbox, sent_mail
):
    client.force_login(staff)
    reason = SavedReason.objects.get(code="off-topic")
    response = client.post(
        f"/en/admin/moderation/savedreason/{reason.pk}/change/",
        {
            "label_en": "Not about this question",
            "label_fr": "Sans rapport avec la question",
            "explanation_en": "Answers stay on the question they answer.",
            "explanation_fr": "Les réponses portent sur la question posée.",
            "order": 10,
            "offered": "on",
        },
    )
    assert response.status_code == 302
    answer = _pending(question, "fr")
    client.force_login(moderator)
    page = client.get("/fr/moderation/").content.decode()
    assert '<option value="off-topic">Sans rapport avec la question</option>' in page
    with sent_mail():
        client.post(
            "/en/moderation/decide/",
            {"key": f"answer:{answer.pk}", "action": "reject", "reason": "off-topic"},
        )
    [mail] = mailoutbox
    assert "Sans rapport avec la question" in mail.body
    assert "Les réponses portent sur la question posée." in mail.body
    log = client.get("/en/moderation/log/").content.decode()
    assert "Not about this question" in log


def test_a_new_reason_is_offered_and_cited(client, moderator, question):
    SavedReason.objects.create(
        code="campaign",
        label_en="Organised campaign text",
        label_fr="Texte de campagne organisée",
        explanation_en="Identical campaign texts count once in the report.",
        explanation_fr="Les textes de campagne identiques comptent une fois dans le rapport.",
        order=5,
    )
    assert reason_choices()[0] == ("campaign", "Organised campaign text")
    answer = _pending(question)
    client.force_login(moderator)
    assert '<option value="campaign">' in client.get("/en/moderation/").content.decode()
    client.post(
        "/en/moderation/decide/",
        {"key": f"answer:{answer.pk}", "action": "reject", "reason": "campaign"},
    )
    answer.refresh_from_db()
    assert (answer.status, answer.reason) == (Status.REJECTED, "campaign")


def test_a_reason_no_longer_offered_cannot_be_cited_but_old_decisions_keep_its_name(
    client, moderator, question
):
    earlier = _pending(question)
    status_change(
        target=earlier, to_status=Status.REJECTED, moderator=moderator, reason="repetitive"
    )
    SavedReason.objects.filter(code="repetitive").update(offered=False)
    SavedReason.objects.get(code="repetitive").save()  # as the admin does: read afresh
    answer = _pending(question)
    client.force_login(moderator)
    page = client.get("/en/moderation/").content.decode()
    assert '<option value="repetitive">' not in page
    response = client.post(
        "/en/moderation/decide/",
        {"key": f"answer:{answer.pk}", "action": "reject", "reason": "repetitive"},
        follow=True,
    )
    answer.refresh_from_db()
    assert answer.status == Status.PENDING
    assert "Select a valid choice" in response.content.decode()
    assert ModerationDecision.objects.filter(reason="repetitive").count() == 1
    assert "Repetitive copy-paste" in client.get("/en/moderation/log/").content.decode()


def test_the_portals_own_reasons_cannot_be_deleted_nor_their_code_changed(client, staff):
    client.force_login(staff)
    flags = SavedReason.objects.get(code=Reason.FLAGS)
    assert client.get(f"/en/admin/moderation/savedreason/{flags.pk}/delete/").status_code == 403
    client.post(
        f"/en/admin/moderation/savedreason/{flags.pk}/change/",
        {
            "code": "renamed",
            "label_en": "Hidden after flags",
            "label_fr": "Masqué après signalements",
            "explanation_en": "Readers flagged it.",
            "explanation_fr": "Des lecteurs l'ont signalé.",
            "order": 100,
            "offered": "on",
        },
    )
    flags.refresh_from_db()
    assert (flags.code, flags.label_en) == (Reason.FLAGS, "Hidden after flags")


def test_a_migrate_puts_back_a_missing_reason_and_keeps_what_staff_wrote():
    SavedReason.objects.filter(code="spam").delete()
    SavedReason.objects.filter(code="off-topic").update(label_en="Beside the question")
    saved_reasons_ensure()
    assert SavedReason.objects.get(code="spam").label_fr == "Pourriel ou publicité"
    assert SavedReason.objects.get(code="off-topic").label_en == "Beside the question"
    assert SavedReason.objects.count() == len(Reason.values)
