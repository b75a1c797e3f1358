"""Lead images: what an upload must be, and the widths the site keeps of it (docs/publishing.md).

An upload is read by Pillow and verified; its size in bytes and in pixels is bounded before
any pixel is decoded (a decompression bomb is refused from its header), then it is decoded,
turned upright (EXIF orientation applied), and re-encoded as WebP at a few widths, carrying no
metadata. The files are named by a digest of their source, so an address never changes what
it serves and may be cached for ever."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import time
import warnings
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000
WIDTHS = (480, 960, 1600)
FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
SUBDIR = "publishing"
# A rendition's file name, and a rendition being written (``store``), by the digest they carry.
FILE_NAME = re.compile(r"(?P<digest>[0-9a-f]{32})-[0-9]{1,5}\.webp")
PART_NAME = re.compile(r"(?P<digest>[0-9a-f]{32})-[0-9]{1,5}\.part")

NOT_AN_IMAGE = _("The file is not an image (JPEG, PNG, WebP or GIF).")
TOO_LARGE = _("The image is larger than %(limit)d MB.")
TOO_MANY_PIXELS = _("The image has more than %(limit)d million pixels.")


class ImageRefusedError(ValueError):
    """An upload that is not an acceptable image; the message says why, for the reader."""


class Rendition(NamedTuple):
    width: int
    height: int
    data: bytes


class Processed(NamedTuple):
    name: str  # the digest the files are named by
    width: int  # the largest rendition's
    height: int
    renditions: list[Rendition]


def media_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / SUBDIR


def file_name(name: str, width: int) -> str:
    return f"{name}-{width}.webp"


def process(data: bytes) -> Processed:
    """Check and re-encode an upload; raises ImageRefusedError."""
    if len(data) > MAX_BYTES:
        raise ImageRefusedError(str(TOO_LARGE) % {"limit": MAX_BYTES // (1024 * 1024)})
    too_many = str(TOO_MANY_PIXELS) % {"limit": MAX_PIXELS // 1_000_000}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise ImageRefusedError(str(NOT_AN_IMAGE))
                width, height = probe.size
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise ImageRefusedError(too_many)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefusedError(too_many) from error
    except ImageRefusedError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ImageRefusedError(str(NOT_AN_IMAGE)) from error
    if upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    renditions: list[Rendition] = []
    full_width, full_height = upright.size
    for target in WIDTHS:
        if renditions and target > full_width:
            break
        width = min(target, full_width)
        height = max(1, round(full_height * width / full_width))
        resized = upright if width == full_width else upright.resize((width, height))
        out = io.BytesIO()
        resized.save(out, "WEBP", quality=80, method=4)  # no exif=: nothing of the source's
        renditions.append(Rendition(width, height, out.getvalue()))
    name = hashlib.sha256(data).hexdigest()[:32]
    last = renditions[-1]
    return Processed(name, last.width, last.height, renditions)


def store(processed: Processed) -> None:
    """Write the renditions under MEDIA_ROOT (each file whole: written aside, then renamed)."""
    folder = media_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for rendition in processed.renditions:
        target = folder / file_name(processed.name, rendition.width)
        if target.exists():
            # Touched: the clean-up (``stored_files``) leaves a recently used file alone.
            with contextlib.suppress(OSError):
                os.utime(target)
            continue
        partial = target.with_suffix(".part")
        partial.write_bytes(rendition.data)
        partial.replace(target)


def remove(name: str) -> list[str]:
    """Delete the renditions of the image named ``name`` (the digest); the names removed. The
    caller checked that no post uses it."""
    folder = media_dir()
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for path in folder.glob(f"{name}-*"):
        match = FILE_NAME.fullmatch(path.name) or PART_NAME.fullmatch(path.name)
        if match is None or match["digest"] != name:
            continue
        path.unlink(missing_ok=True)
        removed.append(path.name)
    return sorted(removed)


def unlink_if_older(path: Path, older_than: float) -> bool:
    """Delete ``path`` unless it changed in the last ``older_than`` seconds (looked at again
    just before: an upload of the same image may have touched it since it was listed)."""
    try:
        if path.stat().st_mtime > time.time() - older_than:
            return False
        path.unlink()
    except OSError:  # removed meanwhile
        return False
    return True


def stored_files(older_than: float) -> dict[str, list[Path]]:
    """The renditions (and renditions left half written) last changed more than ``older_than``
    seconds ago, by digest. Files named otherwise are not the site's: they are left out."""
    folder = media_dir()
    found: dict[str, list[Path]] = {}
    if not folder.is_dir():
        return found
    cutoff = time.time() - older_than
    for path in folder.iterdir():
        match = FILE_NAME.fullmatch(path.name) or PART_NAME.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        try:
            if path.stat().st_mtime > cutoff:
                continue
        except OSError:  # removed meanwhile
            continue
        found.setdefault(match["digest"], []).append(path)
    return found
