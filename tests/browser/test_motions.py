"""A motion from submission to amendment, on the demo's Third Congress: a delegate submits it
on a phone, a second delegate supports it, the chair admits it, and an amendment's change
shows as a diff."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from chapterhouse.conferences import motion_services as ms
from chapterhouse.conferences.models import Conference

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Login, NewPage, Screenshot

pytestmark = pytest.mark.browser

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
HORIZONTAL_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
MOTIONS = "/conferences/third-congress/motions/"
TEXT = (
    "The Congress asks every branch to train two new shop stewards in each port before the "
    "next Congress, and to report on the training to the Coordinating Committee."
)


def test_a_motion_from_a_phone_to_an_amendment(
    new_page: NewPage,
    login: Login,
    axe_check: AxeCheck,
    screenshot: Screenshot,
) -> None:
    congress = Conference.objects.get(key="third-congress")
    ms.motion_workflow_update(conference=congress, min_supporters=1, by=None)

    # Aiko Tanaka, a delegate, submits a motion on her phone.
    tanaka = new_page(**PHONE)
    login(tanaka, "tanaka", "harbor-tanaka")
    tanaka.goto("/conferences/third-congress/")
    tanaka.locator("main").get_by_role("link", name="Motions").click()
    expect(tanaka.get_by_role("heading", level=1)).to_have_text("Motions")
    assert tanaka.evaluate(HORIZONTAL_OVERFLOW) <= 1, "the list scrolls sideways"
    tanaka.get_by_role("link", name="Submit a motion").click()
    tanaka.get_by_label("Title").fill("Shop stewards in every port")
    tanaka.locator("#id_text").fill(TEXT)
    tanaka.get_by_label("Reason").fill("Our new branches need stewards.")
    assert tanaka.evaluate(HORIZONTAL_OVERFLOW) <= 1, "the form scrolls sideways"
    axe_check(tanaka)
    screenshot(tanaka, "submit")
    tanaka.get_by_role("button", name="Submit").click()
    expect(tanaka.get_by_role("heading", level=1)).to_have_text("M 3 Shop stewards in every port")
    expect(tanaka.locator(".messages, [role=status]").first).to_contain_text("M 3 is submitted.")
    assert tanaka.evaluate(HORIZONTAL_OVERFLOW) <= 1, "the motion page scrolls sideways"
    axe_check(tanaka)
    screenshot(tanaka, "submitted")

    # The chair may not admit it yet: nobody supports it.
    chair = new_page()
    login(chair, "secretariat", "harbor-secretariat")
    chair.goto(MOTIONS + "3/")
    chair.get_by_label("New state").select_option("admitted")
    chair.get_by_role("button", name="Change the state").click()
    expect(chair.locator("main")).to_contain_text("M 3 has 0 supporters; 1 are needed.")

    # Mira Okafor, a second delegate, supports it.
    okafor = new_page(**PHONE)
    login(okafor, "okafor", "harbor-okafor")
    okafor.goto(MOTIONS + "3/")
    okafor.get_by_role("button", name="Support this motion").click()
    expect(okafor.locator("main")).to_contain_text("You support M 3.")
    expect(okafor.get_by_role("button", name="Withdraw my support")).to_be_visible()

    # The chair admits it now; only the moves the workflow allows are offered.
    chair.goto(MOTIONS + "3/")
    options = chair.get_by_label("New state").locator("option").all_inner_texts()
    assert sorted(options) == ["admitted", "rejected", "withdrawn", "—"]
    chair.get_by_label("New state").select_option("admitted")
    chair.get_by_role("button", name="Change the state").click()
    expect(chair.locator("main")).to_contain_text("M 3 is admitted.")
    axe_check(chair)
    screenshot(chair, "chair")

    # The delegate proposes an amendment to its first line; its page shows the change.
    tanaka.goto(MOTIONS + "3/")
    tanaka.get_by_role("link", name="Propose an amendment").click()
    expect(tanaka.locator(".motion-line").first).to_contain_text("The Congress asks")
    tanaka.get_by_label("First line").fill("1")
    first_line = tanaka.locator(".motion-line .line-text").first.inner_text()
    assert " two " in first_line
    tanaka.get_by_label("Proposed text").fill(first_line.replace(" two ", " three ") + " ")
    assert tanaka.evaluate(HORIZONTAL_OVERFLOW) <= 1, "the amendment form scrolls sideways"
    axe_check(tanaka)
    screenshot(tanaka, "amend")
    tanaka.get_by_role("button", name="Propose").click()
    expect(tanaka.get_by_role("heading", level=1)).to_contain_text("A 1 to M 3")
    expect(tanaka.locator(".amendment-diff del")).to_have_text(["two"])
    expect(tanaka.locator(".amendment-diff ins")).to_have_text(["three"])
    assert tanaka.evaluate(HORIZONTAL_OVERFLOW) <= 1, "the amendment page scrolls sideways"
    axe_check(tanaka)
    screenshot(tanaka, "amendment")
