"""The organizations pages through Django's test client: access, forms, feed, query budgets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from icalendar import Calendar

from chapterhouse.core.countries import NOT_A_COUNTRY
from chapterhouse.organizations import errors
from chapterhouse.organizations.models import Body
from chapterhouse.organizations.services import branch_create
from tests.helpers import client_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


@time_machine.travel(dt.datetime(2026, 8, 25, 12, tzinfo=dt.UTC), tick=False)
def test_home_shows_structure_timeline_and_what_comes_up(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "Harbor Workers&#x27; International" in page
    assert "Valparaíso" in page and "Executive Committee of the Chile Branch" in page
    assert "Founded as an online network in three countries" in page
    assert "Formation Day" in page
    # The 4th anniversary of the reorganization falls within the next twelve months.
    assert "4th anniversary: Reorganized into an international federation" in page
    assert "Reiwa 8" in page  # era years beside the dates
    assert "Finance Commission" not in page  # internal body, anonymous visitor


def test_anniversaries_page_takes_an_era_year(client: Client) -> None:
    page = client.get("/anniversaries/", {"year": "Reiwa 8"}).content.decode()
    assert "12th anniversary: Founded as an online network in three countries" in page
    assert "4th anniversary: Reorganized into an international federation" in page
    bad = client.get("/anniversaries/", {"year": "Reiwa 0"})
    assert bad.status_code == 200
    assert "errorlist" in bad.content.decode()


def test_no_observance_is_listed_in_a_year_before_its_origin(client: Client) -> None:
    """Formation day commemorates the reorganization of 2022: not kept in 1990 nor in 2022."""
    for year in ("1990", "2022"):
        page = client.get("/anniversaries/", {"year": year}).content.decode()
        assert "Formation Day" not in page, year
    assert "Formation Day" in client.get("/anniversaries/", {"year": "2023"}).content.decode()


@time_machine.travel(dt.datetime(2022, 1, 10, 12, tzinfo=dt.UTC), tick=False)
def test_the_feed_keeps_no_observance_before_its_origin(client: Client) -> None:
    calendar = Calendar.from_ical(client.get("/calendar.ics").content)
    kept = sorted(
        e.decoded("dtstart")
        for e in calendar.walk("VEVENT")
        if "Formation Day" in str(e["summary"])
    )
    assert kept[0] == dt.date(2023, 9, 1)
    assert "Formation Day (1st)" in {str(e["summary"]) for e in calendar.walk("VEVENT")}


def test_an_internal_body_is_404_for_the_public_and_visible_to_its_members(client: Client) -> None:
    assert client.get("/bodies/finance-commission/").status_code == 404
    assert client.get("/bodies/no-such-body/").status_code == 404
    tanaka = client_as("tanaka")  # not a member of the finance commission
    assert tanaka.get("/bodies/finance-commission/").status_code == 404
    okafor = client_as("okafor")  # a member of it
    page = okafor.get("/bodies/finance-commission/").content.decode()
    assert "Dues for 2026 reviewed" in page  # internal records
    secretariat = client_as("secretariat")
    assert secretariat.get("/bodies/finance-commission/").status_code == 200


def test_body_page_shows_holders_on_a_date_given_with_an_era(client: Client) -> None:
    url = "/bodies/third-congress-preparatory-committee/"
    page = client.get(url, {"on": "Reiwa 8-08-25"}).content.decode()
    assert "15 days, inclusive" in page
    assert "Tomás Rivera" in page and "information coverage" in page
    assert "Mira Okafor, Chair of Coordinating Committee" in page
    # The appointer's internal position is not shown to the public.
    assert "Finance Commission" not in page
    partial = client.get(
        url, {"on": "2026-08-25"}, headers={"HX-Request": "true", "HX-Target": "holders"}
    )
    assert partial.content.decode().startswith('<div id="holders">')


def test_body_page_query_budget(client: Client, django_assert_num_queries: Any) -> None:
    """Seven queries, however many holders: 1 the organization (context processor), 2 the body
    with branch and parent, 3 current holders with person, body, position, appointer and
    deciding body, 4 their responsibilities with duty and branch, 5 past holders, 6 their
    responsibilities, 7 sub-bodies. (When anyone was appointed by a person, which appointers the
    viewer may look up and the positions they held add two per list.)"""
    url = "/bodies/chile-executive-committee/"
    client.get(url)  # warm caches such as the content types
    with django_assert_num_queries(7):
        client.get(url, {"on": "2024-06-01"})


def test_only_the_secretariat_may_create_or_change_bodies(client: Client) -> None:
    data = {
        "key": "youth-commission",
        "name": "Youth Commission",
        "kind": "commission",
        "visibility": "public",
    }
    assert client.post("/bodies/new/", data).status_code == 404
    assert client_as("okafor").post("/bodies/new/", data).status_code == 404
    assert not Body.objects.filter(key="youth-commission").exists()
    response = client_as("secretariat").post("/bodies/new/", data)
    assert response.status_code == 302
    assert Body.objects.filter(key="youth-commission").exists()


def test_a_page_refuses_a_day_and_month_it_would_have_to_guess() -> None:
    """ "05/02/2021" was stored as 2 May through Django's US input formats; the API refused it."""
    secretariat = client_as("secretariat")
    data = {"key": "prep-5", "name": "Prep", "kind": "commission", "visibility": "public"}
    response = secretariat.post("/bodies/new/", {**data, "starts_on": "05/02/2021"})
    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"][0].startswith("'05/02/2021' could be")
    assert not Body.objects.filter(key="prep-5").exists()
    response = secretariat.post("/bodies/new/", {**data, "starts_on": "5 February 2021"})
    assert response.status_code == 302
    assert Body.objects.get(key="prep-5").starts_on == dt.date(2021, 2, 5)


def test_a_body_form_shows_service_errors_at_the_fields() -> None:
    secretariat = client_as("secretariat")
    response = secretariat.post(
        "/bodies/new/",
        {
            "key": "prep-4",
            "name": "Preparatory Committee of the Fourth Congress",
            "kind": "preparatory_committee",
            "visibility": "public",
            "starts_on": "2027-02-17",
            "ends_on": "Reiwa 9-02-05",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ends_on"] == [
        errors.MANDATE_ENDS_BEFORE_START.format(ends_on="2027-02-05", starts_on="2027-02-17")
    ]


def test_the_calendar_feed_parses_and_holds_anniversaries_and_observances(client: Client) -> None:
    response = client.get("/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    summaries = {(str(e["summary"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT")}
    assert ("Formation Day (5th)", dt.date(2027, 9, 1)) in summaries or (
        "Formation Day (4th)",
        dt.date(2026, 9, 1),
    ) in summaries
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert all(e.get("dtstamp") for e in calendar.walk("VEVENT"))


@time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC), tick=False)
def test_the_feed_holds_the_scenario_anniversaries_of_2026(client: Client) -> None:
    calendar = Calendar.from_ical(client.get("/calendar.ics").content)
    summaries = {(str(e["summary"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT")}
    assert (
        "12th anniversary: Founded as an online network in three countries",
        dt.date(2026, 3, 8),
    ) in summaries
    assert (
        "4th anniversary: Reorganized into an international federation",
        dt.date(2026, 9, 1),
    ) in summaries
    assert ("Formation Day (4th)", dt.date(2026, 9, 1)) in summaries


def test_branch_page_and_missing_branch(client: Client) -> None:
    page = client.get("/branches/chile/").content.decode()
    assert "Valparaíso" in page and "Executive Committee of the Chile Branch" in page
    assert client.get("/branches/atlantis/").status_code == 404


def test_home_nests_sub_bodies_under_their_parent_and_marks_the_current_page(
    client: Client,
) -> None:
    page = client.get("/").content.decode()
    cc = page.index(">Coordinating Committee</a>")
    prep = page.index(">Preparatory Committee of the Third Congress</a>")
    assert cc < page.index('<ul class="sub">', cc) < prep
    assert 'href="/" aria-current="page"' in page
    assert 'href="/bodies/" aria-current' not in page


def test_a_branch_country_is_chosen_from_the_list_and_shown_by_name() -> None:
    secretariat = client_as("secretariat")
    data = {"key": "korea", "name": "Korea Branch"}
    response = secretariat.post("/branches/new/", {**data, "country": "XX"})
    assert response.status_code == 200
    assert response.context["form"].errors["country"]
    response = secretariat.post("/branches/new/", {**data, "country": "KR"})
    assert response.status_code == 302
    page = secretariat.get("/branches/korea/", HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "대한민국" in page
    form = secretariat.get("/branches/new/").content.decode()
    assert '<option value="KR">South Korea</option>' in form


def test_the_service_refuses_a_country_that_is_not_one() -> None:
    with pytest.raises(ValidationError) as caught:
        branch_create(key="nowhere", name="Nowhere", country="XX", by=None)
    assert caught.value.message_dict["country"] == [NOT_A_COUNTRY.format(value="XX")]


@time_machine.travel(dt.datetime(2026, 12, 10, 12, tzinfo=dt.UTC), tick=False)
def test_a_history_event_known_only_to_the_month_is_entered_and_shown_as_given() -> None:
    secretariat = client_as("secretariat")
    data = {"key": "network-began", "kind": "other", "title": "The first network began"}
    response = secretariat.post("/history/new/", {**data, "occurred_on": "December 2011"})
    assert response.status_code == 302, response.context["form"].errors
    home = secretariat.get("/").content.decode()
    assert '<time datetime="2011-12">December 2011 (Heisei 23)</time>' in home
    page = secretariat.get("/anniversaries/", {"year": "2026"}).content.decode()
    assert "December 2026 (Reiwa 8)</time> 15th anniversary: The first network began" in page
    # In Japanese, as Japanese write a month.
    page = secretariat.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "2011年12月" in page
    # A day in the future is refused at the field, in the reader's language.
    response = secretariat.post("/history/new/", {**data, "key": "soon", "occurred_on": "2027"})
    assert response.context["form"].errors["occurred_on"] == [
        errors.EVENT_IN_FUTURE.format(date="2027-01-01", today="2026-12-10")
    ]
