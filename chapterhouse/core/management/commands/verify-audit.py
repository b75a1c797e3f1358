# The command is named as the docs spell it (`chapterhouse verify-audit`), hyphen included.
# ruff: noqa: N999
"""``chapterhouse verify-audit``: walk the audit log's hash chain and report the first row that
was edited, deleted, inserted or moved (exit status 1), or that the chain is intact (0)."""

from __future__ import annotations

import re
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from chapterhouse.core.audit import audit_verify

BROKEN_EXIT = 1
HEX64 = re.compile(r"[0-9a-f]{64}")


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain: report the first row that was edited, deleted, "
        "inserted or moved (exit 1), or print the row count and head hash (exit 0)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            metavar="HASH",
            help="A head hash printed earlier (the minutes): it must still be in the chain.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expect_head: str | None = options["expect_head"]
        if expect_head is not None:
            expect_head = expect_head.strip().lower()
            if not HEX64.fullmatch(expect_head):
                raise CommandError(_("--expect-head takes a hash of 64 hexadecimal digits."))
        report = audit_verify(expect_head=expect_head)
        if report.broken is None:
            self.stdout.write(
                _("audit chain intact: %(rows)d rows, head %(head)s")
                % {"rows": report.rows, "head": report.head}
            )
            return
        if report.broken.entry_id is None:
            where = _("after row %(rows)d") % {"rows": report.rows}
        else:
            where = _("at row id %(id)d") % {"id": report.broken.entry_id}
        self.stderr.write(
            _("audit chain broken %(where)s: %(reason)s")
            % {"where": where, "reason": report.broken.reason}
        )
        sys.exit(BROKEN_EXIT)
