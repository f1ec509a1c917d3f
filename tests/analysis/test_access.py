"""Every workbench address answers 403 to anyone who is not an analyst: signed-out
visitors, participants and moderators alike, on GET and POST, with the 403 page in
the language of the address."""

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import translation

from analysis import urls as analysis_urls
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADINGS = {"en": "You can't do that here", "fr": "Vous ne pouvez pas faire cela ici"}


def analysis_paths(language: str) -> list[str]:
    """One address per URL name of `analysis/urls.py`, with 1 for every number: the
    permission check runs before any object is looked up."""
    paths = []
    with translation.override(language):
        for pattern in analysis_urls.urlpatterns:
            assert isinstance(pattern, URLPattern) and pattern.name
            kwargs = dict.fromkeys(pattern.pattern.converters, 1)
            paths.append(reverse(f"analysis:{pattern.name}", kwargs=kwargs))
    return paths


def test_the_walk_covers_every_name():
    names = {pattern.name for pattern in analysis_urls.urlpatterns}
    assert len(analysis_paths("en")) == len(names) >= 14
    assert "/fr/personnel/analyse/" in analysis_paths("fr")


@pytest.mark.parametrize("who", ["anonymous", "participant", "moderator"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_workbench_url_answers_403(who: str, language: str) -> None:
    client = Client()
    if who != "anonymous":
        client.force_login(UserFactory(role=who) if who == "moderator" else UserFactory())
    failures = []
    for path in analysis_paths(language):
        for method in (client.get, client.post):
            response = method(path, HTTP_ACCEPT_LANGUAGE="fr" if language == "en" else "en")
            page = response.content.decode()
            if response.status_code != 403:
                failures.append(f"{method.__name__.upper()} {path}: {response.status_code}")
            elif f'<html lang="{language}"' not in page or HEADINGS[language] not in page:
                failures.append(f"{method.__name__.upper()} {path}: 403 page not in {language}")
    assert failures == []
