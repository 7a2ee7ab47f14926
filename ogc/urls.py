"""/ogc/ (OGC API – Features), /tiles/ (vector tiles), /exports/ (downloads)."""

from django.urls import path, re_path

from . import exports, tiles, views

app_name = "ogc"

urlpatterns = [
    path("ogc/", views.landing, name="landing"),
    path("ogc/conformance", views.conformance, name="conformance"),
    path("ogc/api", views.api_definition, name="api"),
    path("ogc/collections", views.collections, name="collections"),
    path("ogc/collections/<str:collection_id>", views.collection, name="collection"),
    path("ogc/collections/<str:collection_id>/queryables", views.queryables, name="queryables"),
    path("ogc/collections/<str:collection_id>/items", views.items, name="items"),
    path("ogc/collections/<str:collection_id>/items/<str:feature_id>", views.item, name="item"),
    re_path(r"^tiles/(?P<layer>[^/]+)\.json$", tiles.tilejson, name="tilejson"),
    re_path(r"^tiles/(?P<layer>[^/]+)/(?P<z>[^/]+)/(?P<x>[^/]+)/(?P<y>[^/]+)\.mvt$", tiles.tile, name="tile"),
    re_path(r"^exports/(?P<layer>[^/]+)\.(?P<fmt>geojson|csv|gpkg)$", exports.export, name="export"),
]
