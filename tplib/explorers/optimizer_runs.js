// The page's half of tplib/explorers/optimizer_runs.py: the method menu and the budget slider
// swap in a state numpy computed at execution time (the runs are far too costly for a page).
// Every curve is already drawn in the HTML; each (method, budget) state -- grey levels, wrong
// pixels, marker, readout -- is in the JSON of the script element "ID-data", ID being the
// data-for attribute of the script element that runs this file; no value is written into this
// code. It finds its elements next to its own script first (JupyterLab runs it before the
// output is attached); where document.currentScript is missing, it starts every one not started.
(function () {
  "use strict";
  window.tplibPage.boot(document.currentScript, ".tplib-optimizer-runs", "flex", start);  // page.js

  function start(root, S) {
    var q = function (sel) { return root.querySelector(sel); };
    var menu = q(".tplib-runs-method"), slider = q(".tplib-runs-budget");
    var shown = q(".tplib-runs-budget-value"), readout = q(".tplib-runs-readout");
    var curve = q(".tplib-runs-curve"), line = q(".tplib-runs-budget-line");
    var marker = q(".tplib-runs-marker");
    var faint = root.querySelectorAll(".tplib-runs-plot polyline[data-method]");
    var glyphs = q(".tplib-runs-glyphs"), cells = root.querySelectorAll(".tplib-runs-glyphs rect");
    var n = glyphs.querySelectorAll("g").length, plot = q(".tplib-runs-plot");
    var plotName = plot.getAttribute("aria-label");  // what it plots; the state is added below
    function show(i, k) {
      // Grey levels: one byte per pixel; wrong pixels: one bit each, the highest bit first.
      var levels = atob(S.levels[i][k]), wrong = atob(S.wrong[i][k]), nWrong = 0;
      for (var p = 0; p < cells.length; p++) {
        var v = (256 + levels.charCodeAt(p)).toString(16).slice(1);
        var bad = (wrong.charCodeAt(p >> 3) >> (7 - (p & 7))) & 1;
        nWrong += bad;
        cells[p].setAttribute("fill", "#" + v + v + v);
        for (var name in S.outline) {  // a wrong cell's red outline, in the gap between cells
          if (bad) { cells[p].setAttribute(name, S.outline[name]); } else { cells[p].removeAttribute(name); }
        }
      }
      curve.setAttribute("points", faint[i].getAttribute("points"));
      curve.setAttribute("stroke", S.colors[i]);
      var xy = S.marker[i][k];
      marker.setAttribute("cx", xy[0].toFixed(1));
      marker.setAttribute("cy", xy[1].toFixed(1));
      marker.setAttribute("fill", S.colors[i]);
      line.setAttribute("x1", xy[0].toFixed(1));
      line.setAttribute("x2", xy[0].toFixed(1));
      if (+menu.value !== i) { menu.value = String(i); }
      if (+slider.value !== k) { slider.value = String(k); }
      slider.setAttribute("aria-valuetext", S.budget_text[k]);
      shown.textContent = S.budget_text[k];
      readout.textContent = S.readout[i][k];
      plot.setAttribute("aria-label", plotName + "; " + S.methods[i] + " in colour, marked at " +
                        S.budget_text[k] + ": " + S.best[i][k].toPrecision(3));
      glyphs.setAttribute("aria-label", "the " + n + " glyphs " + S.methods[i] + " reconstructs after " +
                          S.budget_text[k] + ", " + nWrong + " wrong pixels outlined in red");
      root.setAttribute("data-state", i + "," + k);
    }
    function update() { show(+menu.value, +slider.value); }
    menu.addEventListener("change", update);
    menu.addEventListener("input", update);
    slider.addEventListener("input", update);
    root.tplibRuns = { show: show };
    show(S.start[0], S.start[1]);
    root.setAttribute("data-ready", "true");
  }
})();
