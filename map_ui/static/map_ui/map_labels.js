/* Area names on the map (map_ui/area_labels.py): each division's names in its
 * zoom band, in the page's language, at a point inside each area. A name that
 * would cover one already placed is hidden; larger areas come first in the
 * API's answer, so they keep theirs. Each name is a permanent Leaflet tooltip
 * of its own (no marker: the map's markers stay the items'). Text only through
 * textContent. */
(function () {
  "use strict";

  function nameIn(feature, language) {
    var props = feature.properties || {};
    return props["name_" + language] || props.name_fi || props.name;
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function attach(map, config) {
    map.createPane("areaLabels");
    // Above the areas and markers' shadows, under the markers and popups; clicks go through.
    map.getPane("areaLabels").style.zIndex = 550;
    map.getPane("areaLabels").style.pointerEvents = "none";
    var labels = [];

    function place() {
      var zoom = map.getZoom();
      var frame = map.getContainer().getBoundingClientRect();
      var placed = [];
      labels.forEach(function (label) {
        var inBand = zoom >= label.band.minZoom && zoom <= label.band.maxZoom;
        var shown = inBand && map.getBounds().contains(label.tooltip.getLatLng());
        if (shown && !map.hasLayer(label.tooltip)) label.tooltip.addTo(map);
        if (!shown) {
          if (map.hasLayer(label.tooltip)) map.removeLayer(label.tooltip);
          return;
        }
        var element = label.tooltip.getElement();
        element.classList.remove("area-label--hidden");
        var box = element.getBoundingClientRect();
        // A name cut by the map's edge is not written; nor one that would cover another.
        var whole = box.left >= frame.left && box.right <= frame.right && box.top >= frame.top && box.bottom <= frame.bottom;
        var free = whole && placed.every(function (other) { return !overlaps(box, other); });
        if (free) placed.push(box);
        else element.classList.add("area-label--hidden");
      });
      map.getContainer().setAttribute("data-labels-zoom", String(zoom));
    }

    fetch(config.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var bands = {};
        config.bands.forEach(function (band) { bands[band.division] = band; });
        (data.features || []).forEach(function (feature) {
          var band = bands[feature.properties.division];
          if (!band) return;
          var text = document.createElement("span");
          text.textContent = nameIn(feature, config.language);
          text.setAttribute("lang", config.language);
          var c = feature.geometry.coordinates;
          var tooltip = L.tooltip({
            permanent: true,
            direction: "center",
            interactive: false,
            pane: "areaLabels",
            className: "area-label area-label--" + band.division,
          });
          labels.push({ band: band, tooltip: tooltip.setLatLng([c[1], c[0]]).setContent(text) });
        });
        map.on("zoomend moveend", place);
        place();
      })
      .catch(function () {
        // Names are an aid: the map and the area lists below it work without them.
      });
  }

  window.geoMapLabels = { attach: attach };
})();
