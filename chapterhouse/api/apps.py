from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API's machinery and its tokens; the contexts register their routers
    (``api.registry``)."""

    name = "chapterhouse.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"
