"""Several people at once: what the secretariat changes, a visitor sees on reloading."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Login, NewPage, Screenshot

pytestmark = pytest.mark.browser

CC = "/bodies/coordinating-committee/"


def test_visitor_sees_an_appointment_the_secretariat_ended(
    new_page: NewPage,
    login: Login,
    axe_check: AxeCheck,
    screenshot: Screenshot,
) -> None:
    secretariat = new_page()
    visitor = new_page()
    login(secretariat, "secretariat", "harbor-secretariat")
    secretariat.goto(CC)
    visitor.goto(CC)

    visitor_current = visitor.locator("#holders h2:first-of-type + table")
    visitor_past = visitor.locator("#holders h2:has-text('Past holders') + table")
    expect(visitor_current.get_by_role("row").filter(has_text="Nomvula Dlamini")).to_contain_text(
        "Secretary"
    )
    expect(visitor_past).to_have_count(0)

    row = secretariat.locator("#holders").get_by_role("row").filter(has_text="Nomvula Dlamini")
    row.get_by_label("Last day").fill("2026-06-30")
    row.get_by_role("button", name="End").click()
    expect(row).to_contain_text("June 30, 2026")

    visitor.reload()

    expect(visitor_current).not_to_contain_text("Nomvula Dlamini")
    expect(visitor_current).to_contain_text("Mira Okafor")
    past = visitor_past.get_by_role("row").filter(has_text="Nomvula Dlamini")
    expect(past).to_contain_text("Secretary")
    expect(past).to_contain_text("Sept. 1, 2022 (Reiwa 4) – June 30, 2026 (Reiwa 8)")
    # The visitor may read, not change: no End forms.
    expect(visitor.get_by_role("button", name="End")).to_have_count(0)
    axe_check(visitor)
    screenshot(visitor)
