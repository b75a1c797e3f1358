"""The conferences API: reads by level, the chair's actions, a delegate asking to speak."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import SpeakerRequest
from tests.conferences.conftest import World
from tests.helpers import api_items

pytestmark = pytest.mark.django_db
BASE = "/api/v1/conferences/third-congress"


def _client(w: World, who: str | None) -> Client:
    client = Client()
    if who == "sec":
        client.force_login(w.sec)
    elif who is not None:
        client.force_login(w.users[who])
    return client


def _post(client: Client, path: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(path, data or {}, content_type="application/json")


@pytest.fixture
def items(world: World) -> dict[str, Any]:
    c, sec = world.conference, world.sec
    return {
        "open": cs.agenda_item_add(conference=c, title="Opening", kind="procedural", by=sec),
        "inner": cs.agenda_item_add(
            conference=c, title="Members only", kind="topic", is_internal=True, by=sec
        ),
        "hidden": cs.agenda_item_add(
            conference=c, title="Chair only", kind="topic", is_hidden=True, by=sec
        ),
    }


def test_the_agenda_by_level(world: World, items: dict[str, Any]) -> None:
    titles = {
        who: [i["title"] for i in _client(world, who).get(f"{BASE}/agenda").json()]
        for who in (None, "guest", "rivera", "sec")
    }
    assert titles[None] == titles["guest"] == ["Opening"]
    assert titles["rivera"] == ["Opening", "Members only"]
    assert titles["sec"] == ["Opening", "Members only", "Chair only"]


def test_a_hidden_current_item_is_not_on_the_public_projector(
    world: World, items: dict[str, Any]
) -> None:
    cs.agenda_item_set_current(item=items["hidden"], by=world.sec)
    public = _client(world, None).get(f"{BASE}/projector").json()
    assert public["item"] is None and "Chair only" not in str(public)
    chair = _client(world, "sec").get(f"{BASE}/projector").json()
    assert chair["item"]["title"] == "Chair only"


def test_participants_and_speaking_time_are_for_the_chair(world: World) -> None:
    assert _client(world, "rivera").get(f"{BASE}/participants").status_code == 404
    assert _client(world, None).get(f"{BASE}/speaking-time").status_code == 404
    page = _client(world, "sec").get(f"{BASE}/participants?limit=2").json()
    assert len(api_items(page)) == 2 and page["next_cursor"]
    rest = _client(world, "sec").get(f"{BASE}/participants?cursor={page['next_cursor']}").json()
    assert len(api_items(rest)) == 3 and rest["next_cursor"] is None


def test_a_delegate_asks_to_speak_for_themselves(world: World, items: dict[str, Any]) -> None:
    url = f"{BASE}/agenda/{items['open'].pk}/speakers"
    answer = _post(_client(world, "rivera"), url)
    assert answer.status_code == 201, answer.content
    assert answer.json()["person"] == "Tomás Rivera"
    twice = _post(_client(world, "rivera"), url)
    assert twice.status_code == 422
    # Someone else's participation: not theirs to use.
    other = _post(_client(world, "rivera"), url, {"participant": world.participants["lee"].pk})
    assert other.status_code == 404
    assert _post(_client(world, None), url).status_code == 404
    assert SpeakerRequest.objects.count() == 1


def test_the_chair_runs_the_list(world: World, items: dict[str, Any]) -> None:
    chair = _client(world, "sec")
    item = items["open"]
    assert _post(chair, f"{BASE}/agenda/{item.pk}/current").status_code == 200
    made = _post(
        chair, f"{BASE}/agenda/{item.pk}/speakers", {"participant": world.participants["lee"].pk}
    ).json()
    started = _post(chair, f"{BASE}/speakers/{made['id']}/start", {"seconds": 60})
    assert started.status_code == 200 and started.json()["state"] == "speaking"
    assert _client(world, None).get(f"{BASE}/projector").json()["countdown_seconds"] == 60
    assert _post(chair, f"{BASE}/speakers/{made['id']}/stop").json()["state"] == "done"
    # A delegate cannot start anyone.
    again = _post(
        chair, f"{BASE}/agenda/{item.pk}/speakers", {"participant": world.participants["lee"].pk}
    ).json()
    assert _post(_client(world, "lee"), f"{BASE}/speakers/{again['id']}/start").status_code == 404
    assert (
        _post(_client(world, "lee"), f"{BASE}/speakers/{again['id']}/withdraw").status_code == 200
    )


def test_check_in_by_api_refuses_someone_not_invited(world: World) -> None:
    chair = _client(world, "sec")
    bad = _post(chair, f"{BASE}/check-in", {"persons": ["rivera", "outsider"]})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "persons", 1]
    good = _post(chair, f"{BASE}/check-in", {"branch": "japan"})
    assert good.json() == {"checked_in": 2}
    assert (
        _post(_client(world, "rivera"), f"{BASE}/check-in", {"branch": "chile"}).status_code == 404
    )


def test_state_changes_by_api(world: World) -> None:
    chair = _client(world, "sec")
    assert _post(chair, f"{BASE}/state", {"state": "adjourned"}).json()["state"] == "adjourned"
    refused = _post(chair, f"{BASE}/state", {"state": "planned"})
    assert refused.status_code == 422
    assert _post(_client(world, "tanaka"), f"{BASE}/state", {"state": "open"}).status_code == 404


def test_an_internal_conference_is_not_found_by_the_public(world: World) -> None:
    cs.conference_update(conference=world.conference, visibility="internal", by=world.sec)
    assert _client(world, None).get(BASE).status_code == 404
    assert _client(world, "guest").get(f"{BASE}/agenda").status_code == 404
    assert _client(world, "rivera").get(BASE).json()["viewer_level"] == "members"
    assert _client(world, None).get("/api/v1/conferences").json()["items"] == []
