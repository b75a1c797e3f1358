"""``chapterhouse serve``: migrate, collect the static files, and run the ASGI app under
uvicorn."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

GRACEFUL_SHUTDOWN_SECONDS = 10


def static_sources_fingerprint() -> str:
    """A digest of every static source file's path, size and modification time, and of the
    storage that collects them: it changes whenever a collect would change STATIC_ROOT."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    found = []
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            found.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for line in sorted(found):
        digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def collect_static_if_changed() -> bool:
    """Collect the static files (hashed, compressed copies in STATIC_ROOT) unless what is there
    was collected from the same sources; a restart then skips the compression, which takes
    seconds. Returns whether it collected."""
    if settings.STATIC_ROOT is None:  # collectstatic says what is missing
        call_command("collectstatic", interactive=False, verbosity=0)
        return True
    root = Path(settings.STATIC_ROOT)
    # Beside STATIC_ROOT, not in it: WhiteNoise serves whatever is in there.
    stamp = root.with_name(root.name + ".fingerprint")
    fingerprint = static_sources_fingerprint()
    manifest = root / "staticfiles.json"
    if manifest.is_file() and stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    stamp.unlink(missing_ok=True)  # a collect cut short leaves no stamp behind
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


class Command(BaseCommand):
    help = (
        "Run the site under uvicorn (ASGI). Applies pending migrations and collects the static "
        "files first (unless they are unchanged since the last collect)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Worker processes. More than one needs CHAPTERHOUSE_BROKER_URL (Redis).",
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="Do not apply pending migrations first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import uvicorn

        workers: int = options["workers"]
        if workers > 1 and not settings.CHAPTERHOUSE_BROKER_URL:
            # Refused before anything is touched: live updates published in one worker would
            # never reach the pages held open by the others.
            raise CommandError(
                f"--workers {workers} needs CHAPTERHOUSE_BROKER_URL (redis://host:6379/0): the "
                "in-process broker cannot reach other worker processes.",
                returncode=2,
            )
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        if not settings.DEBUG:
            collect_static_if_changed()
        self.stdout.write(f"Chapterhouse at http://{options['host']}:{options['port']}/")
        # X-Forwarded-For is believed only from the configured proxies (none by default); the
        # address uvicorn resolves is REMOTE_ADDR, which is all the log-in lockout reads.
        proxies = settings.CHAPTERHOUSE_TRUSTED_PROXIES
        uvicorn.run(
            "chapterhouse.asgi:application",
            proxy_headers=bool(proxies),
            forwarded_allow_ips=",".join(proxies) if proxies else "",
            host=options["host"],
            port=options["port"],
            workers=workers,
            log_level="warning",
            access_log=False,
            # The lifespan protocol lets the live endpoint end its open streams on shutdown
            # (chapterhouse.live.endpoint); whatever is still open after the grace period is
            # cut, and its clients reconnect with their last event ids.
            lifespan="on",
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        )
