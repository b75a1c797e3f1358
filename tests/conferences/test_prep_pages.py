"""The preparation pages: each refuses exactly what its service refuses (the service's own
message at the field), writes nothing when it refuses, and is 404 for whoever may not use it.
The letters register, publishing a speech later, invitations with their QR code and the
check-in link they carry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import segno
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.models import AgendaItem, Conference, Letter, Participant, Session
from chapterhouse.core.models import AuditEntry
from chapterhouse.people import errors as people_msg

from .conftest import World, build

pytestmark = pytest.mark.django_db


def client_for(w: World, who: str | None) -> Client:
    client = Client()
    if who == "sec":
        client.force_login(w.sec)
    elif who is not None:
        client.force_login(w.users[who])
    return client


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 200, response
    return {k: list(v) for k, v in response.context["form"].errors.items()}


def conference_data(**changes: Any) -> dict[str, Any]:
    data = {
        "key": "fourth-congress",
        "series": "congress",
        "number": "4",
        "kind": "congress",
        "convening_body": "cc",
        "preparatory_body": "",
        "presidium": "",
        "format": "in_person",
        "venue": "Harbor Hall",
        "meeting_link": "",
        "occasion": "",
        "starts_on": "2027-09-01",
        "ends_on": "2027-09-03",
        "visibility": "public",
        "quorum_percent": "50",
        "default_speaking_seconds": "300",
    }
    data.update(changes)
    return data


def participant_data(person: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"person": person, "roles": ["delegate"], "weight": "1"}
    data.update(changes)
    return data


def pages(w: World) -> list[str]:
    key = w.conference.key
    guest = w.participants["guest"]
    return [
        reverse("conference-create"),
        reverse("conference-edit", args=[key]),
        reverse("conference-preparation", args=[key]),
        reverse("conference-session-add", args=[key]),
        reverse("conference-agenda-add", args=[key]),
        reverse("conference-participant-add", args=[key]),
        reverse("conference-participant-import", args=[key]),
        reverse("participant-edit", args=[guest.pk]),
        reverse("letter-list"),
        reverse("letter-create"),
    ]


# --- who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "rivera", "okafor"])
def test_a_delegate_a_member_and_the_public_get_404(world: World, who: str | None) -> None:
    client = client_for(world, who)
    for url in pages(world):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code in (404, 405), url  # 405: a page to read
    assert Session.objects.count() == 0
    assert Letter.objects.count() == 0


def test_the_secretariat_sees_every_page(world: World) -> None:
    client = client_for(world, "sec")
    for url in pages(world):
        assert client.get(url).status_code == 200, url


def test_a_presidium_member_prepares_the_conference_but_creates_none(world: World) -> None:
    """The chair level (the presidium's members) prepares its conference; creating one and
    the letters register are the secretariat's."""
    from chapterhouse.people.services import appointment_make, position_create

    position = position_create(key="member", name="Member", by=world.sec)
    appointment_make(
        person=world.persons["lee"], body=world.cc, position=position,
        starts_on=dt.date(2026, 1, 1), by=world.sec,
    )  # fmt: skip
    cs.conference_update(conference=world.conference, presidium=world.cc, by=world.sec)
    lee = client_for(world, "lee")
    key = world.conference.key
    assert lee.get(reverse("conference-preparation", args=[key])).status_code == 200
    assert lee.get(reverse("conference-edit", args=[key])).status_code == 200
    assert lee.get(reverse("conference-create")).status_code == 404
    assert lee.get(reverse("letter-list")).status_code == 404


# --- the conference -------------------------------------------------------------------------


def test_creating_a_conference(world: World) -> None:
    response = client_for(world, "sec").post(reverse("conference-create"), conference_data())
    assert response.status_code == 302
    made = Conference.objects.get(key="fourth-congress")
    assert response["Location"] == reverse("conference-preparation", args=[made.key])
    assert (made.number, made.venue, made.ends_on) == (4, "Harbor Hall", dt.date(2027, 9, 3))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"ends_on": "2027-08-31"},
            "ends_on",
            msg.ENDS_BEFORE_START.format(ends_on="2027-08-31", starts_on="2027-09-01"),
        ),
        ({"venue": ""}, "venue", msg.FORMAT_NEEDS_VENUE),
        ({"format": "online"}, "meeting_link", msg.FORMAT_NEEDS_LINK),
        (
            {"number": "3"},
            "number",
            msg.NUMBER_TAKEN.format(series="Congress", number=3, key="third-congress"),
        ),
    ],
)
def test_creating_refuses_what_the_service_refuses(
    world: World, changes: dict[str, str], field: str, message: str
) -> None:
    audited = AuditEntry.objects.count()
    response = client_for(world, "sec").post(
        reverse("conference-create"), conference_data(**changes)
    )
    assert message in errors_of(response)[field]
    assert not Conference.objects.filter(key="fourth-congress").exists()
    assert AuditEntry.objects.count() == audited


def _edit_data(client: Client, w: World, **changes: str) -> dict[str, Any]:
    from tests.test_unchanged_edits import submitted_values

    page = client.get(reverse("conference-edit", args=[w.conference.key]))
    data: dict[str, Any] = submitted_values(page.content.decode())
    data.update(changes)
    return data


def test_editing_a_conference_changes_what_the_form_shows(world: World) -> None:
    client = client_for(world, "sec")
    url = reverse("conference-edit", args=[world.conference.key])
    audited = AuditEntry.objects.count()
    assert client.post(url, _edit_data(client, world)).status_code == 302
    assert AuditEntry.objects.count() == audited  # saved unchanged: nothing written
    assert client.post(url, _edit_data(client, world, venue="New Hall")).status_code == 302
    world.conference.refresh_from_db()
    assert world.conference.venue == "New Hall"
    assert world.conference.meeting_link == "https://meet.example.org/third"
    response = client.post(url, _edit_data(client, world, ends_on="2026-08-01"))
    assert (
        msg.ENDS_BEFORE_START.format(ends_on="2026-08-01", starts_on="2026-09-01")
        in (errors_of(response)["ends_on"])
    )


# --- sessions, agenda -----------------------------------------------------------------------


def test_adding_sessions(world: World) -> None:
    client = client_for(world, "sec")
    url = reverse("conference-session-add", args=[world.conference.key])
    assert client.post(url, {"starts_at": "2026-09-01T09:00"}).status_code == 302
    assert client.post(url, {"starts_at": "2026-09-02T09:00"}).status_code == 302
    assert list(world.conference.sessions.values_list("number", flat=True)) == [1, 2]
    response = client.post(url, {"starts_at": "2026-09-03T09:00", "number": "2"})
    assert msg.SESSION_NUMBER_TAKEN.format(number=2) in errors_of(response)["number"]
    assert world.conference.sessions.count() == 2


def test_adding_agenda_items_under_a_hidden_one(world: World) -> None:
    client = client_for(world, "sec")
    url = reverse("conference-agenda-add", args=[world.conference.key])
    data = {"title": "Closed door", "kind": "topic", "planned_minutes": "30", "is_hidden": "on"}
    assert client.post(url, data).status_code == 302
    top = AgendaItem.objects.get(title="Closed door")
    assert top.is_hidden and top.planned_minutes == 30
    page = client.get(url).content.decode()
    assert f'value="{top.pk}"' in page  # offered as a parent
    child = {"title": "Inside", "kind": "procedural", "planned_minutes": "0", "parent": top.pk}
    assert client.post(url, child).status_code == 302
    inside = AgendaItem.objects.get(title="Inside")
    assert inside.parent_id == top.pk and inside.is_hidden  # the service's rule
    refused = client.post(url, {"title": "", "kind": "topic", "planned_minutes": "0"})
    assert "title" in errors_of(refused)


# --- participants ---------------------------------------------------------------------------


def test_adding_a_participant(world: World) -> None:
    client = client_for(world, "sec")
    url = reverse("conference-participant-add", args=[world.conference.key])
    data = participant_data(
        "outsider", roles=["observer"], represents_partner="seafarers", weight="0.5"
    )
    assert client.post(url, data).status_code == 302
    made = Participant.objects.get(conference=world.conference, person__key="outsider")
    assert made.roles == ["observer"]
    assert made.represents_partner is not None and made.weight == Decimal("0.5")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            participant_data("okafor"),
            "person",
            msg.ALREADY_PARTICIPANT.format(person="Mira Okafor"),
        ),
        (participant_data("outsider", roles=[]), "roles", msg.NEEDS_A_ROLE),
        (
            participant_data("outsider", represents_branch="chile", represents_partner="dockers"),
            "represents_partner",
            msg.REPRESENTS_ONE,
        ),
        (
            participant_data("nobody-at-all"),
            "person",
            people_msg.UNKNOWN_PERSON.format(key="nobody-at-all"),
        ),
    ],
)
def test_adding_refuses_what_the_service_refuses(
    world: World, data: dict[str, Any], field: str, message: str
) -> None:
    before = Participant.objects.count()
    url = reverse("conference-participant-add", args=[world.conference.key])
    response = client_for(world, "sec").post(url, data)
    assert message in errors_of(response)[field]
    assert Participant.objects.count() == before


def test_editing_a_participant(world: World) -> None:
    client = client_for(world, "sec")
    rivera = world.participants["rivera"]
    url = reverse("participant-edit", args=[rivera.pk])
    data = {"roles": ["delegate", "official"], "voting_right": "on", "weight": "3",
            "represents_branch": "chile"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    rivera.refresh_from_db()
    assert rivera.roles == ["delegate", "official"] and rivera.weight == Decimal(3)
    response = client.post(url, {**data, "roles": []})
    assert msg.NEEDS_A_ROLE in errors_of(response)["roles"]
    rivera.refresh_from_db()
    assert rivera.roles == ["delegate", "official"]


# --- the CSV import -------------------------------------------------------------------------

HEADER = "person,roles,voting_right,weight,branch\n"
FIXED = HEADER + "outsider,delegate,yes,1,chile\n"
BAD = FIXED + "okafor,delegate,maybe,1,\n"


def test_the_preview_shows_every_bad_row_and_writes_nothing(world: World) -> None:
    client = client_for(world, "sec")
    url = reverse("conference-participant-import", args=[world.conference.key])
    before, audited = Participant.objects.count(), AuditEntry.objects.count()
    for action in ("preview", "import"):  # an import of a bad file is a preview too
        response = client.post(url, {"text": BAD, "action": action})
        assert response.status_code == 200
        rows = [(e.line, e.field) for e in response.context["preview"].errors]
        assert rows == [(3, "person"), (3, "voting_right")]
        page = response.content.decode()
        assert "maybe" in page and "Import 1 participant" not in page
        assert Participant.objects.count() == before
        assert AuditEntry.objects.count() == audited
    # The file comes back in the text box, to be fixed there.
    assert response.context["form"].initial["text"] == BAD


def test_a_fixed_file_is_previewed_then_imported(world: World) -> None:
    client = client_for(world, "sec")
    url = reverse("conference-participant-import", args=[world.conference.key])
    upload = SimpleUploadedFile("participants.csv", FIXED.encode(), content_type="text/csv")
    preview = client.post(url, {"file": upload, "action": "preview"})
    assert preview.context["preview"].errors == []
    assert "Import 1 participant" in preview.content.decode()
    assert not Participant.objects.filter(person__key="outsider").exists()
    done = client.post(url, {"text": FIXED, "action": "import"})
    assert done.status_code == 302
    made = Participant.objects.get(conference=world.conference, person__key="outsider")
    assert made.voting_right and made.represents_branch == world.chile


def test_a_file_that_is_not_text_is_refused(world: World) -> None:
    url = reverse("conference-participant-import", args=[world.conference.key])
    upload = SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad", content_type="text/csv")
    response = client_for(world, "sec").post(url, {"file": upload, "action": "preview"})
    assert errors_of(response)["__all__"]


# --- speeches -------------------------------------------------------------------------------


def test_publishing_a_recorded_speech_later(world: World) -> None:
    speech = cs.speech_record(
        conference=world.conference, speaker=world.persons["okafor"], title="Remarks",
        text="Words.", by=world.sec,
    )  # fmt: skip
    url = reverse("speech-publish", args=[speech.pk])
    assert client_for(world, "okafor").post(url).status_code == 404
    assert client_for(world, None).post(url).status_code == 404
    speech.refresh_from_db()
    assert not speech.published
    page = client_for(world, "sec").get(
        reverse("conference-preparation", args=[world.conference.key])
    )
    assert f'action="{url}"' in page.content.decode()
    assert client_for(world, "sec").get(url).status_code == 405
    assert client_for(world, "sec").post(url).status_code == 302
    speech.refresh_from_db()
    assert speech.published


# --- letters --------------------------------------------------------------------------------


def letter_data(**changes: Any) -> dict[str, Any]:
    data = {"key": "greeting", "direction": "in", "subject": "Greetings",
            "dated_on": "2026-08-20", "partner": "dockers", "person": "", "body": "cc"}  # fmt: skip
    data.update(changes)
    return data


def test_registering_letters_and_the_register(world: World) -> None:
    client = client_for(world, "sec")
    assert client.post(reverse("letter-create"), letter_data()).status_code == 302
    out = letter_data(
        key="reply", direction="out", subject="Our thanks", partner="", person="guest", body=""
    )
    assert client.post(reverse("letter-create"), out).status_code == 302
    both = client.post(reverse("letter-create"), letter_data(key="x", person="guest"))
    assert msg.LETTER_CORRESPONDENT in errors_of(both)["partner"]
    neither = client.post(reverse("letter-create"), letter_data(key="y", partner=""))
    assert msg.LETTER_CORRESPONDENT in errors_of(neither)["partner"]
    taken = client.post(reverse("letter-create"), letter_data())
    assert errors_of(taken)["key"]
    assert Letter.objects.count() == 2
    listed = client.get(reverse("letter-list")).content.decode()
    assert "Greetings" in listed and "Our thanks" in listed
    incoming = client.get(reverse("letter-list"), {"direction": "in"}).content.decode()
    assert "Greetings" in incoming and "Our thanks" not in incoming
    cs.letter_void(letter=Letter.objects.get(key="reply"), reason="error", by=world.sec)
    assert "Our thanks" not in client.get(reverse("letter-list")).content.decode()


# --- invitations and check-in ---------------------------------------------------------------


def test_a_guest_and_the_chair_see_the_invitation_with_its_qr_code(world: World) -> None:
    guest = world.participants["guest"]
    assert guest.invitation_token
    url = reverse("participant-invitation", args=[guest.pk])
    link = "http://testserver" + reverse("conference-check-in-link", args=[guest.invitation_token])
    expected = segno.make(link, error="m").svg_inline(scale=5, omitsize=True)
    path = expected.split(' d="', 1)[1].split('"', 1)[0]
    for who in ("guest", "sec"):
        page = client_for(world, who).get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert path in text and "<svg" in text  # the code encodes exactly the link
        assert link in text
    for other in (None, "rivera", "okafor"):
        assert client_for(world, other).get(url).status_code == 404
    edit = client_for(world, "sec").get(reverse("participant-edit", args=[guest.pk]))
    assert path in edit.content.decode()


def test_a_guest_finds_the_invitation_even_at_a_members_only_conference(world: World) -> None:
    guest = world.participants["guest"]
    url = reverse("participant-invitation", args=[guest.pk])
    delegate_page = client_for(world, "guest").get(
        reverse("conference-delegate", args=[world.conference.key])
    )
    assert url in delegate_page.content.decode()
    cs.conference_update(conference=world.conference, visibility="internal", by=world.sec)
    assert client_for(world, "guest").get(url).status_code == 200
    assert client_for(world, "rivera").get(url).status_code == 404
    assert client_for(world, None).get(url).status_code == 404


def test_a_delegate_without_a_token_has_no_code(world: World) -> None:
    rivera = world.participants["rivera"]
    page = client_for(world, "rivera").get(reverse("participant-invitation", args=[rivera.pk]))
    assert page.status_code == 200
    assert '<svg role="img"' not in page.content.decode()


def test_opening_the_link_checks_the_guest_in_once(world: World) -> None:
    guest = world.participants["guest"]
    url = reverse("conference-check-in-link", args=[guest.invitation_token])
    anyone = Client()  # the guest's phone, not logged in
    shown = anyone.get(url)
    assert shown.status_code == 200 and "Guest Speaker" in shown.content.decode()
    guest.refresh_from_db()
    assert guest.checked_in_at is None  # opening the link writes nothing
    done = anyone.post(url)
    assert done.status_code == 200 and "checked in" in done.content.decode()
    guest.refresh_from_db()
    assert guest.checked_in_at is not None
    again = anyone.get(url)
    assert again.status_code == 200 and "already used" in again.content.decode()
    assert anyone.post(url).status_code == 409


def test_a_wrong_token_is_said_plainly(world: World) -> None:
    response = Client().get(reverse("conference-check-in-link", args=["not-a-token"]))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_closed_conference_checks_no_one_in(db: None) -> None:
    w = build()
    cs.conference_state_change(conference=w.conference, state="closed", by=w.sec)
    guest = w.participants["guest"]
    response = Client().post(reverse("conference-check-in-link", args=[guest.invitation_token]))
    assert response.status_code == 409
    assert "closed" in response.content.decode()
    guest.refresh_from_db()
    assert guest.checked_in_at is None


def test_the_main_navigation_links_the_conferences(world: World) -> None:
    page = Client().get(reverse("home")).content.decode()
    assert f'href="{reverse("conference-list")}"' in page
