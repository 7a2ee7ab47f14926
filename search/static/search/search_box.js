/* The search box as an ARIA combobox (WAI-ARIA 1.2, list autocomplete): as the
 * person types, suggestions come from /api/v1/search/; Up and Down move through
 * them, Enter picks one, Escape closes the list (a second Escape empties the
 * field). The number of suggestions is announced in a live region.
 *
 * A pick is first offered to the page as a cancelable "geo:search-select" event
 * on document (the near-me page looks the point up and cancels it). Otherwise,
 * on a page with a map, the map moves there and the box shows what is there:
 * the hit's page, the areas at its point, its luotsi, the nearest items and a
 * link to the near-me page there; on a page without a map the browser goes to
 * the hit's page. Without this script
 * the box is a plain GET form to the results page. DOM nodes only, never HTML
 * from data. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search-box]");
  if (!form) return;
  var config = JSON.parse(document.getElementById("search-config").textContent);
  var input = form.querySelector("input[name=q]");
  var list = document.getElementById(input.id + "-listbox");
  var status = form.querySelector("[data-search-status]");
  var chosen = form.querySelector("[data-search-chosen]");
  var MIN_LENGTH = 2;
  var DELAY_MS = 200;
  var hits = [];
  var active = -1;
  var controller = null;
  var timer = null;
  var marker = null;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function link(href, text) {
    var a = element("a", null, text);
    a.href = href;
    return a;
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    highlight(-1);
  }

  function open() {
    if (!hits.length) return;
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    for (var i = 0; i < options.length; i++) options[i].setAttribute("aria-selected", i === index ? "true" : "false");
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render() {
    list.textContent = "";
    hits.forEach(function (hit, i) {
      var option = element("li", "search-box__option");
      option.id = list.id + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-kind", hit.kind);
      option.appendChild(element("span", "search-box__name", hit.name));
      option.appendChild(element("span", "search-box__detail", (config.kinds[hit.kind] || hit.kind) + " · " + hit.detail));
      // Keep the focus in the field: a click picks without blurring it.
      option.addEventListener("mousedown", function (event) { event.preventDefault(); });
      option.addEventListener("click", function () { choose(i); });
      list.appendChild(option);
    });
    if (!hits.length) status.textContent = config.messages.none;
    else if (hits.length === 1) status.textContent = config.messages.one;
    else status.textContent = config.messages.count.replace("{count}", hits.length);
    active = -1;
    if (hits.length) open(); else close();
  }

  function suggest() {
    var q = input.value.trim();
    if (controller) controller.abort();
    if (q.length < MIN_LENGTH) {
      hits = [];
      list.textContent = "";
      status.textContent = "";
      close();
      return;
    }
    controller = new AbortController();
    fetch(config.api + "?" + new URLSearchParams({ q: q }), {
      headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang },
      signal: controller.signal,
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (body) {
        hits = body.results;
        render();
      })
      .catch(function (error) {
        if (error.name !== "AbortError") status.textContent = config.messages.failed;
      });
  }

  function firstMap() {
    var maps = window.geoMap ? window.geoMap.maps : {};
    var ids = Object.keys(maps);
    return ids.length ? maps[ids[0]].map : null;
  }

  function nearUrl(hit) {
    var c = hit.point.coordinates;
    return config.nearMe + "?" + new URLSearchParams({ lat: c[1].toFixed(6), lon: c[0].toFixed(6) });
  }

  function showAreas(box, hit) {
    var part = element("div", "search-box__areas-part");
    box.appendChild(part);
    fetchJson(config.lookup + pointQuery(hit)).then(function (body) {
      if (!body.areas.length) return;
      part.appendChild(element("h3", "search-box__areas-title", config.messages.areas));
      var areas = element("ul", "search-box__areas");
      body.areas.forEach(function (area) {
        var item = element("li");
        item.setAttribute("data-division", area.division);
        var href = config.areaUrl.replace("{division}", encodeURIComponent(area.division))
          .replace("{code}", encodeURIComponent(area.code));
        item.appendChild(link(href, area["name_" + document.documentElement.lang] || area.name));
        item.appendChild(element("span", "muted", " " + (config.divisions[area.division] || area.division)));
        areas.appendChild(item);
      });
      part.appendChild(areas);
    }).catch(function () { /* the hit's own links remain */ });
  }

  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/json", "Accept-Language": document.documentElement.lang } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      });
  }

  function pointQuery(hit) {
    var c = hit.point.coordinates;
    return "?" + new URLSearchParams({ lat: c[1].toFixed(6), lon: c[0].toFixed(6) });
  }

  // The stadiluotsi and yritysluotsi of the point: their names and roles (the near-me page has the cards).
  function showLuotsit(box, hit) {
    var part = element("div", "search-box__luotsit");
    box.appendChild(part);
    fetchJson(config.luotsiLookup + pointQuery(hit)).then(function (body) {
      var names = [];
      ["stadiluotsi", "yritysluotsi"].forEach(function (role) {
        if (!body[role]) return;
        body[role].luotsit.forEach(function (luotsi) { names.push(luotsi.role_label + ": " + luotsi.name); });
      });
      if (!names.length) return;
      part.appendChild(element("h3", null, config.messages.luotsi));
      var list = element("ul");
      names.forEach(function (name) { list.appendChild(element("li", null, name)); });
      part.appendChild(list);
    }).catch(function () { /* the near-me link shows them */ });
  }

  // The nearest pending cases, spaces and projects, rendered by the server in the page's language.
  function showNearby(box, hit) {
    var part = element("div", "search-box__nearby");
    part.setAttribute("data-search-nearby", "");
    box.appendChild(part);
    fetch(config.nearby + pointQuery(hit), { headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) { part.innerHTML = html; })
      .catch(function () { /* the near-me link shows them */ });
  }

  function showOnMap(map, hit) {
    var c = hit.point.coordinates;
    var latlng = L.latLng(c[1], c[0]);
    if (hit.bbox) map.fitBounds([[hit.bbox[1], hit.bbox[0]], [hit.bbox[3], hit.bbox[2]]], { maxZoom: 16 });
    else map.setView(latlng, 16);
    if (marker) marker.setLatLng(latlng).options.title = hit.name;
    else marker = L.marker(latlng, { title: hit.name, alt: hit.name, keyboard: false }).addTo(map);
    chosen.textContent = "";
    chosen.appendChild(element("h2", "search-box__chosen-title", config.messages.chosen.replace("{name}", hit.name)));
    var links = element("ul", "search-box__links");
    var own = element("li");
    own.appendChild(link(hit.url, hit.name + " – " + config.messages.open));
    links.appendChild(own);
    var near = element("li");
    near.appendChild(link(nearUrl(hit), config.messages.near));
    links.appendChild(near);
    chosen.appendChild(links);
    chosen.hidden = false;
    showAreas(chosen, hit);
    showLuotsit(chosen, hit);
    showNearby(chosen, hit);
  }

  function choose(index) {
    var hit = hits[index];
    close();
    input.value = hit.name;
    var event = new CustomEvent("geo:search-select", { detail: hit, cancelable: true });
    if (!document.dispatchEvent(event)) {
      status.textContent = config.messages.chosen.replace("{name}", hit.name);
      return;
    }
    var map = firstMap();
    if (map && hit.point) showOnMap(map, hit);
    else window.location.href = hit.url;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, DELAY_MS);
  });
  input.addEventListener("blur", function () { close(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!hits.length) return;
      open();
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = active < 0 ? (step > 0 ? 0 : hits.length - 1) : (active + step + hits.length) % hits.length;
      highlight(next);
    } else if (event.key === "Enter") {
      // With a suggestion chosen it is picked; otherwise the form goes to the results page.
      if (!list.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      }
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      } else if (input.value) {
        event.preventDefault();
        input.value = "";
        hits = [];
        status.textContent = "";
      }
    }
  });
})();
