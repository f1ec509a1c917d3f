"""The portal's one rate limiter, and the one place that knows a client's address.

A limit is a fixed window counted in the cache: "at most N hits per S seconds for
this action and this key". Counting is one atomic step (`cache.add` creates the
window's counter, `cache.incr` counts), so two requests at once cannot both slip
under the limit the way "read the count, then write" lets them. A key names whom
the limit is for: an account (`user_key`) or a client address (`address_key`).

The limiter fails open: when the cache is unavailable nothing is counted and
everything is allowed, because Redis is a cache, not a gate the site depends on.

allauth (sign-in, sign-up, password reset) counts its own limits in the same
cache, configured by `ACCOUNT_RATE_LIMITS`; it reads the client's address through
`client_address` as well (see `accounts.adapter`).
"""

import ipaddress
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    """At most `limit` hits per `seconds`."""

    limit: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """Read a setting written "count/seconds", such as "5/600"."""
        count, _sep, seconds = text.partition("/")
        rate = cls(limit=int(count), seconds=int(seconds or 60))
        if rate.limit < 1 or rate.seconds < 1:
            raise ValueError(f"a rate is 'count/seconds' with both above zero, not {text!r}")
        return rate


class RateLimited(Exception):
    """Over the limit; `message` tells the person what happened and when to try again."""

    status = 429

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def rate_limit_hit(*, action: str, key: str, rate: Rate | str) -> bool:
    """Count one hit of `action` by `key`; True while the hits of this window are within the rate.

    The window is the current multiple of `rate.seconds` since the epoch, part of the
    cache key, so a counter never has to be reset and its expiry cannot race the count.
    """
    if isinstance(rate, str):
        rate = Rate.parse(rate)
    window = int(time.time() // rate.seconds)
    cache_key = f"rl:{action}:{key}:{window}"
    try:
        # Kept one window longer than needed: an expiry between add and incr is impossible.
        cache.add(cache_key, 0, timeout=rate.seconds * 2)
        count = cache.incr(cache_key)
    except ValueError:
        # The counter is missing right after add: the cache dropped it or is unavailable.
        logger.warning("rate limit not counted (cache unavailable): %s", action)
        return True
    return count <= rate.limit


def rate_limit_check(*, action: str, key: str, rate: Rate | str, message: str) -> None:
    """Count one hit and raise RateLimited(message) when it is over the rate."""
    if not rate_limit_hit(action=action, key=key, rate=rate):
        logger.info("rate limit reached: %s for %s", action, key)
        raise RateLimited(message)


# -- whom a limit is for ---------------------------------------------------------------


def _valid_address(text: str) -> str | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "192.0.2.1:443"
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The address of the person making the request.

    Behind `TRUSTED_PROXY_COUNT` proxies of our own, each proxy appends the address
    it received the request from to `X-Forwarded-For`; the last proxy is REMOTE_ADDR.
    The client is therefore the N-th entry counted from the right: anything to its
    left was written by the client and may be forged. Without trusted proxies, or
    when the header is shorter than the proxy chain (a request that did not come
    through it), REMOTE_ADDR is the client.
    """
    remote = _valid_address(request.META.get("REMOTE_ADDR", "")) or "unknown"
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    return _valid_address(hops[-proxies]) or remote


def user_key(user: object) -> str:
    """The key of a limit counted per account."""
    return f"user:{getattr(user, 'pk', None)}"


def address_key(request: HttpRequest) -> str:
    """The key of a limit counted per client address."""
    return f"address:{client_address(request)}"


def requester_key(request: HttpRequest) -> str:
    """Per account when signed in, otherwise per client address."""
    if request.user.is_authenticated:
        return user_key(request.user)
    return address_key(request)


# -- the page --------------------------------------------------------------------------


def rate_limited_page(request: HttpRequest, message: str | None = None) -> HttpResponse:
    """The 429 page: what was refused, and that waiting is all it takes."""
    return render(
        request,
        "accounts/rate_limited.html",
        {
            "message": message
            or _("You have sent many requests in a short time. Please wait a minute and try again.")
        },
        status=429,
    )


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """`handler429` for allauth's own limits (sign-in, sign-up, password reset)."""
    return rate_limited_page(request)
