from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import PasswordResetView
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms.operations.health import healthz, ready
from cms.operations.security import rate_limited

urlpatterns = [
    path("healthz/", healthz, name="healthz"),  # liveness, and the bare view of make bench
    path("healthz/ready/", ready, name="ready"),  # readiness: database and cache answer
    # Password reset requests: at most PASSWORD_RESETS_PER_HOUR POSTs per client (cms.operations.security), then 429.
    path(
        "admin/password_reset/",
        rate_limited(PasswordResetView.as_view(), "password-reset", "PASSWORD_RESETS_PER_HOUR", 5),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("", include("home.urls")),
]

if settings.SERVE_MEDIA:
    # Development and tests only; in production the reverse proxy serves MEDIA_ROOT.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "cms.forms.limits.bad_request"  # RequestDataTooBig → 413, TooManyFieldsSent → 400, in German
handler500 = "cms.operations.maintenance.server_error"  # 503 + maintenance page while the database is away
