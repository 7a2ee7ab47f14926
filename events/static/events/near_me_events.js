/* "What is near me": the upcoming events nearest to the chosen point. Listens
 * for map_ui's "geo:lookup" event and asks the events API (near, radius, the
 * next 30 days) in the page's language; every text goes in as text, never HTML. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("near-me-events-config").textContent);
  var content = document.getElementById("near-me-events").querySelector("[data-panel-content]");
  var when = new Intl.DateTimeFormat(config.language, { dateStyle: "medium", timeStyle: "short" });
  var controller = null;

  function say(text) {
    content.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    content.appendChild(p);
  }

  function show(features) {
    if (!features.length) {
      say(config.messages.none);
      return;
    }
    content.textContent = "";
    var list = document.createElement("ul");
    features.forEach(function (feature) {
      var props = feature.properties;
      var item = document.createElement("li");
      var name = document.createElement("strong");
      if (/^https?:\/\//.test(props.info_url || "")) {
        var link = document.createElement("a");
        link.href = props.info_url;
        link.rel = "noopener";
        link.textContent = props.name;
        name.appendChild(link);
      } else {
        name.textContent = props.name;
      }
      item.appendChild(name);
      var time = document.createElement("time");
      time.dateTime = props.start_time;
      time.textContent = when.format(new Date(props.start_time));
      item.appendChild(document.createTextNode(" · "));
      item.appendChild(time);
      if (props.space_name) item.appendChild(document.createTextNode(" · " + props.space_name));
      list.appendChild(item);
    });
    content.appendChild(list);
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
    var query = new URLSearchParams({
      near: c[1].toFixed(6) + "," + c[0].toFixed(6),
      radius: config.radius,
      upcoming_days: config.days,
      page_size: config.limit,
    });
    fetch(config.apiUrl + "?" + query, {
      headers: { Accept: "application/geo+json, application/json", "Accept-Language": config.language },
      signal: controller.signal,
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (page) { show(page.features || []); })
      .catch(function (error) {
        if (error.name !== "AbortError") say(config.messages.failed);
      });
  });
})();
