"""The search index (publishing/search.py): an FTS5 table with the trigram tokenizer on SQLite,
a pg_trgm GIN index on ``search_text`` on PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS publishing_post_fts "
            "USING fts5(text, tokenize='trigram')"
        )
    elif vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS publishing_post_search_trgm "
            "ON publishing_post USING gin (search_text gin_trgm_ops)"
        )


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS publishing_post_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publishing_post_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("publishing", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
