// A dense network's forward pass, shared by the explorers that run a network in the page
// (tplib/explorers/denoising_explorer.py, glyph_explorer.py, generation_explorer.py), and the
// pointer wiring of their latent planes. Each layer is the JSON Python
// writes: {n_in, n_out, W (row-major n_in x n_out, as numpy's W.ravel()), b, activation}; the
// activations are tplib.nn's. Every explorer's HTML carries this script before its own; the
// first copy defines window.tplibDense, the others find it there. Under node it is a module.
(function (root) {
  "use strict";
  function activate(name, x) {
    if (name === "sigmoid") { return 0.5 * (1 + Math.tanh(0.5 * x)); }  // never overflows
    if (name === "tanh") { return Math.tanh(x); }
    if (name === "relu") { return x > 0 ? x : 0; }
    return x;  // linear
  }
  // One input vector (an array of n_in numbers) through every layer: an array of n_out numbers.
  function forward(layers, input) {
    var a = input;
    layers.forEach(function (L) {
      var out = new Array(L.n_out);
      for (var j = 0; j < L.n_out; j++) {
        var s = L.b[j];
        for (var i = 0; i < L.n_in; i++) { s += a[i] * L.W[i * L.n_out + j]; }
        out[j] = activate(L.activation, s);
      }
      a = out;
    });
    return a;
  }
  // Pressing on a plane and dragging calls onPointer(event) at every move until release.
  function drag(plane, onPointer) {
    var dragging = false;
    plane.addEventListener("pointerdown", function (ev) {
      dragging = true;
      try { plane.setPointerCapture(ev.pointerId); } catch (e) { /* a synthetic event */ }
      onPointer(ev);
      ev.preventDefault();
    });
    plane.addEventListener("pointermove", function (ev) { if (dragging) { onPointer(ev); } });
    plane.addEventListener("pointerup", function () { dragging = false; });
    plane.addEventListener("pointercancel", function () { dragging = false; });
  }
  // The first copy on a page defines the API; a later (perhaps newer) copy only adds what is missing.
  var api = root.tplibDense || {};
  api.activate = api.activate || activate;
  api.forward = api.forward || forward;
  api.drag = api.drag || drag;
  root.tplibDense = api;
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
})(typeof window !== "undefined" ? window : globalThis);
