"""Every field that reaches a page, a feed, an e-mail, the report or the admin, with a payload.

Payload i goes into its own chapter, section, question, answer (body and display
name), author (display name), thread (title), opening post, reply, resource,
interview and feedback, so one page load of a list checks every payload at once.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from dialogue.models import Feedback, Interview, Page, PageKind, Resource, Topic
from dialogue.search import search_index_consultation
from forum.services import _search_upsert as post_search_upsert
from moderation.models import Status
from questions.services import answer_search_sync
from tests.dialogue.factories import ChapterFactory, ConsultationFactory, SectionFactory
from tests.factories import UserFactory
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory
from tests.questions.factories import AnswerFactory, QuestionFactory


@dataclass
class Planted:
    consultation: Any
    first_chapter: Any = None
    chapters: list = field(default_factory=list)
    interviews: list = field(default_factory=list)
    question: Any = None
    pending_question: Any = None
    board: Any = None
    threads: list = field(default_factory=list)
    thread: Any = None
    subscriber: Any = None


def xss_plant(payloads: list[str]) -> Planted:
    consultation = ConsultationFactory(answer_before_viewing=False)
    first = ChapterFactory(consultation=consultation, title_en="Plain chapter", body_en="Plain.")
    planted = Planted(consultation=consultation, first_chapter=first)
    planted.question = QuestionFactory(chapter=first, consultation=consultation)
    planted.pending_question = QuestionFactory(chapter=first, consultation=consultation)
    planted.board = BoardFactory(consultation=consultation)
    opener = UserFactory(display_name="Opener")
    planted.thread = ThreadFactory(board=planted.board, author=opener, title="Plain thread")
    planted.subscriber = opener
    topic = Topic.objects.create(
        consultation=consultation, key="all", title_en="Everything", title_fr="Tout"
    )
    Page.objects.create(
        consultation=consultation,
        kind=PageKind.HELP,
        title_en="Help",
        title_fr="Aide",
        slug_en="help",
        slug_fr="aide",
        body_en="\n\n".join(payloads),
        body_fr="\n\n".join(payloads),
    )
    now = timezone.now()
    for i, payload in enumerate(payloads):
        planted.chapters.append(
            ChapterFactory(
                consultation=consultation,
                title_en=payload[:200],
                title_fr=payload[:200],
                summary_en=payload,
                body_en=payload,
                body_fr=payload,
            )
        )
        SectionFactory(chapter=first, title_en=payload[:200], body_en=payload)
        QuestionFactory(chapter=planted.chapters[-1], consultation=consultation, text_en=payload)
        author = UserFactory(display_name=payload[:60])
        answer = AnswerFactory(
            question=planted.question,
            author=author,
            body=payload,
            display_name=payload[:60],
            featured=True,
            published_at=now - datetime.timedelta(seconds=i),
        )
        answer_search_sync(answer)
        AnswerFactory(
            question=planted.pending_question,
            author=author,
            body=payload,
            display_name=payload[:60],
            status=Status.PENDING,
            published_at=None,
        )
        thread = ThreadFactory(
            board=planted.board, author=author, title=payload[:200], opening=payload
        )
        planted.threads.append(thread)
        reply = PostFactory(
            thread=planted.thread, author=author, body=payload, display_name=payload[:60]
        )
        post_search_upsert(reply)
        PostFactory(
            thread=planted.thread,
            author=author,
            body=payload,
            status=Status.PENDING,
            published_at=None,
        )
        Resource.objects.create(
            consultation=consultation,
            topic=topic,
            order=i,
            title_en=payload[:300],
            title_fr=payload[:300],
            description_en=payload,
            description_fr=payload,
            url="https://example.org/resource",
            kind="link",
            language="en",
        )
        planted.interviews.append(
            Interview.objects.create(
                consultation=consultation,
                slug=f"expert-{i}",
                order=i,
                expert_name=payload[:200],
                affiliation_en=payload[:300],
                date=datetime.date(2026, 10, 1),
                summary_en=payload,
                body_en=payload,
                media_url="https://example.org/netcast.mp3",
                media_transcript_en=payload,
            )
        )
        Feedback.objects.create(message=payload, page_url=payload[:300], language="en")
    search_index_consultation(consultation)
    return planted
