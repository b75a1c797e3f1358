"""What every page shows: the organization, the viewer's roles, the era calendars.

It lives in organizations, the lowest layer that knows all three (core knows none of them)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language

from chapterhouse.access.selectors import roles_for
from chapterhouse.organizations.selectors import era_systems_for, organization_get


def site(request: HttpRequest) -> dict[str, Any]:
    """The organization, the viewer's roles and the era calendars to show, on every page."""
    organization = organization_get()
    return {
        "organization": organization,
        "roles": roles_for(request.user),
        "era_systems": era_systems_for(organization, language=get_language() or "en"),
    }
