"""The voting API over the real HTTP path: the chair's actions, a delegate's ballot with its
retry, refusals with their status, and what each viewer reads of a secret poll."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from chapterhouse.conferences import services as cs
from chapterhouse.voting.models import Ballot, VoterMark
from tests.conferences.conftest import World, build

pytestmark = pytest.mark.django_db
BASE = "/api/v1/conferences/third-congress"


@pytest.fixture
def w() -> World:
    world = build()
    cs.participants_check_in(
        conference=world.conference,
        persons=[world.persons[k] for k in ("okafor", "rivera", "tanaka", "lee")],
        by=world.sec,
    )
    return world


def _client(w: World, who: str | None) -> Client:
    client = Client()
    if who == "sec":
        client.force_login(w.sec)
    elif who is not None:
        client.force_login(w.users[who])
    return client


def _post(client: Client, path: str, data: dict[str, Any] | None = None, **headers: str) -> Any:
    return client.post(path, data or {}, content_type="application/json", headers=headers)


def _open_poll(w: World, **settings: Any) -> int:
    chair = _client(w, "sec")
    made = _post(chair, f"{BASE}/polls", {"title": "Adopt the report", **settings})
    assert made.status_code == 201, made.content
    poll = made.json()["id"]
    opened = _post(chair, f"{BASE}/polls/{poll}/open")
    assert opened.status_code == 200, opened.content
    return int(poll)


def test_a_ballot_its_retry_and_a_second_ballot(w: World) -> None:
    poll = _open_poll(w)
    lee = _client(w, "lee")
    path = f"{BASE}/polls/{poll}/ballots"
    first = _post(lee, path, {"choice": "yes"}, **{"Idempotency-Key": "device-key-000001"})
    assert first.status_code == 201, first.content
    receipts = first.json()["receipts"]
    assert len(receipts) == 1 and len(receipts[0]["receipt"]) == 16
    again = _post(lee, path, {"choice": "yes"}, **{"Idempotency-Key": "device-key-000001"})
    assert again.status_code == 200 and again.json()["receipts"] == receipts
    assert again.json()["repeated"] is True
    other = _post(lee, path, {"choice": "no", "client_key": "device-key-000002"})
    assert other.status_code == 409
    assert Ballot.objects.count() == 1 and VoterMark.objects.count() == 1


def test_refusals_have_their_status(w: World) -> None:
    poll = _open_poll(w)
    path = f"{BASE}/polls/{poll}/ballots"
    assert _post(_client(w, None), path, {"choice": "yes"}).status_code in (401, 404)
    guest = _post(_client(w, "guest"), path, {"choice": "yes", "client_key": "guest-key-0000001"})
    assert guest.status_code == 403  # a participant without a voting right
    bad = _post(_client(w, "lee"), path, {"choice": "maybe", "client_key": "lee-key-000000001"})
    assert bad.status_code == 422
    no_key = _post(_client(w, "lee"), path, {"choice": "yes"})
    assert no_key.status_code == 422
    for action in ("open", "close", "cancel"):
        assert _post(_client(w, "lee"), f"{BASE}/polls/{poll}/{action}").status_code == 404
    assert not Ballot.objects.exists()


def test_a_secret_poll_shows_counts_to_the_chair_only_and_never_who_voted_what(w: World) -> None:
    poll = _open_poll(w)
    _post(
        _client(w, "lee"), f"{BASE}/polls/{poll}/ballots", {"choice": "yes", "client_key": "k" * 16}
    )
    _post(
        _client(w, "rivera"),
        f"{BASE}/polls/{poll}/ballots",
        {"choice": "no", "client_key": "r" * 16},
    )
    chair = _client(w, "sec").get(f"{BASE}/polls/{poll}").json()
    delegate = _client(w, "tanaka").get(f"{BASE}/polls/{poll}").json()
    public = _client(w, None).get(f"{BASE}/polls/{poll}").json()
    assert chair["cast"] == delegate["cast"] == public["cast"] == 2
    assert chair["counts"]["yes"] == "1.000" and chair["counts"]["no"] == "1.000"
    assert delegate["counts"] is None and public["counts"] is None
    assert delegate["result"] is None
    assert "pseudoanonymous" in chair["secrecy_note"]
    for body in (chair, delegate, public):
        assert "lee" not in str(body) and "rivera" not in str(body)
    closed = _post(_client(w, "sec"), f"{BASE}/polls/{poll}/close").json()
    assert closed["result"]["status"] == "tied"
    again = _post(_client(w, "sec"), f"{BASE}/polls/{poll}/close").json()
    assert again["result"] == closed["result"]
    # Receipts are not published unless the poll says so.
    assert _client(w, "sec").get(f"{BASE}/polls/{poll}/receipts").status_code == 404


def test_published_receipts_list_every_ballot_and_no_voter(w: World) -> None:
    poll = _open_poll(w, publish_receipts=True, secrecy="secret")
    mine = {}
    for who in ("lee", "rivera", "okafor"):
        made = _post(
            _client(w, who),
            f"{BASE}/polls/{poll}/ballots",
            {"choice": "yes", "client_key": f"{who}-key-{'0' * 10}"},
        )
        mine[who] = made.json()["receipts"][0]["receipt"]
    assert _client(w, None).get(f"{BASE}/polls/{poll}/receipts").status_code == 404  # still open
    _post(_client(w, "sec"), f"{BASE}/polls/{poll}/close")
    listed = _client(w, None).get(f"{BASE}/polls/{poll}/receipts").json()
    assert sorted(r["receipt"] for r in listed) == sorted(mine.values())
    assert all(set(r) == {"receipt", "choice"} for r in listed)
    assert len(listed) == VoterMark.objects.count()


def test_drafts_are_the_chairs(w: World) -> None:
    made = _post(_client(w, "sec"), f"{BASE}/polls", {"title": "Draft motion"})
    poll = made.json()["id"]
    assert _client(w, "lee").get(f"{BASE}/polls/{poll}").status_code == 404
    assert _client(w, "lee").get(f"{BASE}/polls").json() == []
    patched = _client(w, "sec").patch(
        f"{BASE}/polls/{poll}", {"title": "Better motion"}, content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["title"] == "Better motion"
    assert _post(_client(w, "lee"), f"{BASE}/polls", {"title": "x"}).status_code == 404


def test_a_delegate_casts_split_votes_over_http(w: World) -> None:
    lee, tanaka = w.participants["lee"], w.participants["tanaka"]
    made = _post(
        _client(w, "lee"), f"{BASE}/delegations", {"delegator": lee.pk, "delegate": tanaka.pk}
    )
    assert made.status_code == 201, made.content
    poll = _open_poll(w, allow_delegation=True, forbid_delegator=True)
    refused = _post(
        _client(w, "lee"), f"{BASE}/polls/{poll}/ballots", {"choice": "yes", "client_key": "l" * 16}
    )
    assert refused.status_code == 403
    split = {str(tanaka.pk): "yes", str(lee.pk): "no"}
    cast = _post(
        _client(w, "tanaka"),
        f"{BASE}/polls/{poll}/ballots",
        {"split": split, "client_key": "t" * 16},
    )
    assert cast.status_code == 201, cast.content
    assert {r["voter"] for r in cast.json()["receipts"]} == {lee.pk, tanaka.pk}


def test_paper_counts_over_http(w: World) -> None:
    poll = _open_poll(w, paper_allowed=True, require_presence=False)
    chair = _client(w, "sec")
    bad = _post(chair, f"{BASE}/polls/{poll}/paper", {"counts": {"yes": 2}, "handed_in": 1})
    assert bad.status_code == 422
    assert _post(chair, f"{BASE}/polls/{poll}/close").status_code == 422
    ok = _post(chair, f"{BASE}/polls/{poll}/paper", {"counts": {"yes": 2, "no": 1}, "handed_in": 3})
    assert ok.status_code == 200, ok.content
    result = _post(chair, f"{BASE}/polls/{poll}/close").json()["result"]
    assert result["paper"]["yes"] == "2" and result["status"] == "adopted"


def test_the_logs_hold_no_choice_of_a_secret_ballot(
    w: World, caplog: pytest.LogCaptureFixture
) -> None:
    poll = _open_poll(w, method="single_choice", options=["Ana-option", "Bo-option"])
    with caplog.at_level("DEBUG"):
        made = _post(
            _client(w, "lee"),
            f"{BASE}/polls/{poll}/ballots",
            {"choice": "Bo-option", "client_key": "log-check-key-0001"},
        )
    assert made.status_code == 201
    assert caplog.records  # the request line is logged
    logged = "\n".join(r.getMessage() + str(r.__dict__) for r in caplog.records)
    assert "Bo-option" not in logged and made.json()["receipts"][0]["receipt"] not in logged
