// The page's half of tplib/explorers/denoising_explorer.py: draw flip noise with a seeded
// generator, run the denoiser (window.tplibDense, from dense.js) on the noisy glyph, repaint
// the four panels and the readout. Python writes the network and the glyphs as JSON into the
// script element "ID-data" beside the explorer, and names the explorer in the data-for
// attribute of the script element that runs this file; no value is written into this code.
// It finds its elements next to its own script first (JupyterLab runs it before the output is
// attached); where document.currentScript is missing, it starts every explorer not started yet.
(function () {
  "use strict";
  window.tplibPage.boot(document.currentScript, ".tplib-denoiser", "block", start);  // page.js

  // mulberry32 (Tommy Ettinger): n numbers in [0, 1) from a 32-bit seed; tplib's
  // denoising_explorer.mulberry32 is the same generator, so a test can redo the page's noise.
  function mulberry32(seed, n) {
    var a = seed | 0, out = new Array(n);
    for (var k = 0; k < n; k++) {
      a = (a + 0x6D2B79F5) | 0;
      var t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      out[k] = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    return out;
  }

  function start(root, P) {
    var dense = window.tplibDense, last = P.layers[P.layers.length - 1].activation;
    var glyphMenu = root.querySelector(".tplib-glyph-choice"), pSlider = root.querySelector(".tplib-p");
    var seedBox = root.querySelector(".tplib-seed"), redraw = root.querySelector(".tplib-redraw");
    var pValue = root.querySelector(".tplib-p-value"), readout = root.querySelector(".tplib-readout");
    function panel(kind) {
      return {svg: root.querySelector(".tplib-" + kind),
              cells: root.querySelectorAll(".tplib-" + kind + " [data-pixel]"),
              marks: root.querySelectorAll(".tplib-" + kind + " [data-mark]")};
    }
    var panels = {clean: panel("clean"), noisy: panel("noisy"), output: panel("output"), wrong: panel("wrong")};
    function gray(v) {
      var level = Math.round(255 * (1 - v));
      return "rgb(" + level + "," + level + "," + level + ")";
    }
    function paint(kind, values, marks) {
      var p = panels[kind];
      for (var k = 0; k < p.cells.length; k++) {
        p.cells[k].setAttribute("fill", kind === "clean" ? (values[k] > 0.5 ? "rgb(0,0,0)" : "rgb(255,255,255)")
                                                         : gray(values[k]));
        if (marks) { p.marks[k].setAttribute("visibility", marks[k] ? "visible" : "hidden"); }
      }
    }
    var seed = 0;
    // While the reader types, a field that is not yet a valid draw keeps the last one; when
    // the field is left (change), it is set to the draw shown.
    function readSeed(settle) {
      var s = seedBox.value.trim() === "" ? NaN : Math.round(+seedBox.value);
      if (isFinite(s)) { seed = Math.min(P.n_draws - 1, Math.max(0, s)); }
      if (settle && seedBox.value !== String(seed)) { seedBox.value = seed; }
    }
    function show() {
      var glyph = +glyphMenu.value, p = +pSlider.value;
      var clean = P.glyphs[glyph], u = mulberry32(seed, clean.length);
      var noisy = clean.map(function (x, k) { return u[k] < p ? 1 - x : x; });
      var output = dense.forward(P.layers, noisy);
      var ink = output.map(function (v) { return Math.min(1, Math.max(0, last === "tanh" ? (v + 1) / 2 : v)); });
      var on = ink.map(function (v) { return v > 0.5 ? 1 : 0; });
      var flipped = noisy.map(function (x, k) { return x !== clean[k]; });
      var wrong = on.map(function (v, k) { return v !== (clean[k] > 0.5 ? 1 : 0); });
      var nFlipped = flipped.filter(Boolean).length, nWrong = wrong.filter(Boolean).length;
      paint("clean", clean, null);
      paint("noisy", noisy, flipped);
      paint("output", ink, null);
      paint("wrong", on, wrong);
      pValue.textContent = p.toFixed(2);
      var name = P.labels[glyph];  // each panel's name says what it shows, as the still's alt text
      panels.clean.svg.setAttribute("aria-label", "clean glyph " + name);
      panels.noisy.svg.setAttribute("aria-label", "noisy input: " + nFlipped + " of " + clean.length +
                                    " pixels flipped, dotted");
      panels.output.svg.setAttribute("aria-label", "the denoiser's output for glyph " + name);
      panels.wrong.svg.setAttribute("aria-label", "output > 0.5: " + nWrong + " wrong pixel" +
                                    (nWrong === 1 ? "" : "s") + ", crossed");
      // The expected number of flips, n p, written as Python's :g writes it (p has 2 decimals).
      pSlider.setAttribute("aria-valuetext", "p = " + p.toFixed(2) + ", " +
                           String(clean.length * Math.round(p * 100) / 100) + " flips expected");
      readout.textContent = "noise drawn in your browser, seed " + seed + ": " + nFlipped + " of " +
          clean.length + " pixels flipped \u00b7 after the denoiser: " + nWrong + " wrong \u00b7 " +
          (nWrong <= P.max_wrong ? "a success" : "a failure") + " (at most " + P.max_wrong + " wrong)";
      var state = {glyph: glyph, p: p, seed: seed, noisy: noisy, output: output, wrong: nWrong};
      root.tplibDenoiser.last = state;
      root.setAttribute("data-state", glyph + "," + p + "," + seed + "," + nWrong);
      return state;
    }
    root.tplibDenoiser = {noise: mulberry32, show: show};
    glyphMenu.addEventListener("change", show);
    pSlider.addEventListener("input", show);
    seedBox.addEventListener("input", function () { readSeed(false); show(); });
    seedBox.addEventListener("change", function () { readSeed(true); show(); });
    redraw.addEventListener("click", function () {
      seedBox.value = (seed + 1) % P.n_draws;
      readSeed(true);
      show();
    });
    readSeed(true);
    show();
    root.setAttribute("data-ready", "true");
  }
})();
