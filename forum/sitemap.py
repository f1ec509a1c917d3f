"""The forum's boards in the site map."""

from dialogue.selectors import sitemap_provider

from .selectors import boards_public


@sitemap_provider
def forum_boards(consultation):
    return [
        (board.title, board.get_absolute_url())
        for board in boards_public(consultation).order_by("order", "id")
    ]
