"""The controls whose effect shows only over time or through another control (site_controls.py).

matplotlib's animation player (``Animation.to_jshtml``, tplib.plots.animation_html) and tplib's
playground (tplib.explorers.playground). Each function takes the page and a site_controls
Control, sets up the state the control acts on (with the page's own player or playground
functions), operates the control as a reader would, and returns None or what is wrong.
"""

from __future__ import annotations

from site_controls import changed, check_generic, locator, move, state

# --- matplotlib's animation player ---------------------------------------------------------

# The player of the control's animation: its frame count, interval and a few helpers that act
# through the player's own functions (the same ones its buttons call).
_PLAYER_JS = """([i, action, arg]) => {
  const root = window.__tp5.control(i).closest('.animation');
  const slider = root.querySelector('.anim-slider'), img = root.querySelector('img');
  const anim = window['anim' + slider.id.replace('_anim_slider', '')];
  const n = +slider.max + 1;
  if (action === 'frame') { slider.value = arg < 0 ? n + arg : arg;
                            slider.dispatchEvent(new Event('input')); }
  if (action === 'mode') { root.querySelector(`input[type=radio][value="${arg}"]`).checked = true; }
  if (action === 'play') anim.play_animation();
  if (action === 'pause') anim.pause_animation();
  if (action === 'interval') anim.interval = arg;
  if (action === 'middle') {  // a frame from which every step shows another picture
    const src = (k) => anim.frames[k].src;
    for (let k = Math.floor(n / 2); k < n - 1; k++) {
      if ([0, k - 1, k + 1, n - 1].every((j) => src(j) !== src(k))) return k;
    }
    return Math.floor(n / 2);
  }
  if (action === 'count') {  // how many times the frame shown changes within arg ms
    return new Promise((resolve) => {
      let last = img.src, changes = 0;
      const start = performance.now();
      const tick = () => {
        if (img.src !== last) { changes += 1; last = img.src; }
        if (performance.now() - start < arg) requestAnimationFrame(tick); else resolve(changes);
      };
      requestAnimationFrame(tick);
    });
  }
  return {n, interval: anim.interval, mode: root.querySelector('input[type=radio]:checked').value};
}"""


def _player(page, c, action="info", arg=None):
    return page.evaluate(_PLAYER_JS, [c.index, action, arg])


def _wait(page, ms):
    page.wait_for_timeout(ms)


def check_animation(page, c):
    info = _player(page, c)
    n, interval = info["n"], info["interval"]
    try:
        if c.kind == "range":
            _player(page, c, "pause")
            _player(page, c, "frame", 0)
            return check_generic(page, c)
        if c.kind == "radio":
            return _check_mode(page, c, n, interval)
        label = c.name
        _player(page, c, "pause")
        _player(page, c, "mode", "loop")
        if label == "Pause":
            _player(page, c, "play")
            if not changed(page, c, state(page, c), 4 * interval + 1000):
                return "cannot be judged: the player does not play"
            locator(page, c).click()
            before = state(page, c)
            _wait(page, 5 * interval)
            return None if state(page, c) == before else "does not stop the animation"
        if label in ("Decrease speed", "Increase speed"):
            window = max(1000, 8 * interval)
            _player(page, c, "play")
            rate = _player(page, c, "count", window)
            for _ in range(3):
                locator(page, c).click()
            new_rate = _player(page, c, "count", window)
            _player(page, c, "interval", interval)
            faster = label == "Increase speed"
            if (new_rate > 1.5 * rate) if faster else (new_rate < rate / 1.5):
                return None
            return (f"three presses changed the frames shown in {window / 1000:g} s from {rate} "
                    f"to {new_rate}")
        # The buttons that step or play: from a frame in the middle, where each can act (some
        # walks pass the same point more than once: not one that looks like an end).
        _player(page, c, "frame", _player(page, c, "middle"))
        before = state(page, c)
        locator(page, c).click()
        ok = changed(page, c, before, 4 * interval + 1000)
        return None if ok else "changes nothing it drives"
    finally:
        _player(page, c, "pause")
        _player(page, c, "mode", info["mode"])


def _ending(page, c, interval):
    """The frame shown a while after playing past the last frame, in the current mode."""
    _player(page, c, "frame", -2)
    _player(page, c, "play")
    _wait(page, 6 * interval + 100)
    shown = state(page, c)
    _player(page, c, "pause")
    return shown


def _check_mode(page, c, n, interval):
    """A repetition mode shows another frame after the end than the modes it replaces."""
    if n < 8:
        return f"cannot be judged on {n} frames"
    _player(page, c, "pause")
    others = page.evaluate("""(i) => {
      const e = window.__tp5.control(i);
      return [...e.form.querySelectorAll('input[type=radio]')].map((r) => r.value)
          .filter((v) => v !== e.value);
    }""", c.index)
    endings = {}
    for other in others:
        _player(page, c, "mode", other)
        endings[other] = _ending(page, c, interval)
    locator(page, c).click()  # back from the last mode tried to this one
    if page.evaluate("(i) => !window.__tp5.control(i).checked", c.index):
        return "does not check when clicked"
    ending = _ending(page, c, interval)
    same = [m for m, shown in endings.items() if shown == ending]
    return f"ends the animation as {' and '.join(same)} does" if same else None


# --- tplib's playground --------------------------------------------------------------------

_PLAYGROUND_JS = """([i, action, arg]) => {
  const api = window.__tp5.control(i).closest('.tplib-playground').tplibPlayground;
  if (action === 'pause') api.pause();
  if (action === 'reset') api.reset();
  if (action === 'steps') api.steps(arg);
  return true;
}"""

# The controls that take effect at the next epoch rather than at once.
_LIVE_SETTINGS = ("optimizer", "lr")


def _playground(page, c, action, arg=None):
    page.evaluate(_PLAYGROUND_JS, [c.index, action, arg])


def check_playground(page, c):
    page.wait_for_function(
        "(i) => window.__tp5.control(i).closest('.tplib-playground').tplibPlayground",
        arg=c.index, timeout=10000)
    _playground(page, c, "pause")
    try:
        if c.role == "train":
            _playground(page, c, "reset")
            before = state(page, c)
            locator(page, c).click()
            if not changed(page, c, before, 5000):
                return "does not start training"
            locator(page, c).click()  # now "Pause"
            paused = state(page, c)
            _wait(page, 300)
            return None if state(page, c) == paused else "pressed again, does not pause"
        if c.role == "reset":
            _playground(page, c, "reset")
            _playground(page, c, "steps", 30)
            before = state(page, c)
            locator(page, c).click()
            return None if changed(page, c, before) else "does not undo a run"
        if c.role in _LIVE_SETTINGS:
            _playground(page, c, "reset")
            _playground(page, c, "steps", 25)
            before = state(page, c)
            move(page, c)
            _playground(page, c, "reset")
            _playground(page, c, "steps", 25)
            return None if state(page, c) != before else "25 epochs end where they did before"
        return check_generic(page, c)
    finally:
        _playground(page, c, "pause")
