/* Area names on the map (map_ui/area_labels.py): each division's names in its
 * zoom band, in the page's language, at a point inside each area. A name that
 * would cover one already placed is hidden; larger areas come first in the
 * API's answer, so they keep theirs. Text only through textContent. */
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
      var placed = [];
      labels.forEach(function (label) {
        var inBand = zoom >= label.band.minZoom && zoom <= label.band.maxZoom;
        var shown = inBand && map.getBounds().contains(label.marker.getLatLng());
        if (shown && !map.hasLayer(label.marker)) label.marker.addTo(map);
        if (!shown) {
          if (map.hasLayer(label.marker)) map.removeLayer(label.marker);
          return;
        }
        var element = label.marker.getElement();
        element.classList.remove("area-label--hidden");
        var box = element.firstChild.getBoundingClientRect();
        var free = placed.every(function (other) { return !overlaps(box, other); });
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
          var icon = L.divIcon({ html: text, className: "area-label area-label--" + band.division, iconSize: null });
          var c = feature.geometry.coordinates;
          labels.push({
            band: band,
            marker: L.marker([c[1], c[0]], { icon: icon, pane: "areaLabels", interactive: false, keyboard: false }),
          });
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
