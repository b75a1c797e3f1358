from __future__ import annotations

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "chapterhouse.publishing"
    label = "publishing"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chapterhouse.api.registry import register_router
        from chapterhouse.conferences.pages import register_conference_section
        from chapterhouse.core.routes import register_urls
        from chapterhouse.demo.registry import register_demo
        from chapterhouse.dossier.registry import register_sections
        from chapterhouse.publishing import demo, dossier
        from chapterhouse.publishing.api import router
        from chapterhouse.publishing.report_views import conference_reports_section

        register_router(router)  # the context's API routes (api.registry)
        register_urls("chapterhouse.publishing.urls")  # its pages (core.routes)
        register_sections(self.name, dossier.SECTIONS)  # its dossier sections (dossier.registry)
        register_demo(demo.PART)  # its part of the demo organization (demo.registry)
        # The conference page lists the conference's reports (conferences.pages).
        register_conference_section(conference_reports_section)
