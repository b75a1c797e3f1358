"""The consistency check of a report before it is published (docs/publishing.md, "Reports").

``consistency_check(post=...)`` lists the contradictions the editor should see: an "Nth
anniversary" that is not N years after the event it names, a session outside its conference's
dates, an appointment outside its body's mandate, a date in the text that the journal does not
record. It reads; it never changes anything. The editor is the secretariat: it sees every
journal entry, hidden ones included.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.dates import MONTHS, MONTHS_ALT
from django.utils.translation import gettext as _

from chapterhouse.calendars.eras import EraParseError, parse_era_date
from chapterhouse.conferences import events as ev
from chapterhouse.conferences.models import Conference, Session
from chapterhouse.core.journal import journal_since
from chapterhouse.organizations.models import HistoryEvent
from chapterhouse.people.models import Appointment
from chapterhouse.publishing.models import Post, Report

ANNIVERSARY = "anniversary"
SESSION_DATES = "session_dates"
MANDATE = "mandate"
TEXT_DATE = "text_date"

_ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
_ORDINAL_NUMBERS = {word: n for n, word in enumerate(_ORDINAL_WORDS, start=1)}
_ANNIVERSARY_RE = re.compile(
    r"\b(?:(\d{1,4})(?:st|nd|rd|th)|(" + "|".join(_ORDINAL_WORDS) + r"))\s+anniversary\b",
    re.IGNORECASE,
)
_CJK_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Korean: "2021년 2월 5일"; "2월 5일" takes the year of the next full date.
_KOREAN_DATE_RE = re.compile(r"(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일")
# Russian writes the month in the genitive: "5 февраля 2021 года", "5 февраля 2021 г.",
# "5 февраля" (the year of the next full date).
_RUSSIAN_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_RUSSIAN_DATE_RE = re.compile(
    r"\b(\d{1,2})\s+(" + "|".join(_RUSSIAN_MONTHS) + r")(?:\s+(\d{4})(?:\s*(?:года|г\.))?)?(?!\w)",
    re.IGNORECASE,
)
# A date in an era year: "令和3年2月5日", "令和元年5月1日", "레이와 3년 2월 5일",
# "주체110년 2월 5일" (calendars.eras reads it, and refuses a day outside its era).
_ERA_NAMES = (
    "明治", "大正", "昭和", "平成", "令和", "메이지", "다이쇼", "쇼와", "헤이세이", "레이와",
    "주체", "民国", "民國",
)  # fmt: skip
_ERA_DATE_RE = re.compile(
    r"(?:"
    + "|".join(_ERA_NAMES)
    + r")\s*(?:元|\d{1,3})\s*[年년]\s*\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]"
)
# A sentence: up to its full stop (the text of a report is short; a rough cut is enough).
_SENTENCE_RE = re.compile(r"[^.!?。\n]+[.!?。]?")


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str


def _anniversary_number(match: re.Match[str]) -> int:
    if match.group(1):
        return int(match.group(1))
    return _ORDINAL_NUMBERS[match.group(2).lower()]


def _anniversaries(texts: list[str], occasion: HistoryEvent | None, on: dt.date) -> list[Finding]:
    """Each "Nth anniversary" of a sentence checked against the history event it names (its
    title in the sentence), or else against the event the conference marks."""
    found: list[Finding] = []
    events = list(HistoryEvent.objects.all())
    for text in texts:
        for sentence in _SENTENCE_RE.findall(text):
            for match in _ANNIVERSARY_RE.finditer(sentence):
                said = _anniversary_number(match)
                lowered = sentence.lower()
                named = [e for e in events if e.title and e.title.lower() in lowered]
                if not named and occasion is not None:
                    named = [occasion]
                for event in named:
                    actual = on.year - event.occurred_on.year
                    if actual != said:
                        found.append(
                            Finding(
                                ANNIVERSARY,
                                _(
                                    "“{text}”: {event} was on {date}, so {on} is its anniversary"
                                    " number {actual}, not {said}."
                                ).format(
                                    text=match.group(0),
                                    event=event.title,
                                    date=event.occurred_on.isoformat(),
                                    on=on.isoformat(),
                                    actual=actual,
                                    said=said,
                                ),
                            )
                        )
    return found


def _sessions(conference: Conference) -> list[Finding]:
    found: list[Finding] = []
    for session in Session.objects.filter(conference=conference).order_by("number"):
        day = timezone.localdate(session.starts_at)
        last = conference.ends_on
        if day < conference.starts_on or (last is not None and day > last):
            found.append(
                Finding(
                    SESSION_DATES,
                    _(
                        "Session {number} is on {date}, outside the conference's dates"
                        " ({start} to {end})."
                    ).format(
                        number=session.number,
                        date=day.isoformat(),
                        start=conference.starts_on.isoformat(),
                        end=last.isoformat() if last else "…",
                    ),
                )
            )
    return found


def _appointments(conference: Conference) -> tuple[list[Appointment], list[Finding]]:
    """The appointments the journal records, and those outside their body's mandate."""
    made: list[Appointment] = []
    for entry in journal_since(scope=conference.scope).filter(kind=ev.AppointmentMade.kind):
        event = ev.entry_event(entry)
        if not isinstance(event, ev.AppointmentMade):
            continue
        appointment = (
            Appointment.all_objects.filter(
                body__name=event.body,
                position__name=event.position,
                person__display_name=event.person,
                starts_on=dt.date.fromisoformat(event.starts_on),
            )
            .select_related("body", "person", "position")
            .order_by("-id")
            .first()
        )
        if appointment is not None:
            made.append(appointment)
    found: list[Finding] = []
    for a in made:
        body = a.body
        before = body.starts_on is not None and a.starts_on < body.starts_on
        end = a.ends_on or a.starts_on
        after = body.ends_on is not None and end > body.ends_on
        if before or after:
            found.append(
                Finding(
                    MANDATE,
                    _(
                        "{person}'s appointment as {position} of the {body} ({start} to {end})"
                        " is outside the body's mandate ({first} to {last})."
                    ).format(
                        person=a.person.display_name,
                        position=a.position.name,
                        body=body.name,
                        start=a.starts_on.isoformat(),
                        end=a.ends_on.isoformat() if a.ends_on else "…",
                        first=body.starts_on.isoformat() if body.starts_on else "…",
                        last=body.ends_on.isoformat() if body.ends_on else "…",
                    ),
                )
            )
    return made, found


def text_dates(text: str, language: str) -> list[tuple[str, dt.date]]:
    """The dates written in ``text`` as reports write them: "1 September 2026", "20 August"
    (the year of the next full date), "2026年9月1日", "2021년 2월 5일" ("2월 5일"), "5 февраля
    2021 года" ("5 февраля"), and in era years, "令和3年2月5日". Month names are read in the
    post's language (Django's, in both of their forms) and in Russian's genitive. A day that
    does not exist is left out; where two readings overlap, the one starting first (the
    longer at the same place) counts."""
    with translation.override(language):
        months = {str(name).lower(): number for number, name in MONTHS.items()}
        months |= {str(name).lower(): number for number, name in MONTHS_ALT.items()}
    months |= {name: number for number, name in enumerate(_RUSSIAN_MONTHS, start=1)}
    pattern = re.compile(
        r"\b(\d{1,2})\s+(" + "|".join(re.escape(m) for m in months) + r")(?:\s+(\d{4}))?\b",
        re.IGNORECASE,
    )
    # (start, end, shown, month, day, year); a year None takes the next full date's.
    raw: list[tuple[int, int, str, int, int, int | None]] = []
    for m in _ERA_DATE_RE.finditer(text):
        try:
            read = parse_era_date(m.group(0))
        except EraParseError:
            continue
        raw.append((m.start(), m.end(), m.group(0), read.month, read.day, read.year))
    for m in _RUSSIAN_DATE_RE.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        month = _RUSSIAN_MONTHS.index(m.group(2).lower()) + 1
        raw.append((m.start(), m.end(), m.group(0), month, int(m.group(1)), year))
    for m in pattern.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        month = months[m.group(2).lower()]
        raw.append((m.start(), m.end(), m.group(0), month, int(m.group(1)), year))
    for m in _CJK_DATE_RE.finditer(text):
        raw.append(
            (m.start(), m.end(), m.group(0), int(m.group(2)), int(m.group(3)), int(m.group(1)))
        )
    for m in _KOREAN_DATE_RE.finditer(text):
        year = int(m.group(1)) if m.group(1) else None
        raw.append((m.start(), m.end(), m.group(0), int(m.group(2)), int(m.group(3)), year))
    raw.sort(key=lambda r: (r[0], -r[1]))
    kept: list[tuple[int, int, str, int, int, int | None]] = []
    for row in raw:
        if kept and row[0] < kept[-1][1]:
            continue  # inside a reading already kept ("9月1日" of "令和8年9月1日")
        kept.append(row)
    found: list[tuple[str, dt.date]] = []
    for index, (_start, _end, shown, month, day, year) in enumerate(kept):
        if year is None:
            year = next((y for *_rest, y in kept[index + 1 :] if y is not None), None)
        if year is None:
            continue
        try:
            found.append((shown, dt.date(year, month, day)))
        except ValueError:
            continue
    return found


def _text_dates(
    post: Post, conference: Conference, appointments: list[Appointment]
) -> list[Finding]:
    known: set[dt.date] = {conference.starts_on}
    if conference.ends_on:
        known.add(conference.ends_on)
    known |= {
        timezone.localdate(s.starts_at) for s in Session.objects.filter(conference=conference)
    }
    for a in appointments:
        known.add(a.starts_on)
        known |= {d for d in (a.ends_on, a.body.starts_on, a.body.ends_on) if d is not None}
    if conference.occasion_event is not None:
        known.add(conference.occasion_event.occurred_on)
    found: list[Finding] = []
    for shown, day in text_dates(f"{post.title}\n{post.lead}\n{post.body}", post.language):
        if day not in known:
            found.append(
                Finding(
                    TEXT_DATE,
                    _("The text says “{shown}”: the journal records no such date.").format(
                        shown=shown
                    ),
                )
            )
    return found


def consistency_check(*, post: Post) -> list[Finding]:
    """The contradictions in a report and in the history it tells, for its editor; an empty
    list for a consistent record. A post that is not a report gets only the anniversary check
    (against the history events it names)."""
    report = Report.objects.filter(post=post).select_related("conference").first()
    texts = [post.title, post.lead, post.body]
    if report is None:
        on = post.dateline_date or timezone.localdate()
        return _anniversaries(texts, None, on)
    conference = Conference.objects.select_related("occasion_event").get(pk=report.conference_id)
    findings = _anniversaries(
        [*texts, conference.occasion], conference.occasion_event, conference.starts_on
    )
    findings += _sessions(conference)
    appointments, mandate = _appointments(conference)
    findings += mandate
    findings += _text_dates(post, conference, appointments)
    return findings
