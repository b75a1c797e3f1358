from __future__ import annotations

from ninja import Router

from chapterhouse.api.auth import AUTH

router = Router(tags=["voting"], auth=AUTH)
