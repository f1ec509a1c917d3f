"""Asking one URL as every role: the machinery behind the authorisation matrix."""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.security.world import ROLES, World

LANGUAGES = ("en", "fr")

# What a request can answer, as written in the table. "L" is a redirect to a sign-in
# page (the site's or the admin's); "302" a redirect anywhere else.
CODES = {"200", "L", "302", "400", "403", "404", "405", "422", "429"}


def row(text: str) -> dict[str, str]:
    """'200 L 403 …' (one code per role, in ROLES order) as {role: code}."""
    codes = text.split()
    if len(codes) != len(ROLES) or not set(codes) <= CODES:
        raise ValueError(f"a row has one code of {sorted(CODES)} per role: {text!r}")
    return dict(zip(ROLES, codes, strict=True))


@dataclass(frozen=True)
class Entry:
    """The expected answers of one named URL, for GET and (where it takes one) POST.

    `get`/`post` are a row for both states, or {"open": row, "closed": row}.
    `xfail` names cells ((method, role, state or None) → branch) that are the correct
    behaviour but are fixed on another branch.
    """

    name: str
    get: str | dict[str, str]
    post: str | dict[str, str] | None = None
    kwargs: Callable[[dict, str], dict] | None = None
    variant: str = ""
    data: dict = field(default_factory=dict)
    xfail: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    def expected(self, method: str, state: str) -> dict[str, str] | None:
        spec = self.get if method == "GET" else self.post
        if spec is None:
            return None
        if isinstance(spec, dict):
            spec = spec[state]
        return row(spec)


def named_urls() -> set[str]:
    """Every named pattern of the URLconf, with its namespace."""
    names = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(
                    pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    for language in LANGUAGES:
        with translation.override(language):
            walk(get_resolver().url_patterns, "")
    return names


class CsrfClient(Client):
    """A test client that keeps the CSRF secret it sends with its forms."""

    csrf_secret: str = ""


def clients_for(world: World) -> dict[str, CsrfClient]:
    """One browser per role, signed in, holding a CSRF cookie it will send back."""
    clients = {}
    for role in ROLES:
        client = CsrfClient(enforce_csrf_checks=True, raise_request_exception=False)
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        client.csrf_secret = _get_new_csrf_string()
        client.cookies["csrftoken"] = client.csrf_secret
        clients[role] = client
    return clients


def url_of(entry: Entry, world: World, language: str) -> str:
    with translation.override(language):
        kwargs = entry.kwargs(world.objects, language) if entry.kwargs else {}
        return reverse(entry.name, kwargs=kwargs)


def code_of(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        return "L" if "/login/" in location.split("?")[0] else "302"
    return str(response.status_code)


def ask(
    client: CsrfClient, method: str, url: str, *, data: dict | None = None, token: bool = True
) -> str:
    """The code one request answers; whatever it wrote is rolled back."""
    cache.clear()  # rate limits are per address, and every role shares 127.0.0.1
    cookies = client.cookies  # a sign-out would clear them for the next request
    client.cookies = copy.deepcopy(cookies)
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        else:
            form = dict(data or {})
            if token:
                form["csrfmiddlewaretoken"] = client.csrf_secret
            response = client.post(url, form)
        transaction.set_rollback(True)
    client.cookies = cookies
    return code_of(response)


def content_type_id(obj: Model) -> int:
    return ContentType.objects.get_for_model(obj).pk
