"""One rule for every form on the site: a submission that fails validation answers 422.

Views with a form render through `form_render`; allauth's class-based views return
template responses, which `InvalidFormStatusMiddleware` passes through the same
`form_status` rule, so sign-in and sign-up answer like the portal's own forms.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse

INVALID_FORM_STATUS = 422


def form_status(context: dict[str, Any] | None, status: int = 200) -> int:
    """422 when the page's bound form has errors; any status a view chose stays."""
    form = (context or {}).get("form")
    if status == 200 and form is not None and getattr(form, "is_bound", False) and form.errors:
        return INVALID_FORM_STATUS
    return status


def form_render(
    request: HttpRequest, template: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    return render(request, template, context, status=form_status(context, status))


class InvalidFormStatusMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        response.status_code = form_status(response.context_data, response.status_code)
        return response
