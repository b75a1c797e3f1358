"""Shared fixtures. Test data comes from the contexts' factories (``<context>/factories.py``,
shared with the demo): the one fixture world (``tests/world.py``: ``hwi``), the demo
organization (``demo``), or a test's own few objects."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from django.utils import translation

from chapterhouse.access.selectors import SECRETARIAT_GROUP
from chapterhouse.demo.scenario import demo_load
from tests.world import build_hwi

SERIAL_NOTE = (
    "tests marked serial were left out of this parallel run; run them alone: pytest -m serial"
)


# A test that uses one of these (or is marked django_db) touches the configured database.
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "live_server"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="leave out the tests that touch no configured database, and those marked "
        "embedded (./dev test's PostgreSQL passes: on PostgreSQL they would do what they did "
        "in the SQLite passes)",
    )


def _touches_the_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("embedded"):
        return False
    fixtures = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(DATABASE_FIXTURES & fixtures)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--database-tests-only``, only the tests that touch the configured database run.
    A test marked ``serial`` never runs beside another: in a parallel (xdist) run each worker
    leaves it out, and ``./dev test`` runs those tests afterwards in a pass of their own."""
    if config.getoption("database_tests_only"):
        left_out = [item for item in items if not _touches_the_database(item)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if _touches_the_database(item)]
    if not hasattr(config, "workerinput"):  # not an xdist worker: nothing runs beside it
        return
    serial = [item for item in items if item.get_closest_marker("serial")]
    if serial:
        config.hook.pytest_deselected(items=serial)
        items[:] = [item for item in items if not item.get_closest_marker("serial")]


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    if config.getoption("numprocesses", default=None) and "serial" not in str(
        config.getoption("markexpr", default="")
    ):
        terminalreporter.write_line(SERIAL_NOTE)


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Every test starts in the default language: a request with another Accept-Language
    activates that language for the rest of the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db: None) -> None:
    """The demo organization (HWI, what ``chapterhouse demo`` loads), loaded through the
    services, as a test's data."""
    assert demo_load()


@pytest.fixture(scope="module")
def hwi_data(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """``hwi``'s data, made once per test module (as setUpTestData does) in a transaction that is
    rolled back after the module; each test runs in its own savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        build_hwi()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def hwi(hwi_data: None, db: None) -> None:
    """The tests' one fixture world (``tests/world.build_hwi``)."""


def _logged_in(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def okafor_client(hwi: None) -> Client:
    """In ``hwi``: chair of the (public) coordinating committee; not in the finance commission."""
    return _logged_in("okafor")


@pytest.fixture
def treasurer_client(hwi: None) -> Client:
    """In ``hwi``: member of the internal finance commission."""
    return _logged_in("treasurer")


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
