"""Each context registers its own router (api.registry); the API mounts them in layer order."""

from __future__ import annotations

from ninja import Router

from chapterhouse.api import registry
from chapterhouse.api.urls import api
from chapterhouse.conferences.api import router as conferences_router
from chapterhouse.conferences.motion_api import router as motions_router
from chapterhouse.organizations.api import router as organizations_router
from chapterhouse.people.api import router as people_router
from chapterhouse.publishing.api import router as publishing_router
from chapterhouse.voting.api import router as voting_router


def test_the_contexts_register_their_routers_in_layer_order() -> None:
    routers = [router for _, router in registry.registered_routers()]
    assert routers == [
        organizations_router,
        people_router,
        conferences_router,
        motions_router,
        voting_router,
        publishing_router,
    ]


def test_the_api_mounts_every_registered_router() -> None:
    mounted = [router for _, router in api._routers]  # ninja's default router comes first
    assert mounted[1:] == [
        organizations_router,
        people_router,
        conferences_router,
        motions_router,
        voting_router,
        publishing_router,
    ]


def test_registering_a_router_again_changes_nothing() -> None:
    before = registry.registered_routers()
    registry.register_router(people_router)
    assert registry.registered_routers() == before


def test_a_new_router_is_appended() -> None:
    before = list(registry._routers)
    router = Router(tags=["extra"])
    try:
        registry.register_router(router, prefix="/extra")
        assert registry.registered_routers()[-1] == ("/extra", router)
    finally:
        registry._routers[:] = before
