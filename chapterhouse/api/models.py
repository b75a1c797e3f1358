"""API tokens: a bearer token stands for a user; only the token's SHA-256 hash is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    # Tokens are revoked by name (`chapterhouse token revoke NAME`), so names are unique.
    name = models.CharField(_("name"), max_length=100, unique=True)
    # SHA-256 of the token, hex. The token itself is shown once when it is made, never stored.
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API token")
        constraints = [
            models.CheckConstraint(
                condition=Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106 (a pattern)
                name="api_token_hash_is_sha256",
            ),
        ]

    def __str__(self) -> str:
        return self.name
