"""Lead images follow their post: a draft's, a scheduled post's (not yet due) or a withdrawn
post's image is served to the secretariat only (never cached), a public post's to everyone
(cached for a year). Replacing or removing an image deletes its files once the transaction
commits (unless another post uses them), and ``cleanup-media`` deletes old files no post
uses."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image

from chapterhouse.publishing import images, services
from chapterhouse.publishing.factories import make_post
from chapterhouse.publishing.models import Post

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def media(tmp_path: Path) -> Iterator[Path]:
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


def _picture(
    colour: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (600, 300)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _address(post: Post) -> str:
    return f"/media/publishing/{images.file_name(post.lead_image, post.lead_image_widths[0])}"


def _get(client: Client, address: str) -> HttpResponseBase:
    """The answer, its file read (which closes it: the test client closes a streamed answer
    once read, without closing the test's database connection as ``close()`` would)."""
    answer = client.get(address)
    if answer.status_code == 200:
        answer.getvalue()
    return answer


def _files(media: Path) -> list[str]:
    folder = media / "publishing"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_draft_image_is_the_secretariats_until_published_and_again_once_withdrawn(
    org: None, secretariat_client: Client, user_client: Client
) -> None:
    post = make_post(slug="draft", title="Draft", published=False)
    post = services.post_lead_image_set(post=post, data=_picture(), alt="Hall", by=None)
    address = _address(post)
    for reader in (Client(), user_client):
        assert _get(reader, address).status_code == 404
    seen = _get(secretariat_client, address)
    assert seen.status_code == 200 and seen["Content-Type"] == "image/webp"
    assert seen["Cache-Control"] == "private, no-store"

    services.post_publish(post=post, by=None)
    public = _get(Client(), address)
    assert public.status_code == 200
    assert public["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cookie" not in public.get("Vary", "")
    assert _get(secretariat_client, address)["Cache-Control"].startswith("public")

    services.post_withdraw(post=post, by=None)
    for reader in (Client(), user_client):
        assert _get(reader, address).status_code == 404
    assert _get(secretariat_client, address).status_code == 200


def test_a_scheduled_image_is_public_from_its_time(org: None, secretariat_client: Client) -> None:
    post = make_post(slug="later", title="Later", published=False)
    post = services.post_lead_image_set(post=post, data=_picture(), alt="Hall", by=None)
    services.post_schedule(post=post, publish_at=timezone.now() + dt.timedelta(hours=1), by=None)
    address = _address(post)
    assert _get(Client(), address).status_code == 404
    assert _get(secretariat_client, address).status_code == 200
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - dt.timedelta(minutes=1))
    assert _get(Client(), address).status_code == 200


def test_an_image_shared_with_a_public_post_is_public(org: None) -> None:
    data = _picture()
    draft = make_post(slug="draft", title="Draft", published=False)
    draft = services.post_lead_image_set(post=draft, data=data, alt="Hall", by=None)
    assert _get(Client(), _address(draft)).status_code == 404
    public = make_post(slug="public", title="Public")
    services.post_lead_image_set(post=public, data=data, alt="Hall", by=None)
    assert _get(Client(), _address(draft)).status_code == 200


def test_names_that_are_not_renditions_are_404(org: None, secretariat_client: Client) -> None:
    post = make_post(slug="p", title="P")
    post = services.post_lead_image_set(post=post, data=_picture(), alt="Hall", by=None)
    for name in (
        f"{post.lead_image}-480.png",
        f"{post.lead_image}-480.part",
        f"{post.lead_image}-99.webp",  # a width not kept: no such file
        "../secret_key",
        f"{'0' * 32}-480.webp",  # no post has it
    ):
        assert _get(secretariat_client, f"/media/publishing/{name}").status_code == 404


def test_replacing_and_removing_delete_the_old_files_after_commit(
    org: None, media: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    post = make_post(slug="p", title="P")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_lead_image_set(post=post, data=_picture(), alt="A", by=None)
    first = post.lead_image
    assert _files(media) == [images.file_name(first, 480)]
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_lead_image_set(post=post, data=_picture((0, 0, 200)), alt="B", by=None)
    assert post.lead_image != first
    assert _files(media) == [images.file_name(post.lead_image, 480)]
    with django_capture_on_commit_callbacks(execute=True):
        services.post_lead_image_remove(post=post, by=None)
    assert _files(media) == []


def test_setting_the_same_image_again_keeps_its_files(
    org: None, media: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    post = make_post(slug="p", title="P")
    for alt in ("A", "B"):
        with django_capture_on_commit_callbacks(execute=True):
            post = services.post_lead_image_set(post=post, data=_picture(), alt=alt, by=None)
    assert _files(media) == [images.file_name(post.lead_image, 480)]
    assert _get(Client(), _address(post)).status_code == 200


def test_files_another_post_uses_stay(
    org: None, media: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    data = _picture()
    one, two = make_post(slug="one", title="One"), make_post(slug="two", title="Two")
    with django_capture_on_commit_callbacks(execute=True):
        one = services.post_lead_image_set(post=one, data=data, alt="A", by=None)
        services.post_lead_image_set(post=two, data=data, alt="A", by=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_lead_image_remove(post=one, by=None)
    assert _files(media) == [images.file_name(one.lead_image, 480)]
    assert _get(Client(), _address(one)).status_code == 200


def test_a_rolled_back_removal_deletes_nothing(
    org: None, media: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    post = make_post(slug="p", title="P")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_lead_image_set(post=post, data=_picture(), alt="A", by=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.post_lead_image_remove(post=post, by=None)
                raise RuntimeError("stop")
        except RuntimeError:
            pass
    assert callbacks == []
    assert Post.objects.get(pk=post.pk).lead_image == post.lead_image
    assert _files(media) == [images.file_name(post.lead_image, 480)]


def _age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_cleanup_media_deletes_old_unused_files_only(
    org: None, media: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    post = make_post(slug="p", title="P")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_lead_image_set(post=post, data=_picture(), alt="A", by=None)
    folder = media / "publishing"
    used = folder / images.file_name(post.lead_image, 480)
    abandoned = images.process(_picture((0, 200, 0)))  # uploaded, its post never saved
    images.store(abandoned)
    fresh = images.process(_picture((0, 0, 200)))  # an upload still in progress
    images.store(fresh)
    half = folder / f"{'a' * 32}-480.part"  # a write cut short
    half.write_bytes(b"x")
    foreign = folder / "README.txt"  # not the site's
    foreign.write_text("keep")
    old = [used, folder / images.file_name(abandoned.name, 480), half, foreign]
    for path in old:
        _age(path, 48)

    out = io.StringIO()
    call_command("cleanup-media", "--dry-run", stdout=out)
    assert "2 unused files would be deleted; 1 files in use." in out.getvalue()
    assert len(_files(media)) == 5

    out = io.StringIO()
    call_command("cleanup-media", stdout=out)
    assert images.file_name(abandoned.name, 480) in out.getvalue()
    assert _files(media) == sorted([used.name, images.file_name(fresh.name, 480), foreign.name])
    assert _get(Client(), _address(post)).status_code == 200

    out = io.StringIO()
    call_command("cleanup-media", "--grace-hours", "0", stdout=out)
    assert _files(media) == sorted([used.name, foreign.name])


def test_cleanup_media_spares_a_file_touched_by_a_new_upload(org: None, media: Path) -> None:
    """An upload of the same image touches its files: the clean-up looks again before it
    deletes, so a file listed as old but just reused stays."""
    abandoned = images.process(_picture((0, 200, 0)))
    images.store(abandoned)
    path = media / "publishing" / images.file_name(abandoned.name, 480)
    _age(path, 48)
    images.store(abandoned)  # the same upload again: touched
    assert not images.unlink_if_older(path, 3600) and path.exists()
    assert services.media_cleanup().removed == []


def test_cleanup_media_refuses_a_negative_grace(org: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("cleanup-media", "--grace-hours", "-1")
