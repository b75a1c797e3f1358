"""A server process for the cross-process tests: the site's ASGI app with the test scope
registered, under uvicorn as ``chapterhouse serve`` runs it.

``python -m tests.live.server PORT``"""

from __future__ import annotations

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
    django.setup()
    import uvicorn

    from chapterhouse.asgi import application
    from tests.live.helpers import register_test_scope

    register_test_scope()
    uvicorn.run(
        application,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
