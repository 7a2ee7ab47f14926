/* Proposing: a click on the map sets the form's hidden lat/lon and shows the
 * budget area of the point (/api/v1/lookup/). Without this script the address
 * field places the proposal. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("propose-config").textContent);
  var map = window.geoMap.maps[config.map].map;
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  var status = document.getElementById("place-status");
  var marker = null;
  var controller = null;

  function place(latlng) {
    if (marker) marker.setLatLng(latlng);
    else marker = L.marker(latlng, { title: config.messages.chosen, keyboard: false }).addTo(map);
  }

  function lookup(latlng) {
    if (controller) controller.abort();
    controller = new AbortController();
    status.textContent = config.messages.looking;
    var url = config.lookupUrl + "?lat=" + latlng.lat.toFixed(6) + "&lon=" + latlng.lng.toFixed(6);
    fetch(url, { headers: { Accept: "application/json" }, signal: controller.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (body) {
        var area = (body.areas || []).filter(function (a) { return a.division === config.division; })[0];
        if (!body.inside_helsinki || !area) {
          status.textContent = config.messages.outside;
          return;
        }
        var name = area["name_" + config.language] || area.name;
        var into = config.mergedInto[area.code];
        status.textContent = into
          ? config.messages.merged.replace("{area}", name).replace("{into}", into)
          : config.messages.area.replace("{area}", name);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") status.textContent = config.messages.failed;
      });
  }

  map.on("click", function (event) {
    lat.value = event.latlng.lat.toFixed(6);
    lon.value = event.latlng.lng.toFixed(6);
    place(event.latlng);
    lookup(event.latlng);
  });

  // A point kept from an earlier submission (an error, or a draft) is shown again.
  if (lat.value && lon.value) {
    var kept = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
    place(kept);
    lookup(kept);
  }
})();
