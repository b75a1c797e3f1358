"""Fixtures of the publishing tests: an organization writing in English and Japanese, a
clean cache (rate limits and view windows live there) for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from chapterhouse.organizations.services import organization_set


@pytest.fixture(autouse=True)
def clean_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def org(db: None) -> None:
    organization_set(
        name="Harbor Workers' International",
        short_name="HWI",
        languages=["en", "ja"],
        calendar_eras={"default": ["japanese"]},
        by=None,
    )
