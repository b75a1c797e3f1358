"""The server process of ``bench/live_fanout.py``: the site's ASGI app as ``chapterhouse
serve`` runs it (uvicorn, one worker, uvloop + httptools, lifespan on), with one scope prefix
registered for the benchmark (``bench:…``, followed by signed-in users only, so that every
connection does the session look-up a real page's does).

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
    from chapterhouse.live.policy import register_scope

    register_scope("bench", may_follow=lambda user, scope: bool(user.is_authenticated))
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
