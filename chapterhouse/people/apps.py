from __future__ import annotations

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "chapterhouse.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Organizations asks people before a body's mandate changes (organizations.mandates):
        # the lower layer defines the hook, the upper one registers into it.
        from chapterhouse.access.selectors import person_standing_register
        from chapterhouse.api.registry import register_router
        from chapterhouse.api.services import api_tokens_revoke_all
        from chapterhouse.core.routes import register_urls
        from chapterhouse.demo.registry import register_demo
        from chapterhouse.dossier.registry import register_sections
        from chapterhouse.organizations.mandates import mandate_guard_register
        from chapterhouse.organizations.pages import body_page_register
        from chapterhouse.people import demo, dossier
        from chapterhouse.people.accounts import credential_revoker_register
        from chapterhouse.people.api import router
        from chapterhouse.people.selectors import body_page_holders, person_standing
        from chapterhouse.people.services import mandate_guard

        mandate_guard_register(mandate_guard)
        # Access asks people what a signed-in person is (a member, on which bodies).
        person_standing_register(person_standing)
        # The body page shows who holds its positions.
        body_page_register(body_page_holders)
        # A new password revokes the account's API tokens (people.accounts): the API's tokens
        # sit in a lower layer now, and people registers their revoker in its own hook.
        credential_revoker_register("api_tokens_revoked", api_tokens_revoke_all)

        register_router(router)  # the context's API routes (api.registry)
        register_urls("chapterhouse.people.urls")  # the context's pages (core.routes)
        register_sections(self.name, dossier.SECTIONS)  # its dossier sections (dossier.registry)
        register_demo(demo.PART)  # its part of the demo organization (demo.registry)
