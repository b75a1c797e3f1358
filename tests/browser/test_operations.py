"""What the operations baseline promises a browser: the API's interactive docs work with no
network beyond the site, and htmx's SSE extension is loaded and live, under the site's
Content-Security-Policy (the ``page`` fixture fails a test on any violation)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

pytestmark = pytest.mark.browser

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


def test_the_api_docs_work_with_every_host_but_the_site_blocked(page: Page) -> None:
    blocked: list[str] = []

    def only_the_site(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_the_site)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Chapterhouse API")
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible()
    assert operations.count() > 5
    expect(
        page.locator(".opblock-summary-path", has_text="/api/v1/organization").first
    ).to_be_visible()
    assert blocked == []


def test_htmx_and_its_sse_extension_are_loaded(page: Page) -> None:
    page.goto("/")
    assert str(page.evaluate("htmx.version")).startswith("2.")
    # An element asking for the extension opens an event stream to its sse-connect address.
    with page.expect_request(re.compile(r"/sse-probe$")) as opened:
        page.evaluate(
            """() => {
                const probe = document.createElement("div");
                probe.setAttribute("hx-ext", "sse");
                probe.setAttribute("sse-connect", "/sse-probe");
                document.body.append(probe);
                htmx.process(probe);
            }"""
        )
    assert opened.value.headers["accept"] == "text/event-stream"
