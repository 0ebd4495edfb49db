"""An SVG plot of loss curves against evaluations, log-scale values, drawn by numpy.

Used by ``optimizer_runs``: the axes, the ticks and each curve as a polyline whose points are
computed here, so the page only has to show, hide and recolour them; and the check of the
losses such a plot can draw.
"""

from __future__ import annotations

import html

import numpy as np

__all__ = ["CURVE_TOLERANCE", "LogPlot", "check_losses"]

CURVE_TOLERANCE = 0.25  # how far (SVG units, vertically) a polyline may pass from a point


def check_losses(losses, n_methods):
    """(n_methods, n_evals) float64; NaN only as trailing padding, every loss positive."""
    raw = np.asarray(losses) if not isinstance(losses, (str, bytes, dict)) else None
    if raw is None or raw.dtype == object or np.iscomplexobj(raw) or not (
            np.issubdtype(raw.dtype, np.number)):
        raise TypeError(f"losses must be a real array (n_methods, n_evals), got "
                        f"{type(losses).__name__}")
    losses = raw.astype(np.float64)
    if losses.ndim != 2 or losses.shape != (n_methods, losses.shape[1]) or not losses.shape[1]:
        raise ValueError(f"losses must be (n_methods, n_evals) with one row per method "
                         f"({n_methods}), got shape {losses.shape}")
    finite = np.isfinite(losses)
    if np.any(np.isinf(losses)) or np.any(finite[:, 1:] & ~finite[:, :-1]) or not finite[:, 0].all():
        raise ValueError("losses must be finite, NaN allowed only as padding after a run's end")
    if np.any(losses[finite] <= 0):
        raise ValueError("losses must be positive to be drawn on a log scale, got a minimum of "
                         f"{losses[finite].min():g}")
    return losses


def _simplify(x, y, tolerance):
    """Which points of a polyline to keep so that no dropped point is more than ``tolerance``
    above or below the line through the kept ones (Douglas-Peucker, vertical distance)."""
    keep = np.zeros(len(x), dtype=bool)
    keep[[0, -1]] = True
    spans = [(0, len(x) - 1)]
    while spans:
        a, b = spans.pop()
        if b - a < 2:
            continue
        chord = y[a] + (x[a + 1:b] - x[a]) / (x[b] - x[a]) * (y[b] - y[a])
        j = int(np.argmax(np.abs(y[a + 1:b] - chord)))
        if abs(y[a + 1 + j] - chord[j]) > tolerance:
            keep[a + 1 + j] = True
            spans += [(a, a + 1 + j), (a + 1 + j, b)]
    return keep


class LogPlot:
    """Evaluations 1..n_evals across, values from ``low`` to ``high`` (> 0) up, log scale.

    The plot area is ``width`` x ``height`` SVG units at (left, top); the axes' labels take
    ``left`` units on the left, ``top`` above and 32 below.
    """

    def __init__(self, n_evals, low, high, left=40, top=20, width=300, height=180):
        lo, hi = np.log10(low), np.log10(high)
        pad = max(0.04 * (hi - lo), 0.02)
        self.log_range = (float(lo - pad), float(hi + pad))
        self.n_evals, self.box = n_evals, (left, top, width, height)

    def to_plot(self, evaluation, value):
        """SVG coordinates (x, y) of (evaluation, value); arrays broadcast."""
        left, top, width, height = self.box
        lo, hi = self.log_range
        x = left + (np.asarray(evaluation) - 1) / max(self.n_evals - 1, 1) * width
        return x, top + (hi - np.log10(value)) / (hi - lo) * height

    def points(self, values):
        """A polyline's points attribute for values (n,) at evaluations 1..n, within
        ``CURVE_TOLERANCE`` of every point (plus rounding to 0.1)."""
        x, y = self.to_plot(np.arange(1, len(values) + 1), values)
        keep = _simplify(x, y, CURVE_TOLERANCE)
        return " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x[keep], y[keep]))

    def ticks(self):
        """Values to label: the finest of 1..9, 1-2-5 or powers of ten that gives at most 8
        inside the range; the range's two ends if none gives two."""
        lo, hi = self.log_range
        for steps in (range(1, 10), (1, 2, 5), (1,)):
            ticks = [m * 10.0 ** d for d in range(int(np.floor(lo)), int(np.ceil(hi)) + 1)
                     for m in steps if lo <= np.log10(m * 10.0 ** d) <= hi]
            if len(ticks) <= 8:
                break
        return ticks if len(ticks) >= 2 else [10.0 ** lo, 10.0 ** hi]

    def frame(self, title, marks, css_class):
        """The opening <svg> with the title, the frame, the value ticks and the evaluations
        ``marks`` labelled below (each kept if 24 units from the last); close it with </svg>."""
        left, top, width, height = self.box
        bottom, right = top + height, left + width
        name = html.escape(title)
        parts = [f'<svg class="{css_class}" viewBox="0 0 {right + 20} {bottom + 32}" '
                 f'width="{right + 20}" height="{bottom + 32}" role="img" aria-label="{name}, '
                 f'against evaluations"><text x="{left}" y="12" font-size="11">{name}</text>'
                 f'<rect x="{left}" y="{top}" width="{width}" height="{height}" '
                 'fill="#fafafa" stroke="#999"/>']
        for tick in self.ticks():
            y = self.to_plot(1, tick)[1]
            parts.append(f'<line x1="{left - 4}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" '
                         f'stroke="#e4e4e4"/><text x="{left - 6}" y="{y + 3:.1f}" '
                         f'font-size="10" text-anchor="end">{tick:.3g}</text>')
        last = -np.inf
        for evaluation in sorted(marks):
            x = self.to_plot(evaluation, 1.0)[0]
            if x - last > 24:
                parts.append(f'<text x="{x:.1f}" y="{bottom + 13}" font-size="10" '
                             f'text-anchor="middle">{evaluation:,}</text>')
                last = x
        parts.append(f'<text x="{left + width / 2}" y="{bottom + 28}" font-size="11" '
                     'text-anchor="middle">evaluations</text>')
        return "".join(parts)
