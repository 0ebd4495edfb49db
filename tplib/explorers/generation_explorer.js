// The page's half of tplib/explorers/generation_explorer.py. Python writes the decoders (one
// per generator and seed, in standard coordinates), the real glyphs, their labels and the
// table of stroke patterns as JSON into the element "ID-data"; this file decodes with
// window.tplibDense (dense.js, run just before it) and computes the three measures of
// tplib/studies/glyph_measures.py. Under node it exports the measures (module.exports), for
// the tests that compare them with numpy; in a page it starts the explorer named by the
// data-for attribute of its own script element.
(function (root) {
  "use strict";
  // Mean |2 v - 1| over the pixels: 1 for pure ink and paper, 0 for all grey.
  function decisiveness(values) {
    var s = 0;
    for (var k = 0; k < values.length; k++) { s += Math.abs(2 * values[k] - 1); }
    return s / values.length;
  }
  // Wrong pixels (after thresholding at 0.5) to the nearest real glyph: {distance, index}.
  function novelty(values, real) {
    var best = {distance: Infinity, index: -1};
    for (var n = 0; n < real.length; n++) {
      var d = 0;
      for (var k = 0; k < values.length; k++) { d += ((values[k] > 0.5) !== (real[n][k] === "1")) ? 1 : 0; }
      if (d < best.distance) { best = {distance: d, index: n}; }
    }
    return best;
  }
  // Fraction of the 3 x 3 neighbourhoods (padded with paper) whose pattern the table has seen;
  // bit 3 * dr + dc is the pixel at offset (dr - 1, dc - 1) from the centre, as in numpy.
  function plausibility(values, table, rows, cols) {
    var seen = 0;
    for (var r = 0; r < rows; r++) {
      for (var c = 0; c < cols; c++) {
        var code = 0;
        for (var dr = 0; dr < 3; dr++) {
          for (var dc = 0; dc < 3; dc++) {
            var rr = r + dr - 1, cc = c + dc - 1;
            var on = rr >= 0 && rr < rows && cc >= 0 && cc < cols && values[rr * cols + cc] > 0.5;
            if (on) { code += 1 << (3 * dr + dc); }
          }
        }
        if (table[code] === "1") { seen += 1; }
      }
    }
    return seen / (rows * cols);
  }
  // All three and the kind (an index into P.kinds), as glyph_measures.kinds decides it.
  function measures(values, P) {
    var d = decisiveness(values), nv = novelty(values, P.real);
    var p = plausibility(values, P.table, P.rows, P.cols);
    var kind = d < P.greyBelow ? 3 : (nv.distance < P.newFrom ? 0 : (p < P.plausibleFrom ? 2 : 1));
    return {decisiveness: d, novelty: nv.distance, nearest: nv.index, plausibility: p, kind: kind};
  }
  // The kind of the glyph at each point of an n x n grid over [-E, E]^2, row by row from the
  // top, as tplib.studies.generators.kind_map lays it out: an array of n * n kinds.
  function kindMap(layers, P, n) {
    var E = P.extent, kinds = new Array(n * n);
    for (var i = 0; i < n; i++) {
      for (var j = 0; j < n; j++) {
        var u = [-E + 2 * E * j / (n - 1), E - 2 * E * i / (n - 1)];
        kinds[i * n + j] = measures(root.tplibDense.forward(layers, u), P).kind;
      }
    }
    return kinds;
  }
  var api = {decisiveness: decisiveness, novelty: novelty, plausibility: plausibility,
             measures: measures, kindMap: kindMap};
  if (typeof module !== "undefined" && module.exports) { module.exports = api; return; }

  window.tplibPage.boot(document.currentScript, ".tplib-generation", "flex", start);  // page.js

  function start(el, P) {
    var E = P.extent, PLANE = P.plane, M = P.margin, NS = "http://www.w3.org/2000/svg";
    var plane = el.querySelector(".tplib-plane"), cells = el.querySelectorAll("[data-pixel]");
    var pick = el.querySelector(".tplib-generator"), seed = el.querySelector(".tplib-seed");
    var s1 = el.querySelector(".tplib-u1"), s2 = el.querySelector(".tplib-u2");
    var readout = el.querySelector(".tplib-readout"), marker = null, u = [0, 0];
    var shade = el.querySelector(".tplib-shade");
    function x(v) { return M + (v + E) / (2 * E) * PLANE; }
    function y(v) { return M + (E - v) / (2 * E) * PLANE; }
    function add(tag, attrs, text) {
      var node = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      if (text) { node.textContent = text; }
      plane.appendChild(node);
      return node;
    }
    function run() { return P.runs[pick.value][+seed.value]; }
    function drawPlane() {
      while (plane.firstChild) { plane.removeChild(plane.firstChild); }
      add("rect", {x: M, y: M, width: PLANE, height: PLANE, fill: "#f7f7f7", stroke: "#999"});
      if (shade.checked) {
        var n = P.mapSize, kinds = kindMap(run().layers, P, n), canvas = document.createElement("canvas");
        canvas.width = canvas.height = n;
        var ctx = canvas.getContext("2d"), img = ctx.createImageData(n, n);
        kinds.forEach(function (k, i) {
          var c = P.colors[k];
          img.data.set([parseInt(c.substr(1, 2), 16), parseInt(c.substr(3, 2), 16),
                        parseInt(c.substr(5, 2), 16), 255], 4 * i);
        });
        ctx.putImageData(img, 0, 0);
        add("image", {x: M, y: M, width: PLANE, height: PLANE, href: canvas.toDataURL(),
                      preserveAspectRatio: "none", style: "image-rendering:pixelated",
                      "class": "tplib-kind-map"});
      }
      [1, 2].forEach(function (r) {
        add("circle", {cx: x(0), cy: y(0), r: r / (2 * E) * PLANE, fill: "none", stroke: "#bbb",
                       "stroke-dasharray": "3,3"});
      });
      run().codes.forEach(function (z, n) {
        add("circle", {cx: x(z[0]).toFixed(1), cy: y(z[1]).toFixed(1), r: 2.2, fill: "#1f77b4"});
        add("text", {x: (x(z[0]) + 3).toFixed(1), y: (y(z[1]) - 2).toFixed(1), "font-size": 9,
                     fill: "#1f4e79"}, P.labels[n]);
      });
      add("text", {x: M, y: M + PLANE + 14, "font-size": 10}, String(-E));
      add("text", {x: M + PLANE, y: M + PLANE + 14, "font-size": 10, "text-anchor": "end"}, String(E));
      add("text", {x: M + PLANE / 2, y: M + PLANE + 24, "font-size": 11}, "u\u2081");
      add("text", {x: 4, y: M + PLANE / 2, "font-size": 11}, "u\u2082");
      marker = add("circle", {r: 6, fill: "none", stroke: "#d62728", "stroke-width": 2.5});
    }
    function show(u1, u2) {
      u = [Math.min(E, Math.max(-E, u1)), Math.min(E, Math.max(-E, u2))];
      var values = window.tplibDense.forward(run().layers, u), m = measures(values, P);
      for (var k = 0; k < cells.length; k++) {
        var level = Math.round(255 * (1 - Math.min(1, Math.max(0, values[k]))));
        cells[k].setAttribute("fill", "rgb(" + level + "," + level + "," + level + ")");
      }
      marker.setAttribute("cx", x(u[0]).toFixed(1));
      marker.setAttribute("cy", y(u[1]).toFixed(1));
      if (+s1.value !== u[0]) { s1.value = u[0]; }
      if (+s2.value !== u[1]) { s2.value = u[1]; }
      s1.setAttribute("aria-valuetext", "u\u2081 = " + u[0].toFixed(2));
      s2.setAttribute("aria-valuetext", "u\u2082 = " + u[1].toFixed(2));
      var at = "u = (" + u[0].toFixed(2) + ", " + u[1].toFixed(2) + ")";
      plane.setAttribute("aria-label", "standard plane of generator " + pick.value + " (seed " +
                         seed.value + ")" + (shade.checked ? ", coloured by kind" : "") +
                         ", the training codes as labelled dots, the marker at " + at);
      el.querySelector(".tplib-glyph").setAttribute("aria-label", "the glyph decoded at " + at +
                                                     ": kind " + P.kinds[m.kind]);
      var n = Math.round(m.plausibility * P.rows * P.cols);
      readout.textContent = "u = (" + u[0].toFixed(2) + ", " + u[1].toFixed(2) + ")\n" +
        "decisiveness " + m.decisiveness.toFixed(2) + "\n" +
        "novelty " + m.novelty + " px from " + P.labels[m.nearest] + "\n" +
        "plausibility " + n + "/" + P.rows * P.cols + "\n" + "kind: " + P.kinds[m.kind];
      el.setAttribute("data-u", u[0] + "," + u[1]);
      return {values: values, measures: m};
    }
    function fromPointer(ev) {
      var r = plane.getBoundingClientRect(), size = PLANE + 2 * M;
      var px = (ev.clientX - r.left) * size / r.width, py = (ev.clientY - r.top) * size / r.height;
      show((px - M) / PLANE * 2 * E - E, E - (py - M) / PLANE * 2 * E);
    }
    window.tplibDense.drag(plane, fromPointer);
    s1.addEventListener("input", function () { show(+s1.value, +s2.value); });
    s2.addEventListener("input", function () { show(+s1.value, +s2.value); });
    function redraw() { drawPlane(); show(u[0], u[1]); }
    pick.addEventListener("change", redraw);
    seed.addEventListener("change", redraw);
    shade.addEventListener("change", redraw);
    el.tplibExplorer = {show: show, measures: measures, kindMap: kindMap};
    redraw();
    el.setAttribute("data-ready", "true");
  }
})(typeof window !== "undefined" ? window : globalThis);
