/* Loads the ipywidgets HTML manager (embed.js) only when a saved widget comes near the screen.
 *
 * Inlined by _ext/offline_site.py, with __EMBED_URL__ replaced by the bundle's address, on the
 * pages that show widgets. The bundle is 1.9 MB and costs about half a second of CPU to run and
 * draw; every widget of the book sits far below the first screen, so loading it up front made
 * each widget page take well over a second. Now it is requested once the first widget is
 * within one screen height of the window (or at once if IntersectionObserver is missing),
 * and it draws every widget of the page from the saved state, as before.
 *
 * embed.js draws on the window's load event. When it arrives after that event, the one load
 * listener it adds while it runs is called right away instead of waiting for an event that
 * already fired. window.tplibWidgets tells the tests and benchmarks what state the loader is
 * in: "idle", "loading", "loaded" or "failed".
 */
(function () {
  "use strict";
  var EMBED_URL = __EMBED_URL__;
  var VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
  var PENDING = "tplib-widget-pending";
  var FAILED = "tplib-widget-failed";
  var loader = window.tplibWidgets = {state: "idle"};

  function views() { return Array.prototype.slice.call(document.querySelectorAll(VIEW)); }

  function load() {
    if (loader.state !== "idle") { return; }
    loader.state = "loading";
    var add = window.addEventListener;
    window.addEventListener = function (type, listener, options) {
      if (type === "load" && document.readyState === "complete") {
        window.setTimeout(listener, 0, new Event("load"));
        return undefined;
      }
      return add.call(window, type, listener, options);
    };
    var script = document.createElement("script");
    script.src = EMBED_URL;
    script.onload = function () {
      window.addEventListener = add;
      loader.state = "loaded";
    };
    script.onerror = function () {
      window.addEventListener = add;
      loader.state = "failed";
      views().forEach(function (view) { view.parentElement.classList.add(FAILED); });
    };
    document.head.appendChild(script);
  }

  // A placeholder where each widget will be, until the manager draws it next to its view.
  function markPending(view) {
    var box = view.parentElement;
    box.classList.add(PENDING);
    new MutationObserver(function (changes, observer) {
      if (box.querySelector(".widget-subarea")) {
        box.classList.remove(PENDING);
        observer.disconnect();
      }
    }).observe(box, {childList: true, subtree: true});
  }

  function start() {
    var found = views();
    if (!found.length) { return; }
    var style = document.createElement("style");
    style.textContent =
      "." + PENDING + "::before { content: 'Loading the interactive widget\\2026';" +
      " display: block; padding: 0.75em 1em; color: #555; font-style: italic;" +
      " border: 1px dashed #bbb; border-radius: 4px; }" +
      "." + FAILED + "::before { content: 'The widget library could not be loaded.';" +
      " color: #a00; font-style: normal; }";
    document.head.appendChild(style);
    found.forEach(markPending);
    if (!("IntersectionObserver" in window)) { load(); return; }
    var near = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        near.disconnect();
        load();
      }
    }, {rootMargin: "100% 0px"});
    found.forEach(function (view) { near.observe(view.parentElement); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
