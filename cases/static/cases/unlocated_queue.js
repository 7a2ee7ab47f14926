// The unlocated-cases queue: one click on the map places the case shown beside it
// (the form posts lon/lat; without this script the address field still works).
window.addEventListener("map:init", function (event) {
  var map = event.detail.map;
  var form = document.getElementById("place-form");
  if (!form || map.getContainer().id !== "queue-map") {
    return;
  }
  map.getContainer().style.height = "28rem";
  map.invalidateSize();
  map.on("click", function (click) {
    L.marker(click.latlng).addTo(map);
    form.querySelector("input[name=lon]").value = click.latlng.lng.toFixed(7);
    form.querySelector("input[name=lat]").value = click.latlng.lat.toFixed(7);
    form.querySelector("input[name=address]").value = "";
    form.submit();
  });
});
