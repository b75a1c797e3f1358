"""Who acts: the one type of every service's ``by=`` argument."""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# A signed-in user, an anonymous visitor (a page's request.user), or None for the system itself
# (the demo data, a command run by the operator). The audit log records only signed-in users.
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None
