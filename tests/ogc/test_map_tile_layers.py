"""The city map's tiled layers ask their tiles for what the page reads and no more."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import mapbox_vector_tile
import pytest
from django.utils import translation

from map_ui.layers import layer_registry
from ogc.registry import collection_registry

pytestmark = pytest.mark.usefixtures("ogc_world")

# The layers of Helsinki's thousands (cases, spaces) and the initiatives.
TILED = {"cases", "spaces", "initiatives"}


def tiled_layers():
    return [layer for layer in layer_registry.layers() if layer.tiles]


def tile_query(config: dict) -> dict:
    return {name: values[0] for name, values in parse_qs(urlsplit(config["tiles"]).query).items()}


def test_the_large_layers_have_tiles():
    assert {layer.key for layer in tiled_layers()} >= TILED


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_property_the_page_reads_is_in_the_tiles(language):
    """Title, status, popup fields and the detail link's placeholders: each is a published
    property of the layer's collection (through `tile_properties`), or the feature id."""
    with translation.override(language):
        for layer in tiled_layers():
            published = set(collection_registry.get(layer.tiles).properties)
            asked = set(tile_query(layer.to_config())["properties"].split(","))
            for name in layer.read_properties():
                source = layer.tile_properties.get(name, name)
                assert source == "id" or source in asked, (layer.key, name)
            assert asked <= published


def test_the_case_layer_asks_for_its_popup_and_not_for_the_rest():
    layer = next(layer for layer in tiled_layers() if layer.key == "cases")
    with translation.override("sv"):
        query = tile_query(layer.to_config())
    # display_title -> title (and title_sv), status, the popup's case_id and sector, the link's ahjo_id.
    assert query["properties"] == "case_id,ahjo_id,title,title_sv,status,sector"
    assert query["status"] == "pending"


def test_a_tile_as_the_map_asks_for_it_is_smaller_and_has_what_the_popup_reads(client):
    layer = next(layer for layer in tiled_layers() if layer.key == "cases")
    with translation.override("en"):
        config = layer.to_config()
    url = config["tiles"].replace("{z}/{x}/{y}", "12/2331/1185")
    slim, full = client.get(url), client.get(url.split("?")[0], {"status": "pending"})
    features = mapbox_vector_tile.decode(slim.content)["cases"]["features"]
    assert features and all(set(f["properties"]) <= {"case_id", "ahjo_id", "title", "status", "sector"} for f in features)
    assert all({"case_id", "ahjo_id", "title", "status"} <= set(f["properties"]) for f in features)
    assert len(slim.content) < len(full.content)


def test_the_count_comes_from_a_one_feature_page(client):
    for layer in tiled_layers():
        config = layer.to_config()
        query = parse_qs(urlsplit(config["countUrl"]).query)
        assert query["page_size"] == ["1"]
        assert urlsplit(config["countUrl"]).path == urlsplit(config["url"]).path
        response = client.get(config["countUrl"])
        assert response.status_code == 200 and len(response.json()["features"]) <= 1
        assert response.json()["count"] == client.get(config["url"]).json()["count"]
