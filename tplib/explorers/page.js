// What every explorer's script does when it starts (the markup is tplib/explorers/_still.py's):
// swap the still of the first frame for the live explorer, style its controls once per page
// (a visible focus ring, 24 px touch targets, pictures that shrink to the screen), and keep the
// keys a control uses from reaching the notebook around it: JupyterLab's command mode takes
// the arrow keys, Home, End, digits and letters (its shortcuts listen on the document, after
// the control has seen the key). Each explorer's script runs this file's text first; the first
// copy defines window.tplibPage, the others find it there.
(function (root) {
  "use strict";
  var CSS = [
    ".tplib-live input:focus-visible, .tplib-live select:focus-visible, " +
      ".tplib-live button:focus-visible, .tplib-live svg:focus-visible " +
      "{ outline: 3px solid #1a5fb4; outline-offset: 2px; }",
    ".tplib-live input, .tplib-live select, .tplib-live button { min-height: 24px; " +
      "box-sizing: border-box; max-width: 100%; }",
    ".tplib-live input[type=checkbox] { width: 24px; height: 24px; margin: 0 4px 0 0; }",
    ".tplib-live svg, .tplib-live canvas { max-width: 100%; height: auto; }"
  ].join("\n");
  var MOVES = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"];

  // Whether a key pressed on a control is the control's own (to move, pick, type or press it).
  // Tab, Escape, Shift+Enter (run the cell) and chords with Ctrl, Alt or Meta stay the page's.
  function usesKey(target, ev) {
    var key = ev.key, tag = target.tagName, type = (target.type || "").toLowerCase();
    if (ev.ctrlKey || ev.metaKey || ev.altKey || key === "Tab" || key === "Escape" ||
        (key === "Enter" && ev.shiftKey)) { return false; }
    if (tag === "INPUT" && type === "range") { return MOVES.indexOf(key) >= 0; }
    if (tag === "SELECT") { return MOVES.indexOf(key) >= 0 || key === "Enter" || key.length === 1; }
    if (tag === "BUTTON" || (tag === "INPUT" && (type === "checkbox" || type === "radio"))) {
      return key === " " || key === "Enter";
    }
    if (tag === "INPUT" || tag === "TEXTAREA") { return true; }  // typing: digits, letters, arrows
    return false;
  }

  function addStyle() {
    if (document.getElementById("tplib-live-style")) { return; }
    var style = document.createElement("style");
    style.id = "tplib-live-style";
    style.textContent = CSS;
    (document.head || document.documentElement).appendChild(style);
  }

  // Remove the still (the element "ID-still" in scope), show the explorer with the display it
  // is laid out for, and guard its keys. Safe to call twice.
  function reveal(el, still, display) {
    addStyle();
    if (still && still.parentNode) { still.parentNode.removeChild(still); }
    el.classList.add("tplib-live");
    el.style.display = display;
    if (!el.tplibKeys) {
      el.tplibKeys = true;
      el.addEventListener("keydown", function (ev) {
        if (usesKey(ev.target, ev)) { ev.stopPropagation(); }
      });
    }
  }

  // Start the explorers an explorer's script is for: the element named in its script element's
  // data-for, looked up beside the script first (JupyterLab runs a script before its output is
  // attached), or, where document.currentScript is missing, every element matching selector
  // not started yet. Each is revealed (its still removed) and handed to start(root, data), data
  // being the JSON of the script element "ID-data" beside it (null if there is none).
  function boot(script, selector, display, start) {
    var scope = (script && script.parentNode) || document;
    function find(id) {
      return scope.querySelector('[id="' + id + '"]') || document.getElementById(id);
    }
    var id = script && script.getAttribute("data-for");
    var roots = id ? [find(id)] : Array.prototype.slice.call(document.querySelectorAll(selector));
    roots.forEach(function (root) {
      if (!root || root.tplibStarted) { return; }
      root.tplibStarted = true;
      var source = find(root.id + "-data");
      reveal(root, find(root.id + "-still"), display);
      start(root, source ? JSON.parse(source.textContent) : null);
    });
  }

  var api = root.tplibPage || {};
  api.reveal = api.reveal || reveal;
  api.boot = api.boot || boot;
  api.usesKey = api.usesKey || usesKey;
  root.tplibPage = api;
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
})(typeof window !== "undefined" ? window : globalThis);
