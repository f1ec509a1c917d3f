from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _

from accounts.ratelimit import too_many_requests
from accounts.views import admin_login
from dialogue.views import splash

from .health import healthz, readyz

# Staff sign in through allauth's page and its rate limits, not the admin's own form.
admin.site.login = admin_login  # type: ignore[method-assign]  # replaced on purpose, see above

urlpatterns: list[URLPattern | URLResolver] = [
    path("", splash, name="splash"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

urlpatterns += i18n_patterns(
    path(_("admin/"), admin.site.urls),
    path(_("accounts/"), include("accounts.urls")),
    path(_("accounts/"), include("allauth.urls")),
    path("moderation/", include("moderation.urls")),
    path("forum/", include("forum.urls")),
    path("", include("questions.urls")),
    path("", include("analysis.urls")),
    path("", include("reports.urls")),
    path("", include("sitepages.urls")),
    path("", include("dialogue.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "dialogue.errors.not_found"
handler403 = "dialogue.errors.forbidden"
handler400 = "config.errors.bad_request"
handler500 = "config.errors.server_error"
# allauth's own limits (sign-in, sign-up, password reset) answer with the portal's page.
handler429 = too_many_requests
