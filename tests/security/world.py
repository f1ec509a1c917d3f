"""One small consultation with a user of every role and an object of every kind.

The authorisation matrix asks each URL of the portal, as each role, in each state
of the consultation; this module builds what those URLs point at.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.utils import timezone

from dialogue.models import (
    Consultation,
    ConsultationState,
    Interview,
    Page,
    PageKind,
    Resource,
    Topic,
)
from forum.models import Flag, Subscription
from forum.services import unsubscribe_token
from moderation.models import Reason, SavedReason, Status
from moderation.services import user_suspend
from reports.models import ReportOutput, ReportRun, RunState
from tests.dialogue.factories import ChapterFactory, ConsultationFactory, SectionFactory
from tests.factories import UserFactory
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory
from tests.questions.factories import AnswerFactory, QuestionFactory

if TYPE_CHECKING:
    from sitepages.models import SitePage

# Every role the matrix asks as.
ROLES = (
    "anonymous",
    "unverified",
    "participant",  # owns the answer, the thread, the reply and the subscription
    "other",  # a verified participant who owns none of them
    "suspended",
    "banned",
    "moderator",
    "analyst",  # a verified participant in the Analysts group: the workbench, nothing more
    "staff",
    "superuser",
)
STATES = ("open", "closed")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)
    state: str = "open"
    clients: dict = field(default_factory=dict)


def _report_run(consultation, *, published: bool) -> ReportRun:
    now = timezone.now()
    run = ReportRun.objects.create(
        consultation=consultation,
        cutoff=now,
        state=RunState.SUCCEEDED,
        progress=100,
        published=published,
        published_at=now if published else None,
        finished_at=now,
    )
    folder = Path(settings.REPORTS_ROOT) / str(run.pk)
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "html-en": ("report-en.html", "text/html", "<h2>Report</h2>"),
        "html-fr": ("report-fr.html", "text/html", "<h2>Rapport</h2>"),
        "answers-csv": ("answers.csv", "text/csv", "id,body\n"),
    }
    for kind, (name, content_type, text) in files.items():
        data = text.encode()
        (folder / name).write_bytes(data)
        ReportOutput.objects.create(
            run=run,
            kind=kind,
            path=name,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
    return run


def _analysis(consultation, question, answer, analyst) -> dict:
    """A code, a group of copies, a suggestion, a submission and a finished export."""
    from analysis.models import AnalysisJob, DuplicateGroup, DuplicateMember, SuggestedCode
    from analysis.services import code_create, codebook_for, submission_create

    code = code_create(codebook=codebook_for(consultation), label_en="Trade", label_fr="Commerce")
    now = timezone.now()
    group = DuplicateGroup.objects.create(
        question=question, key="k", size=1, first_at=now, last_at=now, common_text=answer.body
    )
    DuplicateMember.objects.create(group=group, answer=answer)
    job = AnalysisJob.objects.create(
        consultation=consultation,
        kind=AnalysisJob.Kind.SUGGESTIONS,
        question=question,
        language="en",
        state="succeeded",
    )
    suggestion = SuggestedCode.objects.create(
        job=job, question=question, language="en", rank=1, size=5, phrases=["trade"]
    )
    submission = submission_create(
        consultation=consultation,
        by=analyst,
        channel="letter",
        received_on=now.date(),
        language="fr",
        body="Une lettre.",
        question_ids=[question.pk],
    )
    export = AnalysisJob.objects.create(
        consultation=consultation,
        kind=AnalysisJob.Kind.EXPORT_CSV,
        state="succeeded",
        path=f"world-{now.timestamp()}.csv",
    )
    folder = Path(settings.ANALYSIS_ROOT)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / export.path).write_text("kind,id\n")
    return {
        "code": code,
        "duplicate_group": group,
        "suggestion": suggestion,
        "submission": submission,
        "export": export,
    }


def world_build(state: str) -> World:
    """The consultation in `state` ("open" or "closed"), its content, and one user per role."""
    now = timezone.now()
    if state == "open":
        consultation = ConsultationFactory()
    else:
        consultation = ConsultationFactory(
            state=ConsultationState.CLOSED,
            opens_at=now - datetime.timedelta(days=60),
            closes_at=now - datetime.timedelta(days=1),
        )
    moderator = UserFactory(role="moderator", display_name="Moderator")
    users: dict[str, Any] = {
        "anonymous": None,
        "unverified": UserFactory(verified=False),
        "participant": UserFactory(display_name="Owner"),
        "other": UserFactory(display_name="Other"),
        "suspended": UserFactory(),
        "banned": UserFactory(),
        "moderator": moderator,
        "analyst": UserFactory(role="analyst", display_name="Analyst"),
        "staff": UserFactory(role="staff"),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    user_suspend(
        user=users["suspended"],
        until=now + datetime.timedelta(days=3),
        reason="Repeated insults",
        moderator=moderator,
    )
    user_suspend(
        user=users["banned"],
        until=now + datetime.timedelta(days=365 * 100),
        reason="Spam",
        moderator=moderator,
    )
    owner = users["participant"]

    chapter = ChapterFactory(consultation=consultation)
    SectionFactory(chapter=chapter)
    hidden_chapter = ChapterFactory(consultation=consultation, published=False)
    question = QuestionFactory(chapter=chapter, consultation=consultation)
    hidden_question = QuestionFactory(chapter=hidden_chapter, consultation=consultation)
    answer = AnswerFactory(question=question, author=owner)
    draft = AnswerFactory(
        question=hidden_question, author=owner, status=Status.DRAFT, published_at=None
    )
    other_question = QuestionFactory(chapter=chapter, consultation=consultation)
    withdrawn = AnswerFactory(
        question=other_question, author=owner, status=Status.WITHDRAWN, published_at=None
    )
    for kind in PageKind.values:
        Page.objects.create(
            consultation=consultation,
            kind=kind,
            title_en=f"Page {kind}",
            title_fr=f"Page {kind} (fr)",
            slug_en=f"page-{kind}",
            slug_fr=f"page-{kind}-fr",
            body_en="Text.",
            body_fr="Texte.",
        )
    interview = Interview.objects.create(
        consultation=consultation,
        slug="jane-expert",
        expert_name="Jane Expert",
        affiliation_en="University",
        affiliation_fr="Université",
        date=datetime.date(2026, 10, 1),
        chapter=chapter,
        body_en="Transcript.",
        body_fr="Transcription.",
    )
    topic = Topic.objects.create(
        consultation=consultation, key="trade", title_en="Trade", title_fr="Commerce"
    )
    resource = Resource.objects.create(
        consultation=consultation,
        topic=topic,
        title_en="A study",
        title_fr="Une étude",
        description_en="About trade.",
        description_fr="Sur le commerce.",
        url="https://example.org/study",
        kind="link",
        language="en",
    )
    board = BoardFactory(consultation=consultation, chapter=chapter)
    hidden_board = BoardFactory(consultation=consultation, chapter=hidden_chapter)
    thread = ThreadFactory(board=board, author=owner)
    reply = PostFactory(thread=thread, author=owner)
    Flag.objects.create(post=reply, reporter=users["other"], reason=Reason.OFF_TOPIC)
    subscription = Subscription.objects.create(thread=thread, user=owner)
    published_run = _report_run(consultation, published=True)
    analysis_objects = _analysis(consultation, question, answer, users["analyst"])
    draft_run = _report_run(consultation, published=False)
    answer_export = _answer_export(consultation)

    objects = {
        "consultation": consultation,
        "chapter": chapter,
        "hidden_chapter": hidden_chapter,
        "question": question,
        "answer": answer,
        "draft": draft,
        "withdrawn": withdrawn,
        "hidden_question": hidden_question,
        "owner": owner,
        "interview": interview,
        "topic": topic,
        "resource": resource,
        "board": board,
        "hidden_board": hidden_board,
        "thread": thread,
        "reply": reply,
        "opening": thread.posts.get(is_opening=True),
        "token": unsubscribe_token(subscription),
        "published_run": published_run,
        "draft_run": draft_run,
        **analysis_objects,
        "answer_export": answer_export,
        "page": Page.objects.filter(consultation=consultation).first(),
        "feedback": _feedback(),
        "outbox_email": _outbox_email(owner),
        "group": _group(),
        "email_address": owner.emailaddress_set.first(),
        "site_page": _site_page(consultation),
        "saved_reason": SavedReason.objects.get(code="off-topic"),
    }
    return World(users=users, objects=objects, state=state)


def _site_page(consultation: Consultation) -> "SitePage":
    from sitepages.models import SitePage

    return SitePage.objects.create(
        consultation=consultation,
        title_en="Public Safety",
        title_fr="Sécurité publique",
        slug_en="public-safety",
        slug_fr="securite-publique",
        body_en="Text.",
        body_fr="Texte.",
        in_menu=True,
    )


def _answer_export(consultation: Consultation) -> object:
    """A finished staff export of every answer, with its file."""
    from reports.exports import FILE_NAME, export_folder
    from reports.models import AnswerExport

    export = AnswerExport.objects.create(
        consultation=consultation,
        state=RunState.SUCCEEDED,
        rows_done=0,
        rows_total=0,
        file_name=FILE_NAME,
    )
    folder = export_folder(export.pk)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FILE_NAME).write_text("answer_id,body\n")
    return export


def _feedback() -> object:
    from dialogue.models import Feedback

    return Feedback.objects.create(message="The search is slow.", language="en")


def _outbox_email(owner: Any) -> object:
    from outbox.models import OutboxEmail

    return OutboxEmail.objects.create(
        to=owner.email, subject="Your answer", body="It was published.", language="en"
    )


def _group() -> object:
    from django.contrib.auth.models import Group

    return Group.objects.get(name="Moderators")


def admin_models() -> list[str]:
    """`app_model` of every model registered in the admin."""
    return sorted(f"{m._meta.app_label}_{m._meta.model_name}" for m in admin_site._registry)
