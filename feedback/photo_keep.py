"""A photo chosen on the feedback page, kept across the form's round trips.

A browser always empties a file input when a form comes back with an error (or with similar
requests shown first), and a resident on a phone should not have to find the photo again. So
a valid photo is kept on the server as a pending upload, already re-encoded by
feedback.photos (no EXIF ever rests on disk), and the form carries a signed token naming it.

The token is signed with a salt that holds a random secret of the session (OWNER_KEY): a
token copied into another browser does not verify there. The secret lives in the session's
data, so it survives the key change of signing in. A token older than MAX_AGE is refused.
Pending files lie in PENDING_DIR under MEDIA_ROOT, which no URL serves (feedback's own photo
view serves only stored FeedbackPhotos); each is removed once attached or removed, and every
write also removes up to CLEANUP_BATCH files older than MAX_AGE, so abandoned ones do not pile up.
"""

from __future__ import annotations

import os
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .photos import ACCEPTED_FORMATS, MSG_PHOTO_TOO_LARGE, CleanPhoto, _megabytes, photo_clean, photo_max_bytes

MAX_AGE = 60 * 60  # seconds a kept photo can be claimed
CLEANUP_BATCH = 100
OWNER_KEY = "feedback_photo_owner"
SALT = "feedback.photo_keep"
NAME_MAX = 100
MSG_KEPT_INVALID = _("The kept photo could not be used: choose the photo again.")
MSG_KEPT_EXPIRED = _("The photo was kept for {minutes} minutes and has been removed: choose the photo again.")


def pending_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "feedback" / "pending"


def _now() -> int:
    return int(time.time())


@dataclass(frozen=True)
class KeptPhoto:
    """A pending upload: its token for the form, and the sender's file name and size to show."""

    token: str
    key: str
    name: str
    size: int
    content_type: str
    width: int
    height: int

    @property
    def path(self) -> Path:
        return pending_dir() / self.key

    def clean_photo(self) -> CleanPhoto:
        try:
            content = self.path.read_bytes()
        except FileNotFoundError:  # removed meanwhile from another tab of the same session
            raise ValidationError(MSG_KEPT_INVALID, code="photo_kept") from None
        return CleanPhoto(content=content, content_type=self.content_type, width=self.width, height=self.height)


@dataclass(frozen=True)
class PhotoChoice:
    """What a POST chose: a fresh photo (`clean`, with its `name` and `size`), a kept one, or
    none; `error` is the refusal to show beside the photo field."""

    clean: CleanPhoto | None = None
    name: str = ""
    size: int = 0
    kept: KeptPhoto | None = None
    error: ValidationError | None = None

    def photo(self) -> CleanPhoto | None:
        return self.clean if self.clean is not None else (self.kept.clean_photo() if self.kept else None)


def photo_choice(*, session, upload, token: str, remove: bool) -> PhotoChoice:
    """A newly chosen file replaces the kept one (unless it is refused: then the kept one
    stays); `remove` drops the kept one. A bad token is reported, never fatal."""
    kept, error = None, None
    if token:
        try:
            kept = _kept(session=session, token=token)
        except ValidationError as refusal:
            error = refusal
    if upload:
        try:
            clean = photo_clean(upload=upload)
        except ValidationError as refusal:
            return PhotoChoice(kept=kept, error=refusal)
        photo_discard(kept)
        return PhotoChoice(clean=clean, name=_file_name(upload.name), size=upload.size)
    if remove:
        photo_discard(kept)
        return PhotoChoice()
    return PhotoChoice(kept=kept, error=error)


def photo_hold(*, session, choice: PhotoChoice) -> KeptPhoto | None:
    """Keep the chosen photo for the re-rendered form (a kept one keeps its token and age)."""
    if choice.clean is None:
        return choice.kept if choice.kept is not None and choice.kept.path.is_file() else None
    _cleanup()
    key = uuid.uuid4().hex
    directory = pending_dir()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / key).write_bytes(choice.clean.content)
    owner = session.get(OWNER_KEY) or secrets.token_urlsafe(24)
    session[OWNER_KEY] = owner
    fields = {
        "key": key,
        "name": choice.name,
        "size": choice.size,
        "content_type": choice.clean.content_type,
        "width": choice.clean.width,
        "height": choice.clean.height,
    }
    token = signing.dumps({**fields, "t": _now()}, salt=f"{SALT}:{owner}", compress=True)
    return KeptPhoto(token=token, **fields)


def photo_discard(kept: KeptPhoto | None) -> None:
    if kept is not None:
        kept.path.unlink(missing_ok=True)


def _kept(*, session, token: str) -> KeptPhoto:
    owner = session.get(OWNER_KEY)
    try:
        if not owner:
            raise signing.BadSignature
        data = signing.loads(token, salt=f"{SALT}:{owner}")
        fields = {name: data[name] for name in ("key", "name", "size", "content_type", "width", "height")}
        issued = int(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError(MSG_KEPT_INVALID, code="photo_kept") from None
    kept = KeptPhoto(token=token, **fields)
    if _now() - issued > MAX_AGE:
        photo_discard(kept)
        raise ValidationError(MSG_KEPT_EXPIRED.format(minutes=MAX_AGE // 60), code="photo_kept")
    if not (kept.key.isalnum() and kept.path.is_file()) or kept.content_type not in ACCEPTED_FORMATS.values():
        raise ValidationError(MSG_KEPT_INVALID, code="photo_kept")
    # The limit may have been lowered since the photo was kept: the same rule as a fresh upload.
    limit = photo_max_bytes()
    if kept.size > limit:
        photo_discard(kept)
        raise ValidationError(MSG_PHOTO_TOO_LARGE.format(mb=_megabytes(limit)), code="photo_size")
    return kept


def _file_name(name: str | None) -> str:
    return os.path.basename(name or "")[-NAME_MAX:]


def _cleanup() -> None:
    """Remove up to CLEANUP_BATCH pending files older than MAX_AGE (by their write time)."""
    directory = pending_dir()
    if not directory.is_dir():
        return
    oldest = _now() - MAX_AGE
    removed = 0
    with os.scandir(directory) as entries:
        for entry in entries:
            if removed >= CLEANUP_BATCH:
                return
            try:
                if entry.is_file() and entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
                    removed += 1
            except FileNotFoundError:  # another request removed it first
                continue
