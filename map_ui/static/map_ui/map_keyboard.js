/* Keyboard use of the map's markers (WCAG 2.1.1 keyboard, 2.4.3 focus order).
 *
 * - A cluster bubble (Leaflet.markercluster) is a button with a spoken label:
 *   Tab reaches it; Enter or Space opens it as a click does (zooms in, or
 *   spreads its markers at the closest zoom), then the focus goes back to the
 *   map so that Tab continues to the markers now shown.
 * - A marker opens its popup with Enter or Space. A popup opened from the
 *   keyboard takes the focus; Escape closes it and the focus returns to its
 *   marker.
 *
 * The list below each map stays the full alternative. Hooked on map.js's
 * "geo:map-attached" event; nothing here reads or writes map.js's internals. */
(function () {
  "use strict";
  var ACTIVATE = { Enter: true, " ": true, Spacebar: true };

  function labelCluster(cluster, message) {
    var icon = cluster.getElement && cluster.getElement();
    if (!icon) return;
    icon.setAttribute("tabindex", "0");
    icon.setAttribute("role", "button");
    icon.setAttribute("aria-label", message.replace("{count}", cluster.getChildCount()));
  }

  function attach(map, config) {
    var container = map.getContainer();
    var message = (config.messages && config.messages.cluster) || "{count}";
    var opener = null;
    var keyboardPopup = null;

    function isCluster(layer) { return L.MarkerCluster && layer instanceof L.MarkerCluster; }
    map.on("layeradd", function (event) {
      if (isCluster(event.layer)) labelCluster(event.layer, message);
    });
    // A bubble keeps its element when its count changes: say the count after every move.
    map.on("zoomend moveend", function () {
      map.eachLayer(function (layer) { if (isCluster(layer)) labelCluster(layer, message); });
    });

    // Capture: before Leaflet's own keypress handling, which knows Enter only.
    container.addEventListener("keydown", function (event) {
      if (!ACTIVATE[event.key]) return;
      var icon = event.target.closest && event.target.closest(".leaflet-marker-icon");
      if (!icon || !container.contains(icon)) return;
      event.preventDefault();
      var isCluster = icon.classList.contains("marker-cluster");
      opener = isCluster ? null : icon;
      icon.click();
      if (isCluster) container.focus();
    }, true);

    map.on("popupopen", function (event) {
      if (!opener) return;
      keyboardPopup = { popup: event.popup, opener: opener };
      opener = null;
      var content = event.popup.getElement().querySelector(".leaflet-popup-content");
      content.setAttribute("tabindex", "-1");
      content.focus();
    });

    container.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || !keyboardPopup) return;
      var element = keyboardPopup.popup.getElement();
      if (!element || !element.contains(event.target)) return;
      event.preventDefault();
      event.stopPropagation();
      map.closePopup(keyboardPopup.popup);
    }, true);

    map.on("popupclose", function (event) {
      if (!keyboardPopup || keyboardPopup.popup !== event.popup) return;
      var back = keyboardPopup.opener;
      keyboardPopup = null;
      // Back to the marker, unless the person has moved on elsewhere.
      var focus = document.activeElement;
      if (document.body.contains(back) && (!focus || focus === document.body || container.contains(focus))) back.focus();
    });
  }

  document.addEventListener("geo:map-attached", function (event) {
    attach(event.detail.map, event.detail.config);
  });
})();
