from typing import Any

from django.http import HttpRequest

from .queue import queue_count
from .selectors import oldest_waiting


def moderation_status(request: HttpRequest) -> dict[str, Any]:
    """The number of items waiting and when the oldest came in, for the moderator
    badge in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("accounts.moderate_content"):
        return {}
    count = queue_count()
    return {
        "moderation_pending_count": count,
        "moderation_oldest_waiting": oldest_waiting() if count else None,
    }
