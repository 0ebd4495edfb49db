"""Load time and weight of every page of the built site, opened from disk in headless Chromium.

Prints one table. Run after `make book`: .venv/bin/python benchmarks/bench_site.py [--repeats N]
(set TP5_SITE to measure another build). Times are medians over N loads, network blocked,
in the page's own clock from navigation start: "load" is the load event; "ready" is the later
of the load event and the first screen being complete (math rendered, explorers drawn; the
playground's code runs only when it comes near the screen, so it is not part of it); "cpu" is
the main thread's busy time by then (the figure least disturbed by other processes on the
machine). "ready KiB" is the page plus every file it had loaded when ready, as bytes on disk;
"all KiB" is everything the page loaded. The target is under half a second to ready.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from site_browser import chromium, median_load, missing_browser, site_dir, site_pages  # noqa: E402

TARGET_MS = 500


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="loads per page (default 5)")
    args = parser.parse_args()
    site = site_dir()
    # Skipped, not failed, so `make bench` runs the other benchmarks on any machine.
    if reason := missing_browser():
        print(f"bench_site: skipped, {reason}")
        return
    if not site.is_dir():
        print(f"bench_site: skipped, no built site at {site} (run `make book` first)")
        return
    rows = []
    with chromium() as context:
        open_and_close = context.new_page()  # warm the browser up once, outside the timings
        open_and_close.goto((site / site_pages(site)[0]).as_uri())
        open_and_close.close()
        for page in site_pages(site):
            result, times = median_load(context, site / page, repeats=args.repeats)
            rows.append((page.as_posix(), times["load_ms"], times["ready_ms"], times["task_ms"],
                         result.ready_weight / 1024, result.weight / 1024,
                         len(result.local_files), len(result.problems())))
    header = ("page", "load ms", "ready ms", "cpu ms", "ready KiB", "all KiB", "files",
              "problems")
    widths = [max(len(header[0]), *(len(r[0]) for r in rows))] + [len(h) for h in header[1:]]
    line = "  ".join(f"{{:<{widths[0]}}}" if i == 0 else f"{{:>{w}}}"
                     for i, w in enumerate(widths))
    print(f"Site {site} - medians of {args.repeats} loads from disk, Chromium headless, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    print(line.format(*header))
    for name, load, ready, task, ready_kib, all_kib, files, problems in rows:
        print(line.format(name, f"{load:.0f}", f"{ready:.0f}", f"{task:.0f}",
                          f"{ready_kib:,.0f}", f"{all_kib:,.0f}", files, problems))
    slow = [r[0] for r in rows if r[2] > TARGET_MS]
    print(f"{len(rows) - len(slow)} of {len(rows)} pages ready within {TARGET_MS} ms"
          + (f"; slower: {', '.join(slow)}" if slow else ""))


if __name__ == "__main__":
    main()
