"""The secretariat corrects history events, observances and the structure from their pages;
update services take named fields only and write nothing when nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from chapterhouse.core.models import AuditEntry
from chapterhouse.organizations.models import Branch, HistoryEvent, Observance
from chapterhouse.organizations.services import branch_update, history_event_update
from chapterhouse.people.models import Duty, PartnerOrganization, Position
from tests.helpers import client_as

pytestmark = pytest.mark.django_db


def test_a_history_event_is_corrected_from_its_page(demo: None) -> None:
    secretariat = client_as("secretariat")
    page = secretariat.get("/history/hwi-renamed/edit/")
    assert page.status_code == 200
    event = HistoryEvent.objects.get(key="hwi-renamed")
    data = {
        "kind": event.kind,
        "occurred_on": "2024-05-02",
        "title": event.title,
        "new_name": event.new_name,
        "old_name": event.old_name,
        "key": "changed-key",  # shown, never changed
    }
    assert secretariat.post("/history/hwi-renamed/edit/", data).status_code == 302
    event.refresh_from_db()
    assert event.occurred_on == dt.date(2024, 5, 2)
    assert event.key == "hwi-renamed"
    entry = AuditEntry.objects.get(action="history_event.updated", object_key="hwi-renamed")
    assert dict(entry.changes)["occurred_on"][1] == "2024-05-02"
    assert client_as("tanaka").get("/history/hwi-renamed/edit/").status_code == 404


def test_an_observance_is_corrected_from_its_page(demo: None) -> None:
    secretariat = client_as("secretariat")
    data = {"name": "Formation Day of HWI", "event": "hwi-reorganized"}
    assert secretariat.post("/observances/formation-day/edit/", data).status_code == 302
    assert Observance.objects.get(key="formation-day").name == "Formation Day of HWI"


def test_partners_positions_and_duties_have_pages(demo: None) -> None:
    secretariat = client_as("secretariat")
    made = secretariat.post(
        "/partners/new/", {"key": "harbor-friends", "name": "Harbor Friends", "country": "cl"}
    )
    assert made.status_code == 302
    assert PartnerOrganization.objects.get(key="harbor-friends").country == "CL"
    edited = secretariat.post(
        "/partners/harbor-friends/edit/", {"name": "Harbor Friends' League", "country": "CL"}
    )
    assert edited.status_code == 302
    assert PartnerOrganization.objects.get(key="harbor-friends").name == "Harbor Friends' League"
    assert (
        secretariat.post(
            "/positions/new/", {"key": "treasurer", "name": "Treasurer", "rank": "40"}
        ).status_code
        == 302
    )
    assert (
        secretariat.post(
            "/positions/treasurer/edit/", {"name": "Treasurer", "rank": "35", "single_holder": "on"}
        ).status_code
        == 302
    )
    treasurer = Position.objects.get(key="treasurer")
    assert (treasurer.rank, treasurer.single_holder) == (35, True)
    assert (
        secretariat.post("/duties/new/", {"key": "finance", "name": "finance"}).status_code == 302
    )
    assert secretariat.post("/duties/finance/edit/", {"name": "financial work"}).status_code == 302
    assert Duty.objects.get(key="finance").name == "financial work"
    assert "Treasurer" in secretariat.get("/positions/").content.decode()
    for path in ("/positions/", "/partners/new/", "/duties/finance/edit/"):
        assert client_as("tanaka").get(path).status_code == 404


def test_update_services_refuse_an_unknown_field_and_skip_no_ops(demo: None) -> None:
    branch = Branch.objects.get(key="chile")
    audited = AuditEntry.objects.count()
    with pytest.raises(TypeError, match="contry"):
        branch_update(branch=branch, contry="AR", by=None)  # type: ignore[call-arg]
    branch_update(branch=branch, name="Chile", country="cl", parent=None, by=None)
    event = HistoryEvent.objects.get(key="hwi-renamed")
    history_event_update(event=event, title=event.title, body=None, by=None)
    assert AuditEntry.objects.count() == audited
    branch_update(branch=branch, name="Chile (national)", by=None)
    assert AuditEntry.objects.count() == audited + 1
