"""Initiatives: filing, telling them from feedback and applications, supports (also concurrent), answers, duplicates, map."""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from feedback.models import Sector
from initiatives import kinds, services
from initiatives.models import Initiative, InitiativeCategory, InitiativeSupport
from tests.boundary_places import NEIGHBOURS
from tests.feedback.conftest import ESPOO, ITAKESKUS, KALLIO, point

URL = "/api/v1/initiatives/"


@pytest.fixture
def category(db) -> InitiativeCategory:
    sector = Sector.objects.create(code="kymp", name_en="Urban environment", name_fi="Kaupunkiympäristö")
    return InitiativeCategory.objects.create(code="environment", name_en="Environment", name_fi="Ympäristö", sector=sector)


@pytest.fixture
def make_user(db):
    counter = iter(range(1, 100_000))

    def _make(*, planner: bool = False):
        from django.contrib.auth.models import Group

        user = get_user_model().objects.create_user(username=f"resident{next(counter)}", password="x")
        if planner:
            user.groups.add(Group.objects.get_or_create(name="planner")[0])
        return user

    return _make


def body(**extra):
    return {
        "title": "Lisää penkkejä Vuosaaren rantaan",
        "text": "Rannalla ei ole tarpeeksi penkkejä istua ja katsella merta.",
        "category": "environment",
        **extra,
    }


class TestFiling:
    def test_a_signed_in_resident_files_one_with_a_place(self, api_client, demo_areas, category, make_user):
        assert api_client.post(URL, body(), format="json").status_code in (401, 403)
        api_client.force_authenticate(make_user())
        response = api_client.post(
            URL, body(location={"type": "Point", "coordinates": list(ITAKESKUS)}, youth=True), format="json"
        )
        assert response.status_code == 201, response.content
        feature = response.json()
        assert feature["properties"]["state"] == "submitted" and feature["properties"]["youth"] is True
        assert feature["properties"]["sector"] == {"code": "kymp", "name": "Urban environment"}
        assert feature["properties"]["is_mine"] is True and "author" not in feature["properties"]
        assert feature["geometry"]["type"] == "Point"
        assert ("suurpiiri", "7") in {(a["division"], a["code"]) for a in feature["properties"]["areas"]}

    def test_a_draft_is_only_its_authors_until_submitted(self, api_client, category, make_user):
        author = make_user()
        api_client.force_authenticate(author)
        pk = api_client.post(URL, body(submit=False), format="json").json()["id"]
        api_client.force_authenticate(make_user())
        assert api_client.get(f"{URL}{pk}/").status_code == 404
        api_client.force_authenticate(author)
        submitted = api_client.post(f"{URL}{pk}/submit/")
        assert submitted.status_code == 200 and submitted.json()["properties"]["state"] == "submitted"
        api_client.force_authenticate(None)
        assert api_client.get(f"{URL}{pk}/").status_code == 200

    @pytest.mark.parametrize(
        "answers, kind, message",
        [
            ({"about_past": True}, kinds.FEEDBACK, kinds.MSG_IS_FEEDBACK),
            ({"own_benefit": True}, kinds.APPLICATION, kinds.MSG_IS_APPLICATION),
            ({"pending_matter": True}, kinds.OPINION, kinds.MSG_IS_OPINION),
        ],
    )
    def test_feedback_applications_and_opinions_are_told_apart(self, api_client, category, make_user, answers, kind, message):
        check = api_client.post(f"{URL}kind-check/", answers, format="json").json()
        assert check["kind"] == kind and check["message"] == str(message) and set(check["questions"]) == set(kinds.QUESTIONS)
        api_client.force_authenticate(make_user())
        refused = api_client.post(URL, body(**answers), format="json")
        assert refused.status_code == 400 and refused.json()["detail"] == str(message)
        assert not Initiative.objects.exists()
        assert api_client.get(f"{URL}kind-check/").json()["kind"] == kinds.INITIATIVE

    @pytest.mark.parametrize(
        "extra, message",
        [
            ({"title": "Hi"}, str(services.MSG_TITLE_SHORT)),
            ({"text": "Too short."}, str(services.MSG_TEXT_SHORT)),
            ({"category": "weather"}, "Unknown category 'weather'"),
            ({"location": {"type": "Point", "coordinates": list(ESPOO)}}, "outside Helsinki"),
            ({"location": {"type": "Point", "coordinates": list(NEIGHBOURS["Leppävaara, Espoo"])}}, "outside Helsinki"),
            ({"location": {"type": "Point", "coordinates": [24.9]}}, "A location is a GeoJSON point"),
            ({"location": {"type": "Point", "coordinates": [24.9, 60.2]}, "srid": "2393"}, "Unsupported coordinate reference system"),
        ],
    )
    def test_bad_input_is_refused_and_nothing_stored(self, api_client, demo_areas, category, make_user, extra, message):
        api_client.force_authenticate(make_user())
        response = api_client.post(URL, body(**extra), format="json")
        assert response.status_code == 400 and message in str(response.json())
        assert not Initiative.objects.exists()


class TestSupport:
    @pytest.fixture
    def initiative(self, category, make_user):
        return services.initiative_create(author=make_user(), **{k: v for k, v in body().items() if k != "category"}, category=category)

    def test_once_per_person_and_not_ones_own(self, api_client, initiative, make_user):
        api_client.force_authenticate(make_user())
        first = api_client.post(f"{URL}{initiative.pk}/support/")
        assert first.status_code == 201 and first.json()["properties"]["support_count"] == 1
        again = api_client.post(f"{URL}{initiative.pk}/support/")
        assert again.status_code == 400 and again.json()["detail"] == str(services.MSG_ALREADY_SUPPORTED)
        api_client.force_authenticate(initiative.author)
        own = api_client.post(f"{URL}{initiative.pk}/support/")
        assert own.status_code == 400 and own.json()["detail"] == str(services.MSG_SUPPORT_OWN)

    def test_follow_once(self, api_client, initiative, make_user):
        api_client.force_authenticate(make_user())
        assert api_client.post(f"{URL}{initiative.pk}/follow/").json()["properties"]["follow_count"] == 1
        assert api_client.post(f"{URL}{initiative.pk}/follow/").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_concurrent_supports_by_one_person_make_one_support(category):
    """Eight requests of the same person at once: the unique constraint keeps one."""
    User = get_user_model()
    author, supporter = User.objects.create_user("author"), User.objects.create_user("supporter")
    initiative = services.initiative_create(
        author=author, title="Penkit rantaan", text="Rannalle tarvitaan lisää penkkejä istuttavaksi.", category=category
    )
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def support():
        try:
            barrier.wait()
            services.initiative_support(initiative=initiative, user=supporter)
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test counts
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=support) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1 and outcomes.count("ValidationError") == 7
    assert InitiativeSupport.objects.filter(initiative=initiative).count() == 1


class TestAnswer:
    @pytest.fixture
    def initiative(self, category, make_user):
        return services.initiative_create(author=make_user(), title="Penkit rantaan", text="Rannalle tarvitaan lisää penkkejä.", category=category)

    def test_the_sector_takes_it_into_preparation_and_answers_with_what_was_done(self, api_client, initiative, make_user):
        member = make_user()
        initiative.sector.members.add(member)
        api_client.force_authenticate(member)
        url = f"{URL}{initiative.pk}/handle/"
        assert api_client.post(url, {"state": "in_preparation"}, format="json").json()["properties"]["state"] == "in_preparation"
        empty = api_client.post(url, {"state": "answered"}, format="json")
        assert empty.status_code == 400 and empty.json()["detail"] == str(services.MSG_ANSWER_REQUIRED)
        done = api_client.post(url, {"state": "answered", "answer": "Penkit tilattu.", "actions": "Kuusi penkkiä."}, format="json")
        properties = done.json()["properties"]
        assert properties["state"] == "answered" and properties["actions"] == "Kuusi penkkiä." and properties["answered_at"]
        again = api_client.post(url, {"state": "in_preparation"}, format="json")
        assert again.status_code == 400

    def test_residents_may_not_answer(self, api_client, initiative, make_user):
        api_client.force_authenticate(make_user())
        response = api_client.post(f"{URL}{initiative.pk}/handle/", {"state": "answered", "answer": "x"}, format="json")
        assert response.status_code == 403 and response.json()["detail"] == str(services.MSG_NOT_ANSWERER)
        api_client.force_authenticate(make_user(planner=True))
        assert api_client.post(f"{URL}{initiative.pk}/handle/", {"state": "answered", "answer": "Kyllä."}, format="json").status_code == 200


class TestDuplicatesAndMap:
    def test_similar_open_ones_nearby_before_filing(self, api_client, demo_areas, category, make_user):
        author = make_user()
        make = lambda title, lonlat: services.initiative_create(  # noqa: E731
            author=author, title=title, text="Perustelut tälle aloitteelle ovat selvät.", category=category,
            point=point(lonlat) if lonlat else None,
        )  # fmt: skip
        near = make("Lisää penkkejä Vuosaaren rantaan", (25.1440, 60.2090))
        make("Lisää penkkejä Kallion puistoon", KALLIO)
        citywide = make("Penkit kaikille rannoille", None)
        make("Koirapuisto Herttoniemeen", (25.04, 60.19))
        found = api_client.get(f"{URL}similar/", {"title": "Penkit Vuosaaren rannalle", "lat": 60.2095, "lon": 25.1445}).json()
        assert [f["id"] for f in found["features"]] == [near.pk, citywide.pk] or [f["id"] for f in found["features"]][0] == near.pk
        assert found["features"][0]["properties"]["distance_m"] < 100
        ids = {f["id"] for f in found["features"]}
        assert near.pk in ids and all(f["properties"]["similarity"] >= 0.45 for f in found["features"])
        assert api_client.get(f"{URL}similar/", {"title": "ab"}).status_code == 400

    def test_markers_on_the_city_map_and_a_page(self, client, demo_areas, category, make_user):
        initiative = services.initiative_create(
            author=make_user(), title="Penkit rantaan", text="Rannalle tarvitaan lisää penkkejä.", category=category,
            point=point(KALLIO),
        )  # fmt: skip
        city_map = client.get("/en/").content.decode()
        assert 'data-layer-key="initiatives"' in city_map
        page = client.get(f"/en/aloite/{initiative.pk}/")
        assert page.status_code == 200 and "Penkit rantaan" in page.content.decode()
        assert client.get("/en/aloite/999999/").status_code == 404
        listed = client.get(URL, {"state": "submitted", "located": "true", "division": "suurpiiri", "area": "3"}).json()
        assert [f["id"] for f in listed["features"]] == [initiative.pk]


def test_writes_are_rate_limited(api_client, category, make_user, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"initiative_write": "2/hour"})
    api_client.force_authenticate(make_user())
    codes = [api_client.post(URL, body(title=f"Penkit rantaan {n}"), format="json").status_code for n in range(3)]
    assert codes == [201, 201, 429] and Initiative.objects.count() == 2
    cache.clear()
