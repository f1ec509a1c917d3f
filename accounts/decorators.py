"""Access rules shared by every view that lets a participant write something."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import User


class SignedInRequest(HttpRequest):
    """The request a view behind one of the decorators below receives: `user` is a
    signed-in account, never the anonymous user (for type checking only)."""

    user: User


def _marked(wrapper: Callable) -> Callable:
    """Marks a view as needing an account; `wraps` carries the mark up the stack, so
    the sign-in redirect test finds every such view by walking the URL patterns."""
    wrapper.sign_in_required = True  # type: ignore[attr-defined]  # a mark set on a function
    return wrapper


def sign_in_required(view: Callable) -> Callable:
    """Signed in, whatever the state of the e-mail address (own-data pages)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return _marked(wrapper)


def has_verified_email(user: object) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def participant_required(view: Callable) -> Callable:
    """Signed in, with a verified e-mail address (reading pages that need an account).

    Anonymous readers go to the sign-in page; a signed-in user whose address is
    not yet verified gets a 403 page telling them how to finish.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_verified_email(request.user):
            return render(request, "accounts/verify_email_first.html", status=403)
        return view(request, *args, **kwargs)

    return _marked(wrapper)


def contributor_required(view: Callable) -> Callable:
    """A participant who is not suspended: may write answers and forum posts.

    A suspended participant still reads everything; here they are told why they
    cannot write and until when.
    """

    @participant_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_suspended:
            return render(request, "accounts/suspended.html", status=403)
        return view(request, *args, **kwargs)

    return _marked(wrapper)


def moderator_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("accounts.moderate_content"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _marked(wrapper)


def staff_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("accounts.manage_consultation"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return _marked(wrapper)


def analyst_required(view: Callable) -> Callable:
    """Analysts (and ministry staff, who hold the same permission): the workbench.

    Everyone else, signed-out visitors included, gets the 403 page in the page's
    language: the workbench's addresses never lead a stranger to a sign-in form. Not
    marked `sign_in_required`, as there is no sign-in redirect to follow.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("accounts.analyse_answers"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
