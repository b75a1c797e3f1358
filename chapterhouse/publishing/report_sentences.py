"""The sentence templates of a report drafted from a conference's journal, one function per
kind of sentence. Each is a gettext message with named placeholders (``pgettext`` with the
context "conference report"), translated in the catalogue like every interface string: a report
in Japanese is drafted from the Japanese templates, never machine-translated. The caller
activates the report's language."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import dateformat
from django.utils.translation import pgettext

from chapterhouse.calendars.eras import format_with_eras
from chapterhouse.organizations.selectors import era_systems_for, organization_get

if TYPE_CHECKING:
    from chapterhouse.conferences.events import AppointmentMade
    from chapterhouse.conferences.models import Conference

CONTEXT = "conference report"


def date_text(day: dt.date, language: str, *, year: bool = True) -> str:
    """``day`` as a report writes it, with the organization's era years for ``language``
    where it shows them: "1 September 2026 (Reiwa 8)"."""
    if not year:
        # Translators: a day and month without the year, in Django's date format letters
        # (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date).
        return dateformat.format(day, pgettext(CONTEXT, "j F"))
    # Translators: a full date in Django's date format letters ("j F Y": 1 September 2026).
    shown = dateformat.format(day, pgettext(CONTEXT, "j F Y"))
    eras = format_with_eras(
        day, systems=era_systems_for(organization_get(), language=language), language=language
    )
    if not eras:
        return shown
    # Translators: a date followed by the same date's era years: "1 September 2026 (Reiwa 8)".
    return pgettext(CONTEXT, "{date} ({eras})").format(date=shown, eras=eras)


def and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    # Translators: the separator between items of a list but the last two.
    head = pgettext(CONTEXT, ", ").join(items[:-1])
    # Translators: the last item joined to the others: "A, B and C".
    return pgettext(CONTEXT, "{items} and {last}").format(items=head, last=items[-1])


def headline(conference: str) -> str:
    # Translators: the title of a report drafted from a conference ("Third Congress").
    return pgettext(CONTEXT, "{conference}: report").format(conference=conference)


def opened(conference: Conference, *, title: str, on: dt.date, language: str) -> str:
    place = conference.venue
    date = date_text(on, language)
    if not place:
        # Translators: an online conference's opening; {conference} is "Third Congress".
        text = pgettext(CONTEXT, "The {conference} opened online on {date}")
    else:
        # Translators: {conference} is "Third Congress", {place} a venue ("Harbor Hall").
        text = pgettext(CONTEXT, "The {conference} opened on {date} at {place}")
    text = text.format(conference=title, date=date, place=place)
    if conference.occasion:
        # Translators: added to the opening sentence; {occasion} is e.g. "formation day".
        text += pgettext(CONTEXT, " on the occasion of {occasion}").format(
            occasion=conference.occasion
        )
    return text + pgettext(CONTEXT, ".")


def session_opened(number: int, *, on: dt.date, language: str) -> str:
    # Translators: a later session of a conference opened ("Session 2 opened on ...").
    return pgettext(CONTEXT, "Session {number} opened on {date}.").format(
        number=number, date=date_text(on, language)
    )


def duty_in(duty: str, area: str) -> str:
    # Translators: a duty in an area: "organizing work in Chile".
    return pgettext(CONTEXT, "{duty} in {area}").format(duty=duty, area=area)


def appointed(event: AppointmentMade, areas: list[str], language: str) -> str:
    date = date_text(dt.date.fromisoformat(event.starts_on), language)
    values = {"person": event.person, "position": event.position, "body": event.body}
    if areas:
        # Translators: {position} is e.g. "Chair", {body} "Preparatory Committee", {areas} a
        # list of duties ("organizing work in Chile and information coverage").
        text = pgettext(
            CONTEXT,
            "{person} was appointed {position} of the {body} from {date}, responsible for {areas}.",
        )
        return text.format(date=date, areas=and_list(areas), **values)
    # Translators: {position} is e.g. "Chair", {body} "Preparatory Committee".
    text = pgettext(CONTEXT, "{person} was appointed {position} of the {body} from {date}.")
    return text.format(date=date, **values)


def works(body: str, start: dt.date, end: dt.date, language: str) -> str:
    first = date_text(start, language, year=start.year != end.year)
    # Translators: a body's mandate, both ends included: "from 20 August to 3 September 2026
    # inclusive".
    text = pgettext(CONTEXT, "The {body} works from {start} to {end} inclusive.")
    return text.format(body=body, start=first, end=date_text(end, language))


def letter(correspondent: str, subject: str) -> str:
    # Translators: a letter presented to the conference; {subject} is the letter's subject.
    return pgettext(CONTEXT, "A letter from {correspondent} was presented: “{subject}”.").format(
        correspondent=correspondent, subject=subject
    )


def spoke(speaker: str, title: str) -> str:
    # Translators: {title} is the speech's title ("Opening remarks").
    return pgettext(CONTEXT, "{speaker} spoke: “{title}”.").format(speaker=speaker, title=title)


def full_text_follows() -> str:
    # Translators: said after a speech whose text the report then quotes in full.
    return pgettext(CONTEXT, "The full text follows.")


def quoted(text: str) -> str:
    """A speech's text as a Markdown quotation (not translated: it is the speech as given)."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def closed(conference: str) -> str:
    # Translators: the conference ended ("The Third Congress closed.").
    return pgettext(CONTEXT, "The {conference} closed.").format(conference=conference)


def continues(conference: str) -> str:
    # Translators: a session ended but the conference goes on.
    return pgettext(CONTEXT, "The session closed; the {conference} continues.").format(
        conference=conference
    )
