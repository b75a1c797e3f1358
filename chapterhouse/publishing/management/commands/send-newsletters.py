# noqa: N999  # the command is "send-newsletters", as docs/cli.md names it
"""``chapterhouse send-newsletters``: the worker that sends the queued newsletters."""

from __future__ import annotations

import signal
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chapterhouse.publishing.newsletters import LEASE_SECONDS, POLL_SECONDS, run_worker


class Command(BaseCommand):
    help = (
        "Send the queued newsletters (docs/publishing.md): one message at a time, each marked "
        "sent in the database once the mail server took it. Runs until stopped (SIGTERM or "
        "Ctrl-C end it after the message in hand); --once stops when nothing is due. Any number "
        "may run at once, on SQLite or PostgreSQL: each claims different messages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Send what is due, then stop (for cron)."
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=POLL_SECONDS,
            help=f"Seconds between looks at the queue when it is empty ({POLL_SECONDS:g}).",
        )
        parser.add_argument(
            "--lease",
            type=float,
            default=LEASE_SECONDS,
            help=(
                "Seconds a message being sent stays reserved; one whose worker died is sent "
                f"again after it ({LEASE_SECONDS})."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["lease"] <= 0 or options["poll"] <= 0:
            raise CommandError("--lease and --poll must be positive.")
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        handled = run_worker(
            once=options["once"],
            lease_seconds=options["lease"],
            poll_seconds=options["poll"],
            stop=lambda: stopping,
        )
        if options["verbosity"] >= 1:
            self.stdout.write(f"send-newsletters: {handled} message(s) handled.")
