"""The secretariat appoints someone through the form, is told what is wrong and where, and ends an
appointment from the body page's inline form (htmx swaps the row)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from chapterhouse.people.errors import APPOINTMENT_ENDS_BEFORE_START, POSITION_TAKEN

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Login, Screenshot

pytestmark = pytest.mark.browser

CC = "/bodies/coordinating-committee/"
DANGER = "rgb(180, 35, 24)"  # --danger in site.css: an invalid field has a red border


def test_secretariat_appoints_after_correcting_two_mistakes(
    page: Page,
    login: Login,
    axe_check: AxeCheck,
    screenshot: Screenshot,
) -> None:
    login(page, "secretariat", "harbor-secretariat")
    page.goto(CC)
    page.get_by_role("link", name="Appoint someone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Appoint someone to Coordinating Committee"
    )
    axe_check(page)

    # Labels read "Person:" and so on; "Appointed by (person)" must not match.
    person = page.get_by_label(re.compile(r"^Person"))
    position = page.get_by_label(re.compile(r"^Position"))
    starts = page.get_by_label(re.compile(r"^From"))
    ends = page.get_by_label(re.compile(r"^Until"))
    appoint = page.get_by_role("button", name="Appoint")

    # 1. The end before the start: told at "Until", and nothing typed is lost.
    person.select_option(label="Nomvula Dlamini")
    position.select_option(label="Vice-Chair")
    starts.fill("2026-01-10")
    ends.fill("2026-01-01")
    appoint.click()

    expect(page.get_by_role("alert")).to_contain_text("Please correct the errors below.")
    expect(ends).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_ends_on_error")).to_have_text(
        APPOINTMENT_ENDS_BEFORE_START.format(ends_on="2026-01-01", starts_on="2026-01-10")
    )
    expect(ends).to_have_attribute("aria-describedby", re.compile(r"\bid_ends_on_error\b"))
    expect(ends).to_have_css("border-top-color", DANGER)
    expect(person).to_have_value("nomvula-dlamini")
    expect(position).to_have_value("vice-chair")
    expect(starts).to_have_value("2026-01-10")
    expect(ends).to_have_value("2026-01-01")
    axe_check(page)
    screenshot(page, "end-before-start")

    # 2. A second Chair over Mira Okafor's open-ended term: told at "Position", naming her.
    position.select_option(label="Chair")
    ends.fill("")
    appoint.click()

    expect(position).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_position_error")).to_have_text(
        POSITION_TAKEN.format(
            position="Chair",
            body="Coordinating Committee",
            holder="Mira Okafor",
            starts_on="2022-09-01",
            until="with no end date",
        )
    )
    expect(page.locator("#id_ends_on_error")).to_have_count(0)
    expect(starts).to_have_value("2026-01-10")

    # 3. Vice-Chair from an era date: made, and back on the body page.
    position.select_option(label="Vice-Chair")
    starts.fill("Reiwa 6-01-10")
    appoint.click()

    expect(page).to_have_url(re.compile(rf"{CC}$"))
    expect(page.get_by_role("status")).to_have_text("Appointment made.")
    current = page.locator("#holders").get_by_role("table").first
    new_row = current.get_by_role("row").filter(has_text="Vice-Chair")
    expect(new_row).to_contain_text("Nomvula Dlamini")
    expect(new_row).to_contain_text("Jan. 10, 2024 (Reiwa 6) – open-ended")
    axe_check(page)


def test_secretariat_ends_an_appointment_inline(
    page: Page,
    login: Login,
    axe_check: AxeCheck,
    screenshot: Screenshot,
) -> None:
    login(page, "secretariat", "harbor-secretariat")
    page.goto(CC)
    page.evaluate("window.notReloaded = true")
    current = page.locator("#holders").get_by_role("table").first
    row = current.get_by_role("row").filter(has_text="Nomvula Dlamini")
    expect(row).to_contain_text("Secretary")

    row.get_by_label("Last day").fill("2026-06-30")
    with page.expect_response(re.compile(r"/appointments/.+/end/$")) as answer:
        row.get_by_role("button", name="End").click()
    assert answer.value.request.headers.get("hx-request") == "true"

    # The same row, swapped in place: its term now ends, so there is nothing left to end.
    expect(row).to_contain_text("Sept. 1, 2022 (Reiwa 4) – June 30, 2026 (Reiwa 8)")
    expect(row.get_by_role("button", name="End")).to_have_count(0)
    assert page.evaluate("window.notReloaded") is True
    axe_check(page)
    screenshot(page)

    # An end before the start is refused, in the row that was to be ended.
    okafor = current.get_by_role("row").filter(has_text="Mira Okafor")
    okafor.get_by_label("Last day").fill("2020-01-01")
    okafor.get_by_role("button", name="End").click()
    expect(current.get_by_role("alert")).to_contain_text(
        APPOINTMENT_ENDS_BEFORE_START.format(ends_on="2020-01-01", starts_on="2022-09-01")
    )
    expect(okafor).to_contain_text("open-ended")


def test_secretariat_gives_several_responsibilities_each_in_its_own_area(
    page: Page,
    login: Login,
    axe_check: AxeCheck,
    screenshot: Screenshot,
) -> None:
    """Two blank rows, a third through "Add another responsibility" (a plain submit: no
    JavaScript needed), each row a fieldset whose legend names it; a country without a duty is
    told at its row."""
    login(page, "secretariat", "harbor-secretariat")
    page.goto(CC + "appoint/")
    page.get_by_label(re.compile(r"^Person")).select_option(label="Nomvula Dlamini")
    page.get_by_label(re.compile(r"^Position")).select_option(label="Vice-Chair")
    page.get_by_label(re.compile(r"^From")).fill("2026-01-10")
    first = page.get_by_role("group", name="Responsibility 1")
    second = page.get_by_role("group", name="Responsibility 2")
    first.get_by_label(re.compile(r"^Duty")).select_option(label="organizing work")
    first.get_by_label(re.compile(r"^Or in country")).select_option("RU")
    second.get_by_label(re.compile(r"^Duty")).select_option(label="information coverage")
    second.get_by_label(re.compile(r"^Or in country")).select_option("RU")
    expect(page.get_by_role("group", name="Responsibility 3")).to_have_count(0)

    page.get_by_role("button", name="Add another responsibility").click()

    third = page.get_by_role("group", name="Responsibility 3")
    expect(third.get_by_label(re.compile(r"^Duty"))).to_be_focused()
    expect(second.get_by_label(re.compile(r"^Or in country"))).to_have_value("RU")
    expect(page.get_by_label(re.compile(r"^From"))).to_have_value("2026-01-10")
    expect(page.get_by_role("alert")).to_have_count(0)
    axe_check(page)

    third.get_by_label(re.compile(r"^Or in country")).select_option("JP")
    page.get_by_role("button", name="Appoint", exact=True).click()
    expect(third.get_by_label(re.compile(r"^Duty"))).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert").first).to_contain_text("Please correct the errors below.")
    screenshot(page, "country-without-duty")

    third.get_by_label(re.compile(r"^Or in country")).select_option("")
    page.get_by_role("button", name="Appoint", exact=True).click()
    expect(page).to_have_url(re.compile(rf"{CC}$"))
    row = (
        page.locator("#holders")
        .get_by_role("row")
        .filter(has_text="Nomvula Dlamini")
        .filter(has_text="Vice-Chair")
    )
    expect(row).to_contain_text("organizing work (Russia); information coverage (Russia)")
