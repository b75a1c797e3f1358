"""The ``chapterhouse`` command: Django's management commands with the project's settings."""

from __future__ import annotations

import os
import sys

from chapterhouse.conf import ConfigurationError

CONFIGURATION_ERROR_EXIT = 2


def main(argv: list[str] | None = None) -> None:
    """Run a command. A configuration error (a missing secret key, a malformed variable) is one
    line on standard error and exit status 2, not a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["chapterhouse", *(argv if argv is not None else sys.argv[1:])])
    except ConfigurationError as error:
        sys.stderr.write(f"chapterhouse: configuration error: {error}\n")
        sys.exit(CONFIGURATION_ERROR_EXIT)


if __name__ == "__main__":
    main()
