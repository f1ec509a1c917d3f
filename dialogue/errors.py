from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:
        # The failure may be the database (or cache) itself, which the signed-in user,
        # the session's messages and the moderation badge all read: render the page as
        # for a visitor, from nothing but templates, rather than let gunicorn answer
        # with its bare English text.
        request.user = AnonymousUser()
        request._messages = []
        return render(request, "errors/500.html", status=500)
