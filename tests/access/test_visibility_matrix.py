"""Nothing leaks: every page and API GET route, as every role, against planted markers.

A world of public and internal objects is made in which every text field of every object that
some viewer may not see (internal bodies and their events, observances tied to those events,
appointments in internal bodies, persons with no public position, contacts, internal notes,
decisions of internal bodies, ...) holds a unique marker, registered with the roles that may
see it. Every route the URL resolver and the OpenAPI document know is then requested by every
role, its path filled with the keys of visible and hidden objects and its query with real
values; a response that shows a role a marker outside its audience fails the test, and so
does a route the matrix does not cover (add a new route to PAGE_ROUTES or API_ROUTES).

So that the test can fail, every marker must also be seen, somewhere, by every role of its
audience (the secretariat sees them all).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, User
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.api.urls import api
from chapterhouse.conferences.models import Participant, Speech
from chapterhouse.organizations.models import EventKind, HistoryEvent, Observance
from chapterhouse.organizations.services import (
    body_create,
    branch_create,
    history_event_record,
    observance_create,
)
from chapterhouse.people.models import Appointment, Contact, Membership, Person, PersonName
from chapterhouse.people.services import (
    ContactSpec,
    NameSpec,
    ResponsibilitySpec,
    appointment_make,
    duty_create,
    membership_start,
    partner_organization_create,
    person_create,
    position_create,
)

pytestmark = pytest.mark.django_db

PUBLIC, GUEST, MEMBER, OTHER_BODY, BODY_MEMBER, SECRETARIAT = (
    "public",
    "guest",
    "member",
    "member of another body",
    "member of the internal body",
    "secretariat",
)
ROLES = (PUBLIC, GUEST, MEMBER, OTHER_BODY, BODY_MEMBER, SECRETARIAT)
# Who may see what. The internal body A's members hold an appointment in it; the other body's
# members hold one in the internal body B; both, and the plain member, have a membership.
A_INTERNAL = frozenset({BODY_MEMBER, SECRETARIAT})
B_INTERNAL = frozenset({OTHER_BODY, SECRETARIAT})
MEMBERS = frozenset({MEMBER, OTHER_BODY, BODY_MEMBER, SECRETARIAT})
ONLY_SECRETARIAT = frozenset({SECRETARIAT})


@dataclass(frozen=True)
class Marker:
    text: str
    audience: frozenset[str]
    where: str  # "Body.internal_notes of a-internal", for the failure message


@dataclass
class World:
    markers: list[Marker] = field(default_factory=list)
    # Path parameters: kind of key -> real values, of visible and hidden objects alike.
    keys: dict[str, list[Any]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    today: dt.date = dt.date(2000, 1, 1)
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def marker(self, audience: frozenset[str], where: str) -> str:
        # Fixed width, so that no marker contains another; lower case, so that it is a valid
        # key and survives capfirst and the like (responses are compared in lower case).
        text = f"mk{next(self.counter):03d}x"
        self.markers.append(Marker(text, audience, where))
        return text

    def plant(self, obj: models.Model, audience: frozenset[str], *only: str) -> None:
        """A marker in every text field of ``obj`` (or only those named), written in place."""
        changes: dict[str, str] = {}
        for f in obj._meta.concrete_fields:
            if not isinstance(f, models.CharField | models.TextField):
                continue
            if f.choices or f.name == "country" or (only and f.name not in only):
                continue
            if f.name == "voided_reason":  # shown only once voided (tests/test_voiding.py)
                continue
            label = f"{type(obj).__name__}.{f.name} of {getattr(obj, 'key', obj.pk)}"
            text = self.marker(audience, label)
            changes[f.name] = text if f.name in ("key", "language") else f"Planted {text}"
        type(obj)._default_manager.filter(pk=obj.pk).update(**changes)
        obj.refresh_from_db()


def build_world() -> World:
    w = World(today=timezone.localdate())
    sec = User.objects.create_user(username="sec")
    sec.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    w.users[SECRETARIAT] = sec
    day = dt.date(2024, 1, 1)
    # About ten years ago: its anniversary falls within the coming year, as every one does.
    ten_years_ago = w.today - dt.timedelta(days=3650)

    branch = branch_create(key="japan", name="Japan", country="JP", by=sec)
    chair = position_create(key="chair", name="Chair", single_holder=True, rank=10, by=sec)
    member = position_create(key="member", name="Member", rank=90, by=sec)
    organizing = duty_create(key="organizing-work", name="organizing work", by=sec)
    partner = partner_organization_create(key="partner", name="Partner", by=sec)

    public_body = body_create(key="p-public", name="Public Committee", kind="commission", by=sec)
    w.plant(public_body, ONLY_SECRETARIAT, "internal_notes")
    a = body_create(key="a", name="A", kind="commission", visibility="internal", by=sec)
    w.plant(a, A_INTERNAL)
    b = body_create(key="b", name="B", kind="commission", visibility="internal", by=sec)
    w.plant(b, B_INTERNAL)
    # A public sub-body of an internal body: its breadcrumb must not name its parent.
    sub = body_create(key="p-sub", name="Public Sub", kind="commission", parent=a, by=sec)
    branch_body = body_create(
        key="p-branch", name="Branch Committee", kind="commission", branch=branch, by=sec
    )

    def person(key: str, *, represents: Any = None) -> Person:
        return person_create(
            key=key,
            names=[NameSpec("en", key, True), NameSpec("ja", f"{key}-ja")],
            contacts=[ContactSpec("email", f"{key}@example.org")],
            represents=represents,
            by=sec,
        )

    def plant_person(p: Person, audience: frozenset[str] | None, contacts: frozenset[str]) -> None:
        """Markers in the person's names (unless public: ``audience`` None) and contacts."""
        if audience is not None:
            w.plant(p, audience)
            for name in PersonName.objects.filter(person=p):
                w.plant(name, audience)
        for contact in Contact.objects.filter(person=p):
            w.plant(contact, contacts)

    # The viewers' own persons.
    people: dict[str, Person] = {}
    for role, key in (
        (GUEST, "guest"),
        (MEMBER, "member"),
        (OTHER_BODY, "other"),
        (BODY_MEMBER, "insider"),
    ):
        p = person(key, represents=partner if role == GUEST else None)
        user = User.objects.create_user(username=key)
        Person.objects.filter(pk=p.pk).update(user=user)
        w.users[role] = user
        people[role] = p
        if role != GUEST:
            membership_start(person=p, starts_on=day, by=sec)
    appointment_make(person=people[BODY_MEMBER], body=a, position=member, starts_on=day, by=sec)
    appointment_make(person=people[OTHER_BODY], body=b, position=member, starts_on=day, by=sec)

    # Someone whose only position is in the internal body, and a member with no position.
    hidden = person("hidden")
    a_chair = appointment_make(
        person=hidden,
        body=a,
        position=chair,
        starts_on=day,
        decided_by=a,
        decision="A's decision",
        responsibilities=[ResponsibilitySpec(duty=organizing, country="JP")],
        by=sec,
    )
    w.plant(a_chair, A_INTERNAL)
    quiet = person("quiet")
    membership_start(person=quiet, starts_on=day, by=sec)
    # An official of a public body, appointed by the hidden person and by A's decision.
    official = person("official")
    appointment_make(
        person=official,
        body=public_body,
        position=chair,
        starts_on=day,
        appointed_by=hidden,
        responsibilities=[ResponsibilitySpec(duty=organizing, country="JP")],
        by=sec,
    )
    by_a = appointment_make(
        person=official,
        body=public_body,
        position=member,
        starts_on=day,
        decided_by=a,
        decision="x",
        by=sec,
    )
    w.plant(by_a, A_INTERNAL, "decision")
    appointment_make(person=official, body=sub, position=member, starts_on=day, by=sec)
    b_member = appointment_make(person=quiet, body=b, position=member, starts_on=day, by=sec)
    w.plant(b_member, B_INTERNAL)
    # Members see members, the internal bodies' members see their colleagues.
    plant_person(hidden, A_INTERNAL, ONLY_SECRETARIAT)
    plant_person(quiet, MEMBERS, ONLY_SECRETARIAT)
    plant_person(official, None, ONLY_SECRETARIAT)
    for role, p in people.items():
        audience = frozenset({role, SECRETARIAT}) if role == GUEST else MEMBERS
        plant_person(p, audience, frozenset({role, SECRETARIAT}))

    # History: an event about A, one about B, and a public event decided by A.
    about_a = history_event_record(
        key="e-a", kind=EventKind.OTHER, occurred_on=ten_years_ago, title="t", body=a,
        old_name="o", new_name="n", description="d", decided_by=a, decision="x", by=sec,
    )  # fmt: skip
    w.plant(about_a, A_INTERNAL)
    about_b = history_event_record(
        key="e-b", kind=EventKind.OTHER, occurred_on=ten_years_ago, title="t", body=b,
        old_name="o", new_name="n", description="d", by=sec,
    )  # fmt: skip
    w.plant(about_b, B_INTERNAL)
    decided = history_event_record(
        key="e-public", kind=EventKind.FOUNDED, occurred_on=ten_years_ago, title="Founded",
        decided_by=a, decision="x", by=sec,
    )  # fmt: skip
    w.plant(decided, A_INTERNAL, "decision")
    history_event_record(
        key="e-branch", kind=EventKind.FOUNDED, occurred_on=ten_years_ago, title="Branch",
        branch=branch, decided_by=b, by=sec,
    )  # fmt: skip
    # Observances: one kept for A's event, one of a given day decided by A.
    kept = observance_create(
        key="o-a", name="n", event=about_a, description="d", decided_by=a, by=sec
    )
    w.plant(kept, A_INTERNAL)
    observance_create(
        key="o-public", name="Public Day", month=w.today.month, day=1, decided_by=a, by=sec
    )

    conference_keys = _conferences(w, sec, public_body, a, quiet)
    publishing_keys = _publishing(w, sec, hidden)
    poll_keys = _polls(w, sec, quiet)

    w.keys = {
        "conference": conference_keys,
        "poll": poll_keys,
        "motion": [(key, 1) for key in conference_keys],  # each conference's motion M 1
        "amendment": [("c-internal", 1, 1)],  # the internal conference's motion's A 1
        "body": ["p-public", "p-sub", "p-branch", branch_body.key, a.key, b.key],
        "person": list(Person.objects.values_list("key", flat=True)),
        "branch": ["japan"],
        "partner": ["partner"],
        "appointment": list(Appointment.objects.values_list("key", flat=True)),
        "event": list(HistoryEvent.objects.values_list("key", flat=True)),
        "observance": list(Observance.objects.values_list("key", flat=True)),
        "position": ["chair"],
        "duty": ["organizing-work"],
        "membership": list(Membership.objects.values_list("pk", flat=True)),
        **publishing_keys,
        "speech": list(Speech.objects.values_list("pk", flat=True)),
        "letter": ["l-letter"],
        "participant": list(Participant.objects.values_list("pk", flat=True)),
        # Invitation tokens (guests' check-in links), and one that is no one's.
        "token": [
            "no-such-token",
            *Participant.objects.exclude(invitation_token=None).values_list(
                "invitation_token", flat=True
            ),
        ],
    }
    return w


def _publishing(w: World, sec: User, hidden: Person) -> dict[str, list[Any]]:
    """A public post by a person the public may not look up, a draft, a withdrawn post and a
    scheduled one not yet due (markers in their texts, indexed for search), all four reports
    of the public conference, a pending comment and a reader's feedback."""
    from chapterhouse.publishing import services as ps
    from chapterhouse.publishing.factories import make_category, make_post, make_tag
    from chapterhouse.publishing.models import Comment, Feedback

    category, tag = make_category(key="news", by=sec), make_tag(key="congress", by=sec)
    public = make_post(slug="public-post", category=category, tags=[tag], author=hidden, by=sec)
    unseen = [
        make_post(slug=slug, category=category, tags=[tag], published=False, by=sec)
        for slug in ("draft-post", "withdrawn-post", "scheduled-post")
    ]
    ps.post_withdraw(post=ps.post_publish(post=unseen[1], by=sec), by=sec)
    later = timezone.now() + dt.timedelta(days=2)
    ps.post_schedule(post=unseen[2], publish_at=later, by=sec)
    for post in unseen:
        w.plant(post, ONLY_SECRETARIAT, "title", "lead", "body", "dateline_place")
        ps.post_search_index(post)
    # Reports of the public conference: its page lists them, the unseen ones never named to
    # anyone but the secretariat.
    from chapterhouse.conferences.models import Conference
    from chapterhouse.publishing.models import Report

    c_public = Conference.objects.get(key="c-public")
    for post in (public, *unseen):
        Report.objects.create(post=post, conference=c_public, language=post.language)
    pending = ps.comment_submit(post=public, name="n", text="t", client="m", by=None)
    w.plant(pending, ONLY_SECRETARIAT, "name", "email", "text")
    feedback = ps.feedback_submit(name="n", email="f@example.org", text="t", client="m", by=None)
    w.plant(feedback, ONLY_SECRETARIAT, "name", "email", "text")
    # A subscriber, and the public post sent to it, refused by its server.
    from chapterhouse.publishing import newsletters
    from chapterhouse.publishing.newsletter_models import Delivery

    reader, token = newsletters.subscription_request(
        email="reader@example.org", language="en", client=None, by=None
    )
    newsletters.subscription_confirm(token=token or "", by=None)
    mailing = newsletters.mailing_create(post=public, base_url="http://testserver", by=sec)
    Delivery.objects.filter(mailing=mailing).update(state="failed", last_error="refused")
    w.plant(reader, ONLY_SECRETARIAT, "email")
    w.plant(Delivery.objects.get(mailing=mailing), ONLY_SECRETARIAT, "last_error")
    return {
        "post": ["public-post", "draft-post", "withdrawn-post", "scheduled-post"],
        "category": ["news"],
        "tag": ["congress"],
        # A lead image rendition's file name (no such file: a 404 for everyone).
        "image": ["0" * 32 + "-480.webp"],
        "comment": list(Comment.objects.values_list("pk", flat=True)),
        "feedback": list(Feedback.objects.values_list("pk", flat=True)),
        "month": [(later.year, later.month), (w.today.year, w.today.month)],
        "mailing": [mailing.pk],
        "unsubscribe_token": [reader.unsubscribe_token, "no-such-token"],
        "confirm_token": ["no-such-token"],
    }


def _conferences(w: World, sec: User, public_body: Any, a: Any, quiet: Person) -> list[str]:
    """A public conference with an internal and a hidden item (the hidden one current, a
    speaker on the internal one), and an internal conference."""
    from chapterhouse.conferences import services as cs

    series = cs.conference_series_create(key="congress", name="Congress", by=sec)
    public = cs.conference_create(
        key="c-public", series=series, number=1, kind="congress", convening_body=public_body,
        format="in_person", venue="Hall", starts_on=dt.date(2026, 9, 1), by=sec,
    )  # fmt: skip
    internal = cs.conference_create(
        key="c-internal", series=series, number=2, kind="congress", convening_body=a,
        format="in_person", venue="Hall", starts_on=dt.date(2026, 9, 1), visibility="internal",
        by=sec,
    )  # fmt: skip
    w.plant(internal, MEMBERS, "occasion", "venue")
    for c in (public, internal):
        cs.conference_state_change(conference=c, state="in_preparation", by=sec)
        cs.conference_state_change(conference=c, state="open", by=sec)
    participant = cs.participant_add(
        conference=public, spec=cs.ParticipantSpec(person=quiet, roles=["delegate"]), by=sec
    )
    opening = cs.agenda_item_add(conference=public, title="Opening", kind="procedural", by=sec)
    inner = cs.agenda_item_add(
        conference=public, title="Inner", kind="topic", is_internal=True, by=sec
    )
    w.plant(inner, MEMBERS, "title")
    hidden = cs.agenda_item_add(
        conference=public, title="Hidden", kind="topic", is_hidden=True, by=sec
    )
    w.plant(hidden, ONLY_SECRETARIAT, "title")
    cs.agenda_item_set_current(item=hidden, by=sec)
    cs.speaker_request(item=inner, participant=participant, by=sec)
    speech = cs.speech_record(
        conference=public, speaker=quiet, title="Hidden speech", text="t", item=hidden, by=sec
    )
    w.plant(speech, ONLY_SECRETARIAT, "title")
    # An unpublished speech on a public item: its title is the public's (the minutes name it),
    # its full text the secretariat's (the conference's page shows it to the chair level).
    unpublished = cs.speech_record(
        conference=public, speaker=Person.objects.get(key="official"), title="Unpublished",
        text="t", item=opening, by=sec,
    )  # fmt: skip
    w.plant(unpublished, ONLY_SECRETARIAT, "text")
    letter = cs.letter_register(
        key="l-letter", direction="in", subject="s", dated_on=dt.date(2026, 8, 1), person=quiet,
        by=sec,
    )  # fmt: skip
    w.plant(letter, ONLY_SECRETARIAT, "subject")
    _motions(w, sec, public, internal, public_body, a)
    return ["c-public", "c-internal"]


def _polls(w: World, sec: User, quiet: Person) -> list[tuple[str, int]]:
    """Polls: a draft (the chair's), one on the hidden item, one on the internal item, one of
    the internal conference, and a public one closed with its receipts published."""
    from chapterhouse.conferences import services as cs
    from chapterhouse.conferences.models import AgendaItem, Conference
    from chapterhouse.voting import services as vs

    public, internal = (Conference.objects.get(key=k) for k in ("c-public", "c-internal"))
    cs.participant_update(participant=public.participants.get(), voting_right=True, by=sec)
    cs.participant_add(
        conference=internal,
        spec=cs.ParticipantSpec(person=quiet, roles=["delegate"], voting_right=True),
        by=sec,
    )
    hidden = AgendaItem.objects.get(conference=public, is_hidden=True, kind="topic")
    inner = AgendaItem.objects.get(conference=public, is_internal=True, kind="topic")
    keys: list[tuple[str, int]] = []
    for conference, item, audience, open_it in (
        (public, None, ONLY_SECRETARIAT, False),
        (public, hidden, ONLY_SECRETARIAT, True),
        (public, inner, MEMBERS, True),
        (internal, None, MEMBERS, True),
        (public, None, None, True),
    ):
        poll = vs.poll_create(
            conference=conference, item=item, title="Poll", require_presence=False,
            publish_receipts=True, by=sec,
        )  # fmt: skip
        if audience is not None:
            w.plant(poll, audience, "title")
        if open_it:
            vs.poll_open(poll=poll, by=sec)
        keys.append((conference.key, poll.pk))
    vs.poll_close(poll=poll, by=sec)
    return keys


def _motions(w: World, sec: User, public: Any, internal: Any, public_body: Any, a: Any) -> None:
    """A motion of the public conference submitted by the internal body A and put on a hidden
    item, and a motion of the internal conference with an amendment."""
    from chapterhouse.conferences import motion_services as ms
    from chapterhouse.conferences import services as cs

    motion = ms.motion_submit(
        conference=public, title="Open", text="Open text.", submitter_body=a, by=sec
    )
    ms.motion_admit(motion=motion, by=sec)
    item = cs.agenda_item_add(
        conference=public, title="Hidden motion", kind="motion", is_hidden=True, by=sec
    )
    w.plant(item, ONLY_SECRETARIAT, "title")
    ms.motion_put_on_agenda(motion=motion, item=item, by=sec)
    inner = ms.motion_submit(
        conference=internal,
        title="Inner",
        text="Inner text of the motion.",
        reason="r",
        submitter_body=public_body,
        by=sec,
    )
    ms.motion_admit(motion=inner, by=sec)
    ms.motion_recommend(motion=inner, recommendation="Adopt.", by=sec)
    amendment = ms.amendment_submit(
        motion=inner, line_from=1, text="Changed.", reason="r", submitter_body=public_body, by=sec
    )
    w.plant(inner, MEMBERS, "title", "text", "reason", "recommendation")
    w.plant(amendment, MEMBERS, "original", "text", "reason")


# --- the routes ----------------------------------------------------------------------------

# Each page route by name: the kind of key its path takes (None: no path parameter) and the
# query strings to ask it with besides none at all. A new route must be added here.
PAGE_ROUTES: dict[str, tuple[str | None, tuple[dict[str, str], ...]]] = {
    "healthz": (None, ()),
    "set_language": (None, ()),
    "login": (None, ()),
    "logout": (None, ()),
    "home": (None, ()),
    "anniversaries": (None, ({"year": "{this_year}"}, {"year": "{next_year}"})),
    "calendar-feed": (None, ()),
    "organization-edit": (None, ()),
    "branch-create": (None, ()),
    "branch-detail": ("branch", ()),
    "branch-edit": ("branch", ()),
    "observance-create": (None, ()),
    "body-list": (None, ()),
    "body-create": (None, ()),
    "body-detail": ("body", ({"on": "{today}"}, {"on": "2030-01-01"})),
    "body-edit": ("body", ()),
    "history-event-create": (None, ()),
    "person-list": (None, ({"q": "{marker}"}, {"q": "planted"})),
    "person-create": (None, ()),
    "person-detail": ("person", ()),
    "person-edit": ("person", ()),
    "person-account": ("person", ()),
    "membership-create": ("person", ()),
    "appointment-create": ("body", ()),
    "appointment-end": ("appointment", ()),
    "responsibilities": (
        None,
        ({"duty": "organizing-work", "country": "JP", "on": "{today}"},),
    ),
    "partner-list": (None, ()),
    "partner-detail": ("partner", ()),
    "audit-list": (None, ({"action": "body."}, {"page": "2"})),
    "voided-list": (None, ()),
    "component-gallery": (None, ()),
    "appointment-edit": ("appointment", ()),
    "appointment-void": ("appointment", ()),
    "appointment-restore": ("appointment", ()),
    "membership-edit": ("membership", ()),
    "membership-void": ("membership", ()),
    "membership-restore": ("membership", ()),
    "history-event-edit": ("event", ()),
    "history-event-void": ("event", ()),
    "history-event-restore": ("event", ()),
    "observance-edit": ("observance", ()),
    "observance-void": ("observance", ()),
    "observance-restore": ("observance", ()),
    "partner-create": (None, ()),
    "partner-edit": ("partner", ()),
    "position-list": (None, ()),
    "position-create": (None, ()),
    "position-edit": ("position", ()),
    "duty-create": (None, ()),
    "duty-edit": ("duty", ()),
    "news-home": (None, ({"page": "2"},)),
    "news-search": (None, ({"q": "planted"}, {"q": "{marker}"})),
    "news-rss": (None, ()),
    "news-atom": (None, ()),
    "news-archive": ("month", ()),
    "news-category": ("category", ()),
    "news-category-rss": ("category", ()),
    "news-category-atom": ("category", ()),
    "news-tag": ("tag", ()),
    "news-tag-rss": ("tag", ()),
    "news-tag-atom": ("tag", ()),
    "news-post": ("post", ()),
    "news-comment": ("post", ()),
    "feedback": (None, ()),
    "sitemap": (None, ()),
    "publishing-posts": (None, ()),
    "publishing-post-create": (None, ()),
    "publishing-post-edit": ("post", ()),
    "publishing-post-state": ("post", ()),
    "publishing-report-check": ("post", ()),
    "publishing-report-draft": ("conference", ()),
    "publishing-moderation": (None, ()),
    "publishing-comment-moderate": ("comment", ()),
    "publishing-feedback": (None, ()),
    "publishing-feedback-handle": ("feedback", ()),
    "publishing-terms": (None, ()),
    "publishing-category-edit": ("category", ()),
    "publishing-tag-edit": ("tag", ()),
    "publishing-post-image": ("post", ()),
    "publishing-image-file": ("image", ()),
    "publishing-settings": (None, ()),
    "newsletter-subscribe": (None, ()),
    "newsletter-confirm": ("confirm_token", ()),
    "newsletter-unsubscribe": ("unsubscribe_token", ()),
    "publishing-mailing-create": ("post", ()),
    "publishing-mailings": (None, ()),
    "publishing-mailing": ("mailing", ()),
    "motion-book": ("conference", ()),
    "poll-vote": ("conference", ()),
    "poll-list": ("conference", ()),
    "poll-create": ("conference", ()),
    "poll-detail": ("poll", ()),
    "poll-edit": ("poll", ()),
    "poll-act": ("poll", ()),
    "poll-paper": ("poll", ()),
    "poll-cast": ("poll", ()),
    "poll-delegations": ("conference", ()),
    "poll-projector": ("conference", ()),
    "motion-detail": ("motion", ()),
    "motion-list": ("conference", ({"state": "admitted"},)),
    "motion-submit": ("conference", ()),
    "motion-support": ("motion", ()),
    "motion-state": ("motion", ()),
    "motion-recommend": ("motion", ()),
    "amendment-submit": ("motion", ()),
    "amendment-detail": ("amendment", ()),
    "conference-list": (None, ()),
    "conference-detail": ("conference", ()),
    "conference-console": ("conference", ()),
    "conference-act": ("conference", ()),
    "conference-delegate": ("conference", ()),
    "conference-speak": ("conference", ()),
    "conference-check-in": ("conference", ()),
    "conference-projector": ("conference", ()),
    "conference-participants": ("conference", ({"q": "{marker}"}, {"page": "2"})),
    "conference-minutes": ("conference", ()),
    "conference-minutes-pdf": ("conference", ()),
    "conference-projector-token": ("conference", ()),
    "speech-void": ("speech", ()),
    "speech-restore": ("speech", ()),
    "letter-void": ("letter", ()),
    "letter-restore": ("letter", ()),
    "conference-create": (None, ()),
    "conference-edit": ("conference", ()),
    "conference-preparation": ("conference", ({"page": "2"},)),
    "conference-session-add": ("conference", ()),
    "conference-agenda-add": ("conference", ()),
    "conference-participant-add": ("conference", ()),
    "conference-participant-import": ("conference", ()),
    "participant-edit": ("participant", ()),
    "participant-invitation": ("participant", ()),
    "conference-check-in-link": ("token", ()),
    "speech-publish": ("speech", ()),
    "letter-list": (None, ({"direction": "in"}, {"page": "2"})),
    "letter-create": (None, ()),
}

# Each API GET route as the OpenAPI document names it, the same way.
API_ROUTES: dict[str, tuple[str | None, tuple[dict[str, str], ...]]] = {
    "/api/v1/organization": (None, ({"on": "{today}"},)),
    "/api/v1/branches": (None, ()),
    "/api/v1/branch-tree": (None, ()),
    "/api/v1/branches/{key}": ("branch", ()),
    "/api/v1/bodies": (None, ({"on": "{today}"},)),
    "/api/v1/bodies/{key}": ("body", ()),
    "/api/v1/history": (None, ()),
    "/api/v1/history/{key}": ("event", ()),
    "/api/v1/anniversaries": (None, ({"start": "{last_year}", "end": "{in_two_years}"},)),
    "/api/v1/observances": (None, ()),
    "/api/v1/observances/{key}": ("observance", ()),
    "/api/v1/upcoming-observances": (None, ({"years": "3"},)),
    "/api/v1/persons": (None, ()),
    "/api/v1/persons/{key}": ("person", ()),
    "/api/v1/persons/{key}/appointments": ("person", ()),
    "/api/v1/persons/{key}/memberships": ("person", ()),
    "/api/v1/memberships/{membership_id}": ("membership", ()),
    "/api/v1/partner-organizations": (None, ()),
    "/api/v1/partner-organizations/{key}": ("partner", ()),
    "/api/v1/positions": (None, ()),
    "/api/v1/positions/{key}": ("position", ()),
    "/api/v1/duties": (None, ()),
    "/api/v1/duties/{key}": ("duty", ()),
    "/api/v1/appointments": (None, ({"on": "{today}"},)),
    "/api/v1/appointments/{key}": ("appointment", ()),
    "/api/v1/bodies/{key}/holders": ("body", ({"on": "{today}"},)),
    "/api/v1/bodies/{key}/past-holders": ("body", ({"on": "2030-01-01"},)),
    "/api/v1/responsibilities": (None, ({"duty": "organizing-work", "country": "JP"},)),
    "/api/v1/conferences": (None, ()),
    "/api/v1/conferences/{key}": ("conference", ()),
    "/api/v1/conferences/{key}/agenda": ("conference", ()),
    "/api/v1/conferences/{key}/projector": ("conference", ()),
    "/api/v1/conferences/{key}/participants": ("conference", ()),
    "/api/v1/conferences/{key}/speaking-time": ("conference", ()),
    "/api/v1/posts": (None, ()),
    "/api/v1/posts/{slug}": ("post", ()),
    "/api/v1/conferences/{key}/polls": ("conference", ()),
    "/api/v1/conferences/{key}/polls/{poll_id}": ("poll", ()),
    "/api/v1/conferences/{key}/polls/{poll_id}/receipts": ("poll", ()),
    "/api/v1/conferences/{key}/motions": ("conference", ()),
}


def page_route_names() -> set[str]:
    """Every named route outside the API (whose GET routes come from its OpenAPI document)."""
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace != "api":
                    walk(p.url_patterns)
            elif p.name:
                names.add(p.name)

    walk(get_resolver().url_patterns)
    return names


def api_get_paths() -> set[str]:
    schema = api.get_openapi_schema()
    return {path for path, operations in schema["paths"].items() if "get" in operations}


def urls(w: World) -> list[str]:
    values = {
        "today": w.today.isoformat(),
        "this_year": str(w.today.year),
        "next_year": str(w.today.year + 1),
        "last_year": (w.today - dt.timedelta(days=366)).isoformat(),
        "in_two_years": (w.today + dt.timedelta(days=731)).isoformat(),
        "marker": next(m.text for m in w.markers if m.where.startswith("PersonName.")),
    }

    def queries(extra: tuple[dict[str, str], ...]) -> list[str]:
        filled = [{k: v.format(**values) for k, v in q.items()} for q in extra]
        return ["", *("?" + urlencode(q) for q in filled)]

    found: list[str] = []
    for name, (kind, extra) in PAGE_ROUTES.items():
        paths = (
            [reverse(name)]
            if kind is None
            # A key of several parts (a year and a month) fills several path parameters.
            else [reverse(name, args=k if isinstance(k, tuple) else [k]) for k in w.keys[kind]]
        )
        found += [path + query for path in paths for query in queries(extra)]
    for template, (kind, extra) in API_ROUTES.items():
        if kind is None:
            paths = [template]
        else:
            params = re.findall(r"{(\w+)}", template)
            paths = []
            for k in w.keys[kind]:
                path = template
                for param, value in zip(params, k if isinstance(k, tuple) else (k,), strict=True):
                    path = path.replace(f"{{{param}}}", str(value))
                paths.append(path)
        found += [path + query for path in paths for query in queries(extra)]
    return found


def client_for(w: World, role: str) -> Client:
    client = Client()
    if role != PUBLIC:
        client.force_login(w.users[role])
    return client


def shown(response: Any) -> str:
    text = b"".join(response) if response.streaming else response.content
    if response.get("Content-Type") == "application/pdf":  # the motion book: its text
        from pypdf import PdfReader

        pages = PdfReader(io.BytesIO(text)).pages
        return "\n".join(page.extract_text() for page in pages).lower()
    # iCalendar folds long lines ("\r\n "): unfold them before looking for markers.
    return text.decode().replace("\r\n ", "").lower()


# --- the tests -----------------------------------------------------------------------------


def test_every_route_is_in_the_matrix() -> None:
    """A new page or API route must be added to PAGE_ROUTES or API_ROUTES, with its keys."""
    assert page_route_names() - set(PAGE_ROUTES) == set(), "add these routes to PAGE_ROUTES"
    assert set(PAGE_ROUTES) - page_route_names() == set(), "these routes are gone"
    assert api_get_paths() - set(API_ROUTES) == set(), "add these routes to API_ROUTES"
    assert set(API_ROUTES) - api_get_paths() == set(), "these API routes are gone"


def test_no_role_sees_a_marker_it_may_not_see() -> None:
    w = build_world()
    assert len(w.markers) > 40
    leaks: list[str] = []
    errors: list[str] = []
    seen: dict[str, set[str]] = {m.text: set() for m in w.markers}
    every_url = urls(w)
    for role in ROLES:
        client = client_for(w, role)
        for url in every_url:
            response = client.get(url)
            if response.status_code >= 500:
                errors.append(f"{role} {url}: {response.status_code}")
                continue
            text = shown(response)
            for m in w.markers:
                if m.text not in text:
                    continue
                seen[m.text].add(role)
                # What the request itself carries (a key in the path, a search) is no leak.
                if role not in m.audience and m.text not in url.lower():
                    leaks.append(f"{role} sees {m.where} ({m.text}) at {url}")
    assert errors == []
    assert leaks == [], "\n".join(sorted(set(leaks)))
    # The test can fail: every marker is seen by every role that may see it.
    unseen = [
        f"{role} never sees {m.where} ({m.text})"
        for m in w.markers
        for role in sorted(m.audience - seen[m.text])
    ]
    assert unseen == [], "\n".join(unseen)
