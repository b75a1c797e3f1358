"""``chapterhouse demo``: load the demo organization; running it again changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from chapterhouse.demo.scenario import demo_load, demo_logins


class Command(BaseCommand):
    help = "Load the demo organization (Harbor Workers' International) and print how to log in."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if demo_load():
            self.stdout.write("Loaded the demo organization, Harbor Workers' International.")
        else:
            self.stdout.write("The demo organization is already loaded; nothing changed.")
        self.stdout.write("Log in at /accounts/login/ as:")
        for login in demo_logins():
            self.stdout.write(f"  {login.username} / {login.password}  ({login.who})")
