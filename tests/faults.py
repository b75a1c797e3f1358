"""Run as a script: requests made while the database cannot answer, on the database the
environment configures; prints one JSON object of what each request answered.

``locked``: an SQLite file whose write lock another connection holds (a long import).
``down``: a database nobody answers at (DATABASE_URL points at a closed port)."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from typing import Any


def answer(response: Any, started: float) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "type": response.get("Content-Type", ""),
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode()[:2000],
        "seconds": round(time.monotonic() - started, 2),
    }


def locked() -> dict[str, dict[str, Any]]:
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.test import Client

    from chapterhouse.access.selectors import SECRETARIAT_GROUP
    from chapterhouse.api.services import api_token_create
    from chapterhouse.core.management.commands.serve import collect_static_if_changed

    call_command("migrate", verbosity=0)
    collect_static_if_changed()  # as `serve` does (the test seeds the collected files)
    user = User.objects.create_user(username="sec")
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    _, token = api_token_create(user=user, name="ci", by=None)
    bearer = {"Authorization": f"Bearer {token}"}
    page = Client()
    page.force_login(user)
    api = Client()

    api.get("/api/v1/bodies")  # warm up: imports and templates are not what is timed
    page.get("/bodies/")
    holder = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held as a long import holds it
    results: dict[str, dict[str, Any]] = {}
    try:
        started = time.monotonic()
        results["token_read"] = answer(api.get("/api/v1/bodies", headers=bearer), started)
        started = time.monotonic()
        results["page_read"] = answer(page.get("/bodies/"), started)
        started = time.monotonic()
        results["api_write"] = answer(
            api.post(
                "/api/v1/branches",
                {"key": "north", "name": "North"},
                content_type="application/json",
                headers=bearer,
            ),
            started,
        )
        started = time.monotonic()
        results["page_write"] = answer(
            page.post("/branches/new/", {"key": "south", "name": "South"}), started
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    return results


def down() -> dict[str, dict[str, Any]]:
    from django.test import Client

    client = Client()
    results: dict[str, dict[str, Any]] = {}
    for name, path in (("page", "/bodies/"), ("home", "/"), ("api", "/api/v1/bodies")):
        started = time.monotonic()
        results[name] = answer(client.get(path), started)
    return results


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
    from django.conf import settings

    options = settings.DATABASES["default"]["OPTIONS"]
    if "pool" in options:
        options["pool"]["timeout"] = 1  # a closed port: give up quickly
    else:
        options["timeout"] = 1  # seconds a writer waits for SQLite's lock
    django.setup()
    mode = sys.argv[1]
    print(json.dumps(locked() if mode == "locked" else down()))
