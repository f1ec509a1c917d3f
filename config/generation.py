"""A counter of "what readers can see has changed", kept in the cache.

Everything cached for readers (whole anonymous pages, the counts of View Answers and
of a board's threads) is stored under the current generation. A change that readers
could notice (a publication, a moderator's decision, an edit, a page saved in the
admin) moves the counter on, so the next reader computes afresh; what was stored
under an older generation is never read again and expires by itself.

The counter is moved twice: at once, and again when the transaction commits. The
first keeps a reader from finding the old page in the same process; the second
replaces anything a reader computed and stored between the change and its commit
(which still showed the old data) with a fresh computation.

With Redis the counter is shared by every web process. With the local-memory cache
of a single-process development server it is that process's own; several processes
on a local-memory cache each keep theirs, so another process may show a page up to
`PAGE_CACHE_SECONDS` old (deployments with more than one process set `REDIS_URL`).
When Redis is unavailable (config/cache.py) the counter reads as unknown and nothing
is cached or served from the cache.
"""

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "content-generation"
# How long anything stored under a generation lives at most: a consultation that
# opens or closes on the clock changes pages without any write.
CACHED_SECONDS = 60
# Counts change only with writes, which move the generation: they may live longer.
COUNTS_SECONDS = 300

T = TypeVar("T")


def generation() -> int | None:
    """The current generation, or None when the cache cannot say."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        # A new (or emptied) cache: start from the clock, so that no page stored before
        # Redis lost its data can match.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY)
    return int(current) if current is not None else None


def _advance() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # Missing (expired, emptied or unreachable): a fresh start is a new generation.
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed() -> None:
    """Readers may see something different: move the generation on now and after commit."""
    _advance()
    transaction.on_commit(_advance)


def cached_for_generation(name: str, compute: Callable[[], T], seconds: int = CACHED_SECONDS) -> T:
    """`compute()`, stored under `name` until the generation moves (or `seconds`)."""
    current = generation()
    if current is None:
        return compute()
    key = f"generation:{current}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def _saved_or_deleted(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    # An answer still in draft is its author's alone: no page shows it.
    if getattr(instance, "status", None) == "draft":
        return
    content_changed()


def pages_show(*models: type[Model]) -> None:
    """Declare models whose rows public pages show: saving or deleting one (in a
    service, the admin or an import) moves the generation on. Apps call this in
    AppConfig.ready(). Bulk `update()` calls bypass it and call `content_changed`."""
    for model in models:
        post_save.connect(
            _saved_or_deleted, sender=model, dispatch_uid=f"pages:{model._meta.label}"
        )
        post_delete.connect(
            _saved_or_deleted, sender=model, dispatch_uid=f"pages-delete:{model._meta.label}"
        )
