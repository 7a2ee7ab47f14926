/* The plain background of a map without tiles (map_ui/maps.py PlainBackground):
 * the city's land (the API's land layer) in a light fill under everything, on the
 * water colour of the map element (map.css .geo-map--plain). */
(function () {
  "use strict";

  function attach(map, config) {
    map.createPane("land");
    // Under the areas (overlayPane, 400), where tiles would be (tilePane, 200).
    map.getPane("land").style.zIndex = 250;
    fetch(config.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (land) {
        L.geoJSON(land, {
          pane: "land",
          interactive: false,
          style: { stroke: false, fillColor: config.color, fillOpacity: 1 },
        }).addTo(map);
        map.getContainer().setAttribute("data-land", "true");
      })
      .catch(function () {
        // Without the land the map is all water colour; its areas still show.
      });
  }

  window.geoMapLand = { attach: attach };
})();
