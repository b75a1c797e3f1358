from __future__ import annotations

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "chapterhouse.access"
    label = "access"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chapterhouse.core.routes import register_urls

        register_urls("chapterhouse.access.urls")  # the context's pages (core.routes)
