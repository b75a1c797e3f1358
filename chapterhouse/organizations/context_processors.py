"""What every page shows: the organization, the viewer's roles, the era calendars.

It lives in organizations, the lowest layer that knows all three (core knows none of them)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import get_language

from chapterhouse.access.selectors import roles_for
from chapterhouse.organizations.selectors import era_systems_for, organization_get


def site(request: HttpRequest) -> dict[str, Any]:
    """The organization, the viewer's roles and the era calendars to show, on every page."""
    organization = organization_get()
    # A request refused before the authentication middleware (a Host header not allowed) has
    # no user yet; its error page is rendered for the public.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "organization": organization,
        "roles": roles_for(user),
        "era_systems": era_systems_for(organization, language=get_language() or "en"),
    }
