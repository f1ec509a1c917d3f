"""A Redis cache that fails open.

Redis holds nothing the portal cannot lose: rate-limit counters, "already done"
markers and the worker heartbeat. So when Redis refuses connections or stops
answering, a cache call must not fail the request or stall it: each call waits
at most the socket timeout (`REDIS_SOCKET_TIMEOUT`, half a second), is not
retried, logs one warning, and answers like a cache that does not have the key.
After a failure the process leaves Redis alone for `RETRY_AFTER_SECONDS`, so a
page that makes several cache calls pays the timeout once, not once per call.

What "a cache that does not have the key" answers, call by call:

* `get`, `get_many`, `has_key`: the default, nothing, False;
* `set`, `set_many`, `delete`, `delete_many`, `touch`, `clear`: nothing stored;
* `add`: True, as if the key were new, so that a caller guarding a one-off action
  (allauth's rate-limit lock, a "send once" marker) goes ahead rather than
  refusing everyone while Redis is away;
* `incr`, `decr`: ValueError, which is what Django raises for a missing key.
"""

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Refused, reset, unreachable, still loading its data set, or silent past the timeout.
REDIS_ERRORS: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError)
# The socket timeouts used unless the cache's OPTIONS give others.
DEFAULT_SOCKET_TIMEOUT = 0.5
# After a failure, calls skip Redis for this long (process-wide, per server).
RETRY_AFTER_SECONDS = 5.0

# server location -> time.monotonic() before which Redis is not tried again.
_down_until: dict[str, float] = {}

T = TypeVar("T")


class CacheUnavailable(Exception):
    """Raised inside the backend only: the call did not reach Redis."""


def outage_reset() -> None:
    """Forget past failures: the next call tries Redis again (tests restart servers)."""
    _down_until.clear()


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache with short timeouts, no retries, and misses instead of errors."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = {
            "socket_connect_timeout": DEFAULT_SOCKET_TIMEOUT,
            "socket_timeout": DEFAULT_SOCKET_TIMEOUT,
            # One attempt: a retry would double the wait on a server that does not answer.
            "retry_on_timeout": False,
            **params.get("OPTIONS", {}),
        }
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server

    # -- the guard ------------------------------------------------------------------

    def _call(self, operation: str, call: Callable[[], T]) -> T:
        """Run `call`, or raise CacheUnavailable when Redis is known down or fails now."""
        if time.monotonic() < _down_until.get(self._location, 0.0):
            raise CacheUnavailable
        try:
            return call()
        except REDIS_ERRORS as error:
            _down_until[self._location] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning(
                "cache unavailable, answering without it for %s s (%s failed: %s)",
                RETRY_AFTER_SECONDS,
                operation,
                error.__class__.__name__,
            )
            raise CacheUnavailable from error

    # -- reads ----------------------------------------------------------------------

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        try:
            return self._call(
                "get", lambda: super(FailOpenRedisCache, self).get(key, default, version)
            )
        except CacheUnavailable:
            return default

    def get_many(self, keys: Iterable[str], version: int | None = None) -> dict[str, Any]:
        try:
            return self._call(
                "get_many", lambda: super(FailOpenRedisCache, self).get_many(keys, version)
            )
        except CacheUnavailable:
            return {}

    def has_key(self, key: str, version: int | None = None) -> bool:
        try:
            return self._call(
                "has_key", lambda: super(FailOpenRedisCache, self).has_key(key, version)
            )
        except CacheUnavailable:
            return False

    # -- writes ---------------------------------------------------------------------

    def add(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        try:
            return self._call(
                "add", lambda: super(FailOpenRedisCache, self).add(key, value, timeout, version)
            )
        except CacheUnavailable:
            return True

    def set(
        self,
        key: str,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        try:
            self._call(
                "set", lambda: super(FailOpenRedisCache, self).set(key, value, timeout, version)
            )
        except CacheUnavailable:
            return

    def set_many(
        self,
        data: dict[str, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        try:
            return self._call(
                "set_many", lambda: super(FailOpenRedisCache, self).set_many(data, timeout, version)
            )
        except CacheUnavailable:
            return list(data)

    def touch(
        self, key: str, timeout: float | None = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return self._call(
                "touch", lambda: super(FailOpenRedisCache, self).touch(key, timeout, version)
            )
        except CacheUnavailable:
            return False

    def delete(self, key: str, version: int | None = None) -> bool:
        try:
            return self._call(
                "delete", lambda: super(FailOpenRedisCache, self).delete(key, version)
            )
        except CacheUnavailable:
            return False

    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        try:
            self._call(
                "delete_many", lambda: super(FailOpenRedisCache, self).delete_many(keys, version)
            )
        except CacheUnavailable:
            return

    def clear(self) -> None:
        try:
            self._call("clear", lambda: super(FailOpenRedisCache, self).clear())
        except CacheUnavailable:
            return

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        try:
            return self._call(
                "incr", lambda: super(FailOpenRedisCache, self).incr(key, delta, version)
            )
        except CacheUnavailable:
            raise ValueError(f"Key '{key}' not found: the cache is unavailable") from None
