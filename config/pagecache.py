"""Whole public pages kept for readers who are not signed in.

Most readers of a consultation are anonymous and read the same pages: the paper,
the interviews, the resources, View Answers and the forum. For them the rendered page
is stored in the cache (Redis when configured, local memory otherwise) under the
content generation (config/generation.py), so a publication, a moderator's decision
or an edit shows at once, and for at most `PAGE_CACHE_SECONDS` in any case.

Who is served a stored page: a GET of one of `CACHED_PAGES`, with no session or
messages cookie and only the query parameters those pages read. A request with a
session cookie (anyone signed in, or an anonymous visitor with something in their
session) always gets a page rendered for them, marked `Cache-Control: private`: a
signed-in reader never receives a page made for someone else, and a shared cache in
front of the portal never stores theirs.

What is stored: a 200 response that set no cookie. Its `Vary: Cookie` is dropped (no
session was read), and it carries `Cache-Control: public, max-age=0, must-revalidate`,
an `ETag` and `Last-Modified`, so a browser or proxy asks again each time and gets a
304 while nothing changed. The middleware sits outside the session middleware, so a
stored page is answered without touching the session or the database; the cache fails
open (config/cache.py): with Redis away every page is rendered as usual.
"""

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from .generation import generation

# The public pages stored for anonymous readers ("namespace:name" of their URL).
# Not search (rate-limited per address), feeds (their own caching), forms or accounts.
CACHED_PAGES = frozenset(
    {
        "dialogue:home",
        "dialogue:minister",
        "dialogue:paper",
        "dialogue:chapter",
        "dialogue:interviews",
        "dialogue:interview",
        "dialogue:resources",
        "dialogue:sitemap",
        "dialogue:help",
        "dialogue:privacy",
        "dialogue:netiquette",
        "dialogue:partners",
        "dialogue:about",
        "questions:index",
        "questions:answers",
        "questions:question_answers",
        "forum:index",
        "forum:board",
        "forum:thread",
    }
)
# Query parameters these pages read; any other one is rendered but not stored, so
# made-up parameters cannot fill the cache.
CACHED_PARAMETERS = frozenset({"page", "language", "order", "sort"})
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
# Pages each process also keeps in its own memory (most recently used first out), so a
# hit costs one cache call (the generation), not two with the page's bytes.
LOCAL_PAGES = 200

Handler = Callable[[HttpRequest], HttpResponseBase]


class StoredPage(TypedDict):
    content: bytes
    headers: list[tuple[str, str]]
    etag: str
    last_modified: float


class LocalPages:
    """A small in-process copy of stored pages, by key (the key holds the generation,
    so a page of an older generation is never found here either)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[str, tuple[float, StoredPage]] = OrderedDict()

    def get(self, key: str) -> StoredPage | None:
        found = self.pages.get(key)
        if found is None:
            return None
        expires, page = found
        if expires < time.monotonic():
            del self.pages[key]
            return None
        self.pages.move_to_end(key)
        return page

    def set(self, key: str, page: StoredPage, seconds: float) -> None:
        self.pages[key] = (time.monotonic() + seconds, page)
        self.pages.move_to_end(key)
        while len(self.pages) > self.size:
            self.pages.popitem(last=False)

    def clear(self) -> None:
        self.pages.clear()


local_pages = LocalPages(LOCAL_PAGES)


def cached_page_name(request: HttpRequest) -> str | None:
    """The "namespace:name" of the page asked for when it is one of CACHED_PAGES."""
    language = get_language_from_path(request.path_info)
    if language is None:
        return None
    try:
        # Path words are translated: resolve in the language of the prefix.
        with translation.override(language):
            match = resolve(request.path_info)
    except Resolver404:
        return None
    name = match.view_name
    return name if name in CACHED_PAGES else None


def _has_state(request: HttpRequest) -> bool:
    """The request carries a session or pending messages: its page is its own."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def _key(request: HttpRequest, current: int) -> str:
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{current}:{digest}"


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not _has_state(request)
        and set(request.GET) <= CACHED_PARAMETERS
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _stored(response: HttpResponse) -> StoredPage:
    vary = [
        value.strip()
        for value in response.get("Vary", "").split(",")
        if value.strip() and value.strip().lower() != "cookie"
    ]
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in {"vary", "date"}
    ]
    if vary:
        headers.append(("Vary", ", ".join(vary)))
    content = response.content
    return {
        "content": content,
        "headers": headers,
        "etag": '"' + hashlib.sha256(content).hexdigest()[:32] + '"',
        "last_modified": time.time(),
    }


def _respond(request: HttpRequest, page: StoredPage) -> HttpResponseBase:
    response = HttpResponse(page["content"])
    for name, value in page["headers"]:
        response[name] = value
    response["Cache-Control"] = PUBLIC_CACHE_CONTROL
    response["ETag"] = page["etag"]
    response["Last-Modified"] = http_date(page["last_modified"])
    conditional = get_conditional_response(
        request,
        etag=page["etag"],
        last_modified=int(page["last_modified"]),
        response=response,
    )
    # Given a response, Django returns it or a 304/412 in its place, never None.
    return conditional if conditional is not None else response


class AnonymousPageCacheMiddleware:
    """Serve and store whole public pages for readers without a session (see module)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if cached_page_name(request) is None:
            return self.get_response(request)
        if not _cacheable_request(request):
            response = self.get_response(request)
            if _has_state(request):
                # Rendered for this reader: no shared cache may keep it.
                patch_cache_control(response, private=True)
            return response
        current = generation()
        if current is None:
            return self.get_response(request)
        key = _key(request, current)
        page: StoredPage | None = local_pages.get(key)
        if page is None:
            page = cache.get(key)
            if page is not None:
                remaining = settings.PAGE_CACHE_SECONDS - (time.time() - page["last_modified"])
                local_pages.set(key, page, max(remaining, 0))
        if page is not None:
            return _respond(request, page)
        response = self.get_response(request)
        if not isinstance(response, HttpResponse) or not _storable(request, response):
            return response
        page = _stored(response)
        cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        local_pages.set(key, page, settings.PAGE_CACHE_SECONDS)
        return _respond(request, page)
