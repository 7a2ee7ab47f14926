/* Similar initiatives (answered ones marked) as the title is typed: asks the API's duplicate check
 * (/api/v1/initiatives/similar/) and lists what it finds where the plain form's
 * "check for similar" button would have. The button keeps working without this. */
(function () {
  "use strict";
  var box = document.querySelector("[data-similar-check]");
  if (!box) return;
  var form = box.closest("form");
  var title = form.querySelector("input[name=title]");
  var results = box.querySelector("[data-similar-results]");
  var timer = null;
  var controller = null;

  function pageUrl(id) { return box.getAttribute("data-page").replace(/\/0\/$/, "/" + id + "/"); }

  function show(features) {
    results.textContent = "";
    var intro = document.createElement("p");
    if (!features.length) {
      intro.textContent = box.getAttribute("data-none");
      results.appendChild(intro);
      return;
    }
    intro.textContent = box.getAttribute("data-heading");
    results.appendChild(intro);
    var list = document.createElement("ul");
    list.className = "similar-list";
    list.setAttribute("data-similar", "");
    features.forEach(function (feature) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = pageUrl(feature.id);
      link.textContent = feature.properties.title;
      item.appendChild(link);
      if (feature.properties.similar_action === "read_answer") {
        var answered = document.createElement("span");
        answered.setAttribute("data-read-answer", "");
        answered.textContent = " (" + box.getAttribute("data-answered") + ")";
        item.appendChild(answered);
      }
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  function check() {
    var text = title.value.trim();
    if (text.length < 3) { results.textContent = ""; return; }
    var params = new URLSearchParams({ title: text });
    var lat = form.querySelector("input[name=lat]").value, lon = form.querySelector("input[name=lon]").value;
    if (lat && lon) { params.set("lat", lat); params.set("lon", lon); }
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(box.getAttribute("data-api") + "?" + params.toString(), {
      headers: { Accept: "application/json" }, signal: controller.signal, credentials: "same-origin"
    })
      .then(function (response) {
        // A refusal (e.g. a title of common words only, no place: 400) leaves no stale list behind.
        if (!response.ok) { results.textContent = ""; throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (body) { show(Array.isArray(body) ? body : (body.features || [])); })
      .catch(function () { /* the button still checks */ });
  }

  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
})();
