"""The motions' forms: the list, submitting a motion, supporting it, the chair's moves and
recommendation, proposing an amendment. Each form refuses exactly what the service refuses,
with the service's own reason, and writes nothing then."""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import motion_services as ms
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.motions import Amendment, Motion, MotionSupporter
from chapterhouse.core.models import AuditEntry
from chapterhouse.people.services import membership_start
from tests.conferences.conftest import World, make_person

BASE = "/conferences/third-congress/motions/"
TEXT = (
    "The congress resolves that every branch holds a general meeting once a year and elects "
    "its committee there.\n\nThe committee reports to the congress."
)


def client(world: World, key: str) -> Client:
    c = Client()
    c.force_login(world.sec if key == "sec" else world.users[key])
    return c


def submitted(world: World, title: str = "Annual meetings", by: str = "rivera") -> Motion:
    return ms.motion_submit(
        conference=world.conference,
        title=title,
        text=TEXT,
        submitter_persons=[world.persons[by]],
        by=world.sec,
    )


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def shows(response: Any, message: str) -> bool:
    return escape(message) in page(response)


def outsider(world: World) -> Client:
    """A member of the organization who does not take part in the conference."""
    user = User.objects.create_user(username="member")
    person = make_person("member", "Member Outside", user=user)
    membership_start(person=person, starts_on=dt.date(2020, 1, 1), by=world.sec)
    c = Client()
    c.force_login(user)
    return c


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_the_motions_and_filters_them_by_state(world: World) -> None:
    first = submitted(world)
    ms.motion_support(motion=first, person=world.persons["tanaka"], by=world.sec)
    ms.motion_support(motion=first, person=world.persons["lee"], by=world.sec)
    ms.motion_admit(motion=first, by=world.sec)
    submitted(world, "A second motion", by="okafor")
    html = page(Client().get(BASE))
    assert "M 1" in html and "Annual meetings" in html and "A second motion" in html
    assert "Tomás Rivera" in html and "Mira Okafor" in html
    assert '<td data-label="Supporters">2</td>' in html
    assert f'href="{BASE}1/"' in html
    admitted = page(Client().get(BASE + "?state=admitted"))
    assert "Annual meetings" in admitted and "A second motion" not in admitted
    assert "No motion is in that state." in page(Client().get(BASE + "?state=adopted"))
    assert Client().get(BASE + "?state=bogus").status_code == 200  # unread: every state
    # Reached from the conference's page; the submit button only for those who may submit.
    assert f'href="{BASE}"' in page(Client().get("/conferences/third-congress/"))
    assert f'href="{BASE}new/"' not in html
    assert f'href="{BASE}new/"' in page(client(world, "rivera").get(BASE))


def test_an_internal_conference_hides_its_motion_pages(world: World) -> None:
    motion = ms.motion_admit(motion=submitted(world), by=world.sec)
    ms.amendment_submit(
        motion=motion, line_from=1, text="Changed.", submitter_branch=world.chile, by=world.sec
    )
    cs.conference_update(conference=world.conference, visibility="internal", by=world.sec)
    for path in ("", "new/", "1/", "1/amend/", "1/amendments/1/"):
        assert Client().get(BASE + path).status_code == 404, path
    assert client(world, "guest").get(BASE).status_code == 404  # a guest: not a member
    assert client(world, "rivera").get(BASE + "1/amendments/1/").status_code == 200


# --- submitting ----------------------------------------------------------------------------


def test_a_delegate_submits_a_motion_in_their_own_name(world: World) -> None:
    rivera = client(world, "rivera")
    form = page(rivera.get(BASE + "new/"))
    assert 'name="submitters"' not in form and 'name="branch"' not in form
    response = rivera.post(
        BASE + "new/",
        # A value the form did not show is not read: the delegate submits for themselves.
        {"title": "Mine", "text": "A short text.", "reason": "Why.", "submitters": ["okafor"]},
    )
    assert response.status_code == 302 and response["Location"] == BASE + "1/"
    motion = Motion.objects.get()
    assert [p.key for p in motion.submitter_persons.all()] == ["rivera"]
    assert (motion.title, motion.text, motion.reason) == ("Mine", "A short text.", "Why.")
    assert "M 1 is submitted." in page(rivera.get(BASE + "1/"))


def test_whoever_does_not_take_part_may_not_submit(world: World) -> None:
    member = outsider(world)
    data = {"title": "t", "text": "x"}
    assert member.get(BASE + "new/").status_code == 404
    assert member.post(BASE + "new/", data).status_code == 404
    assert Client().post(BASE + "new/", data).status_code == 404
    assert not Motion.objects.exists()


def test_the_chair_names_the_submitters_and_the_service_refuses_none(world: World) -> None:
    chair = client(world, "sec")
    form = page(chair.get(BASE + "new/"))
    assert 'value="rivera"' in form and 'value="chile"' in form and 'value="cc"' in form
    assert 'value="outsider"' not in form  # not taking part: not offered
    refused = chair.post(BASE + "new/", {"title": "t", "text": "x"})
    assert shows(refused, str(msg.MOTION_NO_SUBMITTER))
    assert (
        not Motion.objects.exists()
        and not AuditEntry.objects.filter(action="motion.submitted").exists()
    )
    empty = chair.post(BASE + "new/", {"title": "t", "text": " \n ", "branch": "chile"})
    assert shows(empty, str(msg.MOTION_EMPTY)) and not Motion.objects.exists()
    made = chair.post(
        BASE + "new/",
        {"title": "For Chile", "text": "x", "branch": "chile", "submitters": ["tanaka"]},
    )
    assert made.status_code == 302
    motion = Motion.objects.get()
    assert motion.submitter_branch == world.chile
    assert [p.key for p in motion.submitter_persons.all()] == ["tanaka"]
    unknown = chair.post(BASE + "new/", {"title": "t", "text": "x", "submitters": ["outsider"]})
    assert unknown.status_code == 200 and Motion.objects.count() == 1


def test_a_closed_conference_takes_no_motion(world: World) -> None:
    cs.conference_state_change(conference=world.conference, state="closed", by=world.sec)
    refused = client(world, "rivera").post(BASE + "new/", {"title": "t", "text": "x"})
    assert shows(refused, str(msg.CLOSED))
    assert not Motion.objects.exists()


# --- supporting ----------------------------------------------------------------------------


def support(c: Client, action: str = "support", number: int = 1) -> Any:
    return c.post(f"{BASE}{number}/support/", {"action": action}, follow=True)


def test_a_delegate_supports_and_withdraws_their_support(world: World) -> None:
    submitted(world)
    tanaka = client(world, "tanaka")
    assert "Support this motion" in page(tanaka.get(BASE + "1/"))
    html = page(support(tanaka))
    assert "You support M 1." in html and "Withdraw my support" in html
    assert list(MotionSupporter.objects.values_list("person__key", flat=True)) == ["tanaka"]
    again = support(tanaka)
    assert shows(again, msg.MOTION_ALREADY_SUPPORTED.format(person="Aiko Tanaka", motion="M 1"))
    assert MotionSupporter.objects.count() == 1
    assert "You no longer support M 1." in page(support(tanaka, "unsupport"))
    assert not MotionSupporter.objects.exists()
    refused = support(tanaka, "unsupport")
    assert shows(refused, msg.MOTION_NOT_SUPPORTED.format(person="Aiko Tanaka", motion="M 1"))
    assert "could not be read" in page(support(tanaka, "bogus"))


def test_no_support_once_admitted_and_none_from_outside(world: World) -> None:
    motion = submitted(world)
    member = outsider(world)
    assert "Support this motion" not in page(member.get(BASE + "1/"))
    assert member.post(BASE + "1/support/", {"action": "support"}).status_code == 404
    assert Client().post(BASE + "1/support/", {"action": "support"}).status_code == 404
    assert not MotionSupporter.objects.exists()
    ms.motion_admit(motion=motion, by=world.sec)
    tanaka = client(world, "tanaka")
    assert "Support this motion" not in page(tanaka.get(BASE + "1/"))
    refused = support(tanaka)
    assert shows(refused, msg.MOTION_NOT_SUBMITTED.format(motion="M 1", state="admitted"))
    assert not MotionSupporter.objects.exists()


# --- the chair's moves ---------------------------------------------------------------------


def move(c: Client, state: str, number: int = 1) -> Any:
    return c.post(f"{BASE}{number}/state/", {"state": state}, follow=True)


def test_too_few_supporters_to_admit(world: World) -> None:
    ms.motion_workflow_update(conference=world.conference, min_supporters=2, by=world.sec)
    motion = submitted(world)
    ms.motion_support(motion=motion, person=world.persons["tanaka"], by=world.sec)
    chair = client(world, "sec")
    assert "1 supporter · 2 needed for admission" in page(chair.get(BASE + "1/"))
    refused = move(chair, "admitted")
    assert shows(refused, msg.MOTION_TOO_FEW_SUPPORTERS.format(motion="M 1", count=1, minimum=2))
    motion.refresh_from_db()
    assert motion.state == "submitted" and motion.line_width is None
    ms.motion_support(motion=motion, person=world.persons["lee"], by=world.sec)
    assert "M 1 is admitted." in page(move(chair, "admitted"))
    motion.refresh_from_db()
    assert motion.state == "admitted" and motion.line_width == 80


def test_only_the_moves_the_workflow_allows_are_offered_and_taken(world: World) -> None:
    motion = submitted(world)
    chair = client(world, "sec")
    html = page(chair.get(BASE + "1/"))
    offered = html.split('name="state"')[1].split("</select>")[0]
    assert 'value="admitted"' in offered and 'value="rejected"' in offered
    assert 'value="withdrawn"' in offered and 'value="adopted"' not in offered
    refused = move(chair, "adopted")  # not from "submitted" at this conference
    assert shows(
        refused,
        msg.MOTION_BAD_TRANSITION.format(motion="M 1", current="submitted", target="adopted"),
    )
    assert "Choose the state" in page(move(chair, "bogus"))
    assert "Choose the state" in page(move(chair, ""))
    motion.refresh_from_db()
    assert motion.state == "submitted"
    assert "M 1 is rejected." in page(move(chair, "rejected"))
    html = page(chair.get(BASE + "1/"))
    assert "The workflow leads nowhere from this state." in html
    assert 'name="state"' not in html


def test_only_the_chair_moves_a_motion(world: World) -> None:
    submitted(world)
    rivera = client(world, "rivera")
    html = page(rivera.get(BASE + "1/"))
    assert "Change the state" not in html and "Save the recommendation" not in html
    assert rivera.post(BASE + "1/state/", {"state": "admitted"}).status_code == 404
    assert rivera.post(BASE + "1/recommend/", {"recommendation": "x"}).status_code == 404
    assert Motion.objects.get().state == "submitted"
    assert client(world, "sec").post(BASE + "9/state/", {"state": "admitted"}).status_code == 404


def test_the_recommendation_saved_unchanged_writes_nothing(world: World) -> None:
    submitted(world)
    chair = client(world, "sec")
    saved = chair.post(BASE + "1/recommend/", {"recommendation": "Adopt.\r\n"}, follow=True)
    assert "The recommendation is saved." in page(saved)
    assert Motion.objects.get().recommendation == "Adopt."
    before = AuditEntry.objects.count()
    again = chair.post(BASE + "1/recommend/", {"recommendation": "Adopt."}, follow=True)
    assert "The recommendation is unchanged." in page(again)
    assert AuditEntry.objects.count() == before


# --- amendments ----------------------------------------------------------------------------


def amend(c: Client, number: int = 1, **data: Any) -> Any:
    return c.post(f"{BASE}{number}/amend/", data)


def test_an_amendment_outside_the_text_is_refused(world: World) -> None:
    motion = ms.motion_admit(motion=submitted(world), by=world.sec)
    count = len(motion.lines)
    rivera = client(world, "rivera")
    form = page(rivera.get(BASE + "1/amend/"))
    assert '<span class="line-number">1</span>' in form and "every branch holds" in form
    outside = amend(rivera, line_from=2, line_to=99, text="x")
    assert shows(outside, msg.AMENDMENT_RANGE.format(first=2, last=99, count=count))
    no_paragraph = amend(rivera, paragraph=7, text="x")
    assert shows(no_paragraph, msg.AMENDMENT_PARAGRAPH.format(paragraph=7))
    both = amend(rivera, paragraph=1, line_from=1, text="x")
    assert shows(both, str(msg.AMENDMENT_TARGET))
    neither = amend(rivera, text="x")
    assert shows(neither, str(msg.AMENDMENT_TARGET))
    assert not Amendment.objects.exists()


def test_a_delegate_proposes_an_amendment_and_its_page_shows_the_diff(world: World) -> None:
    ms.motion_admit(motion=submitted(world), by=world.sec)
    rivera = client(world, "rivera")
    made = amend(
        rivera,
        line_from=1,
        text="The congress resolves that every branch holds two general meetings a year ",
        reason="Twice is better.",
        submitters=["okafor"],  # not shown to a delegate: not read
    )
    assert made.status_code == 302 and made["Location"] == BASE + "1/amendments/1/"
    amendment = Amendment.objects.get()
    assert [p.key for p in amendment.submitter_persons.all()] == ["rivera"]
    html = page(Client().get(BASE + "1/amendments/1/"))
    assert "<del>a</del><ins>two</ins> general <del>meeting once</del><ins>meetings</ins>" in html
    assert '<span class="line-number" aria-hidden="true">1</span>' in html
    assert "Tomás Rivera" in html and "Twice is better." in html
    assert f'href="{BASE}1/amendments/1/"' in page(Client().get(BASE + "1/"))
    assert Client().get(BASE + "1/amendments/2/").status_code == 404
    unchanged = amend(rivera, paragraph=2, text="The committee reports to the congress.")
    assert shows(unchanged, str(msg.AMENDMENT_UNCHANGED))
    assert Amendment.objects.count() == 1


def test_amendments_wait_for_admission_and_come_from_participants(world: World) -> None:
    submitted(world)
    rivera = client(world, "rivera")
    assert "Propose an amendment" not in page(rivera.get(BASE + "1/"))
    form = page(rivera.get(BASE + "1/amend/"))
    assert "Amendments are taken while the motion is admitted." in form
    refused = amend(rivera, line_from=1, text="x")
    assert shows(refused, msg.AMENDMENT_MOTION_CLOSED.format(motion="M 1", state="submitted"))
    member = outsider(world)
    assert member.get(BASE + "1/amend/").status_code == 404
    assert amend(member, line_from=1, text="x").status_code == 404
    assert not Amendment.objects.exists()


def test_the_chair_proposes_an_amendment_for_a_branch(world: World) -> None:
    ms.motion_admit(motion=submitted(world), by=world.sec)
    chair = client(world, "sec")
    assert 'name="branch"' in page(chair.get(BASE + "1/amend/"))
    refused = amend(chair, paragraph=2, text="The committee reports twice.")
    assert shows(refused, str(msg.MOTION_NO_SUBMITTER))
    made = amend(chair, paragraph=2, text="The committee reports twice.", branch="japan")
    assert made.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.submitter_branch == world.japan and amendment.paragraph == 2
