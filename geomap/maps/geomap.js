/* geomap.js: builds the event layers, filters, legend, side list and popups of a geomap page.
 *
 * Input: the JSON document written by geomap.maps.render.map_data (columnar events and a
 * string table; data.columns names the event columns, read here by name, never by key).
 * Parts in other files (loaded first): geomap-util.js (helpers, pictograms),
 * geomap-basemap.js (vector base map, labels), geomap-timeline.js (timeline, playback),
 * geomap-state.js (search, permalink).  Every piece of article text is put into the page
 * with textContent; only http(s) URLs become links.
 */
(function () {
  "use strict";
  var U = window.GeomapUtil, P = window.GeomapParts, el = U.el;

  var GEO_PRECISION = { 1: "town", 2: "near a town / part of a region", 3: "region", 4: "country" };
  var DATE_SOURCE = { text: "date from the text", dateline: "date of the dateline", published: "date of publication" };
  var LIST_LIMIT = 200;

  function geomapInit(map, control, data, opts) {
    opts = opts || {};
    var T0 = performance.now(), timings = {};  // ms since init, read by benchmarks/maps_bench.py
    var S = data.strings, A = data.articles, T = data.types;
    // The event columns, by name (an event field such as "lat", or "article", "shape"...):
    // data.columns maps each name to the column's key in data.events.
    var E = {};
    Object.keys(data.columns).forEach(function (name) { E[name] = data.events[data.columns[name]]; });
    T.forEach(function (type) { type.label = type.label || type.name; type.light = U.isLight(type.color); });
    var n = E.event_date.length, nt = T.length;
    var dayOffsets = E.event_date;  // dates travel as day offsets from the first date (-1: undated)
    var day0 = data.range[0] ? U.dayNumber(data.range[0]) : 0, isoCache = {};
    E.event_date = dayOffsets.map(function (k) {
      if (k < 0) return "";
      return isoCache[k] || (isoCache[k] = U.isoOf(day0 + k));
    });
    if (!E.fatalities) E.fatalities = new Array(n).fill(-1);
    // publication-dated: the date is the article's (date_source "published"; older data:
    // date_precision "unresolved" with no date source)
    var pubDated = new Uint8Array(n), outlineKinds = {};
    (data.outline_kinds || []).forEach(function (k) { outlineKinds[k] = true; });
    for (var i = 0; i < n; i++) {
      var ds = E.date_source ? S[E.date_source[i]] : "";
      pubDated[i] = dayOffsets[i] >= 0 && (ds === "published" || ((!ds || ds === "unresolved") && S[E.date_precision[i]] === "unresolved")) ? 1 : 0;
    }
    var panel = document.getElementById("geomap-panel");
    function q(sel) { return panel.querySelector(sel); }
    var fromInput = q(".geomap-date-from"), toInput = q(".geomap-date-to");
    var undatedEl = q(".geomap-undated"), countEl = q(".geomap-count"), listEl = q(".geomap-list"), listCountEl = q(".geomap-list-count");
    var minDate = data.range[0], maxDate = data.range[1];
    var api = { map: map, ready: false, groups: [], layers: {} };
    window.geomap = api;
    var shown = new Uint8Array(n), matched = new Uint8Array(n).fill(1), typeOn = new Uint8Array(nt);
    var ctx = { map: map, control: control, data: data, opts: opts, api: api, E: E, T: T, n: n, q: q,
                dayOffsets: dayOffsets, minDate: minDate, maxDate: maxDate, fromInput: fromInput, toInput: toInput,
                shown: shown, matched: matched, typeOn: typeOn, pubDated: pubDated };

    q(".geomap-total").textContent = String(n);
    if (data.unmapped) q(".geomap-unmapped").textContent = " (+" + data.unmapped + " without coordinates)";

    /* ---------- event markers: one supercluster index over the visible events ----------
     * Each event type is a layer (an empty layer whose presence on the map switches the
     * type on); the markers of every visible type are clustered together, and a cluster
     * shows its mix of types as a ring. */
    timings.start = T0;
    var groups = api.groups;
    for (var t = 0; t < nt; t++) groups.push(L.layerGroup());
    var points = new Array(n);
    for (i = 0; i < n; i++) {
      points[i] = { type: "Feature", properties: { i: i, t: E.event_type[i] },
                    geometry: { type: "Point", coordinates: [E.lon[i], E.lat[i]] } };
    }
    timings.points = performance.now() - T0;
    function markerIcon(i) {
      var t = E.event_type[i], f = E.fatalities[i];
      var html = U.iconHtml(t, U.glyphName(T[t].name, S[E.sub_event_type ? E.sub_event_type[i] : 0]),
                            E.geo_precision[i] >= 3 || E.shape[i] >= 0, f, T[t].light);
      return L.divIcon({ html: html, className: "geomap-marker", iconSize: [24, 24], iconAnchor: [12, 12] });
    }
    var CLUSTER_MAX_ZOOM = 14;  // deeper zooms show the zoom-14 clusters (events at one spot stay grouped)
    var oneHot = [];
    for (t = 0; t < nt; t++) { oneHot.push(new Array(nt).fill(0)); oneHot[t][t] = 1; }
    var entry = null, drawn = [], drawLayer = L.layerGroup().addTo(map);
    // A large selection gets an index up to LOW_MAX_ZOOM at once and its deeper zooms (the
    // costly levels, where little clusters) when the map is first zoomed past it.
    var LOW_MAX_ZOOM = 9, LAZY_MIN = window.geomapLazyIndexMin || 20000;
    // indexes of recent selections (the full one first of all: a reset draws it at once);
    // a selection is named by its date range, search text and switched-on types
    var indexCache = [], INDEX_CACHE = 4, filterKey = "";
    function buildIndex() {
      var key = filterKey + "|" + Array.prototype.join.call(typeOn, "");
      for (var c = 0; c < indexCache.length; c++) {
        if (indexCache[c].key === key) { entry = indexCache[c]; return; }
      }
      var selected = [];
      for (var i = 0; i < n; i++) if (shown[i] && typeOn[E.event_type[i]]) selected.push(points[i]);
      entry = { key: key, selected: selected, low: null, full: null };
      if (selected.length >= LAZY_MIN) entry.low = newIndex(selected, LOW_MAX_ZOOM);
      else { entry.full = newIndex(selected, CLUSTER_MAX_ZOOM); entry.selected = null; }
      indexCache.unshift(entry);
      // keep the oldest: the page's first selection (all events, unless a link narrowed it)
      if (indexCache.length > INDEX_CACHE) indexCache.splice(INDEX_CACHE - 1, 1);
    }
    /* the index to draw zoom `zoom` from */
    function indexAt(zoom) {
      if (entry.low && zoom <= LOW_MAX_ZOOM) return entry.low;
      if (!entry.full) {
        var tb = performance.now();
        entry.full = newIndex(entry.selected, CLUSTER_MAX_ZOOM);
        entry.selected = null;
        timings.deepIndex = performance.now() - tb;
      }
      return entry.full;
    }
    api.indexDepth = function () { return entry ? (entry.full ? CLUSTER_MAX_ZOOM : LOW_MAX_ZOOM) : 0; };
    function newIndex(selected, maxZoom) {
      var index = new Supercluster({
        radius: 60, extent: 256, maxZoom: maxZoom, minZoom: 2, minPoints: 2,  // radius in screen px
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
      return index;
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
      if (!entry) return;
      var b = map.getBounds().pad(0.25), zoom = Math.max(2, Math.min(CLUSTER_MAX_ZOOM, Math.round(map.getZoom())));
      var index = indexAt(zoom);
      var west = b.getWest(), east = b.getEast();
      if (east - west >= 360) { west = -180; east = 180; }
      var features = index.getClusters([west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())], zoom);
      features.forEach(function (f) {
        var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]], marker;
        if (f.properties.cluster) {
          marker = L.marker(ll, { icon: clusterIcon(f.properties), keyboard: false,
                                  riseOnHover: true, cid: f.properties.cluster_id });
          marker.on("click", function () { clusterClick(index, f, ll); });
        } else {
          var i = f.properties.i;
          marker = L.marker(ll, { icon: markerIcon(i), keyboard: false });
          marker.on("click", function () { openEvent(i, false); });
        }
        drawn.push(f);
        drawLayer.addLayer(marker);
      });
    }
    function clusterClick(index, f, ll) {
      var id = f.properties.cluster_id, zoom = index.getClusterExpansionZoom(id);
      if (zoom <= CLUSTER_MAX_ZOOM && zoom <= map.getMaxZoom()) { map.setView(ll, zoom); return; }
      // events at one spot: list them in a popup
      var leaves = index.getLeaves(id, 50), box = el("div", "geomap-popup geomap-here");
      box.appendChild(el("strong", null, f.properties.point_count + " events here"));
      var ol = el("ol", "geomap-list");
      leaves.forEach(function (leaf) {
        var i = leaf.properties.i, li = el("li", "geomap-t" + E.event_type[i]);
        li.appendChild(metaRow(i));
        li.addEventListener("click", function () { openEvent(i, false); });
        ol.appendChild(li);
      });
      if (f.properties.point_count > leaves.length) {
        ol.appendChild(el("li", "more", "…and " + (f.properties.point_count - leaves.length) +
                          " more: narrow the dates, search or types to see them"));
      }
      box.appendChild(ol);
      popup.setLatLng(ll).setContent(box).openOn(map);
    }
    function swatch(t) {
      var s = el("span", "geomap-swatch geomap-t" + t + (T[t].light ? " light" : ""));
      s.innerHTML = U.glyphSvg(U.glyphName(T[t].name, ""));  // a constant pictogram, no input
      return s;
    }
    function metaRow(i) {
      var t = E.event_type[i], meta = el("div", "meta");
      meta.appendChild(swatch(t));
      meta.appendChild(el("span", "place", S[E.place_name[i]] || "?"));
      meta.appendChild(el("span", "type", subLabel(i)));
      if (E.fatalities[i] > 0) meta.appendChild(el("span", "fat", E.fatalities[i] + " killed"));
      meta.appendChild(el("span", "date" + (pubDated[i] ? " pub" : dayOffsets[i] < 0 ? " undated" : ""), eventDateLabel(i)));
      return meta;
    }
    function subLabel(i) {
      var st = E.sub_event_type ? S[E.sub_event_type[i]] : "";
      return st && st !== T[E.event_type[i]].label ? T[E.event_type[i]].label + " · " + st : T[E.event_type[i]].label;
    }
    function eventDateLabel(i) {
      var d = E.event_date[i], dp = S[E.date_precision[i]];
      if (!d) return "undated";
      if (pubDated[i]) return d + " (date of publication)";
      return dp && dp !== "day" && dp !== "unresolved" ? d + " (" + dp + ")" : d;
    }
    map.on("moveend", draw);

    /* ---------- base map and labels (geomap-basemap.js) ---------- */
    var drawBasemap = P.basemap(ctx);

    /* ---------- outlines: true boundaries only (SVG paths, class geomap-outline) ---------- */
    var outlineGroup = L.featureGroup(), outlineLayers = [], shapeCount = new Int32Array(data.shapes.length);
    var svgRenderer = L.svg({ padding: 0.5 });
    data.shapes.forEach(function (shape, s) {
      var line = /LineString/.test(shape.g.type);
      var layer = L.geoJSON(shape.g, { renderer: svgRenderer, style: {
        className: "geomap-outline" + (line ? " water" : ""), renderer: svgRenderer,
        color: line ? "#2b6cb0" : "#5b3a8c", weight: line ? 4 : 2, opacity: 0.85,
        fillColor: "#5b3a8c", fillOpacity: line ? 0 : 0.07 } });
      layer.bindPopup(function () {
        var box = el("div", "geomap-popup");
        box.appendChild(el("strong", null, S[shape.n]));
        box.appendChild(el("div", "sub", shapeCount[s] + " event" + (shapeCount[s] === 1 ? "" : "s") + " shown here"));
        return box;
      });
      outlineLayers.push(layer);
    });

    /* ---------- places mentioned: follow the filters through their events ---------- */
    var placeGroup = L.featureGroup(), placeMarkers = [], placeCount = new Int32Array(data.places.length);
    data.places.forEach(function (p) {
      var marker = L.circleMarker([p[2], p[3]], {
        radius: Math.min(14, 3 + Math.sqrt(Math.max(1, p[4])) * 1.6), color: "#4d5765", weight: 1,
        fillColor: "#8a94a3", fillOpacity: 0.55 });
      marker.bindTooltip(function () {
        var box = el("div");
        box.appendChild(el("strong", null, p[0]));
        box.appendChild(document.createTextNode(" " + [p[1], p[5]].filter(Boolean).join(", ") +
          " · mentioned " + p[4] + "×"));
        return box;
      });
      placeMarkers.push(marker);
    });

    var heat = L.heatLayer([], { radius: 20, blur: 16, minOpacity: 0.35, maxZoom: 9 });
    api.layers.outlines = outlineGroup; api.layers.places = placeGroup; api.layers.heat = heat;

    /* ---------- filtering: dates x search x layers ---------- */
    function parsedDay(input, fallback) {
      var v = input.value.trim();
      input.classList.toggle("invalid", v !== "" && !U.validIso(v));
      return U.validIso(v) ? U.dayNumber(v) - day0 : fallback;
    }
    var lastDays = -1;
    function range() {  // [from, to] as day numbers
      var last = data.range[1] ? U.dayNumber(maxDate) - day0 : 0;
      lastDays = last;
      return [day0 + parsedDay(fromInput, 0), day0 + parsedDay(toInput, last)];
    }
    function narrowedDates() {
      if (!minDate) return false;
      var r = range();
      return r[0] > day0 || r[1] < day0 + lastDays;
    }
    function narrowed() { return narrowedDates() || search.active(); }
    var indexDirty = true;
    function applyFilters() {
      var r = range(), lo = r[0] - day0, hi = r[1] - day0, dates = narrowedDates();
      filterKey = (dates ? lo + "," + hi : "all") + "|" + search.value();
      for (var i = 0; i < n; i++) {
        var k = dayOffsets[i];
        shown[i] = matched[i] && (k < 0 ? !dates : k >= lo && k <= hi) ? 1 : 0;
      }
      indexDirty = true;
      refresh();
    }
    function visible(i) { return shown[i] === 1 && typeOn[E.event_type[i]] === 1; }

    function refresh() {
      for (var t = 0; t < nt; t++) {
        var on = map.hasLayer(groups[t]) ? 1 : 0;
        if (on !== typeOn[t]) { typeOn[t] = on; indexDirty = true; }
      }
      if (indexDirty) { indexDirty = false; var tb = performance.now(); buildIndex(); timings.index = performance.now() - tb; draw(); }
      var visibleCount = 0, perType = new Int32Array(nt), heatOn = map.hasLayer(heat), heatPoints = heatOn ? [] : null;
      shapeCount.fill(0); placeCount.fill(0);
      var sh = E.shape, pl = E.place_row;
      for (var i = 0; i < n; i++) {
        if (!visible(i)) continue;
        visibleCount++;
        perType[E.event_type[i]]++;
        if (sh[i] >= 0) shapeCount[sh[i]]++;
        placeCount[pl[i]]++;
        if (heatPoints) heatPoints.push([E.lat[i], E.lon[i], 0.6 + 0.4 * E.confidence[i]]);
      }
      if (heatPoints) heat.setLatLngs(heatPoints);
      outlineLayers.forEach(function (layer, s) {
        if (shapeCount[s] > 0) { if (!outlineGroup.hasLayer(layer)) outlineGroup.addLayer(layer); }
        else if (outlineGroup.hasLayer(layer)) outlineGroup.removeLayer(layer);
      });
      // a place shows while a visible event is there; places without events only unfiltered
      var all = !narrowed();
      placeMarkers.forEach(function (marker, r) {
        var on = placeCount[r] > 0 || (all && data.places[r][6] === 0);
        if (on !== placeGroup.hasLayer(marker)) { if (on) placeGroup.addLayer(marker); else placeGroup.removeLayer(marker); }
      });
      countEl.textContent = String(visibleCount);
      var undatedHidden = 0;
      if (narrowedDates()) for (i = 0; i < n; i++) if (dayOffsets[i] < 0 && matched[i] && typeOn[E.event_type[i]]) undatedHidden++;
      undatedEl.textContent = undatedHidden ? " · " + undatedHidden + " undated hidden by the date range" : "";
      api.visibleCount = visibleCount;
      api.visiblePlaces = placeGroup.getLayers().length;
      updateLegend(perType);
      timeline.draw();
      scheduleList();
      if (permalink) permalink.write();
    }

    /* ---------- the one legend (also switches the layers) ---------- */
    var legendEl = q(".geomap-legend"), legendButtons = [];
    function legendItem(mark, name, layer, key) {
      var button = el("button", "geomap-legend-item");
      button.type = "button";
      button.dataset.layer = key;
      var check = el("span", "check");
      button.appendChild(check);
      button.appendChild(mark);
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
    var layerByName = {}, layerOrder = [];
    function register(name, layer) { layerByName[name] = layer; layerOrder.push(name); }
    for (t = 0; t < nt; t++) { legendItem(swatch(t), T[t].label, groups[t], T[t].name); register(T[t].name, groups[t]); }
    if (data.shapes.length) { legendItem(el("span", "geomap-swatch outline"), "outlines", outlineGroup, "outlines"); register("outlines", outlineGroup); }
    legendItem(el("span", "geomap-swatch place"), "places mentioned", placeGroup, "places"); register("places", placeGroup);
    legendItem(el("span", "geomap-swatch label"), "labels", api.layers.labels, "labels"); register("labels", api.layers.labels);
    legendItem(el("span", "geomap-swatch heat"), "heat map", heat, "heat"); register("heat", heat);
    var keyEl = el("div", "geomap-legend-key");
    var areaMark = el("span", "geomap-swatch area-key");
    keyEl.appendChild(areaMark);
    keyEl.appendChild(el("span", null, "dashed ring: placed at an area (region, river, sea), not a town"));
    var fatMark = el("span", "geomap-fat-key", "3");
    keyEl.appendChild(fatMark);
    keyEl.appendChild(el("span", null, "fatalities reported"));
    legendEl.appendChild(keyEl);
    function updateLegend(perType) {
      legendButtons.forEach(function (b, k) {
        var on = map.hasLayer(b.layer);
        b.button.classList.toggle("off", !on);
        b.button.setAttribute("aria-pressed", on ? "true" : "false");
        if (k < nt) b.count.textContent = String(perType[k]);
      });
    }

    /* ---------- timeline, playback, search, permalink (other files) ---------- */
    ctx.applyFilters = applyFilters; ctx.range = range; ctx.narrowedDates = narrowedDates;
    ctx.stopPlayback = function () { if (playback) playback.stop(); };
    ctx.setRange = function (from, to) { fromInput.value = from || ""; toInput.value = to || ""; applyFilters(); };
    ctx.resetDates = resetDates;
    var playback = null, permalink = null;
    var timeline = P.timeline(ctx);
    timings.timeline = performance.now() - T0;
    var search = ctx.search = P.search(ctx);
    ctx.layerByName = layerByName;
    ctx.layerNames = function () { return layerOrder; };
    playback = P.playback(ctx);
    /* ---------- side list of visible events in view ---------- */
    var order = [];
    for (i = n - 1; i >= 0; i--) if (E.event_date[i]) order.push(i);
    for (i = n - 1; i >= 0; i--) if (!E.event_date[i]) order.push(i);
    var listQueued = false, activeIndex = -1;
    function scheduleList() {
      if (listQueued) return;
      listQueued = true;
      (window.requestAnimationFrame || setTimeout)(function () { listQueued = false; updateList(); });
    }
    /* The list holds up to LIST_LIMIT events; only the first LIST_CHUNK entries are built at
     * once, the next ones when the list is scrolled near its end. */
    var LIST_CHUNK = 50, listItems = [], listBuilt = 0, listMore = null;
    function listEntry(i) {
      var li = el("li", "geomap-t" + E.event_type[i]);
      li.tabIndex = 0;
      li.dataset.gi = String(i);
      if (i === activeIndex) li.classList.add("active");
      li.appendChild(metaRow(i));
      var text = S[E.evidence[i]];
      li.appendChild(el("div", "text", text.length > 220 ? text.slice(0, 217) + "…" : text));
      return li;
    }
    function buildListChunk() {
      var frag = document.createDocumentFragment(), end = Math.min(listItems.length, listBuilt + LIST_CHUNK);
      for (; listBuilt < end; listBuilt++) frag.appendChild(listEntry(listItems[listBuilt]));
      if (listMore) listEl.insertBefore(frag, listMore); else listEl.appendChild(frag);
    }
    function updateList() {
      var b = map.getBounds(), south = b.getSouth(), north = b.getNorth(), west = b.getWest(), east = b.getEast();
      var wrap = east - west >= 360, inView = 0, items = [], la = E.lat, lo = E.lon, et = E.event_type;
      for (var k = 0; k < order.length; k++) {
        var i = order[k];
        if (shown[i] !== 1 || typeOn[et[i]] !== 1) continue;
        var lat = la[i], lon = lo[i];
        if (lat < south || lat > north) continue;
        if (!wrap) {  // the view may run past +-180 (world copies): compare in its frame
          while (lon < west) lon += 360;
          while (lon > east) lon -= 360;
          if (lon < west) continue;
        }
        inView++;
        if (items.length < LIST_LIMIT) items.push(i);
      }
      listEl.textContent = "";
      listItems = items; listBuilt = 0; listMore = null;
      if (inView > items.length) {
        listMore = el("li", "more", "…and " + (inView - items.length) + " more: zoom in, search or narrow the dates");
      }
      if (!inView) listMore = el("li", "more", n ? "No events in this view." : "No events.");
      if (listMore) listEl.appendChild(listMore);
      buildListChunk();
      listCountEl.textContent = "(" + inView + ")";
    }
    listEl.addEventListener("scroll", function () {
      if (listBuilt < listItems.length && listEl.scrollTop + listEl.clientHeight > listEl.scrollHeight - 400) buildListChunk();
    });
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
      head.appendChild(swatch(t));
      head.appendChild(el("span", "type", T[t].label));
      head.appendChild(el("span", "date" + (pubDated[i] ? " pub" : ""), eventDateLabel(i)));
      root.appendChild(head);
      var st = E.sub_event_type ? S[E.sub_event_type[i]] : "";
      if (st) root.appendChild(el("div", "subtype", st));
      var ds = E.date_source ? S[E.date_source[i]] : "", dsText = !E.event_date[i] ? "no date found" :
        pubDated[i] ? "date of publication: no date in the text" : DATE_SOURCE[ds] || "";
      if (S[E.date_text[i]]) dsText = (dsText ? dsText + ": " : "date from: ") + "“" + S[E.date_text[i]] + "”";
      if (dsText) root.appendChild(el("div", "sub datesource", dsText));
      var f = E.fatalities[i];
      root.appendChild(el("div", "fatalities" + (f > 0 ? " some" : ""), f < 0 ? "fatalities: not stated" : "fatalities: " + f));
      var place = el("div", "place");
      place.appendChild(el("strong", null, S[E.place_name[i]] || "?"));
      var where = [S[E.kind[i]], GEO_PRECISION[E.geo_precision[i]] ? "precision " + E.geo_precision[i] + ": " + GEO_PRECISION[E.geo_precision[i]] : "",
                   S[E.admin1[i]], S[E.country_code[i]]].filter(Boolean).join(" · ");
      if (where) place.appendChild(el("span", "sub", " " + where));
      root.appendChild(place);
      if (outlineKinds[S[E.kind[i]]] && E.shape[i] < 0) {
        root.appendChild(el("div", "sub nooutline", "No boundary known for this area: the marker stands at its centre, no outline is drawn."));
      }
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
      var art = A[E.article[i]], title = S[art[0]] || art[1] || "source", href = U.safeHref(art[1]);
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
    function resetDates() { playback.reset(); fromInput.value = minDate; toInput.value = maxDate; applyFilters(); }
    fromInput.value = minDate; toInput.value = maxDate;
    [fromInput, toInput].forEach(function (input) {
      input.addEventListener("change", function () { playback.reset(); applyFilters(); });
      input.addEventListener("input", function () {
        var v = input.value.trim();
        if (v === "" || U.validIso(v)) { playback.reset(); applyFilters(); }
      });
    });
    q(".geomap-date-reset").addEventListener("click", resetDates);
    api.setRange = ctx.setRange;
    api.renderedMarkers = function () {
      return drawn.reduce(function (sum, f) { return sum + (f.properties.cluster ? f.properties.point_count : 1); }, 0);
    };

    var toggles = groups.concat([outlineGroup, placeGroup, heat, api.layers.labels]);
    toggles.forEach(function (layer) { layer.on("add remove", function () { scheduleRefresh(); }); });
    var refreshQueued = false;
    function scheduleRefresh() {
      if (refreshQueued) return;
      refreshQueued = true;
      setTimeout(function () { refreshQueued = false; refresh(); }, 0);
    }

    for (t = 0; t < nt; t++) map.addLayer(groups[t]);
    map.addLayer(outlineGroup);
    map.addLayer(api.layers.labels);
    ctx.defaultLayers = layerOrder.filter(function (name) { return map.hasLayer(layerByName[name]); });
    permalink = P.permalink(ctx);
    var viewSet = location.hash ? permalink.apply(location.hash) : false;
    if (!viewSet && opts.bounds) {
      var bounds = L.latLngBounds(opts.bounds);
      if (bounds.getNorth() - bounds.getSouth() < 0.5 && bounds.getEast() - bounds.getWest() < 0.5) {
        map.setView(bounds.getCenter(), 7, { animate: false });  // one spot: keep some context
      } else {
        map.fitBounds(bounds, { padding: [40, 40], maxZoom: 9, animate: false });
      }
    }
    drawBasemap();
    timings.basemap = performance.now() - T0;
    for (t = 0; t < nt; t++) typeOn[t] = map.hasLayer(groups[t]) ? 1 : 0;
    timings.beforeRefresh = performance.now() - T0;
    applyFilters();
    timings.afterRefresh = performance.now() - T0;
    updateList();  // the first list is there when the page says it is ready
    ctx.labels.update();
    timings.refresh = performance.now() - T0;
    api.timings = timings;
    api.ready = true;
    return api;
  }

  window.geomapInit = geomapInit;
})();
