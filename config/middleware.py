"""Small middleware of the portal itself: request log lines, headers, hostile input."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from .logging import request_id_var

logger = logging.getLogger("portal.request")

# A proxy's id is kept only if it cannot smuggle anything into a log line or header.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

Handler = Callable[[HttpRequest], HttpResponse]


def request_id_from(request: HttpRequest) -> str:
    """The proxy's `X-Request-ID` when it is well-formed, otherwise a new one."""
    incoming = request.headers.get("X-Request-ID", "")
    if REQUEST_ID_PATTERN.match(incoming):
        return incoming
    return uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, if the request already loaded its user.

    Loading it here would cost a session read for static files and probes, and
    fail on the very requests (database down) whose log line matters most.
    """
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", empty) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    """Gives each request an id (returned as `X-Request-ID`) and logs one line for it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request)
        request.request_id = request_id  # type: ignore[attr-defined]  # read by the log filter
        token = request_id_var.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class PermissionsPolicyMiddleware:
    """Turns off the browser features listed in `PERMISSIONS_POLICY` on every response."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class NullByteMiddleware:
    """Refuses a query string holding a null byte with a 400 page.

    No search or filter means anything with one, and PostgreSQL refuses it in a
    query parameter, which would otherwise surface as a server error.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            from .errors import null_byte_refused

            return null_byte_refused(request)
        return self.get_response(request)
