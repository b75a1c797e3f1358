"""Live updates: the journal's events streamed to browsers over Server-Sent Events.

``endpoint`` is a raw ASGI app mounted in front of Django at ``/live/<scope>``; ``hub`` follows
each scope once per process and fans its events out to the open connections; ``policy`` is the
registry in which the context that owns a scope says who may follow it and who sees which event;
``redis_broker`` carries committed events between worker processes. docs/live.md describes it.
"""
