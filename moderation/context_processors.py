from .queue import queue_count


def moderation_status(request):
    """The number of items waiting, for the moderator badge in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("accounts.moderate_content"):
        return {}
    return {"moderation_pending_count": queue_count()}
