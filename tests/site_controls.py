"""Every control a reader can move on a page, moved; what it drives must change.

Used by tests/test_site.py on every page of the built site. In a page's article (the theme's
own chrome -- sidebars, search, colour mode -- is the theme's, not the book's) it finds every
control: inputs (range, number, checkbox, radio, text), selects, buttons, summaries,
[role=slider] and the other ARIA controls (ipywidgets' slider handles among them), and pointer
surfaces (an element that sets its own crosshair, grab, move or pointer cursor, like the latent
plane of tplib.explorers.glyph_explorer). Each one is operated as a reader would, with the
keyboard (sliders to an end, selects and numbers one step) or the pointer (buttons, summaries,
radios, a drag over a surface), and a fingerprint of what it drives is compared before and
after: the control's output area (or its <details>, admonition or animation), every element's
attributes and visibility, its text, <img> sources and <canvas> pixels, leaving out the
controls themselves and their labels (a slider announcing its own value is not an effect).

Some controls act only through time or another control; each has its scenario here, and a
new control of that sort fails until it gets one:
- copy buttons: the clipboard then holds the code of their cell;
- matplotlib's animation player: play/reverse/pause/speed are judged on the frames shown over
  time, the repetition mode on the frame shown after playing past the last one;
- tplib's playground: Train must start a run and pressing it again stop it, Reset must undo a
  run, and the optimizer and learning rate (which change nothing until the next epoch) must
  change where 25 epochs lead (run through the page's own training loop).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# What counts as a control; matched inside the article only.
_CONTROLS = ("input:not([type=hidden]), select, textarea, button, summary, [role=slider], "
             "[role=button], [role=checkbox], [role=radio], [role=switch], [role=spinbutton], "
             "[role=combobox], [role=tab], [contenteditable=''], [contenteditable=true]")

# Shared page-side helpers, installed once per page: find and tag the controls, the scope a
# control drives, and a fingerprint of that scope.
_INSTALL_JS = """(SEL) => {
  // The book's content: the theme's chrome (sidebars, search, colour mode) is not the book's,
  // and pages without an article (search, index) have no control of the book.
  const article = document.querySelector('article.bd-article');
  if (!article) return [];
  const own = (e) => e.closest('label, .widget-inline-hbox, .widget-hbox.widget-slider');
  const controls = [...article.querySelectorAll(SEL)].filter((e) => !e.disabled);
  const cursors = ['crosshair', 'grab', 'move', 'pointer'];
  for (const e of article.querySelectorAll('*')) {
    if (e.matches(SEL) || e.closest('a, label, button, summary, select, ' + SEL)) continue;
    const c = getComputedStyle(e).cursor;
    if (cursors.includes(c) && !(e.parentElement
        && getComputedStyle(e.parentElement).cursor === c)) controls.push(e);
  }
  const scopeOf = (e) => {
    if (e.tagName === 'SUMMARY') return e.parentElement;
    return e.closest('.animation') || e.closest('.cell_output, .output')
        || e.closest('details, .admonition, .toggle, .cell') || e.parentElement;
  };
  const hash = (s) => {  // cyrb53: 53 bits, enough to tell two states apart
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761); h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36) + ':' + s.length;
  };
  const print = (root) => {
    const parts = [];
    const walk = (e) => {
      if (e !== root && e.matches(SEL + ', label, .widget-inline-hbox')) return;
      let s = e.tagName;
      for (const a of e.attributes) if (a.name !== 'data-tp5-control') s += ` ${a.name}=${a.value}`;
      s += e.checkVisibility({checkOpacity: true, visibilityProperty: true}) ? ' V' : ' H';
      if (e.tagName === 'IMG') s += ' ' + e.currentSrc;
      if (e.tagName === 'CANVAS') { try { s += ' ' + e.toDataURL(); } catch (err) { s += ' ?'; } }
      parts.push(s);
      for (const n of e.childNodes) {
        if (n.nodeType === 3) parts.push(n.data.trim());
        else if (n.nodeType === 1) walk(n);
      }
    };
    walk(root);
    return hash(parts.join('\\n'));
  };
  const name = (e) => {
    const text = (x) => (x || '').replace(/\\s+/g, ' ').trim().slice(0, 40);
    const holder = e.labels && e.labels.length ? e.labels[0] : own(e);
    const label = holder && [...holder.childNodes].filter((n) => n.nodeType === 3)
        .map((n) => n.data).join(' ');  // its words, not the options or values inside it
    return text(e.getAttribute('aria-label')) || text(label) || text(e.title)
        || text(e.dataset.role) || text(e.textContent)
        || text(e.getAttribute('class') || '') || e.tagName.toLowerCase();
  };
  const scenario = (e) => e.matches('button.copybtn') ? 'copy'
      : e.closest('.animation .anim-controls') ? 'animation'
      : e.closest('.tplib-playground') ? 'playground' : '';
  const kind = (e) => {
    if (!e.matches(SEL)) return getComputedStyle(e).cursor === 'pointer' ? 'button' : 'surface';
    if (e.tagName === 'INPUT') {
      return ['range', 'number', 'checkbox', 'radio'].includes(e.type) ? e.type : 'text';
    }
    if (e.tagName === 'SELECT' || e.tagName === 'SUMMARY') return e.tagName.toLowerCase();
    const role = e.getAttribute('role');
    if (role === 'slider' || role === 'spinbutton') return 'range';
    if (role === 'checkbox' || role === 'switch' || role === 'radio') return 'checkbox';
    return e.tagName === 'TEXTAREA' || e.isContentEditable ? 'text' : 'button';
  };
  const where = (e) => { const s = e.closest('section[id]'); return s ? '#' + s.id : ''; };
  window.__tp5 = {
    controls, scopeOf, print,
    control: (i) => controls[i],
    state: (i) => print(scopeOf(controls[i])),
    value: (i) => { const e = controls[i]; return e.getAttribute('aria-valuenow') ?? e.value; },
  };
  return controls.map((e, i) => {
    e.setAttribute('data-tp5-control', i);
    return {index: i, kind: kind(e), scenario: scenario(e), name: name(e), where: where(e),
            tag: e.tagName.toLowerCase(), role: e.dataset.role || ''};
  });
}"""


@dataclass
class Control:
    index: int
    kind: str  # how it is moved: range, number, select, checkbox, radio, text, button, ...
    scenario: str  # "copy", "animation", "playground", or "" (judged at once)
    name: str
    where: str  # the id of its section
    tag: str
    role: str  # its data-role, if it has one

    def __str__(self):
        what = self.kind if self.kind == self.tag else f"{self.tag} ({self.kind})"
        return f"{self.where or 'page'}: {self.scenario} {what} '{self.name}'".replace("  ", " ")


def find_controls(page):
    """Tag every control of the page's article (data-tp5-control="i"); return them in order."""
    return [Control(**c) for c in page.evaluate(_INSTALL_JS, _CONTROLS)]


def state(page, c):
    return page.evaluate("(i) => window.__tp5.state(i)", c.index)


def changed(page, c, before, timeout_ms=1500):
    """Wait (in the page's frames) until what ``c`` drives differs from ``before``."""
    try:
        page.wait_for_function("([i, s]) => window.__tp5.state(i) !== s", arg=[c.index, before],
                               timeout=timeout_ms, polling="raf")
        return True
    except Exception:  # playwright's TimeoutError: nothing changed
        return False


def locator(page, c):
    return page.locator(f'[data-tp5-control="{c.index}"]')


def move(page, c):
    """Operate one control as a reader would; the keyboard for values, the pointer for the rest."""
    loc = locator(page, c)
    value = lambda: page.evaluate("(i) => window.__tp5.value(i)", c.index)  # noqa: E731
    if c.kind in ("range", "number", "select"):
        loc.focus()
        start = value()
        keys = ("End", "Home") if c.kind == "range" else ("ArrowDown", "ArrowUp")
        if c.kind == "number":
            keys = ("ArrowUp", "ArrowDown")
        page.keyboard.press(keys[0])
        if value() == start:  # already at that end
            page.keyboard.press(keys[1])
    elif c.kind == "text":
        loc.fill("tp5")
        loc.press("Enter")
    elif c.kind == "surface":
        box = loc.bounding_box()
        page.mouse.move(box["x"] + 0.2 * box["width"], box["y"] + 0.8 * box["height"])
        page.mouse.down()
        page.mouse.move(box["x"] + 0.7 * box["width"], box["y"] + 0.3 * box["height"], steps=5)
        page.mouse.up()
    else:  # button, summary, checkbox, radio
        loc.click()


def other_radio(page, c):
    """Check another radio of c's group first, so checking c is a change; False if none."""
    return page.evaluate("""(i) => {
      const e = window.__tp5.control(i);
      const other = [...document.getElementsByName(e.name)].find((r) => r !== e && r.form === e.form);
      if (!other) return false;
      other.click();
      return true;
    }""", c.index)


def check_generic(page, c):
    if c.kind == "radio" and page.evaluate("(i) => window.__tp5.control(i).checked", c.index):
        other_radio(page, c)
    before = state(page, c)
    move(page, c)
    return None if changed(page, c, before) else "changes nothing it drives"


def _check_copy(page, c):
    page.evaluate("() => navigator.clipboard.writeText('')")
    locator(page, c).click()
    expected, copied = page.evaluate("""async (i) => {
      const b = window.__tp5.control(i);
      const target = document.querySelector(b.getAttribute('data-clipboard-target'));
      return [target ? target.innerText : null, await navigator.clipboard.readText()];
    }""", c.index)
    if expected is None:
        return "copies from a target that is not on the page"
    if copied.strip() != expected.strip():
        return f"put {copied[:40]!r} on the clipboard, not its cell's code"
    return None


def check_controls(page):
    """Move every control of the page; return (problems, controls) -- problems name the control."""
    from site_scenarios import check_animation, check_playground

    checks = {"copy": _check_copy, "animation": check_animation, "playground": check_playground}
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    controls = find_controls(page)
    return operate(page, controls, checks), controls


def operate(page, controls, checks, before=None):
    """Operate each control with its scenario's check (``check_generic`` by default); return
    the problems, each naming its control. ``before(locator, control)``, if given, runs first
    (tests/lab_checks.py names the notebook cell and scrolls the cell into view)."""
    problems = []
    for c in controls:
        loc = locator(page, c)
        if before is not None:
            before(loc, c)
        if not loc.is_visible():
            problems.append(f"{c}: cannot be seen, so cannot be moved")
            continue
        loc.scroll_into_view_if_needed()
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)))")
        try:
            problem = checks.get(c.scenario, check_generic)(page, c)
        except Exception as error:  # a control that cannot be operated is a finding too
            problem = f"could not be operated: {str(error).splitlines()[0]}"
        if problem:
            problems.append(f"{c}: {problem}")
    return problems


def describe(controls):
    """One line per control kind, for messages: 'range 4, button 12'."""
    counts = {}
    for c in controls:
        key = c.scenario or c.kind
        counts[key] = counts.get(key, 0) + 1
    return json.dumps(counts, sort_keys=True)
