"""The conferences context's dossier sections: conference series, conferences (with their
sessions and motion rules), participants, agendas, letters, speeches, motions (with their
amendments and supporters) and the conferences' journals; their schema fragment is
``dossier.schema.json`` beside this module.

Each export reads the context's models in a fixed order; each apply writes through the
context's services, with the importer's machinery (``dossier.importer``). Persons, bodies,
branches, partner organizations, observances and history events are named by key and resolve
against what the organizations and people contexts' sections found or made earlier in the same
import. Agenda items have no key: they are named by their place in the agenda, ``"3"`` or
``"6.1"`` (counted from 1, as the agenda numbers them).

States are reached the way the application reaches them: a conference is created planned, its
sessions scheduled, its motions submitted, and each then moves along the allowed transitions to
the state the file gives (a conference is opened to open or close its sessions and to make an
item current). The conferences' states move last, in the ``conference_journal`` section's
apply, once everything that can only be written before a conference closes is written. The
journal itself is a record: it is restored as written, not replayed through the services.
Registered in ``ConferencesConfig.ready``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any, cast

from django.utils.translation import gettext_lazy

from chapterhouse.conferences import events as ev
from chapterhouse.conferences import services
from chapterhouse.conferences.models import (
    AgendaItem,
    Amendment,
    Conference,
    ConferenceSeries,
    Letter,
    LetterPresentation,
    Motion,
    MotionState,
    MotionSupporter,
    MotionWorkflow,
    Participant,
    Session,
    Speech,
)
from chapterhouse.conferences.motion_services import (
    amendment_state_change,
    amendment_submit,
    motion_admit,
    motion_put_on_agenda,
    motion_recommend,
    motion_state_change,
    motion_submit,
    motion_support,
    motion_unsupport,
    motion_update,
    motion_workflow_update,
    workflow_for,
)
from chapterhouse.conferences.states import TRANSITIONS, ConferenceState
from chapterhouse.core.models import JournalEntry
from chapterhouse.dossier.exporting import Row, compact, keys_by_id
from chapterhouse.dossier.exporting import translations as translations_out
from chapterhouse.dossier.importer import Importer, RowRefs, changes, date, text, translations
from chapterhouse.dossier.registry import Section
from chapterhouse.dossier.yamlio import Path
from chapterhouse.organizations import errors as org_msg
from chapterhouse.organizations.models import Body, Branch, HistoryEvent, Observance
from chapterhouse.people import errors as people_msg
from chapterhouse.people.models import PartnerOrganization, Person


def _(message: str) -> str:
    """Mark ``message`` for translation; lazy, typed as the ``str`` it stands for."""
    return cast(str, gettext_lazy(message))


UNKNOWN_SERIES = _("There is no conference series with the key {key!r}.")
UNKNOWN_CONFERENCE = _("There is no conference with the key {key!r}.")
UNKNOWN_OBSERVANCE = _("There is no observance with the key {key!r}.")
UNKNOWN_ITEM = _("The conference's agenda has no item {key}.")
UNKNOWN_LETTER = _("There is no letter with the key {key!r}.")
NOT_CHANGED_BY_IMPORT = _(
    "This {kind} differs from the one recorded ({fields}), and an import cannot change it: "
    "change it in the application."
)
CANNOT_UNDO = _("An import cannot undo this: {what}.")
GIVEN_TWICE = _("This {kind} is given twice (see above).")
NUMBER_OUT_OF_ORDER = _(
    "{kind} are numbered in the order they are submitted: the next one here is number {next}."
)
STATE_UNREACHABLE = _("The allowed moves do not lead from {current} to {target}.")
BAD_WEIGHT = _("{value!r} is not a voting weight (a number with at most three decimals).")
BAD_TIME = _("{value!r} is not a time with its offset, like 2026-09-01T10:00:00+00:00.")
JOURNAL_SEQUENCE = _(
    "The journal's entries are numbered 1, 2, 3 … in order: this one should be {expected}."
)

# ---- shared ---------------------------------------------------------------------------------


def _time_out(value: dt.datetime | None) -> str | None:
    """A time as ISO 8601 in UTC, seconds and microseconds as stored."""
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def _time_in(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _weight_out(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _weight_in(value: str | int) -> Decimal | None:
    try:
        weight = Decimal(str(value))
    except InvalidOperation:
        return None
    if not weight.is_finite() or weight.as_tuple().exponent < -3:  # type: ignore[operator]
        return None
    return weight


def _sorted_json(value: Any) -> Any:
    """A JSON value with every mapping's keys in alphabetical order (stable across databases)."""
    if isinstance(value, dict):
        return {k: _sorted_json(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_json(v) for v in value]
    return value


def _item_numbers(items: Iterable[AgendaItem]) -> dict[int, str]:
    """Each agenda item's number, "3" or "6.1": its place among its siblings, from 1."""
    children: dict[int | None, list[AgendaItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)
    numbers: dict[int, str] = {}

    def walk(parent: int | None, prefix: str) -> None:
        for index, item in enumerate(sorted(children[parent], key=lambda i: (i.position, i.pk))):
            number = f"{prefix}{index + 1}"
            numbers[item.pk] = number
            walk(item.pk, number + ".")

    walk(None, "")
    return numbers


def _agenda_numbers() -> dict[int, str]:
    """Every live agenda item's number, by id (items of every conference)."""
    by_conference: dict[int, list[AgendaItem]] = defaultdict(list)
    for item in AgendaItem.objects.all():
        by_conference[item.conference_id].append(item)
    numbers: dict[int, str] = {}
    for items in by_conference.values():
        numbers.update(_item_numbers(items))
    return numbers


def _items_found(importer: Importer) -> dict[Any, AgendaItem]:
    """Agenda items by (conference key, number): the database's, then those the import made."""
    return importer.found("agenda", AgendaItem)


def _fill_items(importer: Importer, conference: Conference) -> None:
    found = _items_found(importer)
    items = {item.pk: item for item in conference.agenda_items.all()}
    for item_id, number in _item_numbers(items.values()).items():
        found[(conference.key, number)] = items[item_id]


def _item_ref(
    importer: Importer, refs: RowRefs, conference: Conference, number: Any, path: Path
) -> AgendaItem | None:
    if number is None:
        return None
    if (conference.key, number) not in _items_found(importer):
        _fill_items(importer, conference)
    found = _items_found(importer).get((conference.key, number))
    if found is None:
        refs.failed = True
        importer.problem(path, UNKNOWN_ITEM.format(key=number))
    return found


def _conference_ref(importer: Importer, refs: RowRefs, key: Any, path: Path) -> Conference | None:
    return refs.get(
        importer.found("conferences", Conference), "conferences", key, path, UNKNOWN_CONFERENCE
    )


def _person_ref(importer: Importer, refs: RowRefs, key: Any, path: Path) -> Person | None:
    return refs.get(
        importer.found("persons", Person), "persons", key, path, people_msg.UNKNOWN_PERSON
    )


def _persons_ref(
    importer: Importer, refs: RowRefs, keys: Sequence[Any] | None, path: Path
) -> list[Person]:
    persons = []
    for index, key in enumerate(keys or []):
        person = _person_ref(importer, refs, key, (*path, index))
        if person is not None:
            persons.append(person)
    return persons


def _differs(importer: Importer, path: Path, kind: str, fields: Iterable[str]) -> None:
    importer.problem(path, NOT_CHANGED_BY_IMPORT.format(kind=kind, fields=", ".join(fields)))


def _path_between(
    moves: Mapping[str, Iterable[str]], current: str, target: str
) -> list[str] | None:
    """The shortest list of states leading from ``current`` to ``target`` along ``moves``
    (``[]`` when already there), or None if none does."""
    if current == target:
        return []
    before: dict[str, str] = {}
    queue = deque([current])
    while queue:
        state = queue.popleft()
        for following in sorted(moves.get(state, ())):
            if following in before or following == current:
                continue
            before[following] = state
            if following == target:
                path = [target]
                while before[path[-1]] != current:
                    path.append(before[path[-1]])
                return path[::-1]
            queue.append(following)
    return None


# ---- export ---------------------------------------------------------------------------------


def export_conference_series() -> list[Row]:
    return [
        compact(
            {
                "key": s.key,
                "name": s.name,
                "name_translations": translations_out(s.name_translations),
                "gender": s.gender,
            }
        )
        for s in sorted(ConferenceSeries.objects.all(), key=lambda s: s.key)
    ]


def _motion_rules(workflow: MotionWorkflow | None) -> Row | None:
    if workflow is None:
        return None
    transitions = workflow.transitions or {}
    return {
        "transitions": {
            state: sorted(transitions.get(state) or []) for state in MotionState.values
        },
        "min_supporters": workflow.min_supporters,
    }


def export_conferences() -> list[Row]:
    series = keys_by_id(ConferenceSeries.objects.all())
    bodies = keys_by_id(Body.objects.all())
    observances = keys_by_id(Observance.objects.all())
    events = keys_by_id(HistoryEvent.objects.all())
    sessions: dict[int, list[Row]] = defaultdict(list)
    for s in Session.objects.order_by("number"):
        sessions[s.conference_id].append(
            {"number": s.number, "starts_at": _time_out(s.starts_at), "state": s.state}
        )
    workflows = {w.conference_id: w for w in MotionWorkflow.objects.all()}
    rows = []
    for c in sorted(Conference.objects.all(), key=lambda c: c.key):
        rows.append(
            compact(
                {
                    "key": c.key,
                    "series": series[c.series_id],
                    "number": c.number,
                    "kind": c.kind,
                    "convening_body": bodies[c.convening_body_id],
                    "preparatory_body": bodies.get(c.preparatory_body_id or 0),
                    "presidium": bodies.get(c.presidium_id or 0),
                    "format": c.format,
                    "venue": c.venue,
                    "meeting_link": c.meeting_link,
                    "occasion": c.occasion,
                    "occasion_observance": observances.get(c.occasion_observance_id or 0),
                    "occasion_event": events.get(c.occasion_event_id or 0),
                    "state": c.state,
                    "starts_on": c.starts_on,
                    "ends_on": c.ends_on,
                    "visibility": c.visibility,
                    "quorum_percent": c.quorum_percent,
                    "first_contributions_first": c.first_contributions_first,
                    "default_speaking_seconds": c.default_speaking_seconds,
                    "sessions": sessions[c.pk],
                    "motion_rules": _motion_rules(workflows.get(c.pk)),
                }
            )
        )
    return rows


def export_participants() -> list[Row]:
    conferences = keys_by_id(Conference.objects.all())
    persons = keys_by_id(Person.objects.all())
    branches = keys_by_id(Branch.objects.all())
    partners = keys_by_id(PartnerOrganization.objects.all())
    rows = [
        compact(
            {
                "conference": conferences[p.conference_id],
                "person": persons[p.person_id],
                "roles": p.roles,
                "voting_right": p.voting_right,
                "weight": _weight_out(p.weight),
                "represents_branch": branches.get(p.represents_branch_id or 0),
                "represents_partner": partners.get(p.represents_partner_id or 0),
                "checked_in": p.checked_in_at is not None,
            }
        )
        for p in Participant.objects.all()
    ]
    return sorted(rows, key=lambda r: (r["conference"], r["person"]))


def _item_tree(items: list[AgendaItem]) -> list[Row]:
    children: dict[int | None, list[AgendaItem]] = defaultdict(list)
    for item in items:
        children[item.parent_id].append(item)

    def rows(parent: int | None) -> list[Row]:
        return [
            compact(
                {
                    "kind": i.kind,
                    "title": i.title,
                    "title_translations": translations_out(i.title_translations),
                    "planned_minutes": i.planned_minutes,
                    "internal": i.is_internal,
                    "hidden": i.is_hidden,
                    "done": i.is_done,
                    "current": i.is_current,
                    "items": rows(i.pk),
                }
            )
            for i in sorted(children[parent], key=lambda i: (i.position, i.pk))
        ]

    return rows(None)


def export_agenda() -> list[Row]:
    by_conference: dict[int, list[AgendaItem]] = defaultdict(list)
    for item in AgendaItem.objects.all():
        by_conference[item.conference_id].append(item)
    return [
        {"conference": c.key, "items": _item_tree(by_conference[c.pk])}
        for c in sorted(Conference.objects.all(), key=lambda c: c.key)
        if by_conference[c.pk]
    ]


def export_letters() -> list[Row]:
    partners = keys_by_id(PartnerOrganization.objects.all())
    persons = keys_by_id(Person.objects.all())
    bodies = keys_by_id(Body.objects.all())
    conferences = keys_by_id(Conference.objects.all())
    numbers = _agenda_numbers()
    items = dict(AgendaItem.objects.values_list("id", "conference_id"))
    presented: dict[int, list[Row]] = defaultdict(list)
    for p in LetterPresentation.objects.order_by("presented_at", "id"):
        presented[p.letter_id].append(
            {"conference": conferences[items[p.item_id]], "item": numbers[p.item_id]}
        )
    return [
        compact(
            {
                "key": letter.key,
                "direction": letter.direction,
                "partner": partners.get(letter.partner_id or 0),
                "person": persons.get(letter.person_id or 0),
                "body": bodies.get(letter.body_id or 0),
                "dated_on": letter.dated_on,
                "occasion": letter.occasion,
                "subject": letter.subject,
                "text": letter.text,
                "presented": presented[letter.pk],
            }
        )
        for letter in sorted(Letter.objects.all(), key=lambda letter: letter.key)
    ]


def export_speeches() -> list[Row]:
    conferences = keys_by_id(Conference.objects.all())
    persons = keys_by_id(Person.objects.all())
    numbers = _agenda_numbers()
    speeches = sorted(
        Speech.objects.all(),
        key=lambda s: (conferences[s.conference_id], s.delivered_at, s.pk),
    )
    return [
        compact(
            {
                "conference": conferences[s.conference_id],
                "item": numbers.get(s.item_id or 0),
                "speaker": persons[s.speaker_id],
                "title": s.title,
                "text": s.text,
                "published": s.published,
            }
        )
        for s in speeches
    ]


def _submitters(
    row: Any, persons: Mapping[int, str], branches: Mapping[int, str], bodies: Mapping[int, str]
) -> Row:
    return {
        "submitter_persons": sorted(persons[p.pk] for p in row.submitter_persons.all()),
        "submitter_branch": branches.get(row.submitter_branch_id or 0),
        "submitter_body": bodies.get(row.submitter_body_id or 0),
    }


def export_motions() -> list[Row]:
    conferences = keys_by_id(Conference.objects.all())
    persons = keys_by_id(Person.objects.all())
    branches = keys_by_id(Branch.objects.all())
    bodies = keys_by_id(Body.objects.all())
    numbers = _agenda_numbers()
    supporters: dict[int, list[str]] = defaultdict(list)
    for s in MotionSupporter.objects.all():
        supporters[s.motion_id].append(persons[s.person_id])
    amendments: dict[int, list[Row]] = defaultdict(list)
    for a in Amendment.objects.order_by("number").prefetch_related("submitter_persons"):
        amendments[a.motion_id].append(
            compact(
                {
                    "number": a.number,
                    "line_from": a.line_from,
                    "line_to": a.line_to,
                    "paragraph": a.paragraph,
                    "text": a.text,
                    "reason": a.reason,
                    **_submitters(a, persons, branches, bodies),
                    "state": a.state,
                }
            )
        )
    motions = sorted(
        Motion.objects.prefetch_related("submitter_persons"),
        key=lambda m: (conferences[m.conference_id], m.number),
    )
    return [
        compact(
            {
                "conference": conferences[m.conference_id],
                "number": m.number,
                "title": m.title,
                "text": m.text,
                "reason": m.reason,
                **_submitters(m, persons, branches, bodies),
                "supporters": sorted(supporters[m.pk]),
                "state": m.state,
                "recommendation": m.recommendation,
                "agenda_item": numbers.get(m.agenda_item_id or 0),
                "amendments": amendments[m.pk],
            }
        )
        for m in motions
    ]


def _journal(conference: Conference) -> list[JournalEntry]:
    """The conference's journal as the dossier holds it: every entry but those of speeches and
    letters voided as entered in error (which leave the dossier as they leave the journal
    that everyone but the chair level sees, ``selectors.journal_for``)."""
    speeches = set(
        Speech.all_objects.filter(conference=conference, voided_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    letters = set(
        Letter.all_objects.filter(
            voided_at__isnull=False, presentations__item__conference=conference
        ).values_list("key", flat=True)
    )
    kept = []
    for entry in JournalEntry.objects.filter(scope=conference.scope).order_by("id"):
        if speeches or letters:
            event = ev.entry_event(entry)
            if (
                isinstance(event, ev.SpeechDelivered | ev.SpeechPublished)
                and event.speech in speeches
            ) or (isinstance(event, ev.LetterPresented) and event.letter in letters):
                continue
        kept.append(entry)
    return kept


def export_conference_journal() -> list[Row]:
    rows = []
    for conference in sorted(Conference.objects.all(), key=lambda c: c.key):
        entries = _journal(conference)
        listed = [
            {
                "sequence": index + 1,
                "kind": e.kind,
                "at": _time_out(e.created_at),
                "payload": _sorted_json(e.payload or {}),
            }
            for index, e in enumerate(entries)
        ]
        if listed:
            rows.append({"conference": conference.key, "entries": listed})
    return rows


# ---- apply: series and conferences ----------------------------------------------------------


def apply_conference_series(importer: Importer) -> None:
    section = "conference_series"
    found = importer.found(section, ConferenceSeries)
    found.update({s.key: s for s in ConferenceSeries.objects.all()})
    for path, row in importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="series"):
        key: str = row["key"]
        desired: dict[str, Any] = {
            "name": row["name"],
            "name_translations": translations(row, "name_translations"),
            "gender": row.get("gender") or "f",
        }
        existing = found.get(key)
        if existing is None:
            made = importer.write(
                path,
                section,
                key,
                partial(services.conference_series_create, key=key, by=importer.by, **desired),
            )
            if made is not None:
                found[key] = made
                importer.counts[section].created += 1
        elif changed := changes(existing, desired):
            _differs(importer, path, "conference series", changed)
            importer.give_up(section, row)
        else:
            importer.counts[section].unchanged += 1


def apply_conferences(importer: Importer) -> None:
    section = "conferences"
    found = importer.found(section, Conference)
    found.update({c.key: c for c in Conference.objects.all()})
    for path, row in importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="conference"):
        _apply_conference(importer, path, row)


def _apply_conference(importer: Importer, path: Path, row: Row) -> None:
    section = "conferences"
    refs = RowRefs(importer)
    bodies = importer.found("bodies", Body)
    series = refs.get(
        importer.found("conference_series", ConferenceSeries),
        "conference_series",
        row["series"],
        (*path, "series"),
        UNKNOWN_SERIES,
    )

    def body(name: str) -> Body | None:
        return refs.get(bodies, "bodies", row.get(name), (*path, name), org_msg.UNKNOWN_BODY)

    convening, preparatory = body("convening_body"), body("preparatory_body")
    presidium = body("presidium")
    observance = refs.get(
        importer.found("observances", Observance),
        "observances",
        row.get("occasion_observance"),
        (*path, "occasion_observance"),
        UNKNOWN_OBSERVANCE,
    )
    event = refs.get(
        importer.found("history", HistoryEvent),
        "history",
        row.get("occasion_event"),
        (*path, "occasion_event"),
        org_msg.UNKNOWN_EVENT,
    )
    starts: list[tuple[int, dt.datetime]] = []
    for index, session in enumerate(row.get("sessions") or []):
        at = _time_in(session["starts_at"])
        if at is None:
            refs.failed = True
            importer.problem(
                (*path, "sessions", index, "starts_at"), BAD_TIME.format(value=session["starts_at"])
            )
        else:
            starts.append((session["number"], at))
    if refs.failed or series is None or convening is None:
        return importer.give_up(section, row)
    key: str = row["key"]
    desired: dict[str, Any] = {
        "kind": row["kind"],
        "convening_body": convening,
        "preparatory_body": preparatory,
        "presidium": presidium,
        "format": row["format"],
        "venue": text(row, "venue"),
        "meeting_link": text(row, "meeting_link"),
        "occasion": text(row, "occasion"),
        "occasion_observance": observance,
        "occasion_event": event,
        "starts_on": date(row["starts_on"]),
        "ends_on": date(row.get("ends_on")),
        "visibility": row.get("visibility") or "public",
        "quorum_percent": row.get("quorum_percent", 50),
        "first_contributions_first": bool(row.get("first_contributions_first")),
        "default_speaking_seconds": row.get("default_speaking_seconds", 300),
    }
    found = importer.found(section, Conference)
    counts = importer.counts[section]
    conference = found.get(key)
    written = created = False
    if conference is None:
        made = importer.write(
            path,
            section,
            key,
            lambda: services.conference_create(
                key=key, series=series, number=row["number"], by=importer.by, **desired
            ),
        )
        if made is None:
            return None
        conference = found[key] = made
        importer.found("conferences:created", Conference)[key] = made
        counts.created += 1
        written = created = True
    else:
        fixed = changes(conference, {"series": series, "number": row["number"]})
        if fixed:
            _differs(importer, path, "conference", fixed)
            return importer.give_up(section, row)
        changed = changes(conference, desired)
        if changed:
            done = importer.write(
                path,
                section,
                key,
                lambda: services.conference_update(
                    conference=conference, by=importer.by, **changed
                ),
                instance=conference,
            )
            if done is None:
                return None
            written = True
    sessions = {s.number: s for s in conference.sessions.all()}
    for index, (number, at) in enumerate(starts):
        where: Path = (*path, "sessions", index)
        existing = sessions.get(number)
        if existing is None:
            made_session = importer.write(
                where,
                section,
                key,
                lambda at=at, number=number: services.session_add(  # type: ignore[misc]
                    conference=conference, starts_at=at, number=number, by=importer.by
                ),
            )
            if made_session is None:
                return None
            written = True
        elif existing.starts_at != at:
            _differs(importer, (*where, "starts_at"), "session", ["starts_at"])
            return importer.give_up(section, row)
    if row.get("motion_rules") is not None:
        rules = row["motion_rules"]
        workflow = workflow_for(conference)
        wanted = {s: sorted(set(t or [])) for s, t in (rules.get("transitions") or {}).items()}
        current = _motion_rules(workflow) or {}
        given = {s: wanted.get(s, []) for s in MotionState.values}
        minimum = rules.get("min_supporters", 0)
        if given != current["transitions"] or minimum != workflow.min_supporters:
            done_rules = importer.write(
                (*path, "motion_rules"),
                section,
                key,
                lambda: motion_workflow_update(
                    conference=conference,
                    transitions=given,
                    min_supporters=minimum,
                    by=importer.by,
                ),
            )
            if done_rules is None:
                return None
            written = True
    # The state and the sessions' states move at the end (see the module's docstring).
    states = {n: s.state for n, s in sessions.items()}
    if conference.state != row.get("state", "planned") or any(
        states.get(s["number"], "scheduled") != s.get("state", "scheduled")
        for s in row.get("sessions") or []
    ):
        written = True
    if written and not created:  # a created one is counted above
        counts.updated += 1
    elif not written:
        counts.unchanged += 1
    return None


# ---- apply: participants --------------------------------------------------------------------


def apply_participants(importer: Importer) -> None:
    section = "participants"
    existing = {(p.conference_id, p.person_id): p for p in Participant.objects.all()}
    seen: set[tuple[str, str]] = set()
    check_ins: dict[int, tuple[Conference, list[Person]]] = {}
    for path, row in importer.rows(section):
        ident = (row["conference"], row["person"])
        if ident in seen:
            importer.problem((*path, "person"), GIVEN_TWICE.format(kind="participant"))
            continue
        seen.add(ident)
        _apply_participant(importer, path, row, existing, check_ins)
    for conference, persons in check_ins.values():
        importer.write((section,), section, None, partial(_check_in, conference, persons, importer))


def _check_in(conference: Conference, persons: list[Person], importer: Importer) -> Conference:
    """Check in the conference's participants the file says are checked in (one journal entry
    for them all, as the page's bulk check-in)."""
    services.participants_check_in(conference=conference, persons=persons, by=importer.by)
    return conference


def _apply_participant(
    importer: Importer,
    path: Path,
    row: Row,
    existing: dict[tuple[int, int], Participant],
    check_ins: dict[int, tuple[Conference, list[Person]]],
) -> None:
    section = "participants"
    refs = RowRefs(importer)
    conference = _conference_ref(importer, refs, row["conference"], (*path, "conference"))
    person = _person_ref(importer, refs, row["person"], (*path, "person"))
    branch = refs.get(
        importer.found("branches", Branch),
        "branches",
        row.get("represents_branch"),
        (*path, "represents_branch"),
        org_msg.UNKNOWN_BRANCH,
    )
    partner = refs.get(
        importer.found("partner_organizations", PartnerOrganization),
        "partner_organizations",
        row.get("represents_partner"),
        (*path, "represents_partner"),
        people_msg.UNKNOWN_PARTNER,
    )
    weight = _weight_in(row.get("weight", "1"))
    if weight is None:
        refs.failed = True
        importer.problem((*path, "weight"), BAD_WEIGHT.format(value=row.get("weight")))
    if refs.failed or conference is None or person is None or weight is None:
        return
    roles = [role for role in Participant.ROLES if role in row["roles"]]
    desired: dict[str, Any] = {
        "voting_right": bool(row.get("voting_right")),
        "weight": weight,
        "represents_branch": branch,
        "represents_partner": partner,
    }
    counts = importer.counts[section]
    participant = existing.get((conference.pk, person.pk))
    if participant is None:
        spec = services.ParticipantSpec(person=person, roles=roles, **desired)
        participant = importer.write(
            path,
            section,
            None,
            lambda: services.participant_add(conference=conference, spec=spec, by=importer.by),
        )
        if participant is None:
            return
        existing[(conference.pk, person.pk)] = participant
        counts.created += 1
    else:
        changed = changes(participant, desired)
        if participant.roles != roles:
            changed["roles"] = roles
        if changed:
            current = participant
            done = importer.write(
                path,
                section,
                None,
                lambda: services.participant_update(participant=current, by=importer.by, **changed),
                instance=participant,
            )
            if done is None:
                return
            counts.updated += 1
        elif bool(row.get("checked_in")) == (participant.checked_in_at is not None):
            counts.unchanged += 1
    if row.get("checked_in") and participant.checked_in_at is None:
        check_ins.setdefault(conference.pk, (conference, []))[1].append(person)
    elif not row.get("checked_in") and participant.checked_in_at is not None:
        importer.problem((*path, "checked_in"), CANNOT_UNDO.format(what="a check-in"))


# ---- apply: agenda --------------------------------------------------------------------------


def apply_agenda(importer: Importer) -> None:
    section = "agenda"
    seen: set[str] = set()
    for path, row in importer.rows(section):
        if row["conference"] in seen:
            importer.problem((*path, "conference"), GIVEN_TWICE.format(kind="agenda"))
            continue
        seen.add(row["conference"])
        refs = RowRefs(importer)
        conference = _conference_ref(importer, refs, row["conference"], (*path, "conference"))
        if conference is None:
            continue
        _fill_items(importer, conference)
        _apply_items(importer, conference, None, "", (*path, "items"), row.get("items") or [])


_ITEM_FIELDS = {
    "kind": "kind",
    "title": "title",
    "title_translations": "title_translations",
    "planned_minutes": "planned_minutes",
    "is_internal": "internal",
    "is_hidden": "hidden",
}


def _apply_items(
    importer: Importer,
    conference: Conference,
    parent: AgendaItem | None,
    prefix: str,
    path: Path,
    rows: list[Row],
) -> None:
    section = "agenda"
    found = _items_found(importer)
    counts = importer.counts[section]
    for index, row in enumerate(rows):
        where: Path = (*path, index)
        number = f"{prefix}{index + 1}"
        desired: dict[str, Any] = {
            "kind": row["kind"],
            "title": row["title"],
            "title_translations": translations(row, "title_translations"),
            "planned_minutes": row.get("planned_minutes", 0),
            "is_internal": bool(row.get("internal")),
            "is_hidden": bool(row.get("hidden")),
        }
        item = found.get((conference.key, number))
        fresh = item is None
        if item is None:
            item = importer.write(
                where,
                section,
                None,
                lambda desired=desired: services.agenda_item_add(  # type: ignore[misc]
                    conference=conference, parent=parent, by=importer.by, **desired
                ),
                fields=_ITEM_FIELDS,
            )
            if item is None:
                continue  # its items are not reported again: the cause is above
            found[(conference.key, number)] = item
            counts.created += 1
        elif changed := changes(item, desired):
            _differs(importer, where, "agenda item", [_ITEM_FIELDS[n] for n in changed])
            continue
        mark = bool(row.get("done")) and not item.is_done
        if not fresh and mark:
            counts.updated += 1
        elif not fresh:
            counts.unchanged += 1
        if mark:
            done = item
            importer.write(
                (*where, "done"),
                section,
                None,
                partial(services.agenda_item_mark_done, item=done, by=importer.by),
            )
        elif not row.get("done") and item.is_done:
            importer.problem((*where, "done"), CANNOT_UNDO.format(what="an item done"))
        _apply_items(
            importer, conference, item, f"{number}.", (*where, "items"), row.get("items") or []
        )


# ---- apply: letters and speeches ------------------------------------------------------------


def apply_letters(importer: Importer) -> None:
    section = "letters"
    found = importer.found(section, Letter)
    found.update({letter.key: letter for letter in Letter.objects.all()})
    presented = {(p.letter_id, p.item_id) for p in LetterPresentation.objects.all()}
    for path, row in importer.keyed_rows(section, taken=org_msg.KEY_TAKEN, kind="letter"):
        _apply_letter(importer, path, row, presented)


def _apply_letter(
    importer: Importer, path: Path, row: Row, presented: set[tuple[int, int]]
) -> None:
    section = "letters"
    refs = RowRefs(importer)
    partner = refs.get(
        importer.found("partner_organizations", PartnerOrganization),
        "partner_organizations",
        row.get("partner"),
        (*path, "partner"),
        people_msg.UNKNOWN_PARTNER,
    )
    person = _person_ref(importer, refs, row.get("person"), (*path, "person"))
    body = refs.get(
        importer.found("bodies", Body),
        "bodies",
        row.get("body"),
        (*path, "body"),
        org_msg.UNKNOWN_BODY,
    )
    items: list[tuple[Path, AgendaItem]] = []
    for index, where in enumerate(row.get("presented") or []):
        at: Path = (*path, "presented", index)
        conference = _conference_ref(importer, refs, where["conference"], (*at, "conference"))
        if conference is not None:
            item = _item_ref(importer, refs, conference, where["item"], (*at, "item"))
            if item is not None:
                items.append((at, item))
    if refs.failed:
        return importer.give_up(section, row)
    key: str = row["key"]
    desired: dict[str, Any] = {
        "direction": row["direction"],
        "partner": partner,
        "person": person,
        "body": body,
        "dated_on": date(row["dated_on"]),
        "occasion": text(row, "occasion"),
        "subject": row["subject"],
        "text": text(row, "text"),
    }
    found = importer.found(section, Letter)
    counts = importer.counts[section]
    letter = found.get(key)
    fresh = letter is None
    if letter is None:
        letter = importer.write(
            path,
            section,
            key,
            lambda: services.letter_register(key=key, by=importer.by, **desired),
        )
        if letter is None:
            return None
        found[key] = letter
        counts.created += 1
    elif changed := changes(letter, desired):
        _differs(importer, path, "letter", changed)
        return importer.give_up(section, row)
    missing = [(at, item) for at, item in items if (letter.pk, item.pk) not in presented]
    if not fresh:
        if missing:
            counts.updated += 1
        else:
            counts.unchanged += 1
    for at, item in missing:
        made = letter
        if importer.write(
            at,
            section,
            key,
            partial(services.letter_present, letter=made, item=item, by=importer.by),
        ):
            presented.add((letter.pk, item.pk))
    return None


SpeechIdent = tuple[int, int, int | None, str]


def apply_speeches(importer: Importer) -> None:
    section = "speeches"
    existing: dict[SpeechIdent, Speech] = {}
    for s in Speech.objects.all():
        existing.setdefault((s.conference_id, s.speaker_id, s.item_id, s.title), s)
    seen: set[SpeechIdent] = set()
    for path, row in importer.rows(section):
        refs = RowRefs(importer)
        conference = _conference_ref(importer, refs, row["conference"], (*path, "conference"))
        speaker = _person_ref(importer, refs, row["speaker"], (*path, "speaker"))
        item = None
        if conference is not None:
            item = _item_ref(importer, refs, conference, row.get("item"), (*path, "item"))
        if refs.failed or conference is None or speaker is None:
            continue
        title = row["title"].strip()
        ident = (conference.pk, speaker.pk, item.pk if item else None, title)
        if ident in seen:
            importer.problem((*path, "title"), GIVEN_TWICE.format(kind="speech"))
            continue
        seen.add(ident)
        _apply_speech(importer, path, row, conference, speaker, item, existing.get(ident))


def _apply_speech(
    importer: Importer,
    path: Path,
    row: Row,
    conference: Conference,
    speaker: Person,
    item: AgendaItem | None,
    speech: Speech | None,
) -> None:
    section = "speeches"
    counts = importer.counts[section]
    published = bool(row.get("published"))
    if speech is None:
        made = importer.write(
            path,
            section,
            None,
            lambda: services.speech_record(
                conference=conference,
                speaker=speaker,
                title=row["title"],
                text=text(row, "text"),
                item=item,
                published=published,
                by=importer.by,
            ),
        )
        if made is not None:
            counts.created += 1
        return
    if speech.text != text(row, "text"):
        _differs(importer, path, "speech", ["text"])
    elif published and not speech.published:
        if importer.write(
            path,
            section,
            None,
            lambda: services.speech_publish(speech=speech, by=importer.by),
        ):
            counts.updated += 1
    elif speech.published and not published:
        importer.problem((*path, "published"), CANNOT_UNDO.format(what="a publication"))
    else:
        counts.unchanged += 1


# ---- apply: motions -------------------------------------------------------------------------


class _Writes:
    """A motion's writes: each in its savepoint; the first refusal stops the rest."""

    def __init__(self, importer: Importer) -> None:
        self.importer = importer
        self.wrote = False
        self.failed = False

    def run(self, path: Path, work: Any) -> Any:
        if self.failed:
            return None
        done = self.importer.write(path, "motions", None, work)
        if done is None:
            self.failed = True
        else:
            self.wrote = True
        return done


def _submitters_in(importer: Importer, refs: RowRefs, row: Row, path: Path) -> dict[str, Any]:
    return {
        "submitter_persons": _persons_ref(
            importer, refs, row.get("submitter_persons"), (*path, "submitter_persons")
        ),
        "submitter_branch": refs.get(
            importer.found("branches", Branch),
            "branches",
            row.get("submitter_branch"),
            (*path, "submitter_branch"),
            org_msg.UNKNOWN_BRANCH,
        ),
        "submitter_body": refs.get(
            importer.found("bodies", Body),
            "bodies",
            row.get("submitter_body"),
            (*path, "submitter_body"),
            org_msg.UNKNOWN_BODY,
        ),
    }


def apply_motions(importer: Importer) -> None:
    existing = {(m.conference_id, m.number): m for m in Motion.objects.all()}
    seen: set[tuple[str, int]] = set()
    for path, row in importer.rows("motions"):
        ident = (row["conference"], row["number"])
        if ident in seen:
            importer.problem((*path, "number"), GIVEN_TWICE.format(kind="motion"))
            continue
        seen.add(ident)
        _apply_motion(importer, path, row, existing)


def _move_motion(
    writes: _Writes, path: Path, workflow: MotionWorkflow, motion: Motion, target: str
) -> Motion:
    route = _path_between(workflow.transitions or {}, motion.state, target)
    if route is None:
        writes.failed = True
        writes.importer.problem(path, STATE_UNREACHABLE.format(current=motion.state, target=target))
        return motion
    for state in route:
        current = motion
        if state == MotionState.ADMITTED:
            moved = writes.run(path, partial(motion_admit, motion=current, by=writes.importer.by))
        else:
            moved = writes.run(
                path,
                partial(motion_state_change, motion=current, state=state, by=writes.importer.by),
            )
        if moved is None:
            break
        motion = moved
    return motion


def _apply_motion(
    importer: Importer, path: Path, row: Row, existing: dict[tuple[int, int], Motion]
) -> None:
    section = "motions"
    refs = RowRefs(importer)
    conference = _conference_ref(importer, refs, row["conference"], (*path, "conference"))
    submitters = _submitters_in(importer, refs, row, path)
    supporters = _persons_ref(importer, refs, row.get("supporters"), (*path, "supporters"))
    item = None
    if conference is not None:
        item = _item_ref(importer, refs, conference, row.get("agenda_item"), (*path, "agenda_item"))
    amendments = []
    for index, amendment in enumerate(row.get("amendments") or []):
        where: Path = (*path, "amendments", index)
        amendments.append((where, amendment, _submitters_in(importer, refs, amendment, where)))
    if refs.failed or conference is None:
        return
    writes = _Writes(importer)
    motion = existing.get((conference.pk, row["number"]))
    fresh = motion is None
    if motion is None:
        following = (max((n for c, n in existing if c == conference.pk), default=0)) + 1
        if row["number"] != following:
            importer.problem(
                (*path, "number"), NUMBER_OUT_OF_ORDER.format(kind="Motions", next=following)
            )
            return
        motion = writes.run(
            path,
            lambda: motion_submit(
                conference=conference,
                title=row["title"],
                text=row["text"],
                reason=text(row, "reason"),
                by=importer.by,
                **submitters,
            ),
        )
        if motion is None:
            return
        existing[(conference.pk, motion.number)] = motion
    else:
        wanted = {
            "title": row["title"].strip(),
            "text": row["text"].strip("\n"),
            "reason": text(row, "reason").strip(),
        }
        current = motion
        if changes(motion, wanted):
            motion = (
                writes.run(path, lambda: motion_update(motion=current, by=importer.by, **wanted))
                or motion
            )
        had = {p.pk for p in submitters["submitter_persons"]}
        known = set(motion.submitter_persons.values_list("pk", flat=True))
        fixed = changes(
            motion,
            {"submitter_branch": submitters["submitter_branch"],
             "submitter_body": submitters["submitter_body"]},
        )  # fmt: skip
        if had != known or fixed:
            _differs(importer, path, "motion", ["submitters"])
            return
    supported = set(motion.supporters.values_list("person_id", flat=True))
    for person in supporters:
        if person.pk not in supported:
            writes.run(
                (*path, "supporters"),
                lambda person=person: motion_support(motion=motion, person=person, by=importer.by),
            )
    for person_id in supported - {p.pk for p in supporters}:
        gone = Person.objects.get(pk=person_id)
        writes.run(
            (*path, "supporters"),
            partial(motion_unsupport, motion=motion, person=gone, by=importer.by),
        )
    workflow = workflow_for(conference)
    target = row.get("state") or MotionState.SUBMITTED
    if (amendments or item is not None) and motion.state == MotionState.SUBMITTED:
        motion = _move_motion(writes, (*path, "state"), workflow, motion, MotionState.ADMITTED)
    _apply_amendments(writes, motion, workflow, amendments)
    recommendation = text(row, "recommendation").strip()
    if recommendation != motion.recommendation:
        current = motion
        motion = (
            writes.run(
                (*path, "recommendation"),
                lambda: motion_recommend(
                    motion=current, recommendation=recommendation, by=importer.by
                ),
            )
            or motion
        )
    if item is not None and motion.agenda_item_id != item.pk:
        if motion.agenda_item_id is not None:
            _differs(importer, (*path, "agenda_item"), "motion", ["agenda_item"])
            writes.failed = True
        else:
            current = motion
            writes.run(
                (*path, "agenda_item"),
                lambda: motion_put_on_agenda(motion=current, item=item, by=importer.by),
            )
            motion.refresh_from_db()
    if motion.state != target:
        motion = _move_motion(writes, (*path, "state"), workflow, motion, target)
    counts = importer.counts[section]
    if writes.failed:
        return
    if fresh:
        counts.created += 1
    elif writes.wrote:
        counts.updated += 1
    else:
        counts.unchanged += 1


def _apply_amendments(
    writes: _Writes,
    motion: Motion,
    workflow: MotionWorkflow,
    amendments: list[tuple[Path, Row, dict[str, Any]]],
) -> None:
    importer = writes.importer
    existing = {a.number: a for a in motion.amendments.all()}
    for where, row, submitters in amendments:
        amendment = existing.get(row["number"])
        if amendment is None:
            following = max(existing, default=0) + 1
            if row["number"] != following:
                importer.problem(
                    (*where, "number"),
                    NUMBER_OUT_OF_ORDER.format(kind="Amendments", next=following),
                )
                writes.failed = True
                return
            paragraph = row.get("paragraph")
            target_lines: dict[str, Any] = (
                {"paragraph": paragraph}
                if paragraph is not None
                else {"line_from": row["line_from"], "line_to": row.get("line_to")}
            )
            amendment = writes.run(
                where,
                lambda target_lines=target_lines, row=row, submitters=submitters: amendment_submit(
                    motion=motion,
                    text=row["text"],
                    reason=text(row, "reason"),
                    by=importer.by,
                    **target_lines,
                    **submitters,
                ),
            )
            if amendment is None:
                return
            existing[amendment.number] = amendment
        elif amendment.text != row["text"] or amendment.reason != text(row, "reason").strip():
            _differs(importer, where, "amendment", ["text or reason"])
            writes.failed = True
            return
        target = row.get("state") or MotionState.SUBMITTED
        route = _path_between(workflow.transitions or {}, amendment.state, target)
        if route is None:
            importer.problem(
                (*where, "state"),
                STATE_UNREACHABLE.format(current=amendment.state, target=target),
            )
            writes.failed = True
            return
        for state in route:
            current = amendment
            amendment = writes.run(
                (*where, "state"),
                lambda state=state, current=current: amendment_state_change(
                    amendment=current, state=state, by=importer.by
                ),
            )
            if amendment is None:
                return


# ---- apply: the conferences' states, then their journals ------------------------------------


def _walk_items(rows: list[Row], prefix: str, path: Path) -> Iterable[tuple[str, Path, Row]]:
    for index, row in enumerate(rows):
        number = f"{prefix}{index + 1}"
        yield number, (*path, index), row
        yield from _walk_items(row.get("items") or [], f"{number}.", (*path, index, "items"))


def _settle_states(importer: Importer) -> None:
    """Move each conference of the file, its sessions and its current item to the states the
    file gives, along the moves the application allows (a conference is opened on the way if
    a session is to be opened or closed, or an item made current)."""
    current: dict[str, tuple[str, Path]] = {}
    for path, row in importer.rows("agenda"):
        for number, where, item_row in _walk_items(row.get("items") or [], "", (*path, "items")):
            if item_row.get("current"):
                current[row["conference"]] = (number, where)
    found = importer.found("conferences", Conference)
    for path, row in importer.rows("conferences"):
        key = row["key"]
        if key in importer.broken["conferences"] or key not in found:
            continue
        _settle_conference(importer, path, row, found[key], current.get(key))


def _settle_conference(
    importer: Importer,
    path: Path,
    row: Row,
    conference: Conference,
    current: tuple[str, Path] | None,
) -> None:
    section = "conferences"
    conference.refresh_from_db()
    sessions = {s.number: s for s in conference.sessions.all()}
    wanted = {s["number"]: s.get("state") or "scheduled" for s in row.get("sessions") or []}
    to_close, to_open = [], []
    for index, (number, state) in enumerate(wanted.items()):
        session = sessions.get(number)
        if session is None or session.state == state:
            continue
        if state == "closed":
            to_close.append(session)
        elif state == "open" and session.state == "scheduled":
            to_open.append(session)
        else:
            what = f"session {number} {session.state}"
            importer.problem((*path, "sessions", index, "state"), CANNOT_UNDO.format(what=what))
            return
    item = None
    if current is not None:
        _fill_items(importer, conference)
        item = _items_found(importer).get((conference.key, current[0]))
        if item is not None:
            item.refresh_from_db()
            if item.is_current:
                item = None
    steps: list[tuple[Path, Any]] = []
    by = importer.by

    def moves(target: str) -> bool:
        route = _path_between(TRANSITIONS, conference.state, target)
        if route is None:
            importer.problem(
                (*path, "state"),
                STATE_UNREACHABLE.format(current=conference.state, target=target),
            )
            return False
        for state in route:
            steps.append(
                (
                    (*path, "state"),
                    lambda state=state: services.conference_state_change(
                        conference=conference, state=state, by=by
                    ),
                )
            )
        conference.state = route[-1] if route else conference.state
        return True

    start = conference.state
    if (
        (to_close or to_open or item is not None)
        and start != ConferenceState.OPEN
        and not moves(ConferenceState.OPEN)
    ):
        return
    for session in to_close:
        where: Path = (*path, "sessions")
        if session.state == "scheduled":
            steps.append((where, lambda s=session: services.session_open(session=s, by=by)))
        steps.append((where, lambda s=session: services.session_close(session=s, by=by)))
    for session in to_open:
        steps.append(
            ((*path, "sessions"), lambda s=session: services.session_open(session=s, by=by))
        )
    if item is not None and current is not None:
        chosen = item
        steps.append(
            (
                (*current[1], "current"),
                lambda: services.agenda_item_set_current(item=chosen, by=by),
            )
        )
    if not moves(row.get("state") or ConferenceState.PLANNED):
        return
    conference.state = start
    for where, work in steps:
        if importer.write(where, section, row["key"], work) is None:
            return


def _journal_restore(
    conference: Conference, entries: list[tuple[str, Any, dt.datetime]], by: Any
) -> Conference:
    """Put the conference's journal back as the dossier gives it (a record, not replayed):
    the entries written so far in its scope are replaced by the file's, with their times."""
    from chapterhouse.core.audit import audit_record

    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    # The entries of voided speeches and letters stay, for their restoration.
    JournalEntry.objects.filter(pk__in=[e.pk for e in _journal(conference)]).delete()
    rows = JournalEntry.objects.bulk_create(
        JournalEntry(scope=conference.scope, kind=kind, payload=payload)
        for kind, payload, _at in entries
    )
    for entry, (_kind, _payload, at) in zip(rows, entries, strict=True):
        entry.created_at = at
    JournalEntry.objects.bulk_update(rows, ["created_at"], batch_size=500)
    audit_record(
        by=by,
        action="conference_journal.restored",
        obj=conference,
        after={"scope": conference.scope, "entries": len(entries)},
    )
    return conference


def apply_conference_journal(importer: Importer) -> None:
    _settle_states(importer)
    section = "conference_journal"
    seen: set[str] = set()
    for path, row in importer.rows(section):
        if row["conference"] in seen:
            importer.problem((*path, "conference"), GIVEN_TWICE.format(kind="journal"))
            continue
        seen.add(row["conference"])
        refs = RowRefs(importer)
        conference = _conference_ref(importer, refs, row["conference"], (*path, "conference"))
        if conference is None:
            continue
        wanted: list[tuple[str, Any, dt.datetime]] = []
        for index, entry in enumerate(row.get("entries") or []):
            where: Path = (*path, "entries", index)
            at = _time_in(entry["at"])
            if entry["sequence"] != index + 1:
                importer.problem((*where, "sequence"), JOURNAL_SEQUENCE.format(expected=index + 1))
            elif at is None:
                importer.problem((*where, "at"), BAD_TIME.format(value=entry["at"]))
            else:
                wanted.append((entry["kind"], _sorted_json(entry.get("payload") or {}), at))
                continue
            refs.failed = True
        if refs.failed:
            continue
        have = [(e.kind, _sorted_json(e.payload or {}), e.created_at) for e in _journal(conference)]
        counts = importer.counts[section]
        if have == wanted:
            counts.unchanged += 1
            continue
        fresh = not have or _conference_created(importer, conference)
        if importer.write(
            path,
            section,
            None,
            lambda conference=conference, wanted=wanted: _journal_restore(  # type: ignore[misc]
                conference, wanted, importer.by
            ),
        ):
            if fresh:
                counts.created += 1
            else:
                counts.updated += 1


def _conference_created(importer: Importer, conference: Conference) -> bool:
    """Whether this import created the conference (its journal is new with it)."""
    return conference.key in importer.found("conferences:created", Conference)


# In the order they are written and applied: a section refers only to earlier ones (and to
# the organizations and people contexts', registered before these).
SECTIONS = (
    Section("conference_series", export_conference_series, apply_conference_series),
    Section("conferences", export_conferences, apply_conferences),
    Section("participants", export_participants, apply_participants),
    Section("agenda", export_agenda, apply_agenda),
    Section("letters", export_letters, apply_letters),
    Section("speeches", export_speeches, apply_speeches),
    Section("motions", export_motions, apply_motions),
    Section("conference_journal", export_conference_journal, apply_conference_journal),
)
