"""Participants' text in the other language carries `lang` wherever it is shown, so
screen readers speak a French answer or thread title in French on an English page
(WCAG 3.1.2), and the reverse."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from moderation.models import Status
from tests.forum.factories import BoardFactory, PostFactory, ThreadFactory
from tests.questions.factories import AnswerFactory

pytestmark = pytest.mark.django_db

OTHER = {"en": "fr", "fr": "en"}
TEXT = {
    "fr": ("Une réponse en français", "Un fil en français"),
    "en": ("An answer in English", "A thread in English"),
}


def _carries_lang(page: str, text: str, language: str) -> bool:
    """`text` sits inside an element whose `lang` is `language` (its own or a parent's)."""
    return bool(
        re.search(rf'lang="{language}"[^>]*>(?:(?!</?(?:div|a|blockquote)\b).)*{text}', page, re.S)
    )


@pytest.mark.parametrize("page_language", ["en", "fr"])
def test_other_language_answers_and_threads_carry_lang(client, moderator, question, page_language):
    text_language = OTHER[page_language]
    answer_text, thread_title = TEXT[text_language]
    AnswerFactory(question=question, language=text_language, body=answer_text)
    board = BoardFactory(consultation=question.chapter.consultation)
    thread = ThreadFactory(
        board=board, language=text_language, title=thread_title, opening=answer_text
    )
    PostFactory(thread=thread, language=text_language, status=Status.PENDING, body="Waiting")
    client.force_login(moderator)
    with translation.override(page_language):
        answers = reverse("questions:question_answers", args=[question.pk])
        answers_feed = reverse("questions:question_answers_feed", args=[question.pk])
        queue = reverse("moderation:queue")
        board_feed = reverse("forum:board_feed", kwargs={"slug": board.slug})
    assert _carries_lang(client.get(answers).content.decode(), answer_text, text_language)
    assert _carries_lang(client.get(queue).content.decode(), thread_title, text_language)
    # Feeds carry their HTML escaped in the XML.
    for feed in (answers_feed, board_feed):
        xml = client.get(feed).content.decode()
        assert f'&lt;div lang="{text_language}"&gt;' in xml
