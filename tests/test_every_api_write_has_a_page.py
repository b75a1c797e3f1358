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
    "POST /api/v1/conferences/{key}/motions": "motion-submit",
    "POST /api/v1/conferences/{key}/motions/{number}/amendments": "amendment-submit",
    "POST /api/v1/conferences/{key}/motions/{number}/support": "motion-support",
    "POST /api/v1/conferences/{key}/motions/{number}/unsupport": "motion-support",
    "POST /api/v1/conferences/{key}/motions/{number}/state": "motion-state",
    "POST /api/v1/conferences": "conference-create",
    "PATCH /api/v1/conferences/{key}": "conference-edit",
    "POST /api/v1/conferences/{key}/sessions": "conference-session-add",
    "POST /api/v1/conferences/{key}/participants": "conference-participant-add",
    "POST /api/v1/conferences/{key}/participants/{participant_id}": "participant-edit",
    "POST /api/v1/conferences/{key}/participant-import/preview": "conference-participant-import",
    "POST /api/v1/conferences/{key}/participant-import": "conference-participant-import",
    "POST /api/v1/conferences/{key}/agenda": "conference-agenda-add",
    "POST /api/v1/letters": "letter-create",
    "POST /api/v1/conferences/{key}/speeches/{speech_id}/publish": "speech-publish",
    # the AV desk's projector controls: the console does each of them
    "POST /api/v1/conferences/{key}/projector/next-item": "conference-act",
    "POST /api/v1/conferences/{key}/projector/speaker/start": "conference-act",
    "POST /api/v1/conferences/{key}/projector/speaker/stop": "conference-act",
    "POST /api/v1/conferences/{key}/projector/result": "conference-act",
    "POST /api/v1/conferences/{key}/projector/message": "conference-act",
    "POST /api/v1/conferences/{key}/projector/clear": "conference-act",
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
# page; every other write needs one in PAGE_FOR. Every write has its page now.
NO_PAGE_YET: dict[str, str] = {}


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
