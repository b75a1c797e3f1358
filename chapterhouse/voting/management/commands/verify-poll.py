# noqa: N999  # the command is "verify-poll", as docs/cli.md names it
"""``chapterhouse verify-poll ID``: recount a closed poll from its stored ballots."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chapterhouse.voting.models import Poll, PollState
from chapterhouse.voting.services import verify


class Command(BaseCommand):
    help = (
        "Recount a closed poll from its stored ballots (and paper count) and say whether the "
        "recount matches the stored official result; exit status 1 if it does not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("poll_id", type=int, help="The poll's id.")

    def handle(self, *args: Any, **options: Any) -> None:
        poll = Poll.objects.filter(pk=options["poll_id"]).first()
        if poll is None:
            raise CommandError(f"There is no poll {options['poll_id']}.")
        if poll.state != PollState.CLOSED or poll.result is None:
            raise CommandError(f"Poll {poll.pk} is {poll.state}; only a closed poll is recounted.")
        matches, recount = verify(poll)
        ballots = poll.ballots.count()
        if matches:
            self.stdout.write(
                f"poll {poll.pk}: recount of {ballots} stored ballots matches the official "
                f"result ({recount.get('status')})."
            )
            return
        self.stdout.write(f"poll {poll.pk}: recount of {ballots} stored ballots DOES NOT MATCH.")
        self.stdout.write("official: " + json.dumps(poll.result, sort_keys=True))
        self.stdout.write("recount:  " + json.dumps(recount, sort_keys=True))
        raise CommandError("the recount does not match the official result", returncode=1)
