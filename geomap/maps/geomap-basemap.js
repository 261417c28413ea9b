/* geomap-basemap.js: the vector base map (Natural Earth countries: land, borders, water as
 * the background) and the place labels (.geomap-label), decluttered at every zoom.
 *
 * Offline pages carry the base map inline (<script id="geomap-basemap">); online pages
 * fetch the same pinned world-atlas file and draw it beneath the tiles, so a page whose
 * tiles fail still shows land, borders and labels.  Labels: every event place, the other
 * places mentioned, and for orientation country names and the gazetteer's largest places
 * around the events (data.orientation; bigger ones from lower zooms); the higher-ranked label wins where
 * two would overlap.  Names are set with textContent.
 */
(function () {
  "use strict";
  var U = window.GeomapUtil;

  function ringArea(ring) {
    var a = 0;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
    return Math.abs(a / 2);
  }
  function ringCentroid(ring) {
    var x = 0, y = 0, a = 0;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      x += (ring[j][0] + ring[i][0]) * f; y += (ring[j][1] + ring[i][1]) * f; a += f * 3;
    }
    return a ? [x / a, y / a] : ring[0];
  }
  /* the label point of a country: centroid of its largest ring, and that ring's area */
  function countryAnchor(geometry) {
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    var best = null, bestArea = 0;
    polys.forEach(function (p) { var a = ringArea(p[0]); if (a > bestArea) { bestArea = a; best = p[0]; } });
    return best ? { ll: ringCentroid(best), area: bestArea } : null;
  }

  function drawBasemap(ctx, topo) {
    var map = ctx.map, pane = map.getPane("geomap-basemap");
    var renderer = L.canvas({ pane: "geomap-basemap", padding: 0.5 }), countries = topo.objects.countries;
    var base = { pane: "geomap-basemap", renderer: renderer, interactive: false };
    var land = topojson.feature(topo, countries);
    L.geoJSON(land, L.extend({ attribution: "Made with Natural Earth",
      style: { stroke: false, fillColor: "#f4f2ee", fillOpacity: 1 } }, base)).addTo(map);
    L.geoJSON(topojson.mesh(topo, countries, function (a, b) { return a === b; }),
      L.extend({ style: { color: "#8fb0c9", weight: 0.8, fill: false } }, base)).addTo(map);
    // region (admin-1) boundaries of the events' countries, when the gazetteer has them
    if (ctx.data.regions && ctx.data.regions.length) {
      L.geoJSON({ type: "GeometryCollection", geometries: ctx.data.regions },
        L.extend({ style: { color: "#b4bcc6", weight: 0.7, dashArray: "2 3", fill: false } }, base)).addTo(map);
      ctx.api.regionCount = ctx.data.regions.length;
    }
    // land borders; Natural Earth 4.1 draws Crimea inside Russia: its isthmus line is left
    // out so that Crimea shows as part of Ukraine (the internationally recognised border)
    var borders = topojson.mesh(topo, countries, function (a, b) { return a !== b; });
    borders.coordinates = borders.coordinates.filter(function (line) {
      return !line.every(function (p) { return p[0] > 32.5 && p[0] < 36.8 && p[1] > 44.2 && p[1] < 46.4; });
    });
    ctx.api.basemapBorders = borders;
    L.geoJSON(borders, L.extend({ style: { color: "#9aa3ae", weight: 1, dashArray: "4 2", fill: false } }, base)).addTo(map);
    pane.classList.add("geomap-basemap-drawn");
    map.getContainer().classList.add("geomap-vector");
    land.features.forEach(function (f) {
      var name = f.properties && f.properties.name, at = countryAnchor(f.geometry || {});
      if (name && at) ctx.labels.add(name, at.ll[1], at.ll[0], 100 + Math.min(900, at.area), "country");
    });
    ctx.labels.update();
  }

  window.GeomapParts.basemap = function (ctx) {
    var map = ctx.map, opts = ctx.opts;
    var pane = map.createPane("geomap-basemap");
    pane.style.zIndex = 150;  // beneath the tiles (200): shows wherever no tile is drawn
    pane.style.pointerEvents = "none";
    var labelPane = map.createPane("geomap-labels");
    labelPane.style.zIndex = 450;  // above outlines (400), beneath markers (600)
    labelPane.style.pointerEvents = "none";
    ctx.labels = placeLabels(ctx);

    // "Vector map" is a base layer of the layer control: picking it hides every tile layer
    var vector = L.layerGroup();
    ctx.control.addBaseLayer(vector, "Vector map (offline, Natural Earth)");
    if (opts.offline) vector.addTo(map);
    ctx.api.layers.vector = vector;

    /* drawn once the page has set its view (drawing it before would draw it twice) */
    return function draw() {
      var inline = document.getElementById("geomap-basemap");
      if (inline && window.topojson) {
        try { drawBasemap(ctx, JSON.parse(inline.textContent)); }
        catch (err) { if (window.console) console.warn("geomap: base map unavailable", err); }
      } else if (opts.basemapUrl && window.topojson && window.fetch) {
        fetch(opts.basemapUrl).then(function (r) { return r.json(); })
          .then(function (topo) { drawBasemap(ctx, topo); })
          .catch(function (err) { if (window.console) console.warn("geomap: base map unavailable", err); });
      }
    };
  };

  /* ---------- labels ---------- */
  function placeLabels(ctx) {
    var map = ctx.map, items = [], seen = {}, layer = L.layerGroup(), placeOn = null;
    function add(name, lat, lon, rank, kind, row, minZoom) {
      if (!name || !isFinite(lat) || !isFinite(lon)) return;
      name = String(name);
      var key = name.toLowerCase(), item = { name: name, lat: lat, lon: lon, rank: rank, kind: kind, row: row,
                                             minZoom: minZoom || 0, marker: null };
      if (seen[key] !== undefined) {  // one label per name: keep the higher rank
        var old = items[seen[key]];
        if (old.rank >= rank) return;
        if (old.kind === kind) item.marker = old.marker;
        items[seen[key]] = item;
        return;
      }
      seen[key] = items.length;
      items.push(item);
    }
    function markerOf(item) {
      if (!item.marker) {
        var box = U.el("span", "geomap-label-text", item.name);
        item.marker = L.marker([item.lat, item.lon], { pane: "geomap-labels", interactive: false, keyboard: false,
          icon: L.divIcon({ className: "geomap-label geomap-label-" + item.kind, html: box, iconSize: null }) });
      }
      return item.marker;
    }
    var measure = document.createElement("canvas").getContext("2d");
    function widthOf(it) {  // the label's width in px, as geomap.css draws it
      if (it.w === undefined) {
        var country = it.kind === "country", text = country ? it.name.toUpperCase() : it.name;
        if (it.kind === "town") { measure.font = "500 10.5px " + getComputedStyle(map.getContainer()).fontFamily;
          return (it.w = measure.measureText(text).width + 14); }  // the dot and its gap
        measure.font = (country ? "500 11.5px " : "600 11px ") + getComputedStyle(map.getContainer()).fontFamily;
        it.w = measure.measureText(text).width + (country ? text.length * 0.92 : text.length * 0.11) + 6;
      }
      return it.w;
    }
    /* greedy declutter: labels in rank order, each kept if its box overlaps no kept box */
    function update() {
      if (!map.hasLayer(layer)) return;
      var size = map.getSize(), kept = [], keep = [], zoom = map.getZoom();
      var order = items.filter(function (it) {
        if (it.row !== undefined && placeOn && !placeOn(it.row)) return false;
        if (zoom < it.minZoom) return false;
        var p = map.latLngToContainerPoint([it.lat, it.lon]);
        it.p = p;
        return p.x > -50 && p.y > -20 && p.x < size.x + 50 && p.y < size.y + 20;
      }).sort(function (a, b) { return b.rank - a.rank; });
      for (var k = 0; k < order.length && keep.length < 250; k++) {
        var it = order[k], w = widthOf(it), h = 16;
        // names of event places sit right of their marker, orientation towns right of a dot
        var x0 = it.kind === "country" ? it.p.x - w / 2 : it.kind === "town" ? it.p.x - 4 : it.p.x + 13;
        var box = [x0, it.p.y - h / 2, x0 + w, it.p.y + h / 2], clash = false;
        for (var j = 0; j < kept.length && !clash; j++) {
          var o = kept[j];
          clash = box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1];
        }
        if (!clash) { kept.push(box); keep.push(it); }
      }
      layer.clearLayers();
      keep.forEach(function (it) { layer.addLayer(markerOf(it)); });
      ctx.api.labelCount = keep.length;
    }
    map.on("zoomend moveend", update);
    layer.on("add", function () { setTimeout(update, 0); });
    // event places, then the other places mentioned (rank by events, then mentions)
    ctx.data.places.forEach(function (p, row) {
      if (p[1] === "country") return;  // the base map names countries
      add(p[0], p[2], p[3], p[6] > 0 ? 5000 + p[6] : 1000 + p[4], p[6] > 0 ? "event" : "place", row);
    });
    // the gazetteer's largest places around the events, for orientation: bigger places
    // from lower zooms, beneath the country names and every place of the data
    (ctx.data.orientation || []).forEach(function (p) {
      var pop = +p[3] || 0, minZoom = pop >= 1e6 ? 4 : pop >= 3e5 ? 6 : pop >= 1e5 ? 7 : 8;
      add(p[0], p[1], p[2], 10 + Math.log(pop + 1) / Math.LN10 * 10, "town", undefined, minZoom);
    });
    ctx.api.layers.labels = layer;
    return { add: add, update: update, layer: layer, setFilter: function (f) { placeOn = f; } };
  }
})();
