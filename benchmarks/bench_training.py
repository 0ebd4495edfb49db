"""Training speed of tplib on 35-25-2-25-35 x 32 glyphs, next to a bare numpy loop and Keras.

Prints one table. Run: .venv/bin/python benchmarks/bench_training.py [--repeats N]
Each figure is the best of N repeats (the least disturbed by other processes).
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

import tplib
from tplib.datasets import load_font

ARCH = [35, 25, 2, 25, 35]
EPOCHS = 1500


def bare_numpy_momentum(X, epochs=EPOCHS, lr=0.005, alpha=0.8, seed=0):
    """The smallest honest loop: sigmoid layers, SSE, momentum; no classes, no history."""
    rng = np.random.default_rng(seed)
    Ws = [rng.uniform(-0.5, 0.5, (a, b)) for a, b in zip(ARCH[:-1], ARCH[1:])]
    bs = [np.zeros(b) for b in ARCH[1:]]
    vW = [np.zeros_like(W) for W in Ws]
    vb = [np.zeros_like(b) for b in bs]
    for _ in range(epochs):
        A = [X]
        for W, b in zip(Ws, bs):
            A.append(1.0 / (1.0 + np.exp(-(A[-1] @ W + b))))
        d = 2.0 * (A[-1] - X) * A[-1] * (1.0 - A[-1])
        for layer in range(len(Ws) - 1, -1, -1):
            gW, gb = A[layer].T @ d, d.sum(axis=0)
            if layer:
                d = (d @ Ws[layer].T) * A[layer] * (1.0 - A[layer])
            vW[layer] = alpha * vW[layer] - lr * gW
            vb[layer] = alpha * vb[layer] - lr * gb
            Ws[layer] += vW[layer]
            bs[layer] += vb[layer]


def best_time(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def keras_epoch_seconds(X, epochs=300):
    """Seconds per full-batch epoch of model.fit on the same network (JAX backend)."""
    import keras  # tplib was imported first, so the backend is JAX

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((35,))] + [
        keras.layers.Dense(n, activation="sigmoid") for n in ARCH[1:]])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.005, momentum=0.8),
                  loss=lambda y, p: keras.ops.sum(keras.ops.square(y - p), axis=-1))
    model.fit(X, X, batch_size=32, epochs=20, verbose=0)  # compile and warm up
    start = time.perf_counter()
    model.fit(X, X, batch_size=32, epochs=epochs, verbose=0)
    return (time.perf_counter() - start) / epochs, keras.backend.backend()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    X, _ = load_font(2)
    load = os.getloadavg()[0]

    t_bare, _ = best_time(lambda: bare_numpy_momentum(X), args.repeats)

    def tplib_momentum():
        model = tplib.Autoencoder(ARCH, seed=0)
        return model.fit(X, optimizer=tplib.Momentum(lr=0.005, alpha=0.8), epochs=EPOCHS)

    t_mom, hist = best_time(tplib_momentum, args.repeats)

    adam_times, adam_epochs = [], []
    for seed in range(5):
        model = tplib.Autoencoder(ARCH, loss="bce", latent_activation="linear", seed=seed)
        start = time.perf_counter()
        h = model.fit(X, optimizer=tplib.Adam(lr=0.01), epochs=20_000, target_pixel_errors=0)
        t = time.perf_counter() - start
        if not h["stopped_early"]:
            raise SystemExit(f"seed {seed}: Adam did not reach 0 wrong pixels in 20,000 epochs")
        adam_times.append(t)
        adam_epochs.append(len(h["loss"]))

    keras_epoch, backend = keras_epoch_seconds(X)
    tplib_epoch = t_mom / EPOCHS

    rows = [
        ("bare numpy loop, 1,500 momentum epochs", f"{t_bare:.3f} s", f"{EPOCHS / t_bare:,.0f}", ""),
        ("tplib Momentum(0.005, 0.8), 1,500 epochs", f"{t_mom:.3f} s", f"{EPOCHS / t_mom:,.0f}",
         "target < 0.2 s"),
        ("tplib Adam(0.01) BCE to 0 wrong pixels, worst of 5 seeds", f"{max(adam_times):.3f} s",
         f"{sum(adam_epochs) / sum(adam_times):,.0f}",
         f"target < 1 s; {min(adam_epochs)}-{max(adam_epochs)} epochs"),
        (f"Keras {backend} model.fit, same network, per epoch", f"{keras_epoch * 1e3:.2f} ms",
         f"{1 / keras_epoch:,.0f}", ""),
        ("tplib speed-up over Keras per epoch", f"{keras_epoch / tplib_epoch:.1f} x", "",
         "target >= 5 x"),
    ]
    print(f"# training speed, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load average {load:.1f} at start, numpy {np.__version__}, "
          f"best of {args.repeats}")
    print(f"{'what':58s} {'time':>10s} {'epochs/s':>10s}  note")
    for what, t, rate, note in rows:
        print(f"{what:58s} {t:>10s} {rate:>10s}  {note}")
    print(f"(momentum run ends at loss {hist['loss'][-1]:.2f}, "
          f"max {hist['max_pixel_errors'][-1]} wrong pixels per glyph)")


if __name__ == "__main__":
    main()
