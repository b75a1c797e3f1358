"""The server process of ``bench/live_fanout.py``: the site's ASGI app as ``chapterhouse
serve`` runs it (uvicorn, one worker, uvloop + httptools, lifespan on). The screens follow a
conference's scope (``conference:<key>``, registered by the conferences context) and the chair
posts to the console on this same process.

``python bench/live_server.py PORT``"""

from __future__ import annotations

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
    django.setup()
    import uvicorn

    from chapterhouse.asgi import application

    uvicorn.run(
        application,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_level="warning",
        access_log=False,
        lifespan="on",
        backlog=4096,
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
