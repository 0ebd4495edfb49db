"""Cost of one objective evaluation per optimizer, with exact and finite-difference gradients.

Prints one table: per method and gradient, seconds per evaluation, evaluations per second and
the best squared error per glyph reached, on the 35-25-2-25-35 autoencoder and Font 2 (seed 0).
Usage: python benchmarks/bench_optimizers.py [max_evals]   (default 2,000; the original: 15,000)
BFGS with the exact gradient gets 10 evaluations only: each costs a dense n x n update.
"""

import os
import sys
import time

import tplib
from tplib.studies import optimizer_comparison as comparison

METHODS = ["L-BFGS-B", "BFGS", "CG", "TNC", "Powell", "Nelder-Mead", "Momentum", "Adam"]
GRADIENT_FREE = {"Powell", "Nelder-Mead"}
GRADIENT_DESCENT = {"Momentum", "Adam"}


def main(max_evals=2_000):
    X, _ = tplib.datasets.load_font(2)
    n_glyphs = len(X)
    print(f"35-25-2-25-35 on Font 2, seed 0, up to {max_evals:,} evaluations per run, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    print(f"{'method':12s} {'gradient':9s} {'evals':>7s} {'s/eval':>10s} {'evals/s':>9s} "
          f"{'best/glyph':>10s} {'wall s':>7s}")
    for method in METHODS:
        for gradient in ("exact", "finite"):
            if gradient == "finite" and method in GRADIENT_FREE | GRADIENT_DESCENT:
                continue  # no gradient to estimate (gradient-free) or always exact (backprop)
            budget = 10 if (method == "BFGS" and gradient == "exact") else max_evals
            if method == "Nelder-Mead":
                budget = min(budget, 2_100)  # its simplex bookkeeping is O(n^2) per step
            start = time.perf_counter()
            r = comparison.compare_methods(X, [method], [0], budget, gradient=gradient)
            wall = time.perf_counter() - start
            n = int(r["evaluations"][0, 0])
            seconds = r["seconds"][0, 0]
            label = "none" if method in GRADIENT_FREE else gradient
            print(f"{method:12s} {label:9s} {n:7,d} {seconds / n:10.2e} {n / seconds:9,.0f} "
                  f"{r['best_loss'][0, 0] / n_glyphs:10.2f} {wall:7.1f}", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2_000)
