"""The conferences API's writes (preparing a conference, participants, the CSV import and its
preview, agenda, speeches, letters) and voiding/restoring speeches and letters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from chapterhouse.conferences import events as ev
from chapterhouse.conferences import selectors
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import (
    AgendaItem,
    Conference,
    Letter,
    LetterPresentation,
    Participant,
    Speech,
)
from chapterhouse.core.models import AuditEntry
from tests.conferences.conftest import World

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


def _patch(client: Client, path: str, data: dict[str, Any]) -> Any:
    return client.patch(path, data, content_type="application/json")


def test_a_conference_is_created_and_corrected(world: World) -> None:
    sec = _client(world, "sec")
    made = _post(
        sec,
        "/api/v1/conferences",
        {
            "key": "fourth-congress",
            "series": "congress",
            "number": 4,
            "kind": "congress",
            "convening_body": "cc",
            "format": "online",
            "meeting_link": "https://meet.example.org/fourth",
            "starts_on": "2028-09-01",
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["title"] == "Fourth Congress"
    # The same number in the series again: the service's refusal, nothing written.
    again = _post(
        sec,
        "/api/v1/conferences",
        {
            "key": "fourth-again",
            "series": "congress",
            "number": 4,
            "kind": "congress",
            "convening_body": "cc",
            "format": "online",
            "meeting_link": "https://meet.example.org/x",
            "starts_on": "2028-09-01",
        },
    )
    assert again.status_code == 422
    unknown = _post(
        sec,
        "/api/v1/conferences",
        {
            "key": "x",
            "series": "nope",
            "number": 9,
            "kind": "congress",
            "convening_body": "nobody",
            "format": "online",
            "meeting_link": "https://meet.example.org/x",
            "starts_on": "2028-09-01",
        },
    )
    assert unknown.status_code == 422
    assert not Conference.objects.filter(key__in=["fourth-again", "x"]).exists()
    # A member may not create one (404, as for anything not theirs).
    assert _post(_client(world, "rivera"), "/api/v1/conferences", {}).status_code == 404
    changed = _patch(sec, "/api/v1/conferences/fourth-congress", {"venue": "Dock Hall"})
    assert changed.status_code == 200 and changed.json()["venue"] == "Dock Hall"
    # A hybrid conference without a venue is refused as the service refuses it.
    bad = _patch(sec, f"{BASE}", {"venue": ""})
    assert bad.status_code == 422
    assert Conference.objects.get(key="third-congress").venue == "Harbor Hall"
    assert _patch(_client(world, "rivera"), BASE, {"venue": "x"}).status_code == 404


def test_sessions_and_participants(world: World) -> None:
    sec = _client(world, "sec")
    session = _post(sec, f"{BASE}/sessions", {"starts_at": "2026-09-01T10:00:00Z"})
    assert session.status_code == 201 and session.json()["number"] == 1
    added = _post(
        sec,
        f"{BASE}/participants",
        {"participants": [{"person": "outsider", "roles": ["observer"]}]},
    )
    assert added.status_code == 201, added.content
    assert added.json()[0]["roles"] == ["observer"]
    twice = _post(
        sec,
        f"{BASE}/participants",
        {"participants": [{"person": "outsider", "roles": ["observer"]}]},
    )
    assert twice.status_code == 422
    bad_role = _post(
        sec,
        f"{BASE}/participants",
        {"participants": [{"person": "guest", "roles": ["king"]}]},
    )
    assert bad_role.status_code == 422
    pid = world.participants["guest"].pk
    updated = _post(sec, f"{BASE}/participants/{pid}", {"roles": ["guest", "observer"]})
    assert updated.status_code == 200
    assert updated.json()["roles"] == ["guest", "observer"]
    both = _post(sec, f"{BASE}/participants/{pid}", {"branch": "chile"})
    assert both.status_code == 422  # represents a partner already: one at most
    assert Participant.objects.get(pk=pid).represents_branch is None
    assert _post(_client(world, "rivera"), f"{BASE}/participants/{pid}", {}).status_code == 404


def test_the_csv_preview_returns_every_bad_row_and_writes_nothing(world: World) -> None:
    sec = _client(world, "sec")
    text = "person,roles\noutsider,delegate\nnobody,delegate\nrivera,king\n"
    count = Participant.objects.count()
    preview = _post(sec, f"{BASE}/participant-import/preview", {"text": text})
    assert preview.status_code == 200
    body = preview.json()
    assert body["ok"] is False
    assert {e["line"] for e in body["errors"]} >= {3, 4}
    refused = _post(sec, f"{BASE}/participant-import", {"text": text})
    assert refused.json()["ok"] is False
    assert Participant.objects.count() == count
    good = _post(sec, f"{BASE}/participant-import", {"text": "person,roles\noutsider,observer\n"})
    assert good.json() == {"ok": True, "participants": 1, "errors": []}
    assert Participant.objects.count() == count + 1


def test_agenda_add_and_move_refuse_an_item_under_itself(world: World) -> None:
    sec = _client(world, "sec")
    top = _post(sec, f"{BASE}/agenda", {"title": "Greetings", "kind": "letters"}).json()
    child = _post(
        sec, f"{BASE}/agenda", {"title": "Letters", "kind": "letters", "parent": top["id"]}
    ).json()
    assert child["parent"] == top["id"]
    under_itself = _post(
        sec, f"{BASE}/agenda/{top['id']}/move", {"parent": child["id"], "position": 0}
    )
    assert under_itself.status_code == 422
    assert AgendaItem.objects.get(pk=top["id"]).parent_id is None
    moved = _post(sec, f"{BASE}/agenda/{child['id']}/move", {"parent": None, "position": 0})
    assert moved.status_code == 200 and moved.json()["parent"] is None
    assert _post(_client(world, "rivera"), f"{BASE}/agenda", {"title": "x"}).status_code == 404


def test_speeches_and_letters_through_the_api(world: World) -> None:
    sec = _client(world, "sec")
    item = cs.agenda_item_add(
        conference=world.conference, title="Greetings", kind="letters", by=world.sec
    )
    speech = _post(
        sec,
        f"{BASE}/speeches",
        {"speaker": "okafor", "title": "Opening remarks", "text": "Comrades", "item": item.pk},
    )
    assert speech.status_code == 201 and speech.json()["published"] is False
    published = _post(sec, f"{BASE}/speeches/{speech.json()['id']}/publish")
    assert published.json()["published"] is True
    letter = _post(
        sec,
        "/api/v1/letters",
        {
            "key": "dockers-greeting",
            "direction": "in",
            "subject": "Greetings",
            "dated_on": "2026-08-30",
            "partner": "dockers",
        },
    )
    assert letter.status_code == 201, letter.content
    no_one = _post(
        sec,
        "/api/v1/letters",
        {"key": "x", "direction": "in", "subject": "x", "dated_on": "2026-08-30"},
    )
    assert no_one.status_code == 422 and not Letter.objects.filter(key="x").exists()
    presented = _post(sec, f"{BASE}/agenda/{item.pk}/letters", {"letter": "dockers-greeting"})
    assert presented.status_code == 201
    twice = _post(sec, f"{BASE}/agenda/{item.pk}/letters", {"letter": "dockers-greeting"})
    assert twice.status_code == 422
    assert LetterPresentation.objects.count() == 1
    cs.conference_state_change(conference=world.conference, state="adjourned", by=world.sec)
    cs.conference_state_change(conference=world.conference, state="closed", by=world.sec)
    cs.letter_register(
        key="late",
        direction="in",
        subject="Late",
        dated_on=dt.date(2026, 9, 5),
        partner=world.partners[1],
        by=world.sec,
    )
    closed = _post(sec, f"{BASE}/agenda/{item.pk}/letters", {"letter": "late"})
    assert closed.status_code == 422
    assert LetterPresentation.objects.count() == 1


def _speech_and_letter(world: World) -> tuple[Speech, Letter]:
    item = cs.agenda_item_add(
        conference=world.conference, title="Greetings", kind="letters", by=world.sec
    )
    speech = cs.speech_record(
        conference=world.conference,
        speaker=world.persons["okafor"],
        title="Voidmark remarks",
        text="x",
        item=item,
        published=True,
        by=world.sec,
    )
    letter = cs.letter_register(
        key="voidmark-letter",
        direction="in",
        subject="Voidmark greeting",
        dated_on=dt.date(2026, 8, 30),
        partner=world.partners[0],
        by=world.sec,
    )
    cs.letter_present(letter=letter, item=item, by=world.sec)
    return speech, letter


def _titles(world: World, level: str) -> list[str]:
    shown = []
    for event in selectors.journal_for(conference=world.conference, level=level):
        if isinstance(event, ev.SpeechDelivered | ev.SpeechPublished):
            shown.append(event.title)
        if isinstance(event, ev.LetterPresented):
            shown.append(event.subject)
    return shown


def test_void_and_restore_a_speech_and_a_letter(world: World) -> None:
    speech, letter = _speech_and_letter(world)
    assert len(_titles(world, ev.PUBLIC)) == 3
    with pytest.raises(Exception) as needs_reason:
        cs.speech_void(speech=speech, reason=" ", by=world.sec)
    assert "reason" in getattr(needs_reason.value, "message_dict", {})
    cs.speech_void(speech=speech, reason="wrong speaker", by=world.sec)
    cs.letter_void(letter=letter, reason="typed twice", by=world.sec)
    assert not Speech.objects.filter(pk=speech.pk).exists()
    assert not Letter.objects.filter(pk=letter.pk).exists()
    # Gone from the journal as the public and the members see it; the chair level still sees it.
    assert _titles(world, ev.PUBLIC) == [] and _titles(world, ev.MEMBERS) == []
    assert len(_titles(world, ev.CHAIR)) == 3
    assert selectors.speech_list(conference=world.conference, level=ev.CHAIR) == []
    with pytest.raises(Exception) as twice:
        cs.speech_void(speech=Speech.all_objects.get(pk=speech.pk), reason="again", by=world.sec)
    assert "reason" in getattr(twice.value, "message_dict", {})
    # A participant who is not of the chair level may not void.
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied, refused before any write)
        cs.speech_restore(speech=Speech.all_objects.get(pk=speech.pk), by=world.users["rivera"])
    cs.speech_restore(speech=Speech.all_objects.get(pk=speech.pk), by=world.sec)
    cs.letter_restore(letter=Letter.all_objects.get(pk=letter.pk), by=world.sec)
    assert len(_titles(world, ev.PUBLIC)) == 3
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"speech.voided", "speech.restored", "letter.voided", "letter.restored"} <= actions


def test_the_pages_and_the_api_void_and_restore(world: World) -> None:
    speech, letter = _speech_and_letter(world)
    sec = _client(world, "sec")
    rivera = _client(world, "rivera")
    url = f"/speeches/{speech.pk}/void/"
    assert sec.get(url).status_code == 200
    assert rivera.get(url).status_code == 404
    assert "reason" in sec.post(url, {"reason": ""}).context["form"].errors
    assert sec.post(url, {"reason": "wrong speaker"}).status_code == 302
    assert sec.post(f"/letters/{letter.key}/void/", {"reason": "twice"}).status_code == 302
    voided = sec.get("/voided/").content.decode()
    assert "Voidmark remarks" in voided and "Voidmark greeting" in voided
    assert f"/speeches/{speech.pk}/restore/" in voided
    assert f"/letters/{letter.key}/restore/" in voided
    assert rivera.post(f"/speeches/{speech.pk}/restore/").status_code == 404
    restored = sec.post(f"/speeches/{speech.pk}/restore/")
    assert restored.status_code == 302 and restored["Location"] == "/voided/"
    assert sec.post(f"/letters/{letter.key}/restore/").status_code == 302
    assert Speech.objects.filter(pk=speech.pk).exists()
    assert Letter.objects.filter(pk=letter.pk).exists()
    # The API.
    path = f"{BASE}/speeches/{speech.pk}"
    assert _post(rivera, f"{path}/void", {"reason": "x"}).status_code == 404
    voided_api = _post(sec, f"{path}/void", {"reason": "wrong speaker"})
    assert voided_api.status_code == 200 and voided_api.json()["voided_reason"] == "wrong speaker"
    assert _post(sec, f"{path}/void", {"reason": "again"}).status_code == 404
    assert _post(sec, f"{path}/restore").status_code == 200
    assert _post(sec, f"/api/v1/letters/{letter.key}/void", {"reason": "x"}).status_code == 200
    assert _post(sec, f"/api/v1/letters/{letter.key}/restore").json()["key"] == letter.key


def test_hostile_input_is_refused_and_nothing_is_written(world: World) -> None:
    sec = _client(world, "sec")
    speeches, letters = Speech.all_objects.count(), Letter.all_objects.count()
    participants, items = Participant.objects.count(), AgendaItem.objects.count()
    refused = [
        _post(sec, f"{BASE}/speeches", {"speaker": "okafor", "title": "Nul\x00byte"}),
        _post(sec, f"{BASE}/speeches", {"speaker": "okafor", "title": "x" * 301}),
        _post(sec, f"{BASE}/speeches", {"speaker": "nobody", "title": "Remarks"}),
        _post(sec, f"{BASE}/speeches", {"speaker": "okafor", "title": "R", "item": 10**9}),
        _post(
            sec,
            "/api/v1/letters",
            {
                "key": "big",
                "direction": "in",
                "subject": "s",
                "dated_on": "2026-08-30",
                "partner": "dockers",
                "text": "x" * 50_001,
            },
        ),
        _post(
            sec,
            "/api/v1/letters",
            {
                "key": "both",
                "direction": "in",
                "subject": "s",
                "dated_on": "2026-08-30",
                "partner": "dockers",
                "person": "okafor",
            },
        ),
        _post(sec, f"{BASE}/agenda", {"title": "T\x00", "kind": "topic"}),
        _post(sec, f"{BASE}/agenda", {"title": "T", "kind": "topic", "planned_minutes": 10**6}),
        _post(sec, f"{BASE}/participant-import", {"text": "person,roles\n\x00,delegate\n"}),
        _post(
            sec,
            f"{BASE}/participants",
            {"participants": [{"person": "outsider", "roles": ["delegate"], "weight": "-1"}]},
        ),
    ]
    statuses = [r.status_code for r in refused]
    # An unknown item is not found (404); everything else is refused by field (422).
    assert statuses == [422, 422, 422, 404, 422, 422, 422, 422, 422, 422], statuses
    assert Speech.all_objects.count() == speeches and Letter.all_objects.count() == letters
    assert Participant.objects.count() == participants and AgendaItem.objects.count() == items
