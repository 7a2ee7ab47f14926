/* "What is near me": a point from the browser's location, a click on the map or
 * the map's centre is looked up in /api/v1/lookup/ and its areas listed. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("near-me-config").textContent);
  var map = window.geoMap.maps[config.map].map;
  var results = document.getElementById("near-me-results");
  var status = results.querySelector("[data-status]");
  var list = results.querySelector("[data-results]");
  var marker = null;
  var controller = null;

  function areaUrl(area) {
    return config.areaUrl
      .replace("{division}", encodeURIComponent(area.division))
      .replace("{code}", encodeURIComponent(area.code));
  }

  function show(body) {
    list.textContent = "";
    if (!body.inside_helsinki) {
      status.textContent = body.message;
    } else {
      var lat = body.point.coordinates[1].toFixed(5);
      var lon = body.point.coordinates[0].toFixed(5);
      status.textContent = config.messages.point.replace("{lat}", lat).replace("{lon}", lon);
      body.areas.forEach(function (area) {
        var item = document.createElement("li");
        item.setAttribute("data-division", area.division);
        var link = document.createElement("a");
        link.href = areaUrl(area);
        link.textContent = area["name_" + config.language] || area.name;
        item.appendChild(link);
        var code = document.createElement("span");
        code.className = "muted";
        code.textContent = " " + (config.divisions[area.division] || area.division) + " " + area.code;
        item.appendChild(code);
        list.appendChild(item);
      });
    }
    results.dispatchEvent(new CustomEvent("geo:lookup", { detail: body }));
  }

  function lookup(latlng) {
    if (marker) marker.setLatLng(latlng);
    else marker = L.marker(latlng, { title: config.messages.chosen, keyboard: false }).addTo(map);
    if (controller) controller.abort();
    controller = new AbortController();
    status.textContent = config.messages.looking;
    var url = config.lookupUrl + "?lat=" + latlng.lat.toFixed(6) + "&lon=" + latlng.lng.toFixed(6);
    fetch(url, { headers: { Accept: "application/json" }, signal: controller.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(show)
      .catch(function (error) {
        if (error.name !== "AbortError") status.textContent = config.messages.failed;
      });
  }

  map.on("click", function (event) { lookup(event.latlng); });
  // A hit of the search box (search/search_box.js): the map moves there and the point is looked up.
  document.addEventListener("geo:search-select", function (event) {
    var hit = event.detail;
    if (!hit.point) return;
    event.preventDefault();
    var latlng = L.latLng(hit.point.coordinates[1], hit.point.coordinates[0]);
    if (hit.bbox) map.fitBounds([[hit.bbox[1], hit.bbox[0]], [hit.bbox[3], hit.bbox[2]]], { maxZoom: 16 });
    else map.setView(latlng, 16);
    lookup(latlng);
  });
  // A point in the address (?lat=&lon=, a search hit's "what is near here" link): looked up at once.
  var given = new URLSearchParams(window.location.search);
  var givenLat = parseFloat(given.get("lat"));
  var givenLon = parseFloat(given.get("lon"));
  if (isFinite(givenLat) && isFinite(givenLon)) {
    map.setView([givenLat, givenLon], 16);
    lookup(L.latLng(givenLat, givenLon));
  }
  document.getElementById("use-centre").addEventListener("click", function () { lookup(map.getCenter()); });
  var locate = document.getElementById("use-location");
  if (!("geolocation" in navigator)) locate.hidden = true;
  locate.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var latlng = L.latLng(position.coords.latitude, position.coords.longitude);
        map.setView(latlng, Math.max(map.getZoom(), 13));
        lookup(latlng);
      },
      function () { status.textContent = config.messages.noLocation; },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 60000 }
    );
  });
})();
