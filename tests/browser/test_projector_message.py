"""The chair's message reaches the hall's projector live (and leaves it when cleared), with
the screens of tests/browser/test_conference_live.py, on the demo's Third Congress."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from playwright.sync_api import expect

from chapterhouse.demo.scenario import demo_load
from tests.browser.conference_setup import KEY
from tests.browser.test_conference_live import (  # noqa: F401  (the fixtures, by name)
    DESKTOP,
    STEP_MS,
    Screens,
    _release,
    release_pooled_connections,
    screens,
)
from tests.live.helpers import live_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def site(transactional_db: None) -> Iterator[str]:
    """The demo (which holds the Third Congress) served under uvicorn, as the live test's."""
    if connection.vendor != "postgresql":
        pytest.skip("the server's threads read while the test writes: run with DATABASE_URL")
    assert demo_load()
    with live_server() as port:
        yield f"http://127.0.0.1:{port}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    # Those sessions included the pool's: a fresh pool for the next test in this process.
    _release()


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
