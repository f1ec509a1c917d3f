"""An Atom feed of each question's newest published answers."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dialogue.selectors import current_consultation
from moderation.pii import pii_mask, pii_render

from . import selectors
from .models import Answer

FEED_SIZE = 30


class QuestionAnswersFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, pk):
        return selectors.question_get(current_consultation(), pk)

    def title(self, question):
        return _("Published answers: %(question)s") % {"question": question.text}

    def link(self, question):
        return reverse("questions:question_answers", args=[question.pk])

    def items(self, question):
        # Feed readers are anonymous: "answer before you see others" applies to them.
        if selectors.answers_hidden_until_own(question, AnonymousUser()):
            return []
        return selectors.answers_of_question(question)[:FEED_SIZE]

    def item_title(self, answer: Answer) -> str:
        return pii_mask(answer.display_name, answer.language) or _("Anonymous")

    def item_description(self, answer: Answer) -> str:
        # Readers show a feed of mixed languages; `lang` lets them speak each entry right.
        body = pii_render(answer.body, answer.language)
        return format_html('<div lang="{}">{}</div>', answer.language, body)

    def item_link(self, answer):
        return (
            f"{reverse('questions:question_answers', args=[answer.question_id])}#answer-{answer.pk}"
        )

    def item_author_name(self, answer: Answer) -> str:
        return pii_mask(answer.display_name, answer.language) or _("Anonymous")

    def item_pubdate(self, answer):
        return answer.published_at
