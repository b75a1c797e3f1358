"""Saving an object unchanged changes nothing: on every edit page (GET the form, POST back
exactly what it shows) and every PATCH route of the API (send the object's own current values),
the dossier export stays byte-identical and no audit row is written.

The edit pages are found in the URL conf and the PATCH routes in the OpenAPI schema: a new edit
page or PATCH route that is not covered here makes this module fail."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from chapterhouse.api.urls import api
from chapterhouse.conferences.models import Conference, Participant
from chapterhouse.core.models import AuditEntry
from chapterhouse.dossier.selectors import dossier_export_text
from chapterhouse.organizations.models import Body, Branch, HistoryEvent, Observance, Organization
from chapterhouse.people.models import (
    Appointment,
    Duty,
    Membership,
    PartnerOrganization,
    Person,
    Position,
)
from chapterhouse.people.services import ContactSpec, NameSpec, person_update
from chapterhouse.publishing.models import Post
from chapterhouse.voting.models import Poll
from tests.helpers import client_as

pytestmark = pytest.mark.django_db


def _person_with_three_scripts() -> Person:
    """A person with names in en, ja and ko and a postal address (the edit page once lost the
    Korean name and the address)."""
    person = Person.objects.get(key="aiko-tanaka")
    person_update(
        person=person,
        names_set=[NameSpec("ko", "다나카 아이코")],
        contacts_add=[ContactSpec("address", "1-2-3 Minato, Yokohama")],
        by=None,
    )
    return person


# url name -> the URL arguments of an object of the demo to edit.
EDIT_PAGES: dict[str, Callable[[], dict[str, Any]]] = {
    "organization-edit": lambda: {},
    "branch-edit": lambda: {"key": "valparaiso"},
    "body-edit": lambda: {"key": "third-congress-preparatory-committee"},
    "history-event-edit": lambda: {"key": "hwi-renamed"},
    "observance-edit": lambda: {"key": "formation-day"},
    "person-edit": lambda: {"key": _person_with_three_scripts().key},
    "membership-edit": lambda: {"pk": Membership.objects.order_by("pk")[0].pk},
    "appointment-edit": lambda: {
        "key": Appointment.objects.filter(responsibilities__isnull=False)[0].key
    },
    "partner-edit": lambda: {"key": "nordic-port-workers"},
    "position-edit": lambda: {"key": "chair"},
    "duty-edit": lambda: {"key": "organizing-work"},
    "person-account": lambda: {"key": "aiko-tanaka"},  # her log-in account
    "publishing-post-edit": lambda: {"slug": "third-congress-of-hwi-opened"},
    "publishing-category-edit": lambda: {"key": "news"},
    "publishing-tag-edit": lambda: {"key": "japan"},
    "conference-edit": lambda: {"key": "third-congress"},
    "participant-edit": lambda: {  # a guest of a partner organization, with an invitation
        "pk": Participant.objects.filter(is_guest=True).order_by("pk")[0].pk
    },
    "poll-edit": lambda: _poll_arguments(_draft_poll()),
}


# Pages about one object that do not edit it. A page with a URL argument is either here or in
# EDIT_PAGES, so a new page of either kind has to be placed.
NOT_EDITS = {
    # conferences: the pages that show a conference and the actions of its console and
    # delegate page (each action a service call, not an edit form)
    "conference-detail",
    "conference-console",
    "conference-act",
    "conference-delegate",
    "conference-speak",
    "conference-check-in",
    "conference-projector",
    "conference-participants",
    # conferences' preparation: the overview, pages that add (a session, an item, participants
    # one by one or from a file), an invitation, the check-in link, publishing a speech
    "conference-preparation",
    "conference-session-add",
    "conference-agenda-add",
    "conference-participant-add",
    "conference-participant-import",
    "participant-invitation",
    "conference-check-in-link",
    "speech-publish",
    "conference-minutes",  # reads the journal
    "conference-minutes-pdf",
    "conference-projector-token",  # issues a token (a new one each time), not an edit form
    # voting: the ballot, the poll pages and the chair's actions (poll-edit is an edit page)
    "poll-vote",
    "poll-list",
    "poll-create",
    "poll-detail",
    "poll-act",
    "poll-paper",
    "poll-cast",
    "poll-delegations",
    "poll-projector",
    # publishing: drafting a report makes a new post; the check reads one; a lead image is
    # uploaded (its own form on the edit page) and its files are served
    "publishing-post-image",
    "publishing-image-file",
    "publishing-report-draft",
    "publishing-report-check",
    "person-detail",
    "motion-detail",
    "motion-book",
    # motions: the list, submitting a motion or an amendment (each makes a new one), an
    # amendment's page, and the motion page's actions (support, the chair's move; the
    # recommendation saved unchanged writes nothing, see tests/conferences/test_motion_pages.py)
    "motion-list",
    "motion-submit",
    "motion-support",
    "motion-state",
    "motion-recommend",
    "amendment-submit",
    "amendment-detail",
    "body-detail",
    "branch-detail",
    "partner-detail",
    "membership-create",  # adds a membership to a person
    "appointment-create",  # adds an appointment to a body
    "appointment-end",
    "appointment-void",
    "appointment-restore",
    "membership-void",
    "membership-restore",
    "history-event-void",
    "history-event-restore",
    "observance-void",
    "observance-restore",
    # publishing: public pages, feeds, and the actions on a post, comment or feedback
    "news-post",
    "news-comment",
    "news-archive",
    "news-category",
    "news-category-rss",
    "news-category-atom",
    "news-tag",
    "news-tag-rss",
    "news-tag-atom",
    "publishing-post-state",
    "publishing-comment-moderate",
    "publishing-feedback-handle",
    # newsletters: confirming and unsubscribing by a mail's link, sending a post (a new
    # mailing), a mailing's progress
    "newsletter-confirm",
    "newsletter-unsubscribe",
    "publishing-mailing-create",
    "publishing-mailing",
    "speech-void",
    "speech-restore",
    "letter-void",
    "letter-restore",
}


def edit_page_names() -> set[str]:
    """Every page named "...-edit", and every page with a URL argument not in NOT_EDITS."""
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace != "api":
                    walk(pattern.url_patterns)
            elif pattern.name and (
                pattern.name.endswith("-edit")
                or (pattern.pattern.converters and pattern.name not in NOT_EDITS)
            ):
                names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


class _FormReader(HTMLParser):
    """What a browser would submit from the page's main form (``form.stack`` in ``main``):
    checked boxes only, the selected options, no disabled field, no button."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self.select: tuple[str, bool] | None = None  # (name, multiple)
        self.options: list[tuple[str, bool]] = []
        self.option_value: str | None = None
        self.option_text = ""
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "main":
            self.in_main = True
        elif tag == "form" and self.in_main and "stack" in a.get("class", "").split():
            self.in_form = True
        if not self.in_form or "disabled" in a:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in {"submit", "button", "reset"}:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self.select = (a["name"], "multiple" in a)
            self.options = []
        elif tag == "option" and self.select is not None:
            self.option_value = a.get("value")
            self.option_text = ""
            self.options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "select" and self.select is not None:
            name, multiple = self.select
            chosen = [value for value, selected in self.options if selected]
            if not chosen and not multiple and self.options:
                chosen = [self.options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def submitted_values(html: str) -> dict[str, list[str]]:
    reader = _FormReader()
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    assert data, "the page has no main form"
    return data


def test_every_edit_page_is_covered() -> None:
    assert edit_page_names() == set(EDIT_PAGES)


@pytest.mark.parametrize("name", sorted(EDIT_PAGES))
def test_saving_an_edit_page_unchanged_changes_nothing(demo: None, name: str) -> None:

    url = reverse(name, kwargs=EDIT_PAGES[name]())
    secretariat = client_as("secretariat")
    page = secretariat.get(url)
    assert page.status_code == 200
    before, audited = dossier_export_text(), AuditEntry.objects.count()
    response = secretariat.post(url, submitted_values(page.content.decode()))
    form = response.context["form"] if response.status_code == 200 else None
    assert response.status_code == 302, form.errors if form is not None else response
    assert dossier_export_text() == before
    assert AuditEntry.objects.count() == audited


def _poll_arguments(poll: models.Model) -> dict[str, Any]:
    return {"key": Poll.objects.get(pk=poll.pk).conference.key, "poll_id": poll.pk}


# --- the API -----------------------------------------------------------------------------------


def _draft_poll() -> models.Model:
    """A draft poll with every setting given, at a conference made for it."""
    import datetime as dt

    from chapterhouse.conferences.services import conference_create, conference_series_create
    from chapterhouse.voting.services import poll_create

    series = conference_series_create(key="assembly", name="Assembly", by=None)
    conference = conference_create(
        key="first-assembly", series=series, number=1, kind="assembly",
        convening_body=Body.objects.get(key="third-congress-preparatory-committee"),
        format="in_person", venue="Hall", starts_on=dt.date(2026, 9, 1), by=None,
    )  # fmt: skip
    return poll_create(
        conference=conference, title="Who chairs", subject="election", method="at_large",
        options=["Ana", "Bo", "Cy"], seats=2, max_choices=2, allow_abstain=False,
        thresholds=[{"numerator": 1, "denominator": 2, "comparison": "more_than", "base": "cast"}],
        secrecy="secret", require_presence=False, allow_delegation=True, forbid_delegator=True,
        paper_allowed=True, publish_receipts=True, by=None,
    )  # fmt: skip


# The first segment of a PATCH route -> its model and how the route's path argument finds it.
PATCHED: dict[str, tuple[type[models.Model], Callable[[], models.Model]]] = {
    "organization": (Organization, lambda: Organization.objects.get()),
    "branches": (Branch, lambda: Branch.objects.get(key="valparaiso")),
    "bodies": (Body, lambda: Body.objects.get(key="third-congress-preparatory-committee")),
    "history": (HistoryEvent, lambda: HistoryEvent.objects.get(key="hwi-renamed")),
    "observances": (Observance, lambda: Observance.objects.get(key="formation-day")),
    "persons": (Person, _person_with_three_scripts),
    "memberships": (Membership, lambda: Membership.objects.order_by("pk")[0]),
    "partner-organizations": (
        PartnerOrganization,
        lambda: PartnerOrganization.objects.get(key="nordic-port-workers"),
    ),
    "positions": (Position, lambda: Position.objects.get(key="chair")),
    "duties": (Duty, lambda: Duty.objects.get(key="organizing-work")),
    "appointments": (
        Appointment,
        lambda: Appointment.objects.filter(responsibilities__isnull=False)[0],
    ),
    "posts": (Post, lambda: Post.objects.get(slug="third-congress-of-hwi-opened")),
    "polls": (Poll, _draft_poll),
    "conferences": (Conference, lambda: Conference.objects.get(key="third-congress")),
}


def patch_routes() -> list[tuple[str, dict[str, Any]]]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    routes = []
    for path, operations in schema["paths"].items():
        if "patch" in operations:
            body = operations["patch"]["requestBody"]["content"]["application/json"]["schema"]
            ref = body["$ref"].rsplit("/", 1)[-1]
            routes.append((path, schema["components"]["schemas"][ref]))
    return sorted(routes, key=lambda route: route[0])


def _segment(path: str) -> str:
    """What a PATCH route edits: its first segment, or ``polls`` for a conference's poll."""
    parts = path.removeprefix("/api/v1/").split("/")
    return "polls" if "polls" in parts else parts[0]


def test_every_patch_route_is_covered() -> None:
    assert {_segment(path) for path, _schema in patch_routes()} == set(PATCHED)


def _own_value(obj: models.Model, field: str) -> Any:
    """The object's own stored value of ``field``, as the API writes it (references by key)."""
    model_field = obj._meta.get_field(field)
    if isinstance(model_field, models.ManyToManyField):  # a post's tags, by key
        return [related.key for related in getattr(obj, field).all()]
    if isinstance(model_field, models.ForeignKey):
        related = getattr(obj, field)
        return None if related is None else related.key
    value = getattr(obj, field)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _as_input(value: Any) -> Any:
    """An answer's nested value as a request writes it: a reference by its key."""
    if isinstance(value, dict):
        if set(value) == {"key", "name"}:
            return value["key"]
        # country_name is said in answers only (the country's name in the reader's language).
        return {k: _as_input(v) for k, v in value.items() if k != "country_name"}
    if isinstance(value, list):
        return [_as_input(v) for v in value]
    return value


@pytest.mark.parametrize("path", [path for path, _schema in patch_routes()])
def test_patching_an_object_with_its_own_values_changes_nothing(demo: None, path: str) -> None:
    schema = dict(patch_routes())[path]
    _model, find = PATCHED[_segment(path)]
    obj = find()
    # A poll's path names its conference's key and its id.
    key = getattr(obj, "key", None) or getattr(getattr(obj, "conference", None), "key", "")
    url = (
        path.replace("{key}", str(key))
        .replace("{membership_id}", str(obj.pk))
        .replace("{poll_id}", str(obj.pk))
        .replace("{slug}", str(getattr(obj, "slug", "")))
    )
    secretariat = client_as("secretariat")
    current = secretariat.get(url).json()
    body: dict[str, Any] = {}
    for field in schema["properties"]:
        if field in {"names", "contacts", "responsibilities"}:
            body[field] = _as_input(current[field])  # a person's or appointment's own list
        elif any(f.name == field for f in obj._meta.get_fields()):
            body[field] = _own_value(obj, field)
        # else: a flag of the change itself (end_appointments_outside), not a stored value
    before, audited = dossier_export_text(), AuditEntry.objects.count()
    response = secretariat.patch(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    assert dossier_export_text() == before
    assert AuditEntry.objects.count() == audited
