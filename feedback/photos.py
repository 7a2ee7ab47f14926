"""Photos sent with feedback: checked, then re-encoded so that nothing but the pixels is kept.

A phone's photo carries EXIF: the camera, the time and often the GPS position of
the sender's home. The photo is decoded with Pillow and encoded again from its
pixels alone (turned upright first, as its EXIF orientation says), so no EXIF,
XMP, ICC comment or thumbnail survives. Only JPEG and PNG are accepted; the
format is read from the file's content, never from its name or the browser's
content type.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MSG_PHOTO_TOO_LARGE = _("The photo is larger than {mb} MB: choose a smaller one (or send the feedback without it).")
MSG_PHOTO_FORMAT = _("The photo must be a JPEG or PNG image.")
MSG_PHOTO_DIMENSIONS = _("The photo is larger than {pixels} megapixels: choose a smaller one.")
ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
# Guards decoding against decompression bombs: a small file may claim huge dimensions.
MAX_PIXELS = 40_000_000
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str
    width: int
    height: int


def photo_max_bytes() -> int:
    return settings.FEEDBACK_PHOTO_MAX_BYTES


def photo_clean(*, upload) -> CleanPhoto:
    """The upload (a Django UploadedFile) re-encoded without any metadata, or ValidationError."""
    limit = photo_max_bytes()
    if upload.size > limit:
        raise ValidationError(MSG_PHOTO_TOO_LARGE.format(mb=_megabytes(limit)), code="photo_size")
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(MSG_PHOTO_FORMAT, code="photo_format")
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError(MSG_PHOTO_DIMENSIONS.format(pixels=MAX_PIXELS // 1_000_000), code="photo_pixels")
            image.load()
            fmt = image.format
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(MSG_PHOTO_FORMAT, code="photo_format") from None
    return _encode(upright, fmt)


def _encode(image: Image.Image, fmt: str) -> CleanPhoto:
    # A fresh image of the pixels only: image.info (exif, icc_profile, dpi, comments) is left behind.
    if fmt == "JPEG":
        pixels = image.convert("RGB")
    else:
        pixels = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        clean.save(out, format="PNG", optimize=True)
    return CleanPhoto(content=out.getvalue(), content_type=ACCEPTED_FORMATS[fmt], width=clean.width, height=clean.height)


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
