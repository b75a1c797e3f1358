"""``chapterhouse export``: write the organization's whole record as a dossier (docs/dossier.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chapterhouse.dossier.selectors import dossier_export_text


class Command(BaseCommand):
    help = (
        "Write the organization's whole record (structure, people, appointments) as one YAML "
        "dossier to standard output or to --output FILE. Accounts and the audit log are not "
        "included."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", "-o", metavar="FILE", help="Write to FILE instead of standard output."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = dossier_export_text()
        output: str | None = options["output"]
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror or error}.") from error
        if options["verbosity"] > 0:
            self.stderr.write(f"Wrote the dossier to {output}.")
