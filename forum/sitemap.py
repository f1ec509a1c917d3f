"""The forum's boards in the site map."""

from dialogue.selectors import sitemap_provider

from .models import Board


@sitemap_provider
def forum_boards(consultation):
    return [
        (board.title, board.get_absolute_url())
        for board in Board.objects.filter(consultation=consultation).order_by("order", "id")
    ]
