"""The JSON API at /api/v1/: one router per context; schema at /api/v1/openapi.json."""

from __future__ import annotations

from chapterhouse.api import organizations, people
from chapterhouse.api.base import ChapterhouseAPI, JsonParser, install_error_handlers

api = ChapterhouseAPI(
    title="Chapterhouse API",
    version="1",
    description=(
        "The organization's structure, people and appointments. See docs/api.md for "
        "authentication (bearer token or session with CSRF) and the error shape."
    ),
    urls_namespace="api",
    parser=JsonParser(),
)
install_error_handlers(api)
api.add_router("/", organizations.router)
api.add_router("/", people.router)
