"""Guessing passwords: after five failures for one user name from one address, even the right
password is refused with the "Too many failed log-ins" page (django-axes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from axes.utils import reset
from playwright.sync_api import Page, expect

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Login, NewPage, Screenshot

pytestmark = pytest.mark.browser

FAILURE_LIMIT = 5  # CHAPTERHOUSE_LOGIN_FAILURE_LIMIT's default
LOCKED_OUT = "Too many failed log-ins"


@pytest.fixture(autouse=True)
def _axes_reset(site: str) -> Iterator[None]:
    """Lock-outs are kept in the database, which the flush after each test empties anyway;
    this says so explicitly and holds if axes ever keeps them elsewhere."""
    yield
    reset()


def submit_login(page: Page, username: str, password: str) -> int:
    """Send the log-in form; the HTTP status of the answer."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    return answer.value.status


def test_five_wrong_passwords_lock_the_account_from_this_address(
    page: Page,
    new_page: NewPage,
    login: Login,
    axe_check: AxeCheck,
    screenshot: Screenshot,
) -> None:
    for attempt in range(1, FAILURE_LIMIT):
        assert submit_login(page, "tanaka", f"wrong-{attempt}") == 200
        expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username")
    submit_login(page, "tanaka", "wrong-again")

    assert submit_login(page, "tanaka", "harbor-tanaka") == 429
    expect(page.get_by_role("heading", level=1)).to_have_text(LOCKED_OUT)
    expect(page.locator("header.site .who")).to_have_count(0)
    axe_check(page)
    screenshot(page)

    # The lock is for that user name: another person at the same address still gets in.
    login(new_page(), "okafor", "harbor-okafor")
