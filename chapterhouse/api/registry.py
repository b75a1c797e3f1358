"""The contexts' routers: each context registers its own, and ``api.urls`` mounts them.

The machinery (this package) sits below the contexts and never imports them; a context hangs
its routes on the API with one line in its ``AppConfig.ready``::

    register_router(router)  # from chapterhouse.<context>.api import router

Routers are mounted in the order they were registered, which is the order of
``INSTALLED_APPS`` (the layers' order: organizations, then people), so the OpenAPI document's
paths and tags keep a fixed order.
"""

from __future__ import annotations

from django.apps import apps
from ninja import Router

_routers: list[tuple[str, Router]] = []


def register_router(router: Router, *, prefix: str = "/") -> None:
    """Mount ``router`` at ``/api/v1/<prefix>``; registering the same router again is a no-op."""
    if not any(known is router for _, known in _routers):
        _routers.append((prefix, router))


def registered_routers() -> list[tuple[str, Router]]:
    """Every registered router with its prefix, in the order of registration. Asked before the
    apps are ready (so before any context registered), it refuses rather than answer none."""
    apps.check_apps_ready()
    return list(_routers)
