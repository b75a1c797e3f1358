from __future__ import annotations

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "chapterhouse.live"
    label = "live"

    def ready(self) -> None:
        from chapterhouse.core.journal import register_broker_factory
        from chapterhouse.live.redis_broker import RedisBroker

        # Core cannot import this layer; it builds the broker CHAPTERHOUSE_BROKER_URL names
        # through this hook.
        register_broker_factory(RedisBroker.from_url)
