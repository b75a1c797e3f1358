"""Helpers of the newsletter tests: confirmed subscribers made through the services, and a
real SMTP server (aiosmtpd) on a free local port that counts what it accepted."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from chapterhouse.publishing import newsletters
from chapterhouse.publishing.models import Category
from chapterhouse.publishing.newsletter_models import Subscription


def subscriber(
    address: str, *, language: str = "en", categories: Sequence[Category] = ()
) -> Subscription:
    """A confirmed subscription, through the double opt-in's two steps."""
    _subscription, token = newsletters.subscription_request(
        email=address, language=language, categories=categories, client=None, by=None
    )
    assert token is not None
    return newsletters.subscription_confirm(token=token, by=None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Received:
    """One message the server accepted: its recipients and the parsed message."""

    recipients: list[str]
    message: EmailMessage


@dataclass
class Handler:
    """aiosmtpd's handler: accepts everything except the addresses in ``refuse`` (550), and
    can hold the ``hold_at``-th MAIL command (1-based) until ``release`` is set."""

    refuse: set[str] = field(default_factory=set)
    hold_at: int = 0
    received: list[Received] = field(default_factory=list)
    mails: int = 0
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    async def handle_MAIL(  # noqa: N802 (aiosmtpd's hook names)
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        self.mails += 1
        if self.mails == self.hold_at:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "421 closing"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        content = envelope.content
        raw = content if isinstance(content, bytes) else content.encode()
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(list(envelope.rcpt_tos), parsed))
        return "250 accepted"

    def count_by_recipient(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.received:
            for rcpt in item.recipients:
                counts[rcpt] = counts.get(rcpt, 0) + 1
        return counts


class SMTPServer:
    """A real SMTP server in a thread of the test process."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.port = free_port()
        self.controller = Controller(handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SMTPServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.handler.release.set()
        self.controller.stop()
