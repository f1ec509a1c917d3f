from typing import Any

from django.http import HttpRequest

from .queue import COUNT_CAP, queue_waiting
from .selectors import oldest_waiting
from .templatetags.moderation_tags import queue_number

# Where a view leaves what `queue_waiting` found, for the badge to use it again.
WAITING = "moderation_waiting"


def moderation_status(request: HttpRequest) -> dict[str, Any]:
    """The number of items waiting ("1,000+" beyond COUNT_CAP) and when the oldest
    came in, for the moderator badge in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("accounts.moderate_content"):
        return {}
    # Counted up to COUNT_CAP + 1: an exact count would read the whole backlog on every
    # page a moderator opens. The queue page has counted already.
    waiting = getattr(request, WAITING, None) or queue_waiting(COUNT_CAP)
    count = min(sum(waiting.values()), COUNT_CAP + 1)
    return {
        "moderation_pending_count": count,
        "moderation_pending_over_cap": count > COUNT_CAP,
        "moderation_pending_shown": queue_number(count),
        "moderation_oldest_waiting": oldest_waiting() if count else None,
    }
