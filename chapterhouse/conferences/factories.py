"""Plain factory functions of the conferences context with keyword-only defaults, shared by the
tests and the demo (``conferences/demo.py``).

Each one calls the services, so whatever they make passed the same checks as a user's input and
left the same audit rows and journal entries.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from chapterhouse.conferences import services
from chapterhouse.conferences.models import (
    AgendaItem,
    Conference,
    ConferenceSeries,
    Letter,
    Participant,
)
from chapterhouse.organizations.factories import make_body
from chapterhouse.organizations.models import Body, Branch
from chapterhouse.people.factories import make_person
from chapterhouse.people.models import PartnerOrganization, Person

if TYPE_CHECKING:
    from chapterhouse.core.actors import Actor

_sequence = itertools.count(1)


def _next_key(prefix: str) -> str:
    return f"{prefix}-{next(_sequence)}"


def make_series(
    *,
    key: str | None = None,
    name: str | None = None,
    name_translations: dict[str, str] | None = None,
    gender: str = "f",
    by: Actor = None,
) -> ConferenceSeries:
    key = key or _next_key("series")
    return services.conference_series_create(
        key=key,
        name=name or key.replace("-", " ").title(),
        name_translations=name_translations,
        gender=gender,
        by=by,
    )


def make_conference(
    *,
    key: str | None = None,
    series: ConferenceSeries | None = None,
    number: int | None = None,
    kind: str = "conference",
    convening_body: Body | None = None,
    preparatory_body: Body | None = None,
    presidium: Body | None = None,
    format: str = "in_person",
    venue: str = "Harbor Hall",
    meeting_link: str = "",
    occasion: str = "",
    starts_on: dt.date = dt.date(2026, 9, 1),
    ends_on: dt.date | None = None,
    visibility: str = "public",
    state: str = "planned",
    by: Actor = None,
) -> Conference:
    """A conference (a new series and convening body unless given), moved on to ``state``
    through its states (``open``: planned → in preparation → open)."""
    key = key or _next_key("conference")
    series = series or make_series(by=by)
    if number is None:
        number = series.conferences.count() + 1
    conference = services.conference_create(
        key=key,
        series=series,
        number=number,
        kind=kind,
        convening_body=convening_body or make_body(by=by),
        preparatory_body=preparatory_body,
        presidium=presidium,
        format=format,
        venue=venue if format != "online" else "",
        meeting_link=meeting_link
        or ("https://meet.example.org/" + key if format != "in_person" else ""),
        occasion=occasion,
        starts_on=starts_on,
        ends_on=ends_on,
        visibility=visibility,
        by=by,
    )
    path = ["in_preparation", "open", "adjourned", "closed"]
    if state != "planned":
        for step in path[: path.index(state) + 1]:
            conference = services.conference_state_change(conference=conference, state=step, by=by)
    return conference


def make_participant(
    *,
    conference: Conference,
    person: Person | None = None,
    roles: Sequence[str] = ("delegate",),
    voting_right: bool | None = None,
    branch: Branch | None = None,
    partner: PartnerOrganization | None = None,
    by: Actor = None,
) -> Participant:
    """A participant (a new person unless given); a delegate votes unless told otherwise."""
    return services.participant_add(
        conference=conference,
        spec=services.ParticipantSpec(
            person=person or make_person(by=by),
            roles=list(roles),
            voting_right="delegate" in roles if voting_right is None else voting_right,
            represents_branch=branch,
            represents_partner=partner,
        ),
        by=by,
    )


def make_item(
    *,
    conference: Conference,
    title: str | None = None,
    kind: str = "topic",
    parent: AgendaItem | None = None,
    planned_minutes: int = 0,
    is_internal: bool = False,
    is_hidden: bool = False,
    by: Actor = None,
) -> AgendaItem:
    return services.agenda_item_add(
        conference=conference,
        title=title or _next_key("Item"),
        kind=kind,
        parent=parent,
        planned_minutes=planned_minutes,
        is_internal=is_internal,
        is_hidden=is_hidden,
        by=by,
    )


def make_letter(
    *,
    key: str | None = None,
    partner: PartnerOrganization | None = None,
    person: Person | None = None,
    subject: str = "Greetings",
    direction: str = "in",
    dated_on: dt.date = dt.date(2026, 8, 30),
    occasion: str = "",
    text: str = "",
    by: Actor = None,
) -> Letter:
    """A letter in the register, from ``partner`` (or ``person``; a new person if neither)."""
    if partner is None and person is None:
        person = make_person(by=by)
    return services.letter_register(
        key=key or _next_key("letter"),
        direction=direction,
        subject=subject,
        dated_on=dated_on,
        partner=partner,
        person=person,
        occasion=occasion,
        text=text,
        by=by,
    )
