/* "What is near me": the stadiluotsi and yritysluotsi of the chosen point, from
 * /api/v1/luotsit/lookup/. Listens for map_ui's "geo:lookup" event; builds the
 * cards from DOM nodes (never HTML from data). The API gives only the contact
 * details the luotsi has allowed to be published. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("near-me-luotsi-config").textContent);
  var panel = document.getElementById("near-me-luotsi");
  var content = panel.querySelector("[data-panel-content]");
  var controller = null;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function say(text) {
    content.textContent = "";
    content.appendChild(element("p", null, text));
  }

  function localised(object, name) {
    var value = object[name + "_" + config.language];
    return value ? value : object[name];
  }

  function contactRow(list, label, text, href) {
    list.appendChild(element("dt", null, label));
    var dd = element("dd");
    var link = element("a", null, text);
    link.href = href;
    dd.appendChild(link);
    list.appendChild(dd);
  }

  function card(luotsi, match) {
    var item = element("li", "luotsi-card");
    item.setAttribute("data-role", luotsi.role);
    item.appendChild(element("h3", null, luotsi.name));
    var title = localised(luotsi, "title");
    var sameAsRole = title && title.toLowerCase() === String(luotsi.role_label).toLowerCase();
    item.appendChild(element("p", null, luotsi.role_label + (title && !sameAsRole ? " · " + title : "")));
    var list = element("dl", "detail-list");
    if (luotsi.email) contactRow(list, config.messages.email, luotsi.email, "mailto:" + luotsi.email);
    if (luotsi.phone) contactRow(list, config.messages.phone, luotsi.phone, "tel:" + luotsi.phone.replace(/\s/g, ""));
    if (luotsi.languages && luotsi.languages.length) {
      list.appendChild(element("dt", null, config.messages.languages));
      list.appendChild(element("dd", null, luotsi.languages.map(function (code) {
        return config.languageNames[code] || code;
      }).join(", ")));
    }
    item.appendChild(list);
    if (match.area) {
      item.appendChild(element("p", "muted", config.messages.servesArea.replace("{area}", localised(match.area, "name"))));
    }
    return item;
  }

  function show(body) {
    content.textContent = "";
    var cards = element("ul", "luotsi-cards");
    ["stadiluotsi", "yritysluotsi"].forEach(function (role) {
      var match = body[role];
      if (!match) return;
      match.luotsit.forEach(function (luotsi) { cards.appendChild(card(luotsi, match)); });
    });
    if (cards.children.length) content.appendChild(cards);
    else say(body.message || config.messages.none);
  }

  say(config.messages.choose);
  document.getElementById("near-me-results").addEventListener("geo:lookup", function (event) {
    var body = event.detail;
    if (controller) controller.abort();
    if (!body.inside_helsinki) {
      say(body.message || config.messages.none);
      return;
    }
    controller = new AbortController();
    say(config.messages.looking);
    var lon = body.point.coordinates[0];
    var lat = body.point.coordinates[1];
    var url = config.lookupUrl + "?lat=" + lat.toFixed(6) + "&lon=" + lon.toFixed(6);
    fetch(url, { headers: { Accept: "application/json", "Accept-Language": config.language }, signal: controller.signal })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(show)
      .catch(function (error) {
        if (error.name !== "AbortError") say(config.messages.failed);
      });
  });
})();
