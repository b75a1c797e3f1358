"""Small helpers the test modules share."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.test import Client


def client_as(username: str) -> Client:
    """A test client logged in as ``username`` (the demo's: secretariat, okafor, tanaka)."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def api_items(payload: object) -> list[Any]:
    """The rows of an API list answer, whether it is a bare list or a page
    (``{"items": [...], "next_cursor": ...}``)."""
    if isinstance(payload, dict):
        items = payload["items"]
        assert isinstance(items, list)
        return items
    assert isinstance(payload, list)
    return payload


# Run by `seed_static` in a process of its own, with the settings `chapterhouse serve` has (the
# tests' own settings serve the static files from their sources).
_COLLECT = """
import os, shutil, sys, tempfile
from pathlib import Path
base = Path(sys.argv[1])
build = Path(tempfile.mkdtemp(prefix=".building-", dir=base))
os.environ["CHAPTERHOUSE_DATA_DIR"] = str(build)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
import django
django.setup()
from chapterhouse.core.management.commands import serve
final = base / ("collected-" + serve.static_sources_fingerprint()[:20])
if not final.exists():
    serve.collect_static_if_changed()
    try:
        build.rename(final)
    except OSError:  # another process made it meanwhile
        pass
shutil.rmtree(build, ignore_errors=True)
print(final)
"""


def seed_static(data: Path) -> None:
    """Give ``data`` (a data directory for `chapterhouse serve`) the static files collected as
    serve collects them, so that serve starts without collecting (which takes seconds). The
    collected files are made once per set of sources and shared by every test that starts
    serve, in this run and the next."""
    base = Path(tempfile.gettempdir()) / "chapterhouse-test-static"
    base.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHAPTERHOUSE_")}
    env.update(CHAPTERHOUSE_SECRET_KEY="s" * 50)
    done = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", _COLLECT, str(base)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    collected = Path(done.stdout.strip().splitlines()[-1])
    shutil.copytree(collected / "static", data / "static")
    shutil.copy(collected / "static.fingerprint", data / "static.fingerprint")
