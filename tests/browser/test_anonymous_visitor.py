"""An anonymous visitor reads the organization's public record and finds their way by clicking."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Screenshot

pytestmark = pytest.mark.browser

ERA_AFTER_DATE = re.compile(r"\d{4} \(Reiwa \d+\)")


def test_home_page_shows_the_organization_at_a_glance(
    page: Page, axe_check: AxeCheck, screenshot: Screenshot
) -> None:
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Harbor Workers' International")

    structure = page.get_by_role("region", name="Structure")
    chile = structure.locator("ul.tree > li").filter(
        has=page.get_by_role("link", name="Chile", exact=True)
    )
    expect(chile.locator("ul li").get_by_role("link", name="Valparaíso")).to_be_visible()
    expect(structure.get_by_role("link", name="Coordinating Committee")).to_be_visible()

    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("Founded as an online network in three countries")
    expect(timeline).to_contain_text("Reorganized into an international federation")
    expect(timeline.locator("time").first).to_have_text("March 8, 2014 (Heisei 26)")
    expect(timeline.locator("time", has_text="2022").first).to_have_text("Sept. 1, 2022 (Reiwa 4)")

    coming_up = page.get_by_role("region", name="Coming up")
    observance = coming_up.get_by_role("listitem").filter(has_text="Formation Day")
    expect(observance).to_have_text(re.compile(r"Formation Day: .*Sept\. 1, \d{4} \(Reiwa \d+\)"))
    anniversaries = coming_up.locator("h3:has-text('Anniversaries') + ul > li")
    expect(anniversaries.first).to_have_text(re.compile(r"\(Reiwa \d+\): \d+th anniversary: "))
    expect(coming_up).to_contain_text("anniversary: Reorganized into an international federation")

    # The internal Finance Commission is not shown to the public, here or in the list of bodies.
    expect(page.locator("main")).not_to_contain_text("Finance Commission")
    axe_check(page)
    screenshot(page)


def test_visitor_clicks_from_home_to_a_body_and_to_a_person(
    page: Page, axe_check: AxeCheck
) -> None:
    page.goto("/")
    page.get_by_role("region", name="Structure").get_by_role(
        "link", name="Coordinating Committee"
    ).click()

    expect(page).to_have_url(re.compile(r"/bodies/coordinating-committee/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinating Committee")
    expect(page.locator("dl.summary")).to_contain_text(ERA_AFTER_DATE)
    axe_check(page)

    page.locator("#holders").get_by_role("link", name="Mira Okafor").click()

    expect(page).to_have_url(re.compile(r"/people/mira-okafor/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mira Okafor")
    positions = page.get_by_role("table")
    expect(positions.get_by_role("row").filter(has_text="Coordinating Committee")).to_contain_text(
        "Chair"
    )
    # Her seat on the internal Finance Commission is not public.
    expect(positions).not_to_contain_text("Finance Commission")
    axe_check(page)


def test_internal_body_is_hidden_from_visitors(page: Page, axe_check: AxeCheck) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Bodies").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bodies")
    expect(page.get_by_role("table")).to_contain_text("Coordinating Committee")
    expect(page.get_by_role("table")).not_to_contain_text("Finance Commission")
    axe_check(page)

    response = page.goto("/bodies/finance-commission/")
    assert response is not None
    assert response.status == 404
