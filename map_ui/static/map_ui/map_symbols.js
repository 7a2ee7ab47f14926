/* The symbols of the map's point layers and the colour key of its choropleths,
 * shared by the markers (map.js) and the legend: a marker and its legend swatch
 * carry the same `layer-symbol--<shape>` class in the same colour (map.css).
 * Cluster bubbles take their layer's shape, and each clustered layer's bubbles
 * sit at their own small offset, so that with every layer on, a layer's bubble
 * does not hide another's at the same place. */
(function () {
  "use strict";

  var SHAPES = ["dot", "square", "diamond", "triangle", "star"];
  // Pixels from the cluster's point, by the layer's place among the clustered layers.
  var OFFSETS = [[0, 0], [14, -14], [-14, 14], [14, 14], [-14, -14]];

  function symbol(layer, text) {
    var shape = SHAPES.indexOf(layer.marker) === -1 ? "dot" : layer.marker;
    var span = document.createElement("span");
    span.className = "layer-symbol layer-symbol--" + shape;
    span.style.backgroundColor = layer.style.color;
    if (text !== undefined) {
      var label = document.createElement("span");
      label.className = "layer-symbol__count";
      label.textContent = String(text);
      span.appendChild(label);
    }
    return span;
  }

  function icon(layer) {
    return L.divIcon({ html: symbol(layer), className: "layer-marker", iconSize: L.point(20, 20) });
  }

  // An item placed on a whole area, not at an address: the layer's symbol, small,
  // inside a dashed ring of its colour (the legend's key shows the same).
  function areaIcon(layer) {
    var ring = document.createElement("span");
    ring.className = "layer-area-symbol";
    ring.style.borderColor = layer.style.color;
    ring.appendChild(symbol(layer));
    return L.divIcon({ html: ring, className: "layer-marker layer-area-marker", iconSize: L.point(28, 28) });
  }

  function clusterIcon(layer, place) {
    var offset = OFFSETS[place % OFFSETS.length];
    return function (cluster) {
      var count = cluster.getChildCount();
      var size = count < 10 ? 32 : count < 100 ? 38 : 44;
      return L.divIcon({
        html: symbol(layer, count),
        className: "marker-cluster layer-cluster",
        iconSize: L.point(size, size),
        iconAnchor: L.point(size / 2 - offset[0], size / 2 - offset[1]),
      });
    };
  }

  // The class of a value 1..max among `count` equal classes (0-based).
  function choroplethClass(value, max, count) {
    return Math.min(count - 1, Math.floor(((value - 1) / Math.max(max, 1)) * count));
  }

  // [{color, from, to}] for the classes that hold a value from 1 to max.
  function choroplethClasses(colors, max) {
    var n = colors.length;
    var classes = [];
    for (var k = 0; k < n && max > 0; k++) {
      var from = Math.ceil((k * max) / n) + 1;
      var to = k === n - 1 ? max : Math.ceil(((k + 1) * max) / n);
      if (from <= to) classes.push({ color: colors[k], from: from, to: to });
    }
    return classes;
  }

  // Fills the legend's key (`[data-choropleth-key]` in the layer's row) for the values drawn.
  function choroplethKey(row, layer, features, messages) {
    var key = row && row.querySelector("[data-choropleth-key]");
    if (!key || !layer.choropleth) return;
    var max = 0;
    features.forEach(function (f) {
      var v = Number((f.properties || {})[layer.choropleth.property]) || 0;
      if (v > max) max = v;
    });
    key.textContent = "";
    var rows = [{ color: null, text: messages.keyNone }].concat(
      choroplethClasses(layer.choropleth.colors, max).map(function (c) {
        return { color: c.color, text: c.from === c.to ? String(c.from) : c.from + "–" + c.to };
      })
    );
    rows.forEach(function (r) {
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "choropleth-key__swatch";
      swatch.setAttribute("aria-hidden", "true");
      if (r.color) {
        swatch.style.backgroundColor = r.color;
        item.setAttribute("data-color", r.color);
      }
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(r.text));
      key.appendChild(item);
    });
    key.hidden = false;
  }

  window.geoMapSymbols = {
    symbol: symbol,
    icon: icon,
    areaIcon: areaIcon,
    clusterIcon: clusterIcon,
    choroplethClass: choroplethClass,
    choroplethClasses: choroplethClasses,
    choroplethKey: choroplethKey,
  };
})();
