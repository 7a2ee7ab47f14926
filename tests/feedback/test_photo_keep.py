"""A chosen photo is kept across the feedback form's round trips (feedback.photo_keep): kept
after an error or similar requests, attached on sending exactly as a fresh upload, replaced,
removed; another session's, tampered and expired tokens refused beside the photo; the size
limit still holds; pending files removed after use, on removal and when old; never served."""

from __future__ import annotations

import os
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from feedback import photo_keep, photos
from feedback.api.open311 import FeedbackAnonThrottle
from feedback.models import FeedbackPhoto, FeedbackRequest

from .photo_files import image_bytes, jpeg_with_gps, metadata, upload
from .test_pages import NEW, TEXT, error_beside, file_request, form, media_root, pothole  # noqa: F401

NAME = "IMG_20250501_kotini.jpg"


def token_of(html: str) -> str:
    return re.search(r'name="photo_token" value="([^"]+)"', html).group(1)


def pending() -> list[str]:
    directory = photo_keep.pending_dir()
    return sorted(os.listdir(directory)) if directory.is_dir() else []


def keep(client, chosen, data: bytes, *, name: str = NAME, prefix: str = "") -> str:
    """POST with an error (a too short description) and the photo: the token of the kept photo."""
    response = client.post(prefix + NEW, form(chosen, description="lyhyt", photo=upload(data, name)))
    html = response.content.decode()
    assert response.status_code == 200 and "data-photo-kept" in html
    return token_of(html)


class TestKept:
    def test_an_error_keeps_the_photo_and_sending_attaches_it_as_a_fresh_upload(self, client, demo_areas, pothole):
        data = jpeg_with_gps()
        response = client.post(NEW, form(pothole, description="lyhyt", photo=upload(data)))
        html = response.content.decode()
        assert error_beside(html, "description")  # the error that brought the form back
        assert "lyhyt</textarea>" in html
        with translation.override("fi"):
            shown = translation.gettext(
                "Photo kept: %(name)s (%(size)s). It is sent with the feedback; choose another photo to replace it."
            )
        assert shown.split("%(name)s")[0] + NAME in html
        # Only the pixels rest on disk while kept: no EXIF, no GPS position, not the file name.
        [key] = pending()
        assert NAME not in key
        assert metadata((photo_keep.pending_dir() / key).read_bytes())[:2] == ({}, {})
        response = client.post(NEW, form(pothole, photo_token=token_of(html)))
        assert response.status_code == 302
        stored = FeedbackPhoto.objects.get(request=FeedbackRequest.objects.get())
        assert stored.image.read() == photos.photo_clean(upload=upload(data)).content
        assert stored.image.name.startswith("feedback/photos/")
        assert pending() == []

    @pytest.mark.parametrize(("prefix", "language"), [("", "fi"), ("/sv", "sv"), ("/en", "en")])
    def test_the_kept_photo_is_named_in_the_pages_language(self, client, demo_areas, pothole, prefix, language):
        response = client.post(prefix + NEW, form(pothole, description="lyhyt", photo=upload(jpeg_with_gps())))
        with translation.override(language):
            shown = translation.gettext(
                "Photo kept: %(name)s (%(size)s). It is sent with the feedback; choose another photo to replace it."
            )
            removal = translation.gettext("Remove the kept photo")
        html = response.content.decode()
        assert shown.split("%(name)s")[0] + NAME in html and removal in html
        assert 'name="photo_remove"' in html and 'type="file" name="photo"' in html

    def test_an_empty_file_is_refused_once_and_not_kept(self, client, demo_areas, pothole):
        html = client.post(NEW, form(pothole, photo=upload(b""))).content.decode()
        assert len(error_beside(html, "photo")) == 1 and "data-photo-kept" not in html and pending() == []

    def test_similar_requests_shown_first_keep_the_photo(self, client, demo_areas, pothole):
        file_request(pothole)
        html = client.post(NEW, form(pothole, photo=upload(jpeg_with_gps()))).content.decode()
        assert "data-similar" in html and "data-photo-kept" in html
        response = client.post(NEW, form(pothole, send_anyway="1", photo_token=token_of(html)))
        assert response.status_code == 302
        assert FeedbackRequest.objects.latest("pk").photo is not None
        assert pending() == []

    def test_a_throttled_send_keeps_the_photo(self, client, demo_areas, pothole, monkeypatch):
        rates = {"feedback_anon": "1/hour", "feedback_user": "1/hour"}
        monkeypatch.setattr(FeedbackAnonThrottle, "THROTTLE_RATES", rates)
        assert client.post(NEW, form(pothole)).status_code == 302
        response = client.post(NEW, form(pothole, send_anyway="1", photo=upload(jpeg_with_gps())))
        html = response.content.decode()
        assert response.status_code == 200 and "data-photo-kept" in html and len(pending()) == 1
        assert FeedbackRequest.objects.count() == 1
        monkeypatch.setattr(FeedbackAnonThrottle, "THROTTLE_RATES", {**rates, "feedback_anon": "10/hour"})
        assert client.post(NEW, form(pothole, send_anyway="1", photo_token=token_of(html))).status_code == 302
        assert FeedbackRequest.objects.latest("pk").photo is not None and pending() == []

    def test_a_new_photo_replaces_the_kept_one(self, client, demo_areas, pothole):
        token = keep(client, pothole, jpeg_with_gps())
        [first] = pending()
        response = client.post(
            NEW, form(pothole, description="lyhyt", photo_token=token, photo=upload(image_bytes("PNG"), "b.png", "image/png"))
        )
        html = response.content.decode()
        assert "b.png" in html and NAME not in html
        assert first not in pending() and len(pending()) == 1
        client.post(NEW, form(pothole, photo_token=token_of(html)))
        assert metadata(FeedbackPhoto.objects.get().image.read())[2] == "PNG"
        assert pending() == []

    def test_a_refused_new_photo_leaves_the_kept_one(self, client, demo_areas, pothole):
        token = keep(client, pothole, jpeg_with_gps())
        response = client.post(NEW, form(pothole, photo_token=token, photo=upload(image_bytes("GIF"), "c.gif", "image/gif")))
        html = response.content.decode()
        with translation.override("fi"):
            assert error_beside(html, "photo") == [str(photos.MSG_PHOTO_FORMAT)]
        assert token_of(html) == token and len(pending()) == 1

    def test_a_kept_photo_removed_meanwhile_is_refused_beside_the_photo(self, client, demo_areas, pothole):
        token = keep(client, pothole, jpeg_with_gps())
        second_tab = client.post(NEW, form(pothole, photo_token=token, photo_remove="1", description="lyhyt"))
        assert second_tab.status_code == 200 and pending() == []
        response = client.post(NEW, form(pothole, photo_token=token))
        with translation.override("fi"):
            assert error_beside(response.content.decode(), "photo") == [str(photo_keep.MSG_KEPT_INVALID)]
        assert not FeedbackRequest.objects.exists() and "data-photo-kept" not in response.content.decode()

    def test_removing_the_kept_photo_sends_none_and_deletes_it(self, client, demo_areas, pothole):
        token = keep(client, pothole, jpeg_with_gps())
        html = client.post(NEW, form(pothole, description="lyhyt", photo_token=token, photo_remove="1")).content.decode()
        assert "data-photo-kept" not in html and pending() == []
        token = keep(client, pothole, jpeg_with_gps())
        assert client.post(NEW, form(pothole, photo_token=token, photo_remove="1")).status_code == 302
        assert not FeedbackPhoto.objects.exists() and FeedbackRequest.objects.count() == 1
        assert pending() == []


class TestRefusedTokens:
    @pytest.mark.parametrize(("prefix", "language"), [("", "fi"), ("/sv", "sv")])
    def test_another_sessions_token_is_refused_beside_the_photo(self, client, demo_areas, pothole, prefix, language):
        token = keep(client, pothole, jpeg_with_gps())
        stranger = Client()
        response = stranger.post(prefix + NEW, form(pothole, first_name="Toinen", photo_token=token))
        html = response.content.decode()
        with translation.override(language):
            assert error_beside(html, "photo") == [str(photo_keep.MSG_KEPT_INVALID)]
        assert response.status_code == 200 and not FeedbackRequest.objects.exists()
        assert TEXT in html and 'value="Toinen"' in html and "data-photo-kept" not in html
        # The owner's photo is untouched by the refusal, and still theirs to send.
        assert client.post(NEW, form(pothole, photo_token=token)).status_code == 302
        assert FeedbackPhoto.objects.exists()

    def test_a_tampered_token_is_refused(self, client, demo_areas, pothole):
        token = keep(client, pothole, jpeg_with_gps())
        payload, _, signature = token.rpartition(":")
        for forged in (f"{payload}:{signature[::-1]}", "x" + token, ":", "abc"):
            response = client.post("/sv" + NEW, form(pothole, photo_token=forged))
            with translation.override("sv"):
                assert error_beside(response.content.decode(), "photo") == [str(photo_keep.MSG_KEPT_INVALID)]
        assert not FeedbackRequest.objects.exists() and len(pending()) == 1

    @pytest.mark.parametrize(("after", "accepted"), [(-1, True), (0, True), (1, False)])
    def test_a_kept_photo_expires_after_its_max_age(self, client, demo_areas, pothole, monkeypatch, after, accepted):
        issued = 1_900_000_000
        monkeypatch.setattr(photo_keep, "_now", lambda: issued)
        token = keep(client, pothole, jpeg_with_gps())
        monkeypatch.setattr(photo_keep, "_now", lambda: issued + photo_keep.MAX_AGE + after)
        response = client.post(NEW, form(pothole, photo_token=token))
        assert FeedbackPhoto.objects.exists() is accepted
        assert pending() == []  # attached, or expired and removed
        if not accepted:
            with translation.override("fi"):
                message = photo_keep.MSG_KEPT_EXPIRED.format(minutes=photo_keep.MAX_AGE // 60)
                assert error_beside(response.content.decode(), "photo") == [message]
            # Refused once; the next send goes without it and loses nothing typed.
            assert TEXT in response.content.decode() and "data-photo-kept" not in response.content.decode()


class TestLimits:
    @pytest.mark.parametrize(("extra", "accepted"), [(-1, True), (0, True), (1, False)])
    def test_a_photo_over_the_limit_is_not_kept(self, client, demo_areas, pothole, settings, extra, accepted):
        data = jpeg_with_gps()
        settings.FEEDBACK_PHOTO_MAX_BYTES = len(data) - extra
        html = client.post(NEW, form(pothole, description="lyhyt", photo=upload(data))).content.decode()
        assert ("data-photo-kept" in html) is accepted and bool(pending()) is accepted
        if not accepted:
            with translation.override("fi"):
                message = photos.MSG_PHOTO_TOO_LARGE.format(mb=photos._megabytes(len(data) - 1))
            assert error_beside(html, "photo") == [message]

    @pytest.mark.parametrize(("extra", "accepted"), [(-1, True), (0, True), (1, False)])
    def test_the_limit_holds_for_a_kept_photo_when_it_is_sent(self, client, demo_areas, pothole, settings, extra, accepted):
        data = jpeg_with_gps()
        token = keep(client, pothole, data)
        settings.FEEDBACK_PHOTO_MAX_BYTES = len(data) - extra
        response = client.post(NEW, form(pothole, photo_token=token))
        assert FeedbackPhoto.objects.exists() is accepted
        if not accepted:
            with translation.override("fi"):
                message = photos.MSG_PHOTO_TOO_LARGE.format(mb=photos._megabytes(len(data) - 1))
            assert error_beside(response.content.decode(), "photo") == [message]
            assert pending() == []


class TestPendingFiles:
    def test_the_pending_directory_is_under_media_root_and_served_by_no_url(self, client, demo_areas, pothole, media_root):
        keep(client, pothole, jpeg_with_gps())
        [key] = pending()
        assert photo_keep.pending_dir().is_relative_to(media_root)
        for path in (
            f"/media/feedback/pending/{key}",
            f"/feedback/pending/{key}",
            f"/palaute/kuva/{key}/",
            "/media/feedback/pending/",
        ):
            assert client.get(path).status_code == 404, path

    @pytest.mark.parametrize(("age", "removed"), [(-1, False), (0, False), (1, True)])
    def test_a_write_removes_files_older_than_the_max_age(self, client, demo_areas, pothole, monkeypatch, age, removed):
        now = photo_keep._now()
        monkeypatch.setattr(photo_keep, "_now", lambda: now)
        keep(client, pothole, jpeg_with_gps())
        [old] = pending()
        mtime = now - photo_keep.MAX_AGE - age
        os.utime(photo_keep.pending_dir() / old, (mtime, mtime))
        keep(client, pothole, jpeg_with_gps())
        assert (old not in pending()) is removed and len(pending()) == (1 if removed else 2)

    def test_the_cleanup_is_bounded_per_write(self, client, demo_areas, pothole):
        directory = photo_keep.pending_dir()
        directory.mkdir(parents=True)
        old = photo_keep._now() - photo_keep.MAX_AGE - 10
        for number in range(photo_keep.CLEANUP_BATCH + 5):
            (directory / f"old{number}").write_bytes(b"x")
            os.utime(directory / f"old{number}", (old, old))
        keep(client, pothole, jpeg_with_gps())
        assert len(pending()) == 5 + 1


def test_a_kept_file_gone_between_the_check_and_the_send_is_a_refusal_not_an_error(db, media_root):
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    data = jpeg_with_gps()
    choice = photo_keep.photo_choice(session=session, upload=upload(data), token="", remove=False)
    kept = photo_keep.photo_hold(session=session, choice=choice)
    claimed = photo_keep.photo_choice(session=session, upload=None, token=kept.token, remove=False)
    assert claimed.error is None and claimed.photo().content == choice.clean.content
    kept.path.unlink()
    with pytest.raises(ValidationError) as refusal:
        claimed.photo()
    assert refusal.value.messages == [str(photo_keep.MSG_KEPT_INVALID)] and refusal.value.code == "photo_kept"
    assert photo_keep.photo_hold(session=session, choice=claimed) is None
