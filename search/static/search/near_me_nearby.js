/* "What is near me": the nearest pending cases, city spaces and budget projects
 * of the chosen point. Listens for map_ui's "geo:lookup" event and inserts the
 * list the server renders in the page's language (/lahella/kohteet/: distances
 * as the page writes numbers; every text in it escaped by Django's templates). */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("near-me-nearby-config").textContent);
  var content = document.getElementById("near-me-nearby").querySelector("[data-panel-content]");
  var controller = null;

  function say(text) {
    content.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    content.appendChild(p);
  }

  say(config.messages.choose);
  document.getElementById("near-me-results").addEventListener("geo:lookup", function (event) {
    var body = event.detail;
    if (controller) controller.abort();
    if (!body.inside_helsinki) {
      say(body.message || config.messages.choose);
      return;
    }
    controller = new AbortController();
    say(config.messages.looking);
    var c = body.point.coordinates;
    var url = config.fragmentUrl + "?" + new URLSearchParams({ lat: c[1].toFixed(6), lon: c[0].toFixed(6) });
    fetch(url, { headers: { Accept: "text/html" }, signal: controller.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) { content.innerHTML = html; })
      .catch(function (error) {
        if (error.name !== "AbortError") say(config.messages.failed);
      });
  });
})();
