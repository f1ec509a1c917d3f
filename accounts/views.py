import json
from typing import Any

from allauth.account.views import EmailVerificationSentView
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
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
