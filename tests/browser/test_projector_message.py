"""The chair's message reaches the hall's projector live (and leaves it when cleared), with
the screens of tests/browser/test_conference_live.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conference_setup import KEY
from tests.browser.test_conference_live import (  # noqa: F401  (the fixtures, by name)
    DESKTOP,
    STEP_MS,
    Screens,
    release_pooled_connections,
    screens,
    site,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_chair_s_message_appears_on_the_projector(screens: Screens) -> None:  # noqa: F811
    base = f"/conferences/{KEY}"
    chair = screens.open(
        "chair", f"{base}/console/", ("secretariat", "harbor-secretariat"), **DESKTOP
    )
    projector = screens.open("projector", f"{base}/projector/", None, **DESKTOP)
    chair.locator("#projector-message").fill("Lunch until 14:00 in the harbor hall")
    chair.get_by_role("button", name="Show the message").click()
    notice = projector.locator(".projector-notice")
    expect(notice).to_contain_text("Lunch until 14:00 in the harbor hall", timeout=STEP_MS)
    screens.shot(projector, "projector-message")
    chair.get_by_role("button", name="Clear", exact=True).click()
    expect(notice).to_have_count(0, timeout=STEP_MS)
    assert screens.reloads["projector"] == 0  # it followed the stream
