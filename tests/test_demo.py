from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from chapterhouse.access.selectors import PUBLIC
from chapterhouse.organizations.selectors import anniversaries_within, organization_get

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"organizations", "people", "access", "auth"}
    }


def test_demo_loads_once_and_running_it_again_changes_nothing() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "secretariat / harbor-secretariat" in out.getvalue()
    first = row_counts()
    assert first["people.Appointment"] == 7
    again = io.StringIO()
    call_command("demo", stdout=again)
    assert "already loaded; nothing changed" in again.getvalue()
    assert row_counts() == first


def test_demo_replays_the_design_scenario() -> None:
    call_command("demo", stdout=io.StringIO())
    assert organization_get().name == "Harbor Workers' International"
    found = anniversaries_within(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), roles=PUBLIC)
    numbers = {(a.subject.key, a.number) for a in found}
    assert ("hwi-founded", 12) in numbers
    assert ("hwi-reorganized", 4) in numbers
