// A box that scrolls sideways can be scrolled from the keyboard: it becomes a tab stop while
// its content overflows, as the theme (pydata-sphinx-theme) already does for code and outputs.
// Here: long display equations and wide figures (_ext/accessible_site.py).
(() => {
  const BOXES = 'mjx-container[display="true"], .tp5-figure-scroll';
  const update = () => {
    for (const box of document.querySelectorAll(BOXES)) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
      } else {
        box.removeAttribute("tabindex");
      }
    }
  };
  let timer = null;
  window.addEventListener("resize", () => {
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  });
  // Figures have their size once their images are in.
  if (document.readyState === "complete") {
    update();
  } else {
    window.addEventListener("load", update);
  }
  document.addEventListener("DOMContentLoaded", update);
})();
