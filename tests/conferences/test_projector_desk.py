"""The AV desk's projector token and its five controls; the chair's message on the projector."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from chapterhouse.conferences import projector
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import Conference, ProjectorToken
from chapterhouse.core.models import AuditEntry, JournalEntry
from tests.conferences.conftest import World

pytestmark = pytest.mark.django_db


def _post(token: str | None, path: str, body: dict[str, Any] | None = None) -> Any:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return Client().post(
        "/api/v1" + path,
        data=json.dumps(body or {}),
        content_type="application/json",
        headers=headers,
    )


def _agenda(world: World) -> tuple[Any, Any]:
    c, sec = world.conference, world.sec
    first = cs.agenda_item_add(conference=c, title="Opening", kind="procedural", by=sec)
    second = cs.agenda_item_add(conference=c, title="Reports", kind="topic", by=sec)
    return first, second


def test_a_token_is_required_and_only_the_right_one_works(world: World) -> None:
    _agenda(world)
    path = "/conferences/third-congress/projector/next-item"
    assert _post(None, path).status_code == 401
    assert _post("not-a-token", path).status_code == 401
    token = projector.projector_token_rotate(conference=world.conference, by=world.sec)
    stored = ProjectorToken.objects.get(conference=world.conference)
    assert token not in stored.digest and len(stored.digest) == 64  # stored hashed
    # A user's session is no projector token: the desk's routes know only the token.
    chair = Client()
    chair.force_login(world.sec)
    assert chair.post("/api/v1" + path).status_code == 401
    response = _post(token, path)
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Opening"
    assert _post(token, path).json()["title"] == "Reports"
    assert _post(token, path).status_code == 422  # no item after the last one


def test_a_token_of_another_conference_is_refused(world: World) -> None:
    _agenda(world)
    other = cs.conference_create(
        key="fourth-congress", series=world.conference.series, number=4, kind="congress",
        convening_body=world.cc, format="in_person", venue="Harbor Hall",
        starts_on=dt.date(2027, 9, 1), by=world.sec,
    )  # fmt: skip
    theirs = projector.projector_token_rotate(conference=other, by=world.sec)
    response = _post(theirs, "/conferences/third-congress/projector/next-item")
    assert response.status_code == 401
    assert _post(theirs, "/conferences/no-such-conference/projector/clear").status_code == 401


def test_rotating_invalidates_the_old_token(world: World) -> None:
    _agenda(world)
    old = projector.projector_token_rotate(conference=world.conference, by=world.sec)
    new = projector.projector_token_rotate(conference=world.conference, by=world.sec)
    assert old != new
    path = "/conferences/third-congress/projector/clear"
    assert _post(old, path).status_code == 401
    assert _post(new, path).status_code == 200
    projector.projector_token_revoke(conference=world.conference, by=world.sec)
    assert _post(new, path).status_code == 401
    rows = AuditEntry.objects.filter(action__startswith="projector_token.").order_by("id")
    actions = list(rows.values_list("action", flat=True))
    assert actions == ["projector_token.issued"] * 2 + ["projector_token.revoked"]


def test_the_desk_runs_speakers_results_and_messages(world: World) -> None:
    first, _second = _agenda(world)
    c, sec, p = world.conference, world.sec, world.participants
    token = projector.projector_token_rotate(conference=c, by=sec)
    key = "/conferences/third-congress/projector"
    assert _post(token, f"{key}/speaker/start").status_code == 422  # no current item
    cs.agenda_item_set_current(item=first, by=sec)
    assert _post(token, f"{key}/speaker/start").status_code == 422  # nobody waiting
    cs.speaker_request(item=first, participant=p["tanaka"], by=world.users["tanaka"])
    cs.speaker_request(item=first, participant=p["rivera"], by=world.users["rivera"])
    started = _post(token, f"{key}/speaker/start")
    assert started.status_code == 200 and started.json()["person"] == "Aiko Tanaka"
    assert _post(token, f"{key}/speaker/stop").json()["state"] == "done"
    assert _post(token, f"{key}/speaker/stop").status_code == 422  # nobody speaking
    shown = _post(token, f"{key}/message", {"message": "Coffee break until 11:00"})
    assert shown.json() == {"message": "Coffee break until 11:00", "result": False}
    assert _post(token, f"{key}/message", {"message": "two\nlines"}).status_code == 422
    assert _post(token, f"{key}/result").json() == {"message": "", "result": True}
    assert _post(token, f"{key}/clear").json() == {"message": "", "result": False}
    # Each control is the same service as the console's: audited in the issuer's name.
    started_rows = AuditEntry.objects.filter(action="speaker.started")
    assert [row.actor_id for row in started_rows] == [sec.pk]
    assert JournalEntry.objects.filter(kind="projector.shown").count() == 3


def test_the_issuer_who_lost_the_chair_takes_the_token_s_power_with_them(world: World) -> None:
    _agenda(world)
    token = projector.projector_token_rotate(conference=world.conference, by=world.sec)
    world.sec.groups.clear()
    response = _post(token, "/conferences/third-congress/projector/next-item")
    assert response.status_code == 404


def test_the_token_page_shows_a_new_token_once(world: World) -> None:
    url = reverse("conference-projector-token", args=["third-congress"])
    assert Client().get(url).status_code == 404
    member = Client()
    member.force_login(world.users["lee"])
    assert member.get(url).status_code == 404
    chair = Client()
    chair.force_login(world.sec)
    assert "No token is issued" in chair.get(url).content.decode()
    response = chair.post(url, {"action": "rotate"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = response.context["issued"]
    assert token and token in response.content.decode()
    assert token not in chair.get(url).content.decode()
    assert _post(token, "/conferences/third-congress/projector/clear").status_code == 200
    assert chair.post(url, {"action": "revoke"}).status_code == 302
    assert not ProjectorToken.objects.exists()


def test_the_console_s_message_appears_on_the_projector(world: World) -> None:
    c, sec = world.conference, world.sec
    chair = Client()
    chair.force_login(sec)
    act = reverse("conference-act", args=[c.key])
    screen = reverse("conference-projector", args=[c.key])
    assert chair.post(act, {"action": "projector_message", "message": "Welcome, delegates"})
    assert "Welcome, delegates" in Client().get(screen).content.decode()
    # The projector shows the result of the last vote the public may see.
    from chapterhouse.voting import services as vs

    poll = vs.poll_create(
        conference=c, title="Adopt the report", subject="motion", secrecy="named",
        require_presence=False, by=sec,
    )  # fmt: skip
    vs.poll_open(poll=poll, by=sec)
    vs.poll_close(poll=poll, by=sec)
    chair.post(act, {"action": "projector_result"})
    text = Client().get(screen).content.decode()
    assert "Welcome, delegates" not in text and "Adopt the report" in text
    assert "Not adopted." in text
    chair.post(act, {"action": "projector_clear"})
    text = Client().get(screen).content.decode()
    assert "Adopt the report" not in text and "projector-notice" not in text


def test_an_internal_conference_s_message_is_not_the_public_s(world: World) -> None:
    Conference.objects.filter(pk=world.conference.pk).update(visibility="internal")
    world.conference.refresh_from_db()
    projector.projector_show(conference=world.conference, message="Members only", by=world.sec)
    member = Client()
    member.force_login(world.users["lee"])
    screen = reverse("conference-projector", args=["third-congress"])
    # An internal conference's screen is for its members: it shows them the chair's message.
    assert Client().get(screen).status_code == 404
    assert "Members only" in member.get(screen).content.decode()


def test_the_projector_never_shows_an_internal_item_s_result(world: World) -> None:
    from chapterhouse.voting import services as vs

    c, sec = world.conference, world.sec
    inner = cs.agenda_item_add(conference=c, title="Inner", kind="topic", is_internal=True, by=sec)
    poll = vs.poll_create(
        conference=c, item=inner, title="Inner vote", subject="motion", secrecy="named",
        require_presence=False, by=sec,
    )  # fmt: skip
    vs.poll_open(poll=poll, by=sec)
    vs.poll_close(poll=poll, by=sec)
    projector.projector_show(conference=c, result=True, by=sec)
    screen = reverse("conference-projector", args=[c.key])
    assert "Inner vote" not in Client().get(screen).content.decode()
    shown = projector.projector_display(conference=c, level="members")
    assert shown.result_title == "Inner vote"
