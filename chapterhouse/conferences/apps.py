from __future__ import annotations

from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "chapterhouse.conferences"
    label = "conferences"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chapterhouse.api.registry import register_router
        from chapterhouse.conferences.api import router
        from chapterhouse.conferences.demo import PART
        from chapterhouse.core.routes import register_urls
        from chapterhouse.demo.registry import register_demo

        register_router(router)  # the context's API routes (api.registry)
        register_demo(PART)  # the Third Congress (demo.registry)
        register_urls("chapterhouse.conferences.voiding_urls")  # void and restore pages
