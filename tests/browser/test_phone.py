"""On a phone (390×844, touch): the pages fit the screen's width and stay accessible."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

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


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Harbor Workers' International"),
        ("/bodies/third-congress-preparatory-committee/?on=2026-08-25", "Preparatory Committee"),
        ("/people/aiko-tanaka/", "Aiko Tanaka"),
    ],
    ids=["home", "body", "person"],
)
def test_page_fits_a_phone_screen(
    new_page: NewPage,
    axe_check: AxeCheck,
    screenshot: Screenshot,
    path: str,
    heading: str,
) -> None:
    page = new_page(**PHONE)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)

    assert page.evaluate("window.innerWidth") == PHONE["viewport"]["width"]
    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 1, "the page scrolls sideways"
    axe_check(page)
    screenshot(page)


def test_secretariat_body_page_with_its_forms_fits_a_phone_screen(
    new_page: NewPage,
    login: Login,
    axe_check: AxeCheck,
    screenshot: Screenshot,
) -> None:
    page = new_page(**PHONE)
    login(page, "secretariat", "harbor-secretariat")
    page.goto("/bodies/coordinating-committee/")
    expect(page.get_by_role("button", name="End").first).to_be_attached()

    assert page.evaluate(HORIZONTAL_OVERFLOW) <= 1, "the page scrolls sideways"
    axe_check(page)
    screenshot(page)
