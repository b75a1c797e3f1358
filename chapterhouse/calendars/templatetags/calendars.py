"""Era years beside dates in templates: ``{% load calendars %}``.

``{{ day|era_years:"japanese,juche" }}``
    The era part alone in the active language: "Reiwa 8 · Juche 115" (ja: "令和8年 · 主体115年").
``{% era_date day %}``
    The date in the locale's DATE_FORMAT, followed by its era years in parentheses for the
    systems in the context variable ``era_systems`` ("Sept. 1, 2026 (Reiwa 8 · Juche 115)").

Both take dates or datetimes (aware datetimes are shown in the current time zone, like Django's
``date`` filter) and render "" for None or anything that is not a date. An unknown system key
raises ValueError (eras.UNKNOWN_SYSTEM): stored choices are checked with
``eras.check_systems`` when they are saved, so a bad key here is a programming error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import get_language

from chapterhouse.calendars.dates import DAY, MONTH, PartialDate
from chapterhouse.calendars.eras import format_with_eras

register = template.Library()


def _active_language() -> str:
    # get_language() is None only while translations are deactivated; eras then use English.
    return get_language() or ""


def _shown_time(value: dt.datetime, *, use_tz: bool | None) -> dt.datetime:
    """The datetime as a template shows it: aware ones in the current time zone.

    The rule of django.utils.timezone.template_localtime, which django-stubs does not declare.
    """
    convert = settings.USE_TZ if use_tz is None else use_tz
    return timezone.localtime(value) if convert and timezone.is_aware(value) else value


def _system_keys(systems: object) -> Sequence[str]:
    """System keys from a filter argument or context value: "japanese,juche" or a sequence."""
    if not systems:
        return ()
    if isinstance(systems, str):
        return [key.strip() for key in systems.split(",") if key.strip()]
    if isinstance(systems, Sequence | set | frozenset):
        return [str(key) for key in systems]
    raise TypeError(f"era systems must be a comma-separated string or a sequence, not {systems!r}")


@register.filter(expects_localtime=True)
def era_years(value: object, systems: object) -> str:
    """``{{ day|era_years:"japanese,juche" }}`` -> "Reiwa 8 · Juche 115" (active language)."""
    if not isinstance(value, dt.date):
        return ""
    return format_with_eras(value, systems=_system_keys(systems), language=_active_language())


def _partial(value: PartialDate, systems: object) -> str:
    """A month ("December 2011", the locale's YEAR_MONTH_FORMAT) or a year ("2011"), with the
    era years of its first day."""
    fmt = "YEAR_MONTH_FORMAT" if value.precision == MONTH else "Y"
    gregorian = str(date_filter(value.start, fmt))
    eras = format_with_eras(value.start, systems=_system_keys(systems), language=_active_language())
    return f"{gregorian} ({eras})" if eras else gregorian


@register.simple_tag(takes_context=True)
def era_date(context: template.Context, value: object) -> str:
    """``{% era_date day %}`` -> "Sept. 1, 2026 (Reiwa 8 · Juche 115)".

    A ``PartialDate`` is shown as given: a day as above, a month as "December 2011 (Heisei
    23)", a year as "2011 (Juche 100)". Returns a plain (unsafe) string, so Django escapes it
    when autoescaping is on.
    """
    if isinstance(value, PartialDate):
        if value.precision != DAY:
            return _partial(value, context.get("era_systems"))
        value = value.start
    if not isinstance(value, dt.date):
        return ""
    day: dt.date = value
    if isinstance(value, dt.datetime):
        day = _shown_time(value, use_tz=context.use_tz)
    gregorian = str(date_filter(day))
    eras = format_with_eras(
        day, systems=_system_keys(context.get("era_systems")), language=_active_language()
    )
    return f"{gregorian} ({eras})" if eras else gregorian
