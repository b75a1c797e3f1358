# noqa: N999 (Django names the command after the module: "chapterhouse import")
"""``chapterhouse import FILE``: import a dossier, all or nothing (docs/dossier.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chapterhouse.dossier import errors as msg
from chapterhouse.dossier.schema import section_names
from chapterhouse.dossier.services import dossier_import


class Command(BaseCommand):
    help = (
        "Import a dossier (YAML) written by 'chapterhouse export' or by hand. All or nothing: "
        "every error is listed with its place in the file and nothing is written. Objects are "
        "matched by key; unchanged ones are not touched; nothing is deleted."
    )

    # Tests hand in their own standard input.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The dossier file, or - for standard input.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without writing anything.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name: str = options["file"]
        source = "<stdin>" if name == "-" else name
        limit: int = settings.DOSSIER_MAX_BYTES
        try:
            if name == "-":
                stream = options.get("stdin") or sys.stdin
                if stream is None:
                    raise CommandError("There is no standard input to read.")
                # One character more than the limit is enough for the import to refuse it.
                text = stream.read(limit + 1)
            else:
                size = Path(name).stat().st_size
                if size > limit:  # refused before it is read into memory
                    raise CommandError(msg.TOO_LARGE.format(size=size, limit=limit))
                text = Path(name).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror or error}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(msg.YAML_UNREADABLE.format(problem=error)) from error

        report = dossier_import(text=text, by=None, dry_run=options["dry_run"])
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem.render(source))
            raise CommandError(msg.FAILED.format(count=len(report.problems), source=source))

        if options["verbosity"] > 0:
            for section in section_names():
                counts = report.counts.get(section)
                if counts and (counts.created or counts.updated or counts.unchanged):
                    self.stdout.write(
                        f"{section}: {counts.created} created, {counts.updated} updated, "
                        f"{counts.unchanged} unchanged"
                    )
        if report.dry_run:
            self.stdout.write(f"Dry run: {source} is valid; nothing was written.")
        else:
            self.stdout.write(f"Imported {source}.")
