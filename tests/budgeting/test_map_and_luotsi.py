"""Budgeting on the map (layers, the project page) and in the luotsi's own view."""

import pytest
from django.utils import timezone

from budgeting import map_layers, selectors, services, voting
from luotsit.providers import content_providers
from map_ui.layers import layer_registry

from .conftest import CENTRAL_STATION, VOTING_DAY, point, set_phase, suurpiiri


def layers_by_key():
    return {layer.key: layer for layer in layer_registry.layers()}


class TestLayers:
    def test_registered_from_ready_and_absent_without_a_round(self, db):
        assert not [key for key in layers_by_key() if key.startswith("budget-")]
        with pytest.raises(ValueError):  # the provider is registered once, by BudgetingConfig.ready()
            map_layers.register()

    def test_projects_layer_is_clustered_points_with_popup_and_page_link(self, api_client, budget_round, make_project):
        set_phase(budget_round, "voting")
        project = make_project(title="Skeittipaikka", cost=120_000)
        layer = layers_by_key()[f"budget-projects-{budget_round.year}"]
        assert layer.kind == layer.POINT and layer.cluster is True
        config = layer.to_config()
        assert config["titleProperty"] == "title" and config["statusProperty"] == "status_label"
        assert [f["property"] for f in config["popupFields"]] == ["cost"]
        assert config["detailUrl"] == "/en/budjetointi/hankkeet/{id}/"  # tests run in English
        # The layer's own URL serves the properties the popup reads, and a point for every project.
        body = api_client.get(config["url"]).json()
        [feature] = body["features"]
        assert feature["id"] == project.pk and feature["geometry"]["type"] == "Point"
        assert feature["properties"]["cost"] == 120_000 and feature["properties"]["status_label"] == "in the vote"
        assert f"budget-winners-{budget_round.year}" not in layers_by_key()  # results not public yet

    def test_winners_layer_once_results_are_public(self, api_client, budget_round, make_project, make_voter):
        winner = make_project(title="Voittaja")
        voting.ballot_cast(voter=make_voter(), round=budget_round, area=suurpiiri("1"), project_ids=[winner.pk], today=VOTING_DAY)
        set_phase(budget_round, "results")
        layer = layers_by_key()[f"budget-winners-{budget_round.year}"]
        assert layer.status_property == "implementation_status_label"
        assert api_client.get(layer.source_url()).status_code == 200

    def test_project_page_in_three_languages(self, client, budget_round, make_project):
        project = make_project(title="Kuntoportaat", area_code="3")
        page = client.get(f"/budjetointi/hankkeet/{project.pk}/")
        assert page.status_code == 200 and page["Content-Language"] == "fi"
        html = page.content.decode()
        assert "Kuntoportaat" in html and suurpiiri("3").name_fi in html  # Keskinen, not Central
        assert f"/api/v1/budgeting/projects/{project.pk}/?map_points=true" in html
        assert "http://" not in html and "https://" not in html
        swedish = client.get(f"/sv/budjetointi/hankkeet/{project.pk}/")
        assert swedish.status_code == 200 and swedish["Content-Language"] == "sv"
        assert suurpiiri("3").name_sv in swedish.content.decode()
        assert client.get("/en/budjetointi/hankkeet/999999/").status_code == 404


class TestLuotsiProvider:
    def test_registered(self, db):
        assert selectors.luotsi_budget_contents in content_providers()

    def test_counts_waiting_proposals_and_projects_per_area(self, budget_round, make_user, make_project):
        round = set_phase(budget_round, "proposals")
        author, today = make_user(), timezone.localdate()
        services.proposal_create(
            round=round, author=author, title="Odottaa", description=".", location=point(CENTRAL_STATION), today=today
        )
        accepted = services.proposal_create(
            round=round, author=author, title="Hyväksytty", description=".", location=point(CENTRAL_STATION), today=today
        )
        services.proposal_moderate(proposal=accepted, status="accepted")
        make_project(area_code="1", title="Etelä")
        make_project(area_code="3", title="Pohjoinen")
        south, north = suurpiiri("1"), suurpiiri("3")
        found = {(c.area_id, c.key): c for c in selectors.luotsi_budget_contents(areas=[south, north])}
        assert found[(south.pk, "budget_proposals_waiting")].count == 1
        assert found[(north.pk, "budget_proposals_waiting")].count == 0
        assert found[(south.pk, "budget_projects")].count == 1
        assert found[(north.pk, "budget_projects")].count == 1
        assert found[(south.pk, "budget_proposals_waiting")].url == (
            f"/api/v1/budgeting/proposals/?status=submitted&area={south.pk}"
        )

    def test_the_link_lists_what_was_counted(self, api_client, budget_round, make_user):
        round = set_phase(budget_round, "proposals")
        proposal = services.proposal_create(
            round=round, author=make_user(), title="Odottaa", description=".", location=point(CENTRAL_STATION),
            today=timezone.localdate(),
        )  # fmt: skip
        [content] = [
            c for c in selectors.luotsi_budget_contents(areas=[suurpiiri("1")]) if c.key == "budget_proposals_waiting"
        ]
        assert [f["id"] for f in api_client.get(content.url).json()["features"]] == [proposal.pk]


def test_every_round_with_something_to_show_has_its_layer(budget_round, make_project, make_voter):
    """Issue 18, item 8: next year's round must not hide this year's vote or last year's winners."""
    from .conftest import make_round

    winner = make_project(title="Voittaja 2025")
    voting.ballot_cast(voter=make_voter(), round=budget_round, area=suurpiiri("1"), project_ids=[winner.pk], today=VOTING_DAY)
    set_phase(budget_round, "results")
    voting_round = set_phase(make_round(2026), "voting")
    services.allocation_compute(round=voting_round)
    make_project(title="Äänestettävä", round=voting_round)
    set_phase(make_round(2027), "proposals")  # nothing to show yet

    budget_keys = [key for key in layers_by_key() if key.startswith("budget-")]
    assert budget_keys == ["budget-projects-2026", "budget-winners-2025"]
    layers = layers_by_key()
    assert str(layers["budget-projects-2026"].label) == "Budget projects 2026"
    assert str(layers["budget-winners-2025"].label) == "Winning budget projects 2025"
