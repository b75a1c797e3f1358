"""One log line per request, with a request id that the response echoes; readable text or
JSON lines."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client

from chapterhouse.core.logs import JsonFormatter

LOGGER = "chapterhouse.request"


def request_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER]


@pytest.mark.django_db
def test_each_request_logs_one_line_with_its_id(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        response = client.get("/healthz?token=secret")
    [record] = request_records(caplog)
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert record.request_id == request_id  # type: ignore[attr-defined]
    assert record.method == "GET"  # type: ignore[attr-defined]
    assert record.path == "/healthz"  # type: ignore[attr-defined]
    assert record.status == 200  # type: ignore[attr-defined]
    assert isinstance(record.duration_ms, float)  # type: ignore[attr-defined]
    line = record.getMessage()
    assert line.startswith(f"{request_id} GET /healthz 200 ")
    assert line.endswith("ms")
    assert "secret" not in line  # the query string is not logged


@pytest.mark.django_db
def test_a_missing_page_and_a_refused_post_are_logged_with_their_status(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        client.get("/no/such/page/")
        client.post("/healthz")
    assert [(r.path, r.status) for r in request_records(caplog)] == [  # type: ignore[attr-defined]
        ("/no/such/page/", 404),
        ("/healthz", 405),
    ]


@pytest.mark.django_db
def test_every_request_gets_a_new_id(client: Client) -> None:
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize("incoming", ["abc-123", "7f1c2e0a.lb:42", "A" * 128])
def test_a_sane_incoming_request_id_is_kept(
    client: Client, caplog: pytest.LogCaptureFixture, incoming: str
) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        response = client.get("/healthz", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] == incoming
    assert request_records(caplog)[0].request_id == incoming  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming", ["", "has space", "forged\nline", "A" * 129, "-leading-dash", 'quote"d', "ü"]
)
def test_an_insane_incoming_request_id_is_replaced(client: Client, incoming: str) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_the_json_format_writes_one_object_per_line_with_the_request_fields() -> None:
    record = logging.LogRecord(LOGGER, logging.INFO, __file__, 1, "%s done", ("r1",), None)
    record.request_id = "r1"
    record.method = "GET"
    record.path = "/bodies/"
    record.status = 200
    record.duration_ms = 12.5
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "INFO"
    assert entry["logger"] == LOGGER
    assert entry["message"] == "r1 done"
    assert entry["time"].endswith("+00:00")
    assert {k: entry[k] for k in ("request_id", "method", "path", "status", "duration_ms")} == {
        "request_id": "r1",
        "method": "GET",
        "path": "/bodies/",
        "status": 200,
        "duration_ms": 12.5,
    }


def test_the_json_format_carries_the_traceback() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]
