"""An Atom feed of the newest threads of each board."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dialogue.selectors import current_consultation
from moderation.pii import pii_mask, pii_mask_html

from . import selectors
from .models import Thread


class BoardFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return selectors.board_for_slug(current_consultation(), slug)

    def title(self, board):
        return _("Discussion forum: %(board)s") % {"board": board.title}

    def subtitle(self, board):
        return board.description

    def link(self, board):
        return board.get_absolute_url()

    def items(self, board):
        return selectors.board_feed_threads(board)

    def item_title(self, thread: Thread) -> str:
        return pii_mask(thread.title, thread.language)

    def item_description(self, thread: Thread) -> str:
        # Readers show a feed of mixed languages; `lang` lets them speak each entry right.
        body = pii_mask_html(thread.opening_body_html, thread.language)  # type: ignore[attr-defined]  # annotated by board_feed_threads
        return format_html('<div lang="{}">{}</div>', thread.language, body)

    def item_author_name(self, thread: Thread) -> str:
        name = thread.opening_display_name
        return pii_mask(name, thread.language) or _("Anonymous")

    def item_pubdate(self, thread):
        return thread.created_at

    def item_updateddate(self, thread):
        return thread.last_activity_at
