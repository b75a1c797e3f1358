"""Lead images: a real PNG and JPEG round trip (re-encoded, EXIF gone, turned upright, several
widths, served with cache headers and a srcset), and what is refused with nothing written: a
file that is not an image, a decompression bomb, too many bytes, a missing alt text, a
malformed multipart body."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image

from chapterhouse.publishing import images, services
from chapterhouse.publishing.factories import make_post
from chapterhouse.publishing.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path: Path) -> Iterator[Path]:
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


def _picture(fmt: str, size: tuple[int, int] = (2000, 1000), *, exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif:
        tags = Image.Exif()
        tags[0x0112] = 6  # orientation: turn 90° clockwise to show
        tags[0x010F] = "SecretCam"  # the camera's maker, which must not survive
        image.save(out, fmt, exif=tags.tobytes())
    else:
        image.save(out, fmt)
    return out.getvalue()


def _bomb() -> bytes:
    """A small PNG whose header claims 30000 × 30000 pixels (900 million)."""
    image = Image.new("1", (30000, 30000))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def test_a_png_is_re_encoded_into_widths_and_served(org: None, media: Path) -> None:
    post = make_post(slug="opened", title="Opened")
    services.post_lead_image_set(post=post, data=_picture("PNG"), alt="The hall", by=None)
    post = Post.objects.get(pk=post.pk)
    assert post.lead_image_widths == [480, 960, 1600] and post.lead_image_height == 800
    files = sorted(p.name for p in (media / "publishing").iterdir())
    assert files == [images.file_name(post.lead_image, w) for w in (1600, 480, 960)]
    answer = Client().get(f"/media/publishing/{images.file_name(post.lead_image, 960)}")
    assert answer.status_code == 200 and answer["Content-Type"] == "image/webp"
    assert "max-age=31536000" in answer["Cache-Control"]
    served = Image.open(io.BytesIO(answer.getvalue()))
    assert served.format == "WEBP" and served.size == (960, 480)
    page = Client().get("/news/opened/").content.decode()
    assert f"/media/publishing/{post.lead_image}-480.webp 480w" in page
    assert f"/media/publishing/{post.lead_image}-1600.webp 1600w" in page
    assert 'sizes="' in page and 'alt="The hall"' in page
    assert 'property="og:image"' in page.split("</head>")[0]
    home = Client().get("/news/").content.decode()
    assert f"/media/publishing/{post.lead_image}-960.webp 960w" in home


def test_a_jpeg_loses_its_exif_and_is_turned_upright(org: None, media: Path) -> None:
    post = make_post(slug="opened", title="Opened")
    data = _picture("JPEG", (800, 400), exif=True)
    assert b"SecretCam" in data
    post = services.post_lead_image_set(post=post, data=data, alt="Hall", by=None)
    assert post.lead_image_widths == [400]  # upright: 400 wide, 800 high; no upscaling
    stored = (media / "publishing" / images.file_name(post.lead_image, 400)).read_bytes()
    assert b"SecretCam" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.size == (400, 800) and not image.getexif()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
            "not an image",
        ),
        (b"%PDF-1.4 not a picture", "not an image"),
        (_picture("PNG")[:200], "not an image"),  # cut short
        (_bomb(), "million pixels"),
        (b"\x00" * (images.MAX_BYTES + 1), "larger than"),
    ],
    ids=["svg", "pdf", "truncated", "bomb", "too-many-bytes"],
)
def test_what_is_not_an_acceptable_image_is_refused(
    org: None, media: Path, data: bytes, message: str
) -> None:
    post = make_post(slug="opened", title="Opened")
    with pytest.raises(ValidationError) as refused:
        services.post_lead_image_set(post=post, data=data, alt="x", by=None)
    assert message in str(refused.value.message_dict["lead_image"])
    assert Post.objects.get(pk=post.pk).lead_image == ""
    assert not media.exists() or not any(media.rglob("*.webp"))


def test_alt_text_is_required(org: None, media: Path) -> None:
    post = make_post(slug="opened", title="Opened")
    for alt in ("", "   ", "x" * 301, "a\x00b"):
        with pytest.raises(ValidationError) as refused:
            services.post_lead_image_set(post=post, data=_picture("PNG"), alt=alt, by=None)
        assert "lead_image_alt" in refused.value.message_dict
    assert Post.objects.get(pk=post.pk).lead_image == ""
    assert not media.exists() or not any(media.rglob("*.webp"))


def test_the_edit_page_uploads_and_shows_errors(org: None, secretariat_client: Client) -> None:
    make_post(slug="opened", title="Opened")
    page = secretariat_client.get("/publishing/posts/opened/edit/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="alt"' in page
    answer = secretariat_client.post(
        "/publishing/posts/opened/image/",
        {"image": SimpleUploadedFile("x.txt", b"hello", "text/plain"), "alt": "A"},
        follow=True,
    )
    assert "not an image" in answer.content.decode()
    assert Post.objects.get(slug="opened").lead_image == ""
    answer = secretariat_client.post(
        "/publishing/posts/opened/image/",
        {"image": SimpleUploadedFile("a.png", _picture("PNG"), "image/png"), "alt": ""},
        follow=True,
    )
    assert "Alt text" in answer.content.decode()
    assert Post.objects.get(slug="opened").lead_image == ""
    secretariat_client.post(
        "/publishing/posts/opened/image/",
        {"image": SimpleUploadedFile("a.png", _picture("PNG"), "image/png"), "alt": "Hall"},
    )
    assert Post.objects.get(slug="opened").lead_image_alt == "Hall"
    secretariat_client.post("/publishing/posts/opened/image/", {"remove": "1"})
    assert Post.objects.get(slug="opened").lead_image == ""
    assert Client().post("/publishing/posts/opened/image/", {"remove": "1"}).status_code == 404


def test_the_api_takes_a_multipart_upload(org: None, secretariat_client: Client) -> None:
    make_post(slug="opened", title="Opened")
    url = "/api/v1/posts/opened/lead-image"
    answer = secretariat_client.post(
        url, {"image": SimpleUploadedFile("a.jpg", _picture("JPEG"), "image/jpeg"), "alt": "Hall"}
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert [s["width"] for s in body["lead_image"]] == [480, 960, 1600]
    assert body["lead_image_alt"] == "Hall"
    answer = secretariat_client.post(
        url, {"image": SimpleUploadedFile("a.txt", b"text", "text/plain"), "alt": "Hall"}
    )
    assert answer.status_code in (400, 422) and "not an image" in answer.content.decode()
    assert secretariat_client.post(url, {"alt": "Hall"}).status_code in (400, 422)
    assert Client().post(url, {"alt": "x"}).status_code in (401, 404)
    assert secretariat_client.delete(url).json()["lead_image"] == []


def test_a_malformed_multipart_body_is_refused_not_a_500(
    org: None, secretariat_client: Client
) -> None:
    """The page and the API both answer 400 to a body they cannot parse (no boundary); the
    API's answer has the API's error shape (``detail`` at ``["body"]``: "The form data sent
    cannot be read."). A body cut short parses as missing fields: refused too (422 from the
    API, the page's form error). Nothing is written either way."""
    make_post(slug="opened", title="Opened")
    cut = b'--xyz\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n'
    api, page = "/api/v1/posts/opened/lead-image", "/publishing/posts/opened/image/"
    multipart = "multipart/form-data"
    answer = secretariat_client.generic("POST", page, b"whatever", content_type=multipart)
    assert answer.status_code == 400
    answer = secretariat_client.generic("POST", api, b"whatever", content_type=multipart)
    assert answer.status_code == 400
    assert answer.json() == {
        "detail": [{"loc": ["body"], "msg": "The form data sent cannot be read."}]
    }
    answer = secretariat_client.generic("POST", api, cut, content_type=f"{multipart};boundary=xyz")
    assert answer.status_code == 422
    answer = secretariat_client.generic(
        "POST", page, cut, content_type=f"{multipart}; boundary=xyz"
    )
    assert answer.status_code == 302
    shown = secretariat_client.get(answer["Location"]).content.decode()
    assert "This field is required." in shown
    assert Post.objects.get(slug="opened").lead_image == ""
