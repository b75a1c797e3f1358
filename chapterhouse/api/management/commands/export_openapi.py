"""``chapterhouse export_openapi``: print the API's OpenAPI document (the snapshot in
docs/openapi.json is this command's output; tests/api/test_openapi.py compares them)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand
from ninja.responses import NinjaJSONEncoder

from chapterhouse.api.urls import api


def openapi_json() -> str:
    schema = api.get_openapi_schema()
    return json.dumps(schema, cls=NinjaJSONEncoder, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print the JSON API's OpenAPI document (docs/openapi.json is a snapshot of it)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(openapi_json(), ending="")
