"""Who is asking: a bearer token, a Django session (with CSRF), or nobody (the public).

Tried in that order on every route:

1. ``Authorization: Bearer <token>``: the token's user. A wrong or revoked token, or any other
   ``Authorization`` header, answers 401 (it is never silently read as anonymous).
2. The session cookie of a logged-in user; unsafe methods (POST, PATCH...) need the CSRF token,
   as with ninja's ``django_auth``, and answer 403 without it.
3. Anyone else is the public: reads show what the public may see.

Write routes use ``WRITE_AUTH``: the same, except that whoever is not in the secretariat gets 404
before the request body is even read (one rule for every write, as ``require_secretariat``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from chapterhouse.access.selectors import Roles, require_secretariat, roles_for
from chapterhouse.api import errors as msg
from chapterhouse.api.selectors import api_token_find
from chapterhouse.api.services import api_token_used

Viewer = AbstractBaseUser | AnonymousUser


class ApiTokenAuth(HttpBearer):
    def __init__(self, *, secretariat_only: bool = False) -> None:
        self.secretariat_only = secretariat_only
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise AuthenticationError
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser:
        api_token = api_token_find(token=token)
        if api_token is None or not api_token.user.is_active:
            raise AuthenticationError
        api_token_used(api_token=api_token)
        if self.secretariat_only:
            require_secretariat(api_token.user)
        return api_token.user


class SessionAuth(APIKeyCookie):
    """ninja's ``django_auth``, except that the CSRF check runs only for a logged-in user: an
    anonymous request carries no ambient authority to protect."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, *, secretariat_only: bool = False) -> None:
        self.secretariat_only = secretariat_only
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> AbstractBaseUser | None:
        user = request.user
        if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
            return None
        if self.secretariat_only:
            require_secretariat(user)
        if check_csrf(request) is not None:
            raise HttpError(403, msg.CSRF_FAILED)
        return user


def public(request: HttpRequest) -> AnonymousUser:
    """The last resort: nobody in particular. (An AnonymousUser is truthy, so ninja stops here.)"""
    return AnonymousUser()


def nobody(request: HttpRequest) -> None:
    """The last resort of a write: the public may not write, and is told 404."""
    raise Http404


AUTH = [ApiTokenAuth(), SessionAuth(), public]
WRITE_AUTH = [ApiTokenAuth(secretariat_only=True), SessionAuth(secretariat_only=True), nobody]


def viewer(request: HttpRequest) -> Viewer:
    """The user the request authenticated as (AnonymousUser for the public)."""
    user = getattr(request, "auth", None)
    if isinstance(user, AbstractBaseUser | AnonymousUser):
        return user
    return AnonymousUser()


def roles(request: HttpRequest) -> Roles:
    return roles_for(viewer(request))


def secretariat(request: HttpRequest) -> Viewer:
    """The user making a write, who must be in the secretariat: anyone else gets 404, as from
    every access helper (the API does not tell who may write what)."""
    user = viewer(request)
    require_secretariat(user)
    return user
