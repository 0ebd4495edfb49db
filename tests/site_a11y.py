"""What tests/test_accessibility.py measures in a page: axe-core, a phone's view, alt texts.

Each function takes a playwright page already loaded (tests/site_browser.py opens them) and
returns a list of problems, one readable line each; empty when the page is fine.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from site_browser import CHROMIUM, LAUNCH_ARGS, NO_NETWORK_ARGS

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # pinned in package-lock.json
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # WCAG 2.1, levels A and AA
FAILING_IMPACTS = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}
# A figure drawn under half its natural width: see tests/test_accessibility.py's phone test.
LEGIBLE_SCALE = 0.5
MIN_TARGET = 24  # px, WCAG 2.2's minimum target size (2.5.8, AA)
CONTROLS = ("input:not([type=hidden]), select, textarea, button, summary, [role=slider], "
            "[role=button]")
FOCUSABLE = CONTROLS + ", [tabindex='0']"  # and boxes that scroll (no touch target: a swipe)


@contextmanager
def browsers():
    """Headless Chromium with no network: (a desktop context, a phone context at 390x844
    with touch and 2x pixels). One browser, as playwright allows one driver per thread."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=LAUNCH_ARGS + NO_NETWORK_ARGS)
        try:
            yield (browser.new_context(viewport={"width": 1280, "height": 900},
                                       service_workers="block"),
                   browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                       device_scale_factor=2, service_workers="block"))
        finally:
            browser.close()


def axe_violations(page):
    """Run axe-core (WCAG 2.1 A+AA) in the page: [{id, impact, help, nodes: [selector]}]."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async (tags) => {
      const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                             resultTypes: ['violations']});
      return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                            nodes: v.nodes.map((n) => n.target.join(' '))}));
    }""", AXE_TAGS)


def serious(violations):
    return [f"{v['impact']} {v['id']} ({v['help']}): {len(v['nodes'])} element(s), e.g. "
            f"{v['nodes'][0]}" for v in violations if v["impact"] in FAILING_IMPACTS]


def alt_problems(page):
    """Images whose text alternative is missing, empty, a file path or a data URI."""
    return page.evaluate(r"""() => [...document.images].flatMap((img) => {
      if (img.closest('[aria-hidden="true"]') || img.getAttribute('role') === 'presentation')
        return [];
      const alt = img.getAttribute('alt');
      const src = (img.getAttribute('src') || '').slice(0, 60);
      const fileLike = /^(data:|\.{0,2}\/|[\w.\/-]*\.(png|jpe?g|gif|svg|webp)$)/i;
      if (alt === null) return [`no alt: ${src}`];
      if (!alt.trim()) return [`empty alt on a content image: ${src}`];
      if (fileLike.test(alt.trim())) return [`alt is a file path: "${alt.slice(0, 60)}"`];
      return [];
    })""")


def focus_problems(page):
    """Controls in the article whose keyboard focus draws no outline (or shadow)."""
    page.keyboard.press("Tab")  # the reader is on the keyboard: :focus-visible applies
    return page.evaluate("""(sel) => {
      const out = [];
      for (const el of document.querySelectorAll(`article :is(${sel})`)) {
        const box = el.getBoundingClientRect();
        if (!box.width || !box.height || el.disabled) continue;
        el.focus({focusVisible: true});
        if (document.activeElement !== el) continue;
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        if (!outline && s.boxShadow === 'none') {
          out.push(`focus not visible on ${el.tagName.toLowerCase()}.${el.className}`);
        }
      }
      return out;
    }""", FOCUSABLE)


# The phone checks, in the page. A box "says it scrolls" when its background carries the
# edge shadows of _ext/accessible_static/accessible_site.css (any gradient counts).
_PHONE_JS = """([sel, scale, target]) => {
  // The layout viewport: a phone zooms out (innerWidth grows) to show a page too wide.
  const W = document.documentElement.clientWidth, out = [];
  const seen = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.opacity !== '0';
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
      `${typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : ''}`;
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (scrolls(p) && p.scrollWidth > p.clientWidth) return p;
    }
    return null;
  };
  const wide = document.documentElement.scrollWidth - W;
  if (wide > 1) out.push(`the page scrolls sideways by ${wide} px`);
  for (const el of document.querySelectorAll(sel)) {
    if (!seen(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > W + 1) out.push(`${name(el)} is wider than the screen (${Math.round(r.width)} px)`);
    else if ((r.right > W + 1 || r.left < -1) && !scroller(el))
      out.push(`${name(el)} is cut at the screen's edge (${Math.round(r.left)}..${Math.round(r.right)} px)`);
    if (r.width < target - 0.5 || r.height < target - 0.5)
      out.push(`${name(el)} is a ${Math.round(r.width)}x${Math.round(r.height)} px touch target`);
  }
  for (const img of document.querySelectorAll('article img')) {
    if (!seen(img) || !img.naturalWidth) continue;
    const shown = img.getBoundingClientRect().width / img.naturalWidth;
    if (shown < scale - 0.005)
      out.push(`${(img.getAttribute('src') || '').slice(-24)}: drawn at ${Math.round(100 * shown)}%` +
               ` of its ${img.naturalWidth} px, its text too small to read`);
  }
  const boxes = 'pre, mjx-container[display="true"], .tp5-figure-scroll, ' +
                '.pst-scrollable-table-container';
  for (const el of document.querySelectorAll(`article :is(${boxes})`)) {
    if (!seen(el) || el.scrollWidth <= el.clientWidth + 1) continue;
    const text = el.closest('.cell_output') && el.tagName === 'PRE';
    if (text) out.push(`a text output is ${el.scrollWidth - el.clientWidth} px wider than its box`);
    else if (!scrolls(el)) out.push(`${name(el)} is cut off: it overflows and does not scroll`);
    else if (!getComputedStyle(el).backgroundImage.includes('gradient'))
      out.push(`${name(el)} scrolls sideways with no visible sign that it does`);
  }
  return out;
}"""


def phone_problems(page):
    """At the phone's viewport: sideways scroll, cut or small controls, shrunken figures."""
    return page.evaluate(_PHONE_JS, [CONTROLS, LEGIBLE_SCALE, MIN_TARGET])
