"""Error pages that render with nothing but templates and settings.

A 500 often means the database or Redis is down, and the normal page frame reads
both (the signed-in user, the moderator's badge). These pages are rendered without
a request context, so no context processor runs; the language comes from the
address (`/en/…`, `/fr/…`), and a page without one says it in both languages.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.templatetags.static import static
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

LANGUAGE_CODES = ("en", "fr")

# Used only if even the template cannot be rendered (a broken deployment).
BARE_500 = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Server error – '
    "Erreur du serveur</title></head><body><main><h1>Something went wrong</h1><p>Please try "
    'again in a few minutes.</p><h1 lang="fr">Une erreur s’est produite</h1><p lang="fr">'
    "Veuillez réessayer dans quelques minutes.</p></main></body></html>"
)


def request_languages(request: HttpRequest) -> tuple[str, ...]:
    """The language of the address's prefix, or both when it has none."""
    prefix = request.path.lstrip("/").split("/", 1)[0]
    return (prefix,) if prefix in LANGUAGE_CODES else LANGUAGE_CODES


def _stylesheet() -> str | None:
    """The site's stylesheet address, or None when static files are not collected."""
    try:
        return static("css/site.css")
    except ValueError:
        return None


def _department(language: str) -> str:
    return settings.DEPARTMENT_NAME_FR if language == "fr" else settings.DEPARTMENT_NAME_EN


Param = str | int | Callable[[], str]


def error_page(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    message: str = "",
    params: dict[str, Param] | None = None,
) -> HttpResponse:
    """Render the error frame once per language of the request, with a minimal context.

    `title` and `message` are source strings (gettext_noop), translated in each
    language; a callable in `params` is evaluated in that language (for formats).
    """
    languages = request_languages(request)
    sections = []
    for language in languages:
        with translation.override(language):
            values = {
                key: value() if callable(value) else value for key, value in (params or {}).items()
            }
            sections.append(
                {
                    "language": language,
                    "department_name": _department(language),
                    "title": _(title),
                    "message": _(message) % values if message else "",
                }
            )
    with translation.override(languages[0]):
        html = loader.render_to_string(
            "errors/frame.html",
            {
                "page_language": languages[0],
                "page_title": " – ".join(section["title"] for section in sections),
                "sections": sections,
                "stylesheet": _stylesheet(),
                "status": status,
            },
        )
    return HttpResponse(html, status=status)


SERVER_ERROR_TITLE = gettext_noop("Something went wrong")
SERVER_ERROR = gettext_noop(
    "We could not finish your request. Nothing you had already saved was lost. "
    "Please try again in a few minutes."
)
TOO_LARGE_TITLE = gettext_noop("Your submission was too large")
TOO_BIG = gettext_noop(
    "A form can hold at most %(size)s of text. Go back, shorten your text and send it again."
)
TOO_MANY_FIELDS = gettext_noop(
    "A form can hold at most %(count)s fields. Go back to the form and send it again."
)
TOO_MANY_FILES = gettext_noop("A form can hold at most %(count)s files.")
BAD_REQUEST_TITLE = gettext_noop("We could not understand your request")
BAD_REQUEST = gettext_noop("The address or the form you sent could not be understood.")
NULL_BYTE = gettext_noop(
    "The address contains a character that is not allowed (a null byte). "
    "Remove it from your search or filter and try again."
)


def _megabytes() -> str:
    """The body size limit in megabytes: "2.5 MB" / « 2,5 Mo » in the active language."""
    value = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
    return _("%(number)s MB") % {"number": number_format(value, decimal_pos=1)}


def _count(value: int | None) -> Callable[[], str]:
    return lambda: number_format(value or 0, force_grouping=True)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: say what was too large instead of Django's bare "Bad Request"."""
    if isinstance(exception, RequestDataTooBig):
        return error_page(
            request, status=413, title=TOO_LARGE_TITLE, message=TOO_BIG, params={"size": _megabytes}
        )
    if isinstance(exception, TooManyFieldsSent):
        count = _count(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
        return error_page(
            request,
            status=400,
            title=TOO_LARGE_TITLE,
            message=TOO_MANY_FIELDS,
            params={"count": count},
        )
    if isinstance(exception, TooManyFilesSent):
        count = _count(settings.DATA_UPLOAD_MAX_NUMBER_FILES)
        return error_page(
            request,
            status=400,
            title=TOO_LARGE_TITLE,
            message=TOO_MANY_FILES,
            params={"count": count},
        )
    return error_page(request, status=400, title=BAD_REQUEST_TITLE, message=BAD_REQUEST)


def null_byte_refused(request: HttpRequest) -> HttpResponse:
    return error_page(request, status=400, title=BAD_REQUEST_TITLE, message=NULL_BYTE)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: must work with the database and Redis both down."""
    try:
        return error_page(request, status=500, title=SERVER_ERROR_TITLE, message=SERVER_ERROR)
    except Exception:
        logger.exception("the 500 page could not be rendered")
        return HttpResponse(BARE_500, status=500)
