import pytest
from django.utils import translation

from map_ui.layers import Layer, LayerRegistry, LayerStyle, page_url_template


def test_detail_url_template_in_each_language():
    template = page_url_template("map_ui:area", division="division", code="code")
    with translation.override("fi"):
        assert template() == "/alue/{division}/{code}/"
    with translation.override("sv"):
        assert template() == "/sv/alue/{division}/{code}/"


def test_keys_are_unique():
    registry = LayerRegistry()
    registry.register(Layer(key="a", label="A", url="/a/"))
    with pytest.raises(ValueError, match="already registered"):
        registry.register(Layer(key="a", label="A again", url="/a/"))
    registry.register_provider("p", lambda: [Layer(key="a", label="From a provider", url="/b/")])
    with pytest.raises(ValueError, match="not unique"):
        registry.layers()


def test_order_and_providers():
    registry = LayerRegistry()
    registry.register(Layer(key="late", label="Late", url="/late/", order=50))
    registry.register_provider("p", lambda: [Layer(key="early", label="Early", url="/early/", order=5)])
    assert [layer.key for layer in registry.layers()] == ["early", "late"]


def test_only_point_layers_cluster():
    with pytest.raises(ValueError, match="only point layers"):
        Layer(key="x", label="X", url="/x/", kind=Layer.AREA, cluster=True)


def test_config_for_the_page():
    layer = Layer(key="x", label="X", url="/x/", kind=Layer.POINT, bbox=True, style=LayerStyle(color="#000", dash_array="2 2"))
    config = layer.to_config()
    assert config["bbox"] is True and config["style"]["dashArray"] == "2 2" and config["kind"] == "point"
