from __future__ import annotations

from django.apps import AppConfig


class DossierConfig(AppConfig):
    name = "chapterhouse.dossier"
    label = "dossier"
    default_auto_field = "django.db.models.BigAutoField"
