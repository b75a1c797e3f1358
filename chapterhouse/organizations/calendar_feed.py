"""The iCalendar feed of anniversaries and observances members subscribe to."""

from __future__ import annotations

import datetime as dt

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils import translation
from icalendar import Calendar, Event

from chapterhouse.organizations.anniversaries import Anniversary
from chapterhouse.organizations.models import HistoryEvent
from chapterhouse.organizations.selectors import UpcomingObservance


def _ordinal(n: int) -> str:
    """English ordinals ("1st", "22nd"): the feed's text is English for every subscriber."""
    with translation.override("en"):
        return str(ordinal(n))


def calendar_build(
    *,
    organization_name: str,
    host: str,
    anniversaries: list[Anniversary[HistoryEvent]],
    observances: list[UpcomingObservance],
    stamp: dt.datetime,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Chapterhouse//Anniversaries and observances//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{organization_name}: anniversaries and observances")
    for anniversary in anniversaries:
        event = Event()
        event.add("uid", f"anniversary-{anniversary.subject.key}-{anniversary.number}@{host}")
        event.add(
            "summary", f"{_ordinal(anniversary.number)} anniversary: {anniversary.subject.title}"
        )
        event.add("dtstart", anniversary.on)
        # A month- or year-precision anniversary spans its whole month or year.
        event.add("dtend", anniversary.when.end + dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("categories", ["anniversary"])
        event.add(
            "description",
            f"{anniversary.subject.occurred.iso()}: {anniversary.subject.title}",
        )
        cal.add_component(event)
    for upcoming in observances:
        event = Event()
        event.add("uid", f"observance-{upcoming.observance.key}-{upcoming.on.year}@{host}")
        summary = upcoming.observance.name
        if upcoming.number:
            summary = f"{summary} ({_ordinal(upcoming.number)})"
        event.add("summary", summary)
        event.add("dtstart", upcoming.on)
        event.add("dtend", upcoming.on + dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("categories", ["observance"])
        if upcoming.observance.description:
            event.add("description", upcoming.observance.description)
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
