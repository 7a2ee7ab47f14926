"""Feedback pages: the list, sending (errors beside fields, nothing typed lost, the photo's
limits and its metadata removed, similar requests first), the request's page, following,
the photo's address; private requests seen only by their sender and handlers."""

from __future__ import annotations

import re

import pytest
from django.contrib.gis.geos import Point
from django.utils import translation

from feedback import photos, services as feedback_services
from feedback.models import FeedbackFollow, FeedbackPhoto, FeedbackRequest

from tests.boundary_places import NEIGHBOURS

from .conftest import ESPOO, KALLIO, point
from .photo_files import image_bytes, jpeg_with_gps, metadata, upload

NEW = "/palaute/uusi/"
TEXT = "Katulamppu on rikki Kalliossa jo toista viikkoa"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pothole(services):
    service = services["171"]
    service.group_fi = service.group_en = "Kadut"
    service.save()
    return service


def form(chosen, *, lonlat=KALLIO, **extra):
    body = {"service": chosen.service_code, "description": TEXT, "is_public": "on"}
    if lonlat is not None:
        body.update(lon=f"{lonlat[0]:.6f}", lat=f"{lonlat[1]:.6f}")
    return {**body, **extra}


def error_beside(html: str, field: str) -> list[str]:
    """The error texts inside the wrapper of `field` (the element with id id_<field>)."""
    start = html.index(f'id="id_{field}"')
    wrapper = html.rfind('<div class="hds-text-input', 0, start)
    end = html.find('<div class="hds-text-input', start)
    return re.findall(r'hds-text-input__error-text"[^>]*>([^<]+)<', html[wrapper:end if end != -1 else None])


def file_request(service, **extra) -> FeedbackRequest:
    return feedback_services.feedback_create(service=service, description=TEXT, point=point(KALLIO), **extra)


class TestPages:
    @pytest.mark.parametrize(("prefix", "language"), [("", "fi"), ("/sv", "sv"), ("/en", "en")])
    def test_the_list_and_the_form_answer_in_each_language(self, client, demo_areas, pothole, prefix, language):
        file_request(pothole)
        for path in ("/palaute/", NEW):
            response = client.get(prefix + path)
            assert response.status_code == 200
            assert response["Content-Language"] == language
        with translation.override(language):
            assert translation.gettext("Send feedback") in response.content.decode()

    def test_the_services_are_grouped_in_the_select(self, client, demo_areas, pothole, services):
        html = client.get(NEW).content.decode()
        group = html[html.index('<optgroup label="Kadut">') :]
        assert f'value="{pothole.service_code}"' in group[: group.index("</optgroup>")]
        assert f'value="{services["172"].service_code}"' in html

    def test_the_list_shows_public_requests_and_never_private_ones(self, client, demo_areas, pothole):
        public = file_request(pothole)
        private = file_request(pothole, is_public=False)
        html = client.get("/palaute/").content.decode()
        assert f'data-feedback="{public.pk}"' in html
        assert f'data-feedback="{private.pk}"' not in html


class TestSending:
    def test_an_anonymous_sender_lands_on_the_page_of_the_request(self, client, demo_areas, pothole):
        response = client.post(NEW, form(pothole, is_public=""))
        created = FeedbackRequest.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/palaute/{created.pk}/"
        assert created.author is None and created.is_public is False
        # The private request is the sender's own in this session ...
        page = client.get(response["Location"])
        assert page.status_code == 200 and "data-private" in page.content.decode()
        # ... and nobody else's.
        from django.test import Client

        assert Client().get(response["Location"]).status_code == 404

    def test_a_signed_in_sender_is_its_author(self, client, demo_areas, pothole, make_user):
        user = make_user()
        client.force_login(user)
        client.post(NEW, form(pothole))
        assert FeedbackRequest.objects.get().author == user

    def test_by_address_without_a_point(self, client, demo_areas, pothole):
        from areas.models import Address

        Address.objects.create(street_fi="Mannerheimintie", street_sv="Mannerheimvägen", number="5", point=point(KALLIO).transform(3067, clone=True))
        response = client.post(NEW, form(pothole, lonlat=None, address="Mannerheimintie 5"))
        assert response.status_code == 302
        assert FeedbackRequest.objects.get().address_string == "Mannerheimintie 5"

    @pytest.mark.parametrize(("prefix", "language"), [("", "fi"), ("/sv", "sv")])
    def test_errors_stand_beside_their_fields_in_the_pages_language_and_keep_the_text(
        self, client, demo_areas, pothole, prefix, language
    ):
        response = client.post(prefix + NEW, form(pothole, description="lyhyt", lonlat=None))
        html = response.content.decode()
        with translation.override(language):
            place = str(feedback_services.MSG_PLACE_REQUIRED)
        assert response.status_code == 200
        assert error_beside(html, "address") == [place]
        assert "lyhyt</textarea>" in html
        response = client.post(prefix + NEW, form(pothole, description="lyhyt"))
        with translation.override(language):
            assert error_beside(response.content.decode(), "description") == [str(feedback_services.MSG_DESCRIPTION_REQUIRED)]
        assert not FeedbackRequest.objects.exists()

    def test_a_place_outside_helsinki_is_refused_beside_the_place(self, client, demo_areas, pothole):
        response = client.post(NEW, form(pothole, lonlat=ESPOO))
        with translation.override("fi"):
            assert error_beside(response.content.decode(), "address") == [str(feedback_services.MSG_OUTSIDE_HELSINKI)]
        assert f'value="{ESPOO[1]:.6f}"' in response.content.decode()  # the point typed is kept

    def test_a_missing_service_is_an_error_beside_the_service(self, client, demo_areas, pothole):
        response = client.post(NEW, form(pothole, service=""))
        html = response.content.decode()
        assert response.status_code == 200 and "hds-text-input--invalid" in html
        assert TEXT in html and not FeedbackRequest.objects.exists()


class TestPhoto:
    def test_the_stored_photo_has_no_exif_and_no_gps(self, client, demo_areas, pothole):
        original = jpeg_with_gps()
        exif, gps, _fmt = metadata(original)
        assert gps and exif  # the test photo does carry them
        client.post(NEW, form(pothole, photo=upload(original)))
        photo = FeedbackPhoto.objects.get()
        stored = photo.image.read()
        assert metadata(stored) == ({}, {}, "JPEG")
        assert b"TestCam" not in stored
        assert "kotini" not in photo.image.name and str(photo.key) in photo.image.name

    def test_a_png_stays_a_png_and_a_gif_is_refused_beside_the_photo(self, client, demo_areas, pothole):
        client.post(NEW, form(pothole, photo=upload(image_bytes("PNG"), "a.png", "image/png")))
        assert metadata(FeedbackPhoto.objects.get().image.read())[2] == "PNG"
        response = client.post(NEW, form(pothole, send_anyway="1", photo=upload(image_bytes("GIF"), "b.jpg", "image/jpeg")))
        html = response.content.decode()
        with translation.override("fi"):
            assert error_beside(html, "photo") == [str(photos.MSG_PHOTO_FORMAT)]
        assert "data-photo-kept" not in html  # a refused photo is not kept
        assert FeedbackRequest.objects.count() == 1

    @pytest.mark.parametrize(("extra", "accepted"), [(-1, True), (0, True), (1, False)])
    def test_the_size_limit_at_inside_and_outside(self, client, demo_areas, pothole, settings, extra, accepted):
        data = jpeg_with_gps()
        settings.FEEDBACK_PHOTO_MAX_BYTES = len(data) - extra
        response = client.post(NEW, form(pothole, photo=upload(data)))
        assert FeedbackPhoto.objects.exists() is accepted
        if not accepted:
            with translation.override("fi"):
                message = photos.MSG_PHOTO_TOO_LARGE.format(mb=photos._megabytes(len(data) - 1))
            assert error_beside(response.content.decode(), "photo") == [message]

    def test_the_photo_is_public_exactly_when_its_request_is(self, client, demo_areas, pothole, make_user):
        from django.test import Client

        public = file_request(pothole, photo=upload(jpeg_with_gps()))
        private = file_request(pothole, photo=upload(jpeg_with_gps()), is_public=False, author=make_user())
        stranger = Client()
        response = stranger.get(f"/palaute/kuva/{public.photo.key}/")
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert metadata(b"".join(response.streaming_content))[1] == {}
        assert stranger.get(f"/palaute/kuva/{private.photo.key}/").status_code == 404
        client.force_login(private.author)
        assert client.get(f"/palaute/kuva/{private.photo.key}/").status_code == 200
        assert client.get(f"/palaute/kuva/{private.photo.key}/")["Cache-Control"] == "private, no-store"


class TestRequestPage:
    def test_shows_status_answer_and_the_cell_never_the_point_or_the_sender(self, client, demo_areas, pothole, make_user):
        planner = make_user(planner=True)
        given = Point(24.951234, 60.185678, srid=4326)
        item = feedback_services.feedback_create(
            service=pothole, description=TEXT, point=given, email="salainen@example.org", first_name="Maija"
        )
        feedback_services.feedback_set_status(request=item, user=planner, status="closed", status_notes="Korjattu 3.5.")
        html = client.get(f"/palaute/{item.pk}/").content.decode()
        assert 'data-status="closed"' in html and "Korjattu 3.5." in html
        assert "salainen@example.org" not in html and "Maija" not in html
        assert "24.951234" not in html and "60.185678" not in html
        assert "24.9512" not in html and "60.1856" not in html

    def test_a_private_request_is_seen_by_its_author_and_handlers_only(self, client, demo_areas, pothole, make_user):
        author, other, planner = make_user(), make_user(), make_user(planner=True)
        item = file_request(pothole, is_public=False, author=author)
        url = f"/palaute/{item.pk}/"
        assert client.get(url).status_code == 404
        for user, status in ((other, 404), (author, 200), (planner, 200)):
            client.force_login(user)
            assert client.get(url).status_code == status
        assert client.get(f"/api/v1/open311/requests/{item.pk}.json").status_code == 404


class TestSimilarAndFollow:
    def test_a_similar_open_request_nearby_is_offered_before_sending(self, client, demo_areas, pothole, make_user):
        existing = file_request(pothole)
        response = client.post(NEW, form(pothole))
        html = response.content.decode()
        assert response.status_code == 200 and "data-similar" in html
        assert f"/palaute/{existing.pk}/seuraa/" in html
        assert TEXT in html and FeedbackRequest.objects.count() == 1
        response = client.post(NEW, form(pothole, send_anyway="1"))
        assert response.status_code == 302 and FeedbackRequest.objects.count() == 2

    def test_a_closed_request_nearby_is_offered_to_read_not_to_follow(self, client, demo_areas, pothole):
        closed = file_request(pothole)
        FeedbackRequest.objects.filter(pk=closed.pk).update(status="closed", status_notes="Korjattu.")
        html = client.post(NEW, form(pothole)).content.decode()
        assert "data-similar" in html and f'href="/palaute/{closed.pk}/" data-read-answer' in html
        assert f"/palaute/{closed.pk}/seuraa/" not in html and "Jo vastattu: lue vastaus" in html
        assert FeedbackRequest.objects.count() == 1

    def test_following_needs_a_sign_in_and_then_follows(self, client, demo_areas, pothole, make_user):
        item = file_request(pothole)
        response = client.post(f"/palaute/{item.pk}/seuraa/")
        assert response.status_code == 302 and response["Location"].startswith("/kirjaudu/?next=")
        user = make_user()
        client.force_login(user)
        assert client.post(f"/en/palaute/{item.pk}/seuraa/")["Location"] == f"/en/palaute/{item.pk}/"
        assert FeedbackFollow.objects.filter(request=item, user=user).exists()
        page = client.get(f"/en/palaute/{item.pk}/").content.decode()
        assert "You follow this feedback now." in page
        client.post(f"/en/palaute/{item.pk}/seuraa/")
        assert str(feedback_services.MSG_ALREADY_FOLLOWING) in client.get(f"/en/palaute/{item.pk}/").content.decode()


class TestPrivateElsewhere:
    def test_a_private_request_is_in_no_open311_list_count_or_duplicate_check(self, api_client, demo_areas, pothole):
        from areas.models import DivisionType
        from feedback import selectors

        public, private = file_request(pothole), file_request(pothole, is_public=False)
        ids = [r["service_request_id"] for r in api_client.get("/api/v1/open311/requests.json").json()]
        assert ids == [str(public.pk)]
        similar = selectors.feedback_similar(text=TEXT, point=point(KALLIO).transform(3067, clone=True))
        assert [r.pk for r in similar] == [public.pk]
        division = DivisionType.objects.get(slug="suurpiiri")
        counts = {a.code: a.feedback_count for a in selectors.feedback_area_counts(division=division)}
        assert counts["3"] == 1  # Kallio's suurpiiri counts the public one alone
        assert private.pk not in ids


def test_the_participation_page_links_feedback_and_initiatives(client, demo_areas):
    html = client.get("/sv/osallistuminen/").content.decode()
    nav = html[html.index("data-take-part") :]
    assert 'href="/sv/palaute/"' in nav[: nav.index("</nav>")] and 'href="/sv/aloitteet/"' in nav[: nav.index("</nav>")]


def test_the_page_and_the_api_share_one_rate_limit(client, api_client, demo_areas, pothole, monkeypatch):
    from feedback.api import open311

    monkeypatch.setattr(open311.FeedbackAnonThrottle, "THROTTLE_RATES", {"feedback_anon": "2/hour"})
    body = {"service_code": pothole.service_code, "lat": KALLIO[1], "long": KALLIO[0], "description": "Toinen asia kokonaan"}
    assert api_client.post("/api/v1/open311/requests.json", body).status_code == 201
    assert client.post(NEW, form(pothole, send_anyway="1")).status_code == 302  # the second of two
    response = client.post(NEW, form(pothole, send_anyway="1", description="Kolmas asia, jota ei lähetetä"))
    html = response.content.decode()
    assert response.status_code == 200 and "data-form-error" in html
    assert "Kolmas asia, jota ei lähetetä" in html and FeedbackRequest.objects.count() == 2


def test_open311_names_the_stored_photo_of_a_public_request(api_client, demo_areas, pothole):
    item = file_request(pothole, photo=upload(jpeg_with_gps()))
    body = api_client.get(f"/api/v1/open311/requests/{item.pk}.json").json()[0]
    assert body["media_url"] == f"http://testserver/palaute/kuva/{item.photo.key}/"
    listed = api_client.get("/api/v1/open311/requests.json").json()
    assert [r["media_url"] for r in listed] == [body["media_url"]]
    response = api_client.get(body["media_url"])
    assert response.status_code == 200 and metadata(b"".join(response.streaming_content))[1] == {}


def test_an_error_is_named_by_its_inputs_description(client, demo_areas, pothole):
    html = client.post(NEW, form(pothole, description="lyhyt")).content.decode()
    textarea = re.search(r"<textarea[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in textarea and 'aria-describedby="id_description_error"' in textarea
    assert 'id="id_description_error"' in html


def test_the_language_switcher_keeps_the_request(client, demo_areas, pothole):
    item = file_request(pothole)
    html = client.get(f"/palaute/{item.pk}/").content.decode()
    switcher = html[html.index('language-switcher') :]
    assert f'href="/sv/palaute/{item.pk}/"' in switcher and f'href="/en/palaute/{item.pk}/"' in switcher


def test_staff_see_a_private_requests_photo_from_the_admin(client, demo_areas, pothole, make_user):
    from django.contrib.auth import get_user_model

    item = file_request(pothole, photo=upload(jpeg_with_gps()), is_public=False)
    admin = get_user_model().objects.create_superuser("admin1", password="x")
    client.force_login(admin)
    page = client.get(f"/admin/feedback/feedbackrequest/{item.pk}/change/").content.decode()
    assert f'href="/palaute/kuva/{item.photo.key}/"' in page
    assert client.get(f"/palaute/kuva/{item.photo.key}/").status_code == 200


@pytest.mark.parametrize(
    ("prefix", "language", "message"),
    [
        ("", "fi", "Sijainti on Helsingin ulkopuolella: valitse paikka Helsingistä."),
        ("/sv", "sv", "Platsen ligger utanför Helsingfors: välj en plats i Helsingfors."),
        ("/en", "en", "The location is outside Helsinki: choose a place in Helsinki."),
    ],
)
def test_a_place_in_tikkurila_is_outside_helsinki_in_the_persons_language(client, demo_areas, pothole, prefix, language, message):
    tikkurila = NEIGHBOURS["Tikkurila, Vantaa"]
    response = client.post(prefix + NEW, form(pothole, lonlat=tikkurila))
    assert error_beside(response.content.decode(), "address") == [message]
    assert f'value="{tikkurila[1]:.6f}"' in response.content.decode()  # the point typed is kept
    assert not FeedbackRequest.objects.exists()
