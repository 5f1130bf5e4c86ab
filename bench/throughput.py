"""Benchmark: network-updates per second, side by side in one run: the
one-network training loop (ann_numpy.train) and the batched engine
(backprop/batched.py) at 1, 100, 10,000 and 100,000 networks, sequential scheme.

Run: python bench/throughput.py [--readme]. Prints one line per case,
`case=<name> networks=<N> updates_per_s=<number>`, then a summary; with
--readme writes them into README.md (section `throughput`, not checked by CI,
since timings vary from machine to machine).
"""
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import ann_numpy  # noqa: E402
from backprop import batched, cli, readme  # noqa: E402

MIN_SECONDS = 1.0  # each case runs at least this long


def loop_rate():
    updates, start = 2_000, time.perf_counter()
    ann_numpy.train(updates)
    return updates / (time.perf_counter() - start)


def batched_rate(networks):
    rng = np.random.default_rng(0)
    w, lr = tuple(rng.uniform(-1, 1, size=(8, networks))), np.full(networks, 0.5)
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < MIN_SECONDS:
        w, _ = batched.step(w, lr, True)
        steps += 1
    return networks * steps / (time.perf_counter() - start)


def main(argv=None):
    parser = cli.Parser(description=__doc__)
    parser.add_argument("--readme", action="store_true", help="write the result into README.md")
    args = parser.parse_args(argv)
    rates = [("loop", 1, loop_rate())]
    rates += [("batched", n, batched_rate(n)) for n in (1, 100, 10_000, 100_000)]
    lines = [f"case={case} networks={n} updates_per_s={rate:.0f}" for case, n, rate in rates]
    loop = rates[0][2]
    best = max(rates[1:], key=lambda r: r[2])
    summary = (f"The batched engine at {best[1]:,} networks does {best[2] / 1e6:.1f} million "
               f"network-updates per second, {best[2] / loop:,.0f} times the one-network loop "
               f"({loop / 1e3:.1f} thousand per second).")
    print("\n".join(lines) + "\n\n" + summary)
    if args.readme:
        machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
        readme.update({"throughput": f"`python bench/throughput.py` on this project's "
                       f"development machine ({machine}, NumPy {np.__version__}):\n\n```\n"
                       + "\n".join(lines) + f"\n```\n\n{summary}\n"}, check=False)
    return 0


if __name__ == "__main__":
    cli.run(main)
