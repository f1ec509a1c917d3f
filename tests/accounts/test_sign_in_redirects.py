"""Every view that needs an account sends a signed-out visitor to the sign-in page
of the page's own language, keeping where they were going in `next`."""

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import translation

pytestmark = pytest.mark.django_db

# allauth's own pages behind a sign-in: its class-based views carry the decorator on
# `dispatch`, where the walk below cannot see it.
ALLAUTH_SIGNED_IN = ["account_email", "account_change_password", "account_set_password"]


def _requires_sign_in(callback: object) -> bool:
    # The portal's access decorators mark the view; `wraps` copies the mark onto
    # every decorator stacked above it.
    return bool(getattr(callback, "sign_in_required", False))


def _walk(resolver: URLResolver, namespace: str = "") -> list[tuple[str, dict]]:
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += [
                (name, {**entry.pattern.converters, **conv}) for name, conv in _walk(entry, inner)
            ]
        elif isinstance(entry, URLPattern) and entry.name and _requires_sign_in(entry.callback):
            found.append((f"{namespace}{entry.name}", dict(entry.pattern.converters)))
    return found


def _placeholder(converter: object) -> object:
    # The sign-in check runs before any lookup, so the objects need not exist.
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    return "x"


def signed_in_paths(language: str) -> list[str]:
    with translation.override(language):
        paths = [
            reverse(name, kwargs={k: _placeholder(c) for k, c in converters.items()})
            for name, converters in _walk(get_resolver())
        ]
        paths += [reverse(name) for name in ALLAUTH_SIGNED_IN]
    return sorted(set(paths))


def test_the_walk_finds_the_views_that_need_an_account():
    paths = signed_in_paths("fr")
    assert "/fr/questions/1/repondre/" in paths
    assert "/fr/comptes/profil/" in paths or any(p.startswith("/fr/comptes/") for p in paths)
    assert any("/moderation/" in p for p in paths)
    assert len(paths) >= 20


@pytest.mark.parametrize(
    ("language", "accept"), [("en", "fr-CA,fr;q=0.9"), ("fr", "en-CA,en;q=0.9")]
)
def test_every_sign_in_redirect_lands_on_the_page_language_sign_in(client, language, accept):
    """The browser's preferred language never wins over the language of the page."""
    with translation.override(language):
        login = reverse("account_login")
    failures = []
    for path in signed_in_paths(language):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
        if response.status_code == 405:
            response = client.post(path, HTTP_ACCEPT_LANGUAGE=accept)
        if response.status_code != 302:
            failures.append(f"{path}: {response.status_code}")
            continue
        location = urlsplit(response["Location"])
        if location.path != login or parse_qs(location.query).get("next") != [path]:
            failures.append(f"{path}: sent to {response['Location']}")
            continue
        landing = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=accept)
        if landing.status_code != 200 or f'<html lang="{language}"' not in landing.text:
            failures.append(f"{path}: sign-in page answered {landing.status_code}")
    assert failures == []
