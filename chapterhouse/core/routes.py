"""The contexts' page routes: each context registers its URL module, and ``chapterhouse.urls``
includes them.

``core`` sits below every context and never imports one; a context hangs its pages on the site
with one line in its ``AppConfig.ready``::

    register_urls("chapterhouse.<context>.urls")

The modules are included at the site's root in the order they were registered, which is the
order of ``INSTALLED_APPS`` (the layers' order: access, organizations, people, later contexts).
"""

from __future__ import annotations

from django.apps import apps
from django.urls import URLResolver, include, path

_modules: list[tuple[str, str]] = []


def register_urls(module: str, *, prefix: str = "") -> None:
    """Include the URL module ``module`` (a dotted path) at ``/<prefix>``; registering the same
    module again is a no-op."""
    if not any(known == module for _, known in _modules):
        _modules.append((prefix, module))


def registered_urls() -> list[URLResolver]:
    """An ``include`` of every registered module, in the order of registration. Asked before
    the apps are ready (so before any context registered), it refuses rather than answer none."""
    apps.check_apps_ready()
    return [path(prefix, include(module)) for prefix, module in _modules]
