"""Shared fixtures. Test data comes from chapterhouse.demo.factories (shared with the demo)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import translation

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.demo.scenario import demo_load


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Every test starts in the default language: a request with another Accept-Language
    activates that language for the rest of the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db: None) -> None:
    """The demo organization (chapterhouse.demo.scenario) as a test's data."""
    demo_load()


@pytest.fixture
def secretariat_user(db: None) -> User:
    user = User.objects.create_user(username="sec", password="pw-secretariat-1")
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def plain_user(db: None) -> User:
    return User.objects.create_user(username="plain", password="pw-plain-1")


@pytest.fixture
def secretariat_client(secretariat_user: User) -> Client:
    client = Client()
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def user_client(plain_user: User) -> Client:
    client = Client()
    client.force_login(plain_user)
    return client
