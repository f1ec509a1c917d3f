"""Answers in the moderator queue: what waits, and what each author did before."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from moderation.models import ModerationDecision, Status
from moderation.queue import AuthorHistory, QueueItem, QueueSource

from .models import Answer

KIND = "answer"
LAST_DECISIONS = 3


def waiting_answers(limit):
    """Pending answers, oldest submission first, with question, chapter and author: 1 query."""
    answers = (
        Answer.objects.filter(status=Status.PENDING)
        .select_related("question__chapter", "author")
        .order_by("submitted_at", "id")[:limit]
    )
    return [
        QueueItem(
            kind=KIND,
            pk=answer.pk,
            waiting_since=answer.submitted_at or answer.created_at,
            status=answer.status,
            # Moderators read the original; the template warns when it holds PII.
            body=answer.body,
            language=answer.language,
            author=answer.author,
            context_title=answer.question.text,
            context_url=reverse("questions:question_answers", kwargs={"pk": answer.question_id}),
            pii_detected=answer.pii_detected,
            obj=answer,
        )
        for answer in answers
    ]


def waiting_count():
    return Answer.objects.filter(status=Status.PENDING).count()


def author_histories(user_ids):
    """{user_id: AuthorHistory} over answers: two queries whatever the numbers."""
    histories = {user_id: AuthorHistory() for user_id in user_ids}
    if not user_ids:
        return histories
    counts = (
        Answer.objects.filter(author_id__in=user_ids)
        .values("author_id")
        .annotate(
            published=Count("id", filter=Q(status=Status.PUBLISHED)),
            rejected=Count("id", filter=Q(status__in=[Status.REJECTED, Status.HIDDEN])),
        )
    )
    for row in counts:
        history = histories[row["author_id"]]
        history.published, history.rejected = row["published"], row["rejected"]
    answer_type = ContentType.objects.get_for_model(Answer)
    author_of_target = Answer.objects.filter(pk=OuterRef("target_id")).values("author_id")[:1]
    decisions = (
        ModerationDecision.objects.filter(
            target_type=answer_type,
            target_id__in=Answer.objects.filter(author_id__in=user_ids).values("pk"),
            moderator__isnull=False,
            to_status__in=[Status.PUBLISHED, Status.REJECTED, Status.HIDDEN],
        )
        .annotate(author_id=Subquery(author_of_target))
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("author_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(position__lte=LAST_DECISIONS)
        .order_by("-created_at", "-id")
    )
    for decision in decisions:
        histories[decision.author_id].last_decisions.append(decision)
    return histories


queue_source = QueueSource(
    kind=KIND,
    model=Answer,
    items=waiting_answers,
    count=waiting_count,
    history=author_histories,
    label=_("Answer"),
)
