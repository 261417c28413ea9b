/* geomap.js: builds the event layers, date filter, timeline and side list of a geomap page.
 *
 * Input: the JSON document written by geomap.maps.render.map_data (columnar events and a
 * string table; data.columns names the event columns, read here by name, never by key).
 * Every piece of article text is put into the page with textContent or escaped with esc();
 * only http(s) URLs become links.
 */
(function () {
  "use strict";

  var GEO_PRECISION = { 1: "town", 2: "near a town / part of a region", 3: "region", 4: "country" };
  var LIST_LIMIT = 200;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function esc(text) {
    return String(text).replace(/[&<>"'`=\/]/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  function safeHref(url) {
    if (!url) return null;
    var parsed;
    try { parsed = new URL(String(url)); } catch (e) { return null; }
    return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
  }

  function dayNumber(iso) {
    return Math.floor(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / 86400000);
  }

  function isoOf(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }

  function svgEl(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }

  function geomapInit(map, control, data, opts) {
    opts = opts || {};
    var T0 = performance.now(), timings = {};  // ms since init, read by benchmarks/maps_bench.py
    var S = data.strings, A = data.articles, T = data.types;
    // The event columns, by name (an event field such as "lat", or "article", "shape"...):
    // data.columns maps each name to the column's key in data.events.
    var E = {};
    Object.keys(data.columns).forEach(function (name) { E[name] = data.events[data.columns[name]]; });
    T.forEach(function (type) { type.label = type.label || type.name; });
    var n = E.event_date.length, nt = T.length;
    var dayOffsets = E.event_date;  // dates travel as day offsets from the first date (-1: undated)
    if (data.range[0]) {
      var day0 = dayNumber(data.range[0]), isoCache = {};
      E.event_date = E.event_date.map(function (k) {
        if (k < 0) return "";
        return isoCache[k] || (isoCache[k] = isoOf(day0 + k));
      });
    } else {
      E.event_date = E.event_date.map(function () { return ""; });
    }
    var panel = document.getElementById("geomap-panel");
    function q(sel) { return panel.querySelector(sel); }
    var fromInput = q(".geomap-date-from"), toInput = q(".geomap-date-to");
    var undatedEl = q(".geomap-undated"), countEl = q(".geomap-count"), listEl = q(".geomap-list"), listCountEl = q(".geomap-list-count");
    var minDate = data.range[0], maxDate = data.range[1];
    var api = { map: map, ready: false, groups: [] };
    window.geomap = api;

    q(".geomap-total").textContent = String(n);
    if (data.unmapped) q(".geomap-unmapped").textContent = " (+" + data.unmapped + " without coordinates)";

    /* ---------- event markers: one supercluster index over the visible events ----------
     * Each event type is an overlay (an empty layer whose presence on the map switches the
     * type on); the markers of every visible type are clustered together, and a cluster
     * shows its mix of types as a ring. */
    timings.start = T0;
    var groups = api.groups;
    var shown = new Uint8Array(n), typeOn = new Uint8Array(nt);
    for (var t = 0; t < nt; t++) groups.push(L.layerGroup());
    var points = new Array(n);
    for (var i = 0; i < n; i++) {
      points[i] = { type: "Feature", properties: { i: i, t: E.event_type[i] },
                    geometry: { type: "Point", coordinates: [E.lon[i], E.lat[i]] } };
      shown[i] = 1;
    }
    timings.points = performance.now() - T0;
    var dotIcons = [], areaIcons = [];
    for (t = 0; t < nt; t++) {
      dotIcons.push(L.divIcon({ className: "geomap-dot geomap-t" + t, iconSize: [14, 14] }));
      areaIcons.push(L.divIcon({ className: "geomap-dot area geomap-t" + t, iconSize: [16, 16] }));
    }
    var CLUSTER_MAX_ZOOM = 14;  // deeper zooms show the zoom-14 clusters (events at one spot stay grouped)
    var oneHot = [];
    for (t = 0; t < nt; t++) { oneHot.push(new Array(nt).fill(0)); oneHot[t][t] = 1; }
    var index = null, drawn = [], drawLayer = L.layerGroup().addTo(map);
    function buildIndex() {
      var selected = [];
      for (var i = 0; i < n; i++) if (shown[i] && typeOn[E.event_type[i]]) selected.push(points[i]);
      index = new Supercluster({
        radius: 60, extent: 256, maxZoom: CLUSTER_MAX_ZOOM, minZoom: 2, minPoints: 2,  // radius in screen px
        // one shared one-hot array per type; reduce never mutates arrays, it makes new ones
        map: function (props) { return { c: oneHot[props.t] }; },
        // a new array each time: supercluster clones cluster properties shallowly
        reduce: function (acc, props) {
          var sum = acc.c.slice();
          for (var k = 0; k < nt; k++) sum[k] += props.c[k];
          acc.c = sum;
        }
      });
      index.load(selected);
    }
    function clusterIcon(props) {
      var count = props.point_count, size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 50;
      var stops = [], acc = 0;
      for (var k = 0; k < nt; k++) {
        if (!props.c[k]) continue;
        var from = acc * 100 / count;
        acc += props.c[k];
        stops.push(T[k].color + " " + from.toFixed(1) + "% " + (acc * 100 / count).toFixed(1) + "%");
      }
      var ring = el("div", "ring");
      ring.style.background = "conic-gradient(" + stops.join(",") + ")";
      var label = count >= 10000 ? Math.round(count / 1000) + "k" : count >= 1000 ? (count / 1000).toFixed(1) + "k" : String(count);
      ring.appendChild(el("span", null, label));
      return L.divIcon({ html: ring, className: "geomap-cluster", iconSize: L.point(size, size) });
    }
    function draw() {
      drawLayer.clearLayers();
      drawn = [];
      if (!index) return;
      var b = map.getBounds().pad(0.25), zoom = Math.max(2, Math.min(CLUSTER_MAX_ZOOM, Math.round(map.getZoom())));
      var west = b.getWest(), east = b.getEast();
      if (east - west >= 360) { west = -180; east = 180; }
      var features = index.getClusters([west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())], zoom);
      features.forEach(function (f) {
        var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]], marker;
        if (f.properties.cluster) {
          marker = L.marker(ll, { icon: clusterIcon(f.properties), keyboard: false,
                                  riseOnHover: true, cid: f.properties.cluster_id });
          marker.on("click", function () { clusterClick(f, ll); });
        } else {
          var i = f.properties.i;
          marker = L.marker(ll, { icon: E.geo_precision[i] >= 3 ? areaIcons[E.event_type[i]] : dotIcons[E.event_type[i]], keyboard: false });
          marker.on("click", function () { openEvent(i, false); });
        }
        drawn.push(f);
        drawLayer.addLayer(marker);
      });
    }
    function clusterClick(f, ll) {
      var id = f.properties.cluster_id, zoom = index.getClusterExpansionZoom(id);
      if (zoom <= CLUSTER_MAX_ZOOM && zoom <= map.getMaxZoom()) { map.setView(ll, zoom); return; }
      // events at one spot: list them in a popup
      var leaves = index.getLeaves(id, 50), box = el("div", "geomap-popup geomap-here");
      box.appendChild(el("strong", null, f.properties.point_count + " events here"));
      var ol = el("ol", "geomap-list");
      leaves.forEach(function (leaf) {
        var i = leaf.properties.i, li = el("li", "geomap-t" + E.event_type[i]);
        var meta = el("div", "meta");
        meta.appendChild(el("span", "geomap-swatch"));
        meta.appendChild(el("span", "place", S[E.place_name[i]]));
        meta.appendChild(el("span", "type", T[E.event_type[i]].label));
        meta.appendChild(el("span", "date", E.event_date[i] || "undated"));
        li.appendChild(meta);
        li.addEventListener("click", function () { openEvent(i, false); });
        ol.appendChild(li);
      });
      if (f.properties.point_count > leaves.length) {
        ol.appendChild(el("li", "more", "…and " + (f.properties.point_count - leaves.length) +
                          " more: narrow the dates or types to see them"));
      }
      box.appendChild(ol);
      popup.setLatLng(ll).setContent(box).openOn(map);
    }
    map.on("moveend", draw);

    /* ---------- offline base map beneath the tiles (shows when tiles cannot load) ---------- */
    var basemapData = document.getElementById("geomap-basemap");
    if (basemapData && window.topojson) {
      try {
        var topo = JSON.parse(basemapData.textContent);
        var pane = map.createPane("geomap-basemap");
        pane.style.zIndex = 150;
        pane.style.pointerEvents = "none";
        var renderer = L.canvas({ pane: "geomap-basemap", padding: 0.5 }), countries = topo.objects.countries;
        var base = { pane: "geomap-basemap", renderer: renderer, interactive: false };
        L.geoJSON(topojson.feature(topo, countries), L.extend({ attribution: "Made with Natural Earth",
          style: { stroke: false, fillColor: "#f4f2ee", fillOpacity: 1 } }, base)).addTo(map);
        L.geoJSON(topojson.mesh(topo, countries, function (a, b) { return a === b; }),
          L.extend({ style: { color: "#9fb0bf", weight: 0.7, fill: false } }, base)).addTo(map);
        // land borders; Natural Earth 4.1 draws Crimea inside Russia: its isthmus line is left
        // out so that Crimea shows as part of Ukraine (the internationally recognised border)
        var borders = topojson.mesh(topo, countries, function (a, b) { return a !== b; });
        borders.coordinates = borders.coordinates.filter(function (line) {
          return !line.every(function (p) { return p[0] > 32.5 && p[0] < 36.8 && p[1] > 44.2 && p[1] < 46.4; });
        });
        api.basemapBorders = borders;
        L.geoJSON(borders, L.extend({ style: { color: "#a7b0bb", weight: 0.8, fill: false } }, base)).addTo(map);
        map.getContainer().classList.add("geomap-offline");
      } catch (err) {
        if (window.console) console.warn("geomap: offline base map unavailable", err);
      }
    }

    timings.basemap = performance.now() - T0;
    /* ---------- other overlays ---------- */
    var outlineGroup = L.featureGroup(), outlineLayers = [], shapeCount = new Int32Array(data.shapes.length);
    data.shapes.forEach(function (shape, s) {
      var line = /LineString/.test(shape.g.type);
      var layer = L.geoJSON(shape.g, { style: {
        color: "#6a3d9a", weight: line ? 4 : 2, opacity: 0.8, dashArray: line ? null : "5 4",
        fillColor: "#6a3d9a", fillOpacity: line ? 0 : 0.08 } });
      layer.bindPopup(function () {
        var box = el("div", "geomap-popup");
        box.appendChild(el("strong", null, S[shape.n]));
        box.appendChild(el("div", "sub", shapeCount[s] + " event" + (shapeCount[s] === 1 ? "" : "s") + " shown here"));
        return box;
      });
      outlineLayers.push(layer);
    });

    var placeGroup = L.featureGroup();
    data.places.forEach(function (p) {
      var marker = L.circleMarker([p[2], p[3]], {
        radius: Math.min(14, 3 + Math.sqrt(p[4]) * 1.6), color: "#4d5765", weight: 1,
        fillColor: "#8a94a3", fillOpacity: 0.55 });
      marker.bindTooltip(function () {
        var box = el("div");
        box.appendChild(el("strong", null, p[0]));
        box.appendChild(document.createTextNode(" " + [p[1], p[5]].filter(Boolean).join(", ") +
          " · mentioned " + p[4] + "×"));
        return box;
      });
      placeGroup.addLayer(marker);
    });

    var heat = L.heatLayer([], { radius: 20, blur: 16, minOpacity: 0.35, maxZoom: 9 });
    api.layers = { outlines: outlineGroup, places: placeGroup, heat: heat };

    function swatchLabel(cls, name, count) {
      return '<span class="geomap-swatch ' + cls + '"></span> ' + esc(name) +
        (count === undefined ? "" : ' <span class="n">(' + esc(count) + ")</span>");
    }
    for (t = 0; t < nt; t++) control.addOverlay(groups[t], swatchLabel("geomap-t" + t, T[t].label, T[t].count));
    if (data.shapes.length) control.addOverlay(outlineGroup, swatchLabel("outline", "Outlines: regions, rivers, seas"));
    control.addOverlay(placeGroup, swatchLabel("place", "All places mentioned", data.places.length));
    control.addOverlay(heat, swatchLabel("heat", "Heat map"));

    /* ---------- filtering ---------- */
    function narrowed() {
      return (fromInput.value && fromInput.value > minDate) || (toInput.value && toInput.value < maxDate);
    }
    function dateOK(i) {
      var d = E.event_date[i];
      if (!d) return !narrowed();
      return (!fromInput.value || d >= fromInput.value) && (!toInput.value || d <= toInput.value);
    }
    function visible(i) { return shown[i] === 1 && typeOn[E.event_type[i]] === 1; }

    var indexDirty = true;
    function applyDates() {
      for (var i = 0; i < n; i++) shown[i] = dateOK(i) ? 1 : 0;
      indexDirty = true;
      refresh();
    }

    function refresh() {
      for (var t = 0; t < nt; t++) {
        var on = map.hasLayer(groups[t]) ? 1 : 0;
        if (on !== typeOn[t]) { typeOn[t] = on; indexDirty = true; }
      }
      if (indexDirty) { indexDirty = false; var tb = performance.now(); buildIndex(); timings.index = performance.now() - tb; draw(); }
      var visibleCount = 0, perType = new Int32Array(nt);
      shapeCount.fill(0);
      var points = map.hasLayer(heat) ? [] : null;
      for (var i = 0; i < n; i++) {
        if (!visible(i)) continue;
        visibleCount++;
        perType[E.event_type[i]]++;
        if (E.shape[i] >= 0) shapeCount[E.shape[i]]++;
        if (points) points.push([E.lat[i], E.lon[i], 0.6 + 0.4 * E.confidence[i]]);
      }
      if (points) heat.setLatLngs(points);
      outlineLayers.forEach(function (layer, s) {
        if (shapeCount[s] > 0) { if (!outlineGroup.hasLayer(layer)) outlineGroup.addLayer(layer); }
        else if (outlineGroup.hasLayer(layer)) outlineGroup.removeLayer(layer);
      });
      countEl.textContent = String(visibleCount);
      var undatedHidden = 0;
      if (narrowed()) for (i = 0; i < n; i++) if (!E.event_date[i] && typeOn[E.event_type[i]]) undatedHidden++;
      undatedEl.textContent = undatedHidden ? " · " + undatedHidden + " undated hidden by the date range" : "";
      api.visibleCount = visibleCount;
      updateLegend(perType);
      drawTimeline();
      scheduleList();
    }

    /* ---------- legend (also toggles the overlays) ---------- */
    var legendEl = q(".geomap-legend"), legendButtons = [];
    function legendItem(cls, name, layer) {
      var button = el("button", "geomap-legend-item");
      button.type = "button";
      button.appendChild(el("span", "geomap-swatch " + cls));
      button.appendChild(el("span", "name", name));
      var count = el("span", "n");
      button.appendChild(count);
      button.addEventListener("click", function () {
        if (map.hasLayer(layer)) map.removeLayer(layer); else map.addLayer(layer);
      });
      legendEl.appendChild(button);
      legendButtons.push({ button: button, layer: layer, count: count });
      return button;
    }
    for (t = 0; t < nt; t++) legendItem("geomap-t" + t, T[t].label, groups[t]);
    if (data.shapes.length) legendItem("outline", "outlines", outlineGroup);
    legendItem("place", "places mentioned", placeGroup);
    legendItem("heat", "heat map", heat);
    function updateLegend(perType) {
      legendButtons.forEach(function (b, k) {
        b.button.classList.toggle("off", !map.hasLayer(b.layer));
        if (k < nt) b.count.textContent = String(perType[k]);
      });
    }

    /* ---------- timeline histogram with a brush ---------- */
    var tl = null;
    (function buildTimeline() {
      var box = q(".geomap-timeline");
      if (!minDate) { box.style.display = "none"; return; }
      var W = 328, H = 48, barsH = 46, start = dayNumber(minDate), end = dayNumber(maxDate);
      var days = end - start + 1, binDays = Math.max(1, Math.ceil(days / 110)), nb = Math.ceil(days / binDays);
      var svg = svgEl("svg", { viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "none", role: "img" });
      var bw = W / nb, rects = [];
      var brush = svgEl("rect", { "class": "brush", y: 0, height: barsH + 2, x: 0, width: 0 });
      svg.appendChild(brush);
      for (var b = 0; b < nb; b++) {
        var r = svgEl("rect", { "class": "bar", x: (b * bw + (bw > 3 ? 0.5 : 0)).toFixed(2),
                                width: Math.max(0.6, bw - (bw > 3 ? 1 : 0)).toFixed(2), y: barsH, height: 0 });
        svg.appendChild(r);
        rects.push(r);
      }
      box.appendChild(svg);
      var axis = el("div", "geomap-axis");  // HTML, not SVG text: the SVG stretches with the panel
      axis.appendChild(el("span", null, minDate));
      axis.appendChild(el("span", null, maxDate));
      box.appendChild(axis);
      var binOf = new Int32Array(n);
      for (var i = 0; i < n; i++) binOf[i] = dayOffsets[i] >= 0 ? Math.floor(dayOffsets[i] / binDays) : -1;
      tl = { svg: svg, rects: rects, brush: brush, binOf: binOf, nb: nb, bw: bw, barsH: barsH, start: start, end: end, binDays: binDays, W: W };

      function binAt(evt) {
        var rect = svg.getBoundingClientRect();
        var x = (evt.clientX - rect.left) / Math.max(1, rect.width) * W;
        return Math.max(0, Math.min(nb - 1, Math.floor(x / bw)));
      }
      function setBins(a, b) {
        var lo = Math.min(a, b), hi = Math.max(a, b);
        fromInput.value = isoOf(start + lo * binDays);
        toInput.value = isoOf(Math.min(end, start + (hi + 1) * binDays - 1));
        drawBrush();
      }
      var anchor = null;
      svg.addEventListener("pointerdown", function (evt) {
        anchor = binAt(evt); setBins(anchor, anchor);
        if (svg.setPointerCapture) svg.setPointerCapture(evt.pointerId);
        evt.preventDefault();
      });
      svg.addEventListener("pointermove", function (evt) { if (anchor !== null) setBins(anchor, binAt(evt)); });
      function finish() { if (anchor !== null) { anchor = null; applyDates(); } }
      svg.addEventListener("pointerup", finish);
      svg.addEventListener("pointercancel", finish);
      svg.addEventListener("dblclick", function () { resetDates(); });
    })();

    function drawBrush() {
      if (!tl) return;
      if (!narrowed()) { tl.brush.setAttribute("width", 0); return; }
      var lo = fromInput.value ? Math.max(0, Math.floor((dayNumber(fromInput.value) - tl.start) / tl.binDays)) : 0;
      var hi = toInput.value ? Math.min(tl.nb - 1, Math.floor((dayNumber(toInput.value) - tl.start) / tl.binDays)) : tl.nb - 1;
      if (hi < lo) { tl.brush.setAttribute("width", 0); return; }
      tl.brush.setAttribute("x", (lo * tl.bw).toFixed(2));
      tl.brush.setAttribute("width", ((hi - lo + 1) * tl.bw).toFixed(2));
    }

    function drawTimeline() {
      if (!tl) return;
      var counts = new Int32Array(tl.nb), inRange = new Uint8Array(tl.nb), max = 0;
      for (var i = 0; i < n; i++) {
        var b = tl.binOf[i];
        if (b < 0 || !typeOn[E.event_type[i]]) continue;
        counts[b]++;
        if (shown[i]) inRange[b] = 1;
      }
      for (var k = 0; k < tl.nb; k++) if (counts[k] > max) max = counts[k];
      for (k = 0; k < tl.nb; k++) {
        var h = counts[k] ? Math.max(2, Math.sqrt(counts[k] / max) * tl.barsH) : 0;
        tl.rects[k].setAttribute("y", (tl.barsH - h).toFixed(2));
        tl.rects[k].setAttribute("height", h.toFixed(2));
        tl.rects[k].setAttribute("class", inRange[k] ? "bar in" : "bar");
      }
      drawBrush();
    }

    /* ---------- side list of visible events in view ---------- */
    timings.timeline = performance.now() - T0;
    var order = [];
    for (i = n - 1; i >= 0; i--) if (E.event_date[i]) order.push(i);
    for (i = n - 1; i >= 0; i--) if (!E.event_date[i]) order.push(i);
    var listQueued = false, activeIndex = -1;
    function scheduleList() {
      if (listQueued) return;
      listQueued = true;
      (window.requestAnimationFrame || setTimeout)(function () { listQueued = false; updateList(); });
    }
    function eventDateLabel(i) {
      var d = E.event_date[i], dp = S[E.date_precision[i]];
      if (!d) return "undated";
      if (dp === "unresolved") return d + " (publication date)";
      return dp && dp !== "day" ? d + " (" + dp + ")" : d;
    }
    function updateList() {
      var bounds = map.getBounds(), inView = 0, items = [];
      for (var k = 0; k < order.length; k++) {
        var i = order[k];
        if (!visible(i) || !bounds.contains([E.lat[i], E.lon[i]])) continue;
        inView++;
        if (items.length < LIST_LIMIT) items.push(i);
      }
      var frag = document.createDocumentFragment();
      items.forEach(function (i) {
        var li = el("li", "geomap-t" + E.event_type[i]);
        li.tabIndex = 0;
        li.dataset.gi = String(i);
        if (i === activeIndex) li.classList.add("active");
        var meta = el("div", "meta");
        meta.appendChild(el("span", "geomap-swatch"));
        meta.appendChild(el("span", "place", S[E.place_name[i]] || "?"));
        meta.appendChild(el("span", "type", T[E.event_type[i]].label));
        meta.appendChild(el("span", "date", eventDateLabel(i)));
        li.appendChild(meta);
        var text = S[E.evidence[i]];
        li.appendChild(el("div", "text", text.length > 220 ? text.slice(0, 217) + "…" : text));
        frag.appendChild(li);
      });
      if (inView > items.length) {
        frag.appendChild(el("li", "more", "…and " + (inView - items.length) + " more: zoom in or narrow the dates"));
      }
      if (!inView) frag.appendChild(el("li", "more", n ? "No events in this view." : "No events."));
      listEl.textContent = "";
      listEl.appendChild(frag);
      listCountEl.textContent = "(" + inView + ")";
    }
    function onListActivate(evt) {
      var li = evt.target.closest ? evt.target.closest("li[data-gi]") : null;
      if (!li) return;
      if (evt.type === "keydown" && evt.key !== "Enter" && evt.key !== " ") return;
      openEvent(+li.dataset.gi, true);
    }
    listEl.addEventListener("click", onListActivate);
    listEl.addEventListener("keydown", onListActivate);
    // hovering a list entry rings its place on the map
    var halo = L.circleMarker([0, 0], { radius: 16, color: "#1d2430", weight: 2.5, fill: false,
                                       interactive: false, dashArray: "4 3" });
    listEl.addEventListener("mouseover", function (evt) {
      var li = evt.target.closest ? evt.target.closest("li[data-gi]") : null;
      if (!li) return;
      var i = +li.dataset.gi;
      halo.setLatLng([E.lat[i], E.lon[i]]);
      if (!map.hasLayer(halo)) halo.addTo(map);
    });
    listEl.addEventListener("mouseleave", function () { if (map.hasLayer(halo)) map.removeLayer(halo); });
    map.on("moveend", scheduleList);

    /* ---------- popups ---------- */
    function buildPopup(i) {
      var t = E.event_type[i], root = el("div", "geomap-popup geomap-t" + t);
      var head = el("div", "head");
      head.appendChild(el("span", "geomap-swatch"));
      head.appendChild(el("span", "type", T[t].label));
      head.appendChild(el("span", "date", eventDateLabel(i)));
      root.appendChild(head);
      if (S[E.date_text[i]]) root.appendChild(el("div", "sub", "date from: “" + S[E.date_text[i]] + "”"));
      var place = el("div", "place");
      place.appendChild(el("strong", null, S[E.place_name[i]] || "?"));
      var where = [S[E.kind[i]], GEO_PRECISION[E.geo_precision[i]] ? "precision " + E.geo_precision[i] + ": " + GEO_PRECISION[E.geo_precision[i]] : "",
                   S[E.admin1[i]], S[E.country_code[i]]].filter(Boolean).join(" · ");
      if (where) place.appendChild(el("span", "sub", " " + where));
      root.appendChild(place);
      var text = S[E.evidence[i]], quote = el("blockquote");
      var hs = E.highlight_start[i], he = E.highlight_end[i];
      if (hs >= 0 && he > hs && he <= text.length) {
        quote.appendChild(document.createTextNode(text.slice(0, hs)));
        quote.appendChild(el("mark", null, text.slice(hs, he)));
        quote.appendChild(document.createTextNode(text.slice(he)));
      } else {
        quote.textContent = text;
      }
      root.appendChild(quote);
      var art = A[E.article[i]], title = S[art[0]] || art[1] || "source", href = safeHref(art[1]);
      var source = el("div", "source");
      if (href) {
        var link = el("a", null, title);
        link.href = href; link.target = "_blank"; link.rel = "noopener noreferrer";
        source.appendChild(link);
      } else {
        source.appendChild(el("span", "title", title));
        if (art[1] && art[1] !== title) source.appendChild(el("span", "sub", " " + art[1]));
      }
      var srcMeta = [S[art[2]], art[3] ? "published " + art[3] : ""].filter(Boolean).join(" · ");
      if (srcMeta) source.appendChild(el("div", "sub", srcMeta));
      root.appendChild(source);
      var conf = el("div", "conf");
      conf.appendChild(el("span", null, "confidence " + E.confidence[i].toFixed(2)));
      var meter = el("meter");
      meter.min = 0; meter.max = 1; meter.value = E.confidence[i];
      conf.appendChild(meter);
      root.appendChild(conf);
      return root;
    }
    var popup = L.popup({ maxWidth: 360, minWidth: 240, autoPanPadding: [24, 24] });
    function openEvent(i, fromList) {
      var latlng = L.latLng(E.lat[i], E.lon[i]);
      if (fromList) map.setView(latlng, Math.max(map.getZoom(), 9), { animate: false });
      activeIndex = i;
      popup.setLatLng(latlng).setContent(buildPopup(i)).openOn(map);
      Array.prototype.forEach.call(listEl.querySelectorAll("li.active"), function (li) { li.classList.remove("active"); });
      var li = listEl.querySelector('li[data-gi="' + i + '"]');
      if (li) li.classList.add("active");
    }
    api.openEvent = openEvent;

    /* ---------- wiring ---------- */
    function resetDates() { fromInput.value = minDate; toInput.value = maxDate; applyDates(); }
    fromInput.value = minDate; toInput.value = maxDate;
    fromInput.addEventListener("change", applyDates);
    toInput.addEventListener("change", applyDates);
    fromInput.addEventListener("input", applyDates);
    toInput.addEventListener("input", applyDates);
    q(".geomap-date-reset").addEventListener("click", resetDates);
    api.setRange = function (from, to) { fromInput.value = from || ""; toInput.value = to || ""; applyDates(); };
    api.renderedMarkers = function () {
      return drawn.reduce(function (sum, f) { return sum + (f.properties.cluster ? f.properties.point_count : 1); }, 0);
    };

    var toggles = groups.concat([outlineGroup, placeGroup, heat]);
    toggles.forEach(function (layer) { layer.on("add remove", function () { scheduleRefresh(); }); });
    var refreshQueued = false;
    function scheduleRefresh() {
      if (refreshQueued) return;
      refreshQueued = true;
      setTimeout(function () { refreshQueued = false; refresh(); }, 0);
    }

    if (opts.bounds) {
      var bounds = L.latLngBounds(opts.bounds);
      if (bounds.getNorth() - bounds.getSouth() < 0.5 && bounds.getEast() - bounds.getWest() < 0.5) {
        map.setView(bounds.getCenter(), 7, { animate: false });  // one spot: keep some context
      } else {
        map.fitBounds(bounds, { padding: [40, 40], maxZoom: 9, animate: false });
      }
    }
    for (t = 0; t < nt; t++) map.addLayer(groups[t]);
    map.addLayer(outlineGroup);
    timings.beforeRefresh = performance.now() - T0;
    refresh();
    timings.afterRefresh = performance.now() - T0;
    updateList();  // the first list is there when the page says it is ready
    timings.refresh = performance.now() - T0;
    api.timings = timings;
    api.ready = true;
    return api;
  }

  window.geomapInit = geomapInit;
})();
