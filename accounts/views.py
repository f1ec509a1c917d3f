import json
from typing import Any

from allauth.account.views import EmailVerificationSentView
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from config.rendering import form_render

from .adapter import VERIFICATION_SENT_SESSION_KEY
from .decorators import sign_in_required
from .forms import AccountDeleteForm, ProfileForm
from .own_data import own_data_collect
from .services import account_delete


@never_cache
@require_http_methods(["GET", "POST"])
@sign_in_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved. Thank you."))
        return redirect("accounts:profile")
    return form_render(request, "accounts/profile.html", {"form": form})


@never_cache
@require_GET
@sign_in_required
def data(request):
    return render(request, "accounts/data.html")


@never_cache
@require_GET
@sign_in_required
def data_download(request):
    """Everything the portal holds about the signed-in user, as one JSON file."""
    payload = {
        "exported_at": timezone.now().isoformat(),
        **own_data_collect(request.user),
    }
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@sign_in_required
def delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Your account is deleted."))
        return redirect("dialogue:home")
    return form_render(request, "accounts/delete.html", {"form": form})


class VerificationSentView(EmailVerificationSentView):
    """allauth's "check your e-mail" page, told whether a message was really sent."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["verification_sent_to"] = self.request.session.pop(
            VERIFICATION_SENT_SESSION_KEY, None
        )
        return context


@never_cache
def admin_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The admin's sign-in page, replaced: staff sign in through allauth's page, with its
    rate limits on failed attempts, then come back to the admin.

    The admin's own form checks passwords without any limit; this view never reads one.
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        # Signed in without the right to the admin: refusing ends the loop between
        # the admin (which sends here) and the sign-in page (which sends back).
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return redirect(next_url)
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
