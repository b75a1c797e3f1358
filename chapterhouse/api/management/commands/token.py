"""``chapterhouse token create USERNAME --name NAME`` / ``chapterhouse token revoke NAME``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chapterhouse.api import errors as msg
from chapterhouse.api.services import api_token_create, api_token_revoke


def _message(error: ValidationError) -> str:
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Create (and print once) or revoke an API token."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="create|revoke")
        create = actions.add_parser(
            "create", help="Make a token for a user and print it; it is not shown again."
        )
        create.add_argument("username", help="The account the token acts as.")
        create.add_argument("--name", required=True, help="A unique name, to revoke it by.")
        revoke = actions.add_parser("revoke", help="Revoke the token with this name.")
        revoke.add_argument("name", help="The token's name.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                self._create(username=options["username"], name=options["name"])
            else:
                api_token_revoke(name=options["name"], by=None)
                self.stdout.write(f"Revoked the API token {options['name']!r}.")
        except ValidationError as error:
            raise CommandError(_message(error)) from error

    def _create(self, *, username: str, name: str) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(msg.UNKNOWN_USER.format(username=username))
        _, token = api_token_create(user=user, name=name, by=None)
        # The token alone on standard output, so that scripts can capture it.
        self.stdout.write(token)
        self.stderr.write(
            f"API token {name!r} for {username}; store it now, it is not shown again.",
            style_func=str,
        )
