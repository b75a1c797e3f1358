from __future__ import annotations

from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "chapterhouse.calendars"
    label = "calendars"
