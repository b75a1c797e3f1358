from __future__ import annotations

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from chapterhouse.access.selectors import PUBLIC
from chapterhouse.demo import registry
from chapterhouse.demo.registry import register_demo, registered_parts
from chapterhouse.demo.scenario import demo_is_loaded, demo_load
from chapterhouse.organizations import demo as organizations_demo
from chapterhouse.organizations.selectors import anniversaries_within, organization_get
from chapterhouse.people import demo as people_demo

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


def test_the_contexts_register_their_demo_parts_in_layer_order() -> None:

    parts = registered_parts()
    ours = [p for p in parts if p in (organizations_demo.PART, people_demo.PART)]
    assert ours == [organizations_demo.PART, people_demo.PART]
    register_demo(people_demo.PART)  # again: a no-op
    assert registered_parts() == parts


def test_a_part_that_fails_leaves_nothing_behind() -> None:

    def fail() -> None:
        raise RuntimeError("a part failed")

    before = list(registry._parts)
    registry._parts.append(registry.DemoPart(name="failing", load=fail))
    try:
        with pytest.raises(RuntimeError):
            demo_load()
    finally:
        registry._parts[:] = before
    assert not demo_is_loaded()
    assert row_counts()["organizations.Branch"] == 0
