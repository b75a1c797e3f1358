from __future__ import annotations

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "chapterhouse.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Organizations asks people before a body's mandate changes (organizations.mandates):
        # the lower layer defines the hook, the upper one registers into it.
        from chapterhouse.organizations.mandates import mandate_guard_register
        from chapterhouse.people.services import mandate_guard

        mandate_guard_register(mandate_guard)
