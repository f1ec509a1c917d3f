"""Request checks that apply to every view."""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class RejectNulInQueryMiddleware:
    """A NUL character in the query string is answered 400.

    PostgreSQL cannot store or compare text holding NUL, so a `?q=%00` reaching a
    query (the site search, the admin's filters) would end in a server error. Form
    fields already refuse it in POST data (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest("NUL character in the query string")
        return self.get_response(request)
