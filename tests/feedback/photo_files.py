"""Test photos made with Pillow: a JPEG with EXIF (camera and GPS position), a PNG, a GIF."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (60.0, 11.0, 3.0),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (24.0, 56.0, 59.0),
}


def jpeg_with_gps(*, size=(40, 30)) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    exif[ExifTags.IFD.GPSInfo] = GPS
    out = io.BytesIO()
    Image.new("RGB", size, (200, 50, 50)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def image_bytes(fmt: str, *, size=(20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, fmt)
    return out.getvalue()


def upload(data: bytes, name: str = "IMG_20250501_kotini.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def metadata(data: bytes) -> tuple[dict, dict, str | None]:
    """The EXIF tags, the GPS tags and the format Pillow reads from `data`."""
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return dict(exif), dict(exif.get_ifd(ExifTags.IFD.GPSInfo)), image.format
