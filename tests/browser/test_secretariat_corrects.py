"""The secretariat edits a person's names and contacts row by row, corrects an appointment, voids
it as entered in error and restores it from the list of voided records."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Login

pytestmark = pytest.mark.browser

TANAKA = "aiko-tanaka-member-third-congress-preparatory-committee-2026-08-20"


def test_secretariat_adds_a_name_and_removes_a_contact(
    page: Page, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "secretariat", "harbor-secretariat")
    page.goto("/people/aiko-tanaka/")
    page.get_by_role("link", name="Edit person").click()
    axe_check(page)
    # The page shows both names and the email, and an empty row to add each.
    expect(page.locator("#id_names-1-full_name")).to_have_value("田中愛子")
    page.locator("#id_names-2-language").fill("ko")
    page.locator("#id_names-2-full_name").fill("다나카 아이코")
    page.locator("#id_contacts-0-DELETE").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Person saved.")
    expect(page.locator("main")).to_contain_text("다나카 아이코")
    expect(page.locator("main")).to_contain_text("田中愛子")
    expect(page.locator("main")).not_to_contain_text("aiko@hwi.example")


def test_secretariat_corrects_voids_and_restores_an_appointment(
    page: Page, login: Login, axe_check: AxeCheck
) -> None:
    login(page, "secretariat", "harbor-secretariat")
    page.goto(f"/appointments/{TANAKA}/edit/")
    axe_check(page)
    page.locator("#id_starts_on").fill("2026-08-21")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("status")).to_contain_text("Appointment corrected.")

    page.goto(f"/appointments/{TANAKA}/edit/")
    page.get_by_role("link", name="Void this appointment").click()
    page.get_by_label("Why is this record void?").fill("Entered for the wrong body")
    page.get_by_role("button", name="Void").click()
    expect(page.get_by_role("status")).to_contain_text("Record voided.")
    expect(page.locator("main")).not_to_contain_text("Aiko Tanaka")

    page.goto("/voided/")
    axe_check(page)
    expect(page.locator("main")).to_contain_text("Entered for the wrong body")
    page.get_by_role("button", name="Restore").click()
    expect(page.get_by_role("status")).to_contain_text("Record restored.")
    page.goto("/bodies/third-congress-preparatory-committee/?on=2026-08-25")
    expect(page.locator("main")).to_contain_text("Aiko Tanaka")
