/* Resident areas: draw the area with Leaflet-Geoman into the form's hidden GeoJSON
 * field (#draw-map), and show a previewed area (#preview-map). Without this
 * script the form still works: upload a file or pick official areas. */
(function () {
  "use strict";
  var CENTRE = [60.2055, 24.99];
  var STYLE = { color: "#8a4b00", weight: 3, fillOpacity: 0.15 };
  var OUTLINE = { color: "#0000bf", weight: 1, fill: false };

  function baseMap(box) {
    box.hidden = false;
    var map = L.map(box, { center: CENTRE, zoom: 11, minZoom: 8, maxZoom: 19 });
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution || "" }).addTo(map);
    }
    return map;
  }

  // data-ready="true" once the map has stopped settling (tests and people wait for it).
  function ready(box) { box.dataset.ready = "true"; }

  function outlines(map, box, fit) {
    var url = box.dataset.outlines;
    if (!url) { ready(box); return; }
    fetch(url, { headers: { Accept: "application/geo+json, application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var layer = L.geoJSON(data, { pmIgnore: true, interactive: false, style: OUTLINE }).addTo(map);
        layer.bringToBack();
        if (fit() && layer.getLayers().length) map.fitBounds(layer.getBounds(), { animate: false });
      })
      .catch(function () { /* the outlines only help: drawing works without them */ })
      .then(function () { ready(box); });
  }

  function drawMap(box) {
    var field = document.getElementById(box.dataset.field);
    var choice = document.getElementById(box.dataset.choice);
    var map = baseMap(box);
    var drawn = L.featureGroup().addTo(map);
    map.pm.setLang(document.documentElement.lang || "fi");
    map.pm.addControls({
      position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawCircle: false,
      drawText: false, cutPolygon: false, rotateMode: false, dragMode: false, drawRectangle: true,
      drawPolygon: true, editMode: true, removalMode: true
    });
    // Geoman titles the box around each tool's link; screen readers need the link itself named.
    box.querySelectorAll(".leaflet-pm-toolbar .button-container[title]").forEach(function (tool) {
      var link = tool.querySelector("a");
      if (link) link.setAttribute("aria-label", tool.getAttribute("title"));
    });
    function save() {
      var collection = drawn.toGeoJSON();
      field.value = collection.features.length ? JSON.stringify(collection) : "";
      if (field.value && choice) choice.checked = true;
    }
    function keep(layer) {
      layer.setStyle(STYLE);
      drawn.addLayer(layer);
      layer.on("pm:edit", save);
    }
    map.on("pm:create", function (event) { keep(event.layer); save(); });
    map.on("pm:remove", function (event) { drawn.removeLayer(event.layer); save(); });
    if (field.value) {
      try {
        L.geoJSON(JSON.parse(field.value)).eachLayer(keep);
        if (drawn.getLayers().length) map.fitBounds(drawn.getBounds());
      } catch (error) {
        field.value = "";  // unreadable: the server says so beside the map
      }
    }
    outlines(map, box, function () { return !drawn.getLayers().length; });
  }

  function previewMap(box) {
    var map = baseMap(box);
    var shape = L.geoJSON(JSON.parse(box.dataset.geojson), { style: STYLE }).addTo(map);
    map.fitBounds(shape.getBounds());
    ready(box);
  }

  if (!window.L) return;
  var draw = document.getElementById("draw-map");
  if (draw && L.PM) drawMap(draw);
  var preview = document.getElementById("preview-map");
  if (preview) previewMap(preview);
})();
