"""The JSON API at /api/v1/: one router per context, each registered by its context
(``api.registry``); schema at /api/v1/openapi.json."""

from __future__ import annotations

from chapterhouse.api.base import ChapterhouseAPI, JsonParser, install_error_handlers
from chapterhouse.api.registry import registered_routers

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
for prefix, router in registered_routers():
    api.add_router(prefix, router)
