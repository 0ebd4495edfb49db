// The page's half of tplib/explorers/glyph_explorer.py: decode in JavaScript (the forward pass
// is window.tplibDense, from dense.js, run just before this file), repaint the glyph cells,
// move the marker. Python writes the decoder and the layout as JSON into the script
// element "ID-data" beside the explorer, and names the explorer in the data-for attribute of
// the script element that runs this file; no value is written into this code. It finds its
// elements next to its own script first (JupyterLab runs it before the output is attached);
// where document.currentScript is missing, it starts every explorer not started yet.
(function () {
  "use strict";
  window.tplibPage.boot(document.currentScript, ".tplib-explorer", "flex", start);  // page.js

  function start(root, P) {
    var ext = P.extent, PLANE = P.plane, MARGIN = P.margin;
    function decode(z1, z2) { return window.tplibDense.forward(P.layers, [z1, z2]); }
    var last = P.layers[P.layers.length - 1].activation;
    function ink(v) { if (last === "tanh") { v = (v + 1) / 2; } return Math.min(1, Math.max(0, v)); }
    function nearest(z1, z2) {
      var best = -1, dist = Infinity;
      for (var n = 0; P.labels && n < P.codes.length; n++) {
        var d = Math.pow(P.codes[n][0] - z1, 2) + Math.pow(P.codes[n][1] - z2, 2);
        if (d < dist) { dist = d; best = n; }
      }
      return best < 0 ? "" : " \u00b7 nearest: " + P.labels[best];
    }
    var cells = root.querySelectorAll(".tplib-glyph [data-pixel]");
    var marker = root.querySelector(".tplib-marker"), plane = root.querySelector(".tplib-plane");
    var s1 = root.querySelector(".tplib-z1"), s2 = root.querySelector(".tplib-z2");
    var readout = root.querySelector(".tplib-readout"), glyph = root.querySelector(".tplib-glyph");
    function clamp(v, r) { return Math.min(r[1], Math.max(r[0], v)); }
    function show(z1, z2) {
      z1 = clamp(z1, ext[0]);
      z2 = clamp(z2, ext[1]);
      var values = decode(z1, z2);
      for (var k = 0; k < cells.length; k++) {
        var level = Math.round(255 * (1 - ink(values[k])));
        cells[k].setAttribute("fill", "rgb(" + level + "," + level + "," + level + ")");
      }
      marker.setAttribute("cx", (MARGIN + (z1 - ext[0][0]) / (ext[0][1] - ext[0][0]) * PLANE).toFixed(1));
      marker.setAttribute("cy", (MARGIN + (ext[1][1] - z2) / (ext[1][1] - ext[1][0]) * PLANE).toFixed(1));
      if (+s1.value !== z1) { s1.value = z1; }
      if (+s2.value !== z2) { s2.value = z2; }
      s1.setAttribute("aria-valuetext", "z\u2081 = " + z1.toFixed(2));
      s2.setAttribute("aria-valuetext", "z\u2082 = " + z2.toFixed(2));
      var where = "z = (" + z1.toFixed(2) + ", " + z2.toFixed(2) + ")";
      readout.textContent = where + nearest(z1, z2);
      glyph.setAttribute("aria-label", "glyph decoded at " + readout.textContent);
      plane.setAttribute("aria-label", plane.getAttribute("aria-label").replace(/z = \(.*$/, where));
      root.setAttribute("data-z", z1 + "," + z2);
      return values;
    }
    function fromPointer(ev) {
      var r = plane.getBoundingClientRect(), size = PLANE + 2 * MARGIN;
      var x = (ev.clientX - r.left) * size / r.width, y = (ev.clientY - r.top) * size / r.height;
      show(ext[0][0] + (x - MARGIN) / PLANE * (ext[0][1] - ext[0][0]),
           ext[1][1] - (y - MARGIN) / PLANE * (ext[1][1] - ext[1][0]));
    }
    window.tplibDense.drag(plane, fromPointer);
    s1.addEventListener("input", function () { show(+s1.value, +s2.value); });
    s2.addEventListener("input", function () { show(+s1.value, +s2.value); });
    root.tplibExplorer = { decode: decode, show: show };
    show(P.start[0], P.start[1]);
    root.setAttribute("data-ready", "true");
  }
})();
