from typing import Any

import factory
from django.utils import timezone

from dialogue.markdown import render_user_text
from dialogue.models import Consultation
from forum.models import Board, Post, Thread
from forum.services import thread_summary_refresh
from moderation.models import Status
from tests.dialogue.factories import ConsultationFactory
from tests.factories import UserFactory


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    # Boards join the current consultation (only one may be current).
    consultation = factory.LazyFunction(
        lambda: Consultation.objects.filter(is_current=True).first() or ConsultationFactory()
    )
    order = factory.Sequence(lambda n: n)
    slug_en = factory.Sequence(lambda n: f"board-{n}")
    slug_fr = factory.Sequence(lambda n: f"forum-{n}")
    title_en = factory.Sequence(lambda n: f"Board {n}")
    title_fr = factory.Sequence(lambda n: f"Forum {n}")
    description_en = "What this board is for."
    description_fr = "À quoi sert ce forum."


class ThreadFactory(factory.django.DjangoModelFactory):
    """A published thread; its opening post comes with it (see `opening`)."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Thread number {n}")
    author = factory.SubFactory(UserFactory)
    language = "en"
    status = Status.PUBLISHED
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def opening(self, create, extracted, **kwargs):
        if create:
            PostFactory(
                thread=self,
                author=self.author,
                is_opening=True,
                status=self.status,
                body=extracted or "The opening message of the thread.",
            )


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"A reply with *some* words, number {n}.")
    body_html = factory.LazyAttribute(lambda post: render_user_text(post.body))
    language = "en"
    display_name = ""
    status = Status.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda post: timezone.now() if post.status == Status.PUBLISHED else None
    )

    @classmethod
    def _create(cls, model_class: type[Post], *args: Any, **kwargs: Any) -> Post:
        """Written straight to the table, so the thread's summary is refreshed as the
        forum's services would."""
        post = super()._create(model_class, *args, **kwargs)
        thread_summary_refresh(post.thread_id)
        return post
