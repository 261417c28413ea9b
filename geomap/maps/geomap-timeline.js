/* geomap-timeline.js: the per-day histogram (labelled axis, drag to pick a range) and the
 * playback that steps a day or week window through the dates.
 *
 * Bars stack events dated from their text (solid) over events dated only by their
 * publication (hatched); undated events are counted beside the axis.
 */
(function () {
  "use strict";
  var U = window.GeomapUtil;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  /* tick days and labels for an axis from day `start` to `end` */
  function ticks(start, end) {
    var days = end - start + 1, out = [];
    if (days <= 21) {
      var step = days <= 8 ? 1 : days <= 15 ? 2 : 3;
      for (var d = start; d <= end; d += step) out.push([d, U.isoOf(d).slice(5)]);
      return out;
    }
    var first = new Date(start * 86400000), y = first.getUTCFullYear(), m = first.getUTCMonth() + 1;
    var months = days / 30.4, every = months <= 8 ? 1 : months <= 16 ? 2 : months <= 30 ? 3 : months <= 60 ? 6 : 12;
    for (;;) {
      if (m > 11) { m -= 12; y++; }
      var day = Math.floor(Date.UTC(y, m, 1) / 86400000);
      if (day > end) break;
      if (m % every === 0) out.push([day, m === 0 ? String(y) : MONTHS[m]]);
      m++;
    }
    // the year of the first ticks when no January tick follows soon
    if (out.length && !/^\d/.test(out[0][1]) && !(out[1] && /^\d/.test(out[1][1])) && !(out[2] && /^\d/.test(out[2][1]))) {
      out[0][1] += " " + new Date(out[0][0] * 86400000).getUTCFullYear();
    }
    if (!out.length) out.push([start, U.isoOf(start).slice(0, 7)]);
    return out;
  }

  window.GeomapParts.timeline = function (ctx) {
    var box = ctx.q(".geomap-timeline");
    if (!ctx.minDate) { box.style.display = "none"; ctx.q(".geomap-timeline-hint").style.display = "none"; return { draw: function () {} }; }
    var W = 328, H = 48, barsH = 46, start = U.dayNumber(ctx.minDate), end = U.dayNumber(ctx.maxDate), n = ctx.n;
    var days = end - start + 1, binDays = Math.max(1, Math.ceil(days / 110)), nb = Math.ceil(days / binDays);
    var svg = U.svgEl("svg", { viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "none", role: "img",
                               "aria-label": "Events per day; drag to choose a date range" });
    var defs = U.svgEl("defs", {}), pat = U.svgEl("pattern", { id: "geomap-hatch", width: 3, height: 3, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    pat.appendChild(U.svgEl("rect", { width: 3, height: 3, fill: "#dfe5ee" }));
    pat.appendChild(U.svgEl("line", { x1: 0, y1: 0, x2: 0, y2: 3, stroke: "#3b5b8c", "stroke-width": 1.4 }));
    defs.appendChild(pat);
    svg.appendChild(defs);
    var bw = W / nb, rects = [], pubs = [];
    var brush = U.svgEl("rect", { "class": "brush", y: 0, height: barsH + 2, x: 0, width: 0 });
    svg.appendChild(brush);
    for (var b = 0; b < nb; b++) {
      var x = (b * bw + (bw > 3 ? 0.5 : 0)).toFixed(2), w = Math.max(0.6, bw - (bw > 3 ? 1 : 0)).toFixed(2);
      var r = U.svgEl("rect", { "class": "bar", x: x, width: w, y: barsH, height: 0 });
      var p = U.svgEl("rect", { "class": "bar pub", x: x, width: w, y: barsH, height: 0 });
      svg.appendChild(r); svg.appendChild(p);
      rects.push(r); pubs.push(p);
    }
    box.appendChild(svg);
    var axis = U.el("div", "geomap-axis");  // HTML, not SVG text: the SVG stretches with the panel
    ticks(start, end).forEach(function (t) {
      var tick = U.el("span", "tick", t[1]);
      tick.style.left = ((t[0] - start) / days * 100).toFixed(2) + "%";
      axis.appendChild(tick);
    });
    box.appendChild(axis);
    var undatedEl = U.el("div", "geomap-timeline-undated");
    box.appendChild(undatedEl);
    var binOf = new Int32Array(n), E = ctx.E;
    for (var i = 0; i < n; i++) binOf[i] = ctx.dayOffsets[i] >= 0 ? Math.floor(ctx.dayOffsets[i] / binDays) : -1;

    function binAt(evt) {
      var rect = svg.getBoundingClientRect();
      var x = (evt.clientX - rect.left) / Math.max(1, rect.width) * W;
      return Math.max(0, Math.min(nb - 1, Math.floor(x / bw)));
    }
    function setBins(a, b) {
      var lo = Math.min(a, b), hi = Math.max(a, b);
      ctx.fromInput.value = U.isoOf(start + lo * binDays);
      ctx.toInput.value = U.isoOf(Math.min(end, start + (hi + 1) * binDays - 1));
      drawBrush();
    }
    var anchor = null;
    svg.addEventListener("pointerdown", function (evt) {
      ctx.stopPlayback();
      anchor = binAt(evt); setBins(anchor, anchor);
      if (svg.setPointerCapture) svg.setPointerCapture(evt.pointerId);
      evt.preventDefault();
    });
    svg.addEventListener("pointermove", function (evt) { if (anchor !== null) setBins(anchor, binAt(evt)); });
    function finish() { if (anchor !== null) { anchor = null; ctx.applyFilters(); } }
    svg.addEventListener("pointerup", finish);
    svg.addEventListener("pointercancel", finish);
    svg.addEventListener("dblclick", function () { ctx.resetDates(); });

    function drawBrush() {
      var range = ctx.range();
      if (!ctx.narrowedDates()) { brush.setAttribute("width", 0); return; }
      var lo = Math.max(0, Math.floor((range[0] - start) / binDays)), hi = Math.min(nb - 1, Math.floor((range[1] - start) / binDays));
      if (hi < lo) { brush.setAttribute("width", 0); return; }
      brush.setAttribute("x", (lo * bw).toFixed(2));
      brush.setAttribute("width", ((hi - lo + 1) * bw).toFixed(2));
    }

    function draw() {
      var counts = new Int32Array(nb), pubCounts = new Int32Array(nb), inRange = new Uint8Array(nb), max = 0, undated = 0;
      var typeOn = ctx.typeOn, T = E.event_type, matched = ctx.matched, shown = ctx.shown, pub = ctx.pubDated;
      for (var i = 0; i < n; i++) {
        if (!typeOn[T[i]] || !matched[i]) continue;
        var b = binOf[i];
        if (b < 0) { undated++; continue; }
        counts[b]++;
        if (pub[i]) pubCounts[b]++;
        if (shown[i]) inRange[b] = 1;
      }
      for (var k = 0; k < nb; k++) if (counts[k] > max) max = counts[k];
      for (k = 0; k < nb; k++) {
        var h = counts[k] ? Math.max(2, Math.sqrt(counts[k] / max) * barsH) : 0;
        var hp = counts[k] ? h * pubCounts[k] / counts[k] : 0;
        rects[k].setAttribute("y", (barsH - h).toFixed(2));
        rects[k].setAttribute("height", h.toFixed(2));
        rects[k].setAttribute("class", inRange[k] ? "bar in" : "bar");
        pubs[k].setAttribute("y", (barsH - h).toFixed(2));
        pubs[k].setAttribute("height", hp.toFixed(2));
      }
      undatedEl.textContent = undated ? "+ " + undated + " undated (not on the timeline)" : "";
      drawBrush();
    }
    return { draw: draw };
  };

  /* ---------- playback: a day/week window stepped through the date range ---------- */
  window.GeomapParts.playback = function (ctx) {
    var button = ctx.q(".geomap-play"), windowSel = ctx.q(".geomap-play-window"),
        modeSel = ctx.q(".geomap-play-mode"), speedSel = ctx.q(".geomap-play-speed");
    var timer = null, cursor = null, origin = null;
    if (!ctx.minDate) { ctx.q(".geomap-play-row").style.display = "none"; }
    var start = U.dayNumber(ctx.minDate), end = U.dayNumber(ctx.maxDate);
    function label() { button.textContent = timer ? "❚❚ Pause" : "▶ Play"; button.setAttribute("aria-pressed", timer ? "true" : "false"); }
    /* one step: the window ending at the next day (or week); false at the end */
    function step() {
      var w = +windowSel.value || 1;
      if (cursor === null) {
        var range = ctx.range();
        origin = ctx.narrowedDates() ? range[0] : start;
        cursor = origin + w - 1;
      } else {
        cursor += w;
      }
      if (cursor > end + w - 1 || cursor < start) { cursor = null; return false; }
      var to = Math.min(cursor, end), from = modeSel.value === "accumulate" ? origin : Math.max(start, cursor - w + 1);
      ctx.setRange(U.isoOf(from), U.isoOf(to));
      return true;
    }
    function tick() {
      if (!step()) { stop(); return; }
      timer = setTimeout(tick, +speedSel.value || 800);
    }
    function stop() { if (timer) clearTimeout(timer); timer = null; label(); }
    function play() { if (timer) return; timer = setTimeout(tick, 0); label(); }
    button.addEventListener("click", function () { if (timer) stop(); else { cursor = cursor === null ? null : cursor; play(); } });
    windowSel.addEventListener("change", function () { cursor = null; });
    modeSel.addEventListener("change", function () { cursor = null; });
    label();
    ctx.api.play = play;
    ctx.api.pause = stop;
    ctx.api.playStep = step;
    return { stop: stop, reset: function () { stop(); cursor = null; }, playing: function () { return !!timer; } };
  };
})();
