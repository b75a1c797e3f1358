"""The client's address, as the log-in lockout counts it."""

from __future__ import annotations

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address of the connection (``REMOTE_ADDR``), never a header the client wrote.

    Behind a reverse proxy, ``chapterhouse serve`` lets uvicorn replace it with the address in
    ``X-Forwarded-For``, but only for connections from ``CHAPTERHOUSE_TRUSTED_PROXIES``; anyone
    else's ``X-Forwarded-For`` changes nothing."""
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None
