/* Draws the layer registry's layers on a folium map: fetches each layer's GeoJSON
 * from the API (following `next` links, or per view when the layer is
 * bbox-limited), binds popups built from DOM nodes (never HTML from data), and
 * connects the page's layer checkboxes. Large layers are drawn from the
 * service's vector tiles instead (Leaflet.VectorGrid). No third-party code but
 * Leaflet, Leaflet.markercluster and Leaflet.VectorGrid, all served by the service. */
(function () {
  "use strict";

  var maps = {};

  // `enough(firstPage)` true: stop after the first page and resolve to null.
  function fetchFeatures(url, signal, enough) {
    var features = [];
    var first = true;
    function page(next) {
      return fetch(next, { headers: { Accept: "application/json" }, signal: signal, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status + " for " + next);
          return response.json();
        })
        .then(function (data) {
          if (data.type === "Feature") {
            features.push(data);
            return features;
          }
          if (first && enough && enough(data)) return null;
          first = false;
          Array.prototype.push.apply(features, data.features || []);
          return data.next ? page(data.next) : features;
        });
    }
    return page(url);
  }

  function property(feature, name, language) {
    var props = feature.properties || {};
    if (name === "id") return feature.id !== undefined ? feature.id : props.id;
    var localised = props[name + "_" + language];
    return localised !== undefined && localised !== null && localised !== "" ? localised : props[name];
  }

  // A value for people: coded values by the layer's translated labels, lists
  // (e.g. the luotsit of an area) by their names.
  function shown(layer, name, value) {
    if (Array.isArray(value)) {
      return value.map(function (v) { return v && typeof v === "object" ? v.name : v; })
        .filter(function (v) { return v !== undefined && v !== null && v !== ""; }).join(", ");
    }
    var labels = (layer.valueLabels || {})[name];
    if (labels && value !== undefined && value !== null && labels[String(value)] !== undefined) return labels[String(value)];
    return value;
  }

  function detailUrl(template, feature, language) {
    return template.replace(/\{(\w+)\}/g, function (_match, name) {
      var value = property(feature, name, language);
      return encodeURIComponent(value === undefined || value === null ? "" : value);
    });
  }

  // A count as the page's language writes it (fi, sv: 2 000; en: 2,000), like map_ui.numbers on the server.
  function localCount(n) {
    return Number(n).toLocaleString(document.documentElement.lang || "fi");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function popupContent(layer, feature, config) {
    var lang = config.language;
    var box = element("div", "map-popup");
    box.setAttribute("lang", lang);
    box.appendChild(element("p", "map-popup__kind", layer.label));
    box.appendChild(element("p", "map-popup__title", property(feature, layer.titleProperty, lang)));
    var rows = [];
    if (layer.statusProperty) {
      rows.push([config.messages.status, shown(layer, layer.statusProperty, property(feature, layer.statusProperty, lang))]);
    }
    if (feature.areaPlaced) rows.push([config.messages.precision, config.messages.areaPlaced]);
    layer.popupFields.forEach(function (field) {
      rows.push([field.label, shown(layer, field.property, property(feature, field.property, lang))]);
    });
    rows = rows.filter(function (row) { return row[1] !== undefined && row[1] !== null && row[1] !== ""; });
    if (rows.length) {
      var list = element("dl", "map-popup__fields");
      rows.forEach(function (row) {
        list.appendChild(element("dt", null, row[0]));
        list.appendChild(element("dd", null, row[1]));
      });
      box.appendChild(list);
    }
    if (layer.detailUrl) {
      var link = element("a", "map-popup__link", layer.detailLabel);
      link.href = detailUrl(layer.detailUrl, feature, lang);
      box.appendChild(link);
    }
    return box;
  }

  function bboxUrl(url, map) {
    var b = map.getBounds();
    var box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (n) { return n.toFixed(5); }).join(",");
    // The located API's box filter (areas.api.located.BBoxFilterBackend).
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "bbox=" + box + "&bbox_srid=4326";
  }

  // Marker symbols, cluster bubbles and the choropleth's key: map_symbols.js.
  var symbols = window.geoMapSymbols;

  // A point layer pins every item at one point: a line's centre, or a point
  // inside an area. An item placed on a whole area (a case geolocated from a
  // district's name, a plan area) keeps its area as `areaPlaced`: it is drawn
  // as about the area, not as an address (areaMarker).
  function asPoint(feature) {
    var geometry = feature.geometry;
    if (!geometry || geometry.type === "Point") return feature;
    var polygons = areaPolygons(geometry);
    var bounds = L.geoJSON(geometry).getBounds();
    if (!bounds.isValid()) return feature;
    var centre = polygons ? insidePoint(polygons) : [bounds.getCenter().lng, bounds.getCenter().lat];
    return { type: "Feature", id: feature.id, properties: feature.properties, areaPlaced: polygons ? geometry : null,
             geometry: { type: "Point", coordinates: centre } };
  }

  // The polygons ([ring, ...] each, rings of [lon, lat]) of a geometry that is
  // nothing but area; null for one with a point or a line in it.
  function areaPolygons(geometry) {
    if (geometry.type === "Polygon") return [geometry.coordinates];
    if (geometry.type === "MultiPolygon") return geometry.coordinates.slice();
    if (geometry.type !== "GeometryCollection" || !geometry.geometries.length) return null;
    var all = [];
    for (var i = 0; i < geometry.geometries.length; i++) {
      var part = areaPolygons(geometry.geometries[i]);
      if (!part) return null;
      Array.prototype.push.apply(all, part);
    }
    return all;
  }

  // A point surely inside the largest polygon (as PostGIS's ST_PointOnSurface):
  // the middle of the widest stretch inside it along the line through the middle
  // of its box. A box's centre can fall outside (a bay, a concave district).
  function insidePoint(polygons) {
    var best = null;
    polygons.forEach(function (rings) {
      var xs = rings[0].map(function (c) { return c[0]; }), ys = rings[0].map(function (c) { return c[1]; });
      var box = { w: Math.min.apply(null, xs), e: Math.max.apply(null, xs), s: Math.min.apply(null, ys), n: Math.max.apply(null, ys) };
      var size = (box.e - box.w) * (box.n - box.s);
      if (!best || size > best.size) best = { rings: rings, box: box, size: size };
    });
    var y = (best.box.s + best.box.n) / 2;
    var crossings = [];
    best.rings.forEach(function (ring) {
      for (var i = 1; i < ring.length; i++) {
        var a = ring[i - 1], b = ring[i];
        if ((a[1] > y) !== (b[1] > y)) crossings.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
      }
    });
    crossings.sort(function (p, q) { return p - q; });
    var middle = [(best.box.w + best.box.e) / 2, y], widest = -1;
    for (var k = 0; k + 1 < crossings.length; k += 2) {
      if (crossings[k + 1] - crossings[k] > widest) {
        widest = crossings[k + 1] - crossings[k];
        middle = [(crossings[k] + crossings[k + 1]) / 2, y];
      }
    }
    return middle;
  }

  // The area's outline while the popup of an item placed on it is open.
  function showAreaWithPopup(map, layer, marker, area) {
    var outline = null;
    marker.on("popupopen", function () {
      outline = L.geoJSON(area, { style: L.extend({}, layer.style, AREA_PLACED_STYLE), interactive: false }).addTo(map);
    });
    marker.on("popupclose", function () {
      if (outline) map.removeLayer(outline);
      outline = null;
    });
  }

  // An area an item is placed on: dashed, and too faint a fill to hide what lies under it.
  var AREA_PLACED_STYLE = { weight: 2, dashArray: "6 4", fillOpacity: 0.08 };

  // An area layer filled by a numeric property: equal classes from 1 to the
  // largest value shown; 0 keeps the layer's own faint fill.
  function choroplethStyle(layer, features) {
    var spec = layer.choropleth;
    if (!spec) return function () { return layer.style; };
    var max = 0;
    features.forEach(function (f) {
      var v = Number((f.properties || {})[spec.property]) || 0;
      if (v > max) max = v;
    });
    return function (feature) {
      var value = Number((feature.properties || {})[spec.property]) || 0;
      if (value <= 0 || max <= 0) return layer.style;
      var index = symbols.choroplethClass(value, max, spec.colors.length);
      return Object.assign({}, layer.style, { fillColor: spec.colors[index], fillOpacity: spec.fillOpacity });
    };
  }

  // `place`: the layer's place among the clustered layers (its bubbles' offset).
  function LayerView(map, layer, config, canvas, place) {
    this.map = map;
    this.layer = layer;
    this.config = config;
    this.canvas = canvas;
    this.count = null;
    this.controller = null;
    // No chunkedLoading: adding 10 000 markers at once takes well under a
    // second, while zooming during a chunked load stalls the page for minutes.
    var clusterOptions = { showCoverageOnHover: false };
    if (layer.marker !== "pin") clusterOptions.iconCreateFunction = symbols.clusterIcon(layer, place);
    this.group = layer.cluster ? L.markerClusterGroup(clusterOptions) : L.featureGroup();
    this.checkbox = null;
    this.status = null;
  }

  LayerView.prototype.draw = function (features) {
    var view = this;
    var layer = this.layer;
    this.group.clearLayers();
    var options = {
      style: choroplethStyle(layer, features),
      interactive: layer.interactive,
      onEachFeature: function (feature, leafletLayer) {
        if (!layer.interactive) return;
        leafletLayer.bindPopup(function () { return popupContent(layer, feature, view.config); });
        if (feature.areaPlaced) showAreaWithPopup(view.map, layer, leafletLayer, feature.areaPlaced);
      },
    };
    if (layer.kind === "point") {
      features = features.map(asPoint);
      options.pointToLayer = function (feature, latlng) {
        // Markers are links for the keyboard (Tab, then Enter opens the popup).
        var title = String(property(feature, layer.titleProperty, view.config.language) || layer.label);
        if (feature.areaPlaced) {
          title = view.config.messages.areaPlacedTitle.replace("{title}", title);
          return L.marker(latlng, { title: title, alt: title, interactive: layer.interactive, keyboard: layer.interactive,
                                    icon: symbols.areaIcon(layer) });
        }
        if (layer.cluster || layer.marker !== "pin") {
          var markerOptions = { title: title, alt: title, interactive: layer.interactive, keyboard: layer.interactive };
          if (layer.marker !== "pin") markerOptions.icon = symbols.icon(layer);
          return L.marker(latlng, markerOptions);
        }
        return L.circleMarker(latlng, { renderer: view.canvas, radius: 6, interactive: layer.interactive });
      };
    } else {
      // Points in an area layer (an item's own geometry): a circle, no icon.
      options.pointToLayer = function (_feature, latlng) {
        return L.circleMarker(latlng, { radius: 9, interactive: layer.interactive });
      };
    }
    var geojson = L.geoJSON({ type: "FeatureCollection", features: features }, options);
    if (layer.cluster) {
      this.group.addLayers(geojson.getLayers());
    } else {
      geojson.getLayers().forEach(function (l) { view.group.addLayer(l); });
    }
    this.count = features.length;
    this.report(this.config.messages.shown.replace("{count}", localCount(features.length)));
    if (this.checkbox) {
      this.checkbox.closest("[data-layer-key]").setAttribute("data-count", String(features.length));
      var areaKey = this.checkbox.closest("[data-layer-key]").querySelector("[data-area-key]");
      if (areaKey) areaKey.hidden = !features.some(function (f) { return f.areaPlaced; });
      symbols.choroplethKey(this.checkbox.closest("[data-layer-key]"), layer, features, this.config.messages);
    }
  };

  // A vector-tile feature as the popup reads features: the layer's property
  // names (and their _fi/_sv/_en forms) point at the tile's own.
  function tileFeature(layer, properties, id) {
    var props = L.extend({}, properties);
    Object.keys(layer.tileProperties || {}).forEach(function (name) {
      var source = layer.tileProperties[name];
      props[name] = properties[source];
      ["fi", "sv", "en"].forEach(function (lang) {
        if (properties[source + "_" + lang] !== undefined) props[name + "_" + lang] = properties[source + "_" + lang];
      });
    });
    return { type: "Feature", id: id === null ? undefined : id, properties: props };
  }

  // Leaflet asks a clicked circle marker for its latlng; Leaflet.VectorGrid's
  // point symbols are circle markers without one, and the click would throw.
  // Without getLatLng, Leaflet takes the pointer's position instead.
  // In a point layer, an item placed on a whole area comes as its polygon
  // (vector tile type 3): drawn as a dashed outline, not a filled blob, and
  // clickable on the outline only, so that it hides nothing under it.
  function tileLayerClass(pointLayer) {
    return L.VectorGrid.Protobuf.extend({
      _createLayer: function (feat) {
        var symbol = L.VectorGrid.Protobuf.prototype._createLayer.apply(this, arguments);
        if (symbol && symbol.getLatLng && !symbol._latlng) symbol.getLatLng = null;
        if (symbol && pointLayer && feat.type === 3) {
          var render = symbol.render;
          symbol.render = function (renderer, style) {
            return render.call(this, renderer, L.extend({}, style, AREA_PLACED_STYLE, { fill: false }));
          };
          symbol.areaPlaced = true;
        }
        // The tile feature's id (the item's key), for detail links such as /tila/{id}/.
        if (symbol) symbol.featureId = feat.id;
        return symbol;
      },
    });
  }

  LayerView.prototype.drawTiles = function (count) {
    var view = this;
    var layer = this.layer;
    var style = L.extend({}, layer.style, { fill: true });
    if (layer.kind === "point") L.extend(style, { radius: 6, fillOpacity: 0.8 });
    var styles = {};
    styles[layer.tilesName] = style;
    this.group.clearLayers();
    var TileLayer = tileLayerClass(layer.kind === "point");
    this.tileLayer = new TileLayer(layer.tiles, {
      rendererFactory: L.svg.tile,
      vectorTileLayerStyles: styles,
      interactive: layer.interactive,
      maxNativeZoom: 18,
    });
    if (layer.interactive) {
      this.tileLayer.on("click", function (event) {
        var feature = tileFeature(layer, event.layer.properties || {}, event.layer.featureId);
        feature.areaPlaced = Boolean(event.layer.areaPlaced);
        L.popup().setLatLng(event.latlng).setContent(popupContent(layer, feature, view.config)).openOn(view.map);
      });
    }
    if (this.map.hasLayer(this.group)) this.tileLayer.addTo(this.map);
    this.count = count;
    this.report(this.config.messages.shownTiles.replace("{count}", localCount(count)));
    if (this.checkbox) this.checkbox.closest("[data-layer-key]").setAttribute("data-count", String(count));
  };

  LayerView.prototype.load = function () {
    var view = this;
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    var url = this.layer.bbox ? bboxUrl(this.layer.url, this.map) : this.layer.url;
    var layer = this.layer;
    var signal = this.controller.signal;
    var count = null;
    this.report(this.config.messages.loading);
    // Large layers: a one-feature page's count decides between GeoJSON and tiles.
    var loaded = layer.tiles && L.vectorGrid
      ? fetchFeatures(layer.countUrl, signal, function (data) { count = data.count; return true; }).then(function () {
          return count > layer.tilesFrom ? null : fetchFeatures(url, signal);
        })
      : fetchFeatures(url, signal);
    return loaded.then(
      function (features) {
        view.loaded = true;
        if (features === null) view.drawTiles(count);
        else view.draw(features);
        return view;
      },
      function (error) {
        if (error.name === "AbortError") return view;
        view.report(view.config.messages.failed);
        if (view.checkbox) view.checkbox.closest("[data-layer-key]").setAttribute("data-failed", "true");
        return view;
      }
    );
  };

  LayerView.prototype.report = function (text) {
    if (this.status) this.status.textContent = text;
  };

  LayerView.prototype.show = function () {
    this.group.addTo(this.map);
    if (this.tileLayer) {
      this.tileLayer.addTo(this.map);
      return Promise.resolve(this);
    }
    if (!this.loaded || this.layer.bbox) return this.load();
    return Promise.resolve(this);
  };

  LayerView.prototype.hide = function () {
    if (this.controller) this.controller.abort();
    this.map.removeLayer(this.group);
    if (this.tileLayer) this.map.removeLayer(this.tileLayer);
  };

  function attach(map, config) {
    var canvas = L.canvas({ padding: 0.5 });
    var views = {};
    var controls = config.controls ? document.getElementById(config.controls) : null;
    // The layer list is a form only for its fieldset; it never goes anywhere
    // (a listener, not an onsubmit attribute, which the CSP would refuse).
    if (controls) controls.addEventListener("submit", function (event) { event.preventDefault(); });
    var ready = [];
    var clustered = 0;
    config.layers.forEach(function (layer) {
      var view = new LayerView(map, layer, config, canvas, layer.cluster ? clustered++ : 0);
      views[layer.key] = view;
      var row = controls ? controls.querySelector('[data-layer-key="' + layer.key + '"]') : null;
      if (row) {
        view.checkbox = row.querySelector("input[type=checkbox]");
        view.status = row.querySelector("[data-layer-status]");
        view.checkbox.checked = layer.enabled;
        view.checkbox.addEventListener("change", function () {
          if (view.checkbox.checked) view.show(); else view.hide();
        });
      }
      if (layer.enabled) {
        var shown = view.show();
        if (layer.key === config.fitLayer) {
          shown = shown.then(function (v) {
            if (v.count && v.group.getBounds().isValid()) map.fitBounds(v.group.getBounds(), { padding: [16, 16], maxZoom: 16, animate: false });
            return v;
          });
        }
        ready.push(shown);
      }
    });
    map.on("moveend", function () {
      Object.keys(views).forEach(function (key) {
        var view = views[key];
        if (view.layer.bbox && !view.tileLayer && map.hasLayer(view.group)) view.load();
      });
    });
    var entry = { map: map, layers: views, ready: Promise.all(ready) };
    maps[map.getContainer().id] = entry;
    entry.ready.then(function () { map.getContainer().setAttribute("data-ready", "true"); });
    // Hook for add-ons such as map_keyboard.js (keyboard use of clusters and popups).
    document.dispatchEvent(new CustomEvent("geo:map-attached", { detail: { map: map, config: config } }));
    return entry;
  }

  window.geoMap = { attach: attach, maps: maps };
})();
