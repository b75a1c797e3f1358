"""The conference scope through the real endpoint: each level gets its own version of an
event, live and in the backlog, and nothing of a hidden item reaches the others."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client

from chapterhouse.conferences import services as cs
from tests.conferences.conftest import World, build
from tests.live.helpers import live_server, open_stream

pytestmark = pytest.mark.django_db(transaction=True)

SCOPE = "conference:third-congress"


@pytest.fixture
def port() -> Iterator[int]:
    if connection.vendor != "postgresql":
        pytest.skip("the server's threads read while the test writes: run with DATABASE_URL")
    with live_server() as found:
        yield found


def session(w: World, who: str) -> str:
    client = Client()
    client.force_login(w.sec if who == "sec" else w.users[who])
    return client.cookies["sessionid"].value


def test_a_hidden_item_made_current_reaches_each_level_as_it_may_see_it(port: int) -> None:
    w = build()
    hidden = cs.agenda_item_add(
        conference=w.conference, title="Hidden business", kind="topic", is_hidden=True, by=w.sec
    )
    streams = {
        "public": open_stream(port, SCOPE),
        "member": open_stream(port, SCOPE, cookie=session(w, "rivera")),
        "chair": open_stream(port, SCOPE, cookie=session(w, "sec")),
    }
    assert all(s.status == 200 for s in streams.values())
    time.sleep(0.2)  # followed from now: let the streams join before committing
    cs.agenda_item_set_current(item=hidden, by=w.sec)
    chair = streams["chair"].events(1)[0]
    assert chair.kind == "item.opened" and "Hidden business" in chair.data
    for name in ("public", "member"):
        got = streams[name].events(1)[0]
        assert got.id == chair.id and got.kind == "item.opened"
        assert "Hidden business" not in got.data
        assert '"item":null' in got.data
    for stream in streams.values():
        stream.close()
    # The backlog gives the same versions.
    replay = open_stream(port, SCOPE, last_id=chair.id - 1)
    got = replay.events(1)[0]
    assert got.id == chair.id and "Hidden business" not in got.data
    replay.close()


def test_a_stream_of_a_missing_conference_is_404(port: int) -> None:
    build()
    stream = open_stream(port, "conference:no-such")
    assert stream.status == 404
    stream.close()
