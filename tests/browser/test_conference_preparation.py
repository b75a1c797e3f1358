"""The secretariat prepares a conference from the pages: creates it, adds a session, imports
participants from a CSV file with one bad row (seen in the preview, nothing written), fixes
the row and imports. The pages fit a phone's 390 px without sideways scrolling."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from chapterhouse.conferences import errors as msg
from chapterhouse.conferences.models import Conference, Participant

if TYPE_CHECKING:
    from tests.browser.conftest import AxeCheck, Login, NewPage, Screenshot

pytestmark = pytest.mark.browser

CSV = (
    "person,roles,voting_right,weight,branch\n"
    "mira-okafor,official delegate,yes,1,\n"
    "no-such-person,delegate,yes,1,chile\n"
    "tomas-rivera,delegate,yes,2,chile\n"
)


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{page.url} is {width} px wide"


def test_secretariat_prepares_a_conference(
    new_page: NewPage, login: Login, axe_check: AxeCheck, screenshot: Screenshot
) -> None:
    page = new_page()  # the demo has the Congress series, and its third congress
    login(page, "secretariat", "harbor-secretariat")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Conferences").click()
    page.get_by_role("link", name="New conference").click()

    page.get_by_label(re.compile(r"^Key")).fill("fourth-congress")
    page.get_by_label(re.compile(r"^Series")).select_option("congress")
    page.get_by_label(re.compile(r"^Number in the series")).fill("4")
    page.get_by_label(re.compile(r"^Kind")).select_option("congress")
    page.get_by_label(re.compile(r"^Convening body")).select_option("coordinating-committee")
    page.get_by_label(re.compile(r"^Format")).select_option("in_person")
    page.get_by_label(re.compile(r"^Venue")).fill("Harbor Hall")
    page.get_by_label(re.compile(r"^First day")).fill("2027-09-01")
    page.get_by_label(re.compile(r"^Last day")).fill("2027-08-30")
    page.get_by_role("button", name="Save").click()
    # The service's refusal, at its field; nothing is made.
    expect(page.locator("#id_ends_on_error")).to_have_text(
        msg.ENDS_BEFORE_START.format(ends_on="2027-08-30", starts_on="2027-09-01")
    )
    assert not Conference.objects.filter(key="fourth-congress").exists()
    page.get_by_label(re.compile(r"^Last day")).fill("2027-09-03")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preparing Fourth Congress")

    page.get_by_role("link", name="Add a session").click()
    page.get_by_label(re.compile(r"^Starts at")).fill("2027-09-01T09:00")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        "Session 1 added."
    )

    page.get_by_role("link", name="Import from a CSV file").click()
    text = page.get_by_label(re.compile(r"file's text"))
    text.fill(CSV)
    page.get_by_role("button", name="Preview").click()
    errors = page.locator("table.row-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first.locator("td").first).to_have_text("3")  # the line in the file
    expect(errors.first).to_contain_text("no-such-person")
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    assert not Participant.objects.filter(conference__key="fourth-congress").exists()
    axe_check(page)

    phone = new_page(viewport={"width": 390, "height": 844})
    login(phone, "secretariat", "harbor-secretariat")
    phone.goto(page.url)
    phone.get_by_label(re.compile(r"file's text")).fill(CSV)
    phone.get_by_role("button", name="Preview").click()
    expect(phone.locator("table.row-errors tbody tr")).to_have_count(1)
    _fits(phone)
    screenshot(phone, "preview-390")

    # Fixed in the text box the preview gave back, previewed again, then imported.
    fixed = text.input_value().replace("no-such-person", "aiko-tanaka")
    text.fill(fixed)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_role("button", name="Import 3 participants").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preparing Fourth Congress")
    expect(page.get_by_role("heading", name="3 participants")).to_be_visible()
    assert Participant.objects.filter(conference__key="fourth-congress").count() == 3
    axe_check(page)
    screenshot(page, "preparation")

    phone.goto(page.url)
    _fits(phone)
    screenshot(phone, "preparation-390")

    # A guest is invited; the invitation carries the QR code of the check-in link, and
    # opening the link checks the guest in.
    page.get_by_role("link", name="Add a participant").click()
    page.get_by_label(re.compile(r"^Person")).fill("lars-nilsson")
    page.get_by_role("checkbox", name="guest").check()
    page.get_by_label(re.compile(r"^Represents a partner")).select_option("nordic-port-workers")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_role("heading", name="4 participants")).to_be_visible()
    guest = Participant.objects.get(conference__key="fourth-congress", is_guest=True)
    phone.goto(f"/participants/{guest.pk}/invitation/")
    expect(phone.locator(".qr-code svg")).to_be_visible()
    _fits(phone)
    axe_check(phone)
    screenshot(phone, "invitation-390")
    phone.locator("a.qr-link").click()
    phone.get_by_role("button", name=re.compile("^Check in")).click()
    expect(phone.get_by_role("status")).to_contain_text("is checked in. Welcome!")
    guest.refresh_from_db()
    assert guest.checked_in_at is not None
    screenshot(phone, "checked-in-390")
