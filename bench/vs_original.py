"""Benchmark: our training scripts against the original ones (the public
animesh/ANN `numpy/` folder, whose path is given), CPU seconds of whole runs,
in interleaved pairs so that both see the same load; and the peak memory of
our longest run. Not run by CI.

Run: python bench/vs_original.py --original DIR [--pairs N] [--readme]. Prints
`case=<name> ours_s=<x> original_s=<y> ratio=<r>` (medians) and
`case=peak_memory ... ours_mib=<m>`; with --readme writes them into README.md
(section `vs-original`, not checked by CI, since timings vary from machine to
machine), and otherwise nothing.
"""
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from backprop import cli, readme  # noqa: E402

CASES = [("ann_numpy.py", 10_000), ("ann_numpy_original.py", 10_000),
         ("ann_numpy.py", 100_000), ("ann_numpy_original.py", 100_000)]
LONGEST = ("ann_numpy.py", 1_000_000)


def usage(script, iterations, cwd, *options):
    """(CPU seconds, peak resident MiB) of one run of `script` with `iterations`
    and `options`."""
    command = [sys.executable, str(script), str(iterations), *options]
    # os.environ has OPENBLAS_NUM_THREADS (importing backprop sets it to 1 if
    # unset): both scripts run with it, so the loops are compared, not the
    # CPU time of OpenBLAS's idle threads, which only the original would pay.
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               env={**os.environ, "MPLBACKEND": "Agg"})
    _, status, rusage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command[1:])} failed with status {process.returncode}")
    return rusage.ru_utime + rusage.ru_stime, rusage.ru_maxrss / 1024


def main(argv=None):
    parser = cli.Parser(description=__doc__, formatter_class=cli.RAW)
    parser.add_argument("--original", type=Path, required=True, metavar="DIR",
                        help="the folder holding the original scripts")
    parser.add_argument("--pairs", type=cli.count(1, 100), default=5,
                        help="interleaved pairs per case (default: 5)")
    parser.add_argument("--readme", action="store_true",
                        help="write the result into README.md (without it nothing is written)")
    args = parser.parse_args(argv)
    if not (args.original / "ann_numpy.py").is_file():
        parser.error(f"{args.original} has no ann_numpy.py")
    lines = []
    with tempfile.TemporaryDirectory() as scratch:  # the original's scripts may write files
        for script, iterations in CASES:
            ours, theirs = [], []
            for _ in range(args.pairs):
                ours.append(usage(ROOT / script, iterations, scratch)[0])
                theirs.append(usage(args.original.resolve() / script, iterations, scratch)[0])
            o, t = statistics.median(ours), statistics.median(theirs)
            lines.append(f"case={script}:{iterations} ours_s={o:.2f} original_s={t:.2f} "
                         f"ratio={o / t:.2f}")
            print(lines[-1], flush=True)
        script, iterations = LONGEST
        lines.append(f"case=peak_memory:{script}:{iterations} "
                     f"ours_mib={usage(ROOT / script, iterations, scratch)[1]:.0f}")
        print(lines[-1])
    if args.readme:
        machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores"
        readme.update({"vs-original": (
            f"`python bench/vs_original.py --original DIR --pairs {args.pairs}` on "
            f"{datetime.date.today():%Y-%m-%d}, on this project's development machine "
            f"({machine}, Python {platform.python_version()}, NumPy {np.__version__}), DIR "
            f"holding the original scripts (the `numpy/` folder of animesh/ANN), both with "
            f"OPENBLAS_NUM_THREADS={os.environ['OPENBLAS_NUM_THREADS']}. CPU seconds of whole "
            f"runs, medians of {args.pairs} interleaved pairs; a ratio below 1 means this "
            f"project's script is faster:\n\n```\n" + "\n".join(lines) + "\n```\n")},
            check=False)
    return 0


if __name__ == "__main__":
    cli.run(main)
