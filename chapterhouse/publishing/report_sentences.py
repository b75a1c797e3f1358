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

# Every sentence is a message in the context "conference report", written out in each call so
# that makemessages (xgettext) extracts it with its context.


def date_text(day: dt.date, language: str, *, year: bool = True) -> str:
    """``day`` as a report writes it, with the organization's era years for ``language``
    where it shows them: "1 September 2026 (Reiwa 8)"."""
    if not year:
        # Translators: a day and month without the year, in Django's date format letters
        # (https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date).
        return dateformat.format(day, pgettext("conference report", "j F"))
    # Translators: a full date in Django's date format letters ("j F Y": 1 September 2026).
    shown = dateformat.format(day, pgettext("conference report", "j F Y"))
    eras = format_with_eras(
        day, systems=era_systems_for(organization_get(), language=language), language=language
    )
    if not eras:
        return shown
    # Translators: a date followed by the same date's era years: "1 September 2026 (Reiwa 8)".
    return pgettext("conference report", "{date} ({eras})").format(date=shown, eras=eras)


def and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    # Translators: the separator between items of a list but the last two.
    head = pgettext("conference report", ", ").join(items[:-1])
    # Translators: the last item joined to the others: "A, B and C".
    return pgettext("conference report", "{items} and {last}").format(items=head, last=items[-1])


def headline(conference: str) -> str:
    # Translators: the title of a report drafted from a conference ("Third Congress").
    return pgettext("conference report", "{conference}: report").format(conference=conference)


def opened(conference: Conference, *, title: str, on: dt.date, language: str) -> str:
    place = conference.venue
    date = date_text(on, language)
    if not place:
        # Translators: an online conference's opening; {conference} is "Third Congress".
        text = pgettext("conference report", "The {conference} opened online on {date}")
    else:
        # Translators: {conference} is "Third Congress", {place} a venue ("Harbor Hall").
        text = pgettext("conference report", "The {conference} opened on {date} at {place}")
    text = text.format(conference=title, date=date, place=place)
    if conference.occasion:
        # Translators: added to the opening sentence; {occasion} is e.g. "formation day".
        text += pgettext("conference report", " on the occasion of {occasion}").format(
            occasion=conference.occasion
        )
    return text + pgettext("conference report", ".")


def session_opened(number: int, *, on: dt.date, language: str) -> str:
    # Translators: a later session of a conference opened ("Session 2 opened on ...").
    return pgettext("conference report", "Session {number} opened on {date}.").format(
        number=number, date=date_text(on, language)
    )


def duty_in(duty: str, area: str) -> str:
    # Translators: a duty in an area: "organizing work in Chile".
    return pgettext("conference report", "{duty} in {area}").format(duty=duty, area=area)


def appointed(event: AppointmentMade, areas: list[str], language: str) -> str:
    date = date_text(dt.date.fromisoformat(event.starts_on), language)
    values = {"person": event.person, "position": event.position, "body": event.body}
    if areas:
        # Translators: {position} is e.g. "Chair", {body} "Preparatory Committee", {areas} a
        # list of duties ("organizing work in Chile and information coverage").
        text = pgettext(
            "conference report",
            "{person} was appointed {position} of the {body} from {date}, responsible for {areas}.",
        )
        return text.format(date=date, areas=and_list(areas), **values)
    # Translators: {position} is e.g. "Chair", {body} "Preparatory Committee".
    text = pgettext(
        "conference report", "{person} was appointed {position} of the {body} from {date}."
    )
    return text.format(date=date, **values)


def works(body: str, start: dt.date, end: dt.date, language: str) -> str:
    first = date_text(start, language, year=start.year != end.year)
    # Translators: a body's mandate, both ends included: "from 20 August to 3 September 2026
    # inclusive".
    text = pgettext("conference report", "The {body} works from {start} to {end} inclusive.")
    return text.format(body=body, start=first, end=date_text(end, language))


def letter(correspondent: str, subject: str) -> str:
    # Translators: a letter presented to the conference; {subject} is the letter's subject.
    text = pgettext(
        "conference report", "A letter from {correspondent} was presented: “{subject}”."
    )
    return text.format(correspondent=correspondent, subject=subject)


def spoke(speaker: str, title: str) -> str:
    # Translators: {title} is the speech's title ("Opening remarks").
    text = pgettext("conference report", "{speaker} spoke: “{title}”.")
    return text.format(speaker=speaker, title=title)


def full_text_follows() -> str:
    # Translators: said after a speech whose text the report then quotes in full.
    return pgettext("conference report", "The full text follows.")


def quoted(text: str) -> str:
    """A speech's text as a Markdown quotation (not translated: it is the speech as given)."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def closed(conference: str) -> str:
    # Translators: the conference ended ("The Third Congress closed.").
    return pgettext("conference report", "The {conference} closed.").format(conference=conference)


def continues(conference: str) -> str:
    # Translators: a session ended but the conference goes on.
    return pgettext("conference report", "The session closed; the {conference} continues.").format(
        conference=conference
    )
