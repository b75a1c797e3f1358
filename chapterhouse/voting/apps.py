from __future__ import annotations

from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "chapterhouse.voting"
    label = "voting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chapterhouse.api.registry import register_router
        from chapterhouse.core.routes import register_urls
        from chapterhouse.voting.api import router

        register_router(router)  # the context's API routes (api.registry)
        register_urls("chapterhouse.voting.urls")  # the context's pages (core.routes)
