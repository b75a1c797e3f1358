from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chapterhouse.api"
    label = "api"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # A new password revokes the account's API tokens (people.accounts): the lower layer
        # defines the hook, the API registers into it.
        from chapterhouse.api.services import api_tokens_revoke_all
        from chapterhouse.people.accounts import credential_revoker_register

        credential_revoker_register("api_tokens_revoked", api_tokens_revoke_all)
