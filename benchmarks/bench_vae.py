"""Speed and quality of the chapter-5 VAEs on Fashion-MNIST: one table.

For each architecture: seconds per epoch (wall time, the first epoch, which includes JAX
compilation, reported apart), total training time, and the test-set negative ELBO in nats per
image (one sample of z per image, as in training). The original reported a training loss of
261.9 after 50 epochs.

    .venv/bin/python benchmarks/bench_vae.py              # the chapter's settings
    .venv/bin/python benchmarks/bench_vae.py --epochs 50  # the original's length, both models
"""
import argparse
import os
import time

import numpy as np

import tplib  # noqa: F401  (selects the JAX backend)
from tplib import vae as V
from tplib.datasets import load_fashion_mnist

# (architecture, epochs, learning rate, schedule) as chapter 5 trains them
RUNS = [("original", 5, 1e-3, "constant"), ("deep", 15, 3e-3, "cosine")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=None,
                        help="train every model this many epochs instead of the chapter's")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    (x_train, _), (x_test, _) = load_fashion_mnist()
    X_train = x_train.reshape(len(x_train), -1).astype(np.float32) / 255
    X_test = x_test.reshape(len(x_test), -1).astype(np.float32) / 255
    load = os.getloadavg()[0]
    rows = []
    for name, epochs, lr, schedule in RUNS:
        epochs = args.epochs or epochs
        vae = V.build_vae(784, 2, name, seed=args.seed)
        t0, cpu0 = time.perf_counter(), time.process_time()
        history = V.train_vae(vae, X_train, epochs=epochs, batch_size=100, lr=lr,
                              schedule=schedule, seed=args.seed, progress=False)
        total, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        elbo = V.evaluate_elbo(vae, X_test, seed=args.seed)
        # history["seconds"] is cumulative: epoch 1 (with compilation) ends at seconds[0]
        seconds = history["seconds"]
        later = np.diff(seconds) if epochs > 1 else seconds
        widths = "-".join(map(str, [784] + V.ARCHITECTURES[name]["hidden"] + [2]))
        rows.append((name, widths, vae.count_params(), epochs, f"{lr:g} {schedule}",
                     seconds[0], later.mean(), total, cpu, history["loss"][-1],
                     elbo["nelbo"]))

    print(f"VAE on Fashion-MNIST, batch 100, seed {args.seed}, {os.cpu_count()} CPUs, "
          f"load average {load:.1f} at start")
    header = ("model", "encoder", "weights", "epochs", "lr", "epoch 1 s", "s/epoch", "train s",
              "CPU s", "train loss", "test -ELBO")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, widths, n, epochs, lr, first, per, total, cpu, loss, nelbo in rows:
        print(f"| {name} | {widths} | {n:,} | {epochs} | {lr} | {first:.1f} | {per:.2f} | "
              f"{total:.1f} | {cpu:.1f} | {loss:.1f} | {nelbo:.1f} |")
    print("| original, as reported | 784-256-2 | | 50 | 0.001 | | | | | 261.9 | |")


if __name__ == "__main__":
    main()
