"""Every page carries a strict Content-Security-Policy and the other protective headers, and no
template holds what that policy would block (inline script, style or event handler)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/bodies/", "/accounts/login/", "/api/v1/docs", "/nope/"])
def test_pages_carry_the_security_headers(demo: None, client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 404)
    header = response["Content-Security-Policy"]
    policy = dict(directive.partition(" ")[::2] for directive in header.split("; "))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe" not in header
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_api_docs_load_their_assets_from_the_site_not_a_cdn(client: Client) -> None:
    page = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(source.endswith("swagger-ui-bundle.js") for source in sources)
    assert all(source.startswith("/") for source in sources), sources


@pytest.mark.django_db
def test_pages_load_htmx_and_its_sse_extension_from_the_site(demo: None, client: Client) -> None:
    page = client.get("/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == [
        "/static/chapterhouse/site.js",
        "/static/django_htmx/htmx-2.min.js",
        "/static/django_htmx/ext/hx-sse-2.min.js",
    ]
    for script in scripts:
        # The test settings serve the source files; WhiteNoise answers before any view.
        response = client.get(script)
        assert response.status_code == 200
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert b"htmx" in content or script.endswith("chapterhouse/site.js")
        response.close()


INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    "style element": re.compile(r"<style\b"),
    "style attribute": re.compile(r"\sstyle="),
    "event handler attribute": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.mark.parametrize("template", sorted(TEMPLATES.rglob("*.html")), ids=str)
def test_no_template_holds_what_the_policy_blocks(template: Path) -> None:
    text = template.read_text()
    found = [name for name, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(TEMPLATES)}: {', '.join(found)}"


@pytest.mark.django_db
def test_https_redirects_every_page_but_the_health_check(settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    client = Client()  # its handler reads the settings on the first request
    response = client.get("/bodies/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/bodies/"
    assert client.get("/healthz").status_code == 200
    assert client.get("/bodies/", secure=True).status_code == 200
