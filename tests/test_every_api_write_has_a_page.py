"""Nothing is API-only: every write route of the API has a page that does the same through the
same service. A new write route fails here until its page is named."""

from __future__ import annotations

from django.urls import get_resolver

from chapterhouse.api.urls import api

WRITES = {"post", "patch", "put", "delete"}

# "METHOD path" -> the url name of the page that does it.
PAGE_FOR: dict[str, str] = {
    "PATCH /api/v1/organization": "organization-edit",
    "POST /api/v1/branches": "branch-create",
    "PATCH /api/v1/branches/{key}": "branch-edit",
    "POST /api/v1/bodies": "body-create",
    "PATCH /api/v1/bodies/{key}": "body-edit",
    "POST /api/v1/history": "history-event-create",
    "PATCH /api/v1/history/{key}": "history-event-edit",
    "POST /api/v1/history/{key}/void": "history-event-void",
    "POST /api/v1/history/{key}/restore": "history-event-restore",
    "POST /api/v1/observances": "observance-create",
    "PATCH /api/v1/observances/{key}": "observance-edit",
    "POST /api/v1/observances/{key}/void": "observance-void",
    "POST /api/v1/observances/{key}/restore": "observance-restore",
    "POST /api/v1/persons": "person-create",
    "PATCH /api/v1/persons/{key}": "person-edit",
    "POST /api/v1/memberships": "membership-create",
    "PATCH /api/v1/memberships/{membership_id}": "membership-edit",
    "POST /api/v1/memberships/{membership_id}/void": "membership-void",
    "POST /api/v1/memberships/{membership_id}/restore": "membership-restore",
    "POST /api/v1/partner-organizations": "partner-create",
    "PATCH /api/v1/partner-organizations/{key}": "partner-edit",
    "POST /api/v1/positions": "position-create",
    "PATCH /api/v1/positions/{key}": "position-edit",
    "POST /api/v1/duties": "duty-create",
    "PATCH /api/v1/duties/{key}": "duty-edit",
    "POST /api/v1/appointments": "appointment-create",
    "PATCH /api/v1/appointments/{key}": "appointment-edit",
    "POST /api/v1/appointments/{key}/void": "appointment-void",
    "POST /api/v1/appointments/{key}/restore": "appointment-restore",
    "POST /api/v1/appointments/{key}/end": "appointment-end",
    "POST /api/v1/posts": "publishing-post-create",
    "PATCH /api/v1/posts/{slug}": "publishing-post-edit",
    "POST /api/v1/posts/{slug}/publish": "publishing-post-state",
    "POST /api/v1/posts/{slug}/schedule": "publishing-post-state",
    "POST /api/v1/posts/{slug}/withdraw": "publishing-post-state",
    "POST /api/v1/posts/{slug}/lead-image": "publishing-post-image",
    "DELETE /api/v1/posts/{slug}/lead-image": "publishing-post-image",
    "POST /api/v1/comments/{comment_id}/moderate": "publishing-comment-moderate",
    "POST /api/v1/conferences/{key}/state": "conference-act",
    "POST /api/v1/conferences/{key}/agenda/{item_id}/current": "conference-act",
    "POST /api/v1/conferences/{key}/agenda/{item_id}/done": "conference-act",
    "POST /api/v1/conferences/{key}/agenda/{item_id}/speakers": "conference-speak",
    "POST /api/v1/conferences/{key}/speakers/{request_id}/start": "conference-act",
    "POST /api/v1/conferences/{key}/speakers/{request_id}/stop": "conference-act",
    "POST /api/v1/conferences/{key}/speakers/{request_id}/withdraw": "conference-speak",
    "POST /api/v1/conferences/{key}/check-in": "conference-participants",
    "POST /api/v1/conferences/{key}/speeches": "conference-act",
    "POST /api/v1/conferences/{key}/agenda/{item_id}/letters": "conference-act",
    "POST /api/v1/conferences/{key}/agenda/{item_id}/move": "conference-act",
    "POST /api/v1/conferences/{key}/speeches/{speech_id}/void": "speech-void",
    "POST /api/v1/conferences/{key}/speeches/{speech_id}/restore": "speech-restore",
    "POST /api/v1/letters/{key}/void": "letter-void",
    "POST /api/v1/letters/{key}/restore": "letter-restore",
    "POST /api/v1/conferences/{key}/polls": "poll-create",
    "PATCH /api/v1/conferences/{key}/polls/{poll_id}": "poll-edit",
    "POST /api/v1/conferences/{key}/polls/{poll_id}/open": "poll-act",
    "POST /api/v1/conferences/{key}/polls/{poll_id}/close": "poll-act",
    "POST /api/v1/conferences/{key}/polls/{poll_id}/cancel": "poll-act",
    "POST /api/v1/conferences/{key}/polls/{poll_id}/paper": "poll-paper",
    "POST /api/v1/conferences/{key}/polls/{poll_id}/ballots": "poll-cast",
    "POST /api/v1/conferences/{key}/delegations": "poll-delegations",
}

# Writes whose page is not built yet, each with the reason. Only this list's routes may lack a
# page; every other write needs one in PAGE_FOR.
_PREPARATION = "pages come with the conference's preparation pages"
_REGISTER = "pages come with the letters register"
# The console records a speech published or not; publishing it later has no page yet.
_LATER_PUBLISH = "publishing a recorded speech later comes with the speeches' pages"
_MOTION_FORMS = "the motion page's forms are not built yet"
NO_PAGE_YET: dict[str, str] = {
    # The motion page shows a motion; its forms (submit, support, the chair's moves) are not
    # built yet.
    "POST /api/v1/conferences/{key}/motions": _MOTION_FORMS,
    "POST /api/v1/conferences/{key}/motions/{number}/amendments": _MOTION_FORMS,
    "POST /api/v1/conferences/{key}/motions/{number}/support": _MOTION_FORMS,
    "POST /api/v1/conferences/{key}/motions/{number}/unsupport": _MOTION_FORMS,
    "POST /api/v1/conferences/{key}/motions/{number}/state": _MOTION_FORMS,
    "POST /api/v1/conferences": _PREPARATION,
    "PATCH /api/v1/conferences/{key}": _PREPARATION,
    "POST /api/v1/conferences/{key}/sessions": _PREPARATION,
    "POST /api/v1/conferences/{key}/participants": _PREPARATION,
    "POST /api/v1/conferences/{key}/participants/{participant_id}": _PREPARATION,
    "POST /api/v1/conferences/{key}/participant-import/preview": _PREPARATION,
    "POST /api/v1/conferences/{key}/participant-import": _PREPARATION,
    "POST /api/v1/conferences/{key}/agenda": _PREPARATION,
    "POST /api/v1/letters": _REGISTER,
    "POST /api/v1/conferences/{key}/speeches/{speech_id}/publish": _LATER_PUBLISH,
}


def write_routes() -> set[str]:
    paths = api.get_openapi_schema(path_prefix="/api/v1")["paths"]
    return {
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method in operations
        if method in WRITES
    }


def test_every_api_write_has_a_page() -> None:
    assert write_routes() == set(PAGE_FOR) | set(NO_PAGE_YET)
    assert not set(PAGE_FOR) & set(NO_PAGE_YET)
    assert all(
        route.split(" ")[1].startswith(("/api/v1/conferences", "/api/v1/letters"))
        for route in NO_PAGE_YET
    )
    names = {name for name in get_resolver().reverse_dict if isinstance(name, str)}
    missing = sorted(set(PAGE_FOR.values()) - names)
    assert not missing, f"no page named {missing}"
