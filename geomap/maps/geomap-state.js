/* geomap-state.js: text search over the events, and the permalink in the URL hash.
 *
 * Search (.geomap-search) matches, case-insensitively, the place, the evidence sentence,
 * the article's title and source, the admin region and the (sub-)event type; it works on
 * the string table (each distinct string is tested once), so it stays fast at 100k events.
 *
 * Hash: #from=YYYY-MM-DD&to=YYYY-MM-DD&q=TEXT&layers=NAME,NAME&view=LAT,LON,ZOOM.  Every
 * value is only ever compared or put into an input's value: never parsed as HTML.
 */
(function () {
  "use strict";
  var U = window.GeomapUtil;

  window.GeomapParts.search = function (ctx) {
    var S = ctx.data.strings, A = ctx.data.articles, T = ctx.T, E = ctx.E, n = ctx.n;
    var matched = ctx.matched, current = "";
    var fields = ["place_name", "evidence", "sub_event_type", "admin1", "country_code"].filter(function (f) { return E[f]; });
    function set(text) {
      var q = String(text || "").trim().toLowerCase();
      if (q === current) return false;
      current = q;
      if (!q) { matched.fill(1); return true; }
      // a case-insensitive literal pattern: no lowered copy of the string table to build
      var re = new RegExp(q.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&"), "i");
      var hit = new Uint8Array(S.length);
      for (var k = 0; k < S.length; k++) if (re.test(S[k])) hit[k] = 1;
      var typeHit = T.map(function (t) { return (t.label + " " + t.name).toLowerCase().indexOf(q) >= 0 ? 1 : 0; });
      var artHit = new Uint8Array(A.length);
      for (k = 0; k < A.length; k++) artHit[k] = hit[A[k][0]] || hit[A[k][2]] ? 1 : 0;
      var cols = fields.map(function (f) { return E[f]; }), nc = cols.length, et = E.event_type, art = E.article;
      for (var i = 0; i < n; i++) {
        var m = typeHit[et[i]] || artHit[art[i]];
        for (var c = 0; c < nc && !m; c++) m = hit[cols[c][i]];
        matched[i] = m ? 1 : 0;
      }
      return true;
    }
    var input = ctx.q(".geomap-search"), timer = null;
    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { timer = null; if (set(input.value)) ctx.applyFilters(); }, 120);
    });
    input.addEventListener("keydown", function (evt) {
      if (evt.key === "Enter") { if (timer) clearTimeout(timer); timer = null; if (set(input.value)) ctx.applyFilters(); }
    });
    ctx.api.search = function (text) { input.value = text; set(text); ctx.applyFilters(); };
    return { set: set, input: input, active: function () { return current !== ""; }, value: function () { return current; } };
  };

  window.GeomapParts.permalink = function (ctx) {
    var map = ctx.map, applying = false, timer = null;
    function parse(hash) {
      var out = {};
      String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
        if (!part) return;
        var at = part.indexOf("="), key = at < 0 ? part : part.slice(0, at), value = at < 0 ? "" : part.slice(at + 1);
        try { out[decodeURIComponent(key)] = decodeURIComponent(value.replace(/\+/g, " ")); } catch (e) { /* bad escape: ignored */ }
      });
      return out;
    }
    function build() {
      var parts = [], from = ctx.fromInput.value, to = ctx.toInput.value;
      if (ctx.narrowedDates()) {
        if (U.validIso(from)) parts.push("from=" + from);
        if (U.validIso(to)) parts.push("to=" + to);
      }
      var q = ctx.search.input.value.trim();
      if (q) parts.push("q=" + encodeURIComponent(q));
      var on = ctx.layerNames().filter(function (name) { return map.hasLayer(ctx.layerByName[name]); });
      if (on.join(",") !== ctx.defaultLayers.join(",")) parts.push("layers=" + on.map(encodeURIComponent).join(","));
      var c = map.getCenter();
      parts.push("view=" + c.lat.toFixed(4) + "," + c.lng.toFixed(4) + "," + map.getZoom());
      return "#" + parts.join("&");
    }
    function write() {
      if (applying) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        timer = null;
        var hash = build();
        if (hash !== location.hash) {
          try { history.replaceState(null, "", hash); } catch (e) { /* some file:// contexts refuse: ignored */ }
        }
        ctx.api.hash = hash;
      }, 150);
    }
    /* restore a state; returns true when it set the view */
    function apply(hash) {
      var s = parse(hash), viewSet = false;
      applying = true;
      try {
        if ("from" in s || "to" in s) {
          ctx.fromInput.value = U.validIso(s.from || "") ? s.from : ctx.minDate;
          ctx.toInput.value = U.validIso(s.to || "") ? s.to : ctx.maxDate;
        }
        if ("q" in s) { ctx.search.input.value = s.q; ctx.search.set(s.q); }
        if ("layers" in s) {
          var want = {};
          s.layers.split(",").forEach(function (name) { want[name] = true; });
          ctx.layerNames().forEach(function (name) {
            var layer = ctx.layerByName[name];
            if (want[name] && !map.hasLayer(layer)) map.addLayer(layer);
            else if (!want[name] && map.hasLayer(layer)) map.removeLayer(layer);
          });
        }
        if (s.view) {
          var v = s.view.split(",").map(Number);
          if (v.length === 3 && v.every(isFinite) && Math.abs(v[0]) <= 90 && Math.abs(v[1]) <= 540) {
            map.setView([v[0], v[1]], Math.max(2, Math.min(18, Math.round(v[2]))), { animate: false });
            viewSet = true;
          }
        }
      } finally {
        applying = false;
      }
      return viewSet;
    }
    window.addEventListener("hashchange", function () {
      if (ctx.api.hash === location.hash) return;
      apply(location.hash);
      ctx.applyFilters();
    });
    map.on("moveend", write);
    return { apply: apply, write: write };
  };
})();
