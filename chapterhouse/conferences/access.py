"""Who may do what at a conference (policy over ``access.selectors.Roles``).

- the chair level: the secretariat, and members of the conference's presidium (a body);
  they run the conference and see hidden items;
- the members level: members of the organization; they see internal items;
- the public level: anyone else (guests of partner organizations, the projector).

An internal conference is seen by the members and chair levels only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from chapterhouse.access.selectors import Roles, roles_for
from chapterhouse.conferences.events import CHAIR, MEMBERS, PUBLIC, level_rank

if TYPE_CHECKING:
    from chapterhouse.conferences.models import Conference
    from chapterhouse.core.actors import Actor


def viewer_level(conference: Conference, roles: Roles) -> str:
    if roles.secretariat or (
        conference.presidium_id is not None and conference.presidium_id in roles.body_ids
    ):
        return CHAIR
    return MEMBERS if roles.member else PUBLIC


def may_see_conference(conference: Conference, roles: Roles) -> bool:
    level = viewer_level(conference, roles)
    return conference.visibility == "public" or level_rank(level) >= level_rank(MEMBERS)


def actor_roles(by: Actor) -> Roles | None:
    """The roles of ``by``; None for the system itself (demo data, the operator's commands)."""
    if by is None:
        return None
    return roles_for(by)


def require_chair(conference: Conference, by: Actor) -> None:
    """Refuse anyone but the system, the secretariat and the presidium's members."""
    roles = actor_roles(by)
    if roles is not None and viewer_level(conference, roles) != CHAIR:
        raise PermissionDenied
