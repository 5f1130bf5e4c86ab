"""Benchmark: the wall-clock time of regenerating every README table and figure
(`python regenerate.py`, what `make` runs), best and median of several runs.

Run: python bench/regenerate.py [--runs N] [--readme]. With --readme it writes
the measurement into README.md (section `regenerate-speed`); CI does not check
that section, since timings vary from machine to machine.
"""
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cli  # noqa: E402
import readme  # noqa: E402


def measure(runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "regenerate.py"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main(argv=None):
    parser = cli.Parser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="how many runs (default: 3)")
    parser.add_argument("--readme", action="store_true", help="write the result into README.md")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("argument --runs: must be at least 1")
    times = measure(args.runs)
    line = (f"case=regenerate runs={len(times)} best_s={min(times):.2f} "
            f"median_s={statistics.median(times):.2f}")
    print(line)
    if args.readme:
        machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
        section = (f"`python bench/regenerate.py --runs {len(times)}` on this project's "
                   f"development machine ({machine}, Python {platform.python_version()}): "
                   f"regenerating every README table and all five figures takes "
                   f"{min(times):.1f} s at best, {statistics.median(times):.1f} s median, "
                   f"in one process.\n\n```\n{line}\n```\n")
        readme.update({"regenerate-speed": section}, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
