/* The place of a form from a click on its map: the click fills the form's latitude and
 * longitude fields (which work typed by hand too) and shows a marker there. Used by the
 * feedback and initiative forms: the map is the one inside the form [data-place-form]. */
(function () {
  "use strict";
  document.querySelectorAll("[data-place-form]").forEach(function (form) {
    var element = form.querySelector(".geo-map");
    var lat = form.querySelector("input[name=lat]");
    var lon = form.querySelector("input[name=lon]");
    if (!element || !lat || !lon || !window.geoMap || !window.geoMap.maps[element.id]) return;
    var map = window.geoMap.maps[element.id].map;
    var marker = null;

    function show(latlng) {
      if (marker) marker.setLatLng(latlng);
      else marker = L.marker(latlng, { title: element.getAttribute("data-marker-title") || "", keyboard: false }).addTo(map);
    }

    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      show(event.latlng);
      lat.dispatchEvent(new Event("change", { bubbles: true }));
    });
    // A point typed or kept from a round trip with errors is shown too.
    function typed() {
      var y = parseFloat(lat.value), x = parseFloat(lon.value);
      if (isFinite(y) && isFinite(x)) show(L.latLng(y, x));
    }
    lat.addEventListener("input", typed);
    lon.addEventListener("input", typed);
    typed();
  });
})();
