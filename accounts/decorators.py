"""Access rules shared by every view that lets a participant write something."""

from functools import wraps

from allauth.account.models import EmailAddress
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render


def has_verified_email(user):
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def participant_required(view):
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

    return wrapper


def contributor_required(view):
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

    return wrapper


def moderator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("accounts.moderate_content"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("accounts.manage_consultation"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
