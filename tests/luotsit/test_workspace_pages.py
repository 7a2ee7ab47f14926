"""The luotsi's workspace pages (luotsit/views.py) on the roles world: queues of the
luotsi's own areas only, moderation by the resident-area rule, the profile form and
its public card preview, coverage, each in the URL's language."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from resident_areas import services as resident_services
from resident_areas.models import ResidentArea, ResidentAreaState
from resident_areas.services import DefinedGeometry
from feedback import services as feedback_services
from initiatives import services as initiative_services
from luotsit import selectors, services
from luotsit.models import Luotsi
from luotsit.views import MSG_MAY_NOT_MODERATE
from tests.security.roles_world import area, square, world_fixture

pytestmark = pytest.mark.django_db
world = pytest.fixture(scope="module")(world_fixture)

ME = "/luotsit/me/"


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def luotsi_client(world) -> Client:
    return client_of(world.users["luotsi"])


def other_luotsi_client(world) -> Client:
    return client_of(world.luotsi_other.user)


def proposal_in(world, code: str, *, author=None, name: str = "Uusi alue") -> ResidentArea:
    geometry = square(area("osa-alue", code).geometry.point_on_surface.coords, 150)
    return resident_services.resident_area_create(
        author=author or world.author, names={"fi": name}, defined=DefinedGeometry(geometry, "drawn")
    ).resident_area


def fi(text: str) -> str:
    with translation.override("fi"):
        return gettext(text)


def cards_html(html: str) -> str:
    """The public card list of a page: from the card template's <ul> to its end."""
    found = re.search(r'<ul class="luotsi-cards">.*?</ul>', html, re.S)
    assert found, "no luotsi card on the page"
    return found.group(0)


# --- The workspace -------------------------------------------------------------------


class TestWorkspace:
    def test_my_areas_on_a_map_with_the_queues(self, world):
        response = luotsi_client(world).get(ME)
        html = response.content.decode()
        assert response.status_code == 200 and response["Content-Language"] == "fi"
        vironniemi = area("peruspiiri", "101")
        assert vironniemi.name in html
        # The map fetches the area from the API and the registry's area-filtered layers for it.
        assert f"/api/v1/areas/{vironniemi.pk}/" in html
        assert f"area={vironniemi.pk}" in html
        # The world's proposal in Vironniemi waits; the one in Itäinen does not count.
        resident_link = f'href="{ME}asukasalueet/">{fi("Resident areas to moderate")}</a>: 1'
        assert resident_link in html

    @pytest.mark.parametrize(("prefix", "language"), [("", "fi"), ("/sv", "sv"), ("/en", "en")])
    def test_every_page_in_every_language(self, world, prefix, language):
        client = luotsi_client(world)
        for path in ("", "asukasalueet/", f"asukasalueet/{world.resident_area.pk}/", "budjettiehdotukset/",
                     f"budjettiehdotukset/{world.proposal.pk}/",
                     "yhteydenotot/", "profiili/", "kattavuus/"):  # fmt: skip
            response = client.get(f"{prefix}{ME}{path}")
            assert response.status_code == 200, path
            assert response["Content-Language"] == language
            assert f'<html lang="{language}">' in response.content.decode()

    def test_anonymous_is_sent_to_sign_in_in_the_pages_language(self, world):
        response = client_of(None).get(f"/sv{ME}profiili/")
        assert (response.status_code, response["Location"]) == (302, "/sv/kirjaudu/?next=%2Fsv%2Fluotsit%2Fme%2Fprofiili%2F")

    def test_without_a_luotsi_profile_it_is_a_404_page(self, world):
        response = client_of(world.users["planner"]).get(f"{ME}asukasalueet/")
        assert response.status_code == 404
        assert fi("Your account is not linked to a luotsi profile.") in response.content.decode()


# --- Resident areas ----------------------------------------------------------------------


class TestResidentAreaQueue:
    def test_lists_proposals_in_my_areas_only(self, world):
        own = proposal_in(world, "030", author=world.users["luotsi"], name="Oma ehdotus")
        html = luotsi_client(world).get(f"{ME}asukasalueet/").content.decode()
        assert f'href="{ME}asukasalueet/{world.resident_area.pk}/"' in html
        assert f"asukasalueet/{world.resident_area_far.pk}/" not in html  # Itäinen: another luotsi's
        assert f"asukasalueet/{world.resident_area_draft.pk}/" not in html  # a draft is not proposed
        assert f"asukasalueet/{own.pk}/" not in html  # nobody moderates their own

    def test_an_inactive_luotsi_has_no_queue(self, world):
        services.luotsi_deactivate(luotsi=world.luotsi_own)
        html = luotsi_client(world).get(f"{ME}asukasalueet/").content.decode()
        assert f"asukasalueet/{world.resident_area.pk}/" not in html


class TestModeration:
    def url(self, resident_area, prefix: str = "") -> str:
        return f"{prefix}{ME}asukasalueet/{resident_area.pk}/"

    def test_the_page_draws_the_proposal_over_the_official_areas(self, world):
        html = luotsi_client(world).get(self.url(world.resident_area)).content.decode()
        assert f"/api/v1/resident-areas/{world.resident_area.pk}/" in html
        assert "/api/v1/areas/?division=peruspiiri" in html
        assert area("osa-alue", "010").name in html  # the overlap table names the area it lies in

    def test_approve(self, world):
        response = luotsi_client(world).post(self.url(world.resident_area, "/en"), {"decision": "approve", "reason": ""})
        assert (response.status_code, response["Location"]) == (302, f"/en{ME}asukasalueet/")
        world.resident_area.refresh_from_db()
        assert world.resident_area.state == ResidentAreaState.APPROVED
        assert world.resident_area.moderator == world.users["luotsi"]
        assert world.resident_area.area is not None  # approval made it an area, by the service

    def test_reject_with_a_reason(self, world):
        client = luotsi_client(world)
        response = client.post(self.url(world.resident_area), {"decision": "reject", "reason": "Osuu puistoon."}, follow=True)
        world.resident_area.refresh_from_db()
        assert (world.resident_area.state, world.resident_area.moderation_reason) == (ResidentAreaState.REJECTED, "Osuu puistoon.")
        assert "hds-notification--success" in response.content.decode()

    def test_a_rejection_without_a_reason_is_refused_beside_the_field_losing_nothing(self, world):
        response = luotsi_client(world).post(self.url(world.resident_area), {"decision": "reject", "reason": "  "})
        html = response.content.decode()
        assert response.status_code == 400
        error = re.search(r'<span class="hds-text-input__error-text" id="id_reason-error">(.*?)</span>', html)
        assert error and error.group(1) == fi("A rejection needs a reason the author can read.")
        assert re.search(r'value="reject" checked', html)  # the chosen decision stays chosen
        world.resident_area.refresh_from_db()
        assert world.resident_area.state == ResidentAreaState.PROPOSED

    def test_no_decision_is_an_error_beside_it(self, world):
        response = luotsi_client(world).post(self.url(world.resident_area), {"reason": "Kirjoitettu syy"})
        html = response.content.decode()
        assert response.status_code == 400 and 'id="decision-error"' in html
        assert ">Kirjoitettu syy</textarea>" in html

    def test_an_already_moderated_proposal_says_so(self, world):
        resident_services.resident_area_moderate(resident_area=world.resident_area, moderator=world.users["admin"], approve=True)
        response = luotsi_client(world).post(self.url(world.resident_area), {"decision": "reject", "reason": "Myöhässä"})
        html = response.content.decode()
        assert response.status_code == 400
        assert fi("Only a proposed area can be approved or rejected; this one is {state}.").split(";")[0] in html
        assert 'name="decision"' not in html  # no form for a decision already taken
        world.resident_area.refresh_from_db()
        assert world.resident_area.moderation_reason == ""

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_a_luotsi_of_another_area_gets_the_403_page_and_nothing_changes(self, world, method):
        client = other_luotsi_client(world)  # Paavo serves suurpiiri 4, not Vironniemi
        response = getattr(client, method)(self.url(world.resident_area), {"decision": "approve"})
        assert response.status_code == 403 and response["Content-Type"].startswith("text/html")
        assert fi(str(MSG_MAY_NOT_MODERATE)) in response.content.decode().replace("&#x27;", "'")
        world.resident_area.refresh_from_db()
        assert (world.resident_area.state, world.resident_area.moderator) == (ResidentAreaState.PROPOSED, None)

    def test_my_own_proposal_is_not_mine_to_moderate(self, world):
        own = proposal_in(world, "030", author=world.users["luotsi"])
        response = luotsi_client(world).post(self.url(own), {"decision": "approve"})
        assert response.status_code == 403
        own.refresh_from_db()
        assert own.state == ResidentAreaState.PROPOSED

    def test_an_unknown_proposal_is_404(self, world):
        assert luotsi_client(world).get(f"{ME}asukasalueet/999999/").status_code == 404


# --- Budget proposals, initiatives and feedback -------------------------------------------------


class TestQueues:
    def test_budget_proposals_waiting_in_my_areas(self, world):
        html = luotsi_client(world).get(f"{ME}budjettiehdotukset/").content.decode()
        assert world.proposal.title in html  # proposed in Kluuvi, Vironniemi
        html = other_luotsi_client(world).get(f"{ME}budjettiehdotukset/").content.decode()
        assert world.proposal.title not in html

    def test_accept_a_proposal_in_my_area(self, world):
        url = f"/sv{ME}budjettiehdotukset/{world.proposal.pk}/"
        client = luotsi_client(world)
        assert client.get(url).status_code == 200
        response = client.post(url, {"status": "accepted", "reason": ""})
        assert (response.status_code, response["Location"]) == (302, f"/sv{ME}budjettiehdotukset/")
        world.proposal.refresh_from_db()
        assert world.proposal.status == "accepted"

    def test_a_rejection_without_a_reason_is_an_error_beside_it(self, world):
        response = luotsi_client(world).post(f"{ME}budjettiehdotukset/{world.proposal.pk}/", {"status": "rejected", "reason": ""})
        assert response.status_code == 400
        error = re.search(r'id="id_reason-error">(.*?)</span>', response.content.decode())
        assert error and error.group(1) == fi("A reason is required when a proposal is rejected or merged.")
        world.proposal.refresh_from_db()
        assert world.proposal.status == "submitted"

    def test_a_merge_needs_a_target_beside_its_field(self, world):
        response = luotsi_client(world).post(
            f"{ME}budjettiehdotukset/{world.proposal.pk}/", {"status": "merged", "reason": "Sama asia kuin toinen."}
        )
        html = response.content.decode()
        assert response.status_code == 400 and 'id="id_merged_into-error"' in html
        assert ">Sama asia kuin toinen.</textarea>" in html
        world.proposal.refresh_from_db()
        assert world.proposal.status == "submitted"

    def test_a_luotsi_of_another_area_gets_the_403_page(self, world):
        url = f"{ME}budjettiehdotukset/{world.proposal.pk}/"
        response = other_luotsi_client(world).post(url, {"status": "accepted"})
        assert response.status_code == 403 and response["Content-Type"].startswith("text/html")
        world.proposal.refresh_from_db()
        assert world.proposal.status == "submitted"

    def test_a_moderated_proposal_leaves_the_queue(self, world):
        from budgeting import services as budget_services

        budget_services.proposal_moderate(proposal=world.proposal, status="accepted")
        html = luotsi_client(world).get(f"{ME}budjettiehdotukset/").content.decode()
        assert world.proposal.title not in html

    def test_initiatives_and_feedback_waiting_for_contact(self, world):
        inside = area("osa-alue", "010").geometry.point_on_surface
        initiative = initiative_services.initiative_create(
            author=world.author, title="Penkkejä rantaan", text="Lisää penkkejä koko rantaan, kiitos.",
            category=world.category, point=inside,
        )  # fmt: skip
        taken_up = initiative_services.initiative_create(
            author=world.author, title="Jo valmistelussa", text="Tämä on jo valmistelussa sektorilla.",
            category=world.category, point=inside,
        )  # fmt: skip
        initiative_services.initiative_handle(initiative=taken_up, user=world.users["planner"], state="in_preparation")
        feedback = feedback_services.feedback_create(service=world.service, description="Katulamppu ei pala.", point=inside)
        html = luotsi_client(world).get(f"{ME}yhteydenotot/").content.decode()
        assert initiative.title in html and taken_up.title not in html
        assert f"#{feedback.pk}</a>" in html
        assert f"#{world.feedback.pk}</a>" not in html  # filed in Kallio, not in Vironniemi
        other = other_luotsi_client(world).get(f"{ME}yhteydenotot/").content.decode()
        assert initiative.title not in other and f"#{feedback.pk}</a>" not in other


# --- Profile and the public card ----------------------------------------------------------------


class TestProfile:
    URL = f"{ME}profiili/"

    def form(self, luotsi: Luotsi, **changes) -> dict:
        data = {
            "name": luotsi.name, "title_fi": luotsi.title_fi or "", "title_sv": luotsi.title_sv or "",
            "title_en": luotsi.title_en or "", "email": luotsi.email, "phone": luotsi.phone,
            "photo_url": luotsi.photo_url, "languages": list(luotsi.languages),
        }  # fmt: skip
        data.update({f: "on" for f in ("publish_email", "publish_phone", "publish_photo") if getattr(luotsi, f)})
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    def test_the_preview_is_the_card_the_public_sees(self, world):
        services.luotsi_update(luotsi=world.luotsi_own, email="vilma@example.org", phone="+358 40 555 0111", publish_email=True)
        preview = cards_html(luotsi_client(world).get(self.URL).content.decode())
        public = cards_html(client_of(None).get("/alue/peruspiiri/101/").content.decode())
        assert preview == public
        assert "vilma@example.org" in preview and "+358 40 555 0111" not in preview  # only what is published

    def test_a_consent_changes_the_public_card(self, world):
        services.luotsi_update(luotsi=world.luotsi_own, phone="+358 40 555 0111")
        world.luotsi_own.refresh_from_db()
        client = luotsi_client(world)
        response = client.post(self.URL, self.form(world.luotsi_own, publish_phone="on"))
        assert (response.status_code, response["Location"]) == (302, self.URL)
        world.luotsi_own.refresh_from_db()
        assert world.luotsi_own.publish_phone is True
        assert "+358 40 555 0111" in cards_html(client.get(self.URL).content.decode())
        assert "+358 40 555 0111" in cards_html(client_of(None).get("/alue/peruspiiri/101/").content.decode())
        # Unticking withdraws it again.
        client.post(self.URL, self.form(world.luotsi_own, publish_phone=None))
        assert "+358 40 555 0111" not in cards_html(client_of(None).get("/alue/peruspiiri/101/").content.decode())

    def test_a_bad_phone_is_an_error_beside_it_and_nothing_typed_is_lost(self, world):
        before = selectors.luotsi_card(Luotsi.objects.get(pk=world.luotsi_own.pk), full=True)
        response = luotsi_client(world).post(
            self.URL, self.form(world.luotsi_own, phone="soita minulle", title_sv="Stadslots", publish_email="on")
        )
        html = response.content.decode()
        assert response.status_code == 400
        error = re.search(r'id="id_phone-error">(.*?)</span>', html)
        assert error and error.group(1) == fi("Enter a phone number of digits, spaces and dashes, optionally starting with +.")
        assert 'value="soita minulle"' in html and 'value="Stadslots"' in html
        assert re.search(r'id="id_publish_email" name="publish_email" checked', html)
        after = selectors.luotsi_card(Luotsi.objects.get(pk=world.luotsi_own.pk), full=True)
        assert after == before

    def test_a_photo_from_another_host_is_refused_beside_the_field(self, world):
        response = luotsi_client(world).post(self.URL, self.form(world.luotsi_own, photo_url="https://evil.example/me.jpg"))
        assert response.status_code == 400
        assert re.search(r'id="id_photo_url-error">[^<]*evil\.example', response.content.decode())

    def test_an_empty_name_is_refused(self, world):
        response = luotsi_client(world).post(self.URL, self.form(world.luotsi_own, name=" "))
        assert response.status_code == 400 and 'id="id_name-error"' in response.content.decode()
        assert Luotsi.objects.get(pk=world.luotsi_own.pk).name == "Vilma Vironniemi"


# --- Coverage -------------------------------------------------------------------------------------


class TestCoverage:
    def test_gaps_and_overlaps_of_my_division(self, world):
        html = luotsi_client(world).get(f"{ME}kattavuus/").content.decode()
        rows = selectors.luotsi_coverage(division=area("peruspiiri", "101").division, role="stadiluotsi")
        problems = [row for row in rows if row.status != selectors.COVERED]
        assert problems  # the world serves few peruspiirit: most are gaps
        assert html.count('<tr data-status="gap">') == sum(1 for row in problems if row.status == "gap")
        assert '<tr data-status="covered">' not in html
        assert "/api/v1/luotsit/coverage/?division=peruspiiri&amp;role=stadiluotsi&amp;status=gap" in html.replace("\\u0026", "&amp;")

    def test_another_division_on_request_and_an_unknown_one_falls_back(self, world):
        client = luotsi_client(world)
        assert "division=suurpiiri" in client.get(f"{ME}kattavuus/?division=suurpiiri").content.decode().replace("\\u0026", "&")
        html = client.get(f"{ME}kattavuus/?division=nonexistent").content.decode()
        assert '<option value="nonexistent"' not in html


# --- Privacy -------------------------------------------------------------------------------------


def test_the_workspace_shows_the_luotsi_no_unpublished_personal_data(world):
    """Feedback and initiatives in the luotsi's area, their senders' contacts seeded as
    sentinels: no page of the workspace shows them (nor any other sentinel of the world)."""
    from tests.security import roles_world as rw

    inside = area("osa-alue", "010").geometry.point_on_surface
    feedback_services.feedback_create(
        service=world.service, description="Penkki on rikki.", point=inside, author=world.author,
        email=rw.FEEDBACK_EMAIL, first_name=rw.FEEDBACK_FIRST, last_name=rw.FEEDBACK_LAST,
    )  # fmt: skip
    initiative_services.initiative_create(
        author=world.author, title="Valoja puistoon", text="Puistoon tarvitaan lisää valoja.", category=world.category, point=inside
    )
    sentinels = [rw.FEEDBACK_EMAIL, rw.FEEDBACK_FIRST, rw.FEEDBACK_LAST, rw.AUTHOR_USERNAME, rw.AUTHOR_FIRST,
                 rw.AUTHOR_LAST, rw.USER_EMAIL_DOMAIN, rw.SECRET_LUOTSI_EMAIL, rw.SECRET_LUOTSI_PHONE]  # fmt: skip
    client = luotsi_client(world)
    pages = ["", "asukasalueet/", f"asukasalueet/{world.resident_area.pk}/", "budjettiehdotukset/",
             f"budjettiehdotukset/{world.proposal.pk}/", "yhteydenotot/",
             "profiili/", "kattavuus/"]  # fmt: skip
    contacts = client.get(f"{ME}yhteydenotot/").content.decode()
    assert "Penkki on rikki." in contacts and "Valoja puistoon" in contacts  # the items are there
    for path in pages:
        html = client.get(f"{ME}{path}").content.decode()
        assert [s for s in sentinels if s in html] == [], path


class TestProposalModerationRule:
    """budgeting.selectors.proposal_may_moderate: the API and the page ask it alone."""

    def test_the_luotsi_of_the_proposals_area_may(self, world):
        from budgeting.selectors import proposal_may_moderate

        assert proposal_may_moderate(user=world.users["luotsi"], proposal=world.proposal) is True
        assert proposal_may_moderate(user=world.luotsi_other.user, proposal=world.proposal) is False
        assert proposal_may_moderate(user=world.users["planner"], proposal=world.proposal) is True
        assert proposal_may_moderate(user=world.users["resident"], proposal=world.proposal) is False

    def test_not_their_own_proposal(self, world):
        from budgeting import services as budget_services
        from budgeting.selectors import proposal_may_moderate

        own = budget_services.proposal_create(
            round=world.proposal_round, author=world.users["luotsi"], title="Oma", description="Oma ehdotus.",
            location=area("osa-alue", "010").geometry.point_on_surface,
        )  # fmt: skip
        assert proposal_may_moderate(user=world.users["luotsi"], proposal=own) is False

    def test_not_after_leaving(self, world):
        from budgeting.selectors import proposal_may_moderate

        services.luotsi_deactivate(luotsi=world.luotsi_own)
        assert proposal_may_moderate(user=world.users["luotsi"], proposal=world.proposal) is False

    def test_a_proposal_of_the_whole_city_is_the_planners(self, world):
        from budgeting import services as budget_services
        from budgeting.selectors import proposal_may_moderate

        everywhere = budget_services.proposal_create(
            round=world.proposal_round, author=world.author, title="Koko kaupunki", description="Kaikkialle.", all_helsinki=True
        )
        assert proposal_may_moderate(user=world.users["luotsi"], proposal=everywhere) is False
        assert proposal_may_moderate(user=world.users["planner"], proposal=everywhere) is True


# --- Reading the pages, role by role (the roles table, tests/security/test_roles.py, has the POSTs) --

READERS = ("anonymous", "resident", "luotsi", "other_luotsi", "planner", "admin")


def _reader(world, role: str):
    return world.luotsi_other.user if role == "other_luotsi" else world.users[role]


def _page_paths(world) -> dict[str, tuple]:
    """Each page with what it answers: anonymous, resident, luotsi, other luotsi, planner, admin.
    A proposal in Vironniemi is the luotsi's to moderate, not the other luotsi's."""
    everyone_with_a_profile = (302, 404, 200, 200, 404, 404)
    return {
        "": everyone_with_a_profile,
        "asukasalueet/": everyone_with_a_profile,
        f"asukasalueet/{world.resident_area.pk}/": (302, 404, 200, 403, 404, 404),
        "budjettiehdotukset/": everyone_with_a_profile,
        f"budjettiehdotukset/{world.proposal.pk}/": (302, 404, 200, 403, 404, 404),
        "yhteydenotot/": everyone_with_a_profile,
        "profiili/": everyone_with_a_profile,
        "kattavuus/": everyone_with_a_profile,
    }


@pytest.mark.parametrize("role", READERS)
def test_who_reads_each_page(world, role):
    client = client_of(_reader(world, role))
    for path, expected in _page_paths(world).items():
        response = client.get(f"{ME}{path}")
        status = expected[READERS.index(role)]
        assert response.status_code == status, f"{role} GET {ME}{path}: {response.status_code}"
        if status == 302:
            assert response["Location"].startswith("/kirjaudu/?next=")
