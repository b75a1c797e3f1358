"""Which page views count (docs/publishing.md, "View counts").

A view counts once per reader per post within ``VIEW_WINDOW``: the reader is a keyed hash of the
connection's address and user agent (``spam.keyed_hash``), remembered in the cache for the
window only, so no address is stored anywhere. Prefetches (``Sec-Purpose``/``Purpose:
prefetch``) and common bots' user agents are not counted.
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.http import HttpRequest

from chapterhouse.access.addresses import client_address
from chapterhouse.publishing.spam import keyed_hash

VIEW_WINDOW = 30 * 60

_BOTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrape|facebookexternalhit|embedly|preview|"
    r"curl/|wget/|python-requests|python-urllib|httpx|go-http-client|java/|libwww|"
    r"feedfetcher|monitor|pingdom|headlesschrome",
    re.IGNORECASE,
)


def is_prefetch(request: HttpRequest) -> bool:
    purpose = " ".join(
        request.headers.get(name, "") for name in ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
    ).lower()
    return "prefetch" in purpose or "preview" in purpose


def is_bot(request: HttpRequest) -> bool:
    agent = request.headers.get("User-Agent", "")
    return not agent.strip() or bool(_BOTS.search(agent))


def reader_key(request: HttpRequest) -> str:
    return keyed_hash(
        "reader", client_address(request) or "unknown", request.headers.get("User-Agent", "")
    )


def view_counts(request: HttpRequest, *, post_id: int) -> bool:
    """Whether this request is a view to count: a GET, not a prefetch or a bot, and the
    reader's first within the window (remembered in the cache from now on)."""
    if request.method != "GET" or is_prefetch(request) or is_bot(request):
        return False
    return bool(cache.add(f"publishing:view:{post_id}:{reader_key(request)}", 1, VIEW_WINDOW))
