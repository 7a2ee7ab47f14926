"""Proposing and supporting in the browser's forms (Django test client): errors beside
their fields in the page's language, nothing typed lost, drafts kept per person."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from areas.models import Address
from budgeting import forms, services
from budgeting.models import Proposal, ProposalSupport
from budgeting.selectors import MSG_OUTSIDE_HELSINKI

from .conftest import CENTRAL_STATION, ESPOO, point, set_phase, suurpiiri

URL = "/budjetointi/2025/ehdota/"


@pytest.fixture
def open_round(budget_round):
    return set_phase(budget_round, "proposals")


@pytest.fixture
def resident(client, make_user):
    user = make_user("resident")
    client.force_login(user)
    return user


def post(client, url=URL, **fields):
    data = {"title": "Outdoor gym", "description": "Bars and rings.", "action": "submit", **fields}
    return client.post(url, data)


def field_block(html: str, name: str) -> str:
    """The HDS wrapper of the field `name` (its label, input and errors)."""
    start = html.rindex('<div class="hds-text-input', 0, html.index(f'name="{name}"'))
    return html[start : html.index("</div>\n", html.index(f'name="{name}"')) + 7]


class TestSignIn:
    def test_anonymous_is_sent_to_sign_in_and_back(self, client, open_round):
        for response in (client.get(URL), post(client)):
            assert response.status_code == 302
            assert response["Location"] == f"/kirjaudu/?next={URL.replace('/', '%2F')}"
        assert not Proposal.objects.exists()


class TestPropose:
    def test_a_point_from_the_map_places_it(self, client, open_round, resident):
        lon, lat = CENTRAL_STATION
        response = post(client, lat=lat, lon=lon)
        proposal = Proposal.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/budjetointi/ehdotukset/{proposal.pk}/"
        assert proposal.area == suurpiiri("1") and proposal.author == resident
        assert proposal.location.transform(4326, clone=True).distance(point(CENTRAL_STATION)) < 1e-6

    def test_an_address_places_it_without_the_map(self, client, open_round, resident):
        Address.objects.create(street_fi="Testikatu", street_sv="Testgatan", number="5", point=point(CENTRAL_STATION).transform(3067, clone=True))
        post(client, address="testgatan 5")
        assert Proposal.objects.get().area == suurpiiri("1")

    def test_all_of_helsinki_needs_no_place(self, client, open_round, resident):
        post(client, all_helsinki="on")
        proposal = Proposal.objects.get()
        assert proposal.all_helsinki and proposal.area is None

    @pytest.mark.parametrize(
        "fields, message",
        [
            ({}, forms.MSG_PLACE_NEEDED),
            ({"address": "Nowhere street 99"}, forms.MSG_ADDRESS_UNKNOWN),
            ({"lat": ESPOO[1], "lon": ESPOO[0]}, MSG_OUTSIDE_HELSINKI),
            ({"lat": CENTRAL_STATION[1]}, forms.MSG_POINT_HALF),
        ],
    )
    @pytest.mark.parametrize("prefix, language", [("", "fi"), ("/sv", "sv")])
    def test_place_errors_beside_the_address_in_the_pages_language(
        self, client, open_round, resident, fields, message, prefix, language
    ):
        response = post(client, url=prefix + URL, title="Kuntosali rantaan", **fields)
        assert response.status_code == 400
        html = response.content.decode()
        with translation.override(language):
            expected = str(message).format(address=fields.get("address", ""))
        with translation.override("en"):
            assert expected != str(message).format(address=fields.get("address", ""))  # translated
        block = field_block(html, "address")
        assert "hds-text-input--invalid" in block and expected.replace("'", "&#x27;") in block
        # What was typed is kept.
        assert 'value="Kuntosali rantaan"' in html and "Bars and rings." in html
        assert not Proposal.objects.exists()

    def test_a_missing_title_is_reported_beside_it(self, client, open_round, resident):
        html = post(client, title="", all_helsinki="on").content.decode()
        assert "hds-text-input--invalid" in field_block(html, "title")
        assert re.search(r'<input type="checkbox" name="all_helsinki"[^>]* checked', html)

    @pytest.mark.parametrize("opens_in, closes_in, accepted", [(0, 5, True), (-5, 0, True), (1, 5, False), (-5, -1, False)])
    def test_at_inside_and_outside_the_proposal_dates(self, client, budget_round, resident, opens_in, closes_in, accepted):
        today = timezone.localdate()
        set_phase(budget_round, "proposals")
        budget_round.proposals_opens = today + timedelta(days=opens_in)
        budget_round.proposals_closes = today + timedelta(days=closes_in)
        budget_round.planning_opens = max(budget_round.planning_opens, budget_round.proposals_closes)
        budget_round.save()
        response = post(client, url="/en" + URL, all_helsinki="on")
        assert Proposal.objects.exists() is accepted
        if not accepted:
            assert response.status_code == 400
            assert str(services.MSG_PROPOSALS_CLOSED) in response.content.decode()


class TestSimilar:
    def test_similar_proposals_are_offered_before_storing(self, client, open_round, resident, make_user):
        other = services.proposal_create(
            round=open_round, author=make_user(), title="Outdoor gym by the shore", description="x", location=point(CENTRAL_STATION)
        )
        lon, lat = CENTRAL_STATION
        response = post(client, url="/en" + URL, title="Outdoor gym", lat=lat, lon=lon)
        html = response.content.decode()
        assert response.status_code == 200 and "data-similar" in html
        assert f'action="/en/budjetointi/ehdotukset/{other.pk}/tue/"' in html and "Support this instead" in html
        assert Proposal.objects.count() == 1
        # Supporting instead:
        client.post(f"/en/budjetointi/ehdotukset/{other.pk}/tue/")
        assert ProposalSupport.objects.filter(proposal=other, user=resident).exists()
        # ... or submitting all the same.
        post(client, url="/en" + URL, title="Outdoor gym", lat=lat, lon=lon, action="confirm")
        assert Proposal.objects.count() == 2


    def test_a_decided_proposal_is_offered_to_read_and_a_withdrawn_one_not_at_all(self, client, open_round, resident, make_user):
        rejected, withdrawn = (
            services.proposal_create(
                round=open_round, author=make_user(), title="Outdoor gym by the shore", description="x", location=point(CENTRAL_STATION)
            )
            for _ in range(2)
        )
        Proposal.objects.filter(pk=rejected.pk).update(status="rejected", moderation_reason="Ei mahdu.")
        Proposal.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
        lon, lat = CENTRAL_STATION
        html = post(client, url="/en" + URL, title="Outdoor gym", lat=lat, lon=lon).content.decode()
        assert f'href="/en/budjetointi/ehdotukset/{rejected.pk}/" data-read-answer' in html
        assert "Already decided: read the answer" in html and "Support this instead" not in html
        assert f"/ehdotukset/{withdrawn.pk}/" not in html


class TestDrafts:
    def test_a_draft_is_kept_until_submitted_and_only_for_its_writer(self, client, open_round, resident, make_user):
        response = post(client, title="Half-written idea", description="More later", action="draft")
        assert response.status_code == 302 and not Proposal.objects.exists()
        html = client.get(URL).content.decode()
        assert 'value="Half-written idea"' in html and "More later" in html

        from django.test import Client

        stranger = Client()
        stranger.force_login(make_user("stranger"))
        assert "Half-written idea" not in stranger.get(URL).content.decode()
        # Someone else signing in on the same browser does not see it either.
        client.force_login(make_user("next-person"))
        assert "Half-written idea" not in client.get(URL).content.decode()

    def test_a_failed_submit_keeps_the_draft_and_success_clears_it(self, client, open_round, resident):
        post(client, title="Kept on error")
        assert 'value="Kept on error"' in client.get(URL).content.decode()
        post(client, title="Kept on error", all_helsinki="on")
        assert Proposal.objects.count() == 1
        assert "Kept on error" not in client.get(URL).content.decode()


class TestProposalPage:
    @pytest.fixture
    def proposal(self, open_round, make_user):
        return services.proposal_create(
            round=open_round, author=make_user("author"), title="Benches", description="Rest", location=point(CENTRAL_STATION)
        )

    def test_support_once_and_not_ones_own(self, client, proposal, resident):
        url = f"/en/budjetointi/ehdotukset/{proposal.pk}/"
        assert "Support this proposal" in client.get(url).content.decode()
        client.post(url + "tue/")
        html = client.get(url).content.decode()
        assert '<dd data-supports>1</dd>' in html and "You support this proposal." in html
        html = client.post(url + "tue/", follow=True).content.decode()
        assert str(services.MSG_ALREADY_SUPPORTED) in html
        client.force_login(proposal.author)
        html = client.post(url + "tue/", follow=True).content.decode()
        assert str(services.MSG_SUPPORT_OWN) in html and ProposalSupport.objects.count() == 1

    def test_no_support_button_after_proposals_close(self, client, proposal, resident):
        round = proposal.round
        round.proposals_closes = timezone.localdate() - timedelta(days=1)
        round.proposals_opens = round.proposals_closes - timedelta(days=3)
        round.save()
        html = client.get(f"/en/budjetointi/ehdotukset/{proposal.pk}/").content.decode()
        assert "Support this proposal" not in html
        assert not ProposalSupport.objects.exists()

    def test_moderation_state_and_reason_are_public(self, client, proposal):
        services.proposal_moderate(proposal=proposal, status="rejected", reason="Already being built.")
        html = client.get(f"/en/budjetointi/ehdotukset/{proposal.pk}/").content.decode()
        assert 'data-status="rejected"' in html and "Already being built." in html

    def test_anonymous_support_goes_to_sign_in(self, client, proposal):
        response = client.post(f"/budjetointi/ehdotukset/{proposal.pk}/tue/")
        assert response.status_code == 302 and response["Location"].startswith("/kirjaudu/")

    def test_a_withdrawn_proposal_is_only_its_authors(self, client, proposal, resident):
        Proposal.objects.filter(pk=proposal.pk).update(status="withdrawn")
        assert client.get(f"/budjetointi/ehdotukset/{proposal.pk}/").status_code == 404
        client.force_login(proposal.author)
        assert client.get(f"/budjetointi/ehdotukset/{proposal.pk}/").status_code == 200


def test_submitting_counts_against_the_apis_write_rate_and_loses_nothing(client, open_round, resident, monkeypatch):
    from geo_osallisuus.api import MSG_THROTTLED
    from geo_osallisuus.throttling import WriteRateThrottle

    per_minute = 2
    monkeypatch.setattr(WriteRateThrottle, "THROTTLE_RATES", {"write_anon": "30/minute", "write_user": f"{per_minute}/minute"})
    # "confirm": sent although the earlier ones are similar.
    sent = [post(client, all_helsinki="on", title=f"Ehdotus {n}", action="confirm").status_code for n in range(per_minute)]
    assert sent == [302] * per_minute
    refused = post(client, all_helsinki="on", title="Yksi liikaa", action="confirm")
    html = refused.content.decode()
    wait = int(refused["Retry-After"])
    assert refused.status_code == 429 and 0 < wait <= 60
    with translation.override("fi"):
        assert str(MSG_THROTTLED).format(seconds=wait) in html
    assert 'value="Yksi liikaa"' in html
    assert Proposal.objects.count() == per_minute
