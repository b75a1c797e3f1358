# The command is named as the docs spell it (`chapterhouse cleanup-media`), hyphen included.
# ruff: noqa: N999
"""``chapterhouse cleanup-media``: delete the lead image files no post uses, older than a grace
period (docs/publishing.md, "Lead images")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from chapterhouse.publishing.services import MEDIA_GRACE, media_cleanup


class Command(BaseCommand):
    help = (
        "Delete the lead image files that no post uses and that are older than the grace "
        "period (24 hours by default); --dry-run lists them without deleting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=MEDIA_GRACE.total_seconds() / 3600,
            metavar="HOURS",
            help="Leave files younger than this alone (an upload in progress). Default 24.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files, delete nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours: float = options["grace_hours"]
        if not hours >= 0:
            raise CommandError(_("--grace-hours takes a number of hours, 0 or more."))
        dry_run: bool = options["dry_run"]
        result = media_cleanup(grace=dt.timedelta(hours=hours), dry_run=dry_run)
        for name in result.removed:
            self.stdout.write(name)
        if dry_run:
            line = _("%(count)d unused files would be deleted; %(kept)d files in use.")
        else:
            line = _("%(count)d unused files deleted; %(kept)d files in use.")
        self.stdout.write(line % {"count": len(result.removed), "kept": result.kept})
