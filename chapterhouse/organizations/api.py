"""The organizations context over HTTP: the organization, branches, bodies, history, observances."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status

from chapterhouse.access.selectors import Roles
from chapterhouse.api import errors as msg
from chapterhouse.api.auth import AUTH, WRITE_AUTH, roles, secretariat
from chapterhouse.api.base import field_errors
from chapterhouse.api.pagination import Page, PageQuery, paginate
from chapterhouse.api.refs import Refs
from chapterhouse.api.schemas import (
    EraDate,
    Key,
    PartialEraDate,
    Payload,
    Ref,
    VoidedOut,
    VoidIn,
    answers,
    limited,
    limits,
    named,
    translations,
    translations_in,
    translations_patch,
    unset,
    voided_out,
)
from chapterhouse.calendars.eras import era_year, format_era_year
from chapterhouse.core.countries import country_name
from chapterhouse.organizations import errors as org_msg
from chapterhouse.organizations import selectors, services
from chapterhouse.organizations.anniversaries import MAX_RANGE_YEARS, spans_at_most
from chapterhouse.organizations.models import (
    Body,
    BodyKind,
    Branch,
    DatePrecision,
    EventKind,
    HistoryEvent,
    Observance,
    Organization,
    Visibility,
)
from chapterhouse.organizations.selectors import TreeNode, UpcomingObservance

router = Router(tags=["organizations"], auth=AUTH)


class OrganizationRefs(Refs):
    """Keys of this context's objects in a request (``api.refs.Refs``)."""

    def branch(self, field: str, key: str | None) -> Branch | None:
        return self.find(
            field, key, lambda k: selectors.branch_access(key=k), org_msg.UNKNOWN_BRANCH
        )

    def body(self, field: str, key: str | None) -> Body | None:
        return self.find(
            field,
            key,
            lambda k: selectors.body_access(key=k, roles=self.roles),
            org_msg.UNKNOWN_BODY,
        )

    def event(self, field: str, key: str | None) -> HistoryEvent | None:
        return self.find(
            field,
            key,
            lambda k: selectors.history_event_access(key=k, roles=self.roles),
            org_msg.UNKNOWN_EVENT,
        )


# --- schemas -------------------------------------------------------------------------------


class OnQuery(Schema):
    on: EraDate | None = Field(None, description="The day to answer for; today if not given.")


class EraYearOut(Schema):
    system: str = Field(description="japanese, juche or minguo.")
    era: str = Field(description="The era's key: reiwa, heisei, juche, minguo, ...")
    year: int
    text: str = Field(description="As readers of the request's language write it.")


class OrganizationOut(Schema):
    name: str = Field(description="In the request's language when translated, else the original.")
    short_name: str
    name_translations: dict[str, str] = translations()
    short_name_translations: dict[str, str] = translations()
    languages: list[str] = Field(
        description="Its languages; the first is the originals' own, names are translated into "
        "the others."
    )
    calendar_eras: dict[str, list[str]]
    on: dt.date
    name_on: str = Field(
        description="The organization's original name on `on`, following renamings."
    )
    era_years_on: list[EraYearOut] = Field(
        description="The era years of `on` the organization shows to readers of the request's "
        "language (Accept-Language)."
    )


class OrganizationPatch(Payload):
    name: str = unset()
    short_name: str = unset()
    name_translations: dict[str, str] = translations_patch()
    short_name_translations: dict[str, str] = translations_patch()
    languages: list[str] = unset("Replaces the list; the first is the originals' language.")
    calendar_eras: dict[str, list[str]] = unset(
        "Replaces the era calendars shown: {'default': [...], '<language>': [...]}."
    )


class BranchOut(Schema):
    key: str
    name: str
    name_translations: dict[str, str] = translations()
    parent: Ref | None
    country: str
    country_name: str = Field(description="The country's name in the request's language.")
    founded_on: dt.date | None


class BranchNodeOut(Schema):
    key: str
    name: str
    country: str
    country_name: str = Field(description="The country's name in the request's language.")
    bodies: list[Ref]
    children: list[BranchNodeOut]


class BranchIn(Payload):
    key: str = limited(Branch, "key")
    name: str = limited(Branch, "name")
    name_translations: dict[str, str] = translations_in()
    parent: Key | None = None
    country: str = limited(Branch, "country", "")
    founded_on: EraDate | None = None


class BranchPatch(Payload):
    name: str = unset(**limits(Branch, "name"))
    name_translations: dict[str, str] = translations_patch()
    parent: Key | None = None
    country: str = unset(**limits(Branch, "country"))
    founded_on: EraDate | None = None


class BodyOut(Schema):
    key: str
    name: str
    name_translations: dict[str, str] = translations()
    kind: BodyKind
    parent: Ref | None
    branch: Ref | None
    purpose: str
    visibility: Visibility
    starts_on: dt.date | None = Field(description="First day of the mandate (inclusive).")
    ends_on: dt.date | None = Field(description="Last day of the mandate (inclusive).")
    mandate_days: int | None = Field(description="Days of the mandate, both ends counted.")
    on: dt.date
    active: bool = Field(description="Whether the body works on `on`.")
    internal_notes: str | None = Field(
        description="Only for the secretariat and the body's members; null for anyone else."
    )


class BodyIn(Payload):
    key: str = limited(Body, "key")
    name: str = limited(Body, "name")
    name_translations: dict[str, str] = translations_in()
    kind: BodyKind
    parent: Key | None = None
    branch: Key | None = None
    starts_on: EraDate | None = None
    ends_on: EraDate | None = None
    purpose: str = limited(Body, "purpose", "")
    visibility: Visibility = Visibility.PUBLIC
    internal_notes: str = limited(Body, "internal_notes", "")


class BodyPatch(Payload):
    name: str = unset(**limits(Body, "name"))
    name_translations: dict[str, str] = translations_patch()
    kind: BodyKind = unset()
    parent: Key | None = None
    branch: Key | None = None
    starts_on: EraDate | None = None
    ends_on: EraDate | None = None
    purpose: str = unset(**limits(Body, "purpose"))
    visibility: Visibility = unset()
    internal_notes: str = unset(**limits(Body, "internal_notes"))
    end_appointments_outside: bool = Field(
        False,
        description="If the new mandate ends before some appointments do, end them on its last "
        "day in the same change (otherwise the change is refused, naming them).",
    )


class HistoryEventOut(Schema):
    key: str
    kind: EventKind
    occurred_on: str = Field(
        description="As known: a day (2011-12-05), a month (2011-12) or a year (2011).",
        examples=["2011-12-05", "2011-12", "2011"],
    )
    occurred_precision: DatePrecision = Field(description="day, month or year.")
    title: str
    title_translations: dict[str, str] = translations()
    description: str
    branch: Ref | None
    body: Ref | None
    old_name: str
    new_name: str
    decided_by: Ref | None
    decision: str


class HistoryEventIn(Payload):
    key: str = limited(HistoryEvent, "key")
    kind: EventKind
    occurred_on: PartialEraDate
    title: str = limited(HistoryEvent, "title")
    title_translations: dict[str, str] = translations_in()
    description: str = limited(HistoryEvent, "description", "")
    branch: Key | None = None
    body: Key | None = None
    old_name: str = limited(HistoryEvent, "old_name", "")
    new_name: str = limited(HistoryEvent, "new_name", "")
    decided_by: Key | None = None
    decision: str = limited(HistoryEvent, "decision", "")


class HistoryEventPatch(Payload):
    kind: EventKind = unset()
    occurred_on: PartialEraDate = unset()
    title: str = unset(**limits(HistoryEvent, "title"))
    title_translations: dict[str, str] = translations_patch()
    description: str = unset(**limits(HistoryEvent, "description"))
    branch: Key | None = None
    body: Key | None = None
    old_name: str = unset(**limits(HistoryEvent, "old_name"))
    new_name: str = unset(**limits(HistoryEvent, "new_name"))
    decided_by: Key | None = None
    decision: str = unset(**limits(HistoryEvent, "decision"))


class AnniversaryOut(Schema):
    number: int = Field(description="The Nth anniversary.")
    on: dt.date = Field(
        description="The day; the first day of the month or year it falls in "
        "when the event is known only to the month or the year."
    )
    precision: DatePrecision = Field(
        description="As the event's date: the anniversary is a day, a whole month or a year."
    )
    days_away: int = Field(
        description="Days from the query's `on` (today if not given) to `on`; negative when past."
    )
    event: HistoryEventOut


class AnniversaryQuery(Schema):
    start: EraDate
    end: EraDate
    on: EraDate | None = Field(
        None, description="The day `days_away` counts from; today if not given."
    )


class ObservanceOut(Schema):
    key: str
    name: str
    name_translations: dict[str, str] = translations()
    event: Ref | None
    month: int = Field(description="As kept: from the event's date when there is an event.")
    day: int
    decided_by: Ref | None
    decided_on: dt.date | None
    description: str


class ObservanceIn(Payload):
    key: str = limited(Observance, "key")
    name: str = limited(Observance, "name")
    name_translations: dict[str, str] = translations_in()
    event: Key | None = Field(None, description="Its date gives the day; or give month and day.")
    month: int | None = limited(Observance, "month", None)
    day: int | None = limited(Observance, "day", None)
    decided_by: Key | None = None
    decided_on: EraDate | None = None
    description: str = limited(Observance, "description", "")


class ObservancePatch(Payload):
    name: str = unset(**limits(Observance, "name"))
    name_translations: dict[str, str] = translations_patch()
    event: Key | None = None
    month: int | None = limited(Observance, "month", None)
    day: int | None = limited(Observance, "day", None)
    decided_by: Key | None = None
    decided_on: EraDate | None = None
    description: str = unset(**limits(Observance, "description"))


class UpcomingObservanceOut(Schema):
    on: dt.date
    number: int | None = Field(description="The Nth time it is kept, counted from its event.")
    observance: ObservanceOut


class UpcomingQuery(Schema):
    after: EraDate | None = Field(None, description="From this day on; today if not given.")
    years: int = Field(1, ge=1, le=10, description="How many years of each observance.")


# --- rendering -----------------------------------------------------------------------------


def day_asked(on: dt.date | None) -> dt.date:
    """The day a request asks about: ``?on=`` if given, else today (the site's time zone)."""
    return on or timezone.localdate()


def _branch_ref(branch: Branch | None) -> Ref | None:
    return None if branch is None else Ref(key=branch.key, name=named(branch))


def body_ref(body: Body | None, viewer: Roles) -> Ref | None:
    """A body the viewer may not see is left out (null), never named."""
    visible = selectors.visible_body_ref(body, viewer)
    return None if visible is None else Ref(key=visible.key, name=named(visible))


def _branch_out(branch: Branch) -> BranchOut:
    return BranchOut(
        key=branch.key,
        name=named(branch),
        name_translations=branch.name_translations,
        parent=_branch_ref(branch.parent),
        country=branch.country,
        country_name=country_name(branch.country),
        founded_on=branch.founded_on,
    )


def _node_out(node: TreeNode) -> BranchNodeOut:
    return BranchNodeOut(
        key=node.branch.key,
        name=named(node.branch),
        country=node.branch.country,
        country_name=country_name(node.branch.country),
        bodies=[Ref(key=b.key, name=named(b)) for b in node.bodies],
        children=[_node_out(child) for child in node.children],
    )


def _body_out(body: Body, viewer: Roles, on: dt.date) -> BodyOut:
    return BodyOut(
        key=body.key,
        name=named(body),
        name_translations=body.name_translations,
        kind=BodyKind(body.kind),
        parent=body_ref(body.parent, viewer),
        branch=_branch_ref(body.branch),
        purpose=body.purpose,
        visibility=Visibility(body.visibility),
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        mandate_days=body.mandate_days,
        on=on,
        active=body.is_active_on(on),
        internal_notes=body.internal_notes if viewer.can_see_internal_records(body) else None,
    )


def _event_out(event: HistoryEvent, viewer: Roles) -> HistoryEventOut:
    return HistoryEventOut(
        key=event.key,
        kind=EventKind(event.kind),
        occurred_on=event.occurred.iso(),
        occurred_precision=DatePrecision(event.occurred_precision),
        title=named(event, "title"),
        title_translations=event.title_translations,
        description=event.description,
        branch=_branch_ref(event.branch),
        body=body_ref(event.body, viewer),
        old_name=event.old_name,
        new_name=event.new_name,
        decided_by=body_ref(event.decided_by, viewer),
        decision=event.decision,
    )


def _observance_out(observance: Observance, viewer: Roles) -> ObservanceOut:
    month, day = observance.month_day
    event = selectors.visible_event_ref(observance.event, viewer)
    return ObservanceOut(
        key=observance.key,
        name=named(observance),
        name_translations=observance.name_translations,
        event=None if event is None else Ref(key=event.key, name=named(event, "title")),
        month=month,
        day=day,
        decided_by=body_ref(observance.decided_by, viewer),
        decided_on=observance.decided_on,
        description=observance.description,
    )


def _upcoming_out(upcoming: UpcomingObservance, viewer: Roles) -> UpcomingObservanceOut:
    return UpcomingObservanceOut(
        on=upcoming.on,
        number=upcoming.number,
        observance=_observance_out(upcoming.observance, viewer),
    )


def _changes(payload: Schema, refs: dict[str, Any]) -> dict[str, Any]:
    """The fields a PATCH sent, with the keys it named replaced by their objects."""
    changes = payload.model_dump(exclude_unset=True)
    for field, found in refs.items():
        if field in changes:
            changes[field] = found
    return changes


# --- the organization ----------------------------------------------------------------------


@router.get("/organization", response=answers({200: OrganizationOut}))
def organization_get(request: HttpRequest, query: Query[OnQuery]) -> OrganizationOut:
    """The organization, and its name on a day (`?on=`, today if not given)."""
    return _organization_out(selectors.organization_get(), day_asked(query.on))


@router.patch(
    "/organization", response=answers({200: OrganizationOut}, write=True), auth=WRITE_AUTH
)
def organization_update(request: HttpRequest, payload: OrganizationPatch) -> OrganizationOut:
    """Change the organization: the fields sent, the others as they are. Before one is set up,
    `name` is required."""
    by = secretariat(request)
    current = selectors.organization_get()
    sent = payload.model_dump(exclude_unset=True)
    if current.pk is None and "name" not in sent:
        raise field_errors("body", {"name": [msg.ORGANIZATION_NEEDS_NAME]})
    organization = services.organization_set(
        name=sent.get("name", current.name),
        short_name=sent.get("short_name", current.short_name),
        languages=sent.get("languages", current.languages),
        calendar_eras=sent.get("calendar_eras", current.calendar_eras),
        name_translations=sent.get("name_translations", current.name_translations),
        short_name_translations=sent.get(
            "short_name_translations", current.short_name_translations
        ),
        by=by,
    )
    return _organization_out(organization, timezone.localdate())


def _organization_out(organization: Organization, on: dt.date) -> OrganizationOut:
    language = get_language() or "en"
    era_years = [
        year
        for system in selectors.era_systems_for(organization, language=language)
        if (year := era_year(system, on)) is not None
    ]
    return OrganizationOut(
        name=named(organization),
        short_name=named(organization, "short_name"),
        name_translations=organization.name_translations or {},
        short_name_translations=organization.short_name_translations or {},
        languages=list(organization.languages or []),
        calendar_eras=dict(organization.calendar_eras or {}),
        on=on,
        name_on=selectors.organization_name_on(on),
        era_years_on=[
            EraYearOut(
                system=y.system,
                era=y.era,
                year=y.year,
                text=format_era_year(y, language=language),
            )
            for y in era_years
        ],
    )


# --- branches ------------------------------------------------------------------------------


@router.get("/branches", response=answers({200: Page[BranchOut]}))
def branch_list(request: HttpRequest, page: Query[PageQuery]) -> Page[BranchOut]:
    """Every branch, by name."""
    return paginate(
        selectors.branch_list(),
        key=lambda b: (b.name, b.pk),
        query=page,
        render=lambda branches: [_branch_out(b) for b in branches],
    )


@router.get("/branch-tree", response=answers({200: Page[BranchNodeOut]}))
def branch_tree(request: HttpRequest, page: Query[PageQuery]) -> Page[BranchNodeOut]:
    """Branches nested under their parents, each with the bodies the viewer may see; a page
    holds top-level branches, each with all of its parts."""
    return paginate(
        selectors.branch_tree(roles=roles(request)),
        key=lambda node: (node.branch.name, node.branch.pk),
        query=page,
        render=lambda nodes: [_node_out(node) for node in nodes],
    )


@router.get("/branches/{key}", response=answers({200: BranchOut}))
def branch_get(request: HttpRequest, key: str) -> BranchOut:
    return _branch_out(selectors.branch_access(key=key))


@router.post("/branches", response=answers({201: BranchOut}, write=True), auth=WRITE_AUTH)
def branch_create(request: HttpRequest, payload: BranchIn) -> Status[BranchOut]:
    by = secretariat(request)
    refs = OrganizationRefs(roles=roles(request))
    parent = refs.branch("parent", payload.parent)
    refs.check()
    branch = services.branch_create(
        key=payload.key,
        name=payload.name,
        parent=parent,
        country=payload.country,
        founded_on=payload.founded_on,
        name_translations=payload.name_translations,
        by=by,
    )
    return Status(201, _branch_out(branch))


@router.patch("/branches/{key}", response=answers({200: BranchOut}, write=True), auth=WRITE_AUTH)
def branch_update(request: HttpRequest, key: str, payload: BranchPatch) -> BranchOut:
    by = secretariat(request)
    branch = selectors.branch_access(key=key)
    refs = OrganizationRefs(roles=roles(request))
    changes = _changes(payload, {"parent": refs.branch("parent", payload.parent)})
    refs.check()
    return _branch_out(services.branch_update(branch=branch, by=by, **changes))


# --- bodies --------------------------------------------------------------------------------


@router.get("/bodies", response=answers({200: Page[BodyOut]}))
def body_list(request: HttpRequest, query: Query[OnQuery], page: Query[PageQuery]) -> Page[BodyOut]:
    """The bodies the viewer may see, by name, with `active` on `?on=` (today if not given)."""
    viewer, on = roles(request), day_asked(query.on)
    return paginate(
        selectors.body_list(roles=viewer),
        key=lambda b: (b.name, b.pk),
        query=page,
        render=lambda bodies: [_body_out(b, viewer, on) for b in bodies],
    )


@router.get("/bodies/{key}", response=answers({200: BodyOut}))
def body_get(request: HttpRequest, key: str, query: Query[OnQuery]) -> BodyOut:
    viewer = roles(request)
    return _body_out(selectors.body_access(key=key, roles=viewer), viewer, day_asked(query.on))


@router.post("/bodies", response=answers({201: BodyOut}, write=True), auth=WRITE_AUTH)
def body_create(request: HttpRequest, payload: BodyIn) -> Status[BodyOut]:
    by = secretariat(request)
    viewer = roles(request)
    refs = OrganizationRefs(roles=viewer)
    parent = refs.body("parent", payload.parent)
    branch = refs.branch("branch", payload.branch)
    refs.check()
    body = services.body_create(
        key=payload.key,
        name=payload.name,
        kind=payload.kind,
        parent=parent,
        branch=branch,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        purpose=payload.purpose,
        visibility=payload.visibility,
        internal_notes=payload.internal_notes,
        name_translations=payload.name_translations,
        by=by,
    )
    return Status(201, _body_out(body, viewer, timezone.localdate()))


@router.patch("/bodies/{key}", response=answers({200: BodyOut}, write=True), auth=WRITE_AUTH)
def body_update(request: HttpRequest, key: str, payload: BodyPatch) -> BodyOut:
    by = secretariat(request)
    viewer = roles(request)
    body = selectors.body_access(key=key, roles=viewer)
    refs = OrganizationRefs(roles=viewer)
    changes = _changes(
        payload,
        {
            "parent": refs.body("parent", payload.parent),
            "branch": refs.branch("branch", payload.branch),
        },
    )
    refs.check()
    changes.pop("end_appointments_outside", None)
    body = services.body_update(
        body=body, end_appointments_outside=payload.end_appointments_outside, by=by, **changes
    )
    return _body_out(body, viewer, timezone.localdate())


# --- history -------------------------------------------------------------------------------


@router.get("/history", response=answers({200: Page[HistoryEventOut]}))
def history_event_list(request: HttpRequest, page: Query[PageQuery]) -> Page[HistoryEventOut]:
    """The history events the viewer may see, oldest first."""
    viewer = roles(request)
    return paginate(
        selectors.history_timeline(roles=viewer),
        key=lambda e: (e.occurred_on.isoformat(), e.pk),
        query=page,
        render=lambda events: [_event_out(e, viewer) for e in events],
    )


@router.get("/history/{key}", response=answers({200: HistoryEventOut}))
def history_event_get(request: HttpRequest, key: str) -> HistoryEventOut:
    viewer = roles(request)
    return _event_out(selectors.history_event_access(key=key, roles=viewer), viewer)


@router.post("/history", response=answers({201: HistoryEventOut}, write=True), auth=WRITE_AUTH)
def history_event_record(request: HttpRequest, payload: HistoryEventIn) -> Status[HistoryEventOut]:
    by = secretariat(request)
    viewer = roles(request)
    refs = OrganizationRefs(roles=viewer)
    branch = refs.branch("branch", payload.branch)
    body = refs.body("body", payload.body)
    decided_by = refs.body("decided_by", payload.decided_by)
    refs.check()
    event = services.history_event_record(
        key=payload.key,
        kind=payload.kind,
        occurred_on=payload.occurred_on,
        title=payload.title,
        description=payload.description,
        branch=branch,
        body=body,
        old_name=payload.old_name,
        new_name=payload.new_name,
        decided_by=decided_by,
        decision=payload.decision,
        title_translations=payload.title_translations,
        by=by,
    )
    return Status(201, _event_out(event, viewer))


@router.patch(
    "/history/{key}", response=answers({200: HistoryEventOut}, write=True), auth=WRITE_AUTH
)
def history_event_update(
    request: HttpRequest, key: str, payload: HistoryEventPatch
) -> HistoryEventOut:
    by = secretariat(request)
    viewer = roles(request)
    event = selectors.history_event_access(key=key, roles=viewer)
    refs = OrganizationRefs(roles=viewer)
    changes = _changes(
        payload,
        {
            "branch": refs.branch("branch", payload.branch),
            "body": refs.body("body", payload.body),
            "decided_by": refs.body("decided_by", payload.decided_by),
        },
    )
    refs.check()
    if "occurred_on" in changes:
        # The PartialDate itself, not model_dump's dict of it.
        changes["occurred_on"] = payload.occurred_on
    return _event_out(services.history_event_update(event=event, by=by, **changes), viewer)


@router.post("/history/{key}/void", response=answers({200: VoidedOut}, write=True), auth=WRITE_AUTH)
def history_event_void(request: HttpRequest, key: str, payload: VoidIn) -> VoidedOut:
    """Void an event entered in error: it leaves every answer (its anniversaries too) but stays
    in the audit log. An observance kept on its day is changed or voided first."""
    by = secretariat(request)
    event = selectors.history_event_access(key=key, roles=roles(request))
    return voided_out(services.history_event_void(event=event, reason=payload.reason, by=by))


@router.post(
    "/history/{key}/restore", response=answers({200: HistoryEventOut}, write=True), auth=WRITE_AUTH
)
def history_event_restore(request: HttpRequest, key: str) -> HistoryEventOut:
    by = secretariat(request)
    event = HistoryEvent.all_objects.filter(key=key, voided_at__isnull=False).first()
    if event is None:
        raise Http404
    return _event_out(services.history_event_restore(event=event, by=by), roles(request))


@router.get("/anniversaries", response=answers({200: Page[AnniversaryOut]}))
def anniversary_list(
    request: HttpRequest, query: Query[AnniversaryQuery], page: Query[PageQuery]
) -> Page[AnniversaryOut]:
    """The Nth anniversaries of the visible history events within `?start=..&end=` inclusive,
    by date; the range spans at most 100 years."""
    if query.end < query.start:
        message = msg.RANGE_ENDS_BEFORE_START.format(
            end=query.end.isoformat(), start=query.start.isoformat()
        )
        raise field_errors("query", {"end": [message]})
    if not spans_at_most(start=query.start, end=query.end, years=MAX_RANGE_YEARS):
        raise field_errors("query", {"end": [msg.RANGE_TOO_LONG.format(years=MAX_RANGE_YEARS)]})
    viewer = roles(request)
    found = selectors.anniversaries_within(start=query.start, end=query.end, roles=viewer)
    today = day_asked(query.on)
    return paginate(
        found,
        key=lambda a: (a.on.isoformat(), a.subject.occurred_on.isoformat(), a.subject.pk),
        query=page,
        render=lambda anniversaries: [
            AnniversaryOut(
                number=a.number,
                on=a.on,
                precision=DatePrecision(a.precision),
                days_away=(a.on - today).days,
                event=_event_out(a.subject, viewer),
            )
            for a in anniversaries
        ],
    )


# --- observances ---------------------------------------------------------------------------


@router.get("/observances", response=answers({200: Page[ObservanceOut]}))
def observance_list(request: HttpRequest, page: Query[PageQuery]) -> Page[ObservanceOut]:
    """The observances in calendar order of their days."""
    viewer = roles(request)
    return paginate(
        selectors.observance_list(roles=viewer),
        key=lambda o: (*o.month_day, o.name, o.pk),
        query=page,
        render=lambda observances: [_observance_out(o, viewer) for o in observances],
    )


@router.get("/observances/{key}", response=answers({200: ObservanceOut}))
def observance_get(request: HttpRequest, key: str) -> ObservanceOut:
    viewer = roles(request)
    return _observance_out(selectors.observance_access(key=key, roles=viewer), viewer)


@router.get("/upcoming-observances", response=answers({200: Page[UpcomingObservanceOut]}))
def observance_upcoming_list(
    request: HttpRequest, query: Query[UpcomingQuery], page: Query[PageQuery]
) -> Page[UpcomingObservanceOut]:
    """Each observance's next days on or after `?after=` (today), `?years=` of them."""
    viewer = roles(request)
    upcoming = selectors.observances_upcoming(
        after=day_asked(query.after), roles=viewer, years=query.years
    )
    return paginate(
        upcoming,
        key=lambda u: (u.on.isoformat(), u.observance.name, u.observance.pk),
        query=page,
        render=lambda found: [_upcoming_out(u, viewer) for u in found],
    )


@router.post("/observances", response=answers({201: ObservanceOut}, write=True), auth=WRITE_AUTH)
def observance_create(request: HttpRequest, payload: ObservanceIn) -> Status[ObservanceOut]:
    by = secretariat(request)
    viewer = roles(request)
    refs = OrganizationRefs(roles=viewer)
    event = refs.event("event", payload.event)
    decided_by = refs.body("decided_by", payload.decided_by)
    refs.check()
    observance = services.observance_create(
        key=payload.key,
        name=payload.name,
        event=event,
        month=payload.month,
        day=payload.day,
        decided_by=decided_by,
        decided_on=payload.decided_on,
        description=payload.description,
        name_translations=payload.name_translations,
        by=by,
    )
    return Status(201, _observance_out(observance, viewer))


@router.patch(
    "/observances/{key}", response=answers({200: ObservanceOut}, write=True), auth=WRITE_AUTH
)
def observance_update(request: HttpRequest, key: str, payload: ObservancePatch) -> ObservanceOut:
    by = secretariat(request)
    viewer = roles(request)
    observance = selectors.observance_access(key=key, roles=viewer)
    refs = OrganizationRefs(roles=viewer)
    changes = _changes(
        payload,
        {
            "event": refs.event("event", payload.event),
            "decided_by": refs.body("decided_by", payload.decided_by),
        },
    )
    refs.check()
    observance = services.observance_update(observance=observance, by=by, **changes)
    return _observance_out(observance, viewer)


@router.post(
    "/observances/{key}/void", response=answers({200: VoidedOut}, write=True), auth=WRITE_AUTH
)
def observance_void(request: HttpRequest, key: str, payload: VoidIn) -> VoidedOut:
    """Void an observance entered in error: it leaves every answer and the calendar feed."""
    by = secretariat(request)
    observance = selectors.observance_access(key=key, roles=roles(request))
    return voided_out(services.observance_void(observance=observance, reason=payload.reason, by=by))


@router.post(
    "/observances/{key}/restore",
    response=answers({200: ObservanceOut}, write=True),
    auth=WRITE_AUTH,
)
def observance_restore(request: HttpRequest, key: str) -> ObservanceOut:
    by = secretariat(request)
    observance = Observance.all_objects.filter(key=key, voided_at__isnull=False).first()
    if observance is None:
        raise Http404
    return _observance_out(
        services.observance_restore(observance=observance, by=by), roles(request)
    )
