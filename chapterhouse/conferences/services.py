"""Every write to conferences: each a keyword-only function with ``by=``, one transaction, an
audit row, and a journal entry (``events.journal_write``) where live pages follow it. Rows are
locked (``select_for_update``) before any check whose answer the write relies on."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from chapterhouse.access.services import record_restore, record_void
from chapterhouse.conferences import errors as msg
from chapterhouse.conferences import events as ev
from chapterhouse.conferences.access import actor_roles, require_chair
from chapterhouse.conferences.models import (
    MAX_BULK,
    AgendaItem,
    Conference,
    ConferenceSeries,
    Letter,
    LetterPresentation,
    Participant,
    Session,
    SpeakerRequest,
    Speech,
)
from chapterhouse.conferences.selectors import (
    attendance,
    item_audience,
    item_data,
    speaker_data,
)
from chapterhouse.conferences.states import ConferenceState, may_move
from chapterhouse.core.audit import audit_record, snapshot
from chapterhouse.core.changes import apply_changes
from chapterhouse.core.errors import Errors, field_error, integrity_backstop, save_checked
from chapterhouse.organizations.models import Body, Branch, HistoryEvent, Observance
from chapterhouse.organizations.translations import translations_check
from chapterhouse.people.models import Appointment, PartnerOrganization, Person, Position
from chapterhouse.people.services import ResponsibilitySpec, appointment_make

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor


def _locked(conference: Conference) -> Conference:
    """The conference row, locked: its state and settings do not change under the write."""
    return Conference.objects.select_for_update().select_related("series").get(pk=conference.pk)


def _require_not_closed(conference: Conference) -> None:
    if conference.state == ConferenceState.CLOSED:
        raise field_error("conference", msg.CLOSED)


def _require_open(conference: Conference) -> None:
    if conference.state != ConferenceState.OPEN:
        label = ConferenceState(conference.state).label
        raise field_error("conference", msg.NOT_OPEN.format(state=label))


def _public_or_members(conference: Conference) -> str:
    return ev.PUBLIC if conference.visibility == "public" else ev.MEMBERS


# --- series and conferences ----------------------------------------------------------------


@transaction.atomic
def conference_series_create(
    *,
    key: str,
    name: str,
    name_translations: dict[str, str] | None = None,
    gender: str = "f",
    by: Actor,
) -> ConferenceSeries:
    series = ConferenceSeries(
        key=key, name=name, name_translations=dict(name_translations or {}), gender=gender
    )
    errors = Errors()
    translations_check(errors, series)
    errors.check(series)
    save_checked(series)
    audit_record(by=by, action="conference_series.created", obj=series, after=snapshot(series))
    return series


class ConferenceChanges(TypedDict, total=False):
    """The fields ``conference_update`` changes; a field left out is left alone. The state
    changes through ``conference_state_change`` only."""

    kind: str
    convening_body: Body
    preparatory_body: Body | None
    presidium: Body | None
    format: str
    venue: str
    meeting_link: str
    occasion: str
    occasion_observance: Observance | None
    occasion_event: HistoryEvent | None
    starts_on: dt.date
    ends_on: dt.date | None
    visibility: str
    quorum_percent: int
    first_contributions_first: bool
    default_speaking_seconds: int


def _check_conference(errors: Errors, conference: Conference) -> None:
    fmt = conference.format
    if fmt in ("in_person", "hybrid") and not conference.venue.strip():
        errors.add("venue", msg.FORMAT_NEEDS_VENUE)
    if fmt in ("online", "hybrid") and not conference.meeting_link.strip():
        errors.add("meeting_link", msg.FORMAT_NEEDS_LINK)
    if conference.occasion_observance_id is not None and conference.occasion_event_id is not None:
        errors.add("occasion_event", msg.ONE_OCCASION_LINK)
    if conference.ends_on is not None and conference.ends_on < conference.starts_on:
        errors.add(
            "ends_on",
            msg.ENDS_BEFORE_START.format(
                ends_on=conference.ends_on.isoformat(), starts_on=conference.starts_on.isoformat()
            ),
        )
    prep = conference.preparatory_body
    if prep is not None and (prep.starts_on is None or prep.ends_on is None):
        errors.add("preparatory_body", msg.PREPARATORY_NEEDS_MANDATE.format(body=prep.name))
    taken = (
        Conference.objects.filter(series_id=conference.series_id, number=conference.number)
        .exclude(pk=conference.pk)
        .first()
    )
    if taken is not None:
        errors.add(
            "number",
            msg.NUMBER_TAKEN.format(
                series=conference.series.name, number=conference.number, key=taken.key
            ),
        )


@transaction.atomic
def conference_create(
    *,
    key: str,
    series: ConferenceSeries,
    number: int,
    kind: str,
    convening_body: Body,
    format: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    preparatory_body: Body | None = None,
    presidium: Body | None = None,
    venue: str = "",
    meeting_link: str = "",
    occasion: str = "",
    occasion_observance: Observance | None = None,
    occasion_event: HistoryEvent | None = None,
    visibility: str = "public",
    quorum_percent: int = 50,
    first_contributions_first: bool = False,
    default_speaking_seconds: int = 300,
    by: Actor,
) -> Conference:
    conference = Conference(
        key=key,
        series=series,
        number=number,
        kind=kind,
        convening_body=convening_body,
        preparatory_body=preparatory_body,
        presidium=presidium,
        format=format,
        venue=venue.strip(),
        meeting_link=meeting_link.strip(),
        occasion=occasion,
        occasion_observance=occasion_observance,
        occasion_event=occasion_event,
        starts_on=starts_on,
        ends_on=ends_on,
        visibility=visibility,
        quorum_percent=quorum_percent,
        first_contributions_first=first_contributions_first,
        default_speaking_seconds=default_speaking_seconds,
    )
    errors = Errors()
    # The series is locked: two conferences do not take the same number at once.
    ConferenceSeries.objects.select_for_update().filter(pk=series.pk).first()
    _check_conference(errors, conference)
    errors.check(conference)
    with integrity_backstop(
        "number", msg.NUMBER_TAKEN.format(series=series.name, number=number, key=key)
    ):
        save_checked(conference)
    audit_record(by=by, action="conference.created", obj=conference, after=snapshot(conference))
    return conference


@transaction.atomic
def conference_update(
    *, conference: Conference, by: Actor, **changes: Unpack[ConferenceChanges]
) -> Conference:
    """Change the fields given; changing none of them writes nothing."""
    require_chair(conference, by)
    conference = _locked(conference)
    _require_not_closed(conference)
    before = snapshot(conference)
    changed = apply_changes(conference, changes, ConferenceChanges)
    if not changed:
        return conference
    errors = Errors()
    _check_conference(errors, conference)
    errors.check(conference)
    conference.save(update_fields=changed)
    audit_record(
        by=by,
        action="conference.updated",
        obj=conference,
        before=before,
        after=snapshot(conference),
    )
    return conference


@transaction.atomic
def conference_state_change(*, conference: Conference, state: str, by: Actor) -> Conference:
    """Move the conference to ``state`` along ``states.TRANSITIONS``."""
    require_chair(conference, by)
    conference = _locked(conference)
    if not may_move(conference.state, state):
        raise field_error(
            "state",
            msg.BAD_TRANSITION.format(
                current=ConferenceState(conference.state).label,
                target=ConferenceState(state).label if state in ConferenceState.values else state,
            ),
        )
    before = snapshot(conference)
    conference.state = state
    conference.save(update_fields=["state"])
    audit_record(
        by=by,
        action="conference.state_changed",
        obj=conference,
        before=before,
        after=snapshot(conference),
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.ConferenceStateChanged(audience=_public_or_members(conference), state=state),
        by=by,
    )
    return conference


# --- sessions ------------------------------------------------------------------------------


@transaction.atomic
def session_add(
    *, conference: Conference, starts_at: dt.datetime, number: int | None = None, by: Actor
) -> Session:
    require_chair(conference, by)
    conference = _locked(conference)
    _require_not_closed(conference)
    if number is None:
        number = (conference.sessions.aggregate(n=Max("number"))["n"] or 0) + 1
    session = Session(conference=conference, number=number, starts_at=starts_at)
    errors = Errors()
    if conference.sessions.filter(number=number).exists():
        errors.add("number", msg.SESSION_NUMBER_TAKEN.format(number=number))
    errors.check(session)
    session.save()
    audit_record(by=by, action="session.added", obj=session, after=snapshot(session))
    return session


@transaction.atomic
def session_open(*, session: Session, by: Actor) -> Session:
    """Open a scheduled session; the conference must be open and no other session open."""
    conference = _locked(session.conference)
    require_chair(conference, by)
    _require_open(conference)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.state != "scheduled":
        raise field_error(
            "state", msg.SESSION_NOT_SCHEDULED.format(number=session.number, state=session.state)
        )
    other = conference.sessions.filter(state="open").first()
    if other is not None:
        raise field_error("state", msg.SESSION_ALREADY_OPEN.format(number=other.number))
    before = snapshot(session)
    session.state = "open"
    session.save(update_fields=["state"])
    audit_record(
        by=by, action="session.opened", obj=session, before=before, after=snapshot(session)
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.SessionOpened(audience=_public_or_members(conference), number=session.number),
        by=by,
    )
    return session


@transaction.atomic
def session_close(*, session: Session, by: Actor) -> Session:
    conference = _locked(session.conference)
    require_chair(conference, by)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.state != "open":
        raise field_error("state", msg.SESSION_NOT_OPEN.format(number=session.number))
    before = snapshot(session)
    session.state = "closed"
    now = timezone.now()
    session.ends_at = max(now, session.starts_at)
    session.save(update_fields=["state", "ends_at"])
    audit_record(
        by=by, action="session.closed", obj=session, before=before, after=snapshot(session)
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.SessionClosed(audience=_public_or_members(conference), number=session.number),
        by=by,
    )
    return session


# --- participants --------------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantSpec:
    person: Person
    roles: Sequence[str]
    voting_right: bool = False
    weight: Decimal = Decimal(1)
    represents_branch: Branch | None = None
    represents_partner: PartnerOrganization | None = None


def _participant_row(conference: Conference, spec: ParticipantSpec) -> Participant:
    roles = set(spec.roles)
    return Participant(
        conference=conference,
        person=spec.person,
        is_delegate="delegate" in roles,
        is_official="official" in roles,
        is_guest="guest" in roles,
        is_observer="observer" in roles,
        voting_right=spec.voting_right,
        weight=spec.weight,
        represents_branch=spec.represents_branch,
        represents_partner=spec.represents_partner,
        invitation_token=secrets.token_urlsafe(24) if "guest" in roles else None,
    )


def _check_participant(errors: Errors, spec: ParticipantSpec, field: str = "") -> None:
    prefix = f"{field}." if field else ""
    if not spec.roles:
        errors.add(f"{prefix}roles", msg.NEEDS_A_ROLE)
    for role in spec.roles:
        if role not in Participant.ROLES:
            errors.add(f"{prefix}roles", msg.UNKNOWN_ROLE.format(role=role))
    if spec.represents_branch is not None and spec.represents_partner is not None:
        errors.add(f"{prefix}represents_partner", msg.REPRESENTS_ONE)
    if spec.weight < 0:
        errors.add(f"{prefix}weight", msg.NEGATIVE_WEIGHT)


@transaction.atomic
def participants_add(
    *, conference: Conference, participants: Sequence[ParticipantSpec], by: Actor
) -> list[Participant]:
    """Add several participants at once: all or none. Each person once per conference."""
    require_chair(conference, by)
    conference = _locked(conference)
    _require_not_closed(conference)
    errors = Errors()
    errors.check_count("participants", len(participants), MAX_BULK)
    errors.raise_any()
    present = set(conference.participants.values_list("person_id", flat=True))
    seen: set[int] = set()
    rows = []
    for index, spec in enumerate(participants):
        field = f"participants.{index}"
        _check_participant(errors, spec, field)
        if spec.person.pk in present or spec.person.pk in seen:
            errors.add(
                f"{field}.person", msg.ALREADY_PARTICIPANT.format(person=spec.person.display_name)
            )
        seen.add(spec.person.pk)
        row = _participant_row(conference, spec)
        # The related rows are given as objects: checking each one's existence again would
        # cost a query per row (thousands in an import).
        errors.check_row(
            "participants",
            index,
            row,
            exclude=("conference", "person", "represents_branch", "represents_partner"),
        )
        rows.append(row)
    errors.raise_any()
    with integrity_backstop("participants", msg.ALREADY_PARTICIPANT.format(person="")):
        made = Participant.objects.bulk_create(rows)
    # One audit row for the whole list (thousands at once): each participant's values in it.
    audit_record(
        by=by,
        action="participants.added",
        obj=conference,
        after={"participants": [_participant_snapshot(p) for p in made]},
    )
    return made


def _participant_snapshot(participant: Participant) -> dict[str, object]:
    data = snapshot(participant, exclude=("invitation_token",))
    data["person"] = participant.person.key
    return data


def participant_add(*, conference: Conference, spec: ParticipantSpec, by: Actor) -> Participant:
    """Add one participant (``participants_add`` with one; errors keyed as for one)."""
    try:
        return participants_add(conference=conference, participants=[spec], by=by)[0]
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {k.removeprefix("participants.0."): v for k, v in error.error_dict.items()}
        ) from None


class ParticipantChanges(TypedDict, total=False):
    voting_right: bool
    weight: Decimal
    represents_branch: Branch | None
    represents_partner: PartnerOrganization | None


@transaction.atomic
def participant_update(
    *,
    participant: Participant,
    roles: Sequence[str] | None = None,
    by: Actor,
    **changes: Unpack[ParticipantChanges],
) -> Participant:
    conference = _locked(participant.conference)
    require_chair(conference, by)
    _require_not_closed(conference)
    participant = (
        Participant.objects.select_for_update().select_related("person").get(pk=participant.pk)
    )
    before = _participant_snapshot(participant)
    changed = apply_changes(participant, changes, ParticipantChanges)
    if roles is not None:
        for role in Participant.ROLES:
            if getattr(participant, f"is_{role}") != (role in roles):
                setattr(participant, f"is_{role}", role in roles)
                changed.append(f"is_{role}")
        if participant.is_guest and not participant.invitation_token:
            participant.invitation_token = secrets.token_urlsafe(24)
            changed.append("invitation_token")
    if not changed:
        return participant
    errors = Errors()
    spec = ParticipantSpec(
        person=participant.person,
        roles=participant.roles,
        weight=participant.weight,
        represents_branch=participant.represents_branch,
        represents_partner=participant.represents_partner,
    )
    _check_participant(errors, spec)
    errors.check(participant)
    participant.save(update_fields=changed)
    audit_record(
        by=by,
        action="participant.updated",
        obj=participant,
        before=before,
        after=_participant_snapshot(participant),
    )
    return participant


def _journal_attendance(conference: Conference, by: Actor) -> None:
    counts = attendance(conference=conference)
    ev.journal_write(
        scope=conference.scope,
        event=ev.AttendanceCounted(
            audience=_public_or_members(conference),
            present=counts.present,
            entitled=counts.entitled,
            present_weight=str(counts.present_weight),
            entitled_weight=str(counts.entitled_weight),
            quorum_met=counts.quorum_met,
        ),
        by=by,
    )


@transaction.atomic
def participants_check_in(
    *,
    conference: Conference,
    persons: Sequence[Person] = (),
    branch: Branch | None = None,
    by: Actor,
) -> int:
    """Check in the participants who are ``persons`` (a list), or every participant who
    represents ``branch`` (a delegation). Someone not invited is refused and nothing is
    written; someone already checked in stays as they were. Returns how many were checked in
    now; one attendance event follows, however many."""
    require_chair(conference, by)
    conference = _locked(conference)
    _require_not_closed(conference)
    errors = Errors()
    errors.check_count("persons", len(persons), MAX_BULK)
    if branch is not None and persons:
        errors.add("branch", msg.PERSONS_OR_BRANCH)
    errors.raise_any()
    rows = conference.participants.select_for_update()
    if branch is not None:
        rows = rows.filter(represents_branch=branch)
    else:
        rows = rows.filter(person__in=[p.pk for p in persons])
    found = list(rows)
    invited = {p.person_id for p in found}
    for index, person in enumerate(persons):
        if person.pk not in invited:
            errors.add(f"persons.{index}", msg.NOT_INVITED.format(who=person.display_name))
    errors.raise_any()
    now = timezone.now()
    fresh = [p for p in found if p.checked_in_at is None]
    if not fresh:
        return 0
    Participant.objects.filter(pk__in=[p.pk for p in fresh]).update(checked_in_at=now)
    # One audit row and one journal entry however many are checked in at once.
    keys = dict(Person.objects.filter(pk__in=[p.person_id for p in fresh]).values_list("pk", "key"))
    audit_record(
        by=by,
        action="participants.checked_in",
        obj=conference,
        after={"at": now.isoformat(), "persons": sorted(keys.values())},
    )
    _journal_attendance(conference, by)
    return len(fresh)


@transaction.atomic
def participant_check_in_by_token(*, token: str, by: Actor) -> Participant:
    """Check in the guest whose invitation link (QR code) carries ``token``."""
    participant = (
        Participant.objects.select_for_update()
        .select_related("conference", "person")
        .filter(invitation_token=token)
        .first()
        if token
        else None
    )
    if participant is None:
        raise field_error("token", msg.BAD_TOKEN)
    conference = _locked(participant.conference)
    _require_not_closed(conference)
    if participant.checked_in_at is None:
        before = _participant_snapshot(participant)
        participant.checked_in_at = timezone.now()
        participant.save(update_fields=["checked_in_at"])
        audit_record(
            by=by,
            action="participant.checked_in",
            obj=participant,
            before=before,
            after=_participant_snapshot(participant),
        )
        _journal_attendance(conference, by)
    return participant


# --- CSV import ----------------------------------------------------------------------------

CSV_COLUMNS = ("person", "roles", "voting_right", "weight", "branch", "partner")
_YES = {"yes", "y", "true", "1", "x"}
_NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str


@dataclass(frozen=True)
class ImportPreview:
    participants: list[ParticipantSpec]
    errors: list[RowError]


def participants_import_preview(*, conference: Conference, text: str) -> ImportPreview:
    """Read a CSV of participants (a header row, then one row each: ``person`` key,
    ``roles`` separated by spaces or ``;``, ``voting_right`` yes/no, ``weight``, ``branch``
    key, ``partner`` key) and return what it would add and every bad row (line, field,
    message). Writes nothing; ``participants_import`` writes only a file with no bad row."""
    errors: list[RowError] = []
    if "\x00" in text:
        return ImportPreview([], [RowError(1, "file", msg.CSV_UNREADABLE)])
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "person" not in header:
        return ImportPreview([], [RowError(1, "person", msg.CSV_NO_HEADER)])
    for column in header:
        if column not in CSV_COLUMNS:
            errors.append(
                RowError(
                    1,
                    column,
                    msg.CSV_UNKNOWN_COLUMN.format(column=column, known=", ".join(CSV_COLUMNS)),
                )
            )
    rows: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        line = reader.line_num
        if len(rows) >= MAX_BULK:
            errors.append(RowError(line, "file", msg.CSV_TOO_LARGE.format(maximum=MAX_BULK)))
            break
        rows.append(
            (
                line,
                {
                    (k or "").strip(): (v or "").strip()
                    for k, v in row.items()
                    if isinstance(v, str)
                },
            )
        )
    keys = {r.get("person", "") for _, r in rows}
    persons = {p.key: p for p in Person.objects.filter(key__in=keys)}
    branches = {
        b.key: b for b in Branch.objects.filter(key__in={r.get("branch", "") for _, r in rows})
    }
    partners = {
        p.key: p
        for p in PartnerOrganization.objects.filter(key__in={r.get("partner", "") for _, r in rows})
    }
    present = set(conference.participants.values_list("person__key", flat=True))
    first_line: dict[str, int] = {}
    specs: list[ParticipantSpec] = []
    for line, row in rows:
        bad = len(errors)
        key = row.get("person", "")
        person = persons.get(key)
        if person is None:
            errors.append(RowError(line, "person", msg.CSV_UNKNOWN_PERSON.format(key=key)))
        elif key in present:
            errors.append(
                RowError(line, "person", msg.ALREADY_PARTICIPANT.format(person=person.display_name))
            )
        elif key in first_line:
            errors.append(
                RowError(line, "person", msg.CSV_DUPLICATE.format(key=key, line=first_line[key]))
            )
        first_line.setdefault(key, line)
        roles = [r for r in row.get("roles", "").replace(";", " ").split() if r]
        if not roles:
            errors.append(RowError(line, "roles", msg.NEEDS_A_ROLE))
        for role in roles:
            if role not in Participant.ROLES:
                errors.append(RowError(line, "roles", msg.UNKNOWN_ROLE.format(role=role)))
        voting = row.get("voting_right", "").lower()
        if voting not in _YES | _NO:
            errors.append(RowError(line, "voting_right", msg.CSV_BAD_BOOLEAN.format(value=voting)))
        weight_text = row.get("weight", "") or "1"
        try:
            weight = Decimal(weight_text)
            if not weight.is_finite() or weight < 0 or weight >= 100_000:
                raise InvalidOperation
            weight = weight.quantize(Decimal("0.001"))
        except InvalidOperation:
            errors.append(RowError(line, "weight", msg.CSV_BAD_WEIGHT.format(value=weight_text)))
            weight = Decimal(1)
        branch_key, partner_key = row.get("branch", ""), row.get("partner", "")
        branch = branches.get(branch_key)
        partner = partners.get(partner_key)
        if branch_key and branch is None:
            errors.append(RowError(line, "branch", msg.CSV_UNKNOWN_BRANCH.format(key=branch_key)))
        if partner_key and partner is None:
            errors.append(
                RowError(line, "partner", msg.CSV_UNKNOWN_PARTNER.format(key=partner_key))
            )
        if branch_key and partner_key:
            errors.append(RowError(line, "partner", msg.REPRESENTS_ONE))
        if len(errors) == bad and person is not None:
            specs.append(
                ParticipantSpec(
                    person=person,
                    roles=roles,
                    voting_right=voting in _YES,
                    weight=weight,
                    represents_branch=branch,
                    represents_partner=partner,
                )
            )
    return ImportPreview(specs if not errors else [], errors)


@transaction.atomic
def participants_import(*, conference: Conference, text: str, by: Actor) -> ImportPreview:
    """Add the participants of a CSV file if it has no bad row; otherwise write nothing and
    return the bad rows (as ``participants_import_preview``)."""
    require_chair(conference, by)
    _locked(conference)
    preview = participants_import_preview(conference=conference, text=text)
    if not preview.errors:
        participants_add(conference=conference, participants=preview.participants, by=by)
    return preview


# --- agenda --------------------------------------------------------------------------------


def _next_position(conference: Conference, parent: AgendaItem | None) -> int:
    top = conference.agenda_items.filter(parent=parent).aggregate(n=Max("position"))["n"]
    return 0 if top is None else top + 1


@transaction.atomic
def agenda_item_add(
    *,
    conference: Conference,
    title: str,
    kind: str,
    parent: AgendaItem | None = None,
    planned_minutes: int = 0,
    is_internal: bool = False,
    is_hidden: bool = False,
    title_translations: dict[str, str] | None = None,
    by: Actor,
) -> AgendaItem:
    """Add an item at the end of its parent's items (or of the agenda)."""
    require_chair(conference, by)
    conference = _locked(conference)
    _require_not_closed(conference)
    errors = Errors()
    if parent is not None and parent.conference_id != conference.pk:
        errors.add("parent", msg.ITEM_OTHER_CONFERENCE)
        errors.raise_any()
    if parent is not None:  # an item is never more visible than the item it is under
        is_internal = is_internal or parent.is_internal
        is_hidden = is_hidden or parent.is_hidden
    item = AgendaItem(
        conference=conference,
        parent=parent,
        position=_next_position(conference, parent),
        kind=kind,
        title=title.strip(),
        title_translations=dict(title_translations or {}),
        planned_minutes=planned_minutes,
        is_internal=is_internal,
        is_hidden=is_hidden,
    )
    translations_check(errors, item)
    errors.check(item)
    item.save()
    audit_record(by=by, action="agenda_item.added", obj=item, after=snapshot(item))
    ev.journal_write(
        scope=conference.scope,
        event=ev.ItemAdded(audience=item_audience(conference, item), item=item_data(item)),
        by=by,
    )
    return item


def _inherit_flags(items: dict[int, AgendaItem], top: AgendaItem) -> None:
    """Make every item under ``top`` at least as hidden and internal as ``top``."""
    changed: list[AgendaItem] = []

    def walk(parent: AgendaItem) -> None:
        for child in (i for i in items.values() if i.parent_id == parent.pk):
            internal = child.is_internal or parent.is_internal
            hidden = child.is_hidden or parent.is_hidden
            if (internal, hidden) != (child.is_internal, child.is_hidden):
                child.is_internal, child.is_hidden = internal, hidden
                changed.append(child)
            walk(child)

    walk(top)
    AgendaItem.objects.bulk_update(changed, ["is_internal", "is_hidden"])


@transaction.atomic
def agenda_item_move(
    *, item: AgendaItem, parent: AgendaItem | None, position: int, by: Actor
) -> AgendaItem:
    """Put ``item`` under ``parent`` (None: the top level) at ``position`` among its new
    siblings (0 first; past the end: last). Refused under itself or its own descendants."""
    conference = _locked(item.conference)
    require_chair(conference, by)
    _require_not_closed(conference)
    items = {i.pk: i for i in conference.agenda_items.select_for_update()}
    item = items[item.pk]
    errors = Errors()
    if parent is not None:
        if parent.pk not in items:
            errors.add("parent", msg.ITEM_OTHER_CONFERENCE)
        else:
            cursor: AgendaItem | None = items[parent.pk]
            while cursor is not None:  # walk up from the new parent: is the item above it?
                if cursor.pk == item.pk:
                    errors.add("parent", msg.ITEM_UNDER_ITSELF)
                    break
                cursor = items.get(cursor.parent_id) if cursor.parent_id else None
    if position < 0:
        errors.add("position", msg.REORDER_MISMATCH)
    errors.raise_any()
    before = snapshot(item)
    audience_before = item_audience(conference, item)
    parent_id = parent.pk if parent is not None else None
    siblings = sorted(
        (i for i in items.values() if i.parent_id == parent_id and i.pk != item.pk),
        key=lambda i: (i.position, i.pk),
    )
    siblings.insert(min(position, len(siblings)), item)
    old_parent_id = item.parent_id
    item.parent_id = parent_id
    for index, sibling in enumerate(siblings):
        sibling.position = index
    if old_parent_id != parent_id:  # close the gap the item leaves among its old siblings
        left = sorted(
            (i for i in items.values() if i.parent_id == old_parent_id and i.pk != item.pk),
            key=lambda i: (i.position, i.pk),
        )
        for index, sibling in enumerate(left):
            sibling.position = index
        siblings += left
    AgendaItem.objects.bulk_update(siblings, ["position", "parent"])
    if parent is not None:  # under a hidden or internal item, it and its items become so too
        _inherit_flags(items, items[parent.pk])
    audit_record(by=by, action="agenda_item.moved", obj=item, before=before, after=snapshot(item))
    audience = ev.wider(audience_before, item_audience(conference, item))
    ev.journal_write(
        scope=conference.scope,
        event=ev.ItemMoved(audience=audience, item=item_data(item)),
        by=by,
    )
    return item


@transaction.atomic
def agenda_item_set_current(*, item: AgendaItem, by: Actor) -> AgendaItem:
    """Make ``item`` the conference's current item (the one before it stops being current)."""
    conference = _locked(item.conference)
    require_chair(conference, by)
    _require_open(conference)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.is_done:
        raise field_error("item", msg.ITEM_DONE)
    conference.agenda_items.filter(is_current=True).exclude(pk=item.pk).update(is_current=False)
    before = snapshot(item)
    if not item.is_current:
        item.is_current = True
        item.save(update_fields=["is_current"])
    audit_record(by=by, action="agenda_item.opened", obj=item, before=before, after=snapshot(item))
    speaking = item.speakers.filter(state="speaking").select_related("participant__person").first()
    ev.journal_write(
        scope=conference.scope,
        event=ev.ItemOpened(
            audience=item_audience(conference, item),
            item=item_data(item),
            speaker=speaker_data(speaking) if speaking else None,
        ),
        by=by,
    )
    return item


@transaction.atomic
def agenda_item_mark_done(*, item: AgendaItem, by: Actor) -> AgendaItem:
    conference = _locked(item.conference)
    require_chair(conference, by)
    _require_not_closed(conference)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    speaking = item.speakers.filter(state="speaking").select_related("participant__person").first()
    if speaking is not None:
        raise field_error(
            "item", msg.SOMEONE_SPEAKING.format(person=speaking.participant.person.display_name)
        )
    if item.is_done:
        return item
    before = snapshot(item)
    item.is_done, item.is_current = True, False
    item.save(update_fields=["is_done", "is_current"])
    audit_record(by=by, action="agenda_item.done", obj=item, before=before, after=snapshot(item))
    ev.journal_write(
        scope=conference.scope,
        event=ev.ItemDone(audience=item_audience(conference, item), item=item_data(item)),
        by=by,
    )
    return item


# --- speakers ------------------------------------------------------------------------------


MAX_SPEAKING_SECONDS = 7200


def _speaker_event_audience(item: AgendaItem) -> str:
    return item_audience(item.conference, item)


def _waiting(item: AgendaItem) -> list[SpeakerRequest]:
    return list(
        item.speakers.select_for_update().filter(state="requested").order_by("position", "id")
    )


def _renumber(rows: list[SpeakerRequest]) -> None:
    for index, row in enumerate(rows):
        row.position = index
    SpeakerRequest.objects.bulk_update(rows, ["position"])


@transaction.atomic
def speaker_request(
    *, item: AgendaItem, participant: Participant, point_of_order: bool = False, by: Actor
) -> SpeakerRequest:
    """Put ``participant`` on ``item``'s list of speakers. A delegate asks for themselves;
    the chair may add anyone. Points of order go before every other waiting request (after
    earlier points of order); with the fairness option, a first contribution on the item goes
    before every second one. The same person waiting twice is refused."""
    conference = _locked(item.conference)
    roles = actor_roles(by)
    if participant.conference_id != conference.pk:
        raise field_error("participant", msg.NOT_A_SPEAKER)
    if roles is not None:
        try:
            require_chair(conference, by)
        except PermissionDenied:
            if roles.person_id is None or roles.person_id != participant.person_id:
                raise
    _require_open(conference)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.is_done:
        raise field_error("item", msg.ITEM_DONE)
    waiting = _waiting(item)
    person = participant.person
    if item.speakers.filter(
        participant=participant, point_of_order=point_of_order, state__in=["requested", "speaking"]
    ).exists():
        raise field_error("participant", msg.SPEAKER_TWICE.format(person=person.display_name))
    request = SpeakerRequest(item=item, participant=participant, point_of_order=point_of_order)
    if point_of_order:
        at = sum(1 for w in waiting if w.point_of_order)
    elif (
        conference.first_contributions_first
        and not item.speakers.filter(participant=participant, state="done").exists()
    ):
        spoken = set(item.speakers.filter(state="done").values_list("participant_id", flat=True))
        at = len(waiting)
        for index, w in enumerate(waiting):
            if not w.point_of_order and w.participant_id in spoken:
                at = index
                break
    else:
        at = len(waiting)
    with integrity_backstop("participant", msg.SPEAKER_TWICE.format(person=person.display_name)):
        request.save()
    waiting.insert(at, request)
    _renumber(waiting)
    audit_record(by=by, action="speaker.requested", obj=request, after=snapshot(request))
    ev.journal_write(
        scope=conference.scope,
        event=ev.SpeakerRequested(
            audience=_speaker_event_audience(item), speaker=speaker_data(request)
        ),
        by=by,
    )
    return request


def _locked_request(request: SpeakerRequest) -> tuple[Conference, SpeakerRequest]:
    conference = _locked(request.item.conference)
    request = (
        SpeakerRequest.objects.select_for_update()
        .select_related("item__conference", "participant__person")
        .get(pk=request.pk)
    )
    return conference, request


@transaction.atomic
def speaker_withdraw(*, request: SpeakerRequest, by: Actor) -> SpeakerRequest:
    """Take a waiting request off the list: the person themselves, or the chair."""
    conference, request = _locked_request(request)
    roles = actor_roles(by)
    if roles is not None:
        try:
            require_chair(conference, by)
        except PermissionDenied:
            if roles.person_id != request.participant.person_id:
                raise PermissionDenied(msg.NOT_YOUR_REQUEST) from None
    if request.state != "requested":
        raise field_error("state", msg.SPEAKER_NOT_WAITING.format(state=request.state))
    before = snapshot(request)
    request.state = "withdrawn"
    request.save(update_fields=["state"])
    _renumber(_waiting(request.item))
    audit_record(
        by=by, action="speaker.withdrawn", obj=request, before=before, after=snapshot(request)
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.SpeakerWithdrawn(
            audience=_speaker_event_audience(request.item), speaker=speaker_data(request)
        ),
        by=by,
    )
    return request


@transaction.atomic
def speakers_reorder(*, item: AgendaItem, order: Sequence[int], by: Actor) -> list[SpeakerRequest]:
    """Put the waiting requests of ``item`` in ``order`` (their ids, each exactly once)."""
    conference = _locked(item.conference)
    require_chair(conference, by)
    _require_open(conference)
    item = AgendaItem.objects.select_for_update().select_related("conference").get(pk=item.pk)
    waiting = {w.pk: w for w in _waiting(item)}
    if len(order) != len(set(order)) or set(order) != set(waiting):
        raise field_error("order", msg.REORDER_MISMATCH)
    rows = [waiting[pk] for pk in order]
    _renumber(rows)
    audit_record(by=by, action="speakers.reordered", obj=item, after={"order": list(order)})
    ev.journal_write(
        scope=conference.scope,
        event=ev.SpeakersReordered(
            audience=_speaker_event_audience(item), item=item.pk, order=list(order)
        ),
        by=by,
    )
    return rows


@transaction.atomic
def speaker_start(
    *, request: SpeakerRequest, seconds: int | None = None, by: Actor
) -> SpeakerRequest:
    """Give the floor to a waiting speaker, with a countdown of ``seconds`` (the
    conference's speaking time if not given). Nobody else may be speaking on the item."""
    conference, request = _locked_request(request)
    require_chair(conference, by)
    _require_open(conference)
    if request.state != "requested":
        raise field_error("state", msg.SPEAKER_NOT_WAITING.format(state=request.state))
    if seconds is not None and not 10 <= seconds <= MAX_SPEAKING_SECONDS:
        raise field_error("seconds", msg.BAD_SECONDS.format(maximum=MAX_SPEAKING_SECONDS))
    item = (
        AgendaItem.objects.select_for_update().select_related("conference").get(pk=request.item_id)
    )
    speaking = item.speakers.filter(state="speaking").select_related("participant__person").first()
    if speaking is not None:
        raise field_error(
            "state", msg.SOMEONE_SPEAKING.format(person=speaking.participant.person.display_name)
        )
    before = snapshot(request)
    request.state = "speaking"
    request.started_at = timezone.now()
    request.granted_seconds = seconds or conference.default_speaking_seconds
    request.save(update_fields=["state", "started_at", "granted_seconds"])
    _renumber(_waiting(item))
    audit_record(
        by=by, action="speaker.started", obj=request, before=before, after=snapshot(request)
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.SpeakerStarted(
            audience=_speaker_event_audience(item),
            speaker=speaker_data(request),
            countdown_seconds=request.granted_seconds,
        ),
        by=by,
    )
    return request


@transaction.atomic
def speaker_stop(*, request: SpeakerRequest, by: Actor) -> SpeakerRequest:
    conference, request = _locked_request(request)
    require_chair(conference, by)
    if request.state != "speaking" or request.started_at is None:
        raise field_error("state", msg.SPEAKER_NOT_SPEAKING)
    before = snapshot(request)
    now = max(timezone.now(), request.started_at)
    request.state = "done"
    request.stopped_at = now
    request.speaking_seconds = int((now - request.started_at).total_seconds())
    request.save(update_fields=["state", "stopped_at", "speaking_seconds"])
    audit_record(
        by=by, action="speaker.stopped", obj=request, before=before, after=snapshot(request)
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.SpeakerStopped(
            audience=_speaker_event_audience(request.item), speaker=speaker_data(request)
        ),
        by=by,
    )
    return request


# --- speeches ------------------------------------------------------------------------------


@transaction.atomic
def speech_record(
    *,
    conference: Conference,
    speaker: Person,
    title: str,
    text: str = "",
    item: AgendaItem | None = None,
    published: bool = False,
    by: Actor,
) -> Speech:
    """Record a speech delivered (its full text as Markdown, stored as written)."""
    require_chair(conference, by)
    conference = _locked(conference)
    _require_not_closed(conference)
    errors = Errors()
    if item is not None and item.conference_id != conference.pk:
        errors.add("item", msg.ITEM_OTHER_CONFERENCE)
    speech = Speech(
        conference=conference,
        item=item,
        speaker=speaker,
        title=title.strip(),
        text=text,
        published=published,
    )
    errors.check(speech)
    speech.save()
    audit_record(by=by, action="speech.delivered", obj=speech, after=snapshot(speech))
    audience = (
        item_audience(conference, item) if item is not None else _public_or_members(conference)
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.SpeechDelivered(
            audience=audience,
            speech=speech.pk,
            item=item.pk if item else None,
            speaker=speaker.display_name,
            title=speech.title,
        ),
        by=by,
    )
    if published:
        ev.journal_write(
            scope=conference.scope,
            event=ev.SpeechPublished(audience=audience, speech=speech.pk, title=speech.title),
            by=by,
        )
    return speech


@transaction.atomic
def speech_publish(*, speech: Speech, by: Actor) -> Speech:
    """Publish a speech's full text (beside the minutes and in the report)."""
    conference = _locked(speech.conference)
    require_chair(conference, by)
    speech = Speech.objects.select_for_update(of=("self",)).select_related("item").get(pk=speech.pk)
    if speech.published:
        return speech
    before = snapshot(speech)
    speech.published = True
    speech.save(update_fields=["published"])
    audit_record(
        by=by, action="speech.published", obj=speech, before=before, after=snapshot(speech)
    )
    item = speech.item
    audience = (
        item_audience(conference, item) if item is not None else _public_or_members(conference)
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.SpeechPublished(audience=audience, speech=speech.pk, title=speech.title),
        by=by,
    )
    return speech


@transaction.atomic
def speech_void(*, speech: Speech, reason: str, by: Actor) -> Speech:
    """Void a speech entered in error: it leaves the conference's pages, the projector, the
    API, the dossier and the journal as everyone but the chair level sees it; the audit log
    keeps it and it can be restored."""
    conference = _locked(speech.conference)
    require_chair(conference, by)
    speech = Speech.all_objects.select_for_update(of=("self",)).get(pk=speech.pk)
    record_void(obj=speech, reason=reason, errors=Errors(), by=by)
    return speech


@transaction.atomic
def speech_restore(*, speech: Speech, by: Actor) -> Speech:
    """Bring a voided speech back as it was."""
    conference = _locked(speech.conference)
    require_chair(conference, by)
    speech = Speech.all_objects.select_for_update(of=("self",)).get(pk=speech.pk)
    record_restore(obj=speech, errors=Errors(), by=by)
    return speech


# --- letters -------------------------------------------------------------------------------


@transaction.atomic
def letter_register(
    *,
    key: str,
    direction: str,
    subject: str,
    dated_on: dt.date,
    partner: PartnerOrganization | None = None,
    person: Person | None = None,
    body: Body | None = None,
    occasion: str = "",
    text: str = "",
    by: Actor,
) -> Letter:
    """Enter a letter in the register: from (or to) a partner organization or a person, to
    (or from) the organization or one of its bodies."""
    letter = Letter(
        key=key,
        direction=direction,
        subject=subject.strip(),
        dated_on=dated_on,
        partner=partner,
        person=person,
        body=body,
        occasion=occasion,
        text=text,
    )
    errors = Errors()
    if (partner is None) == (person is None):
        errors.add("partner", msg.LETTER_CORRESPONDENT)
    errors.check(letter)
    save_checked(letter)
    audit_record(by=by, action="letter.registered", obj=letter, after=snapshot(letter))
    return letter


@transaction.atomic
def letter_present(*, letter: Letter, item: AgendaItem, by: Actor) -> LetterPresentation:
    """Present ``letter`` at ``item`` (a greeting read out). Refused at a closed conference."""
    conference = _locked(item.conference)
    require_chair(conference, by)
    _require_not_closed(conference)
    letter = (
        Letter.objects.select_for_update(of=("self",))
        .select_related("partner", "person")
        .get(pk=letter.pk)
    )
    if LetterPresentation.objects.filter(letter=letter, item=item).exists():
        raise field_error("letter", msg.LETTER_ALREADY_PRESENTED)
    presentation = LetterPresentation(letter=letter, item=item)
    with integrity_backstop("letter", msg.LETTER_ALREADY_PRESENTED):
        presentation.save()
    audit_record(by=by, action="letter.presented", obj=presentation, after=snapshot(presentation))
    correspondent = (
        letter.partner.name
        if letter.partner
        else (letter.person.display_name if letter.person else "")
    )
    ev.journal_write(
        scope=conference.scope,
        event=ev.LetterPresented(
            audience=item_audience(conference, item),
            letter=letter.key,
            item=item.pk,
            subject=letter.subject,
            correspondent=correspondent,
        ),
        by=by,
    )
    return presentation


@transaction.atomic
def letter_void(*, letter: Letter, reason: str, by: Actor) -> Letter:
    """Void a letter entered in error: it leaves the register, its presentations leave the
    conference's pages and journal as everyone but the chair level sees them; the audit log
    keeps it and it can be restored."""
    letter = Letter.all_objects.select_for_update().get(pk=letter.pk)
    record_void(obj=letter, reason=reason, errors=Errors(), by=by)
    return letter


@transaction.atomic
def letter_restore(*, letter: Letter, by: Actor) -> Letter:
    """Bring a voided letter back into the register as it was."""
    letter = Letter.all_objects.select_for_update().get(pk=letter.pk)
    record_restore(obj=letter, errors=Errors(), by=by)
    return letter


# --- appointments made at a conference -----------------------------------------------------


@transaction.atomic
def conference_appointment_make(
    *,
    conference: Conference,
    person: Person,
    body: Body,
    position: Position,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    appointed_by: Person | None = None,
    decided_by: Body | None = None,
    responsibilities: Sequence[ResponsibilitySpec] = (),
    by: Actor,
) -> Appointment:
    """An appointment made during the conference: made by ``people.services.appointment_make``
    (its checks, its audit row), and recorded in the conference's journal. An appointment in a
    body the public may not see is journaled for the members only."""
    require_chair(conference, by)
    conference = _locked(conference)
    _require_open(conference)
    appointment = appointment_make(
        person=person,
        body=body,
        position=position,
        starts_on=starts_on,
        ends_on=ends_on,
        appointed_by=appointed_by,
        decided_by=decided_by,
        responsibilities=responsibilities,
        by=by,
    )
    audience = _public_or_members(conference)
    if body.visibility != "public":
        audience = ev.narrower(audience, ev.CHAIR)
    ev.journal_write(
        scope=conference.scope,
        event=ev.AppointmentMade(
            audience=audience,
            person=person.display_name,
            position=position.name,
            body=body.name,
            starts_on=starts_on.isoformat(),
            responsibilities=[
                {
                    "duty": r.duty.name,
                    "branch": r.branch.name if r.branch is not None else "",
                    "country": r.country,
                }
                for r in responsibilities
            ],
        ),
        by=by,
    )
    return appointment
