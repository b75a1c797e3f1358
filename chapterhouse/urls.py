from __future__ import annotations

from django.urls import include, path

from chapterhouse.api.urls import api
from chapterhouse.core import views as core_views
from chapterhouse.core.routes import registered_urls

handler500 = "chapterhouse.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("chapterhouse.core.auth_urls")),
    path("api/v1/", api.urls),
    # Each context's pages, registered in its AppConfig.ready (core.routes).
    *registered_urls(),
]
