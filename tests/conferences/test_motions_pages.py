"""The motion page, the motion book (PDF) and the motions' API routes."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from chapterhouse.conferences import motion_services as ms
from chapterhouse.conferences import services as cs
from chapterhouse.conferences.motions import Motion
from tests.conferences.conftest import World

TEXT = (
    "The congress resolves that every branch holds a general meeting once a year and elects "
    "its committee there.\n\n大会は、すべての支部が毎年総会を開くことを決議する。"
)


def admitted(w: World, title: str = "Annual meetings") -> Motion:
    motion = ms.motion_submit(
        conference=w.conference,
        title=title,
        text=TEXT,
        submitter_persons=[w.persons["rivera"]],
        by=w.sec,
    )
    motion = ms.motion_admit(motion=motion, by=w.sec)
    ms.amendment_submit(
        motion=motion,
        line_from=1,
        text="The congress resolves that every branch holds two general meetings a year ",
        submitter_branch=w.japan,
        by=w.sec,
    )
    return motion


def test_the_motion_page_shows_numbered_lines_and_the_diff(world: World) -> None:
    admitted(world)
    response = Client().get("/conferences/third-congress/motions/1/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="line-number" aria-hidden="true">1</span>' in html
    assert "<del>a</del><ins>two</ins> general <del>meeting once</del><ins>meetings</ins>" in html
    assert "Tomás Rivera" in html and "Japan" in html
    assert Client().get("/conferences/third-congress/motions/9/").status_code == 404
    assert Client().get("/conferences/nowhere/motions/1/").status_code == 404


def test_an_internal_conference_hides_its_motions(world: World) -> None:
    admitted(world)
    cs.conference_update(conference=world.conference, visibility="internal", by=world.sec)
    assert Client().get("/conferences/third-congress/motions/1/").status_code == 404
    assert Client().get("/conferences/third-congress/motions.pdf").status_code == 404
    member = Client()
    member.force_login(world.users["rivera"])
    assert member.get("/conferences/third-congress/motions/1/").status_code == 200


def test_the_motion_book_is_a_pdf_with_the_lines_and_amendments(world: World) -> None:
    admitted(world)
    admitted(world, "Second motion")
    ms.motion_submit(  # not admitted: not in the book
        conference=world.conference,
        title="Not yet admitted",
        text="Pending.",
        submitter_branch=world.chile,
        by=world.sec,
    )
    response = Client().get("/conferences/third-congress/motions.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 3  # a title, then each motion on a page of its own
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "M 1 Annual meetings" in text and "M 2 Second motion" in text
    assert "Not yet admitted" not in text
    assert "A 1" in text
    assert "総会" in text.replace("\n", "")  # CJK rendered with a font that has it


def test_the_api_reads_submits_supports_and_moves(world: World) -> None:
    admitted(world)
    rivera, chair = Client(), Client()
    rivera.force_login(world.users["rivera"])
    chair.force_login(world.sec)
    listed = Client().get("/api/v1/conferences/third-congress/motions").json()
    assert listed[0]["identifier"] == "M 1" and listed[0]["lines"][0]["number"] == 1
    assert listed[0]["amendments"][0]["diff"][1] == {"op": "delete", "text": "a"}

    def post(client: Client, path: str, body: object) -> Any:
        return client.post(
            f"/api/v1/conferences/third-congress/{path}",
            data=json.dumps(body),
            content_type="application/json",
        )

    made = post(rivera, "motions", {"title": "Mine", "text": "A short text."})
    assert made.status_code == 201, made.content
    assert made.json()["submitters"] == ["Tomás Rivera"]
    outsider = Client()
    outsider.force_login(world.users["guest"])  # a guest participant: may submit in own name
    assert post(Client(), "motions", {"title": "x", "text": "y"}).status_code in (401, 404)
    support = post(rivera, "motions/2/support", {})
    assert support.status_code == 200 and support.json()["supporters"] == ["Tomás Rivera"]
    assert post(rivera, "motions/2/support", {}).status_code == 422
    assert post(rivera, "motions/2/unsupport", {}).json()["supporters"] == []
    assert post(rivera, "motions/2/state", {"state": "admitted"}).status_code == 404
    moved = post(chair, "motions/2/state", {"state": "admitted"})
    assert moved.status_code == 200 and moved.json()["line_width"] == 80
    assert post(chair, "motions/2/state", {"state": "submitted"}).status_code == 422
    assert post(chair, "motions/2/state", {"state": "bogus"}).status_code == 422
    too_long = post(rivera, "motions", {"title": "t" * 301, "text": "y"})
    assert too_long.status_code == 422
    amended = post(rivera, "motions/2/amendments", {"line_from": 1, "text": "A longer text."})
    assert amended.status_code == 201, amended.content
    assert amended.json()["amendments"][0]["diff"] == [
        {"op": "equal", "text": "A "},
        {"op": "delete", "text": "short"},
        {"op": "insert", "text": "longer"},
        {"op": "equal", "text": " text."},
    ]
    outside = post(rivera, "motions/2/amendments", {"line_from": 2, "line_to": 9, "text": "x"})
    assert outside.status_code == 422
    huge = post(rivera, "motions/2/amendments", {"line_from": 10**12, "text": "x"})
    assert huge.status_code == 422
    assert post(rivera, "motions/1/amendments", {"paragraph": 7, "text": "x"}).status_code == 422


@pytest.mark.parametrize("path", ["motions.pdf", "motions/1/"])
def test_the_pages_answer_get_only(world: World, path: str) -> None:
    admitted(world)
    assert Client().post(f"/conferences/third-congress/{path}").status_code == 405


def test_the_same_book_is_rendered_once(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint
    from django.core.cache import cache

    cache.clear()  # another test may have rendered the same book
    admitted(world)
    rendered: list[int] = []
    original = weasyprint.HTML.write_pdf

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        rendered.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    first = Client().get("/conferences/third-congress/motions.pdf").content
    assert Client().get("/conferences/third-congress/motions.pdf").content == first
    assert len(rendered) == 1
    ms.motion_recommend(motion=Motion.objects.get(number=1), recommendation="Adopt.", by=world.sec)
    changed = Client().get("/conferences/third-congress/motions.pdf").content
    assert len(rendered) == 2 and changed != first
