"""Newsletters through a real SMTP server (aiosmtpd on a free local port): the headers as the
server receives them, a refused address marked failed while the others are sent, and the
sending worker killed (SIGKILL) in the middle of a mailing then started again: every
subscriber receives the newsletter exactly once, counted at the server. On SQLite and, with
DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings

from chapterhouse.publishing import newsletters
from chapterhouse.publishing.factories import make_post
from chapterhouse.publishing.newsletter_models import Delivery, DeliveryState, Mailing
from tests.publishing.newsletter_helpers import Handler, SMTPServer, subscriber

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    with SMTPServer(Handler(refuse={"bounce@example.org"})) as server:
        yield server


def _smtp_settings(port: int) -> Any:
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        DEFAULT_FROM_EMAIL="news@example.org",
    )


@pytest.mark.django_db
def test_sent_through_smtp_with_one_refused_address(org: None, smtp: SMTPServer) -> None:
    addresses = [f"reader{n}@example.org" for n in range(4)]
    for address in [*addresses, "bounce@example.org"]:
        subscriber(address)
    with _smtp_settings(smtp.port):
        mailing = newsletters.mailing_create(
            post=make_post(title="Harbour news", body="The *body*."),
            base_url="https://news.example.org",
            by=None,
        )
        assert newsletters.run_worker(once=True) == 5
    assert smtp.handler.count_by_recipient() == dict.fromkeys(addresses, 1)
    bounce = Delivery.objects.get(mailing=mailing, subscription__email="bounce@example.org")
    assert bounce.state == DeliveryState.FAILED
    assert bounce.last_error == "550 5.1.1 no such mailbox here"
    assert bounce.attempts == 1
    sent = Delivery.objects.filter(mailing=mailing, state=DeliveryState.SENT)
    assert sent.count() == 4
    mailing.refresh_from_db()
    assert mailing.state == "done" and mailing.finished_at is not None

    received = {item.recipients[0]: item.message for item in smtp.handler.received}
    for delivery in sent.select_related("subscription"):
        message = received[delivery.subscription.email]
        assert message["Message-ID"] == delivery.message_id
        # A long header may be folded onto a second line; unfolded, it is the link.
        assert str(message["List-Unsubscribe"]).strip() == (
            f"<https://news.example.org/newsletter/unsubscribe/"
            f"{delivery.subscription.unsubscribe_token}/>"
        )
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["From"] == "news@example.org"
        assert message["Subject"] == "Harbour news"
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        assert text is not None and "The *body*." in text.get_content()
        assert html is not None and "<em>body</em>" in html.get_content()


# --- the worker killed in the middle of a mailing ----------------------------------------------

SUBSCRIBERS = 8
SENT_BEFORE_KILL = 3
LEASE = 3.0


def _worker_env(data_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.pop("DATABASE_URL", None)
    env.update(
        CHAPTERHOUSE_DATA_DIR=str(data_dir),
        CHAPTERHOUSE_SECRET_KEY="s" * 50,
        CHAPTERHOUSE_EMAIL_URL=f"smtp://127.0.0.1:{port}?from=news@example.org",
    )
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    return env


def _states(data_dir: Path) -> dict[str, str]:
    """Each delivery's state by its Message-ID, read as the worker left it."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(data_dir / "chapterhouse.sqlite3") as db:
            rows = db.execute("SELECT message_id, state FROM publishing_delivery").fetchall()
        return {str(mid): str(state) for mid, state in rows}
    return dict(Delivery.objects.values_list("message_id", "state"))


def _worker(env: dict[str, str], *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "chapterhouse.cli",
        "send-newsletters",
        "--lease",
        str(LEASE),
        "--poll",
        "0.2",
        *extra,
    ]


@pytest.mark.django_db(transaction=True)
def test_killed_worker_restarted_neither_skips_nor_doubles(org: None, tmp_path: Path) -> None:
    addresses = [f"reader{n}@example.org" for n in range(SUBSCRIBERS)]
    for address in addresses:
        subscriber(address)
    newsletters.mailing_create(post=make_post(), base_url="https://news.example.org", by=None)
    if connection.vendor == "sqlite":
        # The test database lives in memory: the worker gets a copy of it as its data file.
        connection.ensure_connection()
        target = sqlite3.connect(tmp_path / "chapterhouse.sqlite3")
        connection.connection.backup(target)
        target.close()
    handler = Handler(hold_at=SENT_BEFORE_KILL + 1)
    with SMTPServer(handler) as server:
        env = _worker_env(tmp_path, server.port)
        worker = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            _worker(env), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        try:
            # The worker has sent three messages, recorded them, claimed the fourth and is in
            # the middle of its SMTP exchange when it is killed.
            assert handler.holding.wait(timeout=240), "the worker never reached the 4th message"
        finally:
            worker.send_signal(signal.SIGKILL)
            output = worker.communicate(timeout=30)[0]
        assert worker.returncode == -signal.SIGKILL, output
        handler.release.set()
        assert handler.count_by_recipient() == dict.fromkeys(addresses[:SENT_BEFORE_KILL], 1)
        states = _states(tmp_path)
        assert sorted(states.values()) == sorted(
            ["sent"] * SENT_BEFORE_KILL
            + ["sending"]
            + ["queued"] * (SUBSCRIBERS - SENT_BEFORE_KILL - 1)
        )

        # Restarted once the dead worker's lease ran out, a worker sends the rest.
        handler.hold_at = 0
        time.sleep(LEASE + 0.5)
        started = time.monotonic()
        rerun = subprocess.run(  # noqa: S603
            _worker(env, "--once"),
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        elapsed = time.monotonic() - started

    counts = handler.count_by_recipient()
    assert counts == dict.fromkeys(addresses, 1), counts  # none skipped, none twice
    states = _states(tmp_path)
    assert set(states.values()) == {"sent"}
    received_ids = [item.message["Message-ID"] for item in handler.received]
    assert sorted(received_ids) == sorted(states)  # each delivery's own Message-ID, once
    print(f"restarted worker sent {SUBSCRIBERS - SENT_BEFORE_KILL} in {elapsed:.1f} s")
    if connection.vendor == "postgresql":
        assert Mailing.objects.get().state == "done"
