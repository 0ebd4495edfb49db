// The page's half of tplib/explorers/latent_grid.py: two range sliders pick one cell of a
// precomputed grid of decoded images, a single PNG sprite moved behind a window. The data
// (grid values, image size, enlargement) are attributes of the explorer's element, named in
// the data-for attribute of the script element that runs this file; no value is written into
// this code. Where document.currentScript is missing, it starts every grid not started yet.
(function () {
  window.tplibPage.boot(document.currentScript, ".tplib-vae-explorer", "flex", function (root) {
    var values = JSON.parse(root.dataset.values), n = values.length;
    var w = +root.dataset.w, h = +root.dataset.h, scale = +root.dataset.scale;
    var view = root.querySelector(".tplib-vae-image"), readout = root.querySelector(".tplib-vae-z");
    var s1 = root.querySelector(".tplib-vae-z1"), s2 = root.querySelector(".tplib-vae-z2");
    function show() {
      var j = +s1.value, i = n - 1 - (+s2.value);  // sprite row 0 holds the largest z2
      view.style.backgroundPosition = (-j * w * scale) + "px " + (-i * h * scale) + "px";
      readout.textContent = "z = (" + values[j].toFixed(2) + ", " + values[+s2.value].toFixed(2) + ")";
      s1.setAttribute("aria-valuetext", "z1 = " + values[j].toFixed(2));
      s2.setAttribute("aria-valuetext", "z2 = " + values[+s2.value].toFixed(2));
      view.setAttribute("aria-label", "image decoded at " + readout.textContent);
      root.dataset.z = j + "," + s2.value;
    }
    s1.addEventListener("input", show);
    s2.addEventListener("input", show);
    show();
    root.dataset.ready = "true";
  });
})();
