"""The portal's URLs plus `/floor/` (bench only; never in config.urls)."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from config.urls import handler400, handler403, handler404, handler429, handler500  # noqa: F401
from config.urls import urlpatterns as portal_urlpatterns


def floor(request: HttpRequest) -> HttpResponse:
    """The least a request can cost through the portal's middleware."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns: list[URLPattern | URLResolver] = [path("floor/", floor), *portal_urlpatterns]
