"""The minutes, built from the journal: the DESIGN.md scenario in order, the PDF, what the
public may not read, regenerated as the journal grows, and the page's query budget."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chapterhouse.conferences import services as cs
from chapterhouse.conferences.events import CHAIR, MEMBERS, PUBLIC
from chapterhouse.conferences.minutes import minutes_for, result_view
from chapterhouse.core.audit import audit_head, audit_verify
from chapterhouse.people.services import ResponsibilitySpec, duty_create, position_create
from chapterhouse.voting import services as vs
from tests.conferences.conftest import World

pytestmark = pytest.mark.django_db

HIDDEN = "Zq7 hidden marker"


def _scenario(world: World) -> None:
    """The opening session of the Third Congress (tests/conferences/test_scenario.py), with
    the vote approving the agenda, a hidden item and an unpublished speech."""
    c, sec, p, persons = world.conference, world.sec, world.participants, world.persons
    chair = position_create(key="chair", name="Chair", single_holder=True, by=sec)
    member = position_create(key="member", name="Member", by=sec)
    organizing = duty_create(key="organizing-work", name="organizing work", by=sec)
    coverage = duty_create(key="information-coverage", name="information coverage", by=sec)
    session = cs.session_add(
        conference=c, starts_at=dt.datetime(2026, 9, 1, 10, tzinfo=dt.UTC), by=sec
    )
    cs.session_open(session=session, by=sec)
    cs.participants_check_in(
        conference=c, persons=[persons[k] for k in ("okafor", "rivera", "tanaka", "guest")], by=sec
    )
    opening = cs.agenda_item_add(conference=c, title="Opening", kind="procedural", by=sec)
    letters = cs.agenda_item_add(
        conference=c, title="Greetings", kind="letters", parent=opening, by=sec
    )
    remarks = cs.agenda_item_add(
        conference=c, title="Opening remarks", kind="speech", parent=opening, by=sec
    )
    approval = cs.agenda_item_add(
        conference=c, title="Approval of the agenda", kind="procedural", by=sec
    )
    hidden = cs.agenda_item_add(
        conference=c, title=f"{HIDDEN} item", kind="topic", is_hidden=True, by=sec
    )
    cs.agenda_item_set_current(item=opening, by=sec)
    cs.conference_appointment_make(
        conference=c, person=persons["rivera"], body=world.prep, position=chair,
        starts_on=dt.date(2026, 8, 20), appointed_by=persons["okafor"],
        responsibilities=[ResponsibilitySpec(duty=organizing, branch=world.chile)], by=sec,
    )  # fmt: skip
    cs.conference_appointment_make(
        conference=c, person=persons["tanaka"], body=world.prep, position=member,
        starts_on=dt.date(2026, 8, 20), appointed_by=persons["okafor"],
        responsibilities=[
            ResponsibilitySpec(duty=organizing, country="JP"), ResponsibilitySpec(duty=coverage),
        ],
        by=sec,
    )  # fmt: skip
    cs.agenda_item_set_current(item=letters, by=sec)
    for partner in world.partners:
        letter = cs.letter_register(
            key=f"greeting-{partner.key}", direction="in", subject=f"Greetings from {partner}",
            dated_on=dt.date(2026, 8, 28), partner=partner, occasion="Third Congress", by=sec,
        )  # fmt: skip
        cs.letter_present(letter=letter, item=letters, by=sec)
    cs.agenda_item_mark_done(item=letters, by=sec)
    cs.agenda_item_set_current(item=remarks, by=sec)
    cs.speech_record(
        conference=c, item=remarks, speaker=persons["okafor"], title="Opening remarks",
        text="Dear delegates,\n\nwelcome to the **Third Congress**.", published=True, by=sec,
    )  # fmt: skip
    cs.speech_record(
        conference=c, item=remarks, speaker=persons["rivera"], title="Word of thanks",
        text=f"{HIDDEN} unpublished text", published=False, by=sec,
    )  # fmt: skip
    cs.agenda_item_mark_done(item=remarks, by=sec)
    cs.agenda_item_set_current(item=hidden, by=sec)
    cs.speech_record(
        conference=c, item=hidden, speaker=persons["lee"], title=f"{HIDDEN} speech",
        text="t", published=True, by=sec,
    )  # fmt: skip
    cs.agenda_item_set_current(item=approval, by=sec)
    first = cs.speaker_request(item=approval, participant=p["tanaka"], by=world.users["tanaka"])
    cs.speaker_start(request=first, seconds=120, by=sec)
    cs.speaker_stop(request=first, by=sec)
    poll = vs.poll_create(
        conference=c, item=approval, title="Approval of the agenda", subject="agenda_approval",
        secrecy="named", require_presence=False, by=sec,
    )  # fmt: skip
    vs.poll_open(poll=poll, by=sec)
    for who, choice in (("okafor", "yes"), ("rivera", "no"), ("tanaka", "yes")):
        vs.ballot_cast(
            poll=poll, participant=p[who], client_key=f"client-key-{who:>08}", choice=choice,
            by=world.users[who],
        )  # fmt: skip
    vs.poll_close(poll=poll, by=sec)
    cs.agenda_item_mark_done(item=approval, by=sec)
    cs.session_close(session=session, by=sec)
    cs.conference_state_change(conference=c, state="closed", by=sec)


def _positions(text: str, needles: list[str]) -> list[int]:
    found = [text.find(n) for n in needles]
    missing = [n for n, at in zip(needles, found, strict=True) if at < 0]
    assert missing == [], missing
    return found


STEPS = [
    "Minutes of the Third Congress",
    "Harbor Hall",
    "formation day",
    "3 of 4 entitled to vote present.",
    "Session 1 was opened.",
    "Session 1 was closed.",
    "The conference was closed.",
    "Opening",
    "Tomás Rivera was appointed Chair, Preparatory Committee.",
    "organizing work (Chile)",
    "Aiko Tanaka was appointed Member, Preparatory Committee.",
    "organizing work (Japan)",
    "information coverage",
    "Greetings",
    "Letter presented: “Greetings from Dockers&#x27; Union”, from Dockers&#x27; Union.",
    "Letter presented: “Greetings from Seafarers&#x27; Federation”",
    "Opening remarks",
    "Speech by Mira Okafor: “Opening remarks”.",
    "welcome to the <strong>Third Congress</strong>.",
    "Speech by Tomás Rivera: “Word of thanks”.",
    "Approval of the agenda",
    "Aiko Tanaka had the floor",
    "Vote: “Approval of the agenda”.",
    "yes 3, no 1, abstentions 0.",
    "Adopted.",
    "The agenda was approved.",
]


def test_the_minutes_hold_each_step_of_the_scenario_in_order(world: World) -> None:
    _scenario(world)
    public = Client().get(reverse("conference-minutes", args=[world.conference.key]))
    assert public.status_code == 200
    text = public.content.decode()
    found = _positions(text, STEPS)
    by_place = sorted(zip(STEPS, found, strict=True), key=lambda pair: pair[1])
    assert found == sorted(found), [step for step, _at in by_place]
    # The public reads how many took part, not who; nothing hidden, nothing unpublished.
    assert "Guest Speaker" not in text and "1 present" in text
    assert HIDDEN not in text
    assert "Min Lee" not in text
    # The chair reads the hidden item and the participants by name.
    chair = Client()
    chair.force_login(world.sec)
    text = chair.get(reverse("conference-minutes", args=[world.conference.key])).content.decode()
    assert f"{HIDDEN} item" in text and f"{HIDDEN} speech" in text
    assert "Guest Speaker" in text and "Dockers&#x27; Union:" in text
    assert f"{HIDDEN} unpublished text" not in text  # a speech's text only once published


def test_the_minutes_end_with_the_audit_head_that_verifies(world: World) -> None:
    _scenario(world)
    rows, head = audit_head()
    text = Client().get(reverse("conference-minutes", args=["third-congress"])).content.decode()
    assert f"--expect-head {head}" in text
    assert f"held {rows} rows" in text
    assert audit_verify(expect_head=head).broken is None
    assert re.search(r"Read at <time datetime=\"\d{4}-\d\d-\d\dT", text)


def test_the_pdf_is_a_pdf_with_the_minutes_text(world: World) -> None:
    from pypdf import PdfReader

    cache.clear()
    _scenario(world)
    response = Client().get(reverse("conference-minutes-pdf", args=["third-congress"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    for needle in (
        "Minutes of the Third Congress",
        "Greetings from Dockers' Union",
        "Tomás Rivera was appointed Chair",
        "Vote: “Approval of the agenda”",
        "Third Congress",
        "verify-audit",
    ):
        assert needle in text, needle
    assert HIDDEN.lower() not in text.lower()


def test_the_minutes_grow_with_the_journal(world: World) -> None:
    cache.clear()
    c, sec = world.conference, world.sec
    url = reverse("conference-minutes", args=[c.key])
    pdf_url = reverse("conference-minutes-pdf", args=[c.key])
    item = cs.agenda_item_add(conference=c, title="Reports", kind="topic", by=sec)
    cs.agenda_item_set_current(item=item, by=sec)
    client = Client()
    assert "Speech by" not in client.get(url).content.decode()
    first_pdf = client.get(pdf_url).content
    cs.speech_record(
        conference=c, item=item, speaker=world.persons["lee"], title="Report of the treasurer",
        text="All accounts balanced.", published=True, by=sec,
    )  # fmt: skip
    text = client.get(url).content.decode()
    assert "Speech by Min Lee: “Report of the treasurer”." in text
    assert "All accounts balanced." in text
    second_pdf = client.get(pdf_url).content
    assert second_pdf != first_pdf
    assert second_pdf[:5] == b"%PDF-"


def test_an_internal_conference_s_minutes_are_not_the_public_s(world: World) -> None:
    from chapterhouse.conferences.models import Conference

    Conference.objects.filter(pk=world.conference.pk).update(visibility="internal")
    url = reverse("conference-minutes", args=[world.conference.key])
    assert Client().get(url).status_code == 404
    assert Client().get(reverse("conference-minutes-pdf", args=["third-congress"])).status_code == (
        404
    )
    member = Client()
    member.force_login(world.users["lee"])
    assert member.get(url).status_code == 200


def test_the_levels_read_what_the_journal_shows_them(world: World) -> None:
    c, sec = world.conference, world.sec
    inner = cs.agenda_item_add(
        conference=c, title="Inner matters", kind="topic", is_internal=True, by=sec
    )
    cs.agenda_item_set_current(item=inner, by=sec)
    cs.speech_record(
        conference=c, item=inner, speaker=world.persons["lee"], title="Inner speech",
        text="Inner text.", published=True, by=sec,
    )  # fmt: skip
    public = minutes_for(conference=c, level=PUBLIC)
    members = minutes_for(conference=c, level=MEMBERS)
    chair = minutes_for(conference=c, level=CHAIR)
    assert [i.title for i in public.items] == []
    assert [i.title for i in members.items] == ["Inner matters"]
    assert [r.kind for r in members.items[0].records] == ["opened", "speech"]
    assert members.items[0].records[1].text_html == "<p>Inner text.</p>\n"
    assert chair.last_id == members.last_id


def test_a_result_is_read_from_its_payload() -> None:
    motion = result_view({"status": "decided", "yes": "41", "no": "2", "abstain": "3",
                          "adopted": True, "tied": False})  # fmt: skip
    assert motion.counts == (("yes", "41"), ("no", "2")) and motion.adopted is True
    assert motion.tied == ()
    election = result_view(
        {"status": "decided", "elected": ["Rivera"], "tied": [], "abstain": "1",
         "counts": [["Rivera", "3"], ["Tanaka", "2"]]}
    )  # fmt: skip
    assert election.adopted is None and election.elected == ("Rivera",)
    assert election.counts == (("Rivera", "3"), ("Tanaka", "2"))


def test_the_minutes_page_has_a_query_budget(world: World) -> None:
    """A fixed number of queries, however long the journal."""
    c, sec = world.conference, world.sec
    chair = Client()
    chair.force_login(User.objects.get(username="sec"))
    url = reverse("conference-minutes", args=[c.key])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert chair.get(url).status_code == 200
        return len(queries)

    item = cs.agenda_item_add(conference=c, title="Reports", kind="topic", by=sec)
    cs.agenda_item_set_current(item=item, by=sec)
    cs.speech_record(
        conference=c, item=item, speaker=world.persons["lee"], title="Report", text="Text.",
        published=True, by=sec,
    )  # fmt: skip
    small = count()
    for n in range(5):
        cs.speech_record(
            conference=c, item=item, speaker=world.persons["lee"], title=f"Report {n}",
            text="Text.", published=True, by=sec,
        )  # fmt: skip
        added = cs.agenda_item_add(conference=c, title=f"Item {n}", kind="topic", by=sec)
        cs.agenda_item_set_current(item=added, by=sec)
    assert count() == small
    assert small <= 16
