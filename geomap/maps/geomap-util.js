/* geomap-util.js: DOM helpers, ISO day arithmetic and the event pictograms of a geomap page.
 *
 * Pictograms are SVG drawn here (24x24 grid, no third-party icon set): one per ACLED event
 * type, and a few per sub-event type.  Icon HTML is built only from these constants, our
 * palette colours (checked against #RRGGBB) and numbers: never from article text.
 */
(function () {
  "use strict";

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

  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
  function dayNumber(iso) {
    var m = ISO.exec(iso);
    if (!m) return NaN;
    return Math.floor(Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000);
  }
  function isoOf(day) { return new Date(day * 86400000).toISOString().slice(0, 10); }
  function validIso(text) { return ISO.test(text) && isoOf(dayNumber(text)) === text; }

  function svgEl(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    return node;
  }

  /* ---------- pictograms: {d: path, fill: filled shape?, c: [[cx, cy, r]...]} ---------- */
  var STAR = "M12 2.5l2.2 5 5.3-1.9-1.9 5.3 4.9 2.2-4.9 2.1 1.9 5.4-5.3-1.9-2.2 4.9-2.1-4.9-5.4 1.9 1.9-5.4-4.9-2.1 4.9-2.2-1.9-5.3 5.4 1.9z";
  var GLYPHS = {
    swords: { d: "M5 19L19 5M19 5h-4M19 5v4M5 5l14 14M5 5h4M5 5v4M3.5 16.5l4 4M20.5 16.5l-4 4" },
    star: { d: STAR, fill: true },
    drone: { d: "M12 3v12M7 10l5 5 5-5M5 20h14" },
    mine: { d: "M12 3v3M12 18v3M3 12h3M18 12h3M5.6 5.6l2.1 2.1M16.3 16.3l2.1 2.1M5.6 18.4l2.1-2.1M16.3 7.7l2.1-2.1", c: [[12, 12, 4.5]] },
    person: { d: "M6 21c0-4.2 2.7-7 6-7s6 2.8 6 7", c: [[12, 7.5, 3.4]] },
    placard: { d: "M4.5 4h15v9h-15zM12 13v8" },
    flame: { d: "M12 2.5c.8 4 5.5 6 5.5 11.2a5.5 5.5 0 0 1-11 0c0-2.4 1.2-4.2 2.4-5.4 0 2.2 1 3.4 2.1 3.6-.3-3.4.2-6.6 1-9.4z", fill: true },
    flag: { d: "M6 21V3.5M6 4h12l-2.5 4 2.5 4H6" },
    cuffs: { d: "M10.5 14h3M9.5 9.5l1-3h3l1 3", c: [[7, 14, 3.5], [17, 14, 3.5]] },
    shield: { d: "M12 3l7.5 3v5.5c0 4.5-3.2 7.8-7.5 9.5-4.3-1.7-7.5-5-7.5-9.5V6z" },
    house: { d: "M4 11l8-7 8 7v9.5H4zM11 20.5l2-4.5-2-3 2-3" },
    base: { d: "M3 21h18M5 21V11l7-5 7 5v10M10 21v-5h4v5" },
    dot: { d: "", c: [[12, 12, 4]] }
  };
  var TYPE_GLYPH = {
    "Battles": "swords", "Explosions/Remote violence": "star", "Violence against civilians": "person",
    "Protests": "placard", "Riots": "flame", "Strategic developments": "flag"
  };
  var SUB_GLYPH = {
    "Air/drone strike": "drone", "Shelling/artillery/missile attack": "star",
    "Remote explosive/landmine/IED": "mine", "Armed clash": "swords", "Attack": "person",
    "Abduction/forced disappearance": "person", "Peaceful protest": "placard",
    "Violent demonstration": "flame", "Arrests": "cuffs", "Disrupted weapons use": "shield",
    "Looting/property destruction": "house", "Headquarters or base established": "base",
    "Non-violent transfer of territory": "flag", "Other": null
  };

  function glyphName(typeName, subType) {
    return (subType && SUB_GLYPH[subType]) || TYPE_GLYPH[typeName] || "dot";
  }

  var svgCache = {};
  function glyphSvg(name) {
    if (svgCache[name]) return svgCache[name];
    var g = GLYPHS[name] || GLYPHS.dot, parts = [];
    if (g.d) parts.push('<path d="' + g.d + '"' + (g.fill ? ' fill="currentColor" stroke="none"' : "") + "/>");
    (g.c || []).forEach(function (c) {
      parts.push('<circle cx="' + c[0] + '" cy="' + c[1] + '" r="' + c[2] + '"' + (name === "dot" ? ' fill="currentColor"' : "") + "/>");
    });
    return (svgCache[name] = '<svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" ' +
      'stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round">' + parts.join("") + "</svg>");
  }

  /* light colours (Riots' yellow) take a dark pictogram */
  function isLight(hex) {
    if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return false;
    var r = parseInt(hex.slice(1, 3), 16), g = parseInt(hex.slice(3, 5), 16), b = parseInt(hex.slice(5, 7), 16);
    return 0.299 * r + 0.587 * g + 0.114 * b > 170;
  }

  /* an icon element's HTML (constants and numbers only) */
  function iconHtml(typeIndex, glyph, area, fatalities, light) {
    var cls = "geomap-icon geomap-t" + (typeIndex | 0) + (area ? " area" : "") + (light ? " light" : "");
    var badge = fatalities > 0 ? '<span class="geomap-fat" title="fatalities">' + (fatalities > 999 ? "999+" : String(fatalities | 0)) + "</span>" : "";
    return '<div class="' + cls + '">' + glyphSvg(glyph) + badge + "</div>";
  }

  window.GeomapUtil = {
    el: el, esc: esc, safeHref: safeHref, dayNumber: dayNumber, isoOf: isoOf, validIso: validIso,
    svgEl: svgEl, glyphName: glyphName, glyphSvg: glyphSvg, iconHtml: iconHtml, isLight: isLight
  };
  window.GeomapParts = window.GeomapParts || {};
})();
