"""The forum's boards in the site map."""

from .selectors import boards_public


def forum_boards(consultation):
    return [
        (board.title, board.get_absolute_url())
        for board in boards_public(consultation).order_by("order", "id")
    ]
