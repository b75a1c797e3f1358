"""The site's ASGI application: the live stream (``/live/<scope>``, a raw ASGI app that holds
no thread per open connection) in front of Django, which serves everything else."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chapterhouse.settings")
django_application = get_asgi_application()

from chapterhouse.live.endpoint import LiveASGI  # noqa: E402 (needs the apps loaded above)

application = LiveASGI(django_application)
