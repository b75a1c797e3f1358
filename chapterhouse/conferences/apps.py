from __future__ import annotations

from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "chapterhouse.conferences"
    label = "conferences"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chapterhouse.api.registry import register_router
        from chapterhouse.conferences import dossier, live
        from chapterhouse.conferences.api import router
        from chapterhouse.conferences.demo import PART
        from chapterhouse.conferences.motion_api import router as motion_router
        from chapterhouse.core.routes import register_urls
        from chapterhouse.demo.registry import register_demo
        from chapterhouse.dossier.registry import register_sections

        register_router(router)  # the context's API routes (api.registry)
        register_router(motion_router)  # the motions' API routes
        # Preparation pages first: "conferences/new/" is not a conference's key.
        register_urls("chapterhouse.conferences.prep_urls")
        register_urls("chapterhouse.conferences.urls")  # the context's pages (core.routes)
        register_urls("chapterhouse.conferences.motion_urls")  # the motions' pages
        register_urls("chapterhouse.conferences.voiding_urls")  # void and restore pages
        register_sections(self.name, dossier.SECTIONS)  # its dossier sections (dossier.registry)
        register_urls("chapterhouse.conferences.minutes_urls")  # the minutes, HTML and PDF
        register_demo(PART)  # the Third Congress (demo.registry)
        live.register()  # the conference:<key> live scope (live.policy)
